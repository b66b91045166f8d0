"""The operator's import pages: upload → validate → report → apply, htmx status, access, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from organisasi.access import SESSION_INSTANSI_KEY
from organisasi.importer.progress import progress_key
from organisasi.importer.samples import sample_csv
from organisasi.models import ImportJob, OperatorRole, Pegawai
from tests.conftest import World
from tests.factories import UnitKerjaFactory, UserFactory

from .test_import_support import import_setup, nip, pegawai_csv, pegawai_row, validate, xlsx_bytes

pytestmark = pytest.mark.django_db

LIST_URL = reverse("organisasi:impor_list")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Job ids repeat between tests (rolled back), progress entries in the cache would not."""
    cache.clear()


def upload(client: Client, data: bytes, *, jenis: str = "pegawai", name: str = "pegawai.csv", **extra):
    return client.post(LIST_URL, {"jenis": jenis, "berkas": SimpleUploadedFile(name, data)}, **extra)


def test_operator_uploads_sees_report_and_applies(
    as_operator: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1), NAMA="Ani Lestari"), pegawai_row(nip(2), NIP_ATASAN=nip(1))]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(as_operator, pegawai_csv(rows, delimiter=";"))
    assert len(callbacks) == 1
    job = ImportJob.objects.get(instansi=world.instansi)
    assertRedirects(response, reverse("organisasi:impor_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.TERVALIDASI
    assert job.diunggah_oleh == world.operator
    assert job.nama_berkas == "pegawai.csv"

    page = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]))
    assert page.status_code == 200
    assertContains(page, "Hasil uji coba")
    assertContains(page, 'data-test="jumlah-dibuat">2<', html=False)
    assertContains(page, "Ani Lestari")
    assertContains(page, reverse("organisasi:impor_apply", args=[job.pk]))
    assertNotContains(page, 'hx-trigger="every 1s"')
    assert not Pegawai.objects.filter(nip=nip(1)).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_operator.post(reverse("organisasi:impor_apply", args=[job.pk]))
    assertRedirects(response, reverse("organisasi:impor_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DITERAPKAN
    assert job.diterapkan_oleh == world.operator
    assert Pegawai.objects.get(nip=nip(2)).atasan == Pegawai.objects.get(nip=nip(1))
    page = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]))
    assertContains(page, "Diterapkan: 2 dibuat, 0 diubah, 0 tidak berubah.")
    assertNotContains(page, 'data-test="impor-terapkan"')

    listing = as_operator.get(LIST_URL)
    assertContains(listing, "pegawai.csv")
    assertContains(listing, "Selesai diterapkan")


def test_rejected_file_shows_every_bad_row(
    as_operator: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1)), pegawai_row("123"), pegawai_row(nip(3), GOL_RUANG="IX")]
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_operator, pegawai_csv(rows))
    job = ImportJob.objects.get(instansi=world.instansi)
    assert job.status == ImportJob.Status.DITOLAK
    page = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]))
    assertContains(page, 'data-test="galat-item" data-baris="3"', html=False)
    assertContains(page, 'data-test="galat-item" data-baris="4"', html=False)
    assertContains(page, "NIP harus terdiri atas 18 angka (tertulis 3 karakter).")
    assertContains(page, "adalah golongan PPPK, tidak sesuai dengan status PNS")
    assertContains(page, "2 baris salah.")
    assertNotContains(page, 'data-test="impor-terapkan"')
    csv_response = as_operator.get(reverse("organisasi:impor_galat", args=[job.pk]))
    assert csv_response["Content-Type"].startswith("text/csv")
    body = csv_response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Baris;NIP/Kode;Alasan"
    assert body.splitlines()[1].startswith("3;123;NIP harus terdiri")
    # Applying a rejected job is refused with a message, not an error page.
    response = as_operator.post(reverse("organisasi:impor_apply", args=[job.pk]), follow=True)
    assert response.status_code == 200
    assertContains(response, "masih ada baris yang salah")


def test_xlsx_upload(as_operator: Client, world: World, django_capture_on_commit_callbacks) -> None:
    data = xlsx_bytes(("Kode Unor", "Nama Unor", "Kode Unor Induk"), [("X1", "Bidang X", ""), ("X2", "Seksi", "X1")])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(as_operator, data, jenis="unit_kerja", name="unit.xlsx")
    job = ImportJob.objects.get(instansi=world.instansi)
    assertRedirects(response, reverse("organisasi:impor_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.TERVALIDASI
    assert job.laporan["jumlah"]["dibuat"] == 2


def test_status_partial_polls_while_running_and_stops_when_done(as_operator: Client, world: World) -> None:
    job = ImportJob.objects.create(
        instansi=world.instansi, jenis="pegawai", nama_berkas="x.csv", file="imports/x.csv", status="memvalidasi"
    )
    cache.set(progress_key(job.pk), {"tahap": "memeriksa", "selesai": 1500, "total": 5000})
    url = reverse("organisasi:impor_status", args=[job.pk])
    partial = as_operator.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="impor-status"')
    assert 'hx-trigger="every 1s"' in html
    assert f'hx-get="{url}"' in html
    assert "Memeriksa baris: 1500 dari 5000" in html
    assert 'style="width: 30%"' in html
    full = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]))
    assertContains(full, "<html")
    assertContains(full, 'hx-trigger="every 1s"')

    ImportJob.objects.filter(pk=job.pk).update(status="tervalidasi", laporan={"jumlah": {"dibuat": 1}})
    done = as_operator.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert "Terapkan" in done


def test_waiting_job_shows_indeterminate_progress(as_operator: Client, world: World) -> None:
    job = ImportJob.objects.create(instansi=world.instansi, jenis="pegawai", nama_berkas="x.csv", file="imports/x.csv")
    page = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]))
    assertContains(page, "Menunggu giliran diproses")
    assertContains(page, 'data-test="impor-progress"', html=False)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\n1 0 obj", "pegawai.csv", "Berkas ini bukan CSV atau XLSX."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "pegawai.xls", "tidak didukung"),
        (b"NIP_BARU,NAMA\r\n1,Ani\r\n", "pegawai.csv", "Kolom wajib tidak ditemukan: STATUS_PEGAWAI, GOL_RUANG"),
        (b"NIP_BARU,NAMA,STATUS_PEGAWAI,GOL_RUANG,KODE_JABATAN,KODE_UNOR\r\n", "p.csv", "tidak berisi baris data"),
    ],
)
def test_bad_files_show_an_indonesian_message(
    as_operator: Client, world: World, data: bytes, name: str, message: str
) -> None:
    response = upload(as_operator, data, name=name)
    assert response.status_code == 200
    assertContains(response, message)
    assert not ImportJob.objects.exists()


def test_too_large_file(as_operator: Client, world: World, settings) -> None:
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(as_operator, pegawai_csv([pegawai_row(nip(i)) for i in range(1, 40)]))
    assert response.status_code == 200
    assertContains(response, "Berkas terlalu besar")
    assert not ImportJob.objects.exists()


def test_missing_fields_and_unknown_jenis(as_operator: Client, world: World) -> None:
    response = as_operator.post(LIST_URL, {})
    assert response.status_code == 200
    assertContains(response, "Pilih jenis data yang diimpor.")
    assertContains(response, "Pilih berkas yang akan diimpor.")
    response = upload(as_operator, b"KODE_UNOR,NAMA_UNOR\r\nA,B\r\n", jenis="gaji")
    assert response.status_code == 200
    assertContains(response, "Jenis data tidak dikenal")
    response = upload(as_operator, b"", name="kosong.csv")
    assert response.status_code == 200
    assertContains(response, "Berkas kosong.")


def test_sample_download_matches_the_documented_files(as_operator: Client, world: World) -> None:
    docs = Path(settings.BASE_DIR) / "docs" / "contoh-impor"
    for jenis in ("unit_kerja", "jabatan", "pegawai"):
        response = as_operator.get(reverse("organisasi:impor_contoh", args=[jenis]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{jenis}.csv"'
        assert response.content == sample_csv(jenis) == (docs / f"{jenis}.csv").read_bytes()
    assert as_operator.get(reverse("organisasi:impor_contoh", args=["gaji"])).status_code == 404


def job_urls(job: ImportJob) -> list[tuple[str, str]]:
    return [
        ("get", reverse("organisasi:impor_detail", args=[job.pk])),
        ("get", reverse("organisasi:impor_status", args=[job.pk])),
        ("get", reverse("organisasi:impor_galat", args=[job.pk])),
        ("post", reverse("organisasi:impor_apply", args=[job.pk])),
    ]


@pytest.fixture
def world_job(world: World) -> ImportJob:
    import_setup(world.instansi)
    return validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1))]))


def test_plain_pegawai_gets_404_everywhere(as_pegawai: Client, world_job: ImportJob) -> None:
    urls = [("get", LIST_URL), ("post", LIST_URL), ("get", reverse("organisasi:impor_contoh", args=["pegawai"]))]
    for method, url in [*urls, *job_urls(world_job)]:
        assert getattr(as_pegawai, method)(url).status_code == 404, url


def test_unrelated_pegawai_of_other_instansi_gets_404(as_other_pegawai: Client, world_job: ImportJob) -> None:
    for method, url in [("get", LIST_URL), *job_urls(world_job)]:
        assert getattr(as_other_pegawai, method)(url).status_code == 404, url


def test_operator_of_other_instansi_gets_404_on_our_jobs(client: Client, world: World, world_job: ImportJob) -> None:
    client.force_login(world.other_operator)
    for method, url in job_urls(world_job):
        assert getattr(client, method)(url).status_code == 404, url
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assertNotContains(listing, reverse("organisasi:impor_detail", args=[world_job.pk]))
    world_job.refresh_from_db()
    assert world_job.status == ImportJob.Status.TERVALIDASI  # the refused POST changed nothing


def test_unit_scoped_operator_gets_404(client: Client, world: World, world_job: ImportJob) -> None:
    user = UserFactory()
    OperatorRole.objects.create(user=user, instansi=world.instansi, unit_kerja=world.unit)
    client.force_login(user)
    for method, url in [
        ("get", LIST_URL),
        ("get", reverse("organisasi:impor_contoh", args=["pegawai"])),
        *job_urls(world_job),
    ]:
        assert getattr(client, method)(url).status_code == 404, url


def test_admin_imports_for_the_chosen_instansi(client: Client, world: World, world_job: ImportJob) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    session = client.session
    session[SESSION_INSTANSI_KEY] = world.instansi.pk
    session.save()
    assert client.get(reverse("organisasi:impor_detail", args=[world_job.pk])).status_code == 200
    assert client.get(LIST_URL).status_code == 200


def test_anonymous_is_sent_to_login(client: Client, world_job: ImportJob) -> None:
    response = client.get(reverse("organisasi:impor_detail", args=[world_job.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_apply_is_post_only(as_operator: Client, world_job: ImportJob) -> None:
    assert as_operator.get(reverse("organisasi:impor_apply", args=[world_job.pk])).status_code == 405


def test_list_query_count_holds_with_many_jobs(
    as_operator: Client, world: World, django_assert_max_num_queries
) -> None:
    big_report = {"galat": [{"baris": i, "kunci": "x", "pesan": ["salah"]} for i in range(2, 3000)]}
    ImportJob.objects.bulk_create(
        [
            ImportJob(
                instansi=world.instansi,
                jenis="pegawai",
                nama_berkas=f"b{i}.csv",
                file=f"imports/b{i}.csv",
                status="ditolak",
                diunggah_oleh=world.operator,
                laporan=big_report,
            )
            for i in range(40)
        ]
    )
    UnitKerjaFactory.create_batch(3, instansi=world.instansi)
    with django_assert_max_num_queries(12):
        response = as_operator.get(LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count('data-test="impor-item"') == 20


def test_detail_paginates_a_long_error_list(as_operator: Client, world: World, django_assert_max_num_queries) -> None:
    errors = [{"baris": i, "kunci": f"K{i}", "pesan": ["salah"]} for i in range(2, 3002)]
    job = ImportJob.objects.create(
        instansi=world.instansi,
        jenis="pegawai",
        nama_berkas="b.csv",
        file="imports/b.csv",
        status="ditolak",
        laporan={"jumlah": {"dibuat": 0, "diubah": 0, "tetap": 0, "baris_salah": 3000}, "galat": errors},
    )
    with django_assert_max_num_queries(10):
        response = as_operator.get(reverse("organisasi:impor_detail", args=[job.pk]) + "?page=2")
    html = response.content.decode()
    assert html.count('data-test="galat-item"') == 100
    assert 'data-baris="102"' in html and 'data-baris="101"' not in html
