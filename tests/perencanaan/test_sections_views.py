"""Views of the SKP sections: who may do what (404 otherwise), htmx and plain posts, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from organisasi.konflik import versi_of
from perencanaan.models import (
    LampiranSkp,
    PenilaiPerilaku,
    PerilakuSkp,
    RencanaAksi,
    Rhk,
    Skp,
    StatusSkp,
    Workblock,
    WorkblockItem,
)
from perencanaan.services.sections import perilaku_set_penilai
from perencanaan.services.skp import skp_create
from tests.factories import OperatorRoleFactory, PegawaiFactory, RhkFactory

from .conftest import Plan, client_of

HX = {"HTTP_HX_REQUEST": "true"}


def _url(name: str, *args: object) -> str:
    return reverse(f"perencanaan:{name}", args=args)


def _detail(skp: Skp, anchor: str) -> str:
    return f"{reverse('perencanaan:skp_detail', args=[skp.pk])}#{anchor}"


def _aspek(skp: Skp, urutan: int = 1) -> PerilakuSkp:
    return PerilakuSkp.objects.select_related("aspek").get(skp=skp, aspek__urutan=urutan)


def _set_status(skp: Skp, status: str) -> None:
    Skp.objects.filter(pk=skp.pk).update(status=status)


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _jpt_skp(plan: Plan) -> Skp:
    return skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kualitatif",
        by=plan.jpt.user,
    )


@pytest.fixture
def objects(plan: Plan) -> dict[str, object]:
    """One object of every kind on the staf's SKP (and a workblock on the JPT's), for access tests."""
    rhk = RhkFactory(skp=plan.skp_staf)
    jpt_skp = _jpt_skp(plan)
    workblock = Workblock.objects.create(
        skp=jpt_skp, judul="Inisiatif", pemilik_strategi="Kepala", waktu_penyelesaian="Des", tujuan="T"
    )
    return {
        "skp": plan.skp_staf,
        "perilaku": _aspek(plan.skp_staf),
        "rhk": rhk,
        "lampiran": LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Sanksi"),
        "aksi": RencanaAksi.objects.create(rhk=rhk, teks="Menyusun jadwal"),
        "jpt_skp": jpt_skp,
        "workblock": workblock,
        "butir": WorkblockItem.objects.create(workblock=workblock, jenis="strategi", sifat="rutin", teks="Rapat"),
    }


# (url name, object key, POST data)
OWNER_ACTIONS = [
    ("perilaku_penilai", "perilaku", {"jenis_penilai": "atasan"}),
    ("lampiran_add", "skp", {"jenis": "konsekuensi", "teks": "Teguran"}),
    ("lampiran_update", "lampiran", {"teks": "Diubah"}),
    ("lampiran_delete", "lampiran", {}),
    ("rencana_aksi_add", "rhk", {"teks": "Aksi"}),
    ("rencana_aksi_update", "aksi", {"teks": "Diubah"}),
    ("rencana_aksi_delete", "aksi", {}),
]
JPT_ACTIONS = [
    ("workblock_add", "jpt_skp", {"judul": "B", "pemilik_strategi": "K", "waktu_penyelesaian": "D", "tujuan": "T"}),
    ("workblock_update", "workblock", {"judul": "Diubah"}),
    ("workblock_delete", "workblock", {}),
    ("workblock_item_add", "workblock", {"jenis": "strategi", "sifat": "rutin", "teks": "X"}),
    ("workblock_item_update", "butir", {"teks": "Diubah"}),
    ("workblock_item_delete", "butir", {}),
]
GET_FORMS = {"perilaku_penilai", "perilaku_ekspektasi"} | {
    name for name, _, _ in OWNER_ACTIONS + JPT_ACTIONS if not name.endswith("_delete")
}


def _with_versi(name: str, obj: object, data: dict[str, str]) -> dict[str, str]:
    """An edit sends the version it was opened on: the refusal must come from access, not from that."""
    return {**data, "versi": str(versi_of(obj))} if name.endswith("_update") else data


def _snapshot() -> tuple[object, ...]:
    return (
        list(PerilakuSkp.objects.order_by("pk").values_list("jenis_penilai", "penilai_id", "ekspektasi_khusus")),
        list(LampiranSkp.objects.order_by("pk").values_list("teks", flat=True)),
        list(RencanaAksi.objects.order_by("pk").values_list("teks", flat=True)),
        list(Workblock.objects.order_by("pk").values_list("judul", flat=True)),
        list(WorkblockItem.objects.order_by("pk").values_list("teks", flat=True)),
    )


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["stranger", "outsider", "staf2", "kabid", "operator"])
@pytest.mark.parametrize(("name", "key", "data"), OWNER_ACTIONS)
def test_only_the_owner_changes_the_plan_sections(
    plan: Plan, objects: dict[str, object], who: str, name: str, key: str, data: dict[str, str]
) -> None:
    """Another instansi, an unrelated colleague, a rekan, the pejabat penilai and the operator: 404."""
    client = client_of(getattr(plan, who))
    url = _url(name, objects[key].pk)  # type: ignore[attr-defined]
    data = _with_versi(name, objects[key], data)
    before = _snapshot()
    for extra in ({}, HX):
        assert client.post(url, data, **extra).status_code == 404
        if name in GET_FORMS:
            assert client.get(url, **extra).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["stranger", "kabid", "staf", "operator"])
@pytest.mark.parametrize(("name", "key", "data"), JPT_ACTIONS)
def test_only_the_jpt_changes_their_workblock(
    plan: Plan, objects: dict[str, object], who: str, name: str, key: str, data: dict[str, str]
) -> None:
    client = client_of(getattr(plan, who))
    url = _url(name, objects[key].pk)  # type: ignore[attr-defined]
    data = _with_versi(name, objects[key], data)
    before = _snapshot()
    assert client.post(url, data, **HX).status_code == 404
    if name in GET_FORMS:
        assert client.get(url).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["staf", "stranger", "outsider", "staf2", "operator", "jpt"])
def test_only_the_pejabat_penilai_writes_the_ekspektasi(plan: Plan, who: str) -> None:
    """The pegawai themself, the atasan of the pejabat penilai and the operator read it, never write it."""
    perilaku = _aspek(plan.skp_staf)
    url = _url("perilaku_ekspektasi", perilaku.pk)
    client = client_of(getattr(plan, who))
    assert client.get(url, **HX).status_code == 404
    assert client.post(url, {"teks": "Saya mau baik"}).status_code == 404
    assert client.post(url, {"teks": "Saya mau baik"}, **HX).status_code == 404
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == ""


def test_a_rekan_who_rates_an_aspect_still_sees_nothing_of_the_skp(plan: Plan, objects: dict[str, object]) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    perilaku_set_penilai(perilaku=_aspek(plan.skp_staf), jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user)
    client = client_of(plan.staf2)
    for bagian in ("perilaku", "lampiran", "rencana-aksi"):
        assert client.get(_url("skp_bagian", plan.skp_staf.pk, bagian), **HX).status_code == 404
    assert client.get(_url("perilaku_penilai", _aspek(plan.skp_staf).pk), **HX).status_code == 404
    assert client.get(_url("perilaku_ekspektasi", _aspek(plan.skp_staf).pk), **HX).status_code == 404
    assert client.post(_url("lampiran_add", plan.skp_staf.pk), {"jenis": "konsekuensi", "teks": "X"}).status_code == 404


@pytest.mark.parametrize("who", ["stranger", "outsider", "staf2", "other_operator"])
def test_unrelated_users_cannot_read_the_sections(plan: Plan, objects: dict[str, object], who: str) -> None:
    if who == "other_operator":
        other = PegawaiFactory()
        OperatorRoleFactory(user=other.user, instansi=other.instansi)
        client = client_of(other)
    else:
        client = client_of(getattr(plan, who))
    for bagian in ("perilaku", "lampiran", "rencana-aksi"):
        assert client.get(_url("skp_bagian", plan.skp_staf.pk, bagian), **HX).status_code == 404
        assert client.get(_url("skp_bagian", plan.skp_staf.pk, bagian)).status_code == 404
    jpt_skp = objects["jpt_skp"].pk  # type: ignore[attr-defined]
    assert client.get(_url("skp_bagian", jpt_skp, "workblock"), **HX).status_code == 404


@pytest.mark.parametrize("who", ["staf", "kabid", "jpt", "operator"])
def test_everyone_with_a_role_reads_the_sections(plan: Plan, who: str) -> None:
    client = client_of(getattr(plan, who))
    for bagian in ("perilaku", "lampiran", "rencana-aksi"):
        response = client.get(_url("skp_bagian", plan.skp_staf.pk, bagian), **HX)
        assert response.status_code == 200
    html = client.get(_url("skp_bagian", plan.skp_staf.pk, "perilaku"), **HX).content.decode()
    assert ('data-test="set-penilai"' in html) == (who == "staf")
    assert ('data-test="isi-ekspektasi"' in html) == (who == "kabid")


def test_section_refresh_without_htmx_goes_to_the_skp_page(plan: Plan) -> None:
    response = client_of(plan.staf).get(_url("skp_bagian", plan.skp_staf.pk, "lampiran"))
    assert response.status_code == 302 and response["Location"] == _detail(plan.skp_staf, "skp-lampiran")


@pytest.mark.parametrize("bagian", ["hasil-kerja", "workblock", "perilaku%00"])
def test_unknown_sections_and_workblock_of_a_ja_jf_skp_are_404(plan: Plan, bagian: str) -> None:
    url = f"/skp/{plan.skp_staf.pk}/bagian/{bagian}/"
    assert client_of(plan.staf).get(url, **HX).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/skp/perilaku/999999/penilai/",
        f"/skp/perilaku/{2**70}/penilai/",
        "/skp/perilaku/abc/penilai/",
        f"/skp/{2**64}/lampiran/tambah/",
        "/skp/lampiran/0/ubah/",
        f"/skp/rencana-aksi/{2**63}/ubah/",
        "/skp/rhk/999999/rencana-aksi/tambah/",
        "/skp/workblock/999999/butir/tambah/",
        "/skp/workblock/butir/-1/hapus/",
        f"/skp/{2**70}/bagian/perilaku/",
    ],
)
def test_garbage_ids_are_404(plan: Plan, url: str) -> None:
    client = client_of(plan.staf)
    # 405 where the address exists for the other method only (a delete is never a GET).
    assert client.get(url, **HX).status_code in {404, 405}
    assert client.post(url, {"teks": "X"}).status_code in {404, 405}
    assert 404 in {client.get(url).status_code, client.post(url).status_code}


def test_workblock_addresses_of_a_ja_jf_skp_are_404(plan: Plan) -> None:
    client = client_of(plan.staf)
    data = {"judul": "B", "pemilik_strategi": "K", "waktu_penyelesaian": "D", "tujuan": "T", "indikator_target": "I"}
    assert client.get(_url("workblock_add", plan.skp_staf.pk), **HX).status_code == 404
    assert client.post(_url("workblock_add", plan.skp_staf.pk), data).status_code == 404
    assert not Workblock.objects.exists()


def test_anonymous_users_are_sent_to_login(plan: Plan) -> None:
    response = Client().get(_url("perilaku_penilai", _aspek(plan.skp_staf).pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Set Penilai ------------------------------------------------------------------------------


def test_set_penilai_form_lists_the_rekan_kerja_and_the_bawahan(plan: Plan) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    html = client_of(plan.staf).get(_url("perilaku_penilai", _aspek(plan.skp_staf).pk), **HX).content.decode()
    assert 'name="jenis_penilai"' in html and plan.staf2.nama_lengkap in html
    assert f"Atasan ({plan.kabid.nama_lengkap})" in html
    assert 'data-test="bawahan-kosong"' in html  # the staf has no bawahan
    assert plan.outsider.nama_lengkap not in html


def test_without_rekan_kerja_the_form_links_to_the_profil(plan: Plan) -> None:
    html = client_of(plan.staf).get(_url("perilaku_penilai", _aspek(plan.skp_staf).pk)).content.decode()
    assert 'data-test="rekan-kosong"' in html and reverse("organisasi:profil") in html
    assert "<html" in html  # without htmx: a page of its own


def test_set_a_rekan_with_htmx_returns_the_section(plan: Plan) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    perilaku = _aspek(plan.skp_staf)
    response = client_of(plan.staf).post(
        _url("perilaku_penilai", perilaku.pk), {"jenis_penilai": "rekan", "rekan": plan.staf2.pk}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="skp-perilaku"' in html and "<html" not in html
    assert f"Rekan Kerja ({plan.staf2.nama_lengkap})" in html and 'data-test="sec-pesan"' in html
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai) == (PenilaiPerilaku.REKAN, plan.staf2)


def test_set_a_bawahan_without_js_redirects_to_the_skp(plan: Plan) -> None:
    skp = skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=None,
    )
    perilaku = _aspek(skp, 7)
    response = client_of(plan.kabid).post(
        _url("perilaku_penilai", perilaku.pk), {"jenis_penilai": "bawahan", "bawahan": plan.staf.pk}
    )
    assert response.status_code == 302 and response["Location"] == _detail(skp, "skp-perilaku")
    assert any(f"Bawahan ({plan.staf.nama_lengkap})" in m for m in _messages(response))
    perilaku.refresh_from_db()
    assert perilaku.penilai == plan.staf


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"jenis_penilai": "rekan", "rekan": "OUTSIDER"}, "Pilih salah satu rekan kerja dari daftar"),
        ({"jenis_penilai": "rekan", "rekan": "abc"}, "Pilih salah satu rekan kerja dari daftar"),
        ({"jenis_penilai": "rekan", "rekan": str(2**70)}, "Pilih salah satu rekan kerja dari daftar"),
        ({"jenis_penilai": "rekan", "rekan": ""}, "Pilih rekan kerja yang akan menilai"),
        ({"jenis_penilai": "bawahan", "bawahan": "STAF2"}, "tidak memiliki bawahan aktif"),
        ({"jenis_penilai": "kepala"}, "Pilih penilai: atasan, rekan kerja atau bawahan"),
        ({}, "Pilih penilai: atasan, rekan kerja atau bawahan"),
    ],
)
def test_a_penilai_not_in_the_list_is_refused_with_a_message(plan: Plan, data: dict[str, str], fragment: str) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    data = {
        k: v.replace("OUTSIDER", str(plan.outsider.pk)).replace("STAF2", str(plan.staf2.pk)) for k, v in data.items()
    }
    perilaku = _aspek(plan.skp_staf)
    client = client_of(plan.staf)
    response = client.post(_url("perilaku_penilai", perilaku.pk), data, **HX)
    assert response.status_code == 200 and fragment in response.content.decode()
    assert response["HX-Retarget"] == f"#form-penilai-{perilaku.pk}" and response["HX-Reswap"] == "outerHTML"
    plain = client.post(_url("perilaku_penilai", perilaku.pk), data)
    assert plain.status_code == 200 and fragment in plain.content.decode() and "<html" in plain.content.decode()
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai_id) == (PenilaiPerilaku.ATASAN, None)


def test_set_penilai_on_a_submitted_skp_says_why_instead_of_failing(plan: Plan) -> None:
    _set_status(plan.skp_staf, StatusSkp.DIAJUKAN)
    perilaku = _aspek(plan.skp_staf)
    client = client_of(plan.staf)
    response = client.post(_url("perilaku_penilai", perilaku.pk), {"jenis_penilai": "atasan"}, **HX)
    assert response.status_code == 200 and "tidak dapat diubah" in response.content.decode()
    assert 'data-test="set-penilai"' not in response.content.decode()
    # A stale “Set Penilai” button loads the section (with the reason) in place of the slot.
    stale = client.get(_url("perilaku_penilai", perilaku.pk), **HX)
    assert stale.status_code == 200 and "tidak dapat diubah" in stale.content.decode()
    assert stale["HX-Retarget"] == "#skp-perilaku" and stale["HX-Reswap"] == "outerHTML"
    plain = client.get(_url("perilaku_penilai", perilaku.pk))
    assert plain.status_code == 302 and any("tidak dapat diubah" in m for m in _messages(plain))


# --- Ekspektasi khusus pimpinan -------------------------------------------------------------


def test_the_penilai_writes_the_ekspektasi_with_htmx(plan: Plan) -> None:
    perilaku = _aspek(plan.skp_staf)
    client = client_of(plan.kabid)
    form = client.get(_url("perilaku_ekspektasi", perilaku.pk), **HX).content.decode()
    assert "Memahami dan memenuhi kebutuhan masyarakat" in form  # the aspect's guides
    response = client.post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "Ekspektasi pimpinan ke Alex"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "Ekspektasi pimpinan ke Alex" in html
    assert 'data-test="isi-ekspektasi"' in html and 'data-test="set-penilai"' not in html
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == "Ekspektasi pimpinan ke Alex"


def test_ekspektasi_without_js_returns_to_the_page_in_next(plan: Plan) -> None:
    perilaku = _aspek(plan.skp_staf)
    client = client_of(plan.kabid)
    bawahan_url = reverse("perencanaan:bawahan_detail", args=[plan.skp_staf.pk])
    response = client.post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "Jujur", "next": bawahan_url})
    assert response.status_code == 302 and response["Location"] == f"{bawahan_url}#skp-perilaku"
    response = client.post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "Adil", "next": "https://jahat.example/"})
    assert response["Location"] == _detail(plan.skp_staf, "skp-perilaku")
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == "Adil"


def test_the_section_keeps_next_for_the_skp_bawahan_page(plan: Plan) -> None:
    perilaku = _aspek(plan.skp_staf)
    bawahan_url = reverse("perencanaan:bawahan_detail", args=[plan.skp_staf.pk])
    response = client_of(plan.kabid).post(
        _url("perilaku_ekspektasi", perilaku.pk), {"teks": "Jujur", "next": bawahan_url}, **HX
    )
    assert f"?next={bawahan_url}" in response.content.decode()


def test_an_overlong_ekspektasi_shows_the_error(plan: Plan) -> None:
    perilaku = _aspek(plan.skp_staf)
    response = client_of(plan.kabid).post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "x" * 2001}, **HX)
    assert response.status_code == 200 and "2000" in response.content.decode()
    assert response["HX-Retarget"] == f"#form-ekspektasi-{perilaku.pk}"


def test_ekspektasi_after_the_skp_is_set_gives_a_message(plan: Plan) -> None:
    _set_status(plan.skp_staf, StatusSkp.DITETAPKAN)
    perilaku = _aspek(plan.skp_staf)
    client = client_of(plan.kabid)
    response = client.post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "Terlambat"}, **HX)
    html = response.content.decode()
    assert (
        response.status_code == 200 and "tidak dapat diubah lagi" in html and 'data-test="isi-ekspektasi"' not in html
    )
    plain = client.post(_url("perilaku_ekspektasi", perilaku.pk), {"teks": "Terlambat"})
    assert plain.status_code == 302 and any("tidak dapat diubah lagi" in m for m in _messages(plain))
    perilaku.refresh_from_db()
    assert perilaku.ekspektasi_khusus == ""


# --- Lampiran SKP -----------------------------------------------------------------------------


def test_lampiran_add_edit_delete_with_htmx(plan: Plan) -> None:
    client = client_of(plan.staf)
    form = client.get(_url("lampiran_add", plan.skp_staf.pk) + "?jenis=skema_pertanggungjawaban", **HX)
    assert 'value="skema_pertanggungjawaban" selected' in form.content.decode()
    response = client.post(
        _url("lampiran_add", plan.skp_staf.pk),
        {"jenis": "skema_pertanggungjawaban", "teks": "Hasil kerja dilaporkan setiap bulan"},
        **HX,
    )
    assert response.status_code == 200 and "Hasil kerja dilaporkan setiap bulan" in response.content.decode()
    line = LampiranSkp.objects.get()
    data = {"teks": "Dilaporkan setiap minggu", "versi": versi_of(line)}
    response = client.post(_url("lampiran_update", line.pk), data, **HX)
    assert "Dilaporkan setiap minggu" in response.content.decode()
    response = client.post(_url("lampiran_delete", line.pk), **HX)
    assert response.status_code == 200 and "Baris lampiran dihapus." in response.content.decode()
    assert not LampiranSkp.objects.exists()


def test_lampiran_without_js(plan: Plan) -> None:
    client = client_of(plan.staf)
    page = client.get(_url("lampiran_add", plan.skp_staf.pk))
    assert page.status_code == 200 and "<html" in page.content.decode() and "hx-post" not in page.content.decode()
    response = client.post(_url("lampiran_add", plan.skp_staf.pk), {"jenis": "konsekuensi", "teks": "Teguran"})
    assert response.status_code == 302 and response["Location"] == _detail(plan.skp_staf, "skp-lampiran")
    line = LampiranSkp.objects.get()
    assert client.post(_url("lampiran_delete", line.pk))["Location"] == _detail(plan.skp_staf, "skp-lampiran")
    assert client.get(_url("lampiran_delete", line.pk)).status_code == 405


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"jenis": "konsekuensi", "teks": "   "}, "wajib diisi"),
        ({"jenis": "konsekuensi", "teks": "x" * 2001}, "2000"),
        ({"jenis": "sanksi", "teks": "Teguran"}, "Pilih bagian lampiran"),
    ],
)
def test_bad_lampiran_input_shows_the_form_again(plan: Plan, data: dict[str, str], fragment: str) -> None:
    client = client_of(plan.staf)
    response = client.post(_url("lampiran_add", plan.skp_staf.pk), data, **HX)
    assert response.status_code == 200 and fragment in response.content.decode()
    assert response["HX-Retarget"].startswith("#form-lampiran-tambah")
    plain = client.post(_url("lampiran_add", plan.skp_staf.pk), data)
    assert plain.status_code == 200 and fragment in plain.content.decode()
    assert not LampiranSkp.objects.exists()


def test_lampiran_of_a_set_skp_gives_a_message(plan: Plan) -> None:
    line = LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Teguran")
    _set_status(plan.skp_staf, StatusSkp.DITETAPKAN)
    client = client_of(plan.staf)
    for url, data in (
        (_url("lampiran_add", plan.skp_staf.pk), {"jenis": "konsekuensi", "teks": "Lagi"}),
        (_url("lampiran_update", line.pk), {"teks": "Diubah", "versi": versi_of(line)}),
        (_url("lampiran_delete", line.pk), {}),
    ):
        response = client.post(url, data, **HX)
        assert response.status_code == 200 and "tidak dapat diubah" in response.content.decode()
        plain = client.post(url, data)
        assert plain.status_code == 302 and any("tidak dapat diubah" in m for m in _messages(plain))
    assert list(LampiranSkp.objects.values_list("teks", flat=True)) == ["Teguran"]


# --- Rencana Aksi -----------------------------------------------------------------------------


def test_rencana_aksi_add_edit_delete(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf, teks="Terlaksananya pendampingan tool kinerja")
    client = client_of(plan.staf)
    form = client.get(_url("rencana_aksi_add", rhk.pk), **HX).content.decode()
    assert "Terlaksananya pendampingan tool kinerja" in form
    response = client.post(
        _url("rencana_aksi_add", rhk.pk), {"teks": "Menyusun jadwal", "target_periode": "Triwulan I"}, **HX
    )
    html = response.content.decode()
    assert 'id="skp-rencana-aksi"' in html and "Menyusun jadwal" in html and "Triwulan I" in html
    aksi = RencanaAksi.objects.get()
    response = client.post(
        _url("rencana_aksi_update", aksi.pk),
        {"teks": "Menyusun jadwal rinci", "target_periode": "", "versi": versi_of(aksi)},
    )
    assert response["Location"] == _detail(plan.skp_staf, "skp-rencana-aksi")
    aksi.refresh_from_db()
    assert (aksi.teks, aksi.target_periode) == ("Menyusun jadwal rinci", "")
    client.post(_url("rencana_aksi_delete", aksi.pk), **HX)
    assert not RencanaAksi.objects.exists()


def test_bad_rencana_aksi_input_shows_the_form_again(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    client = client_of(plan.staf)
    response = client.post(_url("rencana_aksi_add", rhk.pk), {"teks": "", "target_periode": "x" * 61}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "wajib diisi" in html and "60" in html
    assert not RencanaAksi.objects.exists()


def test_rencana_aksi_on_a_submitted_skp_gives_a_message(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    _set_status(plan.skp_staf, StatusSkp.DIAJUKAN)
    response = client_of(plan.staf).post(_url("rencana_aksi_add", rhk.pk), {"teks": "Aksi"}, **HX)
    assert response.status_code == 200 and "sedang diajukan" in response.content.decode()
    assert not RencanaAksi.objects.exists()


# --- Workblock --------------------------------------------------------------------------------


def test_workblock_journey_on_a_jpt_skp(plan: Plan) -> None:
    skp = _jpt_skp(plan)
    client = client_of(plan.jpt)
    data = {
        "judul": "Percepatan digitalisasi layanan",
        "pemilik_strategi": "Kepala Badan",
        "waktu_penyelesaian": "Desember 2026",
        "tujuan": "Layanan selesai satu hari",
        "indikator_target": "Indeks kepuasan 85",
        "anggaran": "Rp 150.000.000",
    }
    response = client.post(_url("workblock_add", skp.pk), data, **HX)
    html = response.content.decode()
    assert 'id="skp-workblock"' in html and "Percepatan digitalisasi layanan" in html and "Rp 150.000.000" in html
    wb = Workblock.objects.get()
    response = client.post(
        _url("workblock_item_add", wb.pk) + "?jenis=keluaran&sifat=transformatif",
        {"jenis": "keluaran", "sifat": "transformatif", "teks": "Aplikasi layanan daring rilis"},
        **HX,
    )
    html = response.content.decode()
    cell = html.split('data-test="workblock-keluaran-transformatif"')[1].split("</td>")[0]
    assert "Aplikasi layanan daring rilis" in cell
    item = WorkblockItem.objects.get()
    client.post(_url("workblock_item_update", item.pk), {"teks": "Aplikasi rilis Juni", "versi": versi_of(item)}, **HX)
    item.refresh_from_db()
    assert item.teks == "Aplikasi rilis Juni"
    response = client.post(_url("workblock_update", wb.pk), {**data, "judul": "", "versi": versi_of(wb)}, **HX)
    assert "wajib diisi" in response.content.decode() and response["HX-Retarget"] == f"#form-workblock-{wb.pk}"
    response = client.post(_url("workblock_delete", wb.pk))
    assert response["Location"] == _detail(skp, "skp-workblock")
    assert not Workblock.objects.exists() and not WorkblockItem.objects.exists()


# --- Rendering without the SKP page -------------------------------------------------------------


def test_section_forms_are_pages_of_their_own_without_js(plan: Plan, objects: dict[str, object]) -> None:
    client = client_of(plan.staf)
    for name, key in (
        ("perilaku_penilai", "perilaku"),
        ("lampiran_add", "skp"),
        ("lampiran_update", "lampiran"),
        ("rencana_aksi_add", "rhk"),
        ("rencana_aksi_update", "aksi"),
    ):
        response = client.get(_url(name, objects[key].pk))  # type: ignore[attr-defined]
        html = response.content.decode()
        assert response.status_code == 200 and "<html" in html and 'data-test="sec-form"' in html, name
    jpt = client_of(plan.jpt)
    for name, key in (
        ("workblock_add", "jpt_skp"),
        ("workblock_update", "workblock"),
        ("workblock_item_add", "workblock"),
        ("workblock_item_update", "butir"),
    ):
        response = jpt.get(_url(name, objects[key].pk))  # type: ignore[attr-defined]
        assert response.status_code == 200 and "<html" in response.content.decode(), name


def test_rhk_of_another_skp_cannot_receive_an_action_through_mine(plan: Plan) -> None:
    """Ids from another SKP are looked up through their own SKP: someone else's RHK is a 404."""
    other = Rhk.objects.create(skp=_jpt_skp(plan), jenis="utama", teks="RHK JPT")
    assert client_of(plan.staf).post(_url("rencana_aksi_add", other.pk), {"teks": "X"}).status_code == 404
    assert not RencanaAksi.objects.exists()


# --- No silent overwrite ----------------------------------------------------------------------


def test_a_stale_lampiran_edit_is_refused_with_the_current_text_and_the_input_kept(plan: Plan) -> None:
    line = LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Teguran lisan")
    other = LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Teguran tertulis")
    url = _url("lampiran_update", line.pk)
    versi = str(versi_of(line))
    tab_a, tab_b = client_of(plan.staf), client_of(plan.staf)
    assert f'name="versi" value="{versi}"' in tab_a.get(url, **HX).content.decode()
    assert f'name="versi" value="{versi}"' in tab_b.get(url).content.decode()
    # Another line saved meanwhile does not make this one stale.
    other_data = {"teks": "Teguran tertulis kedua", "versi": versi_of(other)}
    tab_b.post(_url("lampiran_update", other.pk), other_data, **HX)
    saved = tab_a.post(url, {"teks": "Teguran lisan oleh atasan", "versi": versi}, **HX)
    assert saved["HX-Retarget"] == "#skp-lampiran"
    for extra in (HX, {}):
        stale = tab_b.post(url, {"teks": "Teguran lisan tercatat", "versi": versi}, **extra)
        assert stale.status_code == 200
        html = stale.content.decode()
        assert "setelah Anda membuka formulir" in html
        assert "kini “Teguran lisan oleh atasan”" in html and "isian Anda" in html
        assert "Teguran lisan tercatat</textarea>" in html  # the typed text stays in the form
    line.refresh_from_db()
    other.refresh_from_db()
    assert (line.teks, other.teks) == ("Teguran lisan oleh atasan", "Teguran tertulis kedua")
    fresh = str(versi_of(line))
    assert fresh != versi and f'name="versi" value="{fresh}"' in tab_b.get(url, **HX).content.decode()
    tab_b.post(url, {"teks": "Teguran lisan tercatat", "versi": fresh}, **HX)
    line.refresh_from_db()
    assert line.teks == "Teguran lisan tercatat"


def test_a_section_edit_without_a_valid_version_is_refused(plan: Plan) -> None:
    line = LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Teguran")
    for extra in (HX, {}):
        for data in ({"teks": "Diubah"}, {"teks": "Diubah", "versi": "abc"}):
            response = client_of(plan.staf).post(_url("lampiran_update", line.pk), data, **extra)
            assert response.status_code == 200 and "penanda versi data yang sah" in response.content.decode()
    line.refresh_from_db()
    assert line.teks == "Teguran"
