"""Services of umpan balik berkelanjutan: hasil (pimpinan), perilaku (the aspect's penilai),
insidental, change and withdraw — every refusal, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from organisasi.konflik import StaleEditError
from organisasi.models import Pegawai
from pelaksanaan.models import Periode, UmpanBalik
from pelaksanaan.periode import periode_ensure, periods_of_skp
from pelaksanaan.services.umpan_balik import (
    MAX_TEKS,
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_perilaku_add,
    umpan_balik_remove,
    umpan_balik_update,
)
from perencanaan.models import Iki, PerilakuSkp, Rhk, Skp, StatusSkp
from tests.factories import PegawaiFactory
from tests.kinerja_world import Kinerja


def user_of(pegawai: Pegawai) -> User:
    assert pegawai.user is not None
    return pegawai.user


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def hasil(kinerja: Kinerja, periode: Periode, **kwargs: Any) -> UmpanBalik:
    args: dict[str, Any] = {
        "skp": kinerja.skp,
        "periode": periode,
        "teks": "Dokumen rencana sudah baik, lengkapi lampiran.",
        "by": user_of(kinerja.kabid),
        "iki": kinerja.iki_kuantitas,
    }
    args.update(kwargs)
    return umpan_balik_hasil_add(**args)


def insidental(kinerja: Kinerja, periode: Periode, **kwargs: Any) -> UmpanBalik:
    args: dict[str, Any] = {
        "skp": kinerja.skp,
        "periode": periode,
        "kategori": "apresiasi",
        "teks": "Terima kasih atas kerja lembur penyusunan dokumen.",
        "tanggal": dt.date(2026, 2, 10),
        "by": user_of(kinerja.kabid),
    }
    args.update(kwargs)
    return umpan_balik_insidental_add(**args)


# --- Hasil -----------------------------------------------------------------------------------


def test_pimpinan_writes_feedback_on_an_iki(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = hasil(kinerja, triwulan, teks="  Bagus, pertahankan.  ")
    assert ub.jenis == "hasil" and ub.peran_penulis == "pimpinan"
    assert ub.iki == kinerja.iki_kuantitas and ub.rhk == kinerja.rhk_utama
    assert ub.penulis == kinerja.kabid and ub.dibuat_oleh == user_of(kinerja.kabid)
    assert ub.teks == "Bagus, pertahankan." and ub.tanggal == timezone.localdate()


def test_pimpinan_writes_feedback_on_an_rhk_of_a_kualitatif_skp(kinerja: Kinerja) -> None:
    periode = periods_of_skp(kinerja.skp_kualitatif)[1]
    ub = umpan_balik_hasil_add(
        skp=kinerja.skp_kualitatif,
        periode=periode,
        teks="Arsip rapi.",
        by=user_of(kinerja.kabid),
        rhk=kinerja.rhk_kualitatif,
    )
    assert ub.rhk == kinerja.rhk_kualitatif and ub.iki is None


@pytest.mark.parametrize("who", ["staf", "staf2", "jpt", "operator", "outsider", "stranger"])
def test_only_the_pejabat_penilai_writes_hasil_feedback(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    with pytest.raises(ValidationError) as exc:
        hasil(kinerja, triwulan, by=user_of(getattr(kinerja.plan, who)))
    assert "pejabat penilai" in messages_of(exc)
    assert not UmpanBalik.objects.exists()


def test_an_account_without_pegawai_cannot_write(kinerja: Kinerja, triwulan: Periode) -> None:
    admin = User.objects.create_superuser("admin-ub", password="Rahasia-123")
    with pytest.raises(ValidationError, match="tidak terhubung"):
        hasil(kinerja, triwulan, by=admin)


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN, StatusSkp.DIREVISI])
def test_refused_on_an_skp_not_in_force(kinerja: Kinerja, triwulan: Periode, status: str) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=status)
    skp = Skp.objects.get(pk=kinerja.skp.pk)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        hasil(kinerja, triwulan, skp=skp)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        insidental(kinerja, triwulan, skp=skp)
    assert not UmpanBalik.objects.exists()


def test_refused_on_a_target_of_another_skp(kinerja: Kinerja, triwulan: Periode) -> None:
    other_iki = Iki.objects.filter(rhk__skp=kinerja.skp_kualitatif).get()
    with pytest.raises(ValidationError) as exc:
        hasil(kinerja, triwulan, iki=other_iki)
    assert "iki" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        hasil(kinerja, triwulan, iki=None, rhk=kinerja.rhk_kualitatif)
    assert "rhk" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        hasil(kinerja, triwulan, iki=kinerja.iki_kuantitas, rhk=kinerja.rhk_tambahan)
    assert "rhk" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Pilih RHK atau IKI"):
        hasil(kinerja, triwulan, iki=None, rhk=None)
    assert not UmpanBalik.objects.exists()


def test_refused_on_a_period_of_another_instansi_or_year(kinerja: Kinerja) -> None:
    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    last_year = periode_ensure(instansi=kinerja.staf.instansi, tahun=2025)[0]
    for periode in (foreign, last_year):
        with pytest.raises(ValidationError) as exc:
            hasil(kinerja, periode)
        assert "bukan periode SKP" in exc.value.message_dict["periode"][0]
    assert not UmpanBalik.objects.exists()


def test_refused_in_a_closed_period(kinerja: Kinerja, triwulan: Periode) -> None:
    triwulan.terbuka = False
    triwulan.save()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        hasil(kinerja, triwulan)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        insidental(kinerja, triwulan)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        umpan_balik_perilaku_add(
            perilaku=kinerja.perilaku_rekan, periode=triwulan, teks="x", by=user_of(kinerja.plan.staf2)
        )
    assert not UmpanBalik.objects.exists()


@pytest.mark.parametrize(
    ("teks", "message"), [("", "wajib diisi"), ("   \n ", "wajib diisi"), ("x" * (MAX_TEKS + 1), "paling banyak")]
)
def test_refused_with_empty_or_too_long_text(kinerja: Kinerja, triwulan: Periode, teks: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        hasil(kinerja, triwulan, teks=teks)
    assert message in exc.value.message_dict["teks"][0]
    assert not UmpanBalik.objects.exists()


def test_text_of_exactly_the_limit_is_kept(kinerja: Kinerja, triwulan: Periode) -> None:
    assert len(hasil(kinerja, triwulan, teks="y" * MAX_TEKS).teks) == MAX_TEKS


# --- Perilaku --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aspek", "rater", "peran"),
    [
        ("perilaku_rekan", "staf2", "rekan"),
        ("perilaku_outsider", "outsider", "rekan"),
        ("perilaku_atasan", "kabid", "atasan"),
    ],
)
def test_the_aspects_rater_writes_perilaku_feedback(
    kinerja: Kinerja, triwulan: Periode, aspek: str, rater: str, peran: str
) -> None:
    perilaku: PerilakuSkp = getattr(kinerja, aspek)
    pegawai = getattr(kinerja.plan, rater)
    ub = umpan_balik_perilaku_add(perilaku=perilaku, periode=triwulan, teks="Cepat beradaptasi.", by=user_of(pegawai))
    assert ub.jenis == "perilaku" and ub.perilaku == perilaku and ub.skp == kinerja.skp
    assert ub.peran_penulis == peran and ub.penulis == pegawai


def test_a_named_bawahan_rater_writes_as_bawahan(kinerja: Kinerja, triwulan: Periode) -> None:
    bawahan = PegawaiFactory(instansi=kinerja.staf.instansi, unit_kerja=kinerja.plan.bidang, atasan=kinerja.staf)
    perilaku = PerilakuSkp.objects.get(skp=kinerja.skp, aspek__kode="harmonis")
    PerilakuSkp.objects.filter(pk=perilaku.pk).update(jenis_penilai="bawahan", penilai=bawahan)
    perilaku.refresh_from_db()
    ub = umpan_balik_perilaku_add(perilaku=perilaku, periode=triwulan, teks="Suka menolong.", by=user_of(bawahan))
    assert ub.peran_penulis == "bawahan"


@pytest.mark.parametrize(
    ("aspek", "who"),
    [
        ("perilaku_rekan", "outsider"),  # rates another aspect of the same SKP
        ("perilaku_rekan", "kabid"),  # the pejabat penilai, but the aspect names a rekan
        ("perilaku_rekan", "staf"),  # the pegawai themself
        ("perilaku_atasan", "staf2"),
        ("perilaku_atasan", "jpt"),
        ("perilaku_atasan", "stranger"),
        ("perilaku_outsider", "operator"),
    ],
)
def test_anyone_but_the_aspects_rater_is_refused(kinerja: Kinerja, triwulan: Periode, aspek: str, who: str) -> None:
    with pytest.raises(ValidationError, match="tidak ditugaskan"):
        umpan_balik_perilaku_add(
            perilaku=getattr(kinerja, aspek), periode=triwulan, teks="x", by=user_of(getattr(kinerja.plan, who))
        )
    assert not UmpanBalik.objects.exists()


def test_perilaku_feedback_refused_on_an_skp_not_in_force(kinerja: Kinerja, triwulan: Periode) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=StatusSkp.DIREVISI)
    perilaku = PerilakuSkp.objects.select_related("skp").get(pk=kinerja.perilaku_rekan.pk)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        umpan_balik_perilaku_add(perilaku=perilaku, periode=triwulan, teks="x", by=user_of(kinerja.plan.staf2))


def test_perilaku_feedback_refused_on_a_foreign_period_and_empty_text(kinerja: Kinerja, triwulan: Periode) -> None:
    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    by = user_of(kinerja.plan.staf2)
    with pytest.raises(ValidationError, match="bukan periode SKP"):
        umpan_balik_perilaku_add(perilaku=kinerja.perilaku_rekan, periode=foreign, teks="x", by=by)
    with pytest.raises(ValidationError, match="wajib diisi"):
        umpan_balik_perilaku_add(perilaku=kinerja.perilaku_rekan, periode=triwulan, teks=" ", by=by)
    assert not UmpanBalik.objects.exists()


# --- Insidental ------------------------------------------------------------------------------


def test_apresiasi_and_penugasan_baru(kinerja: Kinerja, triwulan: Periode) -> None:
    a = insidental(kinerja, triwulan)
    assert a.jenis == "insidental" and a.kategori == "apresiasi" and a.tanggal == dt.date(2026, 2, 10)
    assert a.peran_penulis == "pimpinan" and a.rhk is None and a.tindak_lanjut == ""
    b = insidental(kinerja, triwulan, kategori="penugasan_baru", rhk=kinerja.rhk_tambahan, teks="Narasumber diklat.")
    assert b.rhk == kinerja.rhk_tambahan


@pytest.mark.parametrize(
    "tindak_lanjut", ["penyesuaian_ekspektasi", "penyesuaian_sumber_daya", "pembinaan", "diambil_alih"]
)
def test_tidak_selesai_with_each_tindak_lanjut(kinerja: Kinerja, triwulan: Periode, tindak_lanjut: str) -> None:
    ub = insidental(kinerja, triwulan, kategori="tidak_selesai", rhk=kinerja.rhk_utama, tindak_lanjut=tindak_lanjut)
    assert ub.kategori == "tidak_selesai" and ub.tindak_lanjut == tindak_lanjut and ub.rhk == kinerja.rhk_utama


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kategori": "tidak_selesai", "tindak_lanjut": "pembinaan"}, "rhk"),
        ({"kategori": "tidak_selesai", "rhk": "utama"}, "tindak_lanjut"),
        ({"kategori": "tidak_selesai", "rhk": "utama", "tindak_lanjut": "dipecat"}, "tindak_lanjut"),
        ({"kategori": "apresiasi", "tindak_lanjut": "pembinaan"}, "tindak_lanjut"),
        ({"kategori": "teguran"}, "kategori"),
        ({"kategori": "", "rhk": "utama"}, "kategori"),
        ({"rhk": "lain"}, "rhk"),
        ({"tanggal": dt.date(2026, 4, 1)}, "tanggal"),
        ({"tanggal": dt.date(2025, 12, 31)}, "tanggal"),
        ({"teks": ""}, "teks"),
        ({"teks": "z" * (MAX_TEKS + 1)}, "teks"),
    ],
)
def test_insidental_refusals(kinerja: Kinerja, triwulan: Periode, kwargs: dict[str, Any], field: str) -> None:
    rhk = {"utama": kinerja.rhk_utama, "lain": kinerja.rhk_kualitatif}
    if "rhk" in kwargs:
        kwargs["rhk"] = rhk[kwargs["rhk"]]
    with pytest.raises(ValidationError) as exc:
        insidental(kinerja, triwulan, **kwargs)
    assert field in exc.value.message_dict
    assert not UmpanBalik.objects.exists()


def test_insidental_date_not_in_the_future(kinerja: Kinerja) -> None:
    tahunan = periods_of_skp(kinerja.skp)[-1]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    if not tahunan.mulai <= tomorrow <= tahunan.selesai:
        pytest.skip("today is not inside the world's year")
    with pytest.raises(ValidationError) as exc:
        insidental(kinerja, tahunan, tanggal=tomorrow)
    assert "masa depan" in exc.value.message_dict["tanggal"][0]


def test_only_the_pejabat_penilai_writes_insidental(kinerja: Kinerja, triwulan: Periode) -> None:
    for who in ("staf", "jpt", "operator", "stranger"):
        with pytest.raises(ValidationError, match="pejabat penilai"):
            insidental(kinerja, triwulan, by=user_of(getattr(kinerja.plan, who)))
    assert not UmpanBalik.objects.exists()


# --- Change and withdraw ---------------------------------------------------------------------


def test_update_makes_a_new_row_and_keeps_the_old(kinerja: Kinerja, triwulan: Periode) -> None:
    old = hasil(kinerja, triwulan, teks="Versi pertama")
    new = umpan_balik_update(umpan_balik=old, teks="Versi kedua", by=user_of(kinerja.kabid))
    old.refresh_from_db()
    assert new.pk != old.pk and new.teks == "Versi kedua" and new.is_current
    assert old.teks == "Versi pertama" and not old.is_current
    assert old.pengganti == new and old.diganti_oleh == user_of(kinerja.kabid)
    assert new.iki == old.iki and new.rhk == old.rhk and new.peran_penulis == "pimpinan"
    assert list(UmpanBalik.objects.current()) == [new]
    # The replaced row cannot be changed again: stale, naming what it became and keeping the text.
    with pytest.raises(StaleEditError, match=r"“Versi pertama” kini “Versi kedua”.*Versi ketiga"):
        umpan_balik_update(umpan_balik=old, teks="Versi ketiga", by=user_of(kinerja.kabid))
    with pytest.raises(StaleEditError, match="setelah Anda membuka formulir"):
        umpan_balik_remove(umpan_balik=old, by=user_of(kinerja.kabid))
    assert UmpanBalik.objects.count() == 2


def test_update_of_insidental_keeps_its_kategori_date_and_follow_up(kinerja: Kinerja, triwulan: Periode) -> None:
    old = insidental(kinerja, triwulan, kategori="tidak_selesai", rhk=kinerja.rhk_utama, tindak_lanjut="diambil_alih")
    new = umpan_balik_update(umpan_balik=old, teks="Diambil alih pimpinan mulai Maret.", by=user_of(kinerja.kabid))
    assert (new.kategori, new.tindak_lanjut, new.tanggal, new.rhk) == (
        "tidak_selesai",
        "diambil_alih",
        old.tanggal,
        old.rhk,
    )


def test_update_of_perilaku_feedback_by_its_rater(kinerja: Kinerja, triwulan: Periode) -> None:
    old = umpan_balik_perilaku_add(
        perilaku=kinerja.perilaku_rekan, periode=triwulan, teks="a", by=user_of(kinerja.plan.staf2)
    )
    new = umpan_balik_update(umpan_balik=old, teks="b", by=user_of(kinerja.plan.staf2))
    assert new.perilaku == kinerja.perilaku_rekan and new.peran_penulis == "rekan" and new.jenis == "perilaku"


@pytest.mark.parametrize("who", ["staf", "staf2", "jpt", "operator", "stranger"])
def test_only_the_author_changes_or_withdraws(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    ub = hasil(kinerja, triwulan)
    by = user_of(getattr(kinerja.plan, who))
    with pytest.raises(ValidationError, match="Hanya penulis"):
        umpan_balik_update(umpan_balik=ub, teks="diubah", by=by)
    with pytest.raises(ValidationError, match="Hanya penulis"):
        umpan_balik_remove(umpan_balik=ub, by=by)
    assert list(UmpanBalik.objects.values_list("teks", "diganti_pada")) == [(ub.teks, None)]


def test_the_author_who_is_no_longer_penilai_cannot_change(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = hasil(kinerja, triwulan)
    Skp.objects.filter(pk=kinerja.skp.pk).update(pejabat_penilai=kinerja.jpt)
    with pytest.raises(ValidationError, match="pejabat penilai"):
        umpan_balik_update(umpan_balik=ub, teks="diubah", by=user_of(kinerja.kabid))


def test_update_refusals_keep_the_row(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = hasil(kinerja, triwulan)
    by = user_of(kinerja.kabid)
    with pytest.raises(ValidationError, match="wajib diisi"):
        umpan_balik_update(umpan_balik=ub, teks="  ", by=by)
    triwulan.terbuka = False
    triwulan.save()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        umpan_balik_update(umpan_balik=ub, teks="baru", by=by)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        umpan_balik_remove(umpan_balik=ub, by=by)
    triwulan.terbuka = True
    triwulan.save()
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=StatusSkp.DIREVISI)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        umpan_balik_remove(umpan_balik=ub, by=by)
    assert UmpanBalik.objects.get().is_current and UmpanBalik.objects.count() == 1


def test_remove_marks_replaced_without_successor(kinerja: Kinerja, triwulan: Periode) -> None:
    ub = hasil(kinerja, triwulan)
    removed = umpan_balik_remove(umpan_balik=ub, by=user_of(kinerja.kabid))
    ub.refresh_from_db()
    assert removed.pk == ub.pk and not ub.is_current and ub.pengganti is None
    assert ub.diganti_oleh == user_of(kinerja.kabid) and ub.teks
    assert not UmpanBalik.objects.current().exists() and UmpanBalik.objects.count() == 1


def test_rhk_delete_is_protected_by_feedback(kinerja: Kinerja, triwulan: Periode) -> None:
    """Feedback is evidence: the RHK it is on cannot silently disappear."""
    from django.db.models import ProtectedError

    hasil(kinerja, triwulan)
    with pytest.raises(ProtectedError):
        Rhk.objects.filter(pk=kinerja.rhk_utama.pk).delete()
