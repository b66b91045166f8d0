"""Capaian Organisasi screen: the units the leader sets, suggestion with basis, history, access."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from penilaian.models import CapaianUnit
from penilaian.services.capaian import capaian_unit_set
from tests.conftest import login
from tests.factories import UnitKerjaFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .evaluasi_support import periode

URL = reverse("penilaian:capaian_list")
HX = {"HTTP_HX_REQUEST": "true"}


def set_url(k: Kinerja) -> str:
    return reverse("penilaian:capaian_set", args=[k.plan.bidang.pk])


def data(
    k: Kinerja, capaian: str = "baik", catatan: str = "", nomor: int = 1, versi: str | None = None
) -> dict[str, str]:
    """The card's form as a browser sends it; `versi` defaults to the row current now (a fresh form)."""
    prefix = f"unit-{k.plan.bidang.pk}"
    p = periode(k, nomor)
    if versi is None:
        current = CapaianUnit.objects.filter(unit_kerja=k.plan.bidang, periode=p, diganti_pada__isnull=True).first()
        versi = str(current.pk if current is not None else 0)
    return {
        f"{prefix}-periode": str(p.pk),
        f"{prefix}-capaian": capaian,
        f"{prefix}-catatan": catatan,
        f"{prefix}-versi": versi,
    }


def versi_in(k: Kinerja, html: str) -> str:
    found = re.findall(rf'name="unit-{k.plan.bidang.pk}-versi" value="(\d+)"', html)
    assert len(found) == 1, found
    return str(found[0])


def units(html: str) -> list[str]:
    return re.findall(r'data-test="capaian-unit" data-unit="(\d+)"', html)


def test_the_leader_sees_the_units_below_with_suggestion_and_sets_one(kinerja: Kinerja) -> None:
    client = client_of(kinerja.jpt)
    html = client.get(URL, {"periode": periode(kinerja).pk}).content.decode()
    assert units(html) == [str(kinerja.plan.bidang.pk)]
    assert 'data-test="capaian-saran"' in html and "belum mengisi realisasi" in html
    response = client.post(set_url(kinerja), data(kinerja, "istimewa", "PK terlampaui"))
    assert response.status_code == 302 and f"periode={periode(kinerja).pk}" in response["Location"]
    row = CapaianUnit.objects.get()
    assert row.capaian == "istimewa" and row.catatan == "PK terlampaui" and row.ditetapkan_oleh == kinerja.jpt
    html = client.get(response["Location"]).content.decode()
    assert 'data-capaian="istimewa"' in html and "PK terlampaui" in html
    assert "Diusulkan „Di atas ekspektasi”" in html


def test_a_change_with_htmx_swaps_the_card_and_keeps_the_history(kinerja: Kinerja) -> None:
    capaian_unit_set(
        unit=kinerja.plan.bidang, periode=periode(kinerja), capaian="baik", catatan="", by=kinerja.jpt.user
    )
    response = client_of(kinerja.jpt).post(set_url(kinerja), data(kinerja, "kurang", "Banyak target meleset"), **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section class="card" id="unit-')
    assert 'data-test="capaian-pesan"' in html and 'data-test="capaian-riwayat"' in html
    assert CapaianUnit.objects.filter(diganti_pada__isnull=True).get().capaian == "kurang"
    assert CapaianUnit.objects.count() == 2


@pytest.mark.parametrize(
    ("capaian", "catatan", "message"),
    [
        ("", "", "Pilih capaian kinerja organisasi."),
        ("luar_biasa", "", "Pilih salah satu capaian kinerja organisasi."),
        ("baik", "x" * 2001, "paling banyak 2000 karakter"),
    ],
)
def test_bad_input_is_refused_with_a_message(kinerja: Kinerja, capaian: str, catatan: str, message: str) -> None:
    client = client_of(kinerja.jpt)
    for extra in ({}, HX):
        response = client.post(set_url(kinerja), data(kinerja, capaian, catatan), **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert not CapaianUnit.objects.exists()


def test_a_stale_capaian_is_refused_with_the_current_one_and_the_input_kept(kinerja: Kinerja) -> None:
    p = periode(kinerja)
    first = capaian_unit_set(unit=kinerja.plan.bidang, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user)
    tab_a, tab_b = client_of(kinerja.jpt), client_of(kinerja.jpt)
    assert versi_in(kinerja, tab_a.get(URL, {"periode": p.pk}).content.decode()) == str(first.pk)
    assert versi_in(kinerja, tab_b.get(URL, {"periode": p.pk}).content.decode()) == str(first.pk)
    saved = tab_a.post(set_url(kinerja), data(kinerja, "istimewa", "PK terlampaui", versi=str(first.pk)), **HX)
    assert 'data-test="capaian-pesan"' in saved.content.decode()
    current = CapaianUnit.objects.get(diganti_pada__isnull=True)
    # The swapped card's form already carries the new row: a next save from tab A is not refused.
    assert versi_in(kinerja, saved.content.decode()) == str(current.pk)
    for extra in (HX, {}):
        stale = tab_b.post(
            set_url(kinerja), data(kinerja, "kurang", "Banyak target meleset", versi=str(first.pk)), **extra
        )
        assert stale.status_code == 200
        html = stale.content.decode()
        assert ("<html" in html) is (extra == {})
        assert "sudah diubah oleh" in html and "setelah Anda membuka formulir" in html
        assert "Baik → Istimewa" in html and "isian Anda: capaian Kurang" in html
        assert ">\nBanyak target meleset</textarea>" in html  # the typed note stays in the form
        assert '<option value="kurang" selected>' in html
    assert list(CapaianUnit.objects.filter(diganti_pada__isnull=True)) == [current]
    assert current.capaian == "istimewa" and CapaianUnit.objects.count() == 2
    # Reloaded, tab B's form carries the current row and its save goes through.
    versi = versi_in(kinerja, tab_b.get(URL, {"periode": p.pk}).content.decode())
    assert versi == str(current.pk)
    tab_b.post(set_url(kinerja), data(kinerja, "kurang", "Banyak target meleset", versi=versi), **HX)
    assert CapaianUnit.objects.get(diganti_pada__isnull=True).capaian == "kurang"


@pytest.mark.parametrize("versi", ["", "x", "-1"])
def test_a_capaian_without_a_valid_version_is_refused(kinerja: Kinerja, versi: str) -> None:
    client = client_of(kinerja.jpt)
    for extra in ({}, HX):
        response = client.post(set_url(kinerja), data(kinerja, versi=versi), **extra)
        assert response.status_code == 200
        assertContains(response, "penanda versi data yang sah")
    assert not CapaianUnit.objects.exists()


def test_a_bad_period_goes_back_with_a_message(kinerja: Kinerja) -> None:
    prefix = f"unit-{kinerja.plan.bidang.pk}"
    for raw in ("", "abc", "99999999", str(2**70)):
        response = client_of(kinerja.jpt).post(
            set_url(kinerja), {f"{prefix}-periode": raw, f"{prefix}-capaian": "baik"}
        )
        assert response.status_code == 302
    assert not CapaianUnit.objects.exists()


@pytest.mark.parametrize("who", ["kabid", "staf", "outsider", "operator", "stranger"])
def test_posting_for_a_unit_one_does_not_lead_is_404(kinerja: Kinerja, who: str) -> None:
    response = client_of(getattr(kinerja.plan, who)).post(set_url(kinerja), data(kinerja))
    assert response.status_code == 404
    assert not CapaianUnit.objects.exists()


@pytest.mark.parametrize("who", ["staf", "outsider", "operator", "stranger"])
def test_a_pegawai_who_leads_nothing_sees_an_empty_state(kinerja: Kinerja, who: str) -> None:
    response = client_of(getattr(kinerja.plan, who)).get(URL)
    assert response.status_code == 200
    assertContains(response, 'data-test="capaian-kosong"')
    assert units(response.content.decode()) == []


def test_admin_without_pegawai_sees_an_empty_state(kinerja: Kinerja) -> None:
    admin = User.objects.create_superuser("admin-capaian", password="Rahasia-123")
    assertContains(login(Client(), admin).get(URL), 'data-test="capaian-kosong"')


def test_anonymous_goes_to_login(client: Client, kinerja: Kinerja) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(set_url(kinerja), data(kinerja)).status_code == 302


def test_query_count_with_many_units(kinerja: Kinerja, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = periode(kinerja)
    for i in range(25):
        unit = UnitKerjaFactory(instansi=kinerja.staf.instansi, induk=kinerja.plan.unit, kode=f"X{i}")
        capaian_unit_set(unit=unit, periode=p, capaian="baik", catatan="", by=kinerja.jpt.user)
        capaian_unit_set(unit=unit, periode=p, capaian="istimewa", catatan="", by=kinerja.jpt.user)
    client = client_of(kinerja.jpt)
    client.get(URL, {"periode": p.pk})
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"periode": p.pk})
    assert len(units(response.content.decode())) == 26
