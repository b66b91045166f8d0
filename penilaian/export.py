"""The rekap kinerja as a file for payroll and the personnel unit (SPEC §7): CSV and XLSX.

Both carry the same columns. Text that a spreadsheet would run as a formula (starting with
= + - @, or a tab/CR) gets a leading apostrophe; NIP stays text so that its 18 digits survive.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pelaksanaan.models import Periode

from .selectors_rekap import RekapRow

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs (CSV/formula injection)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


@dataclass(frozen=True)
class Kolom:
    judul: str
    lebar: int
    teks: bool = True  # False: a number


def rekap_columns() -> list[Kolom]:
    return [
        Kolom(_("No."), 6, teks=False),
        Kolom(_("NIP"), 21),
        Kolom(_("Nama"), 34),
        Kolom(_("Unit kerja"), 30),
        Kolom(_("Jabatan"), 32),
        Kolom(_("Jenjang JF"), 16),
        Kolom(_("Status SKP"), 16),
        Kolom(_("Rating hasil kerja"), 20),
        Kolom(_("Rating perilaku kerja"), 20),
        Kolom(_("Predikat kinerja"), 18),
        Kolom(_("Peringkat dalam unit"), 12, teks=False),
        Kolom(_("Angka kredit"), 12, teks=False),
        Kolom(_("Bulan angka kredit"), 10, teks=False),
        Kolom(_("Faktor TPP (%)"), 12, teks=False),
    ]


def rekap_values(row: RekapRow, nomor: int) -> list[Cell]:
    return [
        nomor,
        row.nip,
        row.nama,
        row.unit_nama,
        row.jabatan,
        row.jenjang,
        str(row.skp_status_label),
        str(row.rating_hasil_label),
        str(row.rating_perilaku_label),
        str(row.predikat_label),
        row.peringkat,
        row.angka_kredit,
        row.bulan_angka_kredit,
        row.faktor_tpp,
    ]


def rekap_filename(periode: Periode, ext: str) -> str:
    return f"rekap-kinerja-{periode.tahun}-{slugify(periode.nama) or periode.pk}.{ext}"


def rekap_csv(rows: Sequence[RekapRow]) -> bytes:
    """Comma-separated, UTF-8 with a BOM so that Excel reads the names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([k.judul for k in rekap_columns()])
    for nomor, row in enumerate(rows, start=1):
        writer.writerow(
            ["" if v is None else safe_text(v) if isinstance(v, str) else str(v) for v in rekap_values(row, nomor)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rekap_xlsx(rows: Sequence[RekapRow], *, judul: str) -> bytes:
    """One sheet: a bold header row, then one row per pegawai; numbers as numbers, NIP as text."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = re.sub(r"[\\/*?:\[\]']", " ", judul).strip()[:31] or "Rekap"
    columns = rekap_columns()
    bold = Font(bold=True)
    for index, kolom in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=kolom.judul)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = kolom.lebar
    sheet.freeze_panes = "A2"
    for offset, row in enumerate(rows, start=2):
        for index, (kolom, value) in enumerate(zip(columns, rekap_values(row, offset - 1), strict=True), start=1):
            if value is None:
                continue
            if kolom.teks:
                cell = sheet.cell(row=offset, column=index, value=safe_text(str(value)))
                cell.number_format = "@"
                cell.data_type = "s"
            else:
                sheet.cell(row=offset, column=index, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
