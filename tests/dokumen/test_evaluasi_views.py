"""Views of forms 11–14: who may print them (everyone else 404), file names, the Cetak buttons on
the Realisasi, Umpan balik, Evaluasi and Dokumen evaluasi screens, and query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from organisasi.models import Pegawai
from penilaian.models import Evaluasi
from penilaian.services.evaluasi import evaluasi_save
from tests.conftest import login
from tests.dokumen.conftest import pdf_text
from tests.dokumen.evaluasi_world import EvaluasiWorld, long_skp
from tests.factories import UserFactory
from tests.perencanaan.conftest import client_of

pytestmark = pytest.mark.django_db

READERS: dict[str, Callable[[EvaluasiWorld], Pegawai]] = {
    "pegawai": lambda w: w.k.staf,
    "pejabat_penilai": lambda w: w.k.kabid,
    "atasan_pejabat_penilai": lambda w: w.k.jpt,
    "operator": lambda w: w.k.plan.operator,
}
OTHERS: dict[str, Callable[[EvaluasiWorld], Pegawai]] = {
    "rekan_rater": lambda w: w.k.plan.staf2,  # rates the staf's "Adaptif": no reader of the rest
    "unrelated_same_instansi": lambda w: w.k.plan.outsider,
    "other_instansi": lambda w: w.k.plan.stranger,
}


def document_urls(w: EvaluasiWorld) -> dict[str, str]:
    skp = w.v.jajf_kuantitatif
    return {
        "pendokumentasian": reverse("dokumen:pendokumentasian_pdf", args=[skp.pk]),
        "umpan_balik": reverse("dokumen:umpan_balik_pdf", args=[skp.pk]) + f"?periode={w.triwulan1.pk}",
        "hasil": reverse("dokumen:hasil_evaluasi_pdf", args=[w.evaluasi.pk]),
        "dokumen": reverse("dokumen:dokumen_evaluasi_pdf", args=[w.evaluasi.pk]),
        "dokumen_v2": reverse("dokumen:dokumen_evaluasi_pdf", args=[w.evaluasi_v2.pk]) + "?varian=atasan_penilai",
    }


def expected_names(w: EvaluasiWorld) -> dict[str, str]:
    nip = w.k.staf.nip
    return {
        "pendokumentasian": f"Pendokumentasian-Kinerja_{nip}_01-01-2026_31-12-2026.pdf",
        "umpan_balik": f"Rekaman-Umpan-Balik_{nip}_Triwulan-I_2026.pdf",
        "hasil": f"Hasil-Evaluasi_{nip}_Triwulan-I_2026.pdf",
        "dokumen": f"Dokumen-Evaluasi_{nip}_Triwulan-I_2026_keberatan.pdf",
        "dokumen_v2": f"Dokumen-Evaluasi_{nip}_Triwulan-I_2026_v2_atasan.pdf",
    }


@pytest.mark.parametrize("role", list(READERS))
def test_readers_get_every_document(ew: EvaluasiWorld, role: str) -> None:
    client = client_of(READERS[role](ew))
    names = expected_names(ew)
    for key, url in document_urls(ew).items():
        response = client.get(url)
        assert response.status_code == 200, (key, response.status_code)
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'inline; filename="{names[key]}"', key
        assert response["X-Content-Type-Options"] == "nosniff"
        assert ew.k.staf.nip in pdf_text(response.content)


def test_admin_may_print(ew: EvaluasiWorld) -> None:
    client = login(Client(), UserFactory(is_superuser=True, is_staff=True))
    for url in document_urls(ew).values():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("other", list(OTHERS))
def test_anyone_else_gets_404(ew: EvaluasiWorld, other: str) -> None:
    client = client_of(OTHERS[other](ew))
    for key, url in document_urls(ew).items():
        assert client.get(url).status_code == 404, key


def test_anonymous_is_sent_to_login(ew: EvaluasiWorld) -> None:
    for url in document_urls(ew).values():
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("pk", [999999, 2**63])
def test_unknown_objects_are_404(ew: EvaluasiWorld, pk: int) -> None:
    client = client_of(ew.k.kabid)
    for name in ("pendokumentasian_pdf", "umpan_balik_pdf", "hasil_evaluasi_pdf", "dokumen_evaluasi_pdf"):
        assert client.get(reverse(f"dokumen:{name}", args=[pk])).status_code == 404, name


def test_post_is_not_allowed(ew: EvaluasiWorld) -> None:
    client = client_of(ew.k.kabid)
    for url in document_urls(ew).values():
        assert client.post(url).status_code == 405


def test_draft_evaluation_is_for_the_penilai_only(ew: EvaluasiWorld) -> None:
    tw2 = ew.triwulan1.__class__.objects.get(instansi=ew.triwulan1.instansi, tahun=2026, jenis="periodik", nomor=2)
    assert ew.k.kabid.user is not None
    draft = evaluasi_save(
        skp=ew.v.jajf_kuantitatif,
        periode=tw2,
        rating_hasil="sesuai",
        rating_perilaku="sesuai",
        catatan="",
        by=ew.k.kabid.user,
    )
    for name in ("hasil_evaluasi_pdf", "dokumen_evaluasi_pdf"):
        url = reverse(f"dokumen:{name}", args=[draft.pk])
        response = client_of(ew.k.kabid).get(url)
        assert response.status_code == 200
        assert "DRAF" in pdf_text(response.content)
        assert client_of(ew.k.staf).get(url).status_code == 404  # not given yet
        assert client_of(ew.k.jpt).get(url).status_code == 404


def test_umpan_balik_period_falls_back_to_a_period_of_the_skp(ew: EvaluasiWorld) -> None:
    url = reverse("dokumen:umpan_balik_pdf", args=[ew.v.jajf_kuantitatif.pk])
    for query in ("", "?periode=abc", "?periode=999999"):
        response = client_of(ew.k.kabid).get(url + query)
        assert response.status_code == 200, query
        assert "PERIODE: " in pdf_text(response.content)


def test_dokumen_variant_parameter(ew: EvaluasiWorld) -> None:
    client = client_of(ew.k.staf)
    url = reverse("dokumen:dokumen_evaluasi_pdf", args=[ew.evaluasi.pk])
    response = client.get(url + "?varian=penilai")
    assert response["Content-Disposition"] == f'inline; filename="Dokumen-Evaluasi_{ew.k.staf.nip}_Triwulan-I_2026.pdf"'
    assert "KEBERATAN" not in pdf_text(response.content)
    response = client.get(url + "?varian=%3Cscript%3E")
    assert response.status_code == 200
    assert "6. KEBERATAN" in pdf_text(response.content)  # the default of an evaluation with a keberatan


# --- Cetak buttons ------------------------------------------------------------------------------


def test_cetak_buttons_on_the_screens(ew: EvaluasiWorld) -> None:
    skp = ew.v.jajf_kuantitatif
    q = f"?periode={ew.triwulan1.pk}"
    client = client_of(ew.k.staf)
    page = client.get(reverse("pelaksanaan:realisasi", args=[skp.pk]) + q).content.decode()
    assert reverse("dokumen:pendokumentasian_pdf", args=[skp.pk]) in page
    assert 'data-test="cetak-pendokumentasian"' in page
    page = client.get(reverse("pelaksanaan:umpan_balik", args=[skp.pk]) + q).content.decode()
    assert f"{reverse('dokumen:umpan_balik_pdf', args=[skp.pk])}?periode={ew.triwulan1.pk}" in page
    assert "Cetak Rekaman Umpan Balik Triwulan I (PDF)" in page
    page = client_of(ew.k.kabid).get(reverse("penilaian:evaluasi", args=[skp.pk]) + q).content.decode()
    for evaluasi in (ew.evaluasi, ew.evaluasi_v2):
        assert reverse("dokumen:hasil_evaluasi_pdf", args=[evaluasi.pk]) in page
        assert reverse("dokumen:dokumen_evaluasi_pdf", args=[evaluasi.pk]) in page
    page = client.get(
        reverse("penilaian:dokumen_evaluasi", args=[ew.evaluasi.pk]) + "?varian=keberatan"
    ).content.decode()
    assert f"{reverse('dokumen:dokumen_evaluasi_pdf', args=[ew.evaluasi.pk])}?varian=keberatan" in page


def test_english_interface_still_prints_indonesian_forms(ew: EvaluasiWorld) -> None:
    client = client_of(ew.k.staf)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("pelaksanaan:umpan_balik", args=[ew.v.jajf_kuantitatif.pk])).content.decode()
    assert "Print continuous feedback record" in page
    for url in document_urls(ew).values():
        text = pdf_text(client.get(url).content)
        assert "PEGAWAI YANG DINILAI" in text
        assert "EMPLOYEE" not in text.upper().replace("EMPLOYEES", "")


# --- Query counts -------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_sheet(ew: EvaluasiWorld, django_assert_max_num_queries: Any) -> None:
    skp = ew.v.jajf_kuantitatif
    client = client_of(ew.k.kabid)
    urls = document_urls(ew)
    counts: dict[str, int] = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for key, url in urls.items():
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        counts[key] = len(small)
    long_skp(skp, ew.triwulan1, rhk=40)
    for key, url in urls.items():
        with django_assert_max_num_queries(counts[key]):
            assert client.get(url).status_code == 200
        assert counts[key] <= 45, (key, counts[key])


def test_evaluation_of_another_skp_version_prints_its_own(ew: EvaluasiWorld) -> None:
    other: Evaluasi = ew.evaluasi_kualitatif
    response = client_of(ew.k.kabid).get(reverse("dokumen:hasil_evaluasi_pdf", args=[other.pk]))
    text = pdf_text(response.content)
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in text
    assert ew.k.plan.staf2.nip in text and ew.k.staf.nip not in text
