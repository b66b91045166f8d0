"""A world in which plans are set and pelaksanaan/penilaian can start (issue 4 tests).

Built on the `plan` fixture (tests/perencanaan/conftest.py): the kabid's SKP and the staf's
kuantitatif JA/JF SKP are set (ditetapkan), staf2 has a set kualitatif SKP, and the staf asked
staf2 (rekan) to rate "adaptif" and the outsider (named as rekan) to rate "kolaboratif".
Periods of 2026 are triwulanan (the instansi default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from organisasi.models import Pegawai
from perencanaan.models import AspekPerilaku, Iki, PenilaiPerilaku, PerilakuSkp, Rhk, Satuan, Skp
from perencanaan.services.skp import skp_approve, skp_create, skp_submit
from tests.perencanaan.conftest import Plan


@dataclass
class Kinerja:
    plan: Plan
    skp_kabid: Skp
    skp: Skp  # staf, kuantitatif JA/JF, ditetapkan
    rhk_utama: Rhk
    rhk_tambahan: Rhk
    iki_kuantitas: Iki  # target 12 Dokumen
    iki_waktu: Iki  # range 2–3 Hari, lower is better
    iki_tambahan: Iki  # target 1 Laporan
    perilaku_atasan: PerilakuSkp  # berorientasi_pelayanan, rated by the kabid (pejabat penilai)
    perilaku_rekan: PerilakuSkp  # adaptif, rated by staf2
    perilaku_outsider: PerilakuSkp  # kolaboratif, rated by the outsider
    skp_kualitatif: Skp  # staf2, kualitatif, ditetapkan
    rhk_kualitatif: Rhk

    # Shortcuts to the people.
    @property
    def staf(self) -> Pegawai:
        return self.plan.staf

    @property
    def kabid(self) -> Pegawai:
        return self.plan.kabid

    @property
    def jpt(self) -> Pegawai:
        return self.plan.jpt


def _set(skp: Skp, penilai: Pegawai) -> Skp:
    skp = skp_submit(skp=skp, by=skp.pegawai.user)
    return skp_approve(skp=skp, by=penilai.user)


def build_kinerja(plan: Plan) -> Kinerja:
    dokumen = Satuan.objects.get(nama="Dokumen")
    laporan = Satuan.objects.get(nama="Laporan")
    hari = Satuan.objects.get_or_create(nama="Hari")[0]
    skp_kabid = skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.kabid.user,
    )
    rhk_kabid = Rhk.objects.create(skp=skp_kabid, jenis="utama", teks="Terlaksananya pengembangan kompetensi pegawai")
    Iki.objects.create(
        rhk=rhk_kabid, teks="Jumlah pegawai yang dikembangkan", aspek="kuantitas", target_min=100, satuan=dokumen
    )
    # The kabid is an administrator: the JPT's RHK is what they intervene; the plan fixture's JPT
    # has no SKP, so the kabid's utama RHK is linked to itself-free intervensi via a JPT SKP.
    skp_jpt = skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.jpt.user,
    )
    rhk_jpt = Rhk.objects.create(skp=skp_jpt, jenis="utama", teks="Meningkatnya kualitas ASN")
    rhk_kabid.intervensi = rhk_jpt
    rhk_kabid.save()
    skp_kabid = _set(skp_kabid, plan.jpt)

    skp = plan.skp_staf
    rhk_utama = Rhk.objects.create(
        skp=skp, jenis="utama", teks="Tersusunnya rencana pengembangan kompetensi", intervensi=rhk_kabid
    )
    iki_kuantitas = Iki.objects.create(
        rhk=rhk_utama, teks="Jumlah dokumen rencana", aspek="kuantitas", target_min=12, satuan=dokumen, urutan=0
    )
    iki_waktu = Iki.objects.create(
        rhk=rhk_utama,
        teks="Waktu penyusunan tiap dokumen",
        aspek="waktu",
        target_min=2,
        target_max=3,
        satuan=hari,
        urutan=1,
    )
    rhk_tambahan = Rhk.objects.create(skp=skp, jenis="tambahan", teks="Menjadi narasumber sosialisasi")
    iki_tambahan = Iki.objects.create(
        rhk=rhk_tambahan, teks="Laporan sosialisasi", aspek="kuantitas", target_min=Decimal(1), satuan=laporan
    )
    aspek = {a.kode: a for a in AspekPerilaku.objects.all()}
    PerilakuSkp.objects.filter(skp=skp, aspek=aspek["adaptif"]).update(
        jenis_penilai=PenilaiPerilaku.REKAN, penilai=plan.staf2
    )
    PerilakuSkp.objects.filter(skp=skp, aspek=aspek["kolaboratif"]).update(
        jenis_penilai=PenilaiPerilaku.REKAN, penilai=plan.outsider
    )
    skp = _set(skp, plan.kabid)

    skp_kualitatif = skp_create(
        pegawai=plan.staf2,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kualitatif",
        by=plan.staf2.user,
    )
    rhk_kualitatif = Rhk.objects.create(
        skp=skp_kualitatif, jenis="utama", teks="Terkelolanya arsip kepegawaian", intervensi=rhk_kabid
    )
    Iki.objects.create(rhk=rhk_kualitatif, teks="Arsip tertata dan mudah ditemukan kembali")
    skp_kualitatif = _set(skp_kualitatif, plan.kabid)

    perilaku = {p.aspek.kode: p for p in PerilakuSkp.objects.filter(skp=skp).select_related("aspek")}
    return Kinerja(
        plan=plan,
        skp_kabid=skp_kabid,
        skp=skp,
        rhk_utama=rhk_utama,
        rhk_tambahan=rhk_tambahan,
        iki_kuantitas=iki_kuantitas,
        iki_waktu=iki_waktu,
        iki_tambahan=iki_tambahan,
        perilaku_atasan=perilaku["berorientasi_pelayanan"],
        perilaku_rekan=perilaku["adaptif"],
        perilaku_outsider=perilaku["kolaboratif"],
        skp_kualitatif=skp_kualitatif,
        rhk_kualitatif=rhk_kualitatif,
    )


@pytest.fixture
def kinerja(plan: Plan) -> Kinerja:
    return build_kinerja(plan)
