"""Given evaluations for the keberatan and dokumen tests, made directly (not through the evaluation
services, which are written elsewhere): the staf's Triwulan I 2026 evaluation, given by the kabid
(pejabat penilai), whose atasan is the JPT (atasan pejabat penilai)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import User
from organisasi.identitas import identitas_of
from organisasi.models import Pegawai
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure
from penilaian.models import Evaluasi, Keberatan
from penilaian.rules import predikat_from_ratings
from penilaian.services.keberatan import keberatan_ajukan, keberatan_jelaskan, keberatan_putuskan
from perencanaan.models import Skp
from tests.kinerja_world import Kinerja


def snapshot(pegawai: Pegawai) -> dict[str, object]:
    fresh = Pegawai.objects.with_identity().select_related("atasan").get(pk=pegawai.pk)
    penilai = Pegawai.objects.with_identity().select_related("atasan").get(pk=fresh.atasan_id)
    atasan = Pegawai.objects.with_identity().get(pk=penilai.atasan_id) if penilai.atasan_id else None
    return {
        "pegawai": identitas_of(fresh),
        "pejabat_penilai": identitas_of(penilai),
        "atasan_pejabat_penilai": identitas_of(atasan),
    }


def given_evaluasi(
    skp: Skp,
    periode: Periode,
    *,
    diberikan_pada: dt.datetime | None = None,
    rating_hasil: str = "sesuai",
    rating_perilaku: str = "sesuai",
    catatan: str = "Pertahankan kinerja; tingkatkan ketepatan waktu laporan.",
    identitas: dict[str, object] | None = None,
) -> Evaluasi:
    assert skp.pejabat_penilai is not None
    return Evaluasi.objects.create(
        skp=skp,
        periode=periode,
        status="diberikan",
        capaian_organisasi="baik",
        rating_hasil=rating_hasil,
        rating_perilaku=rating_perilaku,
        predikat=predikat_from_ratings(hasil_kerja=rating_hasil, perilaku_kerja=rating_perilaku),
        catatan=catatan,
        penilai=skp.pejabat_penilai,
        identitas=snapshot(skp.pegawai) if identitas is None else identitas,
        diberikan_pada=diberikan_pada or timezone.now(),
    )


@dataclass
class KeberatanWorld:
    k: Kinerja
    triwulan1: Periode
    tahunan: Periode
    evaluasi: Evaluasi  # staf, Triwulan I, Baik (sesuai/sesuai), given now by the kabid

    @property
    def staf(self) -> Pegawai:
        return self.k.staf

    @property
    def kabid(self) -> Pegawai:
        return self.k.kabid

    @property
    def jpt(self) -> Pegawai:
        return self.k.jpt

    def user(self, pegawai: Pegawai) -> User:
        assert pegawai.user is not None
        return pegawai.user

    def ajukan(self, alasan: str = "Target dokumen sudah terlampaui; mohon ditinjau.") -> Keberatan:
        return keberatan_ajukan(evaluasi=self.evaluasi, alasan=alasan, by=self.user(self.staf))

    def jelaskan(self, keberatan: Keberatan | None = None) -> Keberatan:
        return keberatan_jelaskan(
            keberatan=keberatan or self.ajukan(),
            penjelasan="Dua dokumen terlambat dari jadwal.",
            by=self.user(self.kabid),
        )

    def putuskan_ubah(self, keberatan: Keberatan | None = None) -> Keberatan:
        return keberatan_putuskan(
            keberatan=keberatan or self.jelaskan(),
            keputusan="ubah",
            rekomendasi="Hasil kerja di atas ekspektasi; pertahankan.",
            rating_hasil="di_atas",
            rating_perilaku="di_atas",
            by=self.user(self.jpt),
        )

    def putuskan_tetap(self, keberatan: Keberatan | None = None) -> Keberatan:
        return keberatan_putuskan(
            keberatan=keberatan or self.jelaskan(),
            keputusan="tetap",
            rekomendasi="Penilaian pejabat penilai sudah sesuai bukti.",
            by=self.user(self.jpt),
        )


def build_keberatan_world(k: Kinerja) -> KeberatanWorld:
    periods = periode_ensure(instansi=k.staf.instansi, tahun=2026)
    triwulan1 = next(p for p in periods if not p.is_tahunan and p.nomor == 1)
    tahunan = next(p for p in periods if p.is_tahunan)
    return KeberatanWorld(k=k, triwulan1=triwulan1, tahunan=tahunan, evaluasi=given_evaluasi(k.skp, triwulan1))


@pytest.fixture(name="kw")
def kw_fixture(kinerja: Kinerja) -> KeberatanWorld:
    """Import `kw_fixture` into a test module to use the fixture `kw`."""
    return build_keberatan_world(kinerja)
