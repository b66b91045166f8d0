"""One way to turn an official form's template into a PDF (WeasyPrint) and hand it out.

Every form extends `dokumen/base.html` (A4, DejaVu Sans, page numbers, table headers repeated on
every page). Forms are rendered in Indonesian whatever the user's interface language: they are the
regulation's documents.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

BULAN = (
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads pango when imported, and a machine without it should still
    # serve every page that is not a PDF.
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url="/").write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def tanggal_panjang(value: date) -> str:
    """ "1 JANUARI 2026", as the forms' period lines print dates."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def tanggal_cetak(value: date) -> str:
    """ "3 Januari 2026", as the signature blocks of seed 004 and the forms' notes print a date."""
    return f"{value.day} {BULAN[value.month - 1].title()} {value.year}"


def periode_penilaian(mulai: date, selesai: date) -> str:
    """The forms' line "PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER 2026"."""
    return f"{tanggal_panjang(mulai)} SD {tanggal_panjang(selesai)}"


def safe_filename(*parts: object) -> str:
    """`SKP_198611232010012005_2026-01-01_2026-12-31.pdf` style names: letters, digits, - and _ only."""
    cleaned = [re.sub(r"[^A-Za-z0-9-]+", "-", str(p)).strip("-") for p in parts if str(p)]
    return "_".join(c for c in cleaned if c)
