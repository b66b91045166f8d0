import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from perencanaan.models import Iki, PerilakuSkp, Rhk, RiwayatSkp, Skp, StatusSkp
from perencanaan.services.skp import (
    TRANSITIONS,
    SkpTransitionError,
    skp_approve,
    skp_create,
    skp_delete,
    skp_return,
    skp_revise,
    skp_submit,
)
from tests.factories import IkiFactory, RhkFactory

from .conftest import Plan


def make_complete(skp: Skp, *, leader_rhk: Rhk | None = None) -> Rhk:
    rhk = RhkFactory(skp=skp, intervensi=leader_rhk)
    IkiFactory(rhk=rhk)
    return rhk


def leader_rhk(plan: Plan) -> Rhk:
    skp = skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.kabid.user,
    )
    return RhkFactory(skp=skp)


def test_create_makes_a_draft_with_seven_perilaku_and_the_atasan_as_penilai(plan: Plan) -> None:
    skp = plan.skp_staf
    assert skp.status == StatusSkp.DRAFT and skp.is_editable
    assert skp.pejabat_penilai == plan.kabid
    assert skp.jenis_form == "jajf"
    assert PerilakuSkp.objects.filter(skp=skp).count() == 7
    assert list(RiwayatSkp.objects.filter(skp=skp).values_list("ke_status", flat=True)) == ["draft"]


def test_jpt_gets_the_jpt_form(plan: Plan) -> None:
    skp = skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 6, 30),
        pendekatan="kualitatif",
        by=None,
    )
    assert skp.jenis_form == "jpt" and skp.is_jpt


@pytest.mark.parametrize(
    ("mulai", "selesai", "fragment"),
    [
        (dt.date(2026, 5, 1), dt.date(2026, 4, 1), "sebelum tanggal awal"),
        (dt.date(2026, 12, 1), dt.date(2027, 1, 31), "satu tahun kalender"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "bertumpang tindih"),
    ],
)
def test_bad_periods_are_refused(plan: Plan, mulai: dt.date, selesai: dt.date, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        skp_create(pegawai=plan.staf, periode_mulai=mulai, periode_selesai=selesai, pendekatan="kuantitatif", by=None)
    assert fragment in str(exc.value)


def test_a_second_period_in_the_same_year_that_does_not_overlap_is_fine(plan: Plan) -> None:
    plan.skp_staf.periode_selesai = dt.date(2026, 6, 30)
    plan.skp_staf.save()
    skp_create(
        pegawai=plan.staf,
        periode_mulai=dt.date(2026, 7, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kualitatif",
        by=None,
    )


def test_submit_lists_every_problem(plan: Plan) -> None:
    skp = plan.skp_staf
    with pytest.raises(SkpTransitionError) as exc:
        skp_submit(skp=skp, by=plan.staf.user)
    assert exc.value.problems == ["Belum ada rencana hasil kerja utama."]
    rhk = RhkFactory(skp=skp, teks="Pelayanan konsultasi")
    with pytest.raises(SkpTransitionError) as exc:
        skp_submit(skp=skp, by=plan.staf.user)
    assert "RHK “Pelayanan konsultasi” belum memiliki indikator kinerja individu." in exc.value.problems
    assert "RHK utama “Pelayanan konsultasi” belum memilih RHK pimpinan yang diintervensi." in exc.value.problems
    IkiFactory(rhk=rhk, aspek="", teks="Jumlah konsultasi")
    with pytest.raises(SkpTransitionError) as exc:
        skp_submit(skp=skp, by=plan.staf.user)
    assert "IKI “Jumlah konsultasi” belum memiliki aspek." in exc.value.problems
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


def test_jpt_iki_needs_perspektif(plan: Plan) -> None:
    skp = skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=None,
    )
    plan.jpt.atasan = plan.operator  # any atasan, so that only the perspektif is missing
    plan.jpt.save()
    rhk = RhkFactory(skp=skp)
    IkiFactory(rhk=rhk, aspek="", perspektif="", teks="Indeks kepuasan")
    with pytest.raises(SkpTransitionError) as exc:
        skp_submit(skp=skp, by=None)
    assert exc.value.problems == ["IKI “Indeks kepuasan” belum memiliki perspektif."]


def test_full_cycle_submit_return_resubmit_approve_revise(plan: Plan) -> None:
    skp = plan.skp_staf
    make_complete(skp, leader_rhk=leader_rhk(plan))
    skp = skp_submit(skp=skp, by=plan.staf.user)
    assert skp.status == StatusSkp.DIAJUKAN and skp.diajukan_pada is not None and not skp.is_editable
    with pytest.raises(ValidationError):
        skp_return(skp=skp, by=plan.kabid.user, catatan="  ")
    skp = skp_return(skp=skp, by=plan.kabid.user, catatan="Target kuantitas terlalu rendah.")
    assert skp.status == StatusSkp.DIKEMBALIKAN and skp.is_editable
    assert skp.catatan_pengembalian == "Target kuantitas terlalu rendah."
    skp = skp_submit(skp=skp, by=plan.staf.user)
    skp = skp_approve(skp=skp, by=plan.kabid.user)
    assert skp.status == StatusSkp.DITETAPKAN and skp.ditetapkan_oleh == plan.kabid.user
    assert skp.identitas["pegawai"]["nip"] == plan.staf.nip
    assert skp.identitas["pejabat_penilai"]["nama"] == plan.kabid.nama_lengkap
    assert skp.identitas["atasan_pejabat_penilai"]["nip"] == plan.jpt.nip
    with pytest.raises(SkpTransitionError):
        skp_submit(skp=skp, by=plan.staf.user)
    with pytest.raises(SkpTransitionError):
        skp_delete(skp=skp)
    new = skp_revise(skp=skp, by=plan.staf.user, alasan="Penugasan baru sebagai ketua tim.")
    old = Skp.objects.get(pk=skp.pk)
    assert old.status == StatusSkp.DIREVISI and old.identitas["pegawai"]["nip"] == plan.staf.nip
    assert new.status == StatusSkp.DRAFT and new.versi == 2 and new.revisi_dari == old
    assert Rhk.objects.filter(skp=new).count() == 1 and Iki.objects.filter(rhk__skp=new).count() == 1
    assert Rhk.objects.filter(skp=old).count() == 1  # the set version is kept, untouched
    assert PerilakuSkp.objects.filter(skp=new).count() == 7
    steps = list(RiwayatSkp.objects.filter(skp=old).values_list("ke_status", flat=True))
    assert steps == ["draft", "diajukan", "dikembalikan", "diajukan", "ditetapkan", "direvisi"]


def test_identity_snapshot_does_not_follow_later_changes(plan: Plan) -> None:
    skp = plan.skp_staf
    make_complete(skp, leader_rhk=leader_rhk(plan))
    skp_submit(skp=skp, by=None)
    skp = skp_approve(skp=Skp.objects.get(pk=skp.pk), by=None)
    old_name = plan.staf.nama_lengkap
    plan.staf.nama = "Nama Baru"
    plan.staf.save()
    skp.refresh_from_db()
    assert skp.identitas["pegawai"]["nama"] == old_name


def test_illegal_moves_are_refused_with_a_message(plan: Plan) -> None:
    skp = plan.skp_staf
    with pytest.raises(SkpTransitionError) as exc:
        skp_approve(skp=skp, by=None)
    assert "Draf tidak dapat diubah menjadi Ditetapkan" in exc.value.message
    with pytest.raises(SkpTransitionError):
        skp_return(skp=skp, by=None, catatan="x")
    with pytest.raises(SkpTransitionError):
        skp_revise(skp=skp, by=None, alasan="x")
    assert ("draft", "ditetapkan") not in TRANSITIONS


def test_only_a_never_submitted_draft_can_be_deleted(plan: Plan) -> None:
    skp = plan.skp_staf
    skp_delete(skp=skp)
    assert not Skp.objects.filter(pk=skp.pk).exists()


def test_deadline_flag(plan: Plan) -> None:
    skp = plan.skp_staf
    assert skp.terlambat_ditetapkan  # today is past 31 January 2026 and it is not set
    skp.periode_mulai, skp.periode_selesai = dt.date(2099, 1, 1), dt.date(2099, 12, 31)
    assert not skp.terlambat_ditetapkan


def test_range_target_must_be_ordered(plan: Plan) -> None:
    from django.db import IntegrityError, transaction

    rhk = RhkFactory(skp=plan.skp_staf)
    with pytest.raises(IntegrityError), transaction.atomic():
        IkiFactory(rhk=rhk, target_min=Decimal(10), target_max=Decimal(5))


def test_revising_a_leader_skp_carries_its_matriks_and_subordinate_links(plan: Plan) -> None:
    from perencanaan.models import MatriksPeranHasil

    leader = leader_rhk(plan)
    leader_skp = leader.skp
    leader_skp.pendekatan = "kualitatif"  # no intervensi needed for the leader's own RHK
    leader_skp.save()
    IkiFactory(rhk=leader)
    matriks = MatriksPeranHasil.objects.create(rhk=leader)
    staf_rhk = make_complete(plan.skp_staf, leader_rhk=leader)
    skp_submit(skp=leader_skp, by=None)
    leader_skp = skp_approve(skp=Skp.objects.get(pk=leader_skp.pk), by=None)
    new = skp_revise(skp=leader_skp, by=None, alasan="Mutasi tim")
    copy = Rhk.objects.get(skp=new, teks=leader.teks)
    matriks.refresh_from_db()
    staf_rhk.refresh_from_db()
    assert matriks.rhk == copy
    assert staf_rhk.intervensi == copy
    assert Rhk.objects.filter(pk=leader.pk, skp=leader_skp).exists()  # the set version keeps its RHK
