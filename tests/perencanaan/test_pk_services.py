"""Services of the Perjanjian Kinerja (perencanaan.services.pk) as units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from perencanaan.models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis, Satuan
from perencanaan.services import pk as services
from tests.factories import IkiFactory, IndikatorKinerjaFactory, RhkFactory, SasaranStrategisFactory, SkpFactory

from .conftest import Plan
from .test_pk_world import PkWorld, build_pk_world, nilai

pytestmark = pytest.mark.django_db


@pytest.fixture
def pkw(plan: Plan) -> PkWorld:
    return build_pk_world(plan)


def messages_of(exc: pytest.ExceptionInfo[ValidationError], field: str | None = None) -> str:
    error = exc.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)


# --- Rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("tahun", [2000, 2026, 2100])
def test_sensible_years_are_accepted(tahun: int) -> None:
    assert services.tahun_errors(tahun) == []


@pytest.mark.parametrize("tahun", [None, 0, 99, 1999, 2101, 99999])
def test_other_years_are_refused_in_indonesian(tahun: int | None) -> None:
    errors = services.tahun_errors(tahun)
    assert errors and ("Tahun" in errors[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86", Decimal("86")),
        ("4,3", Decimal("4.3")),
        ("4.3", Decimal("4.3")),
        (" 12,67 ", Decimal("12.67")),
        ("0", Decimal("0")),
        ("0,0001", Decimal("0.0001")),
        ("99999999999999", Decimal("99999999999999")),
    ],
)
def test_targets_are_read_as_indonesians_type_them(text: str, expected: Decimal) -> None:
    assert services.parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "harus berupa angka"),
        ("", "harus berupa angka"),
        ("NaN", "harus berupa angka"),
        ("Infinity", "harus berupa angka"),
        ("1,5,3", "harus berupa angka"),
        ("-1", "tidak boleh negatif"),
        ("4,12345", "paling banyak 4 angka di belakang koma"),
        ("999999999999999", "terlalu besar"),
    ],
)
def test_bad_targets_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.parse_target(text)
    assert message in messages_of(exc)


# --- Perjanjian Kinerja -----------------------------------------------------------------------


def test_pk_create_records_the_unit_year_and_author(pkw: PkWorld) -> None:
    perjanjian = services.pk_create(unit_kerja=pkw.plan.bidang, tahun=2027, by=pkw.plan.kabid.user)
    assert (perjanjian.unit_kerja, perjanjian.tahun, perjanjian.dibuat_oleh) == (
        pkw.plan.bidang,
        2027,
        pkw.plan.kabid.user,
    )


@pytest.mark.parametrize("tahun", [None, 1999, 2101, 99999])
def test_pk_create_refuses_a_bad_year(pkw: PkWorld, tahun: int | None) -> None:
    before = PerjanjianKinerja.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.pk_create(unit_kerja=pkw.plan.bidang, tahun=tahun, by=None)
    assert "tahun" in exc.value.message_dict
    assert PerjanjianKinerja.objects.count() == before


def test_pk_create_refuses_a_second_agreement_for_the_same_unit_and_year(pkw: PkWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        services.pk_create(unit_kerja=pkw.plan.bidang, tahun=2026, by=None)
    assert "sudah ada" in messages_of(exc, "tahun")
    assert PerjanjianKinerja.objects.filter(unit_kerja=pkw.plan.bidang).count() == 1


def test_the_same_year_for_another_unit_is_fine(pkw: PkWorld) -> None:
    PerjanjianKinerja.objects.filter(unit_kerja=pkw.lain).delete()
    assert services.pk_create(unit_kerja=pkw.lain, tahun=2026, by=None).tahun == 2026


def test_pk_update_changes_the_year(pkw: PkWorld) -> None:
    services.pk_update(perjanjian=pkw.pk_bidang, tahun=2025)
    pkw.pk_bidang.refresh_from_db()
    assert pkw.pk_bidang.tahun == 2025


def test_pk_update_refuses_a_year_already_used_by_the_unit(pkw: PkWorld) -> None:
    other = services.pk_create(unit_kerja=pkw.plan.bidang, tahun=2025, by=None)
    with pytest.raises(ValidationError) as exc:
        services.pk_update(perjanjian=other, tahun=2026)
    assert "sudah ada" in messages_of(exc, "tahun")
    other.refresh_from_db()
    assert other.tahun == 2025


def test_pk_update_refuses_a_new_year_once_an_skp_copied_from_it(pkw: PkWorld) -> None:
    RhkFactory(sasaran_pk=pkw.sasaran)
    with pytest.raises(ValidationError) as exc:
        services.pk_update(perjanjian=pkw.pk_bidang, tahun=2027)
    assert "1 SKP" in messages_of(exc, "tahun")
    # Saving the unchanged year is not a change.
    assert services.pk_update(perjanjian=pkw.pk_bidang, tahun=2026).tahun == 2026


def test_pk_delete_removes_the_year_with_its_sasaran_and_indikator(pkw: PkWorld) -> None:
    services.pk_delete(perjanjian=pkw.pk_bidang)
    assert not PerjanjianKinerja.objects.filter(pk=pkw.pk_bidang.pk).exists()
    assert not SasaranStrategis.objects.filter(pk=pkw.sasaran.pk).exists()
    assert not IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


def test_pk_delete_is_refused_once_a_sasaran_was_copied_naming_the_number_of_skp(pkw: PkWorld) -> None:
    first = RhkFactory(sasaran_pk=pkw.sasaran)
    RhkFactory(skp=first.skp, sasaran_pk=pkw.sasaran)  # same SKP twice counts once
    RhkFactory(sasaran_pk=pkw.sasaran)
    with pytest.raises(ValidationError) as exc:
        services.pk_delete(perjanjian=pkw.pk_bidang)
    assert "sudah disalin ke 2 SKP" in messages_of(exc)
    assert PerjanjianKinerja.objects.filter(pk=pkw.pk_bidang.pk).exists()


def test_pk_delete_is_refused_once_an_indikator_was_copied(pkw: PkWorld) -> None:
    IkiFactory(indikator_pk=pkw.indikator)
    with pytest.raises(ValidationError) as exc:
        services.pk_delete(perjanjian=pkw.pk_bidang)
    assert "1 SKP" in messages_of(exc)
    assert IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


def test_deleting_something_already_gone_is_an_error_not_a_crash(pkw: PkWorld) -> None:
    stale = PerjanjianKinerja.objects.get(pk=pkw.pk_lain.pk)
    PerjanjianKinerja.objects.filter(pk=stale.pk).delete()
    with pytest.raises(ValidationError) as exc:
        services.pk_delete(perjanjian=stale)
    assert "sudah dihapus" in messages_of(exc)


# --- Sasaran strategis ------------------------------------------------------------------------


def test_sasaran_create_appends_and_strips(pkw: PkWorld) -> None:
    sasaran = services.sasaran_create(perjanjian=pkw.pk_bidang, teks="  Terselenggaranya layanan internal  ")
    assert sasaran.teks == "Terselenggaranya layanan internal"
    assert sasaran.urutan > pkw.sasaran.urutan
    assert list(pkw.pk_bidang.sasaran.all()) == [pkw.sasaran, sasaran]


@pytest.mark.parametrize("teks", ["", "   \n "])
def test_sasaran_text_is_required(pkw: PkWorld, teks: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.sasaran_create(perjanjian=pkw.pk_bidang, teks=teks)
    assert messages_of(exc, "teks") == "Sasaran strategis wajib diisi."
    with pytest.raises(ValidationError):
        services.sasaran_update(sasaran=pkw.sasaran, teks=teks)
    pkw.sasaran.refresh_from_db()
    assert pkw.sasaran.teks.startswith("Meningkatnya")


def test_sasaran_text_has_a_length_limit(pkw: PkWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        services.sasaran_create(perjanjian=pkw.pk_bidang, teks="x" * 2001)
    assert "terlalu panjang" in messages_of(exc, "teks")


def test_sasaran_update_may_change_a_copied_sasaran_the_skp_keeps_its_copy(pkw: PkWorld) -> None:
    rhk = RhkFactory(sasaran_pk=pkw.sasaran, teks=pkw.sasaran.teks)
    services.sasaran_update(sasaran=pkw.sasaran, teks="Teks baru")
    rhk.refresh_from_db()
    assert rhk.teks.startswith("Meningkatnya") and rhk.sasaran_pk == pkw.sasaran


def test_sasaran_delete_removes_its_indikator(pkw: PkWorld) -> None:
    services.sasaran_delete(sasaran=pkw.sasaran)
    assert not IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


def test_sasaran_delete_is_refused_when_copied_as_rhk_or_its_indikator_as_iki(pkw: PkWorld) -> None:
    RhkFactory(sasaran_pk=pkw.sasaran)
    with pytest.raises(ValidationError) as exc:
        services.sasaran_delete(sasaran=pkw.sasaran)
    assert "sudah disalin ke 1 SKP" in messages_of(exc)
    other = SasaranStrategisFactory(perjanjian=pkw.pk_bidang)
    IkiFactory(indikator_pk=IndikatorKinerjaFactory(sasaran=other))
    with pytest.raises(ValidationError):
        services.sasaran_delete(sasaran=other)
    assert SasaranStrategis.objects.filter(pk__in=[pkw.sasaran.pk, other.pk]).count() == 2


# --- Indikator kinerja ------------------------------------------------------------------------


def test_indikator_create_appends_with_target_and_satuan(pkw: PkWorld) -> None:
    persen = Satuan.objects.get(nama="Persen (%)")
    indikator = services.indikator_create(
        sasaran=pkw.sasaran, teks=" Tingkat pemenuhan layanan ", target=Decimal("86"), satuan=persen
    )
    assert (indikator.teks, indikator.target, indikator.satuan) == ("Tingkat pemenuhan layanan", Decimal("86"), persen)
    assert list(pkw.sasaran.indikator.all()) == [pkw.indikator, indikator]


def test_indikator_create_reports_every_problem_at_once_and_saves_nothing(pkw: PkWorld) -> None:
    with pytest.raises(ValidationError) as exc:
        services.indikator_create(sasaran=pkw.sasaran, teks=" ", target=Decimal("-1"), satuan=None)
    errors = exc.value.message_dict
    assert errors["teks"] == ["Indikator wajib diisi."]
    assert errors["target"] == ["Target tidak boleh negatif."]
    assert errors["satuan"] == ["Pilih satuan target."]
    assert pkw.sasaran.indikator.count() == 1


@pytest.mark.parametrize(
    "target", [None, Decimal("NaN"), Decimal("-0.5"), Decimal("1.00001"), Decimal("1E+15")], ids=str
)
def test_indikator_target_must_be_a_storable_number_not_below_zero(pkw: PkWorld, target: Decimal | None) -> None:
    with pytest.raises(ValidationError) as exc:
        services.indikator_create(sasaran=pkw.sasaran, teks="X", target=target, satuan=nilai())
    assert "target" in exc.value.message_dict


def test_a_retired_satuan_cannot_be_chosen_but_an_indikator_keeps_its_own(pkw: PkWorld) -> None:
    Satuan.objects.filter(pk=nilai().pk).update(aktif=False)
    retired = nilai()
    with pytest.raises(ValidationError) as exc:
        services.indikator_create(sasaran=pkw.sasaran, teks="X", target=Decimal("1"), satuan=retired)
    assert "tidak lagi dipakai" in messages_of(exc, "satuan")
    # The existing indikator already uses it: editing its text keeps the satuan.
    services.indikator_update(indikator=pkw.indikator, teks="Baru", target=Decimal("5"), satuan=retired)
    pkw.indikator.refresh_from_db()
    assert (pkw.indikator.teks, pkw.indikator.target) == ("Baru", Decimal("5"))
    other = IndikatorKinerjaFactory(sasaran=pkw.sasaran)
    with pytest.raises(ValidationError):
        services.indikator_update(indikator=other, teks="X", target=Decimal("1"), satuan=retired)


def test_indikator_update_refuses_bad_input_and_keeps_the_old_values(pkw: PkWorld) -> None:
    with pytest.raises(ValidationError):
        services.indikator_update(indikator=pkw.indikator, teks="", target=Decimal("-3"), satuan=nilai())
    pkw.indikator.refresh_from_db()
    assert pkw.indikator.target == Decimal("4.3")


def test_indikator_delete(pkw: PkWorld) -> None:
    services.indikator_delete(indikator=pkw.indikator)
    assert not IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


def test_indikator_delete_is_refused_once_copied_as_iki(pkw: PkWorld) -> None:
    skp = SkpFactory()
    IkiFactory(rhk=RhkFactory(skp=skp), indikator_pk=pkw.indikator)
    IkiFactory(rhk=RhkFactory(skp=skp), indikator_pk=pkw.indikator)
    with pytest.raises(ValidationError) as exc:
        services.indikator_delete(indikator=pkw.indikator)
    assert messages_of(exc) == "Indikator ini tidak dapat dihapus karena sudah disalin ke 1 SKP."
    assert services.indikator_delete_problem(pkw.indikator) == messages_of(exc)
    # A copy of the sasaran (as an RHK) does not hold its indikator.
    other = IndikatorKinerjaFactory(sasaran=pkw.sasaran)
    RhkFactory(sasaran_pk=pkw.sasaran)
    services.indikator_delete(indikator=other)
