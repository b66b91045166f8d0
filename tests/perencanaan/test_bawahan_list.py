"""SKP Bawahan, the list (seed 003): what the pejabat penilai sees, filters, live search, speed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from organisasi.models import Pegawai
from perencanaan.models import Rhk, Skp, StatusSkp
from perencanaan.services.skp import skp_approve, skp_create, skp_revise, skp_submit
from tests.conftest import login
from tests.factories import IkiFactory, PegawaiFactory, RhkFactory, SkpFactory

from .conftest import Plan, client_of

LIST = reverse("perencanaan:bawahan_list")


def leader_rhk(plan: Plan, year: int = 2026) -> Rhk:
    """An RHK on the kabid's own SKP, for the staff SKP to intervene (needed to submit JA/JF)."""
    skp = Skp.objects.current().filter(pegawai=plan.kabid, periode_mulai__year=year).first() or skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(year, 1, 1),
        periode_selesai=dt.date(year, 12, 31),
        pendekatan="kuantitatif",
        by=plan.kabid.user,
    )
    return RhkFactory(skp=skp)


def submitted(plan: Plan, skp: Skp) -> Skp:
    """The SKP with a complete plan, submitted by its pegawai (status diajukan)."""
    rhk = RhkFactory(skp=skp, intervensi=leader_rhk(plan, skp.tahun), teks="Terlaksananya layanan konsultasi kinerja")
    IkiFactory(rhk=rhk, teks="Jumlah konsultasi yang diselesaikan")
    return skp_submit(skp=skp, by=skp.pegawai.user)


def new_skp(pegawai: Pegawai, year: int = 2026, **kwargs: Any) -> Skp:
    return skp_create(
        pegawai=pegawai,
        periode_mulai=dt.date(year, 1, 1),
        periode_selesai=dt.date(year, 12, 31),
        pendekatan=kwargs.pop("pendekatan", "kuantitatif"),
        by=pegawai.user,
    )


def rows(html: str) -> list[tuple[str, str]]:
    """(NIP, status) of every SKP row, in page order."""
    return re.findall(r'data-test="bawahan-row" data-nip="(\d+)" data-status="(\w+)"', html)


def belum(html: str) -> list[str]:
    return re.findall(r'data-test="belum-menyusun-row" data-nip="(\d+)"', html)


def test_penilai_sees_the_skp_of_their_bawahan_as_in_the_toolkit(plan: Plan) -> None:
    response = client_of(plan.kabid).get(LIST, {"tahun": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>SKP Bawahan</h1>" in html
    assert rows(html) == [(plan.staf.nip, "draft")]
    for header in ("No.", "Tahun", "Nama Bawahan", "Periode SKP", "Pendekatan", "Status", "Target / Rencana SKP"):
        assert f">{header}</th>" in html, header
    assertContains(response, plan.staf.nama_lengkap)
    assertContains(response, f"NIP {plan.staf.nip}")
    assertContains(response, "01 Jan – 31 Des 2026")
    assertContains(response, "JA/JF Kuantitatif")
    assertContains(response, reverse("perencanaan:bawahan_detail", args=[plan.skp_staf.pk]))
    # The other two bawahan have not drafted anything yet: the leader sees whom to chase.
    assert sorted(belum(html)) == sorted([plan.staf2.nip, plan.outsider.nip])


def test_the_menu_entry_opens_the_list(plan: Plan) -> None:
    html = client_of(plan.kabid).get(reverse("beranda:dashboard")).content.decode()
    assert re.search(rf'<a href="{LIST}" class=""\s+data-menu="skp_bawahan">', html)
    html = client_of(plan.kabid).get(LIST).content.decode()
    assert f'<a href="{LIST}" class="active" aria-current="page" data-menu="skp_bawahan">' in html


def test_submitted_skp_come_first_and_say_perlu_ditinjau(plan: Plan) -> None:
    skp2 = submitted(plan, new_skp(plan.staf2))
    new_skp(plan.outsider)
    html = client_of(plan.kabid).get(LIST, {"tahun": 2026}).content.decode()
    listed = rows(html)
    assert listed[0] == (plan.staf2.nip, "diajukan")
    assert sorted(listed[1:]) == sorted([(plan.staf.nip, "draft"), (plan.outsider.nip, "draft")])
    assert 'data-test="status-diajukan">Perlu ditinjau<' in html
    assert belum(html) == []
    assert 'data-test="jumlah-diajukan">1<' in html and 'data-test="jumlah-total">3<' in html
    assert skp2.status == StatusSkp.DIAJUKAN


def test_only_the_skp_the_user_judges_and_only_current_versions(plan: Plan) -> None:
    skp = submitted(plan, plan.skp_staf)
    skp = skp_approve(skp=skp, by=plan.kabid.user)
    new = skp_revise(skp=skp, by=plan.staf.user, alasan="Penugasan baru sebagai ketua tim.")
    html = client_of(plan.kabid).get(LIST, {"tahun": 2026}).content.decode()
    assert rows(html) == [(plan.staf.nip, "draft")]
    assert reverse("perencanaan:bawahan_detail", args=[new.pk]) in html
    assert reverse("perencanaan:bawahan_detail", args=[skp.pk]) not in html
    assertContains(client_of(plan.kabid).get(LIST, {"tahun": 2026}), "versi 2 (revisi)")
    # The kabid's own SKP is judged by the JPT: in the JPT's list, not in the kabid's.
    kabid_skp = Skp.objects.get(pegawai=plan.kabid)
    jpt_html = client_of(plan.jpt).get(LIST, {"tahun": 2026}).content.decode()
    assert rows(jpt_html) == [(plan.kabid.nip, "draft")]
    assert reverse("perencanaan:bawahan_detail", args=[kabid_skp.pk]) not in html
    # The operator (a bawahan of the JPT, no SKP yet) is someone the JPT must chase.
    assert belum(jpt_html) == [plan.operator.nip]


@pytest.mark.parametrize("who", ["staf", "outsider", "operator", "stranger"])
def test_people_who_judge_nobody_see_an_empty_list(plan: Plan, who: str) -> None:
    response = client_of(getattr(plan, who)).get(LIST, {"tahun": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == [] and belum(html) == []
    assertContains(response, "Belum ada SKP bawahan untuk tahun 2026.")
    assertContains(response, "Anda tidak memiliki bawahan aktif.")
    assertNotContains(response, reverse("perencanaan:bawahan_detail", args=[plan.skp_staf.pk]))


def test_an_account_without_pegawai_is_told_so(plan: Plan, client: Client) -> None:
    admin = User.objects.create_superuser("admin-bawahan", password="Rahasia-123")
    response = login(client, admin).get(LIST)
    assert response.status_code == 200
    assertContains(response, 'data-test="bawahan-tanpa-pegawai"')


def test_anonymous_goes_to_login(plan: Plan, client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_tahun_filter_lists_the_years_present_and_defaults_to_this_year(plan: Plan) -> None:
    this_year = timezone.localdate().year
    old = new_skp(plan.staf2, year=2024)
    current = new_skp(plan.outsider, year=this_year) if this_year != 2026 else plan.skp_staf
    client = client_of(plan.kabid)
    html = client.get(LIST).content.decode()
    options = re.findall(r'<option value="(\d{4})"', html)
    assert options == [str(y) for y in sorted({2024, 2026, this_year}, reverse=True)]
    assert re.search(rf'<option value="{this_year}" selected>', html)
    assert (current.pegawai.nip, "draft") in rows(html)
    assert (old.pegawai.nip, "draft") not in rows(html)
    html = client.get(LIST, {"tahun": 2024}).content.decode()
    assert rows(html) == [(plan.staf2.nip, "draft")]
    assert "2024" in html and "Belum ada SKP bawahan" not in html
    # In 2024 only staf2 had an SKP: the other two active bawahan had none.
    assert sorted(belum(html)) == sorted([plan.staf.nip, plan.outsider.nip])


def test_status_filter_and_search(plan: Plan) -> None:
    submitted(plan, new_skp(plan.staf2))
    new_skp(plan.outsider)
    client = client_of(plan.kabid)
    html = client.get(LIST, {"tahun": 2026, "status": "diajukan"}).content.decode()
    assert rows(html) == [(plan.staf2.nip, "diajukan")]
    assert 'data-test="belum-menyusun"' not in html  # a status filter shows SKP only
    html = client.get(LIST, {"tahun": 2026, "status": "ditetapkan"}).content.decode()
    assert rows(html) == [] and "Tidak ada SKP bawahan yang cocok dengan filter." in html
    # By name (any case), by NIP prefix, by NIP pasted with spaces.
    name_part = plan.outsider.nama.split()[0].upper()
    html = client.get(LIST, {"tahun": 2026, "q": name_part}).content.decode()
    assert (plan.outsider.nip, "draft") in rows(html)
    by_nip = {p.nip: p.nama.upper() for p in Pegawai.objects.all()}
    assert all(name_part in by_nip[nip] for nip, _ in rows(html))
    nip = plan.staf.nip
    html = client.get(LIST, {"tahun": 2026, "q": nip[:14]}).content.decode()
    assert (nip, "draft") in rows(html)
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    html = client.get(LIST, {"tahun": 2026, "q": spaced}).content.decode()
    assert rows(html) == [(nip, "draft")]


def test_search_also_narrows_the_bawahan_without_skp(plan: Plan) -> None:
    html = client_of(plan.kabid).get(LIST, {"tahun": 2026, "q": plan.staf2.nip}).content.decode()
    assert belum(html) == [plan.staf2.nip]
    assert rows(html) == []


def test_inactive_bawahan_are_not_chased(plan: Plan) -> None:
    plan.outsider.aktif = False
    plan.outsider.save()
    html = client_of(plan.kabid).get(LIST, {"tahun": 2026}).content.decode()
    assert belum(html) == [plan.staf2.nip]


def test_skp_not_set_by_31_january_is_flagged(plan: Plan) -> None:
    client = client_of(plan.kabid)
    html = client.get(LIST, {"tahun": 2026}).content.decode()
    # Today is after 31 January 2026 and the SKP is still a draft.
    assert plan.skp_staf.terlambat_ditetapkan
    assert 'data-test="terlambat"' in html and "Terlambat ditetapkan" in html
    assert 'data-test="batas-lewat"' in html
    future = SkpFactory(pegawai=plan.staf2, periode_mulai=dt.date(2099, 1, 1), periode_selesai=dt.date(2099, 12, 31))
    html = client.get(LIST, {"tahun": 2099}).content.decode()
    assert rows(html) == [(future.pegawai.nip, "draft")]
    assert 'data-test="terlambat"' not in html and 'data-test="batas-lewat"' not in html


def test_set_in_time_is_not_flagged(plan: Plan) -> None:
    skp = submitted(plan, plan.skp_staf)
    skp = skp_approve(skp=skp, by=plan.kabid.user)
    Skp.objects.filter(pk=skp.pk).update(ditetapkan_pada=timezone.make_aware(dt.datetime(2026, 1, 20, 10)))
    html = client_of(plan.kabid).get(LIST, {"tahun": 2026, "status": "ditetapkan"}).content.decode()
    assert rows(html) == [(plan.staf.nip, "ditetapkan")]
    assert 'data-test="terlambat"' not in html


@pytest.mark.parametrize(
    "params",
    [
        {"tahun": "abc"},
        {"tahun": "99999999999999999999"},
        {"status": "bukan-status"},
        {"status": "direvisi"},
        {"page": "999"},
        {"page": "-1"},
        {"q": "x" * 500},
        {"q": "\x00"},
        {"tahun": "2026", "status": "draft", "q": "'; DROP TABLE", "page": "abc"},
    ],
)
def test_bad_filter_values_never_fail(plan: Plan, params: dict[str, str]) -> None:
    response = client_of(plan.kabid).get(LIST, params)
    assert response.status_code == 200


def test_htmx_gets_only_the_results(plan: Plan) -> None:
    client = client_of(plan.kabid)
    response = client.get(LIST, {"tahun": 2026, "q": plan.staf.nama}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<h1>" not in html
    assert rows(html) == [(plan.staf.nip, "draft")]
    assert "HX-Request" in response["Vary"]
    # The full page wires the filters for the live search.
    page = client.get(LIST).content.decode()
    assert 'hx-get="/skp-bawahan/"' in page and 'hx-target="#bawahan-results"' in page
    assert 'id="bawahan-results"' in page


def test_paging(plan: Plan) -> None:
    for _ in range(27):
        PegawaiFactory(instansi=plan.staf.instansi, unit_kerja=plan.bidang, atasan=plan.kabid)
    for p in Pegawai.objects.filter(atasan=plan.kabid).exclude(pk=plan.staf.pk):
        SkpFactory(pegawai=p)
    client = client_of(plan.kabid)
    first = client.get(LIST, {"tahun": 2026}).content.decode()
    second = client.get(LIST, {"tahun": 2026, "page": 2}).content.decode()
    assert len(rows(first)) == 25 and len(rows(second)) == 5
    assert "Menampilkan 1–25 dari 30" in first
    assert "tahun=2026&amp;page=2" in first
    assert not set(rows(first)) & set(rows(second))
    assert re.search(r"<td>26</td>", second)  # numbering continues on the next page


def _bawahan_with_skp(plan: Plan, n: int) -> None:
    statuses = [StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN, StatusSkp.DITETAPKAN]
    for i in range(n):
        p = PegawaiFactory(instansi=plan.staf.instansi, unit_kerja=plan.bidang, atasan=plan.kabid)
        SkpFactory(pegawai=p, status=statuses[i % 4])
    for _ in range(n // 3):
        PegawaiFactory(instansi=plan.staf.instansi, unit_kerja=plan.bidang, atasan=plan.kabid)


def test_list_query_count_does_not_grow_with_the_rows(plan: Plan, django_assert_max_num_queries: Any) -> None:
    client = client_of(plan.kabid)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(10):
        small = client.get(LIST, {"tahun": 2026})
    _bawahan_with_skp(plan, 30)
    with django_assert_max_num_queries(10):
        big = client.get(LIST, {"tahun": 2026})
    assert len(rows(big.content.decode())) == 25
    assert len(rows(small.content.decode())) == 1
    with django_assert_max_num_queries(10):
        client.get(LIST, {"tahun": 2026, "q": "a", "status": "diajukan"}, HTTP_HX_REQUEST="true")
