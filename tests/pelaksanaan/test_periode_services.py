"""Services of the evaluation periods: year setup, scheme change guarded by usage, close/reopen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organisasi.models import Instansi
from pelaksanaan.models import BuktiDukung, JenisPeriode, Periode, Realisasi, RiwayatPeriode, UmpanBalik
from pelaksanaan.periode import periode_ensure
from pelaksanaan.services.periode import (
    TRANSITIONS,
    periode_close,
    periode_reopen,
    periode_usage,
    periode_year_setup,
)
from penilaian.models import CapaianUnit, Evaluasi
from tests.factories import InstansiFactory, UserFactory
from tests.kinerja_world import Kinerja

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def periods_of(instansi: Instansi, tahun: int) -> list[Periode]:
    return list(Periode.objects.filter(instansi=instansi, tahun=tahun).order_by("jenis", "nomor"))


# --- Year setup ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("skema", "jumlah"), [("bulanan", 12), ("triwulanan", 4), ("semesteran", 2)])
def test_setup_makes_the_periodic_periods_and_the_annual_one(skema: str, jumlah: int) -> None:
    instansi = InstansiFactory()
    user = UserFactory()
    periods = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema=skema, by=user)
    periodic = [p for p in periods if p.jenis == JenisPeriode.PERIODIK]
    assert len(periodic) == jumlah and all(p.skema == skema and p.terbuka for p in periodic)
    assert periods[-1].jenis == JenisPeriode.TAHUNAN
    assert (periods[-1].mulai.month, periods[-1].selesai.month, periods[-1].selesai.day) == (1, 12, 31)
    riwayat = RiwayatPeriode.objects.filter(periode__instansi=instansi)
    assert riwayat.count() == jumlah + 1
    assert set(riwayat.values_list("aksi", "oleh")) == {(RiwayatPeriode.Aksi.DIBUAT, user.pk)}
    instansi.refresh_from_db()
    assert instansi.periode_evaluasi == skema


def test_setup_again_with_the_same_scheme_changes_nothing() -> None:
    instansi = InstansiFactory()
    first = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="triwulanan", by=None)
    periode_close(periode=first[0], by=None)
    again = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="triwulanan", by=None)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert not again[0].terbuka  # the closed period stays closed
    assert RiwayatPeriode.objects.filter(aksi=RiwayatPeriode.Aksi.DIBUAT, periode__instansi=instansi).count() == 5


def test_an_unused_year_can_change_scheme_and_the_annual_period_is_kept() -> None:
    instansi = InstansiFactory()
    user = UserFactory()
    first = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="triwulanan", by=user)
    annual = first[-1]
    periods = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="bulanan", by=user)
    assert [p.nama for p in periods[:2]] == ["Bulan 1", "Bulan 2"] and len(periods) == 13
    assert periods[-1].pk == annual.pk
    assert not Periode.objects.filter(instansi=instansi, skema="triwulanan").exists()
    # The change is explained on each new period's "dibuat" row.
    made = RiwayatPeriode.objects.filter(periode__in=periods[:12], aksi=RiwayatPeriode.Aksi.DIBUAT)
    assert made.count() == 12
    assert all("Triwulanan" in r.alasan and "Bulanan" in r.alasan and "Triwulan I" in r.alasan for r in made)
    instansi.refresh_from_db()
    assert instansi.periode_evaluasi == "bulanan"


def test_a_past_year_does_not_change_the_instansi_setting() -> None:
    instansi = InstansiFactory(periode_evaluasi="triwulanan")
    periode_year_setup(instansi=instansi, tahun=THIS_YEAR - 1, skema="semesteran", by=None)
    instansi.refresh_from_db()
    assert instansi.periode_evaluasi == "triwulanan"
    assert len(periods_of(instansi, THIS_YEAR - 1)) == 3


def test_a_future_year_keeps_the_current_year_on_the_old_scheme() -> None:
    instansi = InstansiFactory(periode_evaluasi="triwulanan")
    periode_year_setup(instansi=instansi, tahun=THIS_YEAR + 1, skema="bulanan", by=None)
    instansi.refresh_from_db()
    assert instansi.periode_evaluasi == "bulanan"
    # The current year, not made before, was made first with the scheme it was going to get.
    assert {p.skema for p in periods_of(instansi, THIS_YEAR) if p.jenis == JenisPeriode.PERIODIK} == {"triwulanan"}
    assert len(periods_of(instansi, THIS_YEAR + 1)) == 13


def test_setup_completes_a_year_without_its_annual_period() -> None:
    instansi = InstansiFactory()
    periods = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="semesteran", by=None)
    periods[-1].delete()
    again = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="semesteran", by=None)
    assert [p.jenis for p in again] == ["periodik", "periodik", "tahunan"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"tahun": 1999, "skema": "bulanan"}, "tahun"),
        ({"tahun": 2101, "skema": "bulanan"}, "tahun"),
        ({"tahun": THIS_YEAR, "skema": "mingguan"}, "skema"),
        ({"tahun": THIS_YEAR, "skema": ""}, "skema"),
    ],
)
def test_setup_refuses_bad_input(kwargs: dict[str, object], field: str) -> None:
    instansi = InstansiFactory()
    with pytest.raises(ValidationError) as excinfo:
        periode_year_setup(instansi=instansi, by=None, **kwargs)  # type: ignore[arg-type]
    assert field in excinfo.value.message_dict
    assert not Periode.objects.filter(instansi=instansi).exists()


# --- Scheme change refused once anything refers to the periods -----------------------------------


def _realisasi(k: Kinerja, p: Periode) -> None:
    Realisasi.objects.create(skp=k.skp, periode=p, rhk=k.rhk_utama, iki=k.iki_kuantitas, nilai=3)


def _umpan_balik(k: Kinerja, p: Periode) -> None:
    UmpanBalik.objects.create(
        skp=k.skp, periode=p, jenis="hasil", rhk=k.rhk_utama, teks="Baik", penulis=k.kabid, peran_penulis="pimpinan"
    )


def _bukti(k: Kinerja, p: Periode) -> None:
    BuktiDukung.objects.create(
        skp=k.skp, periode=p, rhk=k.rhk_utama, jenis="tautan", tautan="https://contoh.go.id/a", nama="Laporan"
    )


def _evaluasi(k: Kinerja, p: Periode) -> None:
    Evaluasi.objects.create(skp=k.skp, periode=p, penilai=k.kabid)


def _capaian(k: Kinerja, p: Periode) -> None:
    CapaianUnit.objects.create(unit_kerja=k.plan.bidang, periode=p, capaian="baik")


@pytest.mark.parametrize(
    ("make", "label"),
    [
        (_realisasi, "1 realisasi"),
        (_umpan_balik, "1 umpan balik"),
        (_bukti, "1 bukti dukung"),
        (_evaluasi, "1 evaluasi kinerja"),
        (_capaian, "1 capaian kinerja organisasi"),
    ],
)
def test_scheme_change_is_refused_when_a_period_is_used(
    kinerja: Kinerja, make: Callable[[Kinerja, Periode], None], label: str
) -> None:
    instansi = kinerja.staf.instansi
    periods = periode_ensure(instansi=instansi, tahun=2026)
    make(kinerja, periods[1])
    with pytest.raises(ValidationError) as excinfo:
        periode_year_setup(instansi=instansi, tahun=2026, skema="bulanan", by=None)
    assert label in excinfo.value.messages[0] and "2026" in excinfo.value.messages[0]
    assert [p.pk for p in periods_of(instansi, 2026)] == sorted(p.pk for p in periods)
    assert {p.skema for p in periods if p.jenis == JenisPeriode.PERIODIK} == {"triwulanan"}


def test_use_of_the_annual_period_alone_does_not_block_the_scheme(kinerja: Kinerja) -> None:
    instansi = kinerja.staf.instansi
    periods = periode_ensure(instansi=instansi, tahun=2026)
    _evaluasi(kinerja, periods[-1])
    result = periode_year_setup(instansi=instansi, tahun=2026, skema="semesteran", by=None)
    assert len(result) == 3 and result[-1].pk == periods[-1].pk


def test_usage_counts_every_kind_of_record(kinerja: Kinerja) -> None:
    periods = periode_ensure(instansi=kinerja.staf.instansi, tahun=2026)
    _realisasi(kinerja, periods[0])
    Realisasi.objects.create(skp=kinerja.skp, periode=periods[1], rhk=kinerja.rhk_tambahan, teks="Narasumber")
    _bukti(kinerja, periods[0])
    usage = {u.label: u.jumlah for u in periode_usage(periods[:4])}
    assert usage == {"realisasi": 2, "bukti dukung": 1}
    assert periode_usage([]) == []


# --- Close and reopen ------------------------------------------------------------------------------


def test_transitions_table() -> None:
    assert TRANSITIONS == {
        ("terbuka", "ditutup"): "ditutup",
        ("ditutup", "dibuka_kembali"): "terbuka",
    }


def test_close_and_reopen_are_recorded() -> None:
    instansi = InstansiFactory()
    user = UserFactory()
    periode = periode_year_setup(instansi=instansi, tahun=THIS_YEAR, skema="triwulanan", by=user)[0]
    closed = periode_close(periode=periode, by=user, alasan="  Batas pengisian  ")
    assert not closed.terbuka and not Periode.objects.get(pk=periode.pk).terbuka
    reopened = periode_reopen(periode=closed, by=user, alasan="Perbaikan realisasi Bidang Mutasi")
    assert reopened.terbuka and Periode.objects.get(pk=periode.pk).terbuka
    rows = list(
        RiwayatPeriode.objects.filter(periode=periode).order_by("pada", "pk").values_list("aksi", "alasan", "oleh")
    )
    assert rows == [
        ("dibuat", "", user.pk),
        ("ditutup", "Batas pengisian", user.pk),
        ("dibuka_kembali", "Perbaikan realisasi Bidang Mutasi", user.pk),
    ]


def test_closing_a_closed_period_is_refused() -> None:
    periode = periode_year_setup(instansi=InstansiFactory(), tahun=THIS_YEAR, skema="semesteran", by=None)[0]
    periode_close(periode=periode, by=None)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        periode_close(periode=periode, by=None)
    assert RiwayatPeriode.objects.filter(periode=periode, aksi="ditutup").count() == 1


def test_reopening_an_open_period_is_refused() -> None:
    periode = periode_year_setup(instansi=InstansiFactory(), tahun=THIS_YEAR, skema="semesteran", by=None)[0]
    with pytest.raises(ValidationError, match="masih terbuka"):
        periode_reopen(periode=periode, by=None, alasan="Coba")
    assert not RiwayatPeriode.objects.filter(periode=periode, aksi="dibuka_kembali").exists()


def test_a_stale_copy_cannot_close_twice() -> None:
    periode = periode_year_setup(instansi=InstansiFactory(), tahun=THIS_YEAR, skema="semesteran", by=None)[0]
    stale = Periode.objects.get(pk=periode.pk)
    periode_close(periode=periode, by=None)
    with pytest.raises(ValidationError):
        periode_close(periode=stale, by=None)


@pytest.mark.parametrize("alasan", ["", "   ", "\n"])
def test_reopening_needs_a_reason(alasan: str) -> None:
    periode = periode_year_setup(instansi=InstansiFactory(), tahun=THIS_YEAR, skema="semesteran", by=None)[0]
    periode_close(periode=periode, by=None)
    with pytest.raises(ValidationError) as excinfo:
        periode_reopen(periode=periode, by=None, alasan=alasan)
    assert "alasan" in excinfo.value.message_dict
    assert not Periode.objects.get(pk=periode.pk).terbuka


def test_a_too_long_reason_is_refused() -> None:
    periode = periode_year_setup(instansi=InstansiFactory(), tahun=THIS_YEAR, skema="semesteran", by=None)[0]
    with pytest.raises(ValidationError) as excinfo:
        periode_close(periode=periode, by=None, alasan="x" * 1001)
    assert "alasan" in excinfo.value.message_dict
    assert Periode.objects.get(pk=periode.pk).terbuka
