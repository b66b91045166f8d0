"""Profil (issue item 4): own identity, atasan, bawahan and the editable rekan kerja list."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import User
from organisasi.models import Golongan, Pegawai
from organisasi.services.profil import rekan_kerja_add, rekan_kerja_remove
from tests.conftest import World, login
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, make_nip

PROFIL = reverse("organisasi:profil")
CARI = reverse("organisasi:rekan_kerja_cari")
TAMBAH = reverse("organisasi:rekan_kerja_tambah")
HTMX = {"HX-Request": "true"}


def hapus_url(pk: int) -> str:
    return reverse("organisasi:rekan_kerja_hapus", args=[pk])


def section(html: str, test_id: str) -> str:
    """The markup of the element carrying data-test=test_id, up to the end of its parent section."""
    start = html.index(f'data-test="{test_id}"')
    end = html.find("</section>", start)
    return html[start : end if end != -1 else None]


def rekan_nips(pegawai: Pegawai) -> set[str]:
    return set(pegawai.rekan_kerja.values_list("nip", flat=True))


# --- services -----------------------------------------------------------------------------


def test_rekan_kerja_add_and_remove(world: World) -> None:
    rekan_kerja_add(pegawai=world.pegawai, rekan=world.rekan)
    assert rekan_nips(world.pegawai) == {world.rekan.nip}
    # Not symmetric: the rekan did not get the pegawai as their own rekan kerja.
    assert rekan_nips(world.rekan) == set()
    rekan_kerja_remove(pegawai=world.pegawai, rekan=world.rekan)
    assert rekan_nips(world.pegawai) == set()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "Anda tidak dapat menjadikan diri sendiri sebagai rekan kerja."),
        ("other_instansi", "Rekan kerja harus pegawai dari instansi yang sama."),
        ("inactive", "tidak aktif sehingga tidak dapat dijadikan rekan kerja."),
        ("duplicate", "sudah terdaftar sebagai rekan kerja."),
    ],
)
def test_rekan_kerja_add_refuses(world: World, case: str, message: str) -> None:
    rekan = {"self": world.pegawai, "other_instansi": world.other_pegawai, "inactive": world.rekan}.get(
        case, world.rekan
    )
    if case == "inactive":
        Pegawai.objects.filter(pk=world.rekan.pk).update(aktif=False)
        rekan.refresh_from_db()
    if case == "duplicate":
        world.pegawai.rekan_kerja.add(world.rekan)
    before = rekan_nips(world.pegawai)
    with pytest.raises(ValidationError) as excinfo:
        rekan_kerja_add(pegawai=world.pegawai, rekan=rekan)
    assert message in " ".join(excinfo.value.messages)
    assert rekan_nips(world.pegawai) == before


def test_rekan_kerja_remove_refuses_a_non_rekan(world: World) -> None:
    with pytest.raises(ValidationError) as excinfo:
        rekan_kerja_remove(pegawai=world.pegawai, rekan=world.rekan)
    assert "tidak terdaftar sebagai rekan kerja" in " ".join(excinfo.value.messages)


def test_services_are_keyword_only(world: World) -> None:
    with pytest.raises(TypeError):
        rekan_kerja_add(world.pegawai, world.rekan)  # type: ignore[misc]
    with pytest.raises(TypeError):
        rekan_kerja_remove(world.pegawai, world.rekan)  # type: ignore[misc]


# --- the profile page -----------------------------------------------------------------------


def test_profil_shows_identity_atasan_and_atasan_of_atasan(world: World, as_pegawai: Client) -> None:
    Pegawai.objects.filter(pk=world.pegawai.pk).update(
        nama="Santi Anggraeni Tallo", gelar_depan="Dr.", gelar_belakang="S.Kom., M.T."
    )
    world.pegawai.refresh_from_db()
    response = as_pegawai.get(PROFIL)
    assert response.status_code == 200
    html = response.content.decode()
    identitas = section(html, "identitas")
    assert f'data-test="identitas-nip">{world.pegawai.nip}<' in identitas
    assert "Dr. Santi Anggraeni Tallo, S.Kom., M.T." in identitas
    assert "Penata Muda, III/a" in identitas  # pangkat/golongan ruang of the factory's golongan
    assert 'data-test="identitas-status">PNS<' in identitas
    assert world.pegawai.jabatan is not None and world.pegawai.jabatan.nama in identitas
    assert world.unit.nama in identitas
    assert world.instansi.nama in identitas

    atasan = section(html, "atasan")
    langsung = atasan[atasan.index('data-test="atasan-langsung"') : atasan.index('data-test="atasan-atasan"')]
    assert world.atasan.nama_lengkap in langsung and world.atasan.nip in langsung
    assert world.atasan.jabatan is not None and world.atasan.jabatan.nama in langsung
    atasan_atasan = atasan[atasan.index('data-test="atasan-atasan"') :]
    assert world.kepala.nama_lengkap in atasan_atasan and world.kepala.nip in atasan_atasan
    assert world.kepala.jabatan is not None and world.kepala.jabatan.nama in atasan_atasan


def test_profil_pppk_shows_golongan(world: World, client: Client) -> None:
    pppk = PegawaiFactory(
        instansi=world.instansi,
        unit_kerja=world.unit,
        status=Pegawai.Status.PPPK,
        golongan=Golongan.objects.get(jenis="PPPK", kode="IX"),
    )
    html = login(client, pppk.user).get(PROFIL).content.decode()
    identitas = section(html, "identitas")
    assert 'data-test="identitas-status">PPPK<' in identitas
    assert 'data-test="identitas-golongan">IX<' in identitas


def test_profil_of_the_top_shows_dash_for_missing_atasan(world: World, client: Client) -> None:
    html = login(client, world.kepala.user).get(PROFIL).content.decode()
    assert re.search(r'<p data-test="atasan-langsung">\s*—\s*</p>', html)
    assert re.search(r'<p data-test="atasan-atasan">\s*—\s*</p>', html)


def test_profil_bawahan_are_the_active_direct_reports(world: World, client: Client) -> None:
    leaver = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, atasan=world.atasan, aktif=False)
    html = login(client, world.atasan.user).get(PROFIL).content.decode()
    bawahan = section(html, "bawahan")
    for p in (world.pegawai, world.rekan):
        assert p.nama_lengkap in bawahan and p.nip in bawahan
        assert p.jabatan is not None and p.jabatan.nama in bawahan
    assert leaver.nip not in bawahan
    assert world.kepala.nip not in bawahan  # the atasan's own atasan is not a bawahan
    assert 'data-test="bawahan-jumlah">2<' in bawahan


def test_profil_without_bawahan_or_rekan_says_so(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.get(PROFIL)
    assertContains(response, 'data-test="bawahan-kosong"')
    assertContains(response, "Belum ada rekan kerja.")
    assertContains(response, 'data-test="rekan-kandidat-petunjuk"')


def test_profil_lists_rekan_kerja_with_a_hapus_button(world: World, as_pegawai: Client) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    html = as_pegawai.get(PROFIL).content.decode()
    rekan = section(html, "rekan-kerja-list")
    assert world.rekan.nama_lengkap in rekan and world.rekan.nip in rekan
    assert f'action="{hapus_url(world.rekan.pk)}"' in rekan
    assert f'hx-post="{hapus_url(world.rekan.pk)}"' in rekan
    assert '<th scope="col">No.</th>' in rekan  # not Django's "No" → "Tidak"


def test_rekan_who_left_stays_listed_and_can_be_removed(world: World, as_pegawai: Client) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    Pegawai.objects.filter(pk=world.rekan.pk).update(aktif=False)
    rekan = section(as_pegawai.get(PROFIL).content.decode(), "rekan-kerja-list")
    assert f'data-nip="{world.rekan.nip}"' in rekan
    assert "tidak aktif" in rekan
    as_pegawai.post(hapus_url(world.rekan.pk))
    assert rekan_nips(world.pegawai) == set()


# --- search -----------------------------------------------------------------------------------


def test_search_lists_only_eligible_candidates_of_the_same_instansi(world: World, as_pegawai: Client) -> None:
    for p in (world.pegawai, world.rekan, world.atasan, world.kepala, world.other_pegawai):
        Pegawai.objects.filter(pk=p.pk).update(nama=f"Yakobus {p.pk}")
    inactive = PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, nama="Yakobus Pensiun", aktif=False)
    world.pegawai.rekan_kerja.add(world.atasan)

    response = as_pegawai.get(PROFIL, {"cari": "yakobus"})
    kandidat = section(response.content.decode(), "rekan-kandidat")
    assert f'data-nip="{world.rekan.nip}"' in kandidat
    assert f'data-nip="{world.kepala.nip}"' in kandidat
    assert f'data-nip="{world.pegawai.nip}"' not in kandidat  # not self
    assert f'data-nip="{world.atasan.nip}"' not in kandidat  # already a rekan
    assert f'data-nip="{world.other_pegawai.nip}"' not in kandidat  # other instansi
    assert f'data-nip="{inactive.nip}"' not in kandidat  # not active
    assertContains(response, 'value="yakobus"')


def test_search_by_nip_prefix(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.get(PROFIL, {"cari": world.rekan.nip[:14]})
    assertContains(response, f'data-nip="{world.rekan.nip}"')
    response = as_pegawai.get(PROFIL, {"cari": world.other_pegawai.nip})
    assertContains(response, 'data-test="rekan-kandidat-kosong"')
    assertNotContains(response, f'data-nip="{world.other_pegawai.nip}"')


def test_search_shows_at_most_twenty_candidates(world: World, as_pegawai: Client) -> None:
    for _ in range(25):
        PegawaiFactory(instansi=world.instansi, unit_kerja=world.unit, nama="Maria Banyak", user=None, jabatan=None)
    response = as_pegawai.get(PROFIL, {"cari": "Maria Banyak"})
    assert response.content.decode().count('data-test="rekan-kandidat-item"') == 20
    assertContains(response, 'data-test="rekan-kandidat-terpotong"')


def test_search_htmx_answers_the_candidate_partial_and_follows_the_address(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.get(CARI, {"cari": world.rekan.nip}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'data-nip="{world.rekan.nip}"' in html
    assert f'name="pegawai" value="{world.rekan.pk}"' in html
    assert response["HX-Replace-Url"] == f"{PROFIL}?cari={world.rekan.nip}"


def test_search_without_htmx_redirects_to_the_profile(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.get(CARI, {"cari": "Ndun"})
    assertRedirects(response, f"{PROFIL}?cari=Ndun#tambah-rekan", fetch_redirect_response=False)


# --- tambah / hapus ---------------------------------------------------------------------------


def test_tambah_without_javascript_redirects_back_with_a_message(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.post(TAMBAH, {"pegawai": world.rekan.pk, "cari": "abc"})
    assertRedirects(response, f"{PROFIL}?cari=abc#rekan-kerja", fetch_redirect_response=False)
    assert rekan_nips(world.pegawai) == {world.rekan.nip}
    page = as_pegawai.get(response["Location"])
    assertContains(page, f"{world.rekan.nama_lengkap} ditambahkan sebagai rekan kerja.")
    assert f'data-nip="{world.rekan.nip}"' in section(page.content.decode(), "rekan-kerja-list")


def test_tambah_with_htmx_answers_the_rekan_kerja_section(world: World, as_pegawai: Client) -> None:
    response = as_pegawai.post(TAMBAH, {"pegawai": world.rekan.pk, "cari": world.rekan.nip}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="rekan-kerja"')
    assert "<html" not in html
    assert 'data-test="rekan-kerja-pesan"' in html
    assert f'data-nip="{world.rekan.nip}"' in section(html, "rekan-kerja-list")
    # The same search is shown again, without the one just added.
    assert f'value="{world.rekan.nip}"' in html
    assert 'data-test="rekan-kandidat-kosong"' in html
    assert rekan_nips(world.pegawai) == {world.rekan.nip}


@pytest.mark.parametrize("htmx", [False, True])
def test_tambah_self_or_twice_gives_a_clear_message(world: World, as_pegawai: Client, htmx: bool) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    headers = HTMX if htmx else {}
    for target, message in (
        (world.pegawai, "Anda tidak dapat menjadikan diri sendiri sebagai rekan kerja."),
        (world.rekan, f"{world.rekan.nama_lengkap} sudah terdaftar sebagai rekan kerja."),
    ):
        response = as_pegawai.post(TAMBAH, {"pegawai": target.pk}, follow=not htmx, headers=headers)
        assert response.status_code == 200
        assertContains(response, message)
        if htmx:
            assertContains(response, 'data-test="rekan-kerja-galat"')
    assert rekan_nips(world.pegawai) == {world.rekan.nip}


def test_tambah_inactive_colleague_gives_a_clear_message(world: World, as_pegawai: Client) -> None:
    Pegawai.objects.filter(pk=world.rekan.pk).update(aktif=False)
    response = as_pegawai.post(TAMBAH, {"pegawai": world.rekan.pk}, follow=True)
    assertContains(response, "tidak aktif sehingga tidak dapat dijadikan rekan kerja.")
    assert rekan_nips(world.pegawai) == set()


def test_hapus_without_javascript_redirects_back(world: World, as_pegawai: Client) -> None:
    world.pegawai.rekan_kerja.add(world.rekan, world.atasan)
    response = as_pegawai.post(hapus_url(world.rekan.pk))
    assertRedirects(response, f"{PROFIL}#rekan-kerja", fetch_redirect_response=False)
    assert rekan_nips(world.pegawai) == {world.atasan.nip}
    assertContains(as_pegawai.get(PROFIL), f"{world.rekan.nama_lengkap} dihapus dari daftar rekan kerja.")


def test_hapus_with_htmx_answers_the_rekan_kerja_section(world: World, as_pegawai: Client) -> None:
    world.pegawai.rekan_kerja.add(world.rekan)
    response = as_pegawai.post(hapus_url(world.rekan.pk), {"cari": world.rekan.nip}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-test="rekan-kerja-kosong"' in html
    # Back among the candidates of the search that is still open.
    assert f'data-nip="{world.rekan.nip}"' in section(html, "rekan-kandidat")
    assert rekan_nips(world.pegawai) == set()


def test_tambah_and_hapus_only_accept_post(world: World, as_pegawai: Client) -> None:
    assert as_pegawai.get(TAMBAH).status_code == 405
    world.pegawai.rekan_kerja.add(world.rekan)
    assert as_pegawai.get(hapus_url(world.rekan.pk)).status_code == 405
    assert rekan_nips(world.pegawai) == {world.rekan.nip}


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(world: World, client: Client, method: str) -> None:
    urls = [PROFIL, CARI] if method == "get" else [TAMBAH, hapus_url(world.rekan.pk)]
    for url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_without_pegawai_gets_404_everywhere(world: World, client: Client) -> None:
    admin = User.objects.create_superuser("admin-profil", password="Rahasia-123")
    login(client, admin)
    assert client.get(PROFIL).status_code == 404
    assert client.get(CARI, {"cari": "a"}, headers=HTMX).status_code == 404
    assert client.post(TAMBAH, {"pegawai": world.rekan.pk}).status_code == 404
    assert client.post(hapus_url(world.rekan.pk)).status_code == 404


def test_pegawai_of_another_instansi_cannot_be_added(world: World, as_pegawai: Client) -> None:
    for headers in ({}, HTMX):
        assert as_pegawai.post(TAMBAH, {"pegawai": world.other_pegawai.pk}, headers=headers).status_code == 404
    assert rekan_nips(world.pegawai) == set()


def test_unrelated_pegawai_cannot_add_across_instansi(world: World, as_other_pegawai: Client) -> None:
    """Someone of another instansi can neither take world's people nor touch world.pegawai's list."""
    world.pegawai.rekan_kerja.add(world.rekan)
    for target in (world.pegawai, world.rekan):
        assert as_other_pegawai.post(TAMBAH, {"pegawai": target.pk}).status_code == 404
    assert as_other_pegawai.post(hapus_url(world.rekan.pk)).status_code == 404
    assert rekan_nips(world.other_pegawai) == set()
    assert rekan_nips(world.pegawai) == {world.rekan.nip}
    html = as_other_pegawai.get(PROFIL, {"cari": world.rekan.nama}).content.decode()
    assert f'data-nip="{world.rekan.nip}"' not in html


@pytest.mark.parametrize("value", ["", "abc", "0", "-3", "1.5", "99999999", str(2**64), "１２"])
def test_tambah_with_an_unknown_or_malformed_id_is_404(world: World, as_pegawai: Client, value: str) -> None:
    assert as_pegawai.post(TAMBAH, {"pegawai": value}).status_code == 404
    assert as_pegawai.post(TAMBAH, {}).status_code == 404


def test_hapus_of_a_non_rekan_is_404(world: World, as_pegawai: Client) -> None:
    # world.rekan is someone else's rekan kerja, not world.pegawai's.
    world.atasan.rekan_kerja.add(world.rekan)
    assert as_pegawai.post(hapus_url(world.rekan.pk)).status_code == 404
    assert as_pegawai.post(hapus_url(world.other_pegawai.pk)).status_code == 404
    assert as_pegawai.post(hapus_url(99999999)).status_code == 404
    assert as_pegawai.post(f"{PROFIL}rekan-kerja/{2**64}/hapus/").status_code == 404
    assert rekan_nips(world.atasan) == {world.rekan.nip}


# --- speed ------------------------------------------------------------------------------------


def test_profil_query_count_holds_with_500_rekan_and_500_bawahan(
    world: World, as_pegawai: Client, django_assert_max_num_queries
) -> None:
    golongan = Golongan.objects.get(jenis="PNS", kode="III/b")
    units = [UnitKerjaFactory(instansi=world.instansi) for _ in range(3)]
    jabatan = [JabatanFactory(instansi=world.instansi) for _ in range(3)]
    people = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=world.instansi,
            nip=make_nip(10_000 + i, sex=2),  # sex digit 2: never collides with the factories' NIPs
            nama=f"Pegawai Banyak {i:04d}",
            status=Pegawai.Status.PNS,
            golongan=golongan,
            jabatan=jabatan[i % 3],
            unit_kerja=units[i % 3],
            atasan=world.pegawai if i < 500 else None,
        )
        for i in range(1000)
    )
    world.pegawai.rekan_kerja.add(*people[500:])

    with django_assert_max_num_queries(10):
        response = as_pegawai.get(PROFIL, {"cari": "Pegawai Banyak"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-test="bawahan-item"') == 500
    assert html.count('data-test="rekan-kerja-item"') == 500
    assert html.count('data-test="rekan-kandidat-item"') == 20
