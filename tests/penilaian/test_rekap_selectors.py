"""Rekap rows (SPEC §7): angka kredit per jenjang and predikat, pro rata, ranking, TPP, distribution."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from organisasi.models import JenjangFungsional
from penilaian.models import FaktorTpp, StatusEvaluasi
from penilaian.selectors_rekap import bulan_of, rekap_distribusi, rekap_rows, rekap_search
from perencanaan.models import StatusSkp
from tests.factories import InstansiFactory, JabatanFactory, PegawaiFactory, UnitKerjaFactory
from tests.perencanaan.conftest import Plan

from .rekap_world import annual, give, periodic, set_skp

# SPEC §7, written out here so that a wrong row of reference data fails the test.
PERSEN = {
    "sangat_baik": Decimal("150"),
    "baik": Decimal("100"),
    "butuh_perbaikan": Decimal("75"),
    "kurang": Decimal("50"),
    "sangat_kurang": Decimal("25"),
}
KOEFISIEN = {
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
}


def expected_ak(predikat: str, jenjang: str, bulan: int = 12) -> Decimal:
    return (PERSEN[predikat] / 100 * KOEFISIEN[jenjang] * bulan / 12).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@pytest.mark.django_db
def test_angka_kredit_of_every_jenjang_and_predikat_on_the_annual_period() -> None:
    unit = UnitKerjaFactory()
    instansi = unit.instansi
    tahunan = annual(instansi)
    jenjang_all = list(JenjangFungsional.objects.all())
    assert {j.kode for j in jenjang_all} == set(KOEFISIEN)
    expected: dict[str, Decimal] = {}
    for jenjang in jenjang_all:
        jabatan = JabatanFactory(instansi=instansi, jenis="fungsional", jenjang=jenjang)
        for predikat in PERSEN:
            pegawai = PegawaiFactory(instansi=instansi, unit_kerja=unit, jabatan=jabatan)
            give(set_skp(pegawai), tahunan, predikat)
            expected[pegawai.nip] = expected_ak(predikat, jenjang.kode)
    rows = {r.nip: r for r in rekap_rows(unit_ids=[unit.pk], periode=tahunan)}
    assert len(rows) == 40
    for nip, ak in expected.items():
        assert rows[nip].angka_kredit == ak, nip
        assert rows[nip].bulan_angka_kredit == 12
    # Spot checks straight from SPEC §7.
    assert expected_ak("sangat_baik", "ahli_muda") == Decimal("37.500")
    assert expected_ak("sangat_kurang", "pemula") == Decimal("0.938")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mulai", "selesai", "periode_nomor", "bulan"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), None, 6),  # a 6-month SKP, annual evaluation
        (dt.date(2026, 7, 15), dt.date(2026, 12, 31), None, 6),  # started mid-July: July … December
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), 1, 3),  # a triwulan
        (dt.date(2026, 1, 1), dt.date(2026, 6, 30), 2, 3),  # a triwulan of a short SKP: still the period's
    ],
)
def test_angka_kredit_is_pro_rata(mulai: dt.date, selesai: dt.date, periode_nomor: int | None, bulan: int) -> None:
    pegawai = PegawaiFactory(jabatan=JabatanFactory(fungsional=True))  # ahli muda, 25 a year
    instansi = pegawai.instansi
    periode = annual(instansi) if periode_nomor is None else periodic(instansi, periode_nomor)
    give(set_skp(pegawai, mulai=mulai, selesai=selesai), periode, "baik")
    [row] = rekap_rows(unit_ids=[pegawai.unit_kerja_id], periode=periode)
    assert row.bulan_angka_kredit == bulan
    assert row.angka_kredit == expected_ak("baik", "ahli_muda", bulan)


@pytest.mark.parametrize(
    ("mulai", "selesai", "bulan"),
    [((2026, 1), (2026, 12), 12), ((2026, 3), (2026, 3), 1), ((2025, 7), (2026, 12), 12), ((2026, 5), (2026, 4), 1)],
)
def test_bulan_is_capped_to_one_through_twelve(mulai: tuple[int, int], selesai: tuple[int, int], bulan: int) -> None:
    assert bulan_of(*mulai, *selesai) == bulan


@pytest.mark.django_db
def test_two_skp_in_a_year_add_up_their_angka_kredit_and_show_the_latest_predikat() -> None:
    pegawai = PegawaiFactory(jabatan=JabatanFactory(fungsional=True))
    tahunan = annual(pegawai.instansi)
    pertama = JabatanFactory(
        instansi=pegawai.instansi, jenis="fungsional", jenjang=JenjangFungsional.objects.get(kode="ahli_pertama")
    )
    give(set_skp(pegawai, selesai=dt.date(2026, 6, 30), jabatan=pertama), tahunan, "sangat_baik")
    give(set_skp(pegawai, mulai=dt.date(2026, 7, 1)), tahunan, "baik")
    [row] = rekap_rows(unit_ids=[pegawai.unit_kerja_id], periode=tahunan)
    assert row.predikat == "baik" and row.jumlah_evaluasi == 2
    assert row.angka_kredit == expected_ak("sangat_baik", "ahli_pertama", 6) + expected_ak("baik", "ahli_muda", 6)
    assert row.bulan_angka_kredit == 12


@pytest.mark.django_db
def test_rows_show_skp_status_ratings_and_not_rated_pegawai() -> None:
    unit = UnitKerjaFactory()
    instansi = unit.instansi
    tw1 = periodic(instansi, 1)
    rated = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Ani")
    draft_only = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Budi")
    no_skp = PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Citra")
    PegawaiFactory(instansi=instansi, unit_kerja=unit, nama="Dedi", aktif=False)
    give(set_skp(rated), tw1, "butuh_perbaikan")
    skp = set_skp(draft_only, status=StatusSkp.DIAJUKAN)
    give(skp, tw1, "baik", status=StatusEvaluasi.DRAFT)  # a draft is not a result yet
    rows = {r.nama: r for r in rekap_rows(unit_ids=[unit.pk], periode=tw1)}
    assert set(rows) == {rated.nama_lengkap, draft_only.nama_lengkap, no_skp.nama_lengkap}
    ani = rows[rated.nama_lengkap]
    assert (ani.skp_status, ani.rating_hasil, ani.rating_perilaku, ani.predikat) == (
        "ditetapkan",
        "di_bawah",
        "sesuai",
        "butuh_perbaikan",
    )
    assert str(ani.predikat_label) == "Butuh Perbaikan"
    assert ani.angka_kredit is None  # a pelaksana earns no angka kredit
    budi = rows[draft_only.nama_lengkap]
    assert budi.skp_status == "diajukan" and not budi.dinilai and str(budi.predikat_label) == "Belum dinilai"
    citra = rows[no_skp.nama_lengkap]
    assert citra.skp_status == "" and str(citra.skp_status_label) == "Belum disusun"


@pytest.mark.django_db
def test_a_changed_result_replaces_the_original_in_the_rekap() -> None:
    pegawai = PegawaiFactory(jabatan=JabatanFactory(fungsional=True))
    tahunan = annual(pegawai.instansi)
    skp = set_skp(pegawai)
    original = give(skp, tahunan, "kurang")
    changed = give(skp, tahunan, "baik", sebelumnya=original)
    [row] = rekap_rows(unit_ids=[pegawai.unit_kerja_id], periode=tahunan)
    assert row.predikat == "baik" and row.evaluasi_id == changed.pk
    assert row.angka_kredit == expected_ak("baik", "ahli_muda")


@pytest.mark.django_db
def test_ranking_within_each_unit_by_predikat_then_name() -> None:
    unit = UnitKerjaFactory()
    other = UnitKerjaFactory(instansi=unit.instansi, induk=unit)
    tw1 = periodic(unit.instansi, 1)
    people = [
        ("Zaki", unit, "sangat_baik"),
        ("Budi", unit, "baik"),
        ("Ahmad", unit, "baik"),
        ("Candra", unit, "sangat_kurang"),
        ("Dewi", unit, "kurang"),
        ("Eko", unit, None),
        ("Fani", other, "baik"),
    ]
    for nama, u, predikat in people:
        p = PegawaiFactory(instansi=unit.instansi, unit_kerja=u, nama=nama, gelar_depan="", gelar_belakang="")
        skp = set_skp(p)
        if predikat:
            give(skp, tw1, predikat)
    rows = rekap_rows(unit_ids=[unit.pk, other.pk], periode=tw1)
    order = [(r.nama, r.peringkat) for r in rows if r.unit_id == unit.pk]
    assert order == [("Zaki", 1), ("Ahmad", 2), ("Budi", 3), ("Dewi", 4), ("Candra", 5), ("Eko", None)]
    assert [(r.nama, r.peringkat) for r in rows if r.unit_id == other.pk] == [("Fani", 1)]
    # Searching keeps the real rank.
    assert [(r.nama, r.peringkat) for r in rekap_rows(unit_ids=[unit.pk], periode=tw1, q="budi")] == [("Budi", 3)]


@pytest.mark.django_db
def test_search_by_nip_prefix_with_spaces_or_by_name() -> None:
    unit = UnitKerjaFactory()
    tw1 = periodic(unit.instansi, 1)
    a = PegawaiFactory(instansi=unit.instansi, unit_kerja=unit, nama="Siti Rahma")
    b = PegawaiFactory(instansi=unit.instansi, unit_kerja=unit, nama="Joko")
    rows = rekap_rows(unit_ids=[unit.pk], periode=tw1)
    spaced = f"{a.nip[:8]} {a.nip[8:14]}"
    assert [r.nip for r in rekap_search(rows, spaced)] == [a.nip]
    assert [r.nip for r in rekap_search(rows, "RAHMA")] == [a.nip]
    assert {r.nip for r in rekap_search(rows, "  ")} == {a.nip, b.nip}
    assert rekap_search(rows, "tidak ada") == []


@pytest.mark.django_db
def test_tpp_factor_of_the_instansi_per_predikat() -> None:
    unit = UnitKerjaFactory()
    instansi = unit.instansi
    tw1 = periodic(instansi, 1)
    FaktorTpp.objects.create(instansi=instansi, predikat="sangat_baik", persen=Decimal("110"))
    FaktorTpp.objects.create(instansi=instansi, predikat="baik", persen=Decimal("100"))
    FaktorTpp.objects.create(instansi=InstansiFactory(), predikat="kurang", persen=Decimal("60"))  # not theirs
    expected = {"sangat_baik": Decimal("110"), "baik": Decimal("100"), "kurang": None}
    nip_of = {}
    for predikat in expected:
        p = PegawaiFactory(instansi=instansi, unit_kerja=unit)
        give(set_skp(p), tw1, predikat)
        nip_of[p.nip] = predikat
    unrated = PegawaiFactory(instansi=instansi, unit_kerja=unit)
    rows = {r.nip: r for r in rekap_rows(unit_ids=[unit.pk], periode=tw1)}
    for nip, predikat in nip_of.items():
        assert rows[nip].faktor_tpp == expected[predikat], predikat
    assert rows[unrated.nip].faktor_tpp is None


@pytest.mark.django_db
def test_only_the_period_asked_for_counts() -> None:
    pegawai = PegawaiFactory()
    tw1, tw2 = periodic(pegawai.instansi, 1), periodic(pegawai.instansi, 2)
    skp = set_skp(pegawai)
    give(skp, tw1, "sangat_baik")
    assert rekap_rows(unit_ids=[pegawai.unit_kerja_id], periode=tw2)[0].predikat == ""
    # An SKP that ended before the period is not the pegawai's SKP of that period.
    other = PegawaiFactory(instansi=pegawai.instansi, unit_kerja=pegawai.unit_kerja)
    set_skp(other, selesai=dt.date(2026, 3, 31))
    row = next(r for r in rekap_rows(unit_ids=[pegawai.unit_kerja_id], periode=tw2) if r.nip == other.nip)
    assert row.skp_status == ""


@pytest.mark.django_db
def test_distribution_per_unit_with_counts_and_shares() -> None:
    unit = UnitKerjaFactory(kode="A")
    sub = UnitKerjaFactory(instansi=unit.instansi, induk=unit, kode="B")
    tw1 = periodic(unit.instansi, 1)
    for u, predikat in [(unit, "baik"), (unit, "baik"), (unit, "sangat_baik"), (unit, None), (sub, "kurang")]:
        p = PegawaiFactory(instansi=unit.instansi, unit_kerja=u)
        skp = set_skp(p)
        if predikat:
            give(skp, tw1, predikat)
    distribusi = rekap_distribusi(rekap_rows(unit_ids=[unit.pk, sub.pk], periode=tw1))
    assert [d.unit_id for d in distribusi] == [unit.pk, sub.pk, None]
    first = distribusi[0]
    assert (first.jumlah_pegawai, first.dinilai, first.belum_dinilai) == (4, 3, 1)
    cells = {code: (n, persen) for code, _label, n, persen in first.sel}
    assert cells["baik"] == (2, Decimal("66.7"))
    assert cells["sangat_baik"] == (1, Decimal("33.3"))
    assert cells["kurang"] == (0, Decimal("0.0"))
    total = distribusi[-1]
    assert (total.jumlah_pegawai, total.dinilai) == (5, 4)
    assert {code: n for code, _l, n, _p in total.sel}["kurang"] == 1
    # One unit alone: no total line.
    assert len(rekap_distribusi(rekap_rows(unit_ids=[sub.pk], periode=tw1))) == 1


@pytest.mark.django_db
def test_the_kinerja_world_rekap(kinerja: object) -> None:
    plan: Plan = kinerja.plan  # type: ignore[attr-defined]
    tahunan = annual(plan.unit.instansi)
    rows = rekap_rows(unit_ids=[plan.unit.pk, plan.bidang.pk], periode=tahunan)
    by_nip = {r.nip: r for r in rows}
    assert by_nip[plan.staf.nip].skp_status == "ditetapkan"
    assert by_nip[plan.jpt.nip].skp_status == "draft"
    assert by_nip[plan.operator.nip].skp_status == ""
    assert plan.stranger.nip not in by_nip
