"""Every demo user can open every page of their menu, and the SKP pages of the demo plans."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.demo import seed_organisasi
from perencanaan.demo import seed_perencanaan
from perencanaan.models import MatriksPeranHasil, Skp

pytestmark = pytest.mark.django_db

MENU_URLS = [
    "beranda:dashboard",
    "perencanaan:pk_list",
    "perencanaan:skp_list",
    "perencanaan:matriks_list",
    "perencanaan:bawahan_list",
    "organisasi:profil",
]


def test_every_demo_user_opens_their_menu_and_plans(client: Client) -> None:
    cast = seed_organisasi()
    seed_perencanaan(cast, tahun=2026)
    for key, pegawai in cast.pegawai.items():
        user = User.objects.get(pk=pegawai.user_id)
        client.force_login(user)
        for name in MENU_URLS:
            assert client.get(reverse(name)).status_code == 200, (key, name)
        for skp in Skp.objects.filter(pegawai=pegawai):
            assert client.get(reverse("perencanaan:skp_detail", args=[skp.pk])).status_code == 200, (key, skp)
        for skp in Skp.objects.current().filter(pejabat_penilai=pegawai):
            assert client.get(reverse("perencanaan:bawahan_detail", args=[skp.pk])).status_code == 200, (key, skp)
        for matriks in MatriksPeranHasil.objects.filter(rhk__skp__pegawai=pegawai):
            assert client.get(reverse("perencanaan:matriks_detail", args=[matriks.pk])).status_code == 200
    operator = cast.pegawai["operator"].user
    assert operator is not None
    client.force_login(operator)
    for name in [
        "organisasi:operator_home",
        "organisasi:pegawai_list",
        "organisasi:unit_list",
        "organisasi:impor_list",
    ]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("perencanaan:alignment")).status_code == 200


def test_a_karimun_user_sees_nothing_of_ntt_plans(client: Client) -> None:
    cast = seed_organisasi()
    plans = seed_perencanaan(cast, tahun=2026)
    client.force_login(User.objects.get(pk=cast.pegawai["penilai_krm"].user_id))
    for key in ("kepala_badan", "kabid", "pranata_komputer", "pelaksana"):
        skp = plans.skp[key]
        assert client.get(reverse("perencanaan:skp_detail", args=[skp.pk])).status_code == 404
        assert client.get(reverse("perencanaan:bawahan_detail", args=[skp.pk])).status_code == 404
    for matriks in MatriksPeranHasil.objects.all():
        assert client.get(reverse("perencanaan:matriks_detail", args=[matriks.pk])).status_code == 404
