"""The four SKP variants for the form tests (forms 7–10), built on the `kinerja` world.

- JA/JF kuantitatif: the staf's set SKP of the world (intervensi, aspek, range target, tambahan),
  with a penugasan and an ekspektasi khusus pimpinan added before it was set.
- JA/JF kualitatif: staf2's set SKP.
- JPT kuantitatif: the JPT's SKP (IKI with target and perspektif), set by a sekretaris daerah.
- JPT kualitatif: a second JPT's SKP (kepala dinas), set by the same sekretaris daerah.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from organisasi.models import Pegawai
from perencanaan.models import AspekPerilaku, Iki, PerilakuSkp, Rhk, Satuan, Skp
from perencanaan.services.skp import skp_approve, skp_create, skp_submit
from tests.factories import JabatanFactory, PegawaiFactory
from tests.kinerja_world import Kinerja


@dataclass
class SkpVarian:
    kinerja: Kinerja
    sekda: Pegawai
    kadis: Pegawai
    jajf_kuantitatif: Skp
    jajf_kualitatif: Skp
    jpt_kuantitatif: Skp
    jpt_kualitatif: Skp


def set_skp(skp: Skp, penilai: Pegawai) -> Skp:
    skp = skp_submit(skp=skp, by=skp.pegawai.user)
    return skp_approve(skp=skp, by=penilai.user)


def ekspektasi(skp: Skp, kode: str, teks: str) -> None:
    PerilakuSkp.objects.filter(skp=skp, aspek=AspekPerilaku.objects.get(kode=kode)).update(ekspektasi_khusus=teks)


def build_varian(kinerja: Kinerja) -> SkpVarian:
    plan = kinerja.plan
    instansi = plan.unit.instansi
    persen = Satuan.objects.get(nama="Persen (%)")
    indeks = Satuan.objects.get(nama="Indeks")
    sekda = PegawaiFactory(
        instansi=instansi,
        unit_kerja=plan.unit,
        nama="Yohanes Sekda",
        jabatan=JabatanFactory(instansi=instansi, jpt=True, nama="Sekretaris Daerah"),
    )
    Pegawai.objects.filter(pk=plan.jpt.pk).update(atasan=sekda)
    plan.jpt.refresh_from_db()

    # JA/JF kuantitatif: the world's set SKP; add what the forms print beside it.
    jajf = kinerja.skp
    Rhk.objects.filter(pk=kinerja.rhk_utama.pk).update(penugasan_dari="Kepala Bidang Pengembangan Pegawai")
    ekspektasi(jajf, "berorientasi_pelayanan", "Penyelesaian pekerjaan dan pelayanan mengedepankan 5S")

    # JPT kuantitatif: the JPT's draft SKP of the world, completed and set by the sekda.
    jpt_kuan = Skp.objects.get(pegawai=plan.jpt, periode_mulai__year=2026)
    rhk_jpt = Rhk.objects.get(skp=jpt_kuan)
    rhk_jpt.penugasan_dari = "Sekretaris Daerah"
    rhk_jpt.save()
    Iki.objects.create(
        rhk=rhk_jpt, teks="Indeks sistem merit", perspektif="penerima_layanan", target_min=Decimal(85), satuan=indeks
    )
    Iki.objects.create(
        rhk=rhk_jpt,
        teks="Persentase ASN yang memenuhi standar kompetensi",
        perspektif="proses_bisnis",
        target_min=Decimal(90),
        satuan=persen,
        urutan=1,
    )
    rhk_jpt_tambahan = Rhk.objects.create(skp=jpt_kuan, jenis="tambahan", teks="Terselenggaranya forum kepegawaian")
    Iki.objects.create(
        rhk=rhk_jpt_tambahan,
        teks="Persentase rekomendasi forum yang ditindaklanjuti",
        perspektif="penguatan_internal",
        target_min=Decimal(75),
        satuan=persen,
    )
    ekspektasi(jpt_kuan, "akuntabel", "Laporkan capaian setiap triwulan tepat waktu")
    jpt_kuan = set_skp(jpt_kuan, sekda)

    # JPT kualitatif: a kepala dinas under the sekda.
    kadis = PegawaiFactory(
        instansi=instansi,
        unit_kerja=plan.unit,
        atasan=sekda,
        nama="Maria Kadis",
        jabatan=JabatanFactory(instansi=instansi, jpt=True, nama="Kepala Dinas Pendidikan"),
    )
    jpt_kual = skp_create(
        pegawai=kadis,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kualitatif",
        by=kadis.user,
    )
    rhk_kadis = Rhk.objects.create(
        skp=jpt_kual, jenis="utama", teks="Meningkatnya mutu layanan pendidikan dasar", penugasan_dari="Bupati"
    )
    Iki.objects.create(
        rhk=rhk_kadis,
        teks="Sekolah dasar terakreditasi minimal B",
        target_teks="seluruh sekolah dasar negeri",
        perspektif="penerima_layanan",
    )
    rhk_kadis_tambahan = Rhk.objects.create(skp=jpt_kual, jenis="tambahan", teks="Tersusunnya peta jalan digitalisasi")
    Iki.objects.create(rhk=rhk_kadis_tambahan, teks="Peta jalan disahkan kepala daerah", perspektif="proses_bisnis")
    ekspektasi(jpt_kual, "kolaboratif", "Libatkan komite sekolah dalam perencanaan")
    jpt_kual = set_skp(jpt_kual, sekda)

    jajf_kual = kinerja.skp_kualitatif
    Iki.objects.filter(rhk=kinerja.rhk_kualitatif).update(target_teks="100% arsip 2025")
    return SkpVarian(
        kinerja=kinerja,
        sekda=sekda,
        kadis=kadis,
        jajf_kuantitatif=Skp.objects.get(pk=jajf.pk),
        jajf_kualitatif=Skp.objects.get(pk=jajf_kual.pk),
        jpt_kuantitatif=Skp.objects.get(pk=jpt_kuan.pk),
        jpt_kualitatif=Skp.objects.get(pk=jpt_kual.pk),
    )


@pytest.fixture
def varian(kinerja: Kinerja) -> SkpVarian:
    return build_varian(kinerja)
