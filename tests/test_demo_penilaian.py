"""The demo cast's pelaksanaan and penilaian: every screen of issue 4 has real content."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisasi.demo import seed_organisasi
from pelaksanaan.models import BuktiDukung, Pembinaan, Realisasi, UmpanBalik
from penilaian.demo import seed_penilaian
from penilaian.models import Evaluasi, Keberatan, Predikat, StatusKeberatan
from perencanaan.demo import seed_perencanaan
from perencanaan.models import Skp

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    cast = seed_organisasi()
    plans = seed_perencanaan(cast, tahun=2026)
    return cast, plans, seed_penilaian(cast, plans)


def test_demo_has_all_five_predikat_keberatan_and_records(demo) -> None:  # type: ignore[no-untyped-def]
    given = Evaluasi.objects.current().diberikan()
    assert set(given.values_list("predikat", flat=True)) == set(Predikat.values)
    assert given.filter(periode__jenis="tahunan").count() == 4
    statuses = sorted(Keberatan.objects.values_list("status", flat=True))
    assert statuses == [StatusKeberatan.DIJELASKAN, StatusKeberatan.DIPUTUSKAN]
    changed = Keberatan.objects.get(status=StatusKeberatan.DIPUTUSKAN)
    assert changed.hasil is not None and changed.hasil.versi == 2
    assert changed.evaluasi.predikat == Predikat.BUTUH_PERBAIKAN and changed.hasil.predikat == Predikat.BAIK
    assert Realisasi.objects.exists() and UmpanBalik.objects.exists() and Pembinaan.objects.exists()
    assert BuktiDukung.objects.filter(jenis="berkas").count() == 2  # one replaced, kept in history


def test_seeding_twice_changes_nothing(demo) -> None:  # type: ignore[no-untyped-def]
    cast, _plans, _ = demo
    before = (Evaluasi.objects.count(), Realisasi.objects.count(), UmpanBalik.objects.count())
    seed_penilaian(cast, seed_perencanaan(cast, tahun=2026))
    assert (Evaluasi.objects.count(), Realisasi.objects.count(), UmpanBalik.objects.count()) == before


def test_every_demo_user_opens_the_pages_of_issue_4(client: Client, demo) -> None:  # type: ignore[no-untyped-def]
    cast, _, _ = demo
    for key, pegawai in cast.pegawai.items():
        client.force_login(User.objects.get(pk=pegawai.user_id))
        for name in ("pelaksanaan:perilaku_list", "penilaian:keberatan_list", "penilaian:evaluasi_bawahan"):
            assert client.get(reverse(name)).status_code == 200, (key, name)
        for skp in Skp.objects.filter(pegawai=pegawai, status__in=["ditetapkan", "direvisi"]):
            for name in ("pelaksanaan:realisasi", "pelaksanaan:umpan_balik", "penilaian:evaluasi"):
                assert client.get(reverse(name, args=[skp.pk])).status_code == 200, (key, name, skp)
        for evaluasi in Evaluasi.objects.filter(skp__pegawai=pegawai, status="diberikan"):
            assert client.get(reverse("penilaian:dokumen_evaluasi", args=[evaluasi.pk])).status_code == 200
    for key in ("operator", "kabid", "kepala_badan", "sekda"):
        client.force_login(User.objects.get(pk=cast.pegawai[key].user_id))
        for name in ("penilaian:rekap", "penilaian:monitoring", "penilaian:capaian_list"):
            assert client.get(reverse(name)).status_code == 200, (key, name)
    client.force_login(User.objects.get(pk=cast.pegawai["operator"].user_id))
    for name in ("pelaksanaan:periode_list", "penilaian:pengaturan"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_karimun_user_sees_nothing_of_ntt_evaluations(client: Client, demo) -> None:  # type: ignore[no-untyped-def]
    cast, _, _ = demo
    client.force_login(User.objects.get(pk=cast.pegawai["penilai_krm"].user_id))
    for evaluasi in Evaluasi.objects.all():
        assert client.get(reverse("penilaian:dokumen_evaluasi", args=[evaluasi.pk])).status_code == 404
        assert client.get(reverse("penilaian:evaluasi", args=[evaluasi.skp_id])).status_code == 404
        assert client.get(reverse("pelaksanaan:realisasi", args=[evaluasi.skp_id])).status_code == 404
    for keberatan in Keberatan.objects.all():
        assert client.get(reverse("penilaian:keberatan_detail", args=[keberatan.pk])).status_code == 404
