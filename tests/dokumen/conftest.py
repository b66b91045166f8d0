"""Helpers for the official-form tests: the text of a PDF, and page 1 as a PNG to look at."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.dokumen.evaluasi_world import ew  # noqa: F401
from tests.kinerja_world import kinerja  # noqa: F401
from tests.perencanaan.conftest import plan  # noqa: F401

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dokumen"


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF with whitespace collapsed, so that wrapped cells still match."""
    return re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))


def save_png(pdf: bytes, name: str) -> Path | None:
    """Page 1 as `test-artifacts/dokumen/<name>.png` (pdftoppm), for a person to look at."""
    if shutil.which("pdftoppm") is None:
        return None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(ARTIFACTS / name)],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


@pytest.fixture
def artifacts() -> Path:
    return ARTIFACTS
