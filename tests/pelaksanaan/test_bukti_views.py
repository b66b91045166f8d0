"""Bukti dukung on the Realisasi page: upload, link, replace, remove (htmx and plain POST), the
download (attachment, cleaned name, stored type, nosniff) and who may do what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from pelaksanaan.models import BuktiDukung, Periode
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.bukti import bukti_link_add, bukti_remove, bukti_upload
from tests.conftest import login
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .test_bukti_services import DOCX, EXE, PDF, PNG, TEXT, stored_files, upload

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


def unggah_url(kinerja: Kinerja, periode: Periode) -> str:
    return reverse("pelaksanaan:bukti_unggah", args=[kinerja.skp.pk, kinerja.rhk_utama.pk]) + f"?periode={periode.pk}"


def tautan_url(kinerja: Kinerja, periode: Periode) -> str:
    return reverse("pelaksanaan:bukti_tautan", args=[kinerja.skp.pk, kinerja.rhk_utama.pk]) + f"?periode={periode.pk}"


def unduh_url(bukti: BuktiDukung) -> str:
    return reverse("pelaksanaan:bukti_unduh", args=[bukti.pk])


def file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _client(kinerja: Kinerja, who: str) -> Client:
    if who == "admin":
        return login(Client(), User.objects.create_superuser("admin-bukti", password="Rahasia-123"))
    if who in {"staf", "kabid", "jpt"}:
        return client_of(getattr(kinerja, who))
    return client_of(getattr(kinerja.plan, who))


# --- Upload -----------------------------------------------------------------------------------


def test_upload_with_htmx_swaps_the_rhk(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    client = client_of(kinerja.staf)
    response = client.post(
        unggah_url(kinerja, triwulan), {"berkas": file("Notulen rapat.pdf", PDF), "keterangan": "Rapat 3 Feb"}, **HX
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "realisasi-berubah"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody id="rhk-{kinerja.rhk_utama.pk}"')
    assert "Notulen rapat.pdf" in html and "Rapat 3 Feb" in html and 'data-test="realisasi-pesan"' in html
    bukti = BuktiDukung.objects.get()
    assert bukti.diunggah_oleh == kinerja.staf.user and bukti.tipe == "application/pdf" and bukti.ukuran == len(PDF)
    assert len(stored_files(media)) == 1


def test_upload_without_javascript_redirects(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    client = client_of(kinerja.staf)
    form = client.get(unggah_url(kinerja, triwulan))
    assertContains(form, 'enctype="multipart/form-data"')
    response = client.post(unggah_url(kinerja, triwulan), {"berkas": file("rekap.docx", DOCX), "keterangan": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"#rhk-{kinerja.rhk_utama.pk}")
    sheet = client.get(response["Location"])
    assertContains(sheet, "rekap.docx")
    assertContains(sheet, "1 bukti dukung")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "program"),
        ("laporan.pdf", EXE, "program"),
        ("foto.pdf", PNG, "isinya gambar PNG"),
        ("laporan.docx", TEXT, "tidak dikenali"),
        ("kosong.pdf", b"", "Berkas kosong"),
    ],
)
def test_refused_upload_shows_the_reason_and_stores_nothing(
    kinerja: Kinerja, triwulan: Periode, media: Path, name: str, content: bytes, message: str
) -> None:
    client = client_of(kinerja.staf)
    for extra in ({}, HX):
        response = client.post(
            unggah_url(kinerja, triwulan), {"berkas": file(name, content), "keterangan": "k"}, **extra
        )
        assert response.status_code == 200
        assertContains(response, message)
        assertContains(response, 'data-test="bukti-galat"' if extra else 'class="field has-error"')
    assert BuktiDukung.objects.count() == 0 and stored_files(media) == []


def test_too_big_upload_is_refused(kinerja: Kinerja, triwulan: Periode, media: Path, settings: Any) -> None:
    settings.BUKTI_DUKUNG_MAX_BYTES = 10
    response = client_of(kinerja.staf).post(unggah_url(kinerja, triwulan), {"berkas": file("a.pdf", PDF)}, **HX)
    assertContains(response, "terlalu besar")
    assert BuktiDukung.objects.count() == 0 and stored_files(media) == []


def test_missing_file_is_refused(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    response = client_of(kinerja.staf).post(unggah_url(kinerja, triwulan), {"keterangan": "x"})
    assertContains(response, "Pilih berkas")
    assert not BuktiDukung.objects.exists()


def test_hostile_name_over_http_is_stored_safely(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    """Django keeps only the last part of a sent file name; the file itself goes under a random name."""
    client = client_of(kinerja.staf)
    client.post(unggah_url(kinerja, triwulan), {"berkas": file("../../etc/passwd.pdf", PDF)})
    bukti = BuktiDukung.objects.get()
    assert bukti.nama == "passwd.pdf" and "passwd" not in bukti.berkas.name
    [path] = stored_files(media)
    assert path.resolve().is_relative_to(Path(media).resolve())


def test_closed_period_refuses_upload(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    response = client_of(kinerja.staf).post(unggah_url(kinerja, triwulan), {"berkas": file("a.pdf", PDF)}, **HX)
    assertContains(response, "sudah ditutup")
    assert BuktiDukung.objects.count() == 0 and stored_files(media) == []


# --- Links ------------------------------------------------------------------------------------


def test_add_link(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    bad = client.post(tautan_url(kinerja, triwulan), {"tautan": "javascript:alert(1)", "nama": "x"}, **HX)
    assertContains(bad, "http:// atau https://")
    assert not BuktiDukung.objects.exists()
    ok = client.post(tautan_url(kinerja, triwulan), {"tautan": "https://drive.go.id/f/1", "nama": "Foto"}, **HX)
    assertContains(ok, 'href="https://drive.go.id/f/1"')
    assertContains(ok, 'rel="noopener noreferrer"')
    assert BuktiDukung.objects.get().jenis == "tautan"


# --- Replace and remove -----------------------------------------------------------------------


def test_replace_and_remove_keep_history(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    client = client_of(kinerja.staf)
    old = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("v1.pdf", PDF), by=kinerja.staf.user)
    ganti = reverse("pelaksanaan:bukti_ganti", args=[kinerja.skp.pk, old.pk])
    refused = client.post(ganti, {"berkas": file("v2.pdf", EXE)}, **HX)
    assertContains(refused, "program")
    replaced = client.post(ganti, {"berkas": file("v2.png", PNG), "keterangan": "lebih jelas"}, **HX)
    assert replaced["HX-Trigger"] == "realisasi-berubah"
    new = BuktiDukung.objects.get(menggantikan=old)
    assert new.nama == "v2.png" and new.keterangan == "lebih jelas"
    hapus = reverse("pelaksanaan:bukti_hapus", args=[kinerja.skp.pk, new.pk])
    assert client.post(hapus).status_code == 302
    new.refresh_from_db()
    assert new.dihapus_oleh == kinerja.staf.user and len(stored_files(media)) == 2
    again = client.post(hapus, **HX)
    assertContains(again, "sudah diganti atau dihapus")
    sheet = client.get(reverse("pelaksanaan:realisasi", args=[kinerja.skp.pk]) + f"?periode={triwulan.pk}")
    assertContains(sheet, 'data-test="riwayat-bukti-row"', count=2)
    assertContains(sheet, "v1.pdf")
    assertContains(sheet, 'data-test="bukti-kosong"')


def test_replace_without_javascript_shows_a_form_page(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    old = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("v1.pdf", PDF), by=None)
    client = client_of(kinerja.staf)
    url = reverse("pelaksanaan:bukti_ganti", args=[kinerja.skp.pk, old.pk])
    assertContains(client.get(url), "v1.pdf")
    refused = client.post(url, {"berkas": file("x.docx", TEXT)})
    assertContains(refused, "tidak dikenali")
    assert client.post(url, {"berkas": file("v2.pdf", PDF)}).status_code == 302


@pytest.mark.parametrize("who", ["kabid", "operator", "outsider", "stranger"])
def test_only_the_owner_writes_evidence(kinerja: Kinerja, triwulan: Periode, media: Path, who: str) -> None:
    client = _client(kinerja, who)
    bukti = bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/a", nama="", by=None)
    assert client.post(unggah_url(kinerja, triwulan), {"berkas": file("a.pdf", PDF)}).status_code == 404
    assert client.post(tautan_url(kinerja, triwulan), {"tautan": "https://x.go.id/b"}, **HX).status_code == 404
    assert (
        client.post(
            reverse("pelaksanaan:bukti_ganti", args=[kinerja.skp.pk, bukti.pk]), {"berkas": file("a.pdf", PDF)}
        ).status_code
        == 404
    )
    assert client.post(reverse("pelaksanaan:bukti_hapus", args=[kinerja.skp.pk, bukti.pk])).status_code == 404
    assert BuktiDukung.objects.count() == 1 and stored_files(media) == []


def test_evidence_of_another_skp_is_404(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    other = periods_of_skp(kinerja.skp_kualitatif)[0]
    foreign = bukti_link_add(rhk=kinerja.rhk_kualitatif, periode=other, tautan="https://x.go.id/a", nama="", by=None)
    client = client_of(kinerja.staf)
    assert client.post(reverse("pelaksanaan:bukti_hapus", args=[kinerja.skp.pk, foreign.pk])).status_code == 404
    wrong_rhk = reverse("pelaksanaan:bukti_unggah", args=[kinerja.skp.pk, kinerja.rhk_kualitatif.pk])
    assert client.post(wrong_rhk + f"?periode={triwulan.pk}", {"berkas": file("a.pdf", PDF)}).status_code == 404
    assert BuktiDukung.objects.get(pk=foreign.pk).is_current


# --- Download ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator", "admin"])
def test_download_is_an_attachment_with_the_stored_type(
    kinerja: Kinerja, triwulan: Periode, media: Path, who: str
) -> None:
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("Laporan akhir.pdf", PDF), by=None)
    response = _client(kinerja, who).get(unduh_url(bukti))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "Laporan akhir.pdf" in response["Content-Disposition"]
    )


def test_removed_evidence_stays_downloadable(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("lama.pdf", PDF), by=None)
    bukti_remove(bukti=bukti, by=kinerja.staf.user)
    assert client_of(kinerja.kabid).get(unduh_url(bukti)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "stranger", "staf2"])
def test_download_is_404_for_others(kinerja: Kinerja, triwulan: Periode, media: Path, who: str) -> None:
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    assert _client(kinerja, who).get(unduh_url(bukti)).status_code == 404
    assert Client().get(unduh_url(bukti)).status_code == 302  # anonymous: to the login page


def test_download_of_a_link_or_missing_file_is_404(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    link = bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/a", nama="", by=None)
    client = client_of(kinerja.staf)
    assert client.get(unduh_url(link)).status_code == 404
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    Path(bukti.berkas.path).unlink()
    assert client.get(unduh_url(bukti)).status_code == 404
    assert client.get(reverse("pelaksanaan:bukti_unduh", args=[999999])).status_code == 404
