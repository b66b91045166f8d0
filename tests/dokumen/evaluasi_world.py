"""Realisasi, bukti dukung, umpan balik and evaluations for the tests of forms 11–14, made through the
services on the four SKP variants of `tests/dokumen/skp_data.py` in Triwulan I 2026:

- JA/JF kuantitatif (the staf): realisasi of two IKI, a link as bukti, the kabid's feedback on an
  IKI, staf2's feedback on the "Adaptif" aspect (rekan), an incidental apresiasi, a rencana aksi;
  the bidang's capaian is Baik; the evaluation is given (Baik) and then changed on a keberatan to
  Sangat Baik (versi 2).
- JA/JF kualitatif (staf2): a realisasi statement and feedback on the RHK; evaluation given.
- JPT kuantitatif and kualitatif: the sekda gives their evaluations; the JPT kuantitatif one has
  a realisasi.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure
from pelaksanaan.services.bukti import bukti_link_add
from pelaksanaan.services.realisasi import realisasi_save, realisasi_teks_add
from pelaksanaan.services.umpan_balik import (
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_perilaku_add,
)
from penilaian.models import Evaluasi, Keberatan
from penilaian.services.capaian import capaian_unit_set
from penilaian.services.evaluasi import evaluasi_give, evaluasi_save
from penilaian.services.keberatan import keberatan_ajukan, keberatan_jelaskan, keberatan_putuskan
from perencanaan.models import Iki, RencanaAksi, Rhk, Skp
from tests.dokumen.skp_data import SkpVarian, build_varian
from tests.kinerja_world import Kinerja


@dataclass
class EvaluasiWorld:
    v: SkpVarian
    triwulan1: Periode
    evaluasi: Evaluasi  # staf, versi 1 (replaced by the keberatan decision)
    evaluasi_v2: Evaluasi  # staf, the decision
    keberatan: Keberatan
    evaluasi_kualitatif: Evaluasi
    evaluasi_jpt_kuantitatif: Evaluasi
    evaluasi_jpt_kualitatif: Evaluasi

    @property
    def k(self) -> Kinerja:
        return self.v.kinerja


def _give(skp: Skp, periode: Periode, hasil: str, perilaku: str, catatan: str = "") -> Evaluasi:
    assert skp.pejabat_penilai is not None and skp.pejabat_penilai.user is not None
    user = skp.pejabat_penilai.user
    draft = evaluasi_save(
        skp=skp, periode=periode, rating_hasil=hasil, rating_perilaku=perilaku, catatan=catatan, by=user
    )
    return evaluasi_give(evaluasi=draft, by=user)


def build_evaluasi_world(v: SkpVarian) -> EvaluasiWorld:
    k = v.kinerja
    periods = periode_ensure(instansi=k.staf.instansi, tahun=2026)
    tw1 = next(p for p in periods if not p.is_tahunan and p.nomor == 1)
    staf_user, kabid_user = k.staf.user, k.kabid.user
    assert staf_user is not None and kabid_user is not None and k.plan.staf2.user is not None

    skp = v.jajf_kuantitatif
    realisasi_save(
        iki=k.iki_kuantitas, periode=tw1, nilai=Decimal(10), keterangan="Dua dokumen menunggu paraf", by=staf_user
    )
    realisasi_save(iki=k.iki_waktu, periode=tw1, nilai=Decimal("2.5"), by=staf_user)
    bukti_link_add(
        rhk=k.rhk_utama,
        periode=tw1,
        tautan="https://drive.example.go.id/rencana-tw1",
        nama="Folder rencana Triwulan I",
        by=staf_user,
    )
    RencanaAksi.objects.create(rhk=k.rhk_utama, teks="Menyusun draf rencana", target_periode="Triwulan I")
    umpan_balik_hasil_add(
        skp=skp, periode=tw1, teks="Percepat paraf dua dokumen yang tertunda.", by=kabid_user, iki=k.iki_kuantitas
    )
    umpan_balik_perilaku_add(
        perilaku=k.perilaku_rekan,
        periode=tw1,
        teks="Cepat menyesuaikan diri dengan aplikasi baru.",
        by=k.plan.staf2.user,
    )
    umpan_balik_insidental_add(
        skp=skp,
        periode=tw1,
        kategori="apresiasi",
        teks="Terima kasih atas bantuan di rapat koordinasi.",
        tanggal=dt.date(2026, 3, 20),
        by=kabid_user,
    )
    capaian_unit_set(unit=k.plan.bidang, periode=tw1, capaian="baik", catatan="", by=None)
    evaluasi = _give(skp, tw1, "sesuai", "sesuai", "Pertahankan; percepat paraf dokumen.")
    assert k.jpt.user is not None
    keberatan = keberatan_ajukan(
        evaluasi=evaluasi, alasan="Target dokumen hampir tercapai; mohon ditinjau.", by=staf_user
    )
    keberatan = keberatan_jelaskan(keberatan=keberatan, penjelasan="Dua dokumen belum diparaf.", by=kabid_user)
    keberatan = keberatan_putuskan(
        keberatan=keberatan,
        keputusan="ubah",
        rekomendasi="Hasil kerja di atas ekspektasi; pertahankan.",
        rating_hasil="di_atas",
        rating_perilaku="di_atas",
        by=k.jpt.user,
    )
    evaluasi.refresh_from_db()
    assert keberatan.hasil is not None

    kualitatif = v.jajf_kualitatif
    realisasi_teks_add(rhk=k.rhk_kualitatif, periode=tw1, teks="Arsip 2025 selesai ditata", by=k.plan.staf2.user)
    umpan_balik_hasil_add(
        skp=kualitatif, periode=tw1, teks="Lanjutkan ke arsip 2024.", by=kabid_user, rhk=k.rhk_kualitatif
    )
    evaluasi_kualitatif = _give(kualitatif, tw1, "di_atas", "sesuai")

    jpt_iki = Iki.objects.filter(rhk__skp=v.jpt_kuantitatif).order_by("rhk__urutan", "urutan", "pk").first()
    assert jpt_iki is not None and k.jpt.user is not None
    realisasi_save(iki=jpt_iki, periode=tw1, nilai=Decimal(80), by=k.jpt.user)
    return EvaluasiWorld(
        v=v,
        triwulan1=tw1,
        evaluasi=evaluasi,
        evaluasi_v2=keberatan.hasil,
        keberatan=keberatan,
        evaluasi_kualitatif=evaluasi_kualitatif,
        evaluasi_jpt_kuantitatif=_give(v.jpt_kuantitatif, tw1, "sesuai", "di_atas"),
        evaluasi_jpt_kualitatif=_give(v.jpt_kualitatif, tw1, "di_bawah", "sesuai"),
    )


def long_skp(skp: Skp, periode: Periode, *, rhk: int = 40) -> None:
    """Add `rhk` long RHK with two IKI each and a realisasi per IKI (made directly, for size)."""
    from pelaksanaan.models import Realisasi

    text = "Terlaksananya penyusunan dan pelaporan kegiatan pengembangan kompetensi yang sangat panjang " * 2
    for n in range(rhk):
        row = Rhk.objects.create(
            skp=skp, jenis="utama" if n % 4 else "tambahan", teks=f"{n + 1}. {text}", urutan=n + 10
        )
        for i in range(2):
            iki = Iki.objects.create(
                rhk=row, teks=f"IKI {n + 1}.{i + 1} {text[:80]}", aspek="kuantitas", target_min=10, urutan=i
            )
            Realisasi.objects.create(skp=skp, periode=periode, rhk=row, iki=iki, nilai=Decimal(n % 12))


@pytest.fixture
def ew(kinerja: Kinerja) -> EvaluasiWorld:
    return build_evaluasi_world(build_varian(kinerja))
