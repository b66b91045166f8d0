"""The rekap as CSV and XLSX, read back: columns, types, widths, and the formula-injection guard."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from penilaian.export import rekap_columns, rekap_csv, rekap_filename, rekap_xlsx, safe_text
from penilaian.models import FaktorTpp
from penilaian.selectors_rekap import RekapRow, rekap_rows
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory

from .rekap_world import annual, give, periodic, set_skp

HEADER = [
    "No.",
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Jenjang JF",
    "Status SKP",
    "Rating hasil kerja",
    "Rating perilaku kerja",
    "Predikat kinerja",
    "Peringkat dalam unit",
    "Angka kredit",
    "Bulan angka kredit",
    "Faktor TPP (%)",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("Siti = Rahma", "Siti = Rahma"),
        ("", ""),
    ],
)
def test_safe_text(value: str, expected: str) -> None:
    assert safe_text(value) == expected


@pytest.fixture
def rows(db: None) -> list[RekapRow]:
    unit = UnitKerjaFactory(nama="Bidang Mutasi")
    instansi = unit.instansi
    tahunan = annual(instansi)
    FaktorTpp.objects.create(instansi=instansi, predikat="sangat_baik", persen=Decimal("120.5"))
    jf = PegawaiFactory(
        instansi=instansi,
        unit_kerja=unit,
        nama="Ani",
        gelar_depan="",
        gelar_belakang="",
        jabatan=JabatanFactory(instansi=instansi, fungsional=True, nama="Pranata Komputer Ahli Muda"),
    )
    give(set_skp(jf), tahunan, "sangat_baik")
    PegawaiFactory(
        instansi=instansi,
        unit_kerja=unit,
        nama='=HYPERLINK("http://evil","klik")',
        gelar_depan="",
        gelar_belakang="",
        jabatan=JabatanFactory(instansi=instansi, nama="@Analis"),
    )
    return rekap_rows(unit_ids=[unit.pk], periode=tahunan)


def test_csv_has_a_bom_a_header_and_one_line_per_pegawai(rows: list[RekapRow]) -> None:
    content = rekap_csv(rows)
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == HEADER
    assert len(table) == 3
    ani = table[1]
    assert ani[:3] == ["1", rows[0].nip, "Ani"]
    assert ani[3:] == [
        "Bidang Mutasi",
        "Pranata Komputer Ahli Muda",
        "Ahli Muda",
        "Ditetapkan",
        "Di atas ekspektasi",
        "Di atas ekspektasi",
        "Sangat Baik",
        "1",
        "37.500",
        "12",
        "120.50",
    ]
    evil = table[2]
    assert evil[2] == '\'=HYPERLINK("http://evil","klik")'
    assert evil[4] == "'@Analis"
    assert evil[6:14] == ["Belum disusun", "", "", "Belum dinilai", "", "", "", ""]


def test_xlsx_header_types_widths_and_injection_guard(rows: list[RekapRow]) -> None:
    book = load_workbook(io.BytesIO(rekap_xlsx(rows, judul="Tahunan 2026")))
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "Tahunan 2026"
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    widths = {k.judul: k.lebar for k in rekap_columns()}
    assert sheet.column_dimensions["B"].width == widths["NIP"]
    assert sheet.column_dimensions["C"].width == widths["Nama"]
    assert sheet.freeze_panes == "A2"
    ani = list(sheet[2])
    assert ani[0].value == 1 and ani[0].data_type == "n"
    assert ani[1].value == rows[0].nip and ani[1].data_type == "s" and ani[1].number_format == "@"
    assert ani[9].value == "Sangat Baik"
    assert ani[10].value == 1 and ani[10].data_type == "n"
    assert ani[11].value == pytest.approx(37.5) and ani[11].data_type == "n"
    assert ani[12].value == 12
    assert ani[13].value == pytest.approx(120.5)
    evil = [c.value for c in sheet[3]]
    assert evil[2] == '\'=HYPERLINK("http://evil","klik")'
    assert sheet.cell(row=3, column=3).data_type == "s"  # text, never a formula
    assert evil[4] == "'@Analis"
    assert evil[10] is None and evil[11] is None and evil[13] is None
    assert sheet.max_row == 3


def test_sheet_title_drops_characters_excel_refuses(db: None) -> None:
    book = load_workbook(io.BytesIO(rekap_xlsx([], judul="Triwulan I/II [2026]: *?")))
    sheet = book.active
    assert sheet is not None
    assert not set(sheet.title) & set("/\\[]:*?")
    assert [c.value for c in sheet[1]] == HEADER


@pytest.mark.django_db
def test_filename_names_the_year_and_the_period() -> None:
    unit = UnitKerjaFactory()
    assert rekap_filename(annual(unit.instansi), "xlsx") == "rekap-kinerja-2026-tahunan.xlsx"
    assert rekap_filename(periodic(unit.instansi, 2), "csv") == "rekap-kinerja-2026-triwulan-ii.csv"
