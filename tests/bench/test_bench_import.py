"""`manage.py bench_import`: the generated import files are valid and the command measures them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.impor import PEGAWAI_HEADERS, synthetic_import_files
from organisasi.models import Instansi, Pegawai
from organisasi.rules import nip_errors

pytestmark = pytest.mark.django_db


def test_generated_files_are_deterministic_and_shaped_like_an_organisation() -> None:
    files = synthetic_import_files(2000, seed=5)
    assert files.pegawai == synthetic_import_files(2000, seed=5).pegawai
    assert files.pegawai != synthetic_import_files(2000, seed=6).pegawai
    rows = list(csv.DictReader(io.StringIO(files.pegawai.decode()), delimiter=";"))
    assert tuple(rows[0]) == PEGAWAI_HEADERS and len(rows) == 2000
    nips = [r["NIP_BARU"] for r in rows]
    assert len(set(nips)) == 2000 and not any(nip_errors(n) for n in nips)
    span: dict[str, int] = {}
    for row in rows:
        if row["NIP_ATASAN"]:
            span[row["NIP_ATASAN"]] = span.get(row["NIP_ATASAN"], 0) + 1
    assert sum(1 for r in rows if not r["NIP_ATASAN"]) == 1
    spans = sorted(span.values())
    assert spans[-1] <= 15 and all(n >= 5 for n in spans[1:])  # the last leader filled may get fewer
    assert {r["STATUS_PEGAWAI"] for r in rows} == {"PNS", "CPNS", "PPPK"}
    position = {n: i for i, n in enumerate(nips)}
    assert any(position[r["NIP_ATASAN"]] > i for i, r in enumerate(rows) if r["NIP_ATASAN"])  # atasan further down


def test_command_imports_three_files_and_the_pegawai_file_again(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("bench_import", "--pegawai", "300", "--write-files", str(tmp_path), stdout=out)
    text = out.getvalue()
    for phase in ("unit_kerja: apply", "jabatan: apply", "pegawai: validate (dry run)", "pegawai again: apply"):
        assert phase in text
    assert "pegawai: validate + apply" in text
    assert Pegawai.objects.filter(instansi=Instansi.objects.get(kode="IMPOR-300-1")).count() == 300
    assert (tmp_path / "pegawai.csv").read_bytes() == synthetic_import_files(300).pegawai
