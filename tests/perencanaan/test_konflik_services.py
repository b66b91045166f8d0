"""No silent overwrite in the plan's services: each record edited in place refuses a save made
from a form opened on an older version of that record (`versi_of`), writes nothing, and names
the record's current value and the user's input; the right version saves, None is unchecked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from organisasi.konflik import STALE_CODE, StaleEditError, versi_of
from perencanaan.models import (
    IndikatorKinerja,
    LampiranSkp,
    ManualIndikator,
    PerjanjianKinerja,
    RencanaAksi,
    Rhk,
    SasaranStrategis,
    Skp,
    Workblock,
    WorkblockItem,
)
from perencanaan.services import pk as pk_services
from perencanaan.services.rencana import manual_indikator_save, rhk_update
from perencanaan.services.sections import (
    lampiran_update,
    rencana_aksi_update,
    workblock_item_update,
    workblock_update,
)
from perencanaan.services.skp import skp_update_periode
from tests.factories import IkiFactory, RhkFactory

from .conftest import Plan
from .test_pk_world import build_pk_world, nilai
from .test_rencana_services import give_jpt_an_atasan, manual_kwargs, new_skp
from .test_sections_services import WB


@dataclass
class Case:
    """One kind of record: how to write a value with a version, read it back, and how a value
    reads in the refusal."""

    record: Callable[[], Any]
    save: Callable[[int | None, str], object]
    current: Callable[[], str]
    shown: Callable[[str], str] = lambda value: value


def _rhk(plan: Plan) -> Case:
    rhk = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Awal")

    def save(versi: int | None, teks: str) -> object:
        return rhk_update(rhk=Rhk.objects.get(pk=rhk.pk), jenis="tambahan", teks=teks, versi=versi)

    return Case(lambda: Rhk.objects.get(pk=rhk.pk), save, lambda: Rhk.objects.get(pk=rhk.pk).teks)


def _jpt_skp(plan: Plan) -> Skp:
    give_jpt_an_atasan(plan)
    return new_skp(plan.jpt)


def _manual(plan: Plan) -> Case:
    iki = IkiFactory(rhk=RhkFactory(skp=_jpt_skp(plan)), aspek="", perspektif="proses_bisnis")
    manual_indikator_save(iki=iki, **manual_kwargs(definisi="Awal"))

    def save(versi: int | None, teks: str) -> object:
        return manual_indikator_save(iki=iki, **manual_kwargs(definisi=teks), versi=versi)

    def record() -> ManualIndikator:
        return ManualIndikator.objects.get(iki=iki)

    return Case(record, save, lambda: record().definisi)


def _lampiran(plan: Plan) -> Case:
    line = LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Awal")

    def save(versi: int | None, teks: str) -> object:
        return lampiran_update(lampiran=LampiranSkp.objects.get(pk=line.pk), teks=teks, versi=versi)

    return Case(lambda: LampiranSkp.objects.get(pk=line.pk), save, lambda: LampiranSkp.objects.get(pk=line.pk).teks)


def _aksi(plan: Plan) -> Case:
    aksi = RencanaAksi.objects.create(rhk=RhkFactory(skp=plan.skp_staf), teks="Awal", urutan=0)

    def save(versi: int | None, teks: str) -> object:
        return rencana_aksi_update(aksi=RencanaAksi.objects.get(pk=aksi.pk), teks=teks, versi=versi)

    return Case(lambda: RencanaAksi.objects.get(pk=aksi.pk), save, lambda: RencanaAksi.objects.get(pk=aksi.pk).teks)


def _workblock(plan: Plan) -> Case:
    wb = Workblock.objects.create(skp=_jpt_skp(plan), **{**WB, "judul": "Awal"})

    def save(versi: int | None, teks: str) -> object:
        return workblock_update(workblock=Workblock.objects.get(pk=wb.pk), **{**WB, "judul": teks}, versi=versi)

    return Case(lambda: Workblock.objects.get(pk=wb.pk), save, lambda: Workblock.objects.get(pk=wb.pk).judul)


def _butir(plan: Plan) -> Case:
    wb = Workblock.objects.create(skp=_jpt_skp(plan), **WB)
    item = WorkblockItem.objects.create(workblock=wb, jenis="strategi", sifat="rutin", teks="Awal", urutan=0)

    def save(versi: int | None, teks: str) -> object:
        return workblock_item_update(item=WorkblockItem.objects.get(pk=item.pk), teks=teks, versi=versi)

    return Case(lambda: WorkblockItem.objects.get(pk=item.pk), save, lambda: WorkblockItem.objects.get(pk=item.pk).teks)


SELESAI = {"Pertama": dt.date(2026, 6, 30), "Kedua": dt.date(2026, 9, 30), "Ketiga": dt.date(2026, 10, 31)}


def _skp(plan: Plan) -> Case:
    def save(versi: int | None, label: str) -> object:
        return skp_update_periode(
            skp=Skp.objects.get(pk=plan.skp_staf.pk),
            periode_mulai=dt.date(2026, 1, 1),
            periode_selesai=SELESAI[label],
            pendekatan="kuantitatif",
            versi=versi,
        )

    def current() -> str:
        selesai = Skp.objects.get(pk=plan.skp_staf.pk).periode_selesai
        return next((label for label, day in SELESAI.items() if day == selesai), str(selesai))

    return Case(lambda: Skp.objects.get(pk=plan.skp_staf.pk), save, current, lambda label: f"{SELESAI[label]:%d-%m-%Y}")


TAHUN = {"Pertama": 2025, "Kedua": 2024, "Ketiga": 2023}


def _perjanjian(plan: Plan) -> Case:
    pk = build_pk_world(plan).pk_bidang.pk

    def save(versi: int | None, label: str) -> object:
        return pk_services.pk_update(perjanjian=PerjanjianKinerja.objects.get(pk=pk), tahun=TAHUN[label], versi=versi)

    def current() -> str:
        tahun = PerjanjianKinerja.objects.get(pk=pk).tahun
        return next((label for label, year in TAHUN.items() if year == tahun), str(tahun))

    return Case(lambda: PerjanjianKinerja.objects.get(pk=pk), save, current, lambda label: f"tahun {TAHUN[label]}")


def _sasaran(plan: Plan) -> Case:
    pk = build_pk_world(plan).sasaran.pk

    def save(versi: int | None, teks: str) -> object:
        return pk_services.sasaran_update(sasaran=SasaranStrategis.objects.get(pk=pk), teks=teks, versi=versi)

    return Case(lambda: SasaranStrategis.objects.get(pk=pk), save, lambda: SasaranStrategis.objects.get(pk=pk).teks)


def _indikator(plan: Plan) -> Case:
    pk = build_pk_world(plan).indikator.pk

    def save(versi: int | None, teks: str) -> object:
        indikator = IndikatorKinerja.objects.get(pk=pk)
        return pk_services.indikator_update(
            indikator=indikator, teks=teks, target=Decimal("4.5"), satuan=nilai(), versi=versi
        )

    return Case(lambda: IndikatorKinerja.objects.get(pk=pk), save, lambda: IndikatorKinerja.objects.get(pk=pk).teks)


CASES: dict[str, Callable[[Plan], Case]] = {
    "rhk": _rhk,
    "manual_indikator": _manual,
    "lampiran": _lampiran,
    "rencana_aksi": _aksi,
    "workblock": _workblock,
    "workblock_item": _butir,
    "skp_periode": _skp,
    "perjanjian": _perjanjian,
    "sasaran": _sasaran,
    "indikator": _indikator,
}


@pytest.mark.parametrize("kind", CASES)
def test_a_save_from_an_older_version_is_refused_and_writes_nothing(plan: Plan, kind: str) -> None:
    case = CASES[kind](plan)
    opened = versi_of(case.record())
    case.save(opened, "Pertama")  # the version the form was opened on: saved
    assert case.current() == "Pertama"
    saved = versi_of(case.record())
    assert saved != opened
    with pytest.raises(StaleEditError) as refused:
        case.save(opened, "Kedua")
    assert refused.value.code == STALE_CODE
    message = " ".join(refused.value.messages)
    assert "setelah Anda membuka formulir" in message
    assert case.shown("Pertama") in message.split("isian Anda")[0]  # what is current now
    assert case.shown("Kedua") in message.split("isian Anda")[1]  # what the user typed
    assert case.current() == "Pertama" and versi_of(case.record()) == saved
    case.save(saved, "Kedua")
    assert case.current() == "Kedua"


@pytest.mark.parametrize("kind", CASES)
def test_no_version_is_not_checked(plan: Plan, kind: str) -> None:
    case = CASES[kind](plan)
    case.save(None, "Pertama")
    case.save(None, "Ketiga")
    assert case.current() == "Ketiga"


def test_a_manual_indikator_opened_before_any_was_saved_is_version_0(plan: Plan) -> None:
    iki = IkiFactory(rhk=RhkFactory(skp=_jpt_skp(plan)), aspek="", perspektif="proses_bisnis")
    manual_indikator_save(iki=iki, **manual_kwargs(definisi="Tab pertama"), versi=0)
    with pytest.raises(StaleEditError, match="Tab pertama"):
        manual_indikator_save(iki=iki, **manual_kwargs(definisi="Tab kedua"), versi=0)
    assert ManualIndikator.objects.get(iki=iki).definisi == "Tab pertama"


def test_editing_one_rhk_does_not_make_another_stale(plan: Plan) -> None:
    one = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Satu")
    two = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Dua")
    opened = versi_of(two)
    rhk_update(rhk=one, jenis="tambahan", teks="Satu diubah", versi=versi_of(one))
    rhk_update(rhk=two, jenis="tambahan", teks="Dua diubah", versi=opened)
    assert set(Rhk.objects.filter(pk__in=[one.pk, two.pk]).values_list("teks", flat=True)) == {
        "Satu diubah",
        "Dua diubah",
    }
