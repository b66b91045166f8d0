"""Realisasi page: who sees it, what it shows (as the official form), the owner's writes with and
without htmx, read-only notices, the Riwayat, and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from pelaksanaan.models import BuktiDukung, Periode, Realisasi
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.bukti import bukti_link_add
from pelaksanaan.services.realisasi import realisasi_save, realisasi_teks_add
from perencanaan.models import Iki, Rhk, Skp, StatusSkp
from tests.conftest import login
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

HX = {"HTTP_HX_REQUEST": "true"}


def page_url(skp: Skp, periode: Periode | None = None) -> str:
    url = reverse("pelaksanaan:realisasi", args=[skp.pk])
    return url + (f"?periode={periode.pk}" if periode else "")


def iki_url(skp: Skp, iki: Iki, periode: Periode) -> str:
    return reverse("pelaksanaan:realisasi_iki", args=[skp.pk, iki.pk]) + f"?periode={periode.pk}"


def teks_add_url(skp: Skp, rhk: Rhk, periode: Periode) -> str:
    return reverse("pelaksanaan:realisasi_teks_tambah", args=[skp.pk, rhk.pk]) + f"?periode={periode.pk}"


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


def _client(kinerja: Kinerja, who: str) -> Client:
    if who == "admin":
        return login(Client(), User.objects.create_superuser("admin-realisasi", password="Rahasia-123"))
    if who in {"staf", "kabid", "jpt"}:
        return client_of(getattr(kinerja, who))
    return client_of(getattr(kinerja.plan, who))


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator", "admin"])
def test_readers_open_the_page(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    """The pegawai, the pejabat penilai, the atasan pejabat penilai, the operator and the admin."""
    response = _client(kinerja, who).get(page_url(kinerja.skp, triwulan))
    assert response.status_code == 200
    assertContains(response, "Tersusunnya rencana pengembangan kompetensi")
    assertContains(response, 'data-test="tab-realisasi"')


@pytest.mark.parametrize("who", ["outsider", "stranger", "staf2"])
def test_others_get_404_everywhere(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    client = _client(kinerja, who)
    skp = kinerja.skp
    bukti = bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/a", nama="", by=None)
    assert client.get(page_url(skp, triwulan)).status_code == 404
    assert client.get(iki_url(skp, kinerja.iki_kuantitas, triwulan)).status_code == 404
    assert client.post(iki_url(skp, kinerja.iki_kuantitas, triwulan), {"nilai": "1"}).status_code == 404
    assert client.post(iki_url(skp, kinerja.iki_kuantitas, triwulan), {"nilai": "1"}, **HX).status_code == 404
    rhk_url = reverse("pelaksanaan:realisasi_rhk", args=[skp.pk, kinerja.rhk_utama.pk]) + f"?periode={triwulan.pk}"
    assert client.get(rhk_url, **HX).status_code == 404
    assert client.post(reverse("pelaksanaan:bukti_hapus", args=[skp.pk, bukti.pk])).status_code == 404
    assert not Realisasi.objects.exists()
    assert BuktiDukung.objects.get(pk=bukti.pk).is_current


@pytest.mark.parametrize("who", ["kabid", "jpt", "operator", "admin"])
def test_readers_cannot_write(kinerja: Kinerja, triwulan: Periode, who: str) -> None:
    client = _client(kinerja, who)
    response = client.get(page_url(kinerja.skp, triwulan))
    assertNotContains(response, 'data-test="input-realisasi"')
    assertNotContains(response, 'data-test="form-unggah-bukti"')
    assert client.get(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)).status_code == 404
    assert client.post(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan), {"nilai": "1"}).status_code == 404
    assert not Realisasi.objects.exists()


def test_anonymous_is_sent_to_login(kinerja: Kinerja, triwulan: Periode) -> None:
    for url in (page_url(kinerja.skp, triwulan), iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unknown_ids_and_periods_are_404(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    assert client.get(reverse("pelaksanaan:realisasi", args=[999999])).status_code == 404
    assert client.get(reverse("pelaksanaan:realisasi", args=[2**63])).status_code == 404
    # An IKI of another SKP, a period not of this SKP, or no period at all.
    other_iki = Iki.objects.filter(rhk__skp=kinerja.skp_kabid).first()
    assert other_iki is not None
    assert client.post(iki_url(kinerja.skp, other_iki, triwulan), {"nilai": "1"}).status_code == 404
    url = reverse("pelaksanaan:realisasi_iki", args=[kinerja.skp.pk, kinerja.iki_kuantitas.pk])
    assert client.post(url, {"nilai": "1"}).status_code == 404
    assert client.post(url + "?periode=abc", {"nilai": "1"}).status_code == 404
    assert not Realisasi.objects.exists()


# --- The sheet --------------------------------------------------------------------------------


def test_sheet_shows_targets_realisasi_capaian_bukti_and_feedback(kinerja: Kinerja, triwulan: Periode) -> None:
    from pelaksanaan.models import UmpanBalik

    realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(15), keterangan="Dari SIMPEG", by=None)
    realisasi_save(iki=kinerja.iki_waktu, periode=triwulan, nilai=Decimal("4.5"), keterangan="", by=None)
    bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/n", nama="Notulen", by=None)
    UmpanBalik.objects.create(
        skp=kinerja.skp,
        periode=triwulan,
        jenis="hasil",
        rhk=kinerja.rhk_utama,
        iki=kinerja.iki_kuantitas,
        teks="Pertahankan",
        penulis=kinerja.kabid,
        peran_penulis="pimpinan",
    )
    response = client_of(kinerja.kabid).get(page_url(kinerja.skp, triwulan))
    html = response.content.decode()
    for text in [
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
        "Terlaksananya pengembangan kompetensi pegawai",  # the leader's RHK
        "A. UTAMA",
        "B. TAMBAHAN",
        "12 Dokumen",
        "2–3 Hari",
        "Dari SIMPEG",
        "125%",  # 15 of 12
        "50%",  # 4,5 days against 2–3 days, lower is better
        "4,5",
        "Notulen",
        "Pertahankan",
        "Realisasi terisi: 2 dari 3 indikator",
        "Triwulan I 2026",
    ]:
        assert text in html, text


def test_kualitatif_sheet_lists_statements(kinerja: Kinerja) -> None:
    periode = periods_of_skp(kinerja.skp_kualitatif)[0]
    realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode, teks="Arsip 2025 tertata", by=None)
    response = client_of(kinerja.kabid).get(page_url(kinerja.skp_kualitatif, periode))
    assertContains(response, "Arsip 2025 tertata")
    assertContains(response, "Arsip tertata dan mudah ditemukan kembali")  # the indicator
    assertContains(response, 'data-variant="kualitatif"')
    assertNotContains(response, "CAPAIAN")


def test_owner_sees_input_buttons_and_evidence_forms(kinerja: Kinerja, triwulan: Periode) -> None:
    response = client_of(kinerja.staf).get(page_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="input-realisasi"', count=3)
    assertContains(response, 'data-test="form-unggah-bukti"', count=2)
    assertContains(response, 'enctype="multipart/form-data"')
    assertNotContains(response, 'data-test="realisasi-terkunci"')


def test_closed_period_is_read_only_with_the_reason(kinerja: Kinerja, triwulan: Periode) -> None:
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    client = client_of(kinerja.staf)
    response = client.get(page_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="realisasi-terkunci"')
    assertContains(response, "Operator pengelola kinerja dapat membuka kembali")
    assertNotContains(response, 'data-test="input-realisasi"')
    posted = client.post(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan), {"nilai": "3", "versi": "0"})
    assert posted.status_code == 200 and "sudah ditutup" in posted.content.decode()
    htmx = client.post(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan), {"nilai": "3", "versi": "0"}, **HX)
    assertContains(htmx, 'data-test="realisasi-galat"')
    assert not Realisasi.objects.exists()


def test_unset_skp_is_read_only_with_a_link_to_the_plan(kinerja: Kinerja) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=StatusSkp.DIAJUKAN)
    response = client_of(kinerja.staf).get(page_url(kinerja.skp))
    assertContains(response, "SKP belum ditetapkan")
    assertContains(response, reverse("perencanaan:skp_detail", args=[kinerja.skp.pk]))
    assertNotContains(response, 'data-test="input-realisasi"')


# --- Kuantitatif writes -----------------------------------------------------------------------


def test_input_realisasi_inline_with_htmx(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    url = iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)
    form = client.get(url, **HX)
    html = form.content.decode()
    assert html.lstrip().startswith("<tbody") and 'data-test="form-realisasi"' in html
    assert f'id="rhk-{kinerja.rhk_utama.pk}"' in html and "<html" not in html
    saved = client.post(url, {"nilai": "12,5", "keterangan": "Rekap SIMPEG", "versi": "0"}, **HX)
    assert saved.status_code == 200 and saved["HX-Trigger"] == "realisasi-berubah"
    assertContains(saved, "12,5")
    assertContains(saved, "104,17%")
    row = Realisasi.objects.current().get(iki=kinerja.iki_kuantitas, periode=triwulan)
    assert row.nilai == Decimal("12.5") and row.keterangan == "Rekap SIMPEG" and row.dibuat_oleh == kinerja.staf.user
    # Editing shows the current value.
    assertContains(client.get(url, **HX), 'value="12,5"')


def test_input_realisasi_without_javascript(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    url = iki_url(kinerja.skp, kinerja.iki_tambahan, triwulan)
    page = client.get(url)
    assertContains(page, 'data-test="realisasi-form"')
    assertContains(page, "1 Laporan")  # the target
    response = client.post(url, {"nilai": "1", "keterangan": "", "versi": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?periode={triwulan.pk}#rhk-{kinerja.rhk_tambahan.pk}")
    assert any("disimpan" in m for m in messages_of(response))
    # Changing it keeps the old value in the Riwayat.
    first = Realisasi.objects.current().get(iki=kinerja.iki_tambahan, periode=triwulan)
    assertContains(client.get(url), f'name="versi" value="{first.pk}"')
    client.post(url, {"nilai": "2", "keterangan": "Dua kali", "versi": str(first.pk)})
    sheet = client.get(page_url(kinerja.skp, triwulan))
    assertContains(sheet, 'data-test="riwayat-realisasi-row"', count=1)
    assertContains(sheet, "200%")


@pytest.mark.parametrize(
    ("nilai", "message"),
    [
        ("", "Isi realisasi"),
        ("dua belas", "harus berupa angka"),
        ("-3", "tidak boleh negatif"),
        ("1e9", "harus berupa angka"),
        ("12,34567", "di belakang koma"),
        ("9" * 30, "terlalu"),
        ("NaN", "harus berupa angka"),
    ],
)
def test_bad_realisasi_is_refused_with_a_message(kinerja: Kinerja, triwulan: Periode, nilai: str, message: str) -> None:
    client = client_of(kinerja.staf)
    url = iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)
    for extra in ({}, HX):
        response = client.post(url, {"nilai": nilai, "keterangan": "k", "versi": "0"}, **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert not Realisasi.objects.exists()


def test_keterangan_too_long_is_refused(kinerja: Kinerja, triwulan: Periode) -> None:
    response = client_of(kinerja.staf).post(
        iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan), {"nilai": "1", "keterangan": "k" * 2001, "versi": "0"}
    )
    assertContains(response, "paling banyak 2000 karakter")
    assert not Realisasi.objects.exists()


def test_cancel_returns_the_rhk_part(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    url = reverse("pelaksanaan:realisasi_rhk", args=[kinerja.skp.pk, kinerja.rhk_utama.pk]) + f"?periode={triwulan.pk}"
    part = client.get(url, **HX)
    assert (
        part.content.decode().lstrip().startswith("<tbody")
        and 'data-test="form-realisasi"' not in part.content.decode()
    )
    assert client.get(url).status_code == 302


# --- Kualitatif writes ------------------------------------------------------------------------


def test_statements_add_edit_remove(kinerja: Kinerja) -> None:
    skp = kinerja.skp_kualitatif
    periode = periods_of_skp(skp)[0]
    client = client_of(kinerja.plan.staf2)
    added = client.post(teks_add_url(skp, kinerja.rhk_kualitatif, periode), {"teks": "Arsip 2025 tertata"}, **HX)
    assert added["HX-Trigger"] == "realisasi-berubah"
    assertContains(added, "Arsip 2025 tertata")
    statement = Realisasi.objects.current().get(rhk=kinerja.rhk_kualitatif)
    edit = reverse("pelaksanaan:realisasi_teks_ubah", args=[skp.pk, statement.pk])
    assert client.post(edit, {"teks": "Arsip 2024–2025 tertata"}).status_code == 302
    new = Realisasi.objects.current().get(rhk=kinerja.rhk_kualitatif)
    assert new.teks == "Arsip 2024–2025 tertata"
    removed = client.post(reverse("pelaksanaan:realisasi_teks_hapus", args=[skp.pk, new.pk]), **HX)
    assertContains(removed, 'data-test="belum-diisi"')
    assert not Realisasi.objects.current().filter(rhk=kinerja.rhk_kualitatif).exists()
    assert Realisasi.objects.filter(rhk=kinerja.rhk_kualitatif).count() == 2
    sheet = client.get(page_url(skp, periode))
    assertContains(sheet, 'data-test="riwayat-realisasi-row"', count=2)
    # The old statement's edit form is gone: a stale submission is refused, not applied.
    stale = client.post(edit, {"teks": "lagi"}, **HX)
    assertContains(stale, "setelah Anda membuka formulir")


def test_bad_statements_are_refused(kinerja: Kinerja) -> None:
    skp = kinerja.skp_kualitatif
    periode = periods_of_skp(skp)[0]
    client = client_of(kinerja.plan.staf2)
    assertContains(
        client.post(teks_add_url(skp, kinerja.rhk_kualitatif, periode), {"teks": "  "}), "Tuliskan realisasi"
    )
    assertContains(
        client.post(teks_add_url(skp, kinerja.rhk_kualitatif, periode), {"teks": "x" * 5001}, **HX),
        "paling banyak 5000",
    )
    assert not Realisasi.objects.exists()


def test_kinds_do_not_mix_through_the_views(kinerja: Kinerja, triwulan: Periode) -> None:
    response = client_of(kinerja.staf).post(teks_add_url(kinerja.skp, kinerja.rhk_utama, triwulan), {"teks": "Selesai"})
    assertContains(response, "kuantitatif")
    assert not Realisasi.objects.exists()


# --- Parts refreshed after a change ------------------------------------------------------------


def test_summary_and_history_parts(kinerja: Kinerja, triwulan: Periode) -> None:
    realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(1), keterangan="", by=None)
    realisasi_save(iki=kinerja.iki_kuantitas, periode=triwulan, nilai=Decimal(2), keterangan="", by=None)
    client = client_of(kinerja.kabid)
    summary = client.get(page_url(kinerja.skp, triwulan) + "&bagian=ringkasan", **HX).content.decode()
    assert summary.startswith('<div id="realisasi-ringkasan"') and "1 dari 3" in summary
    history = client.get(page_url(kinerja.skp, triwulan) + "&bagian=riwayat", **HX).content.decode()
    assert history.startswith('<div id="realisasi-riwayat-isi"') and 'data-test="riwayat-realisasi-row"' in history


# --- Speed ------------------------------------------------------------------------------------


def test_page_query_count_is_fixed(kinerja: Kinerja, triwulan: Periode, django_assert_max_num_queries: Any) -> None:
    from django.core.files.base import ContentFile

    def measure(client: Client) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url(kinerja.skp, triwulan)).status_code == 200
        return len(ctx.captured_queries)

    owner = client_of(kinerja.staf)
    penilai = client_of(kinerja.kabid)
    owner.get(page_url(kinerja.skp, triwulan))
    small = measure(owner), measure(penilai)
    for i in range(40):
        rhk = Rhk.objects.create(
            skp=kinerja.skp,
            jenis="utama" if i % 4 else "tambahan",
            teks=f"RHK {i}",
            intervensi=kinerja.rhk_utama.intervensi,
        )
        for j in range(3):
            iki = Iki.objects.create(
                rhk=rhk, teks=f"IKI {i}.{j}", aspek="kuantitas", target_min=10, satuan=kinerja.iki_kuantitas.satuan
            )
            new = Realisasi.objects.create(skp=kinerja.skp, periode=triwulan, rhk=rhk, iki=iki, nilai=j)
            Realisasi.objects.create(
                skp=kinerja.skp,
                periode=triwulan,
                rhk=rhk,
                iki=iki,
                nilai=1,
                dibuat_oleh=kinerja.staf.user,
                diganti_pada=new.dibuat_pada,
                diganti_oleh=kinerja.staf.user,
                pengganti=new,
            )
        bukti = BuktiDukung(
            skp=kinerja.skp,
            periode=triwulan,
            rhk=rhk,
            jenis="berkas",
            nama=f"b{i}.pdf",
            ukuran=10,
            tipe="application/pdf",
            diunggah_oleh=kinerja.staf.user,
        )
        bukti.berkas.save(f"b{i}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        BuktiDukung.objects.create(
            skp=kinerja.skp,
            periode=triwulan,
            rhk=rhk,
            jenis="tautan",
            tautan="https://x.go.id",
            nama="t",
            dihapus_pada=bukti.diunggah_pada,
            dihapus_oleh=kinerja.staf.user,
        )
    big = measure(owner), measure(penilai)
    assert big == small
    with django_assert_max_num_queries(20):
        response = owner.get(page_url(kinerja.skp, triwulan))
    assertContains(response, 'data-test="realisasi-iki"', count=123)
    assertContains(response, 'data-test="riwayat-bukti-row"', count=40)
    # 30: + the audit row of the new realisasi (snapshot, subject, chain-head lock, insert, head update).
    with django_assert_max_num_queries(30):
        owner.post(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan), {"nilai": "5", "versi": "0"}, **HX)


def test_jpt_sheet_has_the_jpt_columns(kinerja: Kinerja) -> None:
    skp_jpt = Skp.objects.get(pegawai=kinerja.jpt)
    Iki.objects.create(
        rhk=Rhk.objects.get(skp=skp_jpt),
        teks="Indeks profesionalitas ASN",
        perspektif="penerima_layanan",
        target_min=80,
    )
    response = client_of(kinerja.jpt).get(page_url(skp_jpt))
    assert response.status_code == 200
    for text in ["A. KINERJA UTAMA", "B. KINERJA TAMBAHAN", "PERSPEKTIF", "Penerima Layanan", "SKP belum ditetapkan"]:
        assertContains(response, text)
    assertNotContains(response, "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI")


def test_form_pages_without_javascript(kinerja: Kinerja, triwulan: Periode) -> None:
    skp2 = kinerja.skp_kualitatif
    periode2 = periods_of_skp(skp2)[0]
    statement = realisasi_teks_add(rhk=kinerja.rhk_kualitatif, periode=periode2, teks="Arsip tertata", by=None)
    staf2 = client_of(kinerja.plan.staf2)
    assertContains(staf2.get(teks_add_url(skp2, kinerja.rhk_kualitatif, periode2)), 'data-test="realisasi-form"')
    assertContains(staf2.get(reverse("pelaksanaan:realisasi_teks_ubah", args=[skp2.pk, statement.pk])), "Arsip tertata")
    staf = client_of(kinerja.staf)
    tautan = (
        reverse("pelaksanaan:bukti_tautan", args=[kinerja.skp.pk, kinerja.rhk_utama.pk]) + f"?periode={triwulan.pk}"
    )
    assertContains(staf.get(tautan), 'name="tautan"')
    # A closed period shows the reason instead of the form.
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    closed = staf.get(iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan))
    assertContains(closed, 'data-test="realisasi-terkunci"')
    assertNotContains(closed, 'data-test="realisasi-form"')


def test_page_in_english(kinerja: Kinerja, triwulan: Periode) -> None:
    client = client_of(kinerja.staf)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get(page_url(kinerja.skp, triwulan)).status_code == 200


# --- No silent overwrite ----------------------------------------------------------------------


def test_a_stale_realisasi_is_refused_naming_the_change_and_keeping_the_input(
    kinerja: Kinerja, triwulan: Periode
) -> None:
    url = iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)
    tab_a, tab_b = client_of(kinerja.staf), client_of(kinerja.staf)
    opened_a = tab_a.get(url, **HX)
    tab_b.get(url)
    assertContains(opened_a, 'name="versi" value="0"')
    assert tab_a.post(url, {"nilai": "12", "keterangan": "Rekap", "versi": "0"}, **HX).status_code == 200
    for extra in (HX, {}):
        stale = tab_b.post(url, {"nilai": "15", "keterangan": "Dari tab lama", "versi": "0"}, **extra)
        assert stale.status_code == 200
        html = stale.content.decode()
        assert "sudah diubah oleh" in html and kinerja.staf.nama_lengkap in html
        assert "(belum diisi) → 12 (Rekap)" in html and "realisasi 15" in html and "Dari tab lama" in html
        # The typed values stay in the form.
        assert 'value="15"' in html
    row = Realisasi.objects.current().get(iki=kinerja.iki_kuantitas, periode=triwulan)
    assert row.nilai == Decimal("12") and Realisasi.objects.count() == 1
    # After reloading, the form carries the new row's id and the save goes through.
    assertContains(tab_b.get(url), f'name="versi" value="{row.pk}"')
    assert tab_b.post(url, {"nilai": "15", "versi": str(row.pk)}).status_code == 302
    assert Realisasi.objects.current().get(iki=kinerja.iki_kuantitas, periode=triwulan).nilai == Decimal("15")


@pytest.mark.parametrize("versi", [None, "", "abc", "-1", "1.5", "９"])
def test_a_missing_or_garbage_version_is_refused(kinerja: Kinerja, triwulan: Periode, versi: str | None) -> None:
    client = client_of(kinerja.staf)
    url = iki_url(kinerja.skp, kinerja.iki_kuantitas, triwulan)
    data = {"nilai": "3"} if versi is None else {"nilai": "3", "versi": versi}
    for extra in ({}, HX):
        response = client.post(url, data, **extra)
        assert response.status_code == 200
        assertContains(response, "penanda versi data yang sah")
    assert not Realisasi.objects.exists()
