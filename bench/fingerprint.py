"""A content hash of generated load data: equal for equal data, whatever the ids."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from organisasi.models import Pegawai
from penilaian.models import Evaluasi
from perencanaan.models import Iki, Rhk


def fingerprint(instansi_kode: Sequence[str]) -> str:
    """SHA-256 over pegawai (NIP, name, golongan, jabatan, unit, atasan), RHK and IKI texts and
    targets, and evaluation results, each sorted by NIP and order, not by id."""
    h = hashlib.sha256()
    pegawai = (
        Pegawai.objects.filter(instansi__kode__in=instansi_kode)
        .order_by("nip")
        .values_list("nip", "nama", "status", "golongan__kode", "jabatan__nama", "unit_kerja__kode", "atasan__nip")
    )
    for pegawai_row in pegawai.iterator(chunk_size=10_000):
        h.update(repr(pegawai_row).encode())
    rhk = (
        Rhk.objects.filter(skp__pegawai__instansi__kode__in=instansi_kode)
        .order_by("skp__pegawai__nip", "urutan")
        .values_list("skp__pegawai__nip", "urutan", "jenis", "teks", "intervensi__teks")
    )
    for rhk_row in rhk.iterator(chunk_size=10_000):
        h.update(repr(rhk_row).encode())
    iki = (
        Iki.objects.filter(rhk__skp__pegawai__instansi__kode__in=instansi_kode)
        .order_by("rhk__skp__pegawai__nip", "rhk__urutan", "urutan")
        .values_list("rhk__skp__pegawai__nip", "rhk__urutan", "urutan", "teks", "target_min", "aspek")
    )
    for iki_row in iki.iterator(chunk_size=10_000):
        h.update(repr(iki_row).encode())
    evaluasi = (
        Evaluasi.objects.filter(skp__pegawai__instansi__kode__in=instansi_kode)
        .order_by("skp__pegawai__nip", "periode__jenis", "periode__nomor")
        .values_list("skp__pegawai__nip", "periode__nomor", "rating_hasil", "rating_perilaku", "predikat")
    )
    for evaluasi_row in evaluasi.iterator(chunk_size=10_000):
        h.update(repr(evaluasi_row).encode())
    return h.hexdigest()
