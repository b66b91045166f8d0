"""Forms 1–6 with long content: 40 rows of long texts run over several pages, the table heading is
repeated on every page, no row is lost; the number of queries does not grow with the rows; the
time to render is measured."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from perencanaan.models import (
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    ManualIndikator,
    PeranHasil,
    RencanaAksi,
    Rhk,
    SasaranStrategis,
    Satuan,
    Workblock,
    WorkblockItem,
)
from tests.dokumen.conftest import pdf_pages, pdf_text, save_png
from tests.dokumen.perencanaan_world import DokumenWorld, build_dokumen_world
from tests.factories import PegawaiFactory
from tests.perencanaan.conftest import Plan, client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dok(plan: Plan) -> DokumenWorld:
    return build_dokumen_world(plan)


N = 40
PANJANG = (
    "dengan uraian yang sangat panjang tentang pelaksanaan kegiatan, koordinasi lintas perangkat daerah, "
    "pengumpulan data dukung, penyusunan laporan, serta evaluasi berkala agar hasilnya dapat dipertanggungjawabkan"
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_all_rows(pdf: bytes, markers: list[str]) -> None:
    text = _squeeze(pdf_text(pdf))
    missing = [m for m in markers if _squeeze(m) not in text]
    assert not missing, f"rows lost: {missing[:5]}"


def _assert_heading_repeated(pdf: bytes, heading: str) -> None:
    pages = pdf_pages(pdf)
    assert len(pages) >= 3, f"only {len(pages)} pages"
    for number, page in enumerate(pages[1:], start=2):
        assert _squeeze(heading) in _squeeze(page), f"heading {heading!r} missing on page {number}"


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_pk_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    satuan = Satuan.objects.get(nama="Indeks")
    for n in range(1, N + 1):
        sasaran = SasaranStrategis.objects.create(perjanjian=dok.pk, teks=f"Sasaran-{n}-{n} {PANJANG}", urutan=10 + n)
        for m in (1, 2):
            IndikatorKinerja.objects.create(
                sasaran=sasaran, teks=f"Indikator-{n}-{m} {PANJANG}", target=n, satuan=satuan
            )
    client = client_of(dok.plan.jpt)
    with django_assert_max_num_queries(12):
        pdf = _get(client, reverse("dokumen:pk_pdf", args=[dok.pk.pk]))
    _assert_heading_repeated(pdf, "SASARAN STRATEGIS")
    _assert_all_rows(pdf, [f"Sasaran-{n}-{n}" for n in range(1, N + 1)])
    _assert_all_rows(pdf, [f"Indikator-{n}-{m}" for n in range(1, N + 1) for m in (1, 2)])


def test_matriks_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    matriks = dok.matriks_kabid
    kolom = list(KolomMatriks.objects.filter(matriks=matriks))
    plan = dok.plan
    for n in range(1, N + 1):
        pegawai = PegawaiFactory(instansi=plan.unit.instansi, unit_kerja=plan.bidang, atasan=plan.kabid)
        baris = BarisMatriks.objects.create(matriks=matriks, pegawai=pegawai, jabatan_tim="anggota_tim", urutan=10 + n)
        PeranHasil.objects.create(baris=baris, kolom=kolom[n % 2], teks=f"Peran-{n}-a {PANJANG}\nPeran-{n}-b")
    client = client_of(plan.kabid)
    with django_assert_max_num_queries(14):
        pdf = _get(client, reverse("dokumen:matriks_pdf", args=[matriks.pk]))
    save_png(pdf, "matriks_peran_hasil_panjang")
    _assert_heading_repeated(pdf, "NAMA DAN JABATAN PEGAWAI")
    _assert_all_rows(pdf, [f"Peran-{n}-{x}" for n in range(1, N + 1) for x in "ab"])


def test_workblock_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    wb = Workblock.objects.filter(skp=dok.skp_jpt).order_by("pk").first()
    assert wb is not None
    for n in range(1, N + 1):
        WorkblockItem.objects.create(
            workblock=wb, jenis=("strategi", "keluaran")[n % 2], sifat="rutin", teks=f"Butir-{n}-{n} {PANJANG}"
        )
    client = client_of(dok.plan.jpt)
    with django_assert_max_num_queries(12):
        pdf = _get(client, reverse("dokumen:workblock_pdf", args=[dok.skp_jpt.pk]))
    _assert_heading_repeated(pdf, "JUDUL INISIATIF STRATEGI PENCAPAIAN IKU")
    _assert_all_rows(pdf, [f"Butir-{n}-{n}" for n in range(1, N + 1)])


def test_lampiran_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    for n in range(1, N + 1):
        for jenis in LampiranSkp.Jenis.values:
            LampiranSkp.objects.create(skp=dok.skp_jpt, jenis=jenis, teks=f"Lampiran-{jenis}-{n} {PANJANG}", urutan=n)
    client = client_of(dok.plan.jpt)
    with django_assert_max_num_queries(10):
        pdf = _get(client, reverse("dokumen:lampiran_pdf", args=[dok.skp_jpt.pk]))
    assert len(pdf_pages(pdf)) >= 3
    _assert_all_rows(pdf, [f"Lampiran-{j}-{n}" for j in LampiranSkp.Jenis.values for n in range(1, N + 1)])


def _many_rhk(dok: DokumenWorld) -> None:
    satuan = Satuan.objects.get(nama="Indeks")
    for n in range(1, N + 1):
        rhk = Rhk.objects.create(skp=dok.skp_jpt, jenis="utama", teks=f"RHK-{n}-{n} {PANJANG}", urutan=10 + n)
        for m in (1, 2):
            RencanaAksi.objects.create(rhk=rhk, teks=f"Aksi-{n}-{m} {PANJANG}", target_periode=f"Triwulan {m}")
        iki = Iki.objects.create(rhk=rhk, teks=f"IKI-{n}-{n}", perspektif="anggaran", target_min=n, satuan=satuan)
        ManualIndikator.objects.create(
            iki=iki,
            definisi=f"Definisi-{n}-{n} {PANJANG}",
            formula=PANJANG,
            tujuan=PANJANG,
            satuan_pengukuran="Indeks",
            jenis_kendali="outcome",
            penanggung_jawab="Kepala Bidang",
            penyedia_data="Operator",
            sumber_data="Aplikasi",
            periode_pelaporan="tahunan",
        )


def test_rencana_aksi_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    _many_rhk(dok)
    client = client_of(dok.plan.jpt)
    with django_assert_max_num_queries(12):
        pdf = _get(client, reverse("dokumen:rencana_aksi_pdf", args=[dok.skp_jpt.pk]))
    save_png(pdf, "rencana_aksi_panjang")
    _assert_heading_repeated(pdf, "RENCANA HASIL KERJA")
    _assert_all_rows(pdf, [f"RHK-{n}-{n}" for n in range(1, N + 1)])
    _assert_all_rows(pdf, [f"Aksi-{n}-{m}" for n in range(1, N + 1) for m in (1, 2)])


def test_manual_indikator_long(dok: DokumenWorld, django_assert_max_num_queries: Any) -> None:
    _many_rhk(dok)
    client = client_of(dok.plan.jpt)
    with django_assert_max_num_queries(12):
        pdf = _get(client, reverse("dokumen:manual_indikator_pdf", args=[dok.skp_jpt.pk]))
    assert len(pdf_pages(pdf)) >= 10
    _assert_all_rows(pdf, [f"Definisi-{n}-{n}" for n in range(1, N + 1)])
    _assert_all_rows(pdf, [f"IKI-{n}-{n}" for n in range(1, N + 1)])


@pytest.mark.parametrize(
    "name",
    ["dokumen:lampiran_pdf", "dokumen:rencana_aksi_pdf", "dokumen:workblock_pdf", "dokumen:manual_indikator_pdf"],
)
def test_skp_form_renders_within_a_second(dok: DokumenWorld, name: str) -> None:
    """≤ 1 s on the development machine; the bound here leaves room for a slow CI runner."""
    client = client_of(dok.plan.jpt)
    url = reverse(name, args=[dok.skp_jpt.pk])
    client.get(url)  # fonts and templates loaded once
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    print(f"{name}: {elapsed:.3f} s")
    assert elapsed < 3
