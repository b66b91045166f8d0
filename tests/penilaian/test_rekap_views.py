"""Rekap page and download: who sees which units, filters, htmx, paging, speed."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from organisasi.access import SESSION_INSTANSI_KEY
from organisasi.models import OperatorRole
from penilaian.models import CapaianUnit, FaktorTpp
from tests.conftest import login
from tests.factories import JabatanFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, UserFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .rekap_world import annual, bulk_pegawai, bulk_rated, give, periodic

REKAP = reverse("penilaian:rekap")
UNDUH = reverse("penilaian:rekap_unduh")


def nips(html: str) -> list[str]:
    return re.findall(r'data-test="rekap-row" data-nip="(\d+)"', html)


def rated_world(k: Kinerja) -> None:
    """Annual results for the staf (JF ahli muda) and staf2; the kabid is rated by the JPT."""
    tahunan = annual(k.staf.instansi)
    give(k.skp, tahunan, "sangat_baik")
    give(k.skp_kualitatif, tahunan, "butuh_perbaikan")
    give(k.skp_kabid, tahunan, "baik")


def test_operator_sees_every_unit_with_predikat_rank_ak(kinerja: Kinerja) -> None:
    rated_world(kinerja)
    plan = kinerja.plan
    tahunan = annual(plan.unit.instansi)
    response = client_of(plan.operator).get(REKAP, {"tahun": 2026, "periode": tahunan.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rekap Kinerja</h1>" in html
    assert set(nips(html)) == {
        p.nip for p in (plan.jpt, plan.kabid, plan.staf, plan.staf2, plan.operator, plan.outsider)
    }
    assert f'data-nip="{plan.staf.nip}" data-predikat="sangat_baik" data-peringkat="1" data-ak="37.500"' in html
    assert "37,500 <small" in html  # shown the Indonesian way
    assert f'data-nip="{plan.staf2.nip}" data-predikat="butuh_perbaikan" data-peringkat="3" data-ak=""' in html
    assertContains(response, "pegawai dengan predikat yang sama diurutkan menurut nama")
    assertContains(response, "Faktor TPP per predikat belum diatur")
    # The distribution table has one line per unit and a total.
    assert len(re.findall(r'data-test="distribusi-row"', html)) == 3
    # Download links carry the filters.
    assert f"{UNDUH}?tahun=2026&amp;periode={tahunan.pk}&amp;format=xlsx" in html


def test_tpp_factor_shows_when_the_instansi_set_it(kinerja: Kinerja) -> None:
    rated_world(kinerja)
    plan = kinerja.plan
    FaktorTpp.objects.create(instansi=plan.unit.instansi, predikat="sangat_baik", persen=Decimal("112.50"))
    FaktorTpp.objects.create(instansi=plan.unit.instansi, predikat="baik", persen=Decimal("100"))
    tahunan = annual(plan.unit.instansi)
    response = client_of(plan.operator).get(REKAP, {"tahun": 2026, "periode": tahunan.pk})
    html = response.content.decode()
    assert (
        f'data-nip="{plan.staf.nip}" data-predikat="sangat_baik" data-peringkat="1" data-ak="37.500" data-tpp="112.50"'
        in html
    )
    assert "<td>112,50%</td>" in html and "<td>100%</td>" in html
    assert (
        f'data-nip="{plan.staf2.nip}" data-predikat="butuh_perbaikan" data-peringkat="3" data-ak="" data-tpp=""' in html
    )
    assertNotContains(response, "Faktor TPP per predikat belum diatur")


def test_leader_sees_only_their_units(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    html = client_of(plan.kabid).get(REKAP, {"tahun": 2026}).content.decode()
    assert set(nips(html)) == {p.nip for p in (plan.kabid, plan.staf, plan.staf2, plan.outsider)}
    assert plan.unit.nama not in html.split('data-test="rekap-filter"')[1].split("</form>")[0]
    # The JPT heads the whole tree.
    html = client_of(plan.jpt).get(REKAP, {"tahun": 2026}).content.decode()
    assert plan.jpt.nip in nips(html) and plan.staf.nip in nips(html)


def test_unit_operator_sees_only_their_subtree(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    operator = PegawaiFactory(instansi=plan.unit.instansi, unit_kerja=plan.unit)
    OperatorRole.objects.create(user=operator.user, instansi=plan.unit.instansi, unit_kerja=plan.bidang)
    client = client_of(operator)
    html = client.get(REKAP, {"tahun": 2026}).content.decode()
    assert plan.jpt.nip not in nips(html) and plan.staf.nip in nips(html)
    # Asking for the unit above their scope is ignored with a message, never leaking its rows.
    response = client.get(REKAP, {"tahun": 2026, "unit": plan.unit.pk})
    assert response.status_code == 200
    assert plan.jpt.nip not in nips(response.content.decode())
    assertContains(response, 'data-test="rekap-filter-errors"')
    csv_text = client.get(UNDUH, {"tahun": 2026, "unit": plan.unit.pk, "format": "csv"}).content.decode("utf-8-sig")
    assert plan.jpt.nip not in csv_text and plan.staf.nip in csv_text


@pytest.mark.parametrize("who", ["staf", "outsider", "stranger"])
def test_pegawai_who_may_report_on_nothing_get_404(kinerja: Kinerja, who: str) -> None:
    client = client_of(getattr(kinerja.plan, who))
    assert client.get(REKAP).status_code == 404
    assert client.get(UNDUH, {"format": "xlsx"}).status_code == 404
    assert client.get(UNDUH, {"format": "pdf"}).status_code == 404


def test_other_instansi_operator_sees_none_of_ours(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    user = UserFactory()
    OperatorRoleFactory(user=user, instansi=plan.stranger.instansi)
    client = login(Client(), user)
    html = client.get(REKAP).content.decode()
    assert set(nips(html)) == {plan.stranger.nip}


def test_anonymous_is_sent_to_login(db: None) -> None:
    for url in (REKAP, UNDUH):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_admin_reports_on_the_instansi_chosen_in_the_session(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = login(Client(), admin)
    session = client.session
    session[SESSION_INSTANSI_KEY] = plan.stranger.instansi_id
    session.save()
    assert set(nips(client.get(REKAP).content.decode())) == {plan.stranger.nip}
    session[SESSION_INSTANSI_KEY] = plan.unit.instansi_id
    session.save()
    assert plan.staf.nip in nips(client.get(REKAP).content.decode())


def test_filters_unit_periode_and_search(kinerja: Kinerja) -> None:
    rated_world(kinerja)
    plan = kinerja.plan
    tw1 = periodic(plan.unit.instansi, 1)
    give(kinerja.skp, tw1, "kurang")
    client = client_of(plan.operator)
    html = client.get(REKAP, {"tahun": 2026, "periode": tw1.pk, "unit": plan.bidang.pk}).content.decode()
    assert set(nips(html)) == {p.nip for p in (plan.kabid, plan.staf, plan.staf2, plan.outsider)}
    assert f'data-nip="{plan.staf.nip}" data-predikat="kurang" data-peringkat="1" data-ak="3.125"' in html
    assert 'data-test="rekap-periode">Triwulan I 2026' in html
    # One unit (the bidang has no sub-units): its pola distribusi, without a guideline curve until
    # its capaian kinerja organisasi is set.
    assert 'data-test="rekap-grafik"' in html and 'data-capaian=""' in html
    CapaianUnit.objects.create(unit_kerja=plan.bidang, periode=tw1, capaian="baik")
    html = client.get(REKAP, {"tahun": 2026, "periode": tw1.pk, "unit": plan.bidang.pk}).content.decode()
    assert 'data-test="rekap-grafik"' in html and 'data-capaian="baik"' in html
    # Two units (the badan and its bidang): a table, no single chart.
    html = client.get(REKAP, {"tahun": 2026, "periode": tw1.pk, "unit": plan.unit.pk}).content.decode()
    assert 'data-test="rekap-grafik"' not in html
    html = client.get(REKAP, {"tahun": 2026, "q": plan.staf2.nip[:12]}).content.decode()
    assert nips(html) == [plan.staf2.nip]
    html = client.get(REKAP, {"tahun": 2026, "q": "zzz-tidak-ada"}).content.decode()
    assert 'data-test="rekap-kosong"' in html
    # Bad values never break the page: they fall back to the defaults.
    for params in (
        {"tahun": "abc"},
        {"tahun": 1900},
        {"periode": "x"},
        {"unit": "99999999999999999999"},
        {"page": "z"},
    ):
        assert client.get(REKAP, params).status_code == 200, params
    assert client.get(REKAP, {"q": "x" * 300}).status_code == 200


def test_htmx_gets_the_results_and_the_periods_of_the_chosen_year(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    client = client_of(plan.operator)
    page = client.get(REKAP).content.decode()
    assert 'hx-get="/rekap/"' in page and 'hx-target="#rekap-results"' in page
    partial = client.get(REKAP, {"tahun": 2026}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html and 'data-test="rekap-table"' in html
    assert 'id="rekap-periode-field" hx-swap-oob="true"' in html
    assert "Vary" in partial and "HX-Request" in partial["Vary"]


def test_fifty_rows_a_page(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    bulk_pegawai(instansi=plan.unit.instansi, unit=plan.bidang, jabatan=kinerja.skp.jabatan, n=55)
    client = client_of(plan.operator)
    first = client.get(REKAP, {"tahun": 2026, "unit": plan.bidang.pk}).content.decode()
    second = client.get(REKAP, {"tahun": 2026, "unit": plan.bidang.pk, "page": 2}).content.decode()
    assert len(nips(first)) == 50 and len(nips(second)) == 9
    assert "Menampilkan 1–50 dari 59" in first
    assert not set(nips(first)) & set(nips(second))


def test_download_uses_the_filters_and_every_page(kinerja: Kinerja) -> None:
    rated_world(kinerja)
    plan = kinerja.plan
    tahunan = annual(plan.unit.instansi)
    bulk_pegawai(instansi=plan.unit.instansi, unit=plan.bidang, jabatan=kinerja.skp.jabatan, n=60)
    client = client_of(plan.kabid)
    response = client.get(UNDUH, {"tahun": 2026, "periode": tahunan.pk, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rekap-kinerja-2026-tahunan.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row == 1 + 64
    response = client.get(UNDUH, {"tahun": 2026, "periode": tahunan.pk, "format": "csv", "q": plan.staf.nip})
    assert response["Content-Disposition"] == 'attachment; filename="rekap-kinerja-2026-tahunan.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and plan.staf.nip in lines[1] and "Sangat Baik" in lines[1]
    bad = client.get(UNDUH, {"format": "pdf"})
    assert bad.status_code == 400
    assertNotContains(bad, plan.staf.nip, status_code=400)


def test_rekap_of_a_unit_with_1000_pegawai_keeps_a_fixed_query_budget(
    kinerja: Kinerja, django_assert_max_num_queries: Any
) -> None:
    plan = kinerja.plan
    instansi = plan.unit.instansi
    tahunan = annual(instansi)
    unit = UnitKerjaFactory(instansi=instansi, induk=plan.bidang, nama="Seksi Besar")
    jabatan = JabatanFactory(instansi=instansi, fungsional=True)
    client = client_of(plan.operator)
    params = {"tahun": 2026, "periode": tahunan.pk}
    client.get(REKAP, params)  # warm the session
    with django_assert_max_num_queries(20):
        small = client.get(REKAP, params)
    people = bulk_pegawai(instansi=instansi, unit=unit, jabatan=jabatan, n=1000, atasan=plan.kabid)
    bulk_rated(people, tahunan, every=2)
    with django_assert_max_num_queries(20):
        big = client.get(REKAP, params)
    assert len(nips(small.content.decode())) == 6
    html = big.content.decode()
    assert len(nips(html)) == 50 and "dari 1006" in html
    with django_assert_max_num_queries(20):
        unit_page = client.get(REKAP, {**params, "unit": unit.pk, "page": 3})
    assert len(nips(unit_page.content.decode())) == 50
    with django_assert_max_num_queries(20):
        export = client.get(UNDUH, {**params, "unit": unit.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and sheet.max_row == 1001
    predikat = [sheet.cell(row=r, column=10).value for r in range(2, 1002)]
    assert predikat.count("Belum dinilai") == 500
    assert predikat[:100].count("Sangat Baik") == 100  # ranked: the best first
