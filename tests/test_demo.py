import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from accounts.models import User
from organisasi.demo import DEMO_PASSWORD, PEOPLE, seed_organisasi
from organisasi.models import Instansi, OperatorRole, Pegawai, UnitKerja
from organisasi.rules import nip_errors

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    def rows(qs):
        return sorted(
            (tuple(sorted(model_to_dict(o, exclude=["created_at", "updated_at"]).items(), key=str)) for o in qs),
            key=str,
        )

    return {
        "instansi": rows(Instansi.objects.all()),
        "unit": rows(UnitKerja.objects.all()),
        "pegawai": rows(Pegawai.objects.all()),
        "roles": rows(OperatorRole.objects.all()),
        "users": sorted(User.objects.values_list("username", "password", "is_superuser")),
    }


def test_seed_demo_is_idempotent() -> None:
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


def test_demo_cast_shape() -> None:
    cast = seed_organisasi()
    assert len(cast.instansi) == 2
    assert all(nip_errors(p.nip) == [] for p in PEOPLE)
    kepala = cast.pegawai["kepala_badan"]
    assert kepala.jabatan is not None and kepala.jabatan.is_jpt_form
    assert cast.pegawai["pranata_komputer"].atasan == cast.pegawai["kabid"]
    assert cast.pegawai["kabid"].atasan == kepala
    assert cast.pegawai["pppk"].status == Pegawai.Status.PPPK
    assert cast.pegawai["pppk"].golongan.jenis == "PPPK"
    assert cast.pegawai["pegawai_krm"].instansi != kepala.instansi
    for key in ("operator", "operator_krm"):
        user = cast.pegawai[key].user
        assert user is not None and OperatorRole.objects.filter(user=user, unit_kerja__isnull=True).exists()
    assert cast.admin is not None and cast.admin.is_superuser
    assert cast.admin.check_password(DEMO_PASSWORD)
    for person in PEOPLE:
        user = User.objects.get(username=person.nip)
        assert user.check_password(DEMO_PASSWORD)
