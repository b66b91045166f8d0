"""CSV/XLSX → rows: delimiters, encodings, row numbers, NIP cells, files that are not tables."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import override_settings

from organisasi.importer.reading import CSV, XLSX, ImportFileError, cell_text, read_table

from .test_import_support import PEGAWAI_HEADERS, csv_bytes, nip, pegawai_row, xlsx_bytes


def texts(table, name):
    return [cell_text(row.values.get(name)) for row in table.rows]


def test_csv_with_comma_and_loose_headers() -> None:
    data = b"nip baru,Nama,status_pegawai,Gol Ruang,kode-jabatan,KODE_UNOR,Kolom SIASN lain\r\n" + (
        f"{nip(1)},Ani,PNS,III/a,J-PEL,U-1,x\r\n".encode()
    )
    table = read_table(data, "pegawai")
    assert table.format == CSV
    assert texts(table, "nip") == [nip(1)]
    assert texts(table, "golongan") == ["III/a"]
    assert table.headers["nip"] == "nip baru"
    assert table.ignored_headers == ["Kolom SIASN lain"]
    assert [row.number for row in table.rows] == [2]


def test_csv_with_semicolon_quotes_and_blank_rows_keeps_spreadsheet_row_numbers() -> None:
    data = (
        b"KODE_UNOR;NAMA_UNOR;KODE_UNOR_INDUK\r\n"
        b'A;"Bidang Pengadaan; Pemberhentian";\r\n'
        b";;\r\n"
        b"\r\n"
        b'B;"Nama dengan ""kutip""";A\r\n'
    )
    table = read_table(data, "unit_kerja")
    assert [row.number for row in table.rows] == [2, 5]
    assert texts(table, "nama") == ["Bidang Pengadaan; Pemberhentian", 'Nama dengan "kutip"']
    assert texts(table, "kode_induk") == ["", "A"]


def test_siasn_alias_nip_is_accepted() -> None:
    headers = ["NIP", *PEGAWAI_HEADERS[1:]]
    table = read_table(csv_bytes(headers, [pegawai_row(nip(3))]), "pegawai")
    assert texts(table, "nip") == [nip(3)]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    data = csv_bytes(["KODE_UNOR", "NAMA_UNOR"], [["A", "Bagian Umum – Tata Usaha"]], bom=True)
    table = read_table(data, "unit_kerja")
    assert table.headers["kode"] == "KODE_UNOR"
    assert texts(table, "nama") == ["Bagian Umum – Tata Usaha"]


def test_cp1252_fallback() -> None:
    data = csv_bytes(["KODE_UNOR", "NAMA_UNOR"], [["A", "Seksi Pelayanan José"]], encoding="cp1252")
    assert texts(read_table(data, "unit_kerja"), "nama") == ["Seksi Pelayanan José"]


def test_xlsx_with_text_and_integer_nip() -> None:
    placeholder = 900001
    rows = [pegawai_row(nip(1)), pegawai_row(placeholder)]
    data = xlsx_bytes(PEGAWAI_HEADERS, rows, raw_numbers={placeholder: nip(2)})
    table = read_table(data, "pegawai")
    assert table.format == XLSX
    assert texts(table, "nip") == [nip(1), nip(2)]
    assert isinstance(table.rows[1].values["nip"], int)
    assert [row.number for row in table.rows] == [2, 3]


def test_xlsx_numbers_dates_and_booleans_read_as_text() -> None:
    import datetime as dt

    data = xlsx_bytes(["KODE_UNOR", "NAMA_UNOR"], [[101, dt.datetime(2024, 1, 2)], [102.0, True]])
    table = read_table(data, "unit_kerja")
    assert texts(table, "kode") == ["101", "102"]
    assert texts(table, "nama") == ["2024-01-02", "Ya"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong"),
        (b"\xef\xbb\xbf  \r\n", "Berkas kosong"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "bukan CSV atau XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan CSV atau XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04garbage", "rusak"),
        (b"KODE_UNOR\x00NAMA", "bukan CSV atau XLSX"),
    ],
)
def test_files_that_are_not_tables_are_refused_in_indonesian(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_table(data, "unit_kerja")


def zip_with(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook_and_ods_are_refused() -> None:
    with pytest.raises(ImportFileError, match="bukan CSV atau XLSX"):
        read_table(zip_with({"word/document.xml": b"<x/>"}), "unit_kerja")
    with pytest.raises(ImportFileError, match=r"\.ods"):
        read_table(zip_with({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "unit_kerja")


def test_a_broken_workbook_is_refused() -> None:
    with pytest.raises(ImportFileError, match="XLSX"):
        read_table(zip_with({"xl/workbook.xml": b"not xml"}), "unit_kerja")


def test_extension_does_not_matter_content_does() -> None:
    """A CSV called .xlsx is read as CSV, and vice versa: the name is never consulted."""
    data = xlsx_bytes(["KODE_UNOR", "NAMA_UNOR"], [["A", "Umum"]])
    assert read_table(data, "unit_kerja").format == XLSX


@override_settings(IMPORT_MAX_UPLOAD_BYTES=100)
def test_too_large_file_is_refused() -> None:
    data = csv_bytes(["KODE_UNOR", "NAMA_UNOR"], [["A", "x" * 200]])
    with pytest.raises(ImportFileError, match="terlalu besar"):
        read_table(data, "unit_kerja")


def test_missing_required_columns_are_named_in_one_message() -> None:
    data = csv_bytes(["NIP_BARU", "NAMA", "STATUS_PEGAWAI"], [[nip(1), "Ani", "PNS"]])
    with pytest.raises(ImportFileError) as caught:
        read_table(data, "pegawai")
    assert "Kolom wajib tidak ditemukan: GOL_RUANG, KODE_JABATAN, KODE_UNOR." in caught.value.message


def test_header_only_file_is_refused() -> None:
    with pytest.raises(ImportFileError, match="tidak berisi baris data"):
        read_table(b"KODE_UNOR,NAMA_UNOR\r\n,\r\n", "unit_kerja")


def test_two_columns_meaning_the_same_are_refused() -> None:
    data = csv_bytes(["NIP", "NIP_BARU", *PEGAWAI_HEADERS[1:]], [[nip(1), *pegawai_row(nip(1))]])
    with pytest.raises(ImportFileError, match="sama-sama berarti NIP_BARU"):
        read_table(data, "pegawai")


def test_unbalanced_quote_does_not_crash() -> None:
    data = b'KODE_UNOR,NAMA_UNOR\r\nA,"Umum\r\nB,Keuangan\r\n'
    table = read_table(data, "unit_kerja")  # csv treats the rest as one quoted field
    assert len(table.rows) == 1
