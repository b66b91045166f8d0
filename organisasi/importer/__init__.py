"""Import of unit kerja, jabatan and pegawai from CSV/XLSX files shaped like a SIASN export.

reading → Table (rows with spreadsheet row numbers) → an Importer validates it against the
instansi's data (dry run: a Plan with every bad row and every change) → the same Importer applies
it in bulk. The services in `organisasi.services.impor` drive this through an ImportJob.
"""

from __future__ import annotations

from ..models import Instansi
from .base import Importer, Plan, real_sqlite_parameter_limit
from .columns import COLUMNS, JABATAN, JENIS_ALL, PEGAWAI, UNIT_KERJA, Column
from .jabatan import JabatanImporter
from .pegawai import PegawaiImporter
from .progress import Progress, read_progress
from .reading import ImportFileError, Table, read_table
from .unit_kerja import UnitKerjaImporter

IMPORTERS: dict[str, type[Importer]] = {
    UNIT_KERJA: UnitKerjaImporter,
    JABATAN: JabatanImporter,
    PEGAWAI: PegawaiImporter,
}


def make_importer(*, instansi: Instansi, table: Table, progress: Progress) -> Importer:
    return IMPORTERS[table.jenis](instansi=instansi, table=table, progress=progress)


__all__ = [
    "COLUMNS",
    "IMPORTERS",
    "JABATAN",
    "JENIS_ALL",
    "PEGAWAI",
    "UNIT_KERJA",
    "Column",
    "ImportFileError",
    "Importer",
    "Plan",
    "Progress",
    "Table",
    "make_importer",
    "read_progress",
    "read_table",
    "real_sqlite_parameter_limit",
]
