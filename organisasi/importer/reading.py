"""CSV/XLSX bytes → rows keyed by column, with the row numbers a spreadsheet shows.

The format is decided by the content, never by the file name: an XLSX is a ZIP holding
`xl/workbook.xml`; anything else must decode as text (UTF-8 with or without BOM, else cp1252)
and is read as CSV with the delimiter (`,`, `;` or tab) that the header line uses.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .columns import COLUMNS, Column, column_by_field, header_key

logger = logging.getLogger(__name__)

CSV = "csv"
XLSX = "xlsx"
CellValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97–2003), .doc …
_BINARY_MAGICS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1, the first data row is 2
    values: dict[str, CellValue]  # column field → raw cell value


@dataclass
class Table:
    jenis: str
    format: str
    headers: dict[str, str]  # column field → the header as written in the file
    ignored_headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def header(self, column: Column) -> str:
        return self.headers.get(column.field, column.header)

    def header_for(self, field_name: str) -> str:
        """The header the user wrote for a column, or its canonical name when it is absent."""
        return self.header(column_by_field(self.jenis, field_name))


def check_size(size: int) -> None:
    if size <= 0:
        raise ImportFileError(_("Berkas kosong."))
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFileError(
            _("Berkas terlalu besar (%(size)s); batasnya %(limit)s. Pecah berkas menjadi beberapa bagian.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def detect_format(data: bytes) -> str:
    """`csv` or `xlsx`, from the content; ImportFileError for anything else."""
    if not data:
        raise ImportFileError(_("Berkas kosong."))
    if data.startswith(_OLE2_MAGIC):
        raise ImportFileError(
            _("Berkas Excel 97–2003 (.xls) tidak didukung. Simpan ulang sebagai .xlsx atau CSV, lalu unggah lagi.")
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFileError(_("Berkas XLSX rusak atau tidak lengkap; coba simpan ulang dari Excel.")) from None
        if "xl/workbook.xml" in names:
            return XLSX
        if b"opendocument.spreadsheet" in mimetype:
            raise ImportFileError(
                _("Berkas LibreOffice (.ods) tidak didukung. Simpan ulang sebagai .xlsx atau CSV, lalu unggah lagi.")
            )
        raise ImportFileError(_("Berkas ini bukan CSV atau XLSX."))
    if data.startswith(_BINARY_MAGICS) or b"\x00" in data[:8192]:
        raise ImportFileError(_("Berkas ini bukan CSV atau XLSX."))
    return CSV


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Isi berkas tidak dapat dibaca sebagai teks. Simpan CSV dengan encoding UTF-8, atau unggah XLSX.")
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter used most on the first non-blank line (Excel in Indonesian locale writes `;`)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _csv_records(data: bytes) -> Iterator[Sequence[CellValue]]:
    text = decode_text(data)
    if not text.strip():
        raise ImportFileError(_("Berkas kosong."))
    if "\x00" in text:
        raise ImportFileError(_("Berkas ini bukan CSV atau XLSX."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        yield from reader
    except csv.Error:
        raise ImportFileError(
            _("Berkas CSV tidak dapat dibaca di sekitar baris %(line)d (tanda kutip tidak berpasangan?).")
            % {"line": reader.line_num}
        ) from None


def _xlsx_records(data: bytes) -> Iterator[Sequence[CellValue]]:
    # openpyxl is imported only here: most requests never need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a malformed workbook can fail in many ways inside openpyxl
        logger.info("Unreadable XLSX upload", exc_info=True)
        raise ImportFileError(_("Berkas XLSX rusak atau tidak dapat dibaca; coba simpan ulang dari Excel.")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Berkas XLSX tidak memiliki lembar kerja."))
        sheet = workbook.worksheets[0]
        try:
            for values in sheet.iter_rows(values_only=True):
                # Rich text, Decimal and formula objects are shown through str() by cell_text.
                yield cast(Sequence[CellValue], values)
        except ImportFileError:
            raise
        except Exception:
            logger.info("Unreadable XLSX sheet", exc_info=True)
            raise ImportFileError(
                _("Lembar pertama berkas XLSX tidak dapat dibaca; coba simpan ulang dari Excel.")
            ) from None
    finally:
        workbook.close()


def cell_text(value: CellValue) -> str:
    """A cell as the text a person sees in it."""
    if type(value) is str:  # every cell of a CSV: first, as this runs a million times for 100,000 rows
        return value.replace("\u00a0", " ").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def _map_headers(jenis: str, raw_headers: Sequence[CellValue]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column field → index in the record, field → header as written, and the ignored headers."""
    by_key = {key: column for column in COLUMNS[jenis] for key in column.keys}
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    for i, raw in enumerate(raw_headers):
        text = cell_text(raw)
        if not text:
            continue
        column = by_key.get(header_key(text))
        if column is None:
            ignored.append(text)
            continue
        if column.field in index:
            raise ImportFileError(
                _("Kolom “%(first)s” dan “%(second)s” sama-sama berarti %(column)s; hapus salah satunya.")
                % {"first": written[column.field], "second": text, "column": column.header}
            )
        index[column.field] = i
        written[column.field] = text
    missing = [c.header for c in COLUMNS[jenis] if c.required and c.field not in index]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ditemukan: %(columns)s. Baris pertama berkas harus berisi nama kolom; "
                "lihat berkas contoh."
            )
            % {"columns": ", ".join(missing)}
        )
    return index, written, ignored


def read_table(data: bytes, jenis: str, *, header_only: bool = False) -> Table:
    """Every non-blank data row of the file; with header_only, stop after the first one.

    Raises ImportFileError for an unreadable file, missing columns, or a file without data rows.
    """
    check_size(len(data))
    file_format = detect_format(data)
    records = _xlsx_records(data) if file_format == XLSX else _csv_records(data)
    try:
        header = next(records, None)
        if header is None or not any(cell_text(v) for v in header):
            raise ImportFileError(_("Baris pertama berkas kosong; baris itu harus berisi nama kolom."))
        index, written, ignored = _map_headers(jenis, header)
        table = Table(jenis=jenis, format=file_format, headers=written, ignored_headers=ignored)
        for number, record in enumerate(records, start=2):
            values = {f: record[i] if i < len(record) else None for f, i in index.items()}
            if not any(cell_text(v) for v in values.values()):
                continue
            table.rows.append(Row(number=number, values=values))
            if header_only:
                break
    finally:
        close = getattr(records, "close", None)
        if close is not None:
            close()
    if not table.rows:
        raise ImportFileError(_("Berkas tidak berisi baris data, hanya baris judul kolom."))
    return table
