"""The identity block printed on every form, frozen when a document is set (SPEC §3)."""

from __future__ import annotations

from typing import TypedDict

from .models import Pegawai


class Identitas(TypedDict):
    nama: str
    nip: str
    pangkat_golongan: str
    jabatan: str
    unit_kerja: str
    instansi: str


def identitas_of(pegawai: Pegawai | None) -> Identitas | None:
    """Nama with gelar, NIP, pangkat/gol. ruang, jabatan, unit kerja and instansi as they are now."""
    if pegawai is None:
        return None
    return Identitas(
        nama=pegawai.nama_lengkap,
        nip=pegawai.nip,
        pangkat_golongan=pegawai.golongan.label,
        jabatan=pegawai.jabatan.nama if pegawai.jabatan else "",
        unit_kerja=pegawai.unit_kerja.nama if pegawai.unit_kerja else "",
        instansi=pegawai.instansi.nama,
    )
