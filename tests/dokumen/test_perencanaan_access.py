"""Who may print forms 1–6: whoever may read the data on screen; anyone else gets a 404, an
anonymous visitor the login page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from organisasi.models import Pegawai
from tests.dokumen.perencanaan_world import DokumenWorld, build_dokumen_world
from tests.perencanaan.conftest import Plan, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dok(plan: Plan) -> DokumenWorld:
    return build_dokumen_world(plan)


Who = Callable[[DokumenWorld], Pegawai]
Url = Callable[[DokumenWorld], str]

PK: Url = lambda d: reverse("dokumen:pk_pdf", args=[d.pk.pk])  # noqa: E731
MATRIKS_JPT: Url = lambda d: reverse("dokumen:matriks_pdf", args=[d.matriks_jpt.pk])  # noqa: E731
MATRIKS_KABID: Url = lambda d: reverse("dokumen:matriks_pdf", args=[d.matriks_kabid.pk])  # noqa: E731
SKP_FORMS = [
    "dokumen:workblock_pdf",
    "dokumen:lampiran_pdf",
    "dokumen:rencana_aksi_pdf",
    "dokumen:manual_indikator_pdf",
]


def _skp_form(name: str) -> Url:
    return lambda d: reverse(name, args=[d.skp_jpt.pk])


JPT: Who = lambda d: d.plan.jpt  # noqa: E731
SEKDA: Who = lambda d: d.sekda  # noqa: E731
KABID: Who = lambda d: d.plan.kabid  # noqa: E731
JF: Who = lambda d: d.jf  # noqa: E731
STAF: Who = lambda d: d.plan.staf  # noqa: E731
OPERATOR: Who = lambda d: d.plan.operator  # noqa: E731
OUTSIDER: Who = lambda d: d.plan.outsider  # noqa: E731
STRANGER: Who = lambda d: d.plan.stranger  # noqa: E731

CASES: list[tuple[str, Url, Who, int]] = [
    # Perjanjian Kinerja: the unit's public agreement, readable inside its instansi.
    ("pk kepala", PK, JPT, 200),
    ("pk operator", PK, OPERATOR, 200),
    ("pk pegawai of the instansi", PK, OUTSIDER, 200),
    ("pk other instansi", PK, STRANGER, 404),
    # Matriks: the leader, the rows' pegawai, the leader's atasan, the operator.
    ("matriks leader", MATRIKS_JPT, JPT, 200),
    ("matriks row ketua tim", MATRIKS_JPT, KABID, 200),
    ("matriks row jf", MATRIKS_JPT, JF, 200),
    ("matriks leader's atasan", MATRIKS_JPT, SEKDA, 200),
    ("matriks operator", MATRIKS_JPT, OPERATOR, 200),
    ("matriks not a row", MATRIKS_JPT, STAF, 404),
    ("matriks unrelated", MATRIKS_JPT, OUTSIDER, 404),
    ("matriks other instansi", MATRIKS_JPT, STRANGER, 404),
    ("matriks level 2 anggota", MATRIKS_KABID, STAF, 200),
    ("matriks level 2 unrelated", MATRIKS_KABID, OUTSIDER, 404),
]
for _name in SKP_FORMS:
    _short = _name.split(":")[1]
    CASES += [
        (f"{_short} pegawai", _skp_form(_name), JPT, 200),
        (f"{_short} pejabat penilai", _skp_form(_name), SEKDA, 200),
        (f"{_short} operator", _skp_form(_name), OPERATOR, 200),
        (f"{_short} bawahan", _skp_form(_name), KABID, 404),
        (f"{_short} unrelated", _skp_form(_name), OUTSIDER, 404),
        (f"{_short} other instansi", _skp_form(_name), STRANGER, 404),
    ]


@pytest.mark.parametrize(("url", "who", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_access(dok: DokumenWorld, url: Url, who: Who, status: int) -> None:
    response = client_of(who(dok)).get(url(dok))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].startswith('inline; filename="')


ALL_URLS = [PK, MATRIKS_JPT, *(_skp_form(n) for n in SKP_FORMS)]


@pytest.mark.parametrize("url", ALL_URLS)
def test_anonymous_goes_to_login(dok: DokumenWorld, url: Url) -> None:
    response = Client().get(url(dok))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", ALL_URLS)
def test_only_get(dok: DokumenWorld, url: Url) -> None:
    assert client_of(dok.plan.jpt).post(url(dok)).status_code == 405


@pytest.mark.parametrize(
    "name",
    ["dokumen:pk_pdf", "dokumen:matriks_pdf", *SKP_FORMS],
)
@pytest.mark.parametrize("pk", [999999, 2**63])
def test_missing_object_is_404(dok: DokumenWorld, name: str, pk: int) -> None:
    assert client_of(dok.plan.jpt).get(reverse(name, args=[pk])).status_code == 404


# --- The Cetak buttons on the screens that show the data ------------------------------------------


def _links(dok: DokumenWorld, who: Who, page: str) -> str:
    response = client_of(who(dok)).get(page)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", [JPT, OUTSIDER, OPERATOR], ids=["kepala", "pegawai", "operator"])
def test_cetak_on_pk_detail(dok: DokumenWorld, who: Who) -> None:
    html = _links(dok, who, reverse("perencanaan:pk_detail", args=[dok.pk.pk]))
    assert f'href="{PK(dok)}"' in html


@pytest.mark.parametrize("who", [JPT, KABID, SEKDA], ids=["leader", "row", "atasan"])
def test_cetak_on_matriks_detail(dok: DokumenWorld, who: Who) -> None:
    html = _links(dok, who, reverse("perencanaan:matriks_detail", args=[dok.matriks_jpt.pk]))
    assert f'href="{MATRIKS_JPT(dok)}"' in html


@pytest.mark.parametrize(
    ("who", "page"),
    [(JPT, "perencanaan:skp_detail"), (OPERATOR, "perencanaan:skp_detail"), (SEKDA, "perencanaan:bawahan_detail")],
    ids=["pegawai", "operator", "pejabat penilai"],
)
def test_cetak_in_skp_sections(dok: DokumenWorld, who: Who, page: str) -> None:
    html = _links(dok, who, reverse(page, args=[dok.skp_jpt.pk]))
    for name in ("dokumen:workblock_pdf", "dokumen:lampiran_pdf", "dokumen:rencana_aksi_pdf"):
        assert f'href="{reverse(name, args=[dok.skp_jpt.pk])}"' in html, name


def test_no_workblock_cetak_on_a_ja_jf_skp(dok: DokumenWorld) -> None:
    html = _links(dok, KABID, reverse("perencanaan:skp_detail", args=[dok.skp_kabid.pk]))
    assert reverse("dokumen:lampiran_pdf", args=[dok.skp_kabid.pk]) in html
    assert reverse("dokumen:workblock_pdf", args=[dok.skp_kabid.pk]) not in html


@pytest.mark.parametrize("who", [JPT, SEKDA], ids=["pegawai", "pejabat penilai"])
def test_cetak_on_manual_indikator(dok: DokumenWorld, who: Who) -> None:
    html = _links(dok, who, reverse("perencanaan:manual_indikator", args=[dok.iki_jpt.pk]))
    assert f'href="{reverse("dokumen:manual_indikator_pdf", args=[dok.skp_jpt.pk])}"' in html
