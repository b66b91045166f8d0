"""Perjanjian Kinerja screens (seed 003): the list of years, one year's table, the editor panel.

Every action is tested as a plain form post (no JavaScript: redirect, message on the next page)
and with htmx (the panel comes back in place, with the message and the address to show).
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisasi.konflik import versi_of
from perencanaan.models import IndikatorKinerja, PerjanjianKinerja, SasaranStrategis, Satuan
from tests.factories import (
    IkiFactory,
    IndikatorKinerjaFactory,
    PerjanjianKinerjaFactory,
    RhkFactory,
    SasaranStrategisFactory,
    UnitKerjaFactory,
)

from .conftest import Plan, client_of
from .test_pk_world import HTMX, PkWorld, build_pk_world, nilai

pytestmark = pytest.mark.django_db


@pytest.fixture
def pkw(plan: Plan) -> PkWorld:
    return build_pk_world(plan)


LIST = reverse("perencanaan:pk_list")


def detail(perjanjian: PerjanjianKinerja) -> str:
    return reverse("perencanaan:pk_detail", args=[perjanjian.pk])


def htmx(target: str) -> dict[str, str]:
    return {**HTMX, "HTTP_HX_TARGET": target}


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded (a target keeps its satuan with &nbsp;)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def messages_on(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


# --- The menu ---------------------------------------------------------------------------------


def test_the_menu_opens_the_list_and_marks_it_active(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.staf).get(reverse("beranda:dashboard"))
    assert re.search(rf'<a href="{LIST}" class=""\s+data-menu="perjanjian_kinerja">', response.content.decode())
    response = client_of(pkw.plan.staf).get(LIST)
    assertContains(response, 'class="active" aria-current="page" data-menu="perjanjian_kinerja"')
    assertContains(response, "<h1>Perjanjian Kinerja</h1>")


# --- List: table, search, filter, paging ------------------------------------------------------


def test_the_list_shows_no_year_unit_number_of_sasaran_and_buttons(pkw: PkWorld) -> None:
    SasaranStrategisFactory(perjanjian=pkw.pk_bidang)
    IndikatorKinerjaFactory(sasaran=pkw.sasaran)
    response = client_of(pkw.plan.kabid).get(LIST)
    html = response.content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["No.", "Tahun", "Unit kerja", "Sasaran Strategis", "Indikator", "Aksi"]
    kode = pkw.plan.bidang.kode
    row = re.search(rf'<tr data-test="pk-row" data-tahun="2026" data-unit="{kode}">(.*?)</tr>', html, re.S)
    assert row is not None
    # No. (newest first, then by unit code: the badan comes first), Tahun, Unit kerja, counts, buttons.
    assert text_of(row.group(1)) == f"2 2026 Bidang Pengembangan Pegawai {kode} 2 2 Buka Ubah Hapus"


def test_the_list_is_ordered_newest_year_first_and_paged_by_ten(pkw: PkWorld) -> None:
    for tahun in range(2010, 2025):
        PerjanjianKinerjaFactory(unit_kerja=pkw.plan.bidang, tahun=tahun)
    client = client_of(pkw.plan.kabid)
    first = client.get(LIST).context["page_obj"]
    assert first.paginator.count == 17 and len(first.object_list) == 10
    assert [p.tahun for p in first.object_list][:3] == [2026, 2026, 2024]
    second = client.get(LIST, {"page": "2"}).context["page_obj"]
    assert [p.tahun for p in second.object_list][-1] == 2010
    assert client.get(LIST, {"page": "99"}).context["page_obj"].number == 2
    assert client.get(LIST, {"page": "x"}).context["page_obj"].number == 1


def test_the_list_searches_year_and_unit_and_keeps_the_search_in_the_paging_links(pkw: PkWorld) -> None:
    for tahun in range(2010, 2022):
        PerjanjianKinerjaFactory(unit_kerja=pkw.plan.bidang, tahun=tahun)
    client = client_of(pkw.plan.operator)
    by_year = client.get(LIST, {"q": "2015"}).context["page_obj"].object_list
    assert [(p.unit_kerja, p.tahun) for p in by_year] == [(pkw.plan.bidang, 2015)]
    by_decade = client.get(LIST, {"q": "201"}).context["page_obj"]
    assert by_decade.paginator.count == 10
    by_unit = client.get(LIST, {"q": "lain"}).context["page_obj"].object_list
    assert [p.pk for p in by_unit] == [pkw.pk_lain.pk]
    response = client.get(LIST, {"q": "pengembangan"})
    assert response.context["page_obj"].paginator.count == 13
    assertContains(response, "?q=pengembangan&amp;page=2")
    response = client.get(LIST, {"q": "tidak ada yang cocok"})
    assertContains(response, "Tidak ada Perjanjian Kinerja yang cocok dengan pencarian.")


def test_operators_filter_by_unit_including_sub_units(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.operator)
    response = client.get(LIST, {"unit": str(pkw.plan.unit.pk)})
    assert response.context["page_obj"].paginator.count == 3
    response = client.get(LIST, {"unit": str(pkw.plan.bidang.pk)})
    assert [p.pk for p in response.context["page_obj"].object_list] == [pkw.pk_bidang.pk]
    # A unit outside what the user sees is ignored, not an error.
    stranger_unit = pkw.plan.stranger.unit_kerja_id
    response = client.get(LIST, {"unit": str(stranger_unit)})
    assert response.status_code == 200 and response.context["page_obj"].paginator.count == 3


def test_a_head_of_one_unit_sees_no_unit_filter(pkw: PkWorld) -> None:
    PerjanjianKinerja.objects.filter(unit_kerja=pkw.plan.unit).delete()
    response = client_of(pkw.plan.staf).get(LIST)  # sees bidang and badan: two units
    assert "unit" in response.context["form"].fields
    other = UnitKerjaFactory(instansi=pkw.plan.unit.instansi)
    pegawai = pkw.plan.staf
    pegawai.unit_kerja = other
    pegawai.save()
    response = client_of(pegawai).get(LIST)
    assert "unit" not in response.context["form"].fields


def test_live_search_returns_only_the_rows(pkw: PkWorld) -> None:
    response = client_of(pkw.plan.operator).get(LIST, {"q": "lain"}, **htmx("pk-results"))
    html = response.content.decode()
    assert "<html" not in html and 'data-test="pk-table"' in html and 'id="pk-panel"' not in html
    assert "Bidang Lain" in html and "Bidang Pengembangan Pegawai" not in html
    assert "HX-Request" in response["Vary"]


# --- List: Tambah, Ubah, Hapus ----------------------------------------------------------------


def test_a_unit_head_adds_a_year_without_choosing_a_unit(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    response = client.get(reverse("perencanaan:pk_create"))
    assertContains(response, 'data-test="pk-form"')
    assertContains(response, '<strong data-test="pk-form-unit">Bidang Pengembangan Pegawai</strong>')
    assertNotContains(response, '<select name="unit_kerja"')
    response = client.post(reverse("perencanaan:pk_create"), {"tahun": "2027"}, follow=True)
    assertRedirects(response, LIST)
    created = PerjanjianKinerja.objects.get(unit_kerja=pkw.plan.bidang, tahun=2027)
    assert created.dibuat_oleh == pkw.plan.kabid.user
    assert messages_on(response) == [
        "Perjanjian Kinerja Bidang Pengembangan Pegawai tahun 2027 ditambahkan. Buka untuk mengisi sasaran strategisnya."
    ]


def test_an_operator_chooses_the_unit(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.operator)
    response = client.get(reverse("perencanaan:pk_create"))
    assertContains(response, '<select name="unit_kerja"')
    response = client.post(reverse("perencanaan:pk_create"), {"tahun": "2027"})
    assert response.status_code == 200
    assertContains(response, "Pilih unit kerja.")
    response = client.post(reverse("perencanaan:pk_create"), {"tahun": "2027", "unit_kerja": str(pkw.lain.pk)})
    assert response.status_code == 302
    assert PerjanjianKinerja.objects.filter(unit_kerja=pkw.lain, tahun=2027).exists()


def test_adding_a_year_with_htmx_swaps_the_panel_in_place(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    response = client.get(reverse("perencanaan:pk_create") + "?q=20", **htmx("pk-panel"))
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="pk-panel"')
    assert 'hx-post="/perjanjian-kinerja/tambah/?q=20"' in html
    response = client.post(reverse("perencanaan:pk_create") + "?q=20", {"tahun": "2027"}, **htmx("pk-panel"))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="pk-panel"' in html and "<html" not in html
    assert "ditambahkan" in html and 'data-tahun="2027"' in html and 'data-test="pk-form"' not in html
    assert response["HX-Replace-Url"] == f"{LIST}?q=20"
    # The message was shown in the panel: it does not come back on the next page.
    assert messages_on(client.get(LIST)) == []


@pytest.mark.parametrize(
    ("tahun", "message"),
    [
        ("99999", "Tahun harus berupa tahun 4 angka antara 2000 dan 2100"),
        ("1999", "Tahun harus berupa tahun 4 angka antara 2000 dan 2100"),
        ("20x6", "Tahun harus berupa tahun 4 angka"),
        ("２０２６", "Tahun harus berupa tahun 4 angka"),
        ("", "Tahun wajib diisi."),
        ("2026", "Perjanjian Kinerja tahun 2026 untuk Bidang Pengembangan Pegawai sudah ada."),
    ],
)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_a_bad_year_is_refused_in_indonesian_and_nothing_is_saved(
    pkw: PkWorld, tahun: str, message: str, as_htmx: bool
) -> None:
    before = PerjanjianKinerja.objects.count()
    extra = htmx("pk-panel") if as_htmx else {}
    response = client_of(pkw.plan.kabid).post(reverse("perencanaan:pk_create"), {"tahun": tahun}, **extra)
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, 'data-test="pk-form"')
    assert PerjanjianKinerja.objects.count() == before


def test_changing_the_year(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_update", args=[pkw.pk_bidang.pk])
    response = client.get(url)
    assertContains(response, "Ubah Tahun Perjanjian Kinerja")
    assertContains(response, 'value="2026"')
    versi = str(versi_of(pkw.pk_bidang))
    assertContains(response, f'name="versi" value="{versi}"')
    response = client.post(url, {"tahun": "99999", "versi": versi})
    assertContains(response, "antara 2000 dan 2100")
    response = client.post(url + "?page=1", {"tahun": "2025", "versi": versi})
    assertRedirects(response, f"{LIST}?page=1")
    pkw.pk_bidang.refresh_from_db()
    assert pkw.pk_bidang.tahun == 2025


def test_changing_the_year_is_refused_once_copied(pkw: PkWorld) -> None:
    RhkFactory(sasaran_pk=pkw.sasaran)
    url = reverse("perencanaan:pk_update", args=[pkw.pk_bidang.pk])
    data = {"tahun": "2027", "versi": str(versi_of(pkw.pk_bidang))}
    response = client_of(pkw.plan.kabid).post(url, data, **htmx("pk-panel"))
    assertContains(response, "sudah disalin ke 1 SKP")
    pkw.pk_bidang.refresh_from_db()
    assert pkw.pk_bidang.tahun == 2026


def test_deleting_a_year_asks_first_then_deletes(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_delete", args=[pkw.pk_bidang.pk])
    response = client.post(url)
    assert response.status_code == 200
    assertContains(response, "Hapus Perjanjian Kinerja tahun 2026?")
    assertContains(response, "Ikut terhapus: 1 sasaran strategis dan 1 indikator.")
    assertContains(response, 'name="konfirmasi" value="1"')
    assert PerjanjianKinerja.objects.filter(pk=pkw.pk_bidang.pk).exists()
    response = client.post(url, {"konfirmasi": "1"}, follow=True)
    assertRedirects(response, LIST)
    assert messages_on(response) == ["Perjanjian Kinerja Bidang Pengembangan Pegawai tahun 2026 dihapus."]
    assert not PerjanjianKinerja.objects.filter(pk=pkw.pk_bidang.pk).exists()


def test_deleting_a_year_with_htmx(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.operator)
    url = reverse("perencanaan:pk_delete", args=[pkw.pk_lain.pk]) + "?q=bidang"
    response = client.post(url, **htmx("pk-panel"))
    html = response.content.decode()
    assert 'data-test="konfirmasi-hapus"' in html and "<html" not in html
    assert f'hx-post="{url}"' in html
    response = client.post(url, {"konfirmasi": "1"}, **htmx("pk-panel"))
    html = response.content.decode()
    assert "dihapus" in html and 'data-test="konfirmasi-hapus"' not in html
    assert response["HX-Replace-Url"] == f"{LIST}?q=bidang"
    assert not PerjanjianKinerja.objects.filter(pk=pkw.pk_lain.pk).exists()


@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_deleting_a_copied_year_is_refused_with_the_number_of_skp(pkw: PkWorld, as_htmx: bool) -> None:
    IkiFactory(indikator_pk=pkw.indikator)
    RhkFactory(sasaran_pk=pkw.sasaran)
    client = client_of(pkw.plan.kabid)
    extra = htmx("pk-panel") if as_htmx else {}
    url = reverse("perencanaan:pk_delete", args=[pkw.pk_bidang.pk])
    refusal = "tidak dapat dihapus karena sasaran strategis atau indikatornya sudah disalin ke 2 SKP."
    # The confirmation already says so and offers no "Ya, hapus".
    response = client.post(url, **extra)
    assertContains(response, refusal)
    assertNotContains(response, 'data-test="hapus-konfirmasi"')
    # A forced confirmation is refused all the same.
    response = client.post(url, {"konfirmasi": "1"}, follow=not as_htmx, **extra)
    assert response.status_code == 200
    assertContains(response, refusal)
    assert PerjanjianKinerja.objects.filter(pk=pkw.pk_bidang.pk).exists()


# --- Detail: the table of seed 003 ------------------------------------------------------------


def test_the_detail_is_the_table_of_seed_003(pkw: PkWorld) -> None:
    IndikatorKinerjaFactory(
        sasaran=pkw.sasaran, teks="Nilai penataan tatalaksana", target=Decimal("3.27"), satuan=nilai()
    )
    second = SasaranStrategisFactory(perjanjian=pkw.pk_bidang, teks="Terselenggaranya layanan internal")
    IndikatorKinerjaFactory(
        sasaran=second,
        teks="Tingkat pemenuhan layanan internal",
        target=Decimal("86"),
        satuan=Satuan.objects.get(nama="Persen (%)"),
    )
    response = client_of(pkw.plan.kabid).get(detail(pkw.pk_bidang))
    html = response.content.decode()
    assert '<h1 data-test="pk-judul">PERJANJIAN KINERJA TAHUN 2026</h1>' in html
    assert 'data-test="sasaran-tambah">Tambah Sasaran Strategis</a>' in html
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["No.", "Sasaran Strategis", "Indikator", "Target", "Edit", "Hapus"]
    rows = re.findall(r'<tr data-test="sasaran-row"[^>]*>(.*?)</tr>', html, re.S)
    assert len(rows) == 2
    assert text_of(rows[0]).startswith(
        "1 Meningkatnya pelaksanaan area perubahan manajemen perubahan "
        "Nilai manajemen perubahan Nilai penataan tatalaksana 4,3 Nilai 3,27 Nilai Edit Hapus"
    )
    assert text_of(rows[1]).startswith(
        "2 Terselenggaranya layanan internal Tingkat pemenuhan layanan internal 86 Persen (%) Edit"
    )


def test_targets_follow_the_language_of_the_page(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(detail(pkw.pk_bidang)).content.decode()
    assert "4.3&nbsp;Nilai" in html


def test_the_detail_searches_sasaran_and_indikator_text(pkw: PkWorld) -> None:
    other = SasaranStrategisFactory(perjanjian=pkw.pk_bidang, teks="Terselenggaranya layanan internal")
    IndikatorKinerjaFactory(sasaran=other, teks="Tingkat pemenuhan layanan")
    client = client_of(pkw.plan.staf)
    by_sasaran = client.get(detail(pkw.pk_bidang), {"q": "layanan internal"}).context["page_obj"].object_list
    assert [s.pk for s in by_sasaran] == [other.pk]
    by_indikator = client.get(detail(pkw.pk_bidang), {"q": "MANAJEMEN perubahan"}).context["page_obj"]
    assert [s.pk for s in by_indikator.object_list] == [pkw.sasaran.pk]
    response = client.get(detail(pkw.pk_bidang), {"q": "pemenuhan"}, **htmx("sasaran-results"))
    html = response.content.decode()
    assert "<html" not in html and 'data-test="sasaran-table"' in html and "Terselenggaranya" in html
    response = client.get(detail(pkw.pk_bidang), {"q": "zzz"})
    assertContains(response, "Tidak ada sasaran strategis atau indikator yang cocok dengan pencarian.")


def test_the_detail_pages_sasaran_by_ten_and_numbers_across_pages(pkw: PkWorld) -> None:
    for n in range(11):
        SasaranStrategisFactory(perjanjian=pkw.pk_bidang, teks=f"Sasaran nomor {n + 2}", urutan=n + 1)
    client = client_of(pkw.plan.kabid)
    page = client.get(detail(pkw.pk_bidang)).context["page_obj"]
    assert page.paginator.count == 12 and len(page.object_list) == 10
    response = client.get(detail(pkw.pk_bidang), {"page": "2"})
    rows = re.findall(r'<tr data-test="sasaran-row"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    assert [text_of(r).split(" ")[0] for r in rows] == ["11", "12"]
    assert "Sasaran nomor 12" in text_of(rows[1])
    # Edit and Hapus remember the page.
    assertContains(response, "/ubah/?page=2")


def test_an_empty_agreement_invites_to_add_a_sasaran(pkw: PkWorld) -> None:
    assertContains(
        client_of(pkw.plan.jpt).get(detail(pkw.pk_badan)),
        "Belum ada sasaran strategis. Klik Tambah Sasaran Strategis untuk mulai mengisi.",
    )
    assertContains(client_of(pkw.plan.staf).get(detail(pkw.pk_badan)), "Belum ada sasaran strategis.")


# --- Detail: sasaran strategis ----------------------------------------------------------------


def test_adding_a_sasaran_opens_its_editor_to_add_indikator(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_sasaran_create", args=[pkw.pk_bidang.pk])
    response = client.get(url)
    assertContains(response, 'data-test="sasaran-form"')
    response = client.post(url, {"teks": "Terselenggaranya layanan internal"}, follow=True)
    sasaran = SasaranStrategis.objects.get(teks="Terselenggaranya layanan internal")
    assertRedirects(response, reverse("perencanaan:pk_sasaran_edit", args=[sasaran.pk]))
    assertContains(response, "Ubah Sasaran")
    assertContains(response, "Sasaran strategis ditambahkan. Tambahkan indikator dan targetnya di bawah.")
    assertContains(response, "Belum ada indikator.")


def test_adding_a_sasaran_with_htmx(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_sasaran_create", args=[pkw.pk_bidang.pk])
    response = client.get(url, **htmx("pk-detail"))
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="pk-detail"') and 'data-test="sasaran-form"' in html
    response = client.post(url, {"teks": "Terselenggaranya layanan internal"}, **htmx("pk-detail"))
    sasaran = SasaranStrategis.objects.get(teks="Terselenggaranya layanan internal")
    html = response.content.decode()
    assert 'data-test="sasaran-editor"' in html and "Sasaran strategis ditambahkan" in html
    assert html.count('data-test="sasaran-row"') == 2
    assert response["HX-Replace-Url"] == reverse("perencanaan:pk_sasaran_edit", args=[sasaran.pk])


@pytest.mark.parametrize("teks", ["", "   "])
@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_an_empty_sasaran_is_refused(pkw: PkWorld, teks: str, as_htmx: bool) -> None:
    client = client_of(pkw.plan.kabid)
    extra = htmx("pk-detail") if as_htmx else {}
    before = SasaranStrategis.objects.count()
    response = client.post(reverse("perencanaan:pk_sasaran_create", args=[pkw.pk_bidang.pk]), {"teks": teks}, **extra)
    assert response.status_code == 200
    assertContains(response, "Sasaran strategis wajib diisi.")
    data = {"teks": teks, "versi": str(versi_of(pkw.sasaran))}
    response = client.post(reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk]), data, **extra)
    assert response.status_code == 200
    assertContains(response, "Sasaran strategis wajib diisi.")
    assert SasaranStrategis.objects.count() == before
    pkw.sasaran.refresh_from_db()
    assert pkw.sasaran.teks.startswith("Meningkatnya")


def test_editing_a_sasaran_shows_its_form_and_indikator_sub_table(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.operator)
    url = reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk])
    response = client.get(url)
    html = response.content.decode()
    editor = html[html.index('data-test="sasaran-editor"') : html.index('id="sasaran-results"')]
    assert "Meningkatnya pelaksanaan area perubahan manajemen perubahan</textarea>" in editor
    assert re.findall(r'<th scope="col">([^<]+)</th>', editor) == [
        "No.",
        "Indikator",
        "Target",
        "Satuan Target",
        "Edit",
        "Hapus",
    ]
    assert "Nilai manajemen perubahan" in editor and ">4,3<" in editor
    assert re.search(r'<option value=""( selected)?>Pilih Satuan</option>', editor)
    assert f'name="versi" value="{versi_of(pkw.sasaran)}"' in editor
    data = {"teks": "Meningkatnya kualitas layanan", "versi": str(versi_of(pkw.sasaran))}
    response = client.post(url, data, follow=True)
    assertRedirects(response, url)
    assert messages_on(response) == ["Sasaran strategis disimpan."]
    pkw.sasaran.refresh_from_db()
    assert pkw.sasaran.teks == "Meningkatnya kualitas layanan"


def test_deleting_a_sasaran_asks_then_deletes_it_with_its_indikator(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_sasaran_delete", args=[pkw.sasaran.pk])
    response = client.post(url, **htmx("pk-detail"))
    assertContains(response, "Hapus sasaran strategis ini?")
    assertContains(response, "1 indikatornya ikut terhapus.")
    assert SasaranStrategis.objects.filter(pk=pkw.sasaran.pk).exists()
    response = client.post(url, {"konfirmasi": "1"}, follow=True)
    assertRedirects(response, detail(pkw.pk_bidang))
    assert messages_on(response) == ["Sasaran strategis dihapus."]
    assert not IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_deleting_a_copied_sasaran_is_refused(pkw: PkWorld, as_htmx: bool) -> None:
    RhkFactory(sasaran_pk=pkw.sasaran)
    client = client_of(pkw.plan.kabid)
    extra = htmx("pk-detail") if as_htmx else {}
    url = reverse("perencanaan:pk_sasaran_delete", args=[pkw.sasaran.pk])
    refusal = "Sasaran strategis ini tidak dapat dihapus karena sasaran atau indikatornya sudah disalin ke 1 SKP."
    response = client.post(url, **extra)
    assertContains(response, refusal)
    assertNotContains(response, 'data-test="hapus-konfirmasi"')
    response = client.post(url, {"konfirmasi": "1"}, follow=not as_htmx, **extra)
    assert response.status_code == 200
    assertContains(response, refusal)
    assert SasaranStrategis.objects.filter(pk=pkw.sasaran.pk).exists()


# --- Detail: indikator ------------------------------------------------------------------------


def test_adding_an_indikator_with_a_comma_target(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_indikator_create", args=[pkw.sasaran.pk])
    data = {"teks": "Nilai penataan tatalaksana", "target": "3,27", "satuan": str(nilai().pk)}
    response = client.post(url + "?q=nilai", data, follow=True)
    assertRedirects(response, reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk]) + "?q=nilai")
    assert messages_on(response) == ["Indikator ditambahkan."]
    indikator = IndikatorKinerja.objects.get(teks="Nilai penataan tatalaksana")
    assert (indikator.target, indikator.satuan, indikator.sasaran) == (Decimal("3.27"), nilai(), pkw.sasaran)
    assertContains(response, "3,27&nbsp;Nilai")
    # GET on the add address just shows the editor.
    assertRedirects(client.get(url), reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk]))


def test_adding_an_indikator_with_htmx_refreshes_editor_and_table(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_indikator_create", args=[pkw.sasaran.pk])
    data = {"teks": "Nilai penataan tatalaksana", "target": "3.27", "satuan": str(nilai().pk)}
    response = client.post(url, data, **htmx("pk-detail"))
    html = response.content.decode()
    assert "Indikator ditambahkan." in html
    assert html.count('data-test="indikator-row"') == 2
    row = re.search(r'<tr data-test="sasaran-row"[^>]*>(.*?)</tr>', html, re.S)
    assert row is not None and "3,27 Nilai" in text_of(row.group(1))
    # The add form is empty again for the next indikator.
    assert 'name="teks" cols="40" rows="2" maxlength="2000" required aria-invalid' not in html
    assert "Nilai penataan tatalaksana</textarea>" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"teks": "X", "target": "abc"}, "Target harus berupa angka, misalnya 86 atau 4,3."),
        ({"teks": "X", "target": "-5"}, "Target tidak boleh negatif."),
        ({"teks": "X", "target": ""}, "Target wajib diisi."),
        ({"teks": "X", "target": "1,23456"}, "Target paling banyak 4 angka di belakang koma."),
        ({"teks": "", "target": "5"}, "Indikator wajib diisi."),
        ({"teks": "X", "target": "5", "satuan": ""}, "Pilih satuan target."),
        ({"teks": "X", "target": "5", "satuan": "999999"}, "Pilih satuan dari daftar."),
        ({"teks": "X", "target": "5", "satuan": "abc"}, "Pilih satuan dari daftar."),
    ],
)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_bad_indikator_input_is_refused_in_indonesian(
    pkw: PkWorld, data: dict[str, str], message: str, as_htmx: bool
) -> None:
    client = client_of(pkw.plan.kabid)
    extra = htmx("pk-detail") if as_htmx else {}
    payload = {"satuan": str(nilai().pk), **data}
    before = list(IndikatorKinerja.objects.values_list("pk", "teks", "target"))
    response = client.post(reverse("perencanaan:pk_indikator_create", args=[pkw.sasaran.pk]), payload, **extra)
    assert response.status_code == 200
    assertContains(response, message)
    edit_payload = {**payload, "versi": str(versi_of(pkw.indikator))}
    response = client.post(reverse("perencanaan:pk_indikator_edit", args=[pkw.indikator.pk]), edit_payload, **extra)
    assert response.status_code == 200
    assertContains(response, message)
    assert list(IndikatorKinerja.objects.values_list("pk", "teks", "target")) == before


def test_a_retired_satuan_is_not_offered_for_new_indikator(pkw: PkWorld) -> None:
    Satuan.objects.filter(nama="Nilai").update(aktif=False)
    client = client_of(pkw.plan.kabid)
    add = client.get(reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk])).context["indikator_form"]
    assert nilai() not in add.fields["satuan"].queryset
    edit = client.get(reverse("perencanaan:pk_indikator_edit", args=[pkw.indikator.pk])).context["indikator_form"]
    assert nilai() in edit.fields["satuan"].queryset


def test_editing_an_indikator(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_indikator_edit", args=[pkw.indikator.pk])
    response = client.get(url, **htmx("pk-detail"))
    html = response.content.decode()
    assert "Ubah Indikator" in html and 'value="4,3"' in html and "Nilai manajemen perubahan</textarea>" in html
    persen = Satuan.objects.get(nama="Persen (%)")
    assert f'name="versi" value="{versi_of(pkw.indikator)}"' in html
    data = {"teks": "Indeks RB", "target": "90", "satuan": str(persen.pk), "versi": str(versi_of(pkw.indikator))}
    response = client.post(url, data, follow=True)
    assertRedirects(response, reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk]))
    assert messages_on(response) == ["Indikator disimpan."]
    pkw.indikator.refresh_from_db()
    assert (pkw.indikator.teks, pkw.indikator.target, pkw.indikator.satuan) == ("Indeks RB", Decimal("90"), persen)


def test_deleting_an_indikator_asks_then_deletes(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    url = reverse("perencanaan:pk_indikator_delete", args=[pkw.indikator.pk])
    response = client.post(url, **htmx("pk-detail"))
    assertContains(response, "Hapus indikator ini?")
    assertContains(response, 'data-test="sasaran-editor"')
    assert IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()
    response = client.post(url, {"konfirmasi": "1"}, **htmx("pk-detail"))
    assertContains(response, "Indikator dihapus.")
    assertContains(response, "Belum ada indikator.")
    assert response["HX-Replace-Url"] == reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk])
    assert not IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


@pytest.mark.parametrize("as_htmx", [False, True], ids=["plain", "htmx"])
def test_deleting_a_copied_indikator_is_refused(pkw: PkWorld, as_htmx: bool) -> None:
    IkiFactory(indikator_pk=pkw.indikator)
    client = client_of(pkw.plan.kabid)
    extra = htmx("pk-detail") if as_htmx else {}
    url = reverse("perencanaan:pk_indikator_delete", args=[pkw.indikator.pk])
    refusal = "Indikator ini tidak dapat dihapus karena sudah disalin ke 1 SKP."
    response = client.post(url, **extra)
    assertContains(response, refusal)
    assertNotContains(response, 'data-test="hapus-konfirmasi"')
    response = client.post(url, {"konfirmasi": "1"}, follow=not as_htmx, **extra)
    assert response.status_code == 200
    assertContains(response, refusal)
    # The editor marks it as copied.
    assertContains(client.get(reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk])), "disalin ke SKP")
    assert IndikatorKinerja.objects.filter(pk=pkw.indikator.pk).exists()


def test_the_whole_journey_without_javascript(pkw: PkWorld) -> None:
    """Tambah a year, a sasaran, two indikator, fix one, delete one: all plain posts."""
    client = client_of(pkw.plan.jpt)
    response = client.post(reverse("perencanaan:pk_create"), {"tahun": "2027"}, follow=True)
    perjanjian = PerjanjianKinerja.objects.get(unit_kerja=pkw.plan.unit, tahun=2027)
    assertContains(response, detail(perjanjian))
    response = client.post(
        reverse("perencanaan:pk_sasaran_create", args=[perjanjian.pk]),
        {"teks": "Meningkatnya akuntabilitas kinerja"},
        follow=True,
    )
    sasaran = perjanjian.sasaran.get()
    for teks, target in (("Nilai SAKIP", "78,5"), ("Indeks kepuasan", "3.6")):
        client.post(
            reverse("perencanaan:pk_indikator_create", args=[sasaran.pk]),
            {"teks": teks, "target": target, "satuan": str(nilai().pk)},
        )
    second = sasaran.indikator.get(teks="Indeks kepuasan")
    client.post(
        reverse("perencanaan:pk_indikator_edit", args=[second.pk]),
        {"teks": "Indeks kepuasan layanan", "target": "3,7", "satuan": str(nilai().pk), "versi": versi_of(second)},
    )
    client.post(reverse("perencanaan:pk_indikator_delete", args=[second.pk]), {"konfirmasi": "1"})
    html = client.get(detail(perjanjian)).content.decode()
    row = re.search(r'<tr data-test="sasaran-row"[^>]*>(.*?)</tr>', html, re.S)
    assert row is not None
    assert text_of(row.group(1)).startswith("1 Meningkatnya akuntabilitas kinerja Nilai SAKIP 78,5 Nilai Edit Hapus")


# --- No silent overwrite ------------------------------------------------------------------


def test_a_stale_sasaran_edit_is_refused_with_the_current_text_and_the_input_kept(pkw: PkWorld) -> None:
    url = reverse("perencanaan:pk_sasaran_edit", args=[pkw.sasaran.pk])
    versi = str(versi_of(pkw.sasaran))
    tab_a, tab_b = client_of(pkw.plan.kabid), client_of(pkw.plan.kabid)
    assertContains(tab_a.get(url, **htmx("pk-detail")), f'name="versi" value="{versi}"')
    assertContains(tab_b.get(url), f'name="versi" value="{versi}"')
    saved = tab_a.post(url, {"teks": "Meningkatnya kualitas layanan", "versi": versi}, **htmx("pk-detail"))
    pkw.sasaran.refresh_from_db()
    fresh = str(versi_of(pkw.sasaran))
    # The editor that opens again after an htmx save carries the new version.
    assert fresh != versi and f'name="versi" value="{fresh}"' in saved.content.decode()
    for extra in (htmx("pk-detail"), {}):
        stale = tab_b.post(url, {"teks": "Meningkatnya akuntabilitas", "versi": versi}, **extra)
        assert stale.status_code == 200
        html = unescape(stale.content.decode())
        assert "setelah Anda membuka formulir" in html
        assert "kini “Meningkatnya kualitas layanan”" in html and "isian Anda" in html
        assert "Meningkatnya akuntabilitas</textarea>" in html  # the typed text stays in the form
    pkw.sasaran.refresh_from_db()
    assert pkw.sasaran.teks == "Meningkatnya kualitas layanan"
    assertContains(tab_b.get(url), f'name="versi" value="{fresh}"')
    tab_b.post(url, {"teks": "Meningkatnya akuntabilitas", "versi": fresh}, **htmx("pk-detail"))
    pkw.sasaran.refresh_from_db()
    assert pkw.sasaran.teks == "Meningkatnya akuntabilitas"


def test_stale_year_and_indikator_edits_are_refused(pkw: PkWorld) -> None:
    client = client_of(pkw.plan.kabid)
    year_url = reverse("perencanaan:pk_update", args=[pkw.pk_bidang.pk])
    year_versi = str(versi_of(pkw.pk_bidang))
    client.post(year_url, {"tahun": "2025", "versi": year_versi}, **htmx("pk-panel"))
    stale = client.post(year_url, {"tahun": "2024", "versi": year_versi}, **htmx("pk-panel"))
    assertContains(stale, "kini tahun 2025")
    assertContains(stale, "tahun 2024")
    pkw.pk_bidang.refresh_from_db()
    assert pkw.pk_bidang.tahun == 2025
    url = reverse("perencanaan:pk_indikator_edit", args=[pkw.indikator.pk])
    versi = str(versi_of(pkw.indikator))
    data = {"teks": "Indeks RB", "target": "90", "satuan": str(nilai().pk), "versi": versi}
    client.post(url, data, **htmx("pk-detail"))
    stale = client.post(url, {**data, "teks": "Indeks RB baru", "target": "95"}, **htmx("pk-detail"))
    html = unescape(stale.content.decode())
    assert "setelah Anda membuka formulir" in html and "kini “Indeks RB” dengan target 90 Nilai" in html
    assert "indikator “Indeks RB baru”" in html and "target 95 Nilai" in html
    pkw.indikator.refresh_from_db()
    assert (pkw.indikator.teks, pkw.indikator.target) == ("Indeks RB", Decimal(90))
