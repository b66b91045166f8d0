"""`dokumen:skp_pdf` and `dokumen:skp_xlsx`: who may print an SKP, file names, the Cetak buttons."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from organisasi.models import Pegawai
from perencanaan.models import Skp
from tests.conftest import login
from tests.dokumen.conftest import pdf_text
from tests.factories import UserFactory
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROLES: dict[str, Callable[[Kinerja], Pegawai]] = {
    "pegawai": lambda k: k.staf,
    "pejabat_penilai": lambda k: k.kabid,
    "atasan_pejabat_penilai": lambda k: k.jpt,
    "operator": lambda k: k.plan.operator,
}
OTHERS: dict[str, Callable[[Kinerja], Pegawai]] = {
    "rekan_unrelated": lambda k: k.plan.staf2,  # same bidang, rates one perilaku aspect: not an SKP reader
    "unrelated_same_instansi": lambda k: k.plan.outsider,
    "other_instansi": lambda k: k.plan.stranger,
}


def urls(skp: Skp) -> list[str]:
    return [reverse("dokumen:skp_pdf", args=[skp.pk]), reverse("dokumen:skp_xlsx", args=[skp.pk])]


@pytest.mark.parametrize("role", list(ROLES))
def test_readers_get_pdf_and_xlsx(kinerja: Kinerja, role: str) -> None:
    skp = kinerja.skp
    client = client_of(ROLES[role](kinerja))
    nama = f"SKP_{kinerja.staf.nip}_01-01-2026_31-12-2026"

    response = client.get(reverse("dokumen:skp_pdf", args=[skp.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{nama}.pdf"'
    assert kinerja.staf.nama_lengkap in pdf_text(response.content)

    response = client.get(reverse("dokumen:skp_xlsx", args=[skp.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{nama}.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws is not None
    assert ws["A1"].value == "SASARAN KINERJA PEGAWAI"


def test_admin_may_print(kinerja: Kinerja) -> None:
    client = login(Client(), UserFactory(is_superuser=True, is_staff=True))
    for url in urls(kinerja.skp):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("other", list(OTHERS))
def test_anyone_else_gets_404(kinerja: Kinerja, other: str) -> None:
    client = client_of(OTHERS[other](kinerja))
    for url in urls(kinerja.skp):
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(kinerja: Kinerja) -> None:
    for url in urls(kinerja.skp):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("pk", [999999, 2**63])
def test_unknown_skp_is_404(kinerja: Kinerja, pk: int) -> None:
    client = client_of(kinerja.staf)
    for name in ("dokumen:skp_pdf", "dokumen:skp_xlsx"):
        assert client.get(reverse(name, args=[pk])).status_code == 404


def test_post_is_not_allowed(kinerja: Kinerja) -> None:
    client = client_of(kinerja.staf)
    for url in urls(kinerja.skp):
        assert client.post(url).status_code == 405


def test_other_versions_print_their_own_data(kinerja: Kinerja) -> None:
    """The kualitatif SKP of staf2 prints staf2's form, readable by their penilai."""
    skp = kinerja.skp_kualitatif
    response = client_of(kinerja.kabid).get(reverse("dokumen:skp_pdf", args=[skp.pk]))
    text = pdf_text(response.content)
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in text
    assert kinerja.plan.staf2.nip in text


def test_view_queries_do_not_grow_with_the_plan(kinerja: Kinerja, django_assert_max_num_queries: Any) -> None:
    from perencanaan.models import Iki, Rhk, Satuan

    skp = kinerja.skp
    dokumen = Satuan.objects.get(nama="Dokumen")
    for n in range(30):
        rhk = Rhk.objects.create(skp=skp, jenis="utama", teks=f"RHK tambahan uji {n}", urutan=10 + n)
        Iki.objects.create(rhk=rhk, teks=f"IKI uji {n}", aspek="kuantitas", target_min=n + 1, satuan=dokumen)
    client = client_of(kinerja.staf)
    for name in ("dokumen:skp_pdf", "dokumen:skp_xlsx"):
        with django_assert_max_num_queries(16):
            assert client.get(reverse(name, args=[skp.pk])).status_code == 200


def test_cetak_buttons_on_the_skp_page_and_the_bawahan_page(kinerja: Kinerja) -> None:
    skp = kinerja.skp
    pdf_url, xlsx_url = urls(skp)
    page = client_of(kinerja.staf).get(reverse("perencanaan:skp_detail", args=[skp.pk])).content.decode()
    assert f'href="{pdf_url}"' in page
    assert f'href="{xlsx_url}"' in page
    assert "Cetak SKP (PDF)" in page
    assert "Unduh XLSX" in page
    page = client_of(kinerja.kabid).get(reverse("perencanaan:bawahan_detail", args=[skp.pk])).content.decode()
    assert f'href="{pdf_url}"' in page
    assert f'href="{xlsx_url}"' in page
