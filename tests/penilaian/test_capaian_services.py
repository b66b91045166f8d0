"""Capaian kinerja organisasi (SPEC §6.1): set by the leader above, history kept, suggestion shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from organisasi.konflik import STALE_CODE, StaleEditError
from pelaksanaan.models import Realisasi
from pelaksanaan.periode import periode_ensure
from penilaian.models import CapaianUnit
from penilaian.selectors import capaian_suggestion, capaian_suggestions, capaian_unit_current
from penilaian.services.capaian import capaian_unit_set
from perencanaan.models import Iki, Rhk
from tests.factories import UnitKerjaFactory
from tests.kinerja_world import Kinerja

from .evaluasi_support import periode


def test_the_leader_above_sets_and_a_change_keeps_the_history(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    bidang = kinerja.plan.bidang
    first = capaian_unit_set(unit=bidang, periode=p, capaian="baik", catatan="Sesuai PK", by=kinerja.jpt.user)
    assert first.ditetapkan_oleh == kinerja.jpt and first.dibuat_oleh == kinerja.jpt.user
    same = capaian_unit_set(unit=bidang, periode=p, capaian="baik", catatan=" Sesuai PK ", by=kinerja.jpt.user)
    assert same.pk == first.pk  # nothing changed, no new row
    second = capaian_unit_set(
        unit=bidang, periode=p, capaian="istimewa", catatan="Target terlampaui", by=kinerja.jpt.user
    )
    first.refresh_from_db()
    assert first.diganti_pada is not None and first.capaian == "baik"
    assert capaian_unit_current(bidang, p) == second
    assert CapaianUnit.objects.filter(unit_kerja=bidang).count() == 2


@pytest.mark.parametrize("who", ["kabid", "staf", "outsider", "operator", "stranger"])
def test_nobody_else_sets_it(kinerja: Kinerja, who: str) -> None:
    with pytest.raises(ValidationError, match="pimpinan di atasnya"):
        capaian_unit_set(
            unit=kinerja.plan.bidang,
            periode=periode(kinerja),
            capaian="baik",
            catatan="",
            by=getattr(kinerja.plan, who).user,
        )
    assert not CapaianUnit.objects.exists()


def test_the_head_of_a_parent_unit_sets_the_capaian_of_its_sub_units(kinerja: Kinerja) -> None:
    seksi = UnitKerjaFactory(instansi=kinerja.staf.instansi, induk=kinerja.plan.bidang, nama="Seksi Diklat")
    row = capaian_unit_set(unit=seksi, periode=periode(kinerja), capaian="kurang", catatan="", by=kinerja.kabid.user)
    assert row.capaian == "kurang"


def test_bad_input_is_refused(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    with pytest.raises(ValidationError) as err:
        capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="luar_biasa", catatan="", by=kinerja.jpt.user)
    assert "capaian" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="x" * 2001, by=kinerja.jpt.user)
    assert "catatan" in err.value.error_dict
    foreign = periode_ensure(instansi=kinerja.plan.stranger.instansi, tahun=2026)[0]
    with pytest.raises(ValidationError) as err:
        capaian_unit_set(unit=kinerja.plan.bidang, periode=foreign, capaian="baik", catatan="", by=kinerja.jpt.user)
    assert "periode" in err.value.error_dict
    assert not CapaianUnit.objects.exists()


def _kabid_iki(kinerja: Kinerja, n: int) -> list[Iki]:
    rhk = Rhk.objects.get(skp=kinerja.skp_kabid, jenis="utama")
    existing = list(Iki.objects.filter(rhk=rhk))
    for i in range(n - len(existing)):
        existing.append(Iki.objects.create(rhk=rhk, teks=f"IKI {i}", aspek="kuantitas", target_min=10))
    return existing


def _realisasi(kinerja: Kinerja, iki: Iki, nilai: str) -> None:
    Realisasi.objects.create(
        skp=kinerja.skp_kabid, periode=periode(kinerja), rhk=iki.rhk, iki=iki, nilai=Decimal(nilai)
    )


def test_suggestion_from_the_unit_heads_iki_with_its_basis(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    bidang = kinerja.plan.bidang
    saran = capaian_suggestion(bidang, p)
    assert saran.capaian is None and "belum mengisi realisasi" in saran.dasar
    iki = _kabid_iki(kinerja, 10)
    for i, item in enumerate(iki):
        _realisasi(kinerja, item, "1000" if i < 1 else ("10" if i < 8 else "5"))
    saran = capaian_suggestion(bidang, p)
    # 8 of 10 met (the first target is 100, the others 10): Baik.
    assert saran.capaian == "baik" and (saran.tercapai, saran.jumlah) == (8, 10)
    assert saran.dasar == "8 dari 10 target IKI utama kepala unit tercapai"


def test_suggestion_mentions_iki_without_realisasi(kinerja: Kinerja) -> None:
    iki = _kabid_iki(kinerja, 3)
    _realisasi(kinerja, iki[0], "150")
    saran = capaian_suggestion(kinerja.plan.bidang, periode(kinerja))
    assert saran.capaian == "istimewa" and saran.tanpa_realisasi == 2
    assert "(2 IKI belum ada realisasinya)" in saran.dasar


def test_suggestion_without_head_or_set_skp(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    tanpa_kepala = UnitKerjaFactory(instansi=kinerja.staf.instansi, induk=kinerja.plan.unit)
    assert "belum memiliki kepala unit" in capaian_suggestion(tanpa_kepala, p).dasar
    # The JPT's SKP is a draft.
    assert "belum memiliki SKP yang ditetapkan" in capaian_suggestion(kinerja.plan.unit, p).dasar


def test_suggestions_for_many_units_take_a_fixed_number_of_queries(
    kinerja: Kinerja, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    units = [kinerja.plan.bidang, kinerja.plan.unit]
    for i in range(20):
        units.append(
            UnitKerjaFactory(
                instansi=kinerja.staf.instansi, induk=kinerja.plan.unit, kepala=kinerja.kabid, kode=f"U{i}"
            )
        )
    _realisasi(kinerja, _kabid_iki(kinerja, 1)[0], "100")
    p = periode(kinerja)
    with django_assert_max_num_queries(3):
        found = capaian_suggestions(units, p)
    assert len(found) == 22 and found[kinerja.plan.bidang.pk].capaian == "baik"


# --- No silent overwrite --------------------------------------------------------------------------


def test_a_stale_capaian_is_refused_naming_the_current_one_and_the_input(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    bidang = kinerja.plan.bidang
    first = capaian_unit_set(unit=bidang, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user, dari=0)
    # Two forms opened on `first`; the other one saves first.
    second = capaian_unit_set(
        unit=bidang, periode=p, capaian="istimewa", catatan="PK terlampaui", by=kinerja.jpt.user, dari=first.pk
    )
    with pytest.raises(StaleEditError) as exc:
        capaian_unit_set(
            unit=bidang, periode=p, capaian="kurang", catatan="Target meleset", by=kinerja.jpt.user, dari=first.pk
        )
    assert exc.value.code == STALE_CODE
    message = " ".join(exc.value.messages)
    assert f"oleh {kinerja.jpt.nama_lengkap}" in message
    assert f"capaian kinerja organisasi {bidang.nama}: Baik → Istimewa" in message
    assert "isian Anda: capaian Kurang, catatan “Target meleset”" in message
    assert list(CapaianUnit.objects.filter(diganti_pada__isnull=True).values_list("pk", flat=True)) == [second.pk]
    assert CapaianUnit.objects.count() == 2
    # A form opened before anything was set does not replace what was set since.
    with pytest.raises(StaleEditError, match="belum ditetapkan → Istimewa"):
        capaian_unit_set(unit=bidang, periode=p, capaian="kurang", catatan="", by=kinerja.jpt.user, dari=0)
    assert CapaianUnit.objects.count() == 2
    # Choosing what is current already loses nothing: no refusal, no new row.
    same = capaian_unit_set(
        unit=bidang, periode=p, capaian="istimewa", catatan="PK terlampaui", by=kinerja.jpt.user, dari=first.pk
    )
    assert same.pk == second.pk and CapaianUnit.objects.count() == 2
    # Opened on the current row the change goes through; without `dari` nothing is checked.
    third = capaian_unit_set(unit=bidang, periode=p, capaian="kurang", catatan="", by=kinerja.jpt.user, dari=second.pk)
    assert third.capaian == "kurang"
    fourth = capaian_unit_set(unit=bidang, periode=p, capaian="baik", catatan="", by=None, dari=None)
    assert capaian_unit_current(bidang, p) == fourth
