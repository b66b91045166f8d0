"""The pejabat penilai's overview of a period (SKP Bawahan → evaluasi): rows, progress, status, speed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from pelaksanaan.models import Realisasi
from penilaian.models import Keberatan
from penilaian.services.capaian import capaian_unit_set
from tests.conftest import login
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .evaluasi_support import give, many_bawahan, periode, save

URL = reverse("penilaian:evaluasi_bawahan")


def rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'data-test="evaluasi-bawahan-row" data-nip="(\d+)" data-status="(\w+)"', html)


def test_every_bawahan_skp_with_progress_status_and_predikat(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    Realisasi.objects.create(
        skp=kinerja.skp, periode=p, rhk=kinerja.rhk_utama, iki=kinerja.iki_kuantitas, nilai=Decimal(3)
    )
    old = Realisasi.objects.create(skp=kinerja.skp, periode=p, rhk=kinerja.rhk_utama, iki=kinerja.iki_waktu, nilai=1)
    Realisasi.objects.filter(pk=old.pk).update(diganti_pada=old.dibuat_pada)  # replaced: not counted twice
    Realisasi.objects.create(skp=kinerja.skp, periode=p, rhk=kinerja.rhk_utama, iki=kinerja.iki_waktu, nilai=2)
    Realisasi.objects.create(skp=kinerja.skp_kualitatif, periode=p, rhk=kinerja.rhk_kualitatif, teks="Arsip tertata")
    given = give(kinerja.skp, p, "di_atas", "di_atas")
    response = client_of(kinerja.kabid).get(URL, {"periode": p.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(rows(html)) == sorted([(kinerja.staf.nip, "diberikan"), (kinerja.plan.staf2.nip, "belum")])
    assert "IKI terisi 2/3" in html and "RHK terisi 1/1" in html
    assert "Sangat Baik" in html
    assert f"{reverse('penilaian:evaluasi', args=[kinerja.skp.pk])}?periode={p.pk}" in html
    assert 'data-test="pola-distribusi"' in html
    # A keberatan is flagged.
    Keberatan.objects.create(evaluasi=given, alasan="Tidak sependapat", diajukan_oleh=kinerja.staf)
    html = client_of(kinerja.kabid).get(URL, {"periode": p.pk}).content.decode()
    assert 'data-test="keberatan-flag"' in html and 'data-test="jumlah-keberatan">1<' in html


def test_another_period_has_its_own_status(kinerja: Kinerja) -> None:
    give(kinerja.skp, periode(kinerja, 1))
    save(kinerja.skp, periode(kinerja, 2), "sesuai")
    client = client_of(kinerja.kabid)
    assert (kinerja.staf.nip, "draf") in rows(client.get(URL, {"periode": periode(kinerja, 2).pk}).content.decode())
    assert (kinerja.staf.nip, "belum") in rows(client.get(URL, {"periode": periode(kinerja, 0).pk}).content.decode())


def test_drafts_count_in_the_chart_for_the_penilai(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user)
    save(kinerja.skp, p, "sesuai", "sesuai")
    html = client_of(kinerja.kabid).get(URL, {"periode": p.pk}).content.decode()
    assert 'class="bar-draf"' in html and "1 draf" in html


@pytest.mark.parametrize("who", ["staf", "outsider", "operator", "stranger"])
def test_people_who_judge_nobody_see_an_empty_list(kinerja: Kinerja, who: str) -> None:
    response = client_of(getattr(kinerja.plan, who)).get(URL)
    assert response.status_code == 200
    assert rows(response.content.decode()) == []
    assertContains(response, 'data-test="evaluasi-bawahan-kosong"')


def test_the_jpt_sees_the_kabid(kinerja: Kinerja) -> None:
    html = client_of(kinerja.jpt).get(URL, {"periode": periode(kinerja).pk}).content.decode()
    assert rows(html) == [(kinerja.kabid.nip, "belum")]


def test_an_account_without_pegawai_is_told_so(kinerja: Kinerja) -> None:
    admin = User.objects.create_superuser("admin-eb", password="Rahasia-123")
    response = login(Client(), admin).get(URL)
    assertContains(response, 'data-test="evaluasi-bawahan-tanpa-pegawai"')


def test_bad_filters_fall_back_to_defaults(kinerja: Kinerja) -> None:
    client = client_of(kinerja.kabid)
    for params in ({"periode": "abc"}, {"periode": str(2**70)}, {"tahun": "1900"}, {"periode": "999999"}):
        assert client.get(URL, params).status_code == 200


def test_anonymous_goes_to_login(client: Client, kinerja: Kinerja) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_fifty_bawahan_in_a_fixed_number_of_queries(kinerja: Kinerja, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = periode(kinerja)
    capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user)
    client = client_of(kinerja.kabid)
    many_bawahan(kinerja, 5, p)
    client.get(URL, {"periode": p.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"periode": p.pk})
    many_bawahan(kinerja, 45, p)
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL, {"periode": p.pk})
    assert len(few) <= 20
    html = response.content.decode()
    assert len(rows(html)) == 52
    assert 'data-test="jumlah-diberikan">17<' in html and 'data-test="jumlah-draf">17<' in html
