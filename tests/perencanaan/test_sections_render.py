"""The section partials rendered with `sections_context`, as the SKP and SKP Bawahan pages include them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from perencanaan.access import PeranSkp, get_skp_for_user
from perencanaan.models import LampiranSkp, PerilakuSkp, RencanaAksi, Rhk, Skp, StatusSkp, Workblock, WorkblockItem
from perencanaan.services.sections import perilaku_set_ekspektasi, perilaku_set_penilai
from perencanaan.services.skp import skp_create
from perencanaan.views.skp_sections import sections_context
from tests.factories import RhkFactory

from .conftest import Plan

PARTIALS = ("_perilaku.html", "_lampiran.html", "_rencana_aksi.html", "_workblock.html")


def _render(skp: Skp, roles: set[PeranSkp], user: object | None = None) -> dict[str, str]:
    request = RequestFactory().get(f"/skp/{skp.pk}/")
    request.user = user  # type: ignore[assignment]
    context = sections_context(skp, roles)
    return {
        name: render_to_string(f"perencanaan/skp/{name}", context, request=request if user else None)
        for name in PARTIALS
    }


def _jpt_skp(plan: Plan) -> Skp:
    return skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.jpt.user,
    )


def test_perilaku_shows_the_seven_aspects_with_guides_ekspektasi_and_penilai(plan: Plan) -> None:
    skp = plan.skp_staf
    plan.staf.rekan_kerja.add(plan.staf2)
    perilaku = list(PerilakuSkp.objects.filter(skp=skp).order_by("aspek__urutan"))
    perilaku_set_ekspektasi(perilaku=perilaku[0], teks="Penyelesaian pekerjaan mengedepankan 5S", by=plan.kabid.user)
    perilaku_set_penilai(perilaku=perilaku[5], jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user)
    html = _render(skp, {PeranSkp.PEMILIK})["_perilaku.html"]
    names = ["BERORIENTASI PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF", "KOLABORATIF"]
    positions = [html.index(n) for n in names]
    assert positions == sorted(positions)
    assert html.count('data-test="perilaku-row"') == 7 and html.count("<li>") == 21
    assert "Memahami dan memenuhi kebutuhan masyarakat" in html
    assert html.count("Ekspektasi Khusus Pimpinan:") == 7
    assert "Penyelesaian pekerjaan mengedepankan 5S" in html
    assert html.count(f"Atasan ({plan.kabid.nama_lengkap})") == 6
    assert f"Rekan Kerja ({plan.staf2.nama_lengkap})" in html
    assert html.count('data-test="set-penilai"') == 7 and 'data-test="isi-ekspektasi"' not in html


def test_the_penilai_sees_ekspektasi_buttons_and_the_others_read_only(plan: Plan) -> None:
    skp = plan.skp_staf
    assert _render(skp, {PeranSkp.PENILAI})["_perilaku.html"].count('data-test="isi-ekspektasi"') == 7
    for roles in ({PeranSkp.ATASAN_PENILAI}, {PeranSkp.OPERATOR}, {PeranSkp.ADMIN}):
        html = "".join(_render(skp, roles).values())
        assert "hx-get" not in html and "hx-post" not in html and 'data-test="sec-terkunci"' not in html


def test_the_ekspektasi_button_goes_when_the_skp_is_set(plan: Plan) -> None:
    Skp.objects.filter(pk=plan.skp_staf.pk).update(status=StatusSkp.DITETAPKAN)
    skp = Skp.objects.get(pk=plan.skp_staf.pk)
    assert 'data-test="isi-ekspektasi"' not in _render(skp, {PeranSkp.PENILAI})["_perilaku.html"]


def test_a_locked_skp_shows_no_edit_buttons_and_says_why(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    RencanaAksi.objects.create(rhk=rhk, teks="Menyusun jadwal")
    LampiranSkp.objects.create(skp=plan.skp_staf, jenis="konsekuensi", teks="Teguran")
    Skp.objects.filter(pk=plan.skp_staf.pk).update(status=StatusSkp.DIAJUKAN)
    skp = Skp.objects.get(pk=plan.skp_staf.pk)
    for name, html in _render(skp, {PeranSkp.PEMILIK}).items():
        assert "hx-get" not in html and "hx-post" not in html, name
    html = _render(skp, {PeranSkp.PEMILIK})["_lampiran.html"]
    assert "sedang diajukan" in html and "Teguran" in html


def test_lampiran_shows_three_numbered_lists(plan: Plan) -> None:
    skp = plan.skp_staf
    LampiranSkp.objects.create(skp=skp, jenis="dukungan_sumber_daya", teks="Akses server", urutan=1)
    LampiranSkp.objects.create(skp=skp, jenis="dukungan_sumber_daya", teks="Laptop", urutan=0)
    LampiranSkp.objects.create(skp=skp, jenis="konsekuensi", teks="Apabila memenuhi ekspektasi …")
    html = _render(skp, {PeranSkp.PEMILIK})["_lampiran.html"]
    assert html.index("DUKUNGAN SUMBER DAYA") < html.index("SKEMA PERTANGGUNGJAWABAN") < html.index("KONSEKUENSI")
    assert html.index("Laptop") < html.index("Akses server")
    assert html.count('data-test="lampiran-kosong"') == 1  # skema pertanggungjawaban
    assert html.count('data-test="lampiran-tambah"') == 3
    assert "dalam rangka memenuhi ekspektasi Pimpinan".lower() in html.lower()


def test_rencana_aksi_is_grouped_per_rhk_utama_first(plan: Plan) -> None:
    skp = plan.skp_staf
    tambahan = Rhk.objects.create(skp=skp, jenis="tambahan", teks="RHK tambahan seleksi JPT")
    utama = Rhk.objects.create(skp=skp, jenis="utama", teks="RHK utama pendampingan")
    RencanaAksi.objects.create(rhk=utama, teks="Menyusun jadwal", target_periode="Triwulan I")
    RencanaAksi.objects.create(rhk=tambahan, teks="Mengirim undangan", target_periode="Maret")
    html = _render(skp, {PeranSkp.PEMILIK})["_rencana_aksi.html"]
    assert html.index("A. UTAMA") < html.index("RHK utama pendampingan") < html.index("Menyusun jadwal")
    assert html.index("B. TAMBAHAN") < html.index("RHK tambahan seleksi JPT") < html.index("Mengirim undangan")
    assert "Triwulan I" in html and html.count('data-test="aksi-tambah"') == 2


def test_rencana_aksi_without_rhk_says_so(plan: Plan) -> None:
    html = _render(plan.skp_staf, {PeranSkp.PEMILIK})["_rencana_aksi.html"]
    assert 'data-test="rencana-aksi-kosong"' in html


def test_workblock_is_a_2x2_grid_on_a_jpt_skp(plan: Plan) -> None:
    skp = _jpt_skp(plan)
    wb = Workblock.objects.create(
        skp=skp,
        judul="Percepatan digitalisasi",
        pemilik_strategi="Kepala Badan",
        waktu_penyelesaian="Desember",
        tujuan="Cepat",
        indikator_target="IKM 85",
    )
    for jenis in ("strategi", "keluaran"):
        for sifat in ("rutin", "transformatif"):
            WorkblockItem.objects.create(workblock=wb, jenis=jenis, sifat=sifat, teks=f"butir {jenis}/{sifat}")
    html = _render(skp, {PeranSkp.PEMILIK})["_workblock.html"]
    for jenis in ("strategi", "keluaran"):
        for sifat in ("rutin", "transformatif"):
            cell = html.split(f'data-test="workblock-{jenis}-{sifat}"')[1].split("</td>")[0]
            assert f"butir {jenis}/{sifat}" in cell
    assert "A. RUTIN" in html and "B. TRANSFORMATIF" in html
    assert "STRATEGI (KEGIATAN KUNCI)" in html and "KELUARAN KUNCI (MILESTONE)" in html
    assert "Judul inisiatif strategi pencapaian IKU" in html and "Percepatan digitalisasi" in html


def test_workblock_is_not_offered_on_a_ja_jf_skp(plan: Plan) -> None:
    context = sections_context(plan.skp_staf, {PeranSkp.PEMILIK})
    assert context["workblock_enabled"] is False and context["workblocks"] == []
    assert context["workblock_can_edit"] is False


def test_partials_render_inside_a_request_with_the_page_as_next(plan: Plan) -> None:
    skp, roles = get_skp_for_user(plan.kabid.user, plan.skp_staf.pk)
    html = _render(skp, roles, user=plan.kabid.user)["_perilaku.html"]
    assert f"?next=/skp/{skp.pk}/" in html


@pytest.mark.parametrize("roles", [{PeranSkp.PEMILIK}, {PeranSkp.PENILAI}])
def test_sections_context_uses_a_constant_number_of_queries(plan: Plan, roles: set[PeranSkp]) -> None:
    """30 RHK × 5 rencana aksi and 20 lampiran lines cost what one of each costs, context and rendering."""
    small = _jpt_skp(plan)
    big = plan.skp_staf
    Skp.objects.filter(pk=big.pk).update(jenis_form="jpt")
    for skp, n_rhk, n_aksi, n_lampiran, n_wb in ((small, 1, 1, 1, 1), (big, 30, 5, 20, 3)):
        for r in range(n_rhk):
            rhk = Rhk.objects.create(skp=skp, jenis="utama" if r % 3 else "tambahan", teks=f"RHK {r}", urutan=r)
            RencanaAksi.objects.bulk_create(RencanaAksi(rhk=rhk, teks=f"Aksi {a}", urutan=a) for a in range(n_aksi))
        LampiranSkp.objects.bulk_create(
            LampiranSkp(skp=skp, jenis=LampiranSkp.Jenis.values[i % 3], teks=f"Baris {i}") for i in range(n_lampiran)
        )
        for w in range(n_wb):
            wb = Workblock.objects.create(
                skp=skp, judul=f"WB {w}", pemilik_strategi="K", waktu_penyelesaian="D", tujuan="T"
            )
            WorkblockItem.objects.bulk_create(
                WorkblockItem(workblock=wb, jenis=j, sifat=s, teks=f"{j}{s}")
                for j in ("strategi", "keluaran")
                for s in ("rutin", "transformatif")
            )

    def count(pk: int) -> tuple[int, str]:
        skp, _roles = get_skp_for_user(plan.staf.user if pk == big.pk else plan.jpt.user, pk)
        with CaptureQueriesContext(connection) as queries:
            html = "".join(_render(skp, roles).values())
        return len(queries), html

    n_small, _html = count(small.pk)
    n_big, html = count(big.pk)
    assert n_big == n_small <= 8
    assert html.count('data-test="aksi-item"') == 150 and html.count('data-test="lampiran-item"') == 20
    assert html.count('data-test="workblock"') == 3
