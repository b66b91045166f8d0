"""Bulk print pages: `dokumen:massal`, `dokumen:massal_status`, `dokumen:massal_unduh`."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dokumen.models import CetakMassal
from tests.conftest import login
from tests.dokumen.test_massal_model import make_job, skp_name
from tests.factories import UnitKerjaFactory, UserFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def massal_url() -> str:
    return reverse("dokumen:massal")


def status_url(job: CetakMassal) -> str:
    return reverse("dokumen:massal_status", args=[job.pk])


def unduh_url(job: CetakMassal) -> str:
    return reverse("dokumen:massal_unduh", args=[job.pk])


def post_job(client: Client, captured: Any, **data: object) -> Any:
    with captured(execute=True):
        return client.post(massal_url(), {"jenis": "skp", "tahun": "2026", **data})


def admin_client() -> Client:
    return login(Client(), UserFactory(is_superuser=True, is_staff=True))


# --- The form page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "units"),
    [("operator", {"unit", "bidang"}), ("jpt", {"unit", "bidang"}), ("kabid", {"bidang"})],
)
def test_page_offers_only_units_in_scope(kinerja: Kinerja, who: str, units: set[str]) -> None:
    plan = kinerja.plan
    response = client_of(getattr(plan, who)).get(massal_url())
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    offered = {str(pk) for pk, _label in response.context["form"].fields["unit"].choices}
    assert offered == {str(getattr(plan, name).pk) for name in units}
    html = response.content.decode()
    assert 'data-test="massal-form"' in html
    assert "Belum ada cetak massal." in html


@pytest.mark.parametrize("who", ["staf", "outsider", "stranger"])
def test_no_scope_is_404_everywhere(kinerja: Kinerja, who: str) -> None:
    plan = kinerja.plan
    job = make_job(kinerja, status="selesai")
    client = client_of(getattr(plan, who))
    assert client.get(massal_url()).status_code == 404
    assert client.post(massal_url(), {"jenis": "skp", "unit": plan.bidang.pk, "tahun": "2026"}).status_code == 404
    assert client.get(status_url(job)).status_code == 404
    assert client.get(unduh_url(job)).status_code == 404
    assert not CetakMassal.objects.exclude(pk=job.pk).exists()


def test_anonymous_is_sent_to_login(kinerja: Kinerja) -> None:
    job = make_job(kinerja)
    for url in (massal_url(), status_url(job), unduh_url(job)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_post_starts_a_job_and_shows_it_finished(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    client = client_of(plan.operator)
    response = post_job(client, django_capture_on_commit_callbacks, unit=plan.unit.pk)
    job = CetakMassal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(job)
    assert job.status == "selesai"

    page = client.get(status_url(job))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cetak massal dimulai" in html
    assert "3 dari 6 dokumen dibuat." in html
    assert "3 dokumen tidak dapat dibuat; rinciannya ada di LAPORAN.txt di dalam ZIP." in html
    assert unduh_url(job) in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert "http-equiv" not in html

    listing = client.get(massal_url()).content.decode()
    assert f'id="cetak-massal-{job.pk}"' in listing and unduh_url(job) in listing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"unit": "", "tahun": "2026"}, "unit"),
        ({"unit": "abc", "tahun": "2026"}, "unit"),
        ({"unit": "999999", "tahun": "2026"}, "unit"),
        ({"tahun": "1990"}, "tahun"),
        ({"tahun": "dua ribu"}, "tahun"),
        ({"jenis": "evaluasi"}, "periode"),
        ({"jenis": "dokumen"}, "jenis"),
    ],
)
def test_bad_input_shows_messages_and_queues_nothing(
    kinerja: Kinerja, django_capture_on_commit_callbacks: Any, data: dict[str, str], field: str
) -> None:
    plan = kinerja.plan
    post = {"jenis": "skp", "unit": str(plan.bidang.pk), "tahun": "2026", **data}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(plan.kabid).post(massal_url(), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="error"' in response.content.decode()
    assert not CetakMassal.objects.exists()


def test_a_unit_outside_the_scope_is_refused(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    """The kabid cannot ask for the BKD above them, nor a unit of another instansi."""
    plan = kinerja.plan
    elsewhere = UnitKerjaFactory()
    client = client_of(plan.kabid)
    for unit in (plan.unit, elsewhere):
        response = post_job(client, django_capture_on_commit_callbacks, unit=unit.pk)
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
    assert not CetakMassal.objects.exists()


# --- One job: the page, the htmx partial, who sees it -------------------------------------------------


def test_running_job_polls_every_two_seconds(kinerja: Kinerja) -> None:
    job = make_job(kinerja, status="berjalan", jumlah=200, selesai_count=48, gagal_count=2)
    client = client_of(kinerja.plan.operator)

    partial = client.get(status_url(job), **HTMX)
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html
    assert f'hx-get="{status_url(job)}"' in html and 'hx-trigger="every 2s"' in html
    assert 'aria-valuenow="25"' in html and "width: 25%" in html
    assert "50 dari 200 dokumen diproses" in html
    assert "HX-Request" in partial["Vary"]

    page = client.get(status_url(job))
    html = page.content.decode()
    assert "<html" in html and 'hx-trigger="every 2s"' in html
    # Without JavaScript the page reloads itself, and offers a reload link.
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    assert 'data-test="massal-muat-ulang"' in html
    assert unduh_url(job) not in html


def test_job_stuck_for_an_hour_is_shown_failed_by_timeout(kinerja: Kinerja) -> None:
    job = make_job(kinerja, status="berjalan", jumlah=10, selesai_count=3)
    CetakMassal.objects.filter(pk=job.pk).update(diperbarui_pada=timezone.now() - dt.timedelta(minutes=61))
    html = client_of(kinerja.plan.operator).get(status_url(job), **HTMX).content.decode()
    assert "Gagal (waktu habis)" in html
    assert "dianggap gagal" in html
    assert "hx-trigger" not in html


def test_failed_job_shows_its_message(kinerja: Kinerja) -> None:
    job = make_job(kinerja, status="gagal", pesan="Cetak massal gagal dan tidak menghasilkan berkas. (OSError)")
    html = client_of(kinerja.plan.operator).get(status_url(job)).content.decode()
    assert 'role="alert"' in html and "(OSError)" in html
    assert unduh_url(job) not in html
    assert client_of(kinerja.plan.operator).get(unduh_url(job)).status_code == 404


@pytest.mark.parametrize("who", ["jpt", "kabid"])
def test_only_the_creator_sees_a_job(kinerja: Kinerja, who: str) -> None:
    """Leaders who could print the same unit still do not see someone else's job."""
    job = make_job(kinerja, unit=kinerja.plan.bidang, status="selesai")
    client = client_of(getattr(kinerja.plan, who))
    assert client.get(status_url(job)).status_code == 404
    assert client.get(status_url(job), **HTMX).status_code == 404
    assert client.get(unduh_url(job)).status_code == 404
    assert f"cetak-massal-{job.pk}" not in client.get(massal_url()).content.decode()


def test_admin_sees_any_job(kinerja: Kinerja) -> None:
    job = make_job(kinerja, status="antri")
    assert admin_client().get(status_url(job)).status_code == 200


def test_unknown_job_is_404(kinerja: Kinerja) -> None:
    client = client_of(kinerja.plan.operator)
    assert client.get(reverse("dokumen:massal_status", args=[10**6])).status_code == 404
    assert client.get(reverse("dokumen:massal_status", args=[10**12])).status_code == 404


# --- Download ----------------------------------------------------------------------------------------


def test_download_is_a_zip_attachment(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    client = client_of(plan.kabid)
    post_job(client, django_capture_on_commit_callbacks, unit=plan.bidang.pk)
    job = CetakMassal.objects.get()

    response = client.get(unduh_url(job))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="SKP_{plan.bidang.kode}_2026.zip"'
    assert response["X-Content-Type-Options"] == "nosniff"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[arg-type]
    assert skp_name(plan.staf) in archive.namelist() and "LAPORAN.txt" in archive.namelist()

    assert admin_client().get(unduh_url(job)).status_code == 200
    assert client_of(plan.operator).get(unduh_url(job)).status_code == 404  # not theirs


def test_download_of_a_vanished_file_explains(kinerja: Kinerja, django_capture_on_commit_callbacks: Any) -> None:
    plan = kinerja.plan
    client = client_of(plan.operator)
    post_job(client, django_capture_on_commit_callbacks, unit=plan.bidang.pk)
    job = CetakMassal.objects.get()
    job.berkas.storage.delete(job.berkas.name)
    response = client.get(unduh_url(job), follow=True)
    assert response.redirect_chain[0] == (massal_url(), 302)
    assert "tidak ditemukan lagi di server" in response.content.decode()


def test_unfinished_job_has_no_download(kinerja: Kinerja) -> None:
    for status in ("antri", "berjalan"):
        job = make_job(kinerja, status=status)
        assert client_of(kinerja.plan.operator).get(unduh_url(job)).status_code == 404


# --- Links and speed ----------------------------------------------------------------------------------


def test_linked_from_operator_home_and_rekap(kinerja: Kinerja) -> None:
    client = client_of(kinerja.plan.operator)
    for url in (reverse("organisasi:operator_home"), reverse("penilaian:rekap")):
        html = client.get(url).content.decode()
        assert f'href="{massal_url()}"' in html, url


def test_page_queries_do_not_grow_with_jobs(kinerja: Kinerja, django_assert_max_num_queries: Any) -> None:
    plan = kinerja.plan
    for n in range(30):
        make_job(
            kinerja,
            unit=plan.bidang if n % 2 else plan.unit,
            status=("antri", "berjalan", "selesai", "gagal")[n % 4],
            jumlah=10,
            selesai_count=n % 10,
        )
    client = client_of(plan.operator)
    with django_assert_max_num_queries(15):  # 13 here, whatever the number of jobs
        response = client.get(massal_url())
    assert response.content.decode().count('data-test="massal-job"') == 20
