"""The plan on the SKP page: Input Kinerja Utama/Tambahan, Salin, IKI, edit/delete, Manual Indikator."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from organisasi.konflik import versi_of
from perencanaan.models import Iki, ManualIndikator, Rhk, Skp, StatusSkp
from perencanaan.services.skp import skp_approve, skp_submit
from tests.factories import IkiFactory, OperatorRoleFactory, PegawaiFactory, RhkFactory

from .conftest import Plan, client_of
from .test_rencana_services import (
    give_jpt_an_atasan,
    kabid_rhk,
    manual_kwargs,
    new_skp,
    peran_for,
    satuan,
    unit_pk,
)

HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, pk: int) -> str:
    return reverse(f"perencanaan:{name}", args=[pk])


def detail(skp: Skp) -> str:
    return url("skp_detail", skp.pk) + "#rencana"


def text(response: object) -> str:
    return re.sub(r"\s+", " ", response.content.decode())  # type: ignore[attr-defined]


def iki_data(**overrides: str) -> dict[str, str]:
    data = {
        "teks": "Jumlah perangkat daerah yang didampingi",
        "aspek": "kuantitas",
        "target_min": "20",
        "target_max": "",
        "satuan": str(satuan("Perangkat Daerah").pk),
    }
    data.update(overrides)
    return data


def rhk_row(page: str, rhk: Rhk) -> str:
    found = re.search(rf'<tbody id="rhk-{rhk.pk}".*?</tbody>', page)
    assert found is not None, f"RHK {rhk.pk} not in page"
    return found.group(0)


# --- Input Kinerja Utama / Tambahan (JA/JF) --------------------------------------------------------


def test_input_kinerja_utama_lists_the_peran_and_the_leader_rhk(plan: Plan) -> None:
    leader = kabid_rhk(plan, teks="Terlaksananya penerapan Tool Kinerja lingkup Pemprov")
    peran = peran_for(leader, plan.staf, teks="Terlaksananya pendampingan Tool Kinerja")
    peran_for(leader, plan.staf2, teks="Peran orang lain")
    client = client_of(plan.staf)
    response = client.get(url("rhk_create", plan.skp_staf.pk) + "?jenis=utama", **HX)
    assert response["HX-Retarget"] == "#rencana-panel"
    page = text(response)
    assert "Peran dari Matriks Peran Hasil" in page
    assert f'data-peran="{peran.pk}"' in page and "Peran orang lain" not in page
    assert plan.kabid.nama_lengkap in page and "Terlaksananya penilaian kinerja" in page
    assert f'<option value="{leader.pk}">Terlaksananya penerapan Tool Kinerja lingkup Pemprov' in page
    tambahan = text(client.get(url("rhk_create", plan.skp_staf.pk) + "?jenis=tambahan", **HX))
    assert "Input Kinerja Tambahan" in tambahan and "Peran dari Matriks Peran Hasil" not in tambahan


def test_salin_peran_creates_the_rhk_with_its_intervensi(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    peran = peran_for(leader, plan.staf)
    client = client_of(plan.staf)
    response = client.post(url("rhk_salin_peran", plan.skp_staf.pk), {"peran": peran.pk, "jenis": "utama"}, **HX)
    assert response["HX-Retarget"] == "#rencana" and response["HX-Reswap"] == "outerHTML"
    assert response["HX-Trigger"] == '{"rencanaChanged": {}}'
    rhk = Rhk.objects.get(skp=plan.skp_staf)
    assert (rhk.peran_asal, rhk.intervensi, rhk.teks) == (peran, leader, peran.teks)
    row = rhk_row(text(response), rhk)
    assert leader.teks in row and "Matriks Peran Hasil" in row
    again = client.post(url("rhk_salin_peran", plan.skp_staf.pk), {"peran": peran.pk}, **HX)
    assertContains(again, "Peran hasil ini sudah disalin menjadi rencana hasil kerja.")
    assert Rhk.objects.filter(skp=plan.skp_staf).count() == 1


def test_salin_peran_of_someone_else_is_refused(plan: Plan) -> None:
    other = peran_for(kabid_rhk(plan), plan.staf2)
    response = client_of(plan.staf).post(url("rhk_salin_peran", plan.skp_staf.pk), {"peran": other.pk})
    assertContains(response, "Peran hasil itu tidak diberikan kepada Anda untuk periode SKP ini.")
    assert not Rhk.objects.filter(skp=plan.skp_staf).exists()


def test_manual_rhk_without_js(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    client = client_of(plan.staf)
    create = url("rhk_create", plan.skp_staf.pk)
    page = client.get(create + "?jenis=utama")
    assertContains(page, "<h1>Input Kinerja Utama</h1>", html=False)
    data = {"jenis": "utama", "teks": "Pelayanan konsultasi Tool Kinerja", "intervensi": leader.pk}
    assertRedirects(client.post(create + "?jenis=utama", data), detail(plan.skp_staf), fetch_redirect_response=False)
    rhk = Rhk.objects.get(skp=plan.skp_staf)
    assert (rhk.teks, rhk.intervensi, rhk.jenis) == ("Pelayanan konsultasi Tool Kinerja", leader, "utama")
    page = text(client.get(detail(plan.skp_staf)))
    assert "Rencana hasil kerja ditambahkan." in page and leader.teks in rhk_row(page, rhk)


def test_tambahan_without_intervensi(plan: Plan) -> None:
    client = client_of(plan.staf)
    data = {"jenis": "tambahan", "teks": "Pelayanan administrasi seleksi JPT", "penugasan_dari": "Kepala BKD"}
    response = client.post(url("rhk_create", plan.skp_staf.pk), data, **HX)
    rhk = Rhk.objects.get(skp=plan.skp_staf)
    assert (rhk.jenis, rhk.intervensi_id, rhk.penugasan_dari) == ("tambahan", None, "Kepala BKD")
    page = text(response)
    assert page.index("B. TAMBAHAN") < page.index("Pelayanan administrasi seleksi JPT")
    assert "Penugasan dari: Kepala BKD" in page


def test_rhk_form_errors_are_indonesian_and_nothing_is_saved(plan: Plan) -> None:
    client = client_of(plan.staf)
    other = RhkFactory(skp=new_skp(plan.staf2))
    response = client.post(
        url("rhk_create", plan.skp_staf.pk), {"jenis": "utama", "teks": " ", "intervensi": other.pk}, **HX
    )
    assert response["HX-Retarget"] == "#rencana-panel"
    page = text(response)
    assert "Rencana hasil kerja wajib diisi." in page
    assert "Pilih RHK pimpinan yang tersedia dalam daftar." in page
    assert not Rhk.objects.filter(skp=plan.skp_staf).exists()


# --- IKI ------------------------------------------------------------------------------------------


def test_add_iki_inline_and_the_table_shows_the_target(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf, intervensi=kabid_rhk(plan))
    client = client_of(plan.staf)
    form = client.get(url("iki_create", rhk.pk), **HX)
    assert form["HX-Retarget"] == f"#rhk-{rhk.pk}"
    assert 'data-test="iki-form"' in text(form) and 'name="aspek"' in text(form)
    data = iki_data(aspek="kualitas", target_min="90", target_max="95", satuan=str(satuan("Persen (%)").pk))
    response = client.post(url("iki_create", rhk.pk), data, **HX)
    assert response["HX-Retarget"] == "#rencana"
    row = rhk_row(text(response), rhk)
    assert "90–95 Persen (%)" in row and "Kualitas" in row
    client.post(url("iki_create", rhk.pk), iki_data(target_min="20,5"), **HX)
    page = text(client.get(url("skp_detail", plan.skp_staf.pk)))
    assert "20,5 Perangkat Daerah" in rhk_row(page, rhk)
    assert Iki.objects.filter(rhk=rhk).count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_min": "dua puluh"}, "Target harus berupa angka."),
        ({"target_min": "95", "target_max": "90"}, "Target maksimum tidak boleh lebih kecil dari target minimum."),
        ({"satuan": ""}, "Pilih satuan yang tersedia dalam daftar."),
        ({"satuan": "999999"}, "Pilih satuan yang tersedia dalam daftar."),
        ({"target_min": ""}, "Target wajib diisi dengan angka."),
        ({"target_min": "-5"}, "Target tidak boleh negatif."),
        ({"aspek": ""}, "Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya."),
        ({"teks": ""}, "Indikator kinerja individu wajib diisi."),
    ],
)
def test_bad_iki_input_says_why_and_saves_nothing(plan: Plan, overrides: dict[str, str], message: str) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    client = client_of(plan.staf)
    for extra in ({}, HX):
        response = client.post(url("iki_create", rhk.pk), iki_data(**overrides), **extra)
        assert response.status_code == 200
        assertContains(response, message)
    assert not Iki.objects.filter(rhk=rhk).exists()


def test_edit_and_delete_iki_and_rhk(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf, teks="Lama")
    iki = IkiFactory(rhk=rhk, target_min=Decimal(100), target_max=Decimal("102.5"))
    client = client_of(plan.staf)
    form = text(client.get(url("iki_update", iki.pk), **HX))
    assert 'value="100"' in form and 'value="102,5"' in form and 'name="versi" value="0"' in form
    client.post(url("iki_update", iki.pk), {**iki_data(teks="Jumlah OPD", target_min="39"), "versi": "0"}, **HX)
    iki.refresh_from_db()
    assert (iki.teks, iki.target_min) == ("Jumlah OPD", Decimal(39))
    assert f'name="versi" value="{versi_of(rhk)}"' in text(client.get(url("rhk_update", rhk.pk), **HX))
    data = {"jenis": "tambahan", "teks": "Baru", "penugasan_dari": "", "versi": str(versi_of(rhk))}
    client.post(url("rhk_update", rhk.pk), data, **HX)
    rhk.refresh_from_db()
    assert (rhk.teks, rhk.jenis) == ("Baru", "tambahan")
    confirm = client.get(url("iki_delete", iki.pk), **HX)
    assert confirm["HX-Retarget"] == f"#rhk-{rhk.pk}" and 'data-test="hapus-konfirmasi"' in text(confirm)
    client.post(url("iki_delete", iki.pk), **HX)
    assert not Iki.objects.filter(pk=iki.pk).exists()
    assertContains(client.get(url("rhk_delete", rhk.pk)), 'data-test="hapus-konfirmasi"')
    assertRedirects(client.post(url("rhk_delete", rhk.pk)), detail(plan.skp_staf), fetch_redirect_response=False)
    assert not Rhk.objects.filter(pk=rhk.pk).exists()


def test_deleting_an_rhk_that_subordinates_intervene_is_refused_on_screen(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    RhkFactory(skp=plan.skp_staf, intervensi=leader)
    response = client_of(plan.kabid).post(url("rhk_delete", leader.pk), **HX)
    assertContains(response, "tidak dapat dihapus")
    assert Rhk.objects.filter(pk=leader.pk).exists()


def test_cancel_returns_the_table(plan: Plan) -> None:
    RhkFactory(skp=plan.skp_staf)
    client = client_of(plan.staf)
    partial = client.get(url("skp_rencana", plan.skp_staf.pk), **HX)
    assert 'data-test="rencana-table"' in text(partial) and "<html" not in text(partial)
    assertRedirects(client.get(url("skp_rencana", plan.skp_staf.pk)), detail(plan.skp_staf))


# --- Locked and foreign -------------------------------------------------------------------------------


def test_a_locked_skp_answers_with_its_status_and_changes_nothing(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    rhk = RhkFactory(skp=plan.skp_staf, intervensi=leader, teks="Tetap")
    iki = IkiFactory(rhk=rhk, teks="Tetap juga")
    skp_submit(skp=plan.skp_staf, by=None)
    client = client_of(plan.staf)
    attempts = [
        (url("rhk_create", plan.skp_staf.pk), {"jenis": "utama", "teks": "Baru"}),
        (url("rhk_update", rhk.pk), {"jenis": "utama", "teks": "Diubah", "versi": str(versi_of(rhk))}),
        (url("rhk_delete", rhk.pk), {}),
        (url("iki_create", rhk.pk), iki_data()),
        (url("iki_update", iki.pk), iki_data(teks="Diubah")),
        (url("iki_delete", iki.pk), {}),
        (url("rhk_salin_peran", plan.skp_staf.pk), {"peran": peran_for(leader, plan.staf).pk}),
    ]
    for target, data in attempts:
        response = client.post(target, data, **HX)
        assert response.status_code == 200, target
        assertContains(response, "SKP berstatus Diajukan tidak dapat diubah.")
        assert 'data-can-edit="0"' in text(response)
        response = client.post(target, data, follow=True)
        assertContains(response, "SKP berstatus Diajukan tidak dapat diubah.")
        assert client.get(target).status_code in (200, 302, 405)
    rhk.refresh_from_db()
    iki.refresh_from_db()
    assert (rhk.teks, iki.teks) == ("Tetap", "Tetap juga")
    assert Rhk.objects.filter(skp=plan.skp_staf).count() == 1


def plan_urls(plan: Plan) -> tuple[list[str], list[str]]:
    """GET and POST urls of every plan screen for the staf's SKP, an RHK and an IKI of it."""
    rhk = RhkFactory(skp=plan.skp_staf)
    iki = IkiFactory(rhk=rhk)
    skp = plan.skp_staf.pk
    gets = [
        url("rhk_create", skp),
        url("rhk_update", rhk.pk),
        url("rhk_delete", rhk.pk),
        url("iki_create", rhk.pk),
        url("iki_update", iki.pk),
        url("iki_delete", iki.pk),
        url("manual_indikator", iki.pk),
    ]
    posts = [*gets, url("rhk_salin_sasaran", skp), url("rhk_salin_peran", skp), url("iki_salin", rhk.pk)]
    return gets, posts


@pytest.mark.parametrize("who", ["outsider", "stranger", "staf2"])
def test_unrelated_users_get_404_on_every_plan_url(plan: Plan, who: str) -> None:
    gets, posts = plan_urls(plan)
    client = client_of(getattr(plan, who))
    for target in gets:
        assert client.get(target).status_code == 404, target
        assert client.get(target, **HX).status_code == 404, target
    for target in posts:
        assert client.post(target, {"jenis": "utama", "teks": "Disusupkan"}).status_code == 404, target
    assert Rhk.objects.filter(skp=plan.skp_staf).count() == 1


def test_readers_cannot_change_the_plan(plan: Plan) -> None:
    _gets, posts = plan_urls(plan)
    for reader in (plan.kabid, plan.operator):
        client = client_of(reader)
        for target in posts:
            assert client.post(target, {"jenis": "utama", "teks": "Disusupkan"}).status_code == 404, target
    assert not Rhk.objects.filter(teks="Disusupkan").exists()


def test_unknown_ids_are_404(plan: Plan) -> None:
    client = client_of(plan.staf)
    for name in ("rhk_update", "iki_update", "manual_indikator", "iki_create"):
        assert client.get(url(name, 987654)).status_code == 404
    assert client.get(f"/skp/rhk/{2**63}/ubah/").status_code == 404


# --- JPT: Salin from the Perjanjian Kinerja -------------------------------------------------------


def test_jpt_salin_sasaran_then_indikator(plan: Plan) -> None:
    _perjanjian, sasaran, indikator = unit_pk(plan)
    skp = new_skp(plan.jpt)
    client = client_of(plan.jpt)
    form = text(client.get(url("rhk_create", skp.pk) + "?jenis=utama", **HX))
    assert "Perjanjian Kinerja tahun 2026" in form and f'data-sasaran="{sasaran.pk}"' in form
    assert "85 Indeks" in form and "90,5 Persen (%)" in form
    assert 'name="intervensi"' not in form
    client.post(url("rhk_salin_sasaran", skp.pk), {"sasaran": sasaran.pk, "jenis": "utama"}, **HX)
    rhk = Rhk.objects.get(skp=skp)
    assert rhk.sasaran_pk == sasaran
    iki_form = text(client.get(url("iki_create", rhk.pk), **HX))
    assert f'data-indikator="{indikator.pk}"' in iki_form and 'name="perspektif"' in iki_form
    assert 'name="aspek"' not in iki_form
    refused = client.post(url("iki_salin", rhk.pk), {"indikator": indikator.pk, "perspektif": ""}, **HX)
    assertContains(refused, "Pilih perspektif indikator yang disalin.")
    response = client.post(url("iki_salin", rhk.pk), {"indikator": indikator.pk, "perspektif": "proses_bisnis"}, **HX)
    iki = Iki.objects.get(rhk=rhk)
    assert (iki.indikator_pk, iki.target_min, iki.perspektif) == (indikator, Decimal(85), "proses_bisnis")
    row = rhk_row(text(response), rhk)
    assert "Indeks profesionalitas ASN" in row and "85 Indeks" in row and "Proses Bisnis" in row
    again = text(client.get(url("rhk_create", skp.pk) + "?jenis=utama", **HX))
    assert 'data-test="sudah-disalin"' in again


def test_jpt_salin_of_a_foreign_sasaran_is_refused(plan: Plan) -> None:
    from tests.factories import SasaranStrategisFactory

    foreign = SasaranStrategisFactory()
    skp = new_skp(plan.jpt)
    response = client_of(plan.jpt).post(url("rhk_salin_sasaran", skp.pk), {"sasaran": foreign.pk}, **HX)
    assertContains(response, "Sasaran strategis itu tidak tersedia untuk SKP ini.")
    assert not Rhk.objects.filter(skp=skp).exists()


def test_jpt_without_pk_writes_by_hand_with_perspektif(plan: Plan) -> None:
    skp = new_skp(plan.jpt)
    client = client_of(plan.jpt)
    form = text(client.get(url("rhk_create", skp.pk) + "?jenis=utama", **HX))
    assert 'data-test="pk-kosong"' in form
    client.post(url("rhk_create", skp.pk), {"jenis": "utama", "teks": "Meningkatnya kualitas layanan"}, **HX)
    rhk = Rhk.objects.get(skp=skp)
    data = iki_data(aspek="", perspektif="penerima_layanan", satuan=str(satuan("Indeks").pk), target_min="3,5")
    data.pop("aspek")
    response = client.post(url("iki_create", rhk.pk), data, **HX)
    row = rhk_row(text(response), rhk)
    assert "3,5 Indeks" in row and "Penerima Layanan" in row
    missing = iki_data(satuan=str(satuan("Indeks").pk))
    missing.pop("aspek")
    assertContains(client.post(url("iki_create", rhk.pk), missing, **HX), "Pilih perspektif yang tersedia.")
    assert Iki.objects.filter(rhk=rhk).count() == 1


# --- Kualitatif -------------------------------------------------------------------------------------


def test_kualitatif_plan(plan: Plan) -> None:
    skp = new_skp(plan.staf2, "kualitatif")
    client = client_of(plan.staf2)
    client.post(url("rhk_create", skp.pk), {"jenis": "utama", "teks": "Sosialisasi Tool Kinerja terselenggara"}, **HX)
    rhk = Rhk.objects.get(skp=skp)
    form = text(client.get(url("iki_create", rhk.pk), **HX))
    assert 'name="target_teks"' in form and 'name="target_min"' not in form and 'name="aspek"' not in form
    response = client.post(
        url("iki_create", rhk.pk),
        {"teks": "39 perangkat daerah telah mendapat pendampingan", "target_teks": "95%"},
        **HX,
    )
    row = rhk_row(text(response), rhk)
    assert "Ukuran keberhasilan/ Indikator Kinerja Individu, Target, dan Perspektif:" in row
    assert "39 perangkat daerah telah mendapat pendampingan (95%)" in re.sub(r"<[^>]+>", "", row)


# --- Manual indikator -------------------------------------------------------------------------------


def manual_data(versi: str = "0", **overrides: str) -> dict[str, str]:
    return {**manual_kwargs(**overrides), "versi": versi}


def jpt_iki(plan: Plan) -> Iki:
    give_jpt_an_atasan(plan)
    skp = new_skp(plan.jpt)
    rhk = RhkFactory(skp=skp, teks="Meningkatnya profesionalitas ASN")
    return IkiFactory(rhk=rhk, aspek="", perspektif="proses_bisnis", teks="Indeks profesionalitas ASN")


def test_manual_indikator_form_and_save(plan: Plan) -> None:
    iki = jpt_iki(plan)
    client = client_of(plan.jpt)
    page = text(client.get(url("manual_indikator", iki.pk)))
    for label in ("RENCANA KERJA", "DESKRIPSI RENCANA KERJA", "INDIKATOR KINERJA UTAMA", "Definisi", "Formula"):
        assert label in page
    for label in ("SATUAN PENGUKURAN", "JENIS IKU", "PENANGGUNG JAWAB IKU", "PIHAK PENYEDIA DATA", "SUMBER DATA"):
        assert label in page
    assert 'type="radio" name="jenis_kendali"' in page and 'type="radio" name="periode_pelaporan"' in page
    assert "Meningkatnya profesionalitas ASN" in page and "---------" not in page
    inline = client.get(url("manual_indikator", iki.pk), **HX)
    assert inline["HX-Retarget"] == f"#rhk-{iki.rhk_id}"
    refused = client.post(url("manual_indikator", iki.pk), manual_data(definisi="", jenis_kendali=""), **HX)
    assertContains(refused, "Bagian ini wajib diisi.")
    assert not ManualIndikator.objects.exists()
    response = client.post(url("manual_indikator", iki.pk), manual_data(), **HX)
    assert response["HX-Retarget"] == "#rencana"
    assert ManualIndikator.objects.get(iki=iki).sumber_data == "Laporan IP ASN BKN"
    assertContains(response, "terisi")


def test_manual_indikator_is_read_by_penilai_and_operator(plan: Plan) -> None:
    iki = jpt_iki(plan)
    ManualIndikator.objects.create(iki=iki, **manual_kwargs())
    readers = [plan.jpt.atasan, plan.operator]
    for reader in readers:
        response = client_of(reader).get(url("manual_indikator", iki.pk))  # type: ignore[arg-type]
        page = text(response)
        assert response.status_code == 200
        assert 'data-test="manual-view"' in page and "Laporan IP ASN BKN" in page
        assert "<form" not in page.split('id="content"')[1]
        assert client_of(reader).post(url("manual_indikator", iki.pk), manual_data()).status_code == 404  # type: ignore[arg-type]
    page = text(client_of(plan.jpt.atasan).get(url("skp_detail", iki.rhk.skp_id)))  # type: ignore[arg-type]
    assert 'data-test="manual-lihat"' in page


def test_manual_indikator_of_a_set_skp_is_read_only_for_the_owner(plan: Plan) -> None:
    iki = jpt_iki(plan)
    ManualIndikator.objects.create(iki=iki, **manual_kwargs())
    skp = skp_approve(skp=skp_submit(skp=Skp.objects.get(pk=iki.rhk.skp_id), by=None), by=None)
    assert skp.status == StatusSkp.DITETAPKAN
    client = client_of(plan.jpt)
    page = text(client.get(url("manual_indikator", iki.pk)))
    assert 'data-test="manual-view"' in page and 'data-test="manual-terkunci"' in page
    response = client.post(url("manual_indikator", iki.pk), manual_data(sumber_data="Diubah"), follow=True)
    assertContains(response, "SKP berstatus Ditetapkan tidak dapat diubah.")
    assert ManualIndikator.objects.get(iki=iki).sumber_data == "Laporan IP ASN BKN"


def test_manual_indikator_is_only_for_jpt_and_hidden_from_others(plan: Plan) -> None:
    iki = IkiFactory(rhk=RhkFactory(skp=plan.skp_staf))
    assert client_of(plan.staf).get(url("manual_indikator", iki.pk)).status_code == 404
    jiki = jpt_iki(plan)
    for other in (plan.kabid, plan.staf, plan.stranger):
        assert client_of(other).get(url("manual_indikator", jiki.pk)).status_code == 404
    foreign_operator = PegawaiFactory()
    OperatorRoleFactory(user=foreign_operator.user, instansi=foreign_operator.instansi)
    assert client_of(foreign_operator).get(url("manual_indikator", jiki.pk)).status_code == 404


def test_full_journey_without_javascript(plan: Plan) -> None:
    """Input, IKI, submit: every step a plain form post, as with JavaScript switched off."""
    leader = kabid_rhk(plan)
    peran = peran_for(leader, plan.staf)
    client: Client = client_of(plan.staf)
    skp = plan.skp_staf
    client.post(url("rhk_salin_peran", skp.pk), {"peran": peran.pk, "jenis": "utama"})
    rhk = Rhk.objects.get(skp=skp)
    assertRedirects(client.post(url("iki_create", rhk.pk), iki_data()), detail(skp), fetch_redirect_response=False)
    client.post(url("skp_ajukan", skp.pk))
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN


def test_editing_keeps_an_intervensi_the_leader_no_longer_offers(plan: Plan) -> None:
    leader = kabid_rhk(plan, teks="RHK pimpinan versi lama")
    rhk = RhkFactory(skp=plan.skp_staf, intervensi=leader, teks="Pendampingan")
    Skp.objects.filter(pk=leader.skp_id).update(status=StatusSkp.DIREVISI)
    client = client_of(plan.staf)
    form = text(client.get(url("rhk_update", rhk.pk), **HX))
    assert f'<option value="{leader.pk}" selected>RHK pimpinan versi lama' in form
    data = {"jenis": "utama", "teks": "Pendampingan aplikasi", "intervensi": leader.pk, "versi": versi_of(rhk)}
    client.post(url("rhk_update", rhk.pk), data, **HX)
    rhk.refresh_from_db()
    assert (rhk.teks, rhk.intervensi_id) == ("Pendampingan aplikasi", leader.pk)


# --- No silent overwrite ----------------------------------------------------------------------------


def test_a_stale_iki_edit_is_refused_with_the_current_values_and_the_input_kept(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    iki = IkiFactory(rhk=rhk, teks="Jumlah OPD", target_min=Decimal(12), satuan=satuan("Perangkat Daerah"))
    tab_a, tab_b = client_of(plan.staf), client_of(plan.staf)
    assert 'name="versi" value="0"' in text(tab_a.get(url("iki_update", iki.pk), **HX))
    assert 'name="versi" value="0"' in text(tab_b.get(url("iki_update", iki.pk)))
    tab_a.post(url("iki_update", iki.pk), {**iki_data(teks="Jumlah OPD", target_min="15"), "versi": "0"}, **HX)
    for extra in (HX, {}):
        stale = tab_b.post(
            url("iki_update", iki.pk), {**iki_data(teks="Jumlah OPD dibina", target_min="20"), "versi": "0"}, **extra
        )
        assert stale.status_code == 200
        html = text(stale)
        assert "sudah diubah setelah Anda membuka formulir" in html
        assert "target 15 Perangkat Daerah" in html and "isian Anda" in html and "Jumlah OPD dibina" in html
        assert 'value="20"' in html  # the typed target stays in the form
    iki.refresh_from_db()
    assert iki.target_min == Decimal(15) and iki.teks == "Jumlah OPD"
    # After reloading the form the save goes through.
    versi = Skp.objects.get(pk=plan.skp_staf.pk).versi_rencana
    assert f'name="versi" value="{versi}"' in text(tab_b.get(url("iki_update", iki.pk)))
    tab_b.post(url("iki_update", iki.pk), {**iki_data(target_min="20"), "versi": str(versi)}, **HX)
    iki.refresh_from_db()
    assert iki.target_min == Decimal(20)


@pytest.mark.parametrize("versi", [None, "", "x", "-2"])
def test_an_iki_edit_without_a_valid_version_is_refused(plan: Plan, versi: str | None) -> None:
    iki = IkiFactory(rhk=RhkFactory(skp=plan.skp_staf), target_min=Decimal(12))
    data = iki_data(target_min="30") if versi is None else {**iki_data(target_min="30"), "versi": versi}
    for extra in (HX, {}):
        response = client_of(plan.staf).post(url("iki_update", iki.pk), data, **extra)
        assert response.status_code == 200
        assertContains(response, "penanda versi data yang sah")
    iki.refresh_from_db()
    assert iki.target_min == Decimal(12)


def test_a_stale_rhk_edit_is_refused_with_the_current_text_and_the_input_kept(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Menyusun laporan")
    versi = str(versi_of(rhk))
    tab_a, tab_b = client_of(plan.staf), client_of(plan.staf)
    assert f'name="versi" value="{versi}"' in text(tab_a.get(url("rhk_update", rhk.pk), **HX))
    assert f'name="versi" value="{versi}"' in text(tab_b.get(url("rhk_update", rhk.pk)))
    saved = {"jenis": "tambahan", "teks": "Menyusun laporan bulanan", "penugasan_dari": "", "versi": versi}
    assert tab_a.post(url("rhk_update", rhk.pk), saved, **HX)["HX-Retarget"] == "#rencana"
    for extra in (HX, {}):
        data = {**saved, "teks": "Menyusun laporan mingguan"}
        stale = tab_b.post(url("rhk_update", rhk.pk), data, **extra)
        assert stale.status_code == 200
        html = text(stale)
        assert "sudah diubah" in html and "setelah Anda membuka formulir" in html
        assert "kini “Menyusun laporan bulanan”" in html and "isian Anda" in html
        assert "Menyusun laporan mingguan</textarea>" in html  # the typed text stays in the form
    rhk.refresh_from_db()
    assert rhk.teks == "Menyusun laporan bulanan"
    # Reloading the form brings the new version; the save then goes through.
    fresh = str(versi_of(rhk))
    assert fresh != versi and f'name="versi" value="{fresh}"' in text(tab_b.get(url("rhk_update", rhk.pk), **HX))
    tab_b.post(url("rhk_update", rhk.pk), {**saved, "teks": "Menyusun laporan mingguan", "versi": fresh}, **HX)
    rhk.refresh_from_db()
    assert rhk.teks == "Menyusun laporan mingguan"


def test_editing_two_rhk_in_two_tabs_does_not_conflict(plan: Plan) -> None:
    one = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Satu")
    two = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Dua")
    forms = {rhk.pk: str(versi_of(rhk)) for rhk in (one, two)}
    client = client_of(plan.staf)
    for rhk, teks in ((one, "Satu diubah"), (two, "Dua diubah")):
        data = {"jenis": "tambahan", "teks": teks, "penugasan_dari": "", "versi": forms[rhk.pk]}
        assert client.post(url("rhk_update", rhk.pk), data, **HX)["HX-Retarget"] == "#rencana"
    assert set(Rhk.objects.filter(pk__in=forms).values_list("teks", flat=True)) == {"Satu diubah", "Dua diubah"}


@pytest.mark.parametrize("versi", [None, "", "x"])
def test_an_rhk_edit_without_a_valid_version_is_refused(plan: Plan, versi: str | None) -> None:
    rhk = RhkFactory(skp=plan.skp_staf, jenis="tambahan", teks="Tetap")
    data = {"jenis": "tambahan", "teks": "Diubah", "penugasan_dari": ""}
    if versi is not None:
        data["versi"] = versi
    for extra in (HX, {}):
        assertContains(
            client_of(plan.staf).post(url("rhk_update", rhk.pk), data, **extra), "penanda versi data yang sah"
        )
    rhk.refresh_from_db()
    assert rhk.teks == "Tetap"


def test_a_stale_manual_indikator_save_is_refused(plan: Plan) -> None:
    iki = jpt_iki(plan)
    tab_a, tab_b = client_of(plan.jpt), client_of(plan.jpt)
    assert 'name="versi" value="0"' in text(tab_a.get(url("manual_indikator", iki.pk), **HX))
    assert 'name="versi" value="0"' in text(tab_b.get(url("manual_indikator", iki.pk)))
    tab_a.post(url("manual_indikator", iki.pk), manual_data(definisi="Definisi pertama"), **HX)
    for extra in (HX, {}):
        stale = tab_b.post(url("manual_indikator", iki.pk), manual_data(definisi="Definisi kedua"), **extra)
        assert stale.status_code == 200
        html = text(stale)
        assert "setelah Anda membuka formulir" in html and "Definisi pertama" in html and "Definisi kedua" in html
    manual = ManualIndikator.objects.get(iki=iki)
    assert manual.definisi == "Definisi pertama"
    fresh = str(versi_of(manual))
    assert f'name="versi" value="{fresh}"' in text(tab_b.get(url("manual_indikator", iki.pk), **HX))
    tab_b.post(url("manual_indikator", iki.pk), manual_data(versi=fresh, definisi="Definisi kedua"), **HX)
    assert ManualIndikator.objects.get(iki=iki).definisi == "Definisi kedua"
