import pytest
from django.core.management import call_command

from organisasi.demo import seed_organisasi
from perencanaan.demo import seed_perencanaan
from perencanaan.models import BarisMatriks, MatriksPeranHasil, PeranHasil, Rhk, Skp, StatusSkp
from perencanaan.services.skp import submission_problems

pytestmark = pytest.mark.django_db


def test_demo_plans_cover_every_state_and_both_matrix_levels() -> None:
    cast = seed_organisasi()
    plans = seed_perencanaan(cast, tahun=2026)
    statuses = {key: skp.status for key, skp in plans.skp.items()}
    assert statuses["kepala_badan"] == StatusSkp.DITETAPKAN and plans.skp["kepala_badan"].is_jpt
    assert statuses["pranata_komputer_v1"] == StatusSkp.DIREVISI
    assert statuses["pranata_komputer"] == StatusSkp.DIAJUKAN and plans.skp["pranata_komputer"].versi == 2
    assert statuses["pelaksana"] == StatusSkp.DIKEMBALIKAN and not plans.skp["pelaksana"].is_kuantitatif
    assert statuses["pppk"] == StatusSkp.DRAFT
    assert statuses["sekretaris"] == StatusSkp.DIAJUKAN
    assert MatriksPeranHasil.objects.count() == 2
    level2 = MatriksPeranHasil.objects.get(rhk=plans.rhk["kabid_kinerja"])
    assert BarisMatriks.objects.filter(matriks=level2).count() == 4
    assert PeranHasil.objects.filter(baris__matriks=level2).count() == 5  # the rest is "tidak ada peran"
    # Every subordinate RHK copied from a peran intervenes the leader's RHK of that matrix.
    for rhk in Rhk.objects.filter(peran_asal__isnull=False).select_related("peran_asal__baris__matriks"):
        assert rhk.intervensi_id == rhk.peran_asal.baris.matriks.rhk_id
    # The set SKP carry the identity snapshot; the submitted ones would pass the checks again.
    assert plans.skp["kabid"].identitas["pejabat_penilai"]["nip"] == cast.pegawai["kepala_badan"].nip
    assert submission_problems(plans.skp["sekretaris"]) == []


def test_seed_demo_with_plans_is_idempotent() -> None:
    call_command("seed_demo", verbosity=0)
    first = sorted(Skp.objects.values_list("pk", "status", "versi"))
    rhk = Rhk.objects.count()
    call_command("seed_demo", verbosity=0)
    assert sorted(Skp.objects.values_list("pk", "status", "versi")) == first
    assert Rhk.objects.count() == rhk
