"""SKP Bawahan, one SKP: read-only for its pejabat penilai, "Tetapkan SKP" and "Kembalikan"."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from perencanaan.models import PerilakuSkp, RiwayatSkp, Skp, StatusSkp
from perencanaan.services.skp import (
    SkpTransitionError,
    require_editable,
    skp_approve,
    skp_return,
    skp_revise,
    skp_update_periode,
)
from tests.conftest import login
from tests.factories import IkiFactory, RhkFactory

from .conftest import Plan, client_of
from .test_bawahan_list import submitted


def detail_url(skp: Skp | int) -> str:
    return reverse("perencanaan:bawahan_detail", args=[skp if isinstance(skp, int) else skp.pk])


def approve_url(skp: Skp | int) -> str:
    return reverse("perencanaan:bawahan_approve", args=[skp if isinstance(skp, int) else skp.pk])


def return_url(skp: Skp | int) -> str:
    return reverse("perencanaan:bawahan_return", args=[skp if isinstance(skp, int) else skp.pk])


def status_of(skp: Skp) -> str:
    return Skp.objects.get(pk=skp.pk).status


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def diajukan(plan: Plan) -> Skp:
    return submitted(plan, plan.skp_staf)


# --- Access -----------------------------------------------------------------------------------


def _client_for(plan: Plan, who: str) -> Client:
    if who == "admin":
        return login(Client(), User.objects.create_superuser("admin-skp", password="Rahasia-123"))
    return client_of(getattr(plan, who))


NOT_THE_PENILAI = ["staf", "staf2", "jpt", "operator", "stranger", "admin"]


@pytest.mark.parametrize("who", NOT_THE_PENILAI)
def test_only_the_pejabat_penilai_opens_the_skp(plan: Plan, diajukan: Skp, who: str) -> None:
    """The pegawai themself, a colleague, the penilai's atasan, the operator, another instansi, the
    admin: all 404 (they read the SKP elsewhere, if at all)."""
    client = _client_for(plan, who)
    assert client.get(detail_url(diajukan)).status_code == 404
    assert client.post(approve_url(diajukan)).status_code == 404
    assert client.post(return_url(diajukan), {"catatan": "Perbaiki target."}).status_code == 404
    assert client.post(approve_url(diajukan), HTTP_HX_REQUEST="true").status_code == 404
    assert status_of(diajukan) == StatusSkp.DIAJUKAN
    assert not RiwayatSkp.objects.filter(skp=diajukan, ke_status__in=["ditetapkan", "dikembalikan"]).exists()


def test_an_skp_whose_penilai_changed_is_no_longer_the_old_atasans(plan: Plan, diajukan: Skp) -> None:
    Skp.objects.filter(pk=diajukan.pk).update(pejabat_penilai=plan.jpt)
    assert client_of(plan.kabid).get(detail_url(diajukan)).status_code == 404
    assert client_of(plan.jpt).get(detail_url(diajukan)).status_code == 200


def test_anonymous_goes_to_login(plan: Plan, diajukan: Skp, client: Client) -> None:
    for response in (client.get(detail_url(diajukan)), client.post(approve_url(diajukan))):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert status_of(diajukan) == StatusSkp.DIAJUKAN


@pytest.mark.parametrize(
    "url",
    [
        "/skp-bawahan/abc/",
        "/skp-bawahan/0/",
        "/skp-bawahan/-1/",
        "/skp-bawahan/99999999999999999999/",
        "/skp-bawahan/9223372036854775807/",
        "/skp-bawahan/424242/",
    ],
)
def test_garbage_ids_are_404(plan: Plan, url: str) -> None:
    client = client_of(plan.kabid)
    assert client.get(url).status_code == 404
    assert client.post(url + "tetapkan/").status_code == 404
    assert client.post(url + "kembalikan/", {"catatan": "x"}).status_code == 404


def test_actions_need_post(plan: Plan, diajukan: Skp) -> None:
    client = client_of(plan.kabid)
    assert client.get(approve_url(diajukan)).status_code == 405
    assert client.get(return_url(diajukan)).status_code == 405
    assert status_of(diajukan) == StatusSkp.DIAJUKAN


# --- Reading ----------------------------------------------------------------------------------


def test_penilai_reads_the_whole_skp(plan: Plan, diajukan: Skp) -> None:
    response = client_of(plan.kabid).get(detail_url(diajukan))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-menu="skp_bawahan"' in html and 'class="active" aria-current="page" data-menu="skp_bawahan"' in html
    # Identity of the pegawai and of the penilai, as they are now (not set yet).
    assertContains(response, plan.staf.nama_lengkap)
    assertContains(response, plan.staf.nip)
    assertContains(response, plan.kabid.nip)
    assertContains(response, "Pejabat penilai kinerja")
    # The plan: RHK, the leader's RHK it intervenes, IKI.
    assertContains(response, "Terlaksananya layanan konsultasi kinerja")
    assertContains(response, "Jumlah konsultasi yang diselesaikan")
    # Perilaku kerja: the seven BerAKHLAK aspects.
    for aspek in ("BERORIENTASI PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF"):
        assertContains(response, aspek)
    assert html.count('data-test="perilaku-row"') == 7
    # Read-only for the penilai: no button that changes the pegawai's plan.
    assert 'data-can-edit="0"' in html and 'data-test="input-kinerja-utama"' not in html
    # The workflow panel offers both decisions.
    assertContains(response, 'data-test="skp-tetapkan"')
    assertContains(response, 'data-test="skp-kembalikan"')
    assertContains(response, 'hx-post="' + approve_url(diajukan) + '"')
    assertContains(response, 'action="' + return_url(diajukan) + '"')
    # History: created, submitted.
    assert html.count('data-test="riwayat-row"') == 2


def test_a_draft_is_readable_but_cannot_be_decided_yet(plan: Plan) -> None:
    response = client_of(plan.kabid).get(detail_url(plan.skp_staf))
    assert response.status_code == 200
    assertContains(response, 'data-test="workflow-draf"')
    assertNotContains(response, 'data-test="skp-tetapkan"')
    assertNotContains(response, 'data-test="skp-kembalikan"')
    assertContains(response, 'data-test="terlambat"')  # today is past 31 January 2026


def test_penilai_gives_ekspektasi_khusus_from_this_page(plan: Plan, diajukan: Skp) -> None:
    """The perilaku section of SKP Bawahan lets the penilai write the ekspektasi khusus pimpinan;
    without JavaScript the form comes back to this page."""
    client = client_of(plan.kabid)
    response = client.get(detail_url(diajukan))
    assert response.context["perilaku_can_set_ekspektasi"] is True
    assert response.context["can_edit"] is False
    html = response.content.decode()
    assert html.count('data-test="isi-ekspektasi"') == 7
    perilaku = PerilakuSkp.objects.get(skp=diajukan, aspek__kode="berorientasi_pelayanan")
    url = reverse("perencanaan:perilaku_ekspektasi", args=[perilaku.pk])
    assert f'href="{url}?next={quote(detail_url(diajukan))}"' in html
    response = client.post(url, {"teks": "Menjawab konsultasi dalam dua hari kerja.", "next": detail_url(diajukan)})
    assert response.status_code == 302 and response["Location"].split("#")[0] == detail_url(diajukan)
    page = client.get(detail_url(diajukan))
    assertContains(page, "Menjawab konsultasi dalam dua hari kerja.")
    # Once the SKP is set the ekspektasi can no longer be changed here.
    client.post(approve_url(diajukan))
    page = client.get(detail_url(diajukan))
    assertNotContains(page, 'data-test="isi-ekspektasi"')
    assertContains(page, "Menjawab konsultasi dalam dua hari kerja.")


# --- Tetapkan ---------------------------------------------------------------------------------


def test_approve_sets_snapshots_and_locks(plan: Plan, diajukan: Skp) -> None:
    client = client_of(plan.kabid)
    response = client.post(approve_url(diajukan))
    assertRedirects(response, detail_url(diajukan), fetch_redirect_response=False)
    assert any("ditetapkan" in m for m in messages_of(response))
    skp = Skp.objects.get(pk=diajukan.pk)
    assert skp.status == StatusSkp.DITETAPKAN
    assert skp.ditetapkan_oleh == plan.kabid.user and skp.ditetapkan_pada is not None
    assert skp.identitas["pegawai"]["nip"] == plan.staf.nip
    assert skp.identitas["pejabat_penilai"]["nip"] == plan.kabid.nip
    assert skp.identitas["atasan_pejabat_penilai"]["nip"] == plan.jpt.nip
    last = RiwayatSkp.objects.filter(skp=skp).last()
    assert last is not None and last.ke_status == StatusSkp.DITETAPKAN and last.oleh == plan.kabid.user
    # Locked: the pegawai's edits are refused by the services.
    with pytest.raises(SkpTransitionError):
        require_editable(skp)
    with pytest.raises(SkpTransitionError):
        skp_update_periode(
            skp=skp, periode_mulai=dt.date(2026, 2, 1), periode_selesai=dt.date(2026, 12, 31), pendekatan="kuantitatif"
        )
    page = client.get(detail_url(skp))
    assertContains(page, 'data-test="workflow-ditetapkan"')
    assertContains(page, "ditetapkan.")  # the success message shown after the redirect
    assertNotContains(page, 'data-test="skp-tetapkan"')
    assertContains(page, "(saat SKP ditetapkan)")


def test_the_page_shows_the_identity_as_it_was_when_set(plan: Plan, diajukan: Skp) -> None:
    skp_approve(skp=diajukan, by=plan.kabid.user)
    old_name = plan.staf.nama_lengkap
    plan.staf.nama = "Nama Sesudah Mutasi"
    plan.staf.save()
    response = client_of(plan.kabid).get(detail_url(diajukan))
    html = response.content.decode()
    assert f"<h1>SKP {old_name}</h1>" in html
    assert f'<dd data-test="identitas-nama">{old_name}</dd>' in html
    assert '<dd data-test="identitas-nama">Nama Sesudah Mutasi</dd>' not in html


def test_approve_with_htmx_swaps_the_skp_in_place(plan: Plan, diajukan: Skp) -> None:
    response = client_of(plan.kabid).post(approve_url(diajukan), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith("<div") and 'id="skp-bawahan"' in html
    assert 'data-test="bawahan-pesan"' in html and 'data-test="workflow-ditetapkan"' in html
    assert status_of(diajukan) == StatusSkp.DITETAPKAN
    assert messages_of(response) == []  # shown in the swapped part, not left for the next page


def test_approving_a_draft_is_a_message_not_an_error(plan: Plan) -> None:
    client = client_of(plan.kabid)
    response = client.post(approve_url(plan.skp_staf), follow=True)
    assert response.status_code == 200
    assertContains(response, "SKP berstatus Draf tidak dapat diubah menjadi Ditetapkan.")
    assert status_of(plan.skp_staf) == StatusSkp.DRAFT
    response = client.post(approve_url(plan.skp_staf), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assertContains(response, 'data-test="bawahan-galat"')
    assertContains(response, "SKP berstatus Draf tidak dapat diubah menjadi Ditetapkan.")


def test_approving_twice_is_refused(plan: Plan, diajukan: Skp) -> None:
    client = client_of(plan.kabid)
    client.post(approve_url(diajukan))
    first_set = Skp.objects.get(pk=diajukan.pk).ditetapkan_pada
    response = client.post(approve_url(diajukan), follow=True)
    assertContains(response, "SKP berstatus Ditetapkan tidak dapat diubah menjadi Ditetapkan.")
    assert Skp.objects.get(pk=diajukan.pk).ditetapkan_pada == first_set


# --- Kembalikan -------------------------------------------------------------------------------


def test_return_with_a_note_gives_the_skp_back_to_the_pegawai(plan: Plan, diajukan: Skp) -> None:
    client = client_of(plan.kabid)
    note = "Target kuantitas terlalu rendah; sesuaikan dengan peran hasil."
    response = client.post(return_url(diajukan), {"catatan": f"  {note}  "})
    assertRedirects(response, detail_url(diajukan), fetch_redirect_response=False)
    skp = Skp.objects.get(pk=diajukan.pk)
    assert skp.status == StatusSkp.DIKEMBALIKAN and skp.catatan_pengembalian == note
    last = RiwayatSkp.objects.filter(skp=skp).last()
    assert last is not None and last.catatan == note and last.oleh == plan.kabid.user
    require_editable(skp)  # the pegawai may edit again
    page = client.get(detail_url(skp))
    assertContains(page, 'data-test="workflow-dikembalikan"')
    assertContains(page, note)
    assertContains(page, "dikembalikan kepada pegawai")


@pytest.mark.parametrize("catatan", ["", "   ", "\n\t"])
def test_return_without_a_note_says_why_in_indonesian(plan: Plan, diajukan: Skp, catatan: str) -> None:
    client = client_of(plan.kabid)
    response = client.post(return_url(diajukan), {"catatan": catatan})
    assert response.status_code == 200
    assertContains(response, "Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki.")
    assertContains(response, "<html")
    assert status_of(diajukan) == StatusSkp.DIAJUKAN
    response = client.post(return_url(diajukan), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assertContains(response, "Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki.")
    assert status_of(diajukan) == StatusSkp.DIAJUKAN


def test_a_note_too_long_is_refused(plan: Plan, diajukan: Skp) -> None:
    response = client_of(plan.kabid).post(return_url(diajukan), {"catatan": "x" * 2001})
    assert response.status_code == 200
    assertContains(response, "Catatan paling banyak 2000 karakter")
    assert status_of(diajukan) == StatusSkp.DIAJUKAN


def test_returning_a_set_skp_is_refused_with_a_message(plan: Plan, diajukan: Skp) -> None:
    skp_approve(skp=diajukan, by=plan.kabid.user)
    client = client_of(plan.kabid)
    response = client.post(return_url(diajukan), {"catatan": "Ada yang kurang."}, follow=True)
    assert response.status_code == 200
    assertContains(response, "SKP berstatus Ditetapkan tidak dapat diubah menjadi Dikembalikan.")
    assert status_of(diajukan) == StatusSkp.DITETAPKAN
    # Even without a note (the form is gone from the page), the answer is the state, not a 500.
    response = client.post(return_url(diajukan), {"catatan": ""}, follow=True)
    assertContains(response, "tidak sedang menunggu persetujuan (status: Ditetapkan)")
    response = client.post(return_url(diajukan), {"catatan": "x"}, HTTP_HX_REQUEST="true")
    assertContains(response, 'data-test="bawahan-galat"')
    assert status_of(diajukan) == StatusSkp.DITETAPKAN


def test_returning_a_draft_is_refused(plan: Plan) -> None:
    response = client_of(plan.kabid).post(return_url(plan.skp_staf), {"catatan": "Belum lengkap."}, follow=True)
    assertContains(response, "SKP berstatus Draf tidak dapat diubah menjadi Dikembalikan.")
    assert status_of(plan.skp_staf) == StatusSkp.DRAFT


# --- History and versions ---------------------------------------------------------------------


def test_history_and_versions(plan: Plan, diajukan: Skp) -> None:
    skp_return(skp=diajukan, by=plan.kabid.user, catatan="Lengkapi IKI kualitas.")
    from perencanaan.services.skp import skp_submit

    skp = skp_submit(skp=Skp.objects.get(pk=diajukan.pk), by=plan.staf.user)
    skp = skp_approve(skp=skp, by=plan.kabid.user)
    new = skp_revise(skp=skp, by=plan.staf.user, alasan="Penugasan baru sebagai ketua tim.")
    client = client_of(plan.kabid)

    old_page = client.get(detail_url(skp))
    assert old_page.status_code == 200
    assertContains(old_page, 'data-test="versi-lama"')
    assertContains(old_page, f'href="{detail_url(new)}"')
    assertContains(old_page, "Lengkapi IKI kualitas.")
    assertNotContains(old_page, 'data-test="skp-tetapkan"')

    new_page = client.get(detail_url(new))
    html = new_page.content.decode()
    assert html.count('data-test="versi-row"') == 2
    assert f'href="{detail_url(skp)}"' in html
    assert "Penugasan baru sebagai ketua tim." in html
    # History across both versions: draft, diajukan, dikembalikan, diajukan, ditetapkan, direvisi + new draft.
    assert html.count('data-test="riwayat-row"') == 7
    assert plan.kabid.nama_lengkap in html and plan.staf.nama_lengkap in html


def test_an_earlier_version_judged_by_someone_else_is_listed_without_a_link(plan: Plan, diajukan: Skp) -> None:
    skp = skp_approve(skp=diajukan, by=plan.kabid.user)
    # The staf moved under the JPT; the revision is judged by the JPT.
    plan.staf.atasan = plan.jpt
    plan.staf.save()
    new = skp_revise(skp=skp, by=plan.staf.user, alasan="Mutasi ke unit lain.")
    assert new.pejabat_penilai == plan.jpt
    response = client_of(plan.jpt).get(detail_url(new))
    assertContains(response, "(dinilai pejabat penilai lain)")
    assertNotContains(response, f'href="{detail_url(skp)}"')
    assert client_of(plan.jpt).get(detail_url(skp)).status_code == 404
    assert client_of(plan.kabid).get(detail_url(skp)).status_code == 200


# --- Speed ------------------------------------------------------------------------------------


def test_detail_query_count_does_not_grow_with_the_plan(
    plan: Plan, diajukan: Skp, django_assert_max_num_queries: Any
) -> None:
    client = client_of(plan.kabid)
    client.get(detail_url(diajukan))  # warm the session

    def measure() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(detail_url(diajukan)).status_code == 200
        return len(ctx.captured_queries)

    small = measure()
    leader = RhkFactory(skp=Skp.objects.get(pegawai=plan.kabid))
    for i in range(15):
        rhk = RhkFactory(skp=diajukan, intervensi=leader, jenis="utama" if i % 3 else "tambahan")
        for _ in range(3):
            IkiFactory(rhk=rhk)
    big = measure()
    assert big == small
    with django_assert_max_num_queries(20):
        client.get(detail_url(diajukan))
    # 40: the approval writes the SKP and its history row, each with an audit row (about 5 queries each).
    with django_assert_max_num_queries(40):
        client.post(approve_url(diajukan), HTTP_HX_REQUEST="true")
