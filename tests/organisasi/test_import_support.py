"""Builders shared by the import tests (no tests here): files in memory and a ready instansi."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from openpyxl import Workbook

from organisasi.models import ImportJob, Instansi, Jabatan, UnitKerja
from organisasi.services.impor import import_job_apply, import_job_create, import_job_validate
from tests.factories import JabatanFactory, UnitKerjaFactory, make_nip

PEGAWAI_HEADERS = (
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "STATUS_PEGAWAI",
    "GOL_RUANG",
    "KODE_JABATAN",
    "KODE_UNOR",
    "NIP_ATASAN",
    "TUGAS_BELAJAR",
)


def nip(n: int) -> str:
    """Valid NIPs that never collide with the factories' (those all use sex digit 1)."""
    return make_nip(n, sex=2)


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, raw_numbers: dict[int, str] | None = None
) -> bytes:
    """An XLSX file. `raw_numbers` maps a placeholder int written in `rows` to the exact digits
    to store for it (openpyxl itself would write an 18-digit int as a 15-digit float)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if not raw_numbers:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = content.decode()
                for placeholder, digits in raw_numbers.items():
                    text = re.sub(rf"<v>{placeholder}</v>", f"<v>{digits}</v>", text)
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


@dataclass
class Setup:
    instansi: Instansi
    unit: UnitKerja
    unit2: UnitKerja
    jabatan: Jabatan
    jabatan_jf: Jabatan


def import_setup(instansi: Instansi) -> Setup:
    """Units and jabatan that pegawai rows can refer to: U-1, U-2, J-PEL, J-JF."""
    return Setup(
        instansi=instansi,
        unit=UnitKerjaFactory(instansi=instansi, kode="U-1", nama="Bidang Satu"),
        unit2=UnitKerjaFactory(instansi=instansi, kode="U-2", nama="Bidang Dua"),
        jabatan=JabatanFactory(instansi=instansi, kode="J-PEL", nama="Pengadministrasi"),
        jabatan_jf=JabatanFactory(instansi=instansi, kode="J-JF", fungsional=True),
    )


def pegawai_row(nip_value: str | int, **overrides: object) -> list[object]:
    values: dict[str, object] = {
        "NIP_BARU": nip_value,
        "NAMA": f"Pegawai {str(nip_value)[-6:]}",
        "GELAR_DEPAN": "",
        "GELAR_BELAKANG": "S.Kom.",
        "STATUS_PEGAWAI": "PNS",
        "GOL_RUANG": "III/a",
        "KODE_JABATAN": "J-PEL",
        "KODE_UNOR": "U-1",
        "NIP_ATASAN": "",
        "TUGAS_BELAJAR": "Tidak",
    }
    values.update(overrides)
    return [values[h] for h in PEGAWAI_HEADERS]


def pegawai_csv(rows: Sequence[Sequence[object]], **kwargs: object) -> bytes:
    return csv_bytes(PEGAWAI_HEADERS, rows, **kwargs)  # type: ignore[arg-type]


def validate(instansi: Instansi, jenis: str, data: bytes, name: str = "berkas.csv") -> ImportJob:
    job = import_job_create(instansi=instansi, jenis=jenis, file=ContentFile(data, name=name), diunggah_oleh=None)
    return import_job_validate(job=job)


def validate_and_apply(instansi: Instansi, jenis: str, data: bytes, name: str = "berkas.csv") -> ImportJob:
    job = validate(instansi, jenis, data, name)
    assert job.status == ImportJob.Status.TERVALIDASI, job.laporan.get("galat") or job.pesan_galat
    return import_job_apply(job=job, user=None)


def errors_by_row(job: ImportJob) -> dict[int, list[str]]:
    return {g["baris"]: g["pesan"] for g in job.laporan.get("galat", [])}
