"""Helpers for the evaluation, capaian and pola distribusi tests (built on the `kinerja` world):
periods of 2026, evaluations made through the services, and many bawahan for query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from organisasi.models import Pegawai, UnitKerja
from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.periode import periode_ensure
from penilaian.models import Evaluasi
from penilaian.services.evaluasi import evaluasi_give, evaluasi_save
from perencanaan.models import Iki, Rhk, Skp, StatusSkp
from tests.factories import PegawaiFactory
from tests.kinerja_world import Kinerja


def periode(k: Kinerja, nomor: int = 1) -> Periode:
    """Triwulan `nomor` of 2026; 0 is the annual period."""
    periods = periode_ensure(instansi=k.staf.instansi, tahun=2026)
    jenis = "tahunan" if nomor == 0 else "periodik"
    return next(p for p in periods if p.jenis == jenis and p.nomor == nomor)


def save(
    skp: Skp, p: Periode, hasil: str = "", perilaku: str = "", catatan: str = "", by: Pegawai | None = None
) -> Evaluasi:
    assert skp.pejabat_penilai is not None
    penilai = by or skp.pejabat_penilai
    return evaluasi_save(
        skp=skp, periode=p, rating_hasil=hasil, rating_perilaku=perilaku, catatan=catatan, by=penilai.user
    )


def give(skp: Skp, p: Periode, hasil: str = "sesuai", perilaku: str = "sesuai") -> Evaluasi:
    evaluasi = save(skp, p, hasil, perilaku)
    assert skp.pejabat_penilai is not None
    return evaluasi_give(evaluasi=evaluasi, by=skp.pejabat_penilai.user)


def set_skp(pegawai: Pegawai, *, penilai: Pegawai, unit: UnitKerja | None = None, iki: int = 2) -> Skp:
    """A set (ditetapkan) kuantitatif SKP for 2026 with one RHK utama and `iki` IKI, made directly."""
    skp = Skp.objects.create(
        pegawai=pegawai,
        jabatan=pegawai.jabatan,
        unit_kerja=unit or pegawai.unit_kerja,
        pejabat_penilai=penilai,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        jenis_form="jajf",
        status=StatusSkp.DITETAPKAN,
    )
    rhk = Rhk.objects.create(skp=skp, jenis="utama", teks=f"RHK {pegawai.nama}")
    for i in range(iki):
        Iki.objects.create(rhk=rhk, teks=f"IKI {i}", aspek="kuantitas", target_min=Decimal(10), urutan=i)
    return skp


def many_bawahan(k: Kinerja, n: int, p: Periode) -> list[Skp]:
    """`n` more staff under the kabid in the bidang, each with a set SKP, one realisasi and, for
    two out of three, an evaluation (given or draft) in period `p`."""
    skps = []
    for i in range(n):
        pegawai = PegawaiFactory(instansi=k.staf.instansi, unit_kerja=k.plan.bidang, atasan=k.kabid)
        skp = set_skp(pegawai, penilai=k.kabid)
        first = Iki.objects.filter(rhk__skp=skp).select_related("rhk").first()
        assert first is not None
        Realisasi.objects.create(skp=skp, periode=p, rhk=first.rhk, iki=first, nilai=Decimal(10))
        if i % 3 == 0:
            give(skp, p, "di_atas", "di_atas")
        elif i % 3 == 1:
            save(skp, p, "sesuai", "sesuai")
        skps.append(skp)
    return skps
