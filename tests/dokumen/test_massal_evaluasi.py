"""Bulk print of evaluation documents: every Hasil Evaluasi and Dokumen Evaluasi of a unit and
period in one ZIP, the pegawai without a given evaluation listed in LAPORAN.txt, the request form
and its validation, and a unit of 200 pegawai with progress reported."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dokumen import services
from dokumen.models import CetakMassal
from dokumen.services import cetak_massal_create
from pelaksanaan.models import Periode
from pelaksanaan.periode import periode_ensure
from penilaian.models import Evaluasi, StatusEvaluasi
from perencanaan.models import Skp, StatusSkp
from tests.dokumen.conftest import pdf_text
from tests.dokumen.evaluasi_world import EvaluasiWorld
from tests.dokumen.test_massal_model import TINY_PDF, laporan_of, zip_of
from tests.factories import InstansiFactory, PegawaiFactory
from tests.perencanaan.conftest import client_of

pytestmark = pytest.mark.django_db


def _run(captured: Any, w: EvaluasiWorld, periode: Periode, *, unit: Any = None) -> CetakMassal:
    user = w.k.plan.operator.user
    assert user is not None
    with captured(execute=True):
        job = cetak_massal_create(
            user=user, unit=unit or w.k.plan.unit, tahun=periode.tahun, jenis="evaluasi", periode=periode
        )
    job.refresh_from_db()
    return job


def test_zip_holds_both_documents_of_every_given_evaluation(
    ew: EvaluasiWorld, django_capture_on_commit_callbacks: Any
) -> None:
    job = _run(django_capture_on_commit_callbacks, ew, ew.triwulan1)
    assert job.status == "selesai", job.pesan
    archive = zip_of(job)
    names = set(archive.namelist())
    staf, staf2, jpt = ew.k.staf.nip, ew.k.plan.staf2.nip, ew.k.jpt.nip
    for expected in (
        f"Hasil-Evaluasi_{staf}_Triwulan-I_2026_v2.pdf",  # the version in force after the keberatan
        f"Dokumen-Evaluasi_{staf}_Triwulan-I_2026_v2_atasan.pdf",
        f"Hasil-Evaluasi_{staf2}_Triwulan-I_2026.pdf",
        f"Dokumen-Evaluasi_{staf2}_Triwulan-I_2026.pdf",
        f"Hasil-Evaluasi_{jpt}_Triwulan-I_2026.pdf",
        "LAPORAN.txt",
    ):
        assert expected in names, expected
    assert f"Hasil-Evaluasi_{staf}_Triwulan-I_2026.pdf" not in names  # the replaced version is not printed
    text = pdf_text(archive.read(f"Hasil-Evaluasi_{staf}_Triwulan-I_2026_v2.pdf"))
    assert text.startswith("HASIL EVALUASI KINERJA PEGAWAI") and "SANGAT BAIK" in text
    assert services.zip_filename(job) == f"EVALUASI_{ew.k.plan.unit.kode}_2026_Triwulan-I.zip"

    laporan = laporan_of(job)
    assert "LAPORAN CETAK MASSAL DOKUMEN EVALUASI" in laporan
    assert "Periode evaluasi: Triwulan I" in laporan
    # The kabid (evaluated by the JPT) has no evaluation; the operator and the outsider neither.
    assert f"{ew.k.kabid.nip} — " in laporan and "belum ada evaluasi periode Triwulan I." in laporan
    assert f"{staf} — " not in laporan.split("Dokumen yang tidak dapat dibuat:")[-1]
    assert job.selesai_count == len([n for n in names if n != "LAPORAN.txt"])
    assert job.gagal_count == laporan.count("belum ada evaluasi") + laporan.count("masih draf")


def test_a_draft_is_reported_not_printed(ew: EvaluasiWorld, django_capture_on_commit_callbacks: Any) -> None:
    Evaluasi.objects.filter(pk=ew.evaluasi_kualitatif.pk).update(status=StatusEvaluasi.DRAFT)
    job = _run(django_capture_on_commit_callbacks, ew, ew.triwulan1, unit=ew.k.plan.bidang)
    names = zip_of(job).namelist()
    assert not any(ew.k.plan.staf2.nip in n for n in names)
    laporan = laporan_of(job)
    assert f"{ew.k.plan.staf2.nip} — " in laporan
    assert "evaluasi periode Triwulan I masih draf, belum diberikan kepada pegawai." in laporan


def test_a_document_that_fails_is_reported(
    ew: EvaluasiWorld, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(evaluasi: Evaluasi) -> bytes:
        raise RuntimeError("font hilang")

    monkeypatch.setattr(services, "hasil_evaluasi_pdf", broken)
    job = _run(django_capture_on_commit_callbacks, ew, ew.triwulan1, unit=ew.k.plan.bidang)
    assert job.status == "selesai"
    laporan = laporan_of(job)
    assert "Hasil Evaluasi Kinerja Triwulan I (versi 2) tidak dapat dibuat (RuntimeError: font hilang)." in laporan
    assert any(n.startswith("Dokumen-Evaluasi_") for n in zip_of(job).namelist())


def test_period_is_required_and_must_be_of_the_instansi(ew: EvaluasiWorld) -> None:
    user = ew.k.plan.operator.user
    assert user is not None
    with pytest.raises(ValidationError) as raised:
        cetak_massal_create(user=user, unit=ew.k.plan.unit, tahun=2026, jenis="evaluasi")
    assert raised.value.message_dict == {"periode": ["Pilih periode evaluasi untuk mencetak dokumen evaluasi."]}
    other = periode_ensure(instansi=InstansiFactory(), tahun=2026)[0]
    with pytest.raises(ValidationError) as raised:
        cetak_massal_create(user=user, unit=ew.k.plan.unit, tahun=2026, jenis="evaluasi", periode=other)
    assert raised.value.message_dict == {"periode": ["Periode evaluasi ini bukan milik instansi unit kerja tersebut."]}
    assert not CetakMassal.objects.exists()


def test_year_follows_the_period_and_skp_jobs_ignore_it(ew: EvaluasiWorld) -> None:
    user = ew.k.plan.operator.user
    assert user is not None
    job = cetak_massal_create(user=user, unit=ew.k.plan.unit, tahun=2025, jenis="evaluasi", periode=ew.triwulan1)
    assert (job.tahun, job.periode_id) == (2026, ew.triwulan1.pk)
    again = cetak_massal_create(user=user, unit=ew.k.plan.unit, tahun=2026, jenis="evaluasi", periode=ew.triwulan1)
    assert again.pk == job.pk  # a double click while it waits
    skp_job = cetak_massal_create(user=user, unit=ew.k.plan.unit, tahun=2026, jenis="skp", periode=ew.triwulan1)
    assert skp_job.pk != job.pk and skp_job.periode_id is None


# --- The request form -------------------------------------------------------------------------


def test_form_lists_the_periods_and_starts_an_evaluation_job(
    ew: EvaluasiWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(ew.k.plan.operator)
    page = client.get(reverse("dokumen:massal")).content.decode()
    assert 'name="periode"' in page and "2026 — Triwulan I" in page and "Dokumen evaluasi" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dokumen:massal"),
            {"jenis": "evaluasi", "unit": str(ew.k.plan.bidang.pk), "tahun": "2026", "periode": str(ew.triwulan1.pk)},
        )
    job = CetakMassal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dokumen:massal_status", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "selesai" and job.jenis == "evaluasi"
    page = client.get(reverse("dokumen:massal_status", args=[job.pk])).content.decode()
    assert "Dokumen evaluasi Triwulan I 2026" in page
    assert reverse("dokumen:massal_unduh", args=[job.pk]) in page


@pytest.mark.parametrize(
    ("periode", "message"),
    [
        ("", "Pilih periode evaluasi untuk mencetak dokumen evaluasi."),
        ("999999", "Pilih periode evaluasi dari daftar."),
        ("abc", "Pilih periode evaluasi dari daftar."),
    ],
)
def test_form_refuses_a_missing_or_foreign_period(ew: EvaluasiWorld, periode: str, message: str) -> None:
    client = client_of(ew.k.plan.operator)
    response = client.post(
        reverse("dokumen:massal"),
        {"jenis": "evaluasi", "unit": str(ew.k.plan.bidang.pk), "tahun": "2026", "periode": periode},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CetakMassal.objects.exists()


def test_form_offers_no_period_of_another_instansi(ew: EvaluasiWorld) -> None:
    other = periode_ensure(instansi=ew.k.plan.stranger.instansi, tahun=2026)[0]
    client = client_of(ew.k.plan.operator)
    response = client.post(
        reverse("dokumen:massal"),
        {"jenis": "evaluasi", "unit": str(ew.k.plan.bidang.pk), "tahun": "2026", "periode": str(other.pk)},
    )
    assert "Pilih periode evaluasi dari daftar." in response.content.decode()


# --- Scale ----------------------------------------------------------------------------------------


def test_two_hundred_pegawai_with_progress(
    ew: EvaluasiWorld, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 given evaluations: every document is listed, progress is written after each one, and the
    plan takes a fixed number of queries (the PDF itself is stubbed here; its speed is measured in
    test_evaluasi_pdf)."""
    bidang, kabid = ew.k.plan.bidang, ew.k.kabid
    pegawai = [PegawaiFactory(instansi=bidang.instansi, unit_kerja=bidang, atasan=kabid) for _ in range(200)]
    skps = Skp.objects.bulk_create(
        Skp(
            pegawai=p,
            jabatan=p.jabatan,
            unit_kerja=bidang,
            pejabat_penilai=kabid,
            periode_mulai=dt.date(2026, 1, 1),
            periode_selesai=dt.date(2026, 12, 31),
            pendekatan="kuantitatif",
            jenis_form="jajf",
            status=StatusSkp.DITETAPKAN,
        )
        for p in pegawai
    )
    Evaluasi.objects.bulk_create(
        Evaluasi(
            skp=s,
            periode=ew.triwulan1,
            status=StatusEvaluasi.DIBERIKAN,
            rating_hasil="sesuai",
            rating_perilaku="sesuai",
            predikat="baik",
            penilai=kabid,
        )
        for s in skps
    )
    progress: list[int] = []
    real_progress = services._progress

    def spy(job: CetakMassal, **counts: int) -> None:
        real_progress(job, **counts)
        progress.append(job.diproses)

    monkeypatch.setattr(services, "_progress", spy)
    monkeypatch.setattr(services, "_hasil_evaluasi_dokumen", lambda pk: (f"Hasil-{pk}.pdf", TINY_PDF))
    monkeypatch.setattr(services, "_dokumen_evaluasi_dokumen", lambda pk: (f"Dokumen-{pk}.pdf", TINY_PDF))
    job = _run(django_capture_on_commit_callbacks, ew, ew.triwulan1, unit=bidang)
    assert job.status == "selesai"
    assert job.selesai_count >= 400
    assert len(progress) == job.jumlah + 1  # the total first, then one step per document
    assert progress == sorted(progress)
    assert len(zip_of(job).namelist()) == job.selesai_count + 1
