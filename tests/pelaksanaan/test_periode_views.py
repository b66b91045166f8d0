"""The operator's evaluation periods page: who sees it, who may change it, htmx and no-JS flows."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from organisasi.models import Instansi
from pelaksanaan.models import Periode, Realisasi, RiwayatPeriode
from pelaksanaan.periode import periode_ensure
from pelaksanaan.services.periode import periode_close, periode_year_setup
from tests.conftest import World, login
from tests.kinerja_world import Kinerja
from tests.organisasi.test_operator_access import build_unit_scoped, client_for, make_admin

pytestmark = pytest.mark.django_db

LIST = reverse("pelaksanaan:periode_list")
SETUP = reverse("pelaksanaan:periode_setup")
HTMX = {"HX-Request": "true"}
THIS_YEAR = timezone.localdate().year


def tutup_url(p: Periode) -> str:
    return reverse("pelaksanaan:periode_tutup", args=[p.pk])


def buka_url(p: Periode) -> str:
    return reverse("pelaksanaan:periode_buka", args=[p.pk])


def made(instansi: Instansi, skema: str = "triwulanan", tahun: int = THIS_YEAR) -> list[Periode]:
    return periode_year_setup(instansi=instansi, tahun=tahun, skema=skema, by=None)


# --- Reading -------------------------------------------------------------------------------------


def test_operator_sees_the_year_with_status_and_history(as_operator: Client, world: World) -> None:
    periods = made(world.instansi)
    periode_close(periode=periods[0], by=world.operator, alasan="Batas pengisian")
    response = as_operator.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-test="periode-row"') == 5
    assert 'data-terbuka="0"' in html and "Batas pengisian" in html
    assertContains(response, "Triwulan I")
    assertContains(response, 'data-test="form-skema"')
    assertContains(response, 'data-test="form-buka"')
    assert html.count('data-test="form-tutup"') == 4
    # The year picker offers the years with periods, the current and the next year.
    assertContains(response, f'<option value="{THIS_YEAR + 1}"')


def test_a_year_not_made_yet_says_so_and_is_not_made_by_looking(as_operator: Client, world: World) -> None:
    response = as_operator.get(LIST, {"tahun": THIS_YEAR + 1})
    assertContains(response, 'data-test="periode-belum-dibuat"')
    assertContains(response, "Buat periode")
    assert not Periode.objects.filter(instansi=world.instansi).exists()


def test_an_unknown_year_falls_back_to_the_current_one(as_operator: Client, world: World) -> None:
    response = as_operator.get(LIST, {"tahun": "1800"})
    assertContains(response, f'data-tahun="{THIS_YEAR}"')
    response = as_operator.get(LIST, {"tahun": "abc"})
    assert response.status_code == 200


def test_the_year_picker_gets_only_the_year_part_with_htmx(as_operator: Client, world: World) -> None:
    made(world.instansi, "semesteran", THIS_YEAR - 1)
    response = as_operator.get(LIST, {"tahun": THIS_YEAR - 1}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="periode-tahun"')
    assert "<html" not in html and html.count('data-test="periode-row"') == 3
    assert response.headers["Vary"].count("HX-Request") == 1


def test_unit_operator_reads_but_cannot_change(world: World) -> None:
    periods = made(world.instansi)
    unit = build_unit_scoped(world)
    client = client_for(unit.operator)
    response = client.get(LIST)
    assertContains(response, 'data-test="periode-hanya-baca"')
    assertNotContains(response, 'data-test="form-skema"')
    assertNotContains(response, 'data-test="form-tutup"')
    assert client.post(SETUP, {"tahun": THIS_YEAR, "skema": "bulanan"}).status_code == 404
    assert client.post(tutup_url(periods[0]), {}).status_code == 404
    periode_close(periode=periods[1], by=None)
    assert client.post(buka_url(periods[1]), {f"periode-{periods[1].pk}-alasan": "x"}).status_code == 404
    assert Periode.objects.filter(instansi=world.instansi, terbuka=True).count() == 4
    assert Periode.objects.filter(instansi=world.instansi, skema="bulanan").count() == 0


def test_pegawai_and_anonymous_and_other_instansi(world: World, client: Client) -> None:
    periods = made(world.instansi)
    anonymous = client.get(LIST)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    assert client.post(tutup_url(periods[0])).status_code == 302
    pegawai = login(Client(), world.pegawai.user)
    assert pegawai.get(LIST).status_code == 404
    assert pegawai.post(tutup_url(periods[0])).status_code == 404
    assert pegawai.post(SETUP, {"tahun": THIS_YEAR, "skema": "bulanan"}).status_code == 404
    other = login(Client(), world.other_operator)
    # Their own (empty) instansi page, never this instansi's periods.
    response = other.get(LIST)
    assert response.status_code == 200 and f'data-periode="{periods[0].pk}"' not in response.content.decode()
    assert other.post(tutup_url(periods[0])).status_code == 404
    assert other.post(buka_url(periods[0]), {}).status_code == 404
    assert Periode.objects.filter(instansi=world.instansi, terbuka=True).count() == 5


def test_get_on_the_write_routes_is_not_allowed(as_operator: Client, world: World) -> None:
    periods = made(world.instansi)
    assert as_operator.get(SETUP).status_code == 405
    assert as_operator.get(tutup_url(periods[0])).status_code == 405


def test_unknown_period_is_404(as_operator: Client, world: World) -> None:
    assert as_operator.post(reverse("pelaksanaan:periode_tutup", args=[999999])).status_code == 404
    assert as_operator.post(reverse("pelaksanaan:periode_tutup", args=[2**63])).status_code == 404


# --- Writing ----------------------------------------------------------------------------------------


def test_setup_without_javascript(as_operator: Client, world: World) -> None:
    response = as_operator.post(SETUP, {"tahun": THIS_YEAR + 1, "skema": "bulanan"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?tahun={THIS_YEAR + 1}"
    assert Periode.objects.filter(instansi=world.instansi, tahun=THIS_YEAR + 1).count() == 13
    page = as_operator.get(response["Location"])
    assertContains(page, "dibuat dengan skema Bulanan: 12 periode")
    assert RiwayatPeriode.objects.filter(periode__tahun=THIS_YEAR + 1, oleh=world.operator).count() == 13


def test_scheme_change_with_htmx(as_operator: Client, world: World) -> None:
    made(world.instansi, "triwulanan")
    response = as_operator.post(SETUP, {"tahun": THIS_YEAR, "skema": "semesteran"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="periode-tahun"')
    assert 'data-test="periode-pesan"' in html and "diganti menjadi Semesteran" in html
    assert html.count('data-test="periode-row"') == 3
    world.instansi.refresh_from_db()
    assert world.instansi.periode_evaluasi == "semesteran"


def test_same_scheme_again_says_nothing_changed(as_operator: Client, world: World) -> None:
    made(world.instansi, "triwulanan")
    response = as_operator.post(SETUP, {"tahun": THIS_YEAR, "skema": "triwulanan"}, headers=HTMX)
    assertContains(response, "tidak ada yang berubah")


def test_scheme_change_refused_when_used(kinerja: Kinerja) -> None:
    instansi = kinerja.staf.instansi
    periods = periode_ensure(instansi=instansi, tahun=2026)
    Realisasi.objects.create(
        skp=kinerja.skp, periode=periods[0], rhk=kinerja.rhk_utama, iki=kinerja.iki_kuantitas, nilai=2
    )
    client = login(Client(), kinerja.plan.operator.user)
    page = client.get(LIST, {"tahun": 2026})
    assertContains(page, 'data-test="periode-terkunci"')
    assertNotContains(page, 'data-test="form-skema"')
    response = client.post(SETUP, {"tahun": 2026, "skema": "bulanan"}, headers=HTMX)
    assertContains(response, 'data-test="periode-galat"')
    assertContains(response, "1 realisasi")
    response = client.post(SETUP, {"tahun": 2026, "skema": "bulanan"})
    assert response.status_code == 302
    assertContains(client.get(response["Location"]), "tidak dapat diganti")
    assert Periode.objects.filter(instansi=instansi, tahun=2026).count() == 5


@pytest.mark.parametrize(
    "data",
    [
        {"tahun": THIS_YEAR, "skema": "mingguan"},
        {"tahun": THIS_YEAR},
        {"tahun": "1999", "skema": "bulanan"},
        {"tahun": "dua ribu", "skema": "bulanan"},
        {},
    ],
)
def test_setup_bad_input_shows_the_form_again(as_operator: Client, world: World, data: dict[str, object]) -> None:
    response = as_operator.post(SETUP, data)
    assert response.status_code == 200
    assertContains(response, 'class="error"')
    response = as_operator.post(SETUP, data, headers=HTMX)
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Periode.objects.filter(instansi=world.instansi).exists()


def test_close_and_reopen_without_javascript(as_operator: Client, world: World) -> None:
    periode = made(world.instansi)[0]
    prefix = f"periode-{periode.pk}-alasan"
    response = as_operator.post(tutup_url(periode), {prefix: "Batas pengisian triwulan I"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?tahun={THIS_YEAR}"
    periode.refresh_from_db()
    assert not periode.terbuka
    # Reopening without a reason: the form comes back with the message, nothing changes.
    response = as_operator.post(buka_url(periode), {prefix: "  "})
    assert response.status_code == 200
    assertContains(response, "Tuliskan alasan membuka kembali periode ini.")
    periode.refresh_from_db()
    assert not periode.terbuka
    response = as_operator.post(buka_url(periode), {prefix: "Perbaikan realisasi"})
    assert response.status_code == 302
    periode.refresh_from_db()
    assert periode.terbuka
    aksi = list(RiwayatPeriode.objects.filter(periode=periode).order_by("pada", "pk").values_list("aksi", "oleh"))
    assert aksi == [("dibuat", None), ("ditutup", world.operator.pk), ("dibuka_kembali", world.operator.pk)]


def test_close_and_reopen_with_htmx(as_operator: Client, world: World) -> None:
    periode = made(world.instansi)[1]
    prefix = f"periode-{periode.pk}-alasan"
    response = as_operator.post(tutup_url(periode), {prefix: ""}, headers=HTMX)
    assertContains(response, 'data-test="periode-pesan"')
    assertContains(response, 'data-test="form-buka"')
    response = as_operator.post(buka_url(periode), {prefix: ""}, headers=HTMX)
    assertContains(response, "Tuliskan alasan membuka kembali periode ini.")
    response = as_operator.post(buka_url(periode), {prefix: "Koreksi data"}, headers=HTMX)
    assertContains(response, "dibuka kembali")
    assertContains(response, "Koreksi data")


def test_illegal_moves_give_a_message(as_operator: Client, world: World) -> None:
    periode = made(world.instansi)[0]
    prefix = f"periode-{periode.pk}-alasan"
    response = as_operator.post(buka_url(periode), {prefix: "Tidak perlu"}, headers=HTMX)
    assertContains(response, "masih terbuka")
    periode_close(periode=periode, by=None)
    response = as_operator.post(tutup_url(periode), {prefix: ""}, headers=HTMX)
    assertContains(response, "sudah ditutup")
    response = as_operator.post(tutup_url(periode), {prefix: "x" * 1001}, headers=HTMX)
    assert response.status_code == 200
    assert RiwayatPeriode.objects.filter(periode=periode, aksi="ditutup").count() == 1


def test_admin_manages_the_chosen_instansi(world: World) -> None:
    admin = make_admin()
    client = client_for(admin, instansi_id=world.instansi.pk)
    response = client.post(SETUP, {"tahun": THIS_YEAR, "skema": "semesteran"})
    assert response.status_code == 302
    assert Periode.objects.filter(instansi=world.instansi, tahun=THIS_YEAR).count() == 3


# --- Speed -----------------------------------------------------------------------------------------

# session, user, operator roles, the navigation (~3), then the page: years, periods, history,
# and one count per kind of record that may refer to a period (5): 13 today, plus a margin of 2.
PAGE_QUERIES = 15


def test_page_queries_do_not_grow_with_periods_and_history(
    as_operator: Client, world: World, django_assert_max_num_queries
) -> None:
    periods = made(world.instansi, "bulanan")
    for p in periods:
        for i in range(3):
            periode_close(periode=p, by=world.operator, alasan=f"tutup {i}")
            RiwayatPeriode.objects.create(periode=p, aksi="dibuka_kembali", alasan=f"buka {i}", oleh=world.operator)
            Periode.objects.filter(pk=p.pk).update(terbuka=True)
    for tahun in range(THIS_YEAR - 5, THIS_YEAR):
        made(world.instansi, "bulanan", tahun)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = as_operator.get(LIST)
    html = response.content.decode()
    assert html.count('data-test="periode-row"') == 13
    assert html.count('data-test="riwayat-item"') == 13 * 7
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = as_operator.get(LIST, {"tahun": THIS_YEAR - 1}, headers=HTMX)
    assert response.content.decode().count('data-test="periode-row"') == 13
