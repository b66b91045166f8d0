"""Applying an import: upsert, second pass links, accounts, idempotency, all-or-nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import is_password_usable

from accounts.models import User
from organisasi.models import Golongan, ImportJob, Jabatan, JenjangFungsional, Pegawai, UnitKerja
from organisasi.services.impor import ImportJobError, import_job_apply, import_job_schedule_apply, import_job_validate
from tests.conftest import World
from tests.factories import PegawaiFactory, UserFactory

from .test_import_support import (
    csv_bytes,
    errors_by_row,
    import_setup,
    nip,
    pegawai_csv,
    pegawai_row,
    validate,
    validate_and_apply,
)

pytestmark = pytest.mark.django_db


def test_pegawai_are_created_with_accounts_and_atasan(world: World) -> None:
    import_setup(world.instansi)
    rows = [
        # A subordinate before their atasan: links are made after every row exists.
        pegawai_row(nip(2), NAMA="Budi", NIP_ATASAN=nip(1), TUGAS_BELAJAR="Ya"),
        pegawai_row(nip(1), NAMA="Ani", GELAR_DEPAN="Dr.", NIP_ATASAN=world.kepala.nip),
        pegawai_row(nip(3), NAMA="Citra", STATUS_PEGAWAI="PPPK", GOL_RUANG="IX", KODE_JABATAN="J-JF", KODE_UNOR="U-2"),
    ]
    job = validate_and_apply(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.status == ImportJob.Status.DITERAPKAN
    assert job.diterapkan_pada is not None
    assert job.laporan["hasil"] == {"dibuat": 3, "diubah": 0, "tetap": 0, "akun_dibuat": 3, "akun_ditautkan": 0}
    ani = Pegawai.objects.get(nip=nip(1))
    budi = Pegawai.objects.get(nip=nip(2))
    citra = Pegawai.objects.select_related("golongan", "jabatan", "unit_kerja").get(nip=nip(3))
    assert ani.instansi == world.instansi
    assert (ani.nama, ani.gelar_depan, ani.gelar_belakang, ani.atasan) == ("Ani", "Dr.", "S.Kom.", world.kepala)
    assert budi.atasan == ani and budi.tugas_belajar
    assert (citra.status, citra.golongan.jenis, citra.golongan.kode) == ("PPPK", "PPPK", "IX")
    assert (citra.jabatan.kode, citra.unit_kerja.kode, citra.atasan) == ("J-JF", "U-2", None)
    for pegawai in (ani, budi, citra):
        user = User.objects.get(pk=pegawai.user_id)
        assert user.username == pegawai.nip
        assert user.first_name == pegawai.nama
        assert not is_password_usable(user.password)
        assert user.is_active


def test_deep_chain_listed_bottom_up_is_linked_completely(world: World) -> None:
    """Deeper than the level-by-level insert goes: the second pass links the rest."""
    from organisasi.importer.pegawai import MAX_CREATION_LEVELS

    depth = MAX_CREATION_LEVELS + 10
    rows = [pegawai_row(nip(i), NIP_ATASAN=nip(i - 1) if i > 1 else "") for i in range(depth, 0, -1)]
    import_setup(world.instansi)
    job = validate_and_apply(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.laporan["hasil"]["dibuat"] == depth
    links = dict(
        Pegawai.objects.filter(nip__in=[nip(i) for i in range(1, depth + 1)]).values_list("nip", "atasan__nip")
    )
    assert links == {nip(i): (nip(i - 1) if i > 1 else None) for i in range(1, depth + 1)}


def test_existing_account_with_that_username_is_linked(world: World) -> None:
    import_setup(world.instansi)
    user = UserFactory(username=nip(1))
    job = validate_and_apply(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1))]))
    assert job.laporan["hasil"]["akun_ditautkan"] == 1
    assert Pegawai.objects.get(nip=nip(1)).user == user
    assert User.objects.filter(username=nip(1)).count() == 1


def test_only_changed_rows_are_updated(world: World) -> None:
    import_setup(world.instansi)
    first = [pegawai_row(nip(i), NIP_ATASAN=world.kepala.nip if i > 1 else "") for i in range(1, 6)]
    validate_and_apply(world.instansi, "pegawai", pegawai_csv(first))
    before = dict(Pegawai.objects.values_list("nip", "updated_at"))
    second = list(first)
    second[2] = pegawai_row(nip(3), NAMA="Nama Baru", GOL_RUANG="III/b", NIP_ATASAN=nip(1))
    job = validate(world.instansi, "pegawai", pegawai_csv(second))
    assert job.laporan["jumlah"] == {"dibuat": 0, "diubah": 1, "tetap": 4, "baris_salah": 0}
    kolom = {k["kolom"]: (k["lama"], k["baru"]) for k in job.laporan["perubahan"][0]["kolom"]}
    assert kolom == {
        "NAMA": (f"Pegawai {nip(3)[-6:]}", "Nama Baru"),
        "GOL_RUANG": ("III/a", "III/b"),
        "NIP_ATASAN": (world.kepala.nip, nip(1)),
    }
    job = import_job_apply(job=job)
    assert job.laporan["hasil"]["diubah"] == 1
    after = dict(Pegawai.objects.values_list("nip", "updated_at"))
    changed = {n for n in after if after[n] != before[n]}
    assert changed == {nip(3)}
    p3 = Pegawai.objects.select_related("golongan", "atasan", "user").get(nip=nip(3))
    assert (p3.nama, p3.golongan.kode, p3.atasan.nip) == ("Nama Baru", "III/b", nip(1))
    assert p3.user is not None and p3.user.first_name == "Nama Baru"


def test_second_import_of_the_same_file_changes_nothing(world: World) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(i), NIP_ATASAN=nip(1) if i > 1 else world.kepala.nip) for i in range(1, 30)]
    rows.append(
        pegawai_row(world.pegawai.nip, NAMA=world.pegawai.nama, GELAR_BELAKANG="", GOL_RUANG="III/d", NIP_ATASAN=nip(1))
    )
    data = pegawai_csv(rows)
    validate_and_apply(world.instansi, "pegawai", data)
    users = User.objects.count()
    snapshot = {p.nip: (p.updated_at, p.atasan_id, p.golongan_id, p.user_id) for p in Pegawai.objects.all()}
    job = validate(world.instansi, "pegawai", data)
    assert job.laporan["jumlah"] == {"dibuat": 0, "diubah": 0, "tetap": 30, "baris_salah": 0}
    assert job.laporan["perubahan"] == []
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.DITERAPKAN
    assert job.laporan["hasil"] == {"dibuat": 0, "diubah": 0, "tetap": 30, "akun_dibuat": 0, "akun_ditautkan": 0}
    assert {p.nip: (p.updated_at, p.atasan_id, p.golongan_id, p.user_id) for p in Pegawai.objects.all()} == snapshot
    assert User.objects.count() == users


def test_absent_optional_columns_keep_current_values(world: World) -> None:
    import_setup(world.instansi)
    pegawai = world.pegawai
    headers = ("NIP_BARU", "NAMA", "STATUS_PEGAWAI", "GOL_RUANG", "KODE_JABATAN", "KODE_UNOR")
    data = csv_bytes(
        headers, [(pegawai.nip, "Nama Lain", "PNS", "III/a", pegawai.jabatan.kode, pegawai.unit_kerja.kode)]
    )
    job = validate_and_apply(world.instansi, "pegawai", data)
    assert job.laporan["hasil"]["diubah"] == 1
    pegawai.refresh_from_db()
    assert pegawai.nama == "Nama Lain"
    assert pegawai.atasan == world.atasan  # no NIP_ATASAN column: untouched


def test_empty_cell_in_present_column_clears(world: World) -> None:
    import_setup(world.instansi)
    p = world.pegawai
    row = pegawai_row(p.nip, NAMA=p.nama, GELAR_BELAKANG="", KODE_JABATAN=p.jabatan.kode, KODE_UNOR=p.unit_kerja.kode)
    validate_and_apply(world.instansi, "pegawai", pegawai_csv([row]))
    p.refresh_from_db()
    assert p.atasan is None


def test_failure_mid_apply_rolls_everything_back(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(i), NIP_ATASAN=nip(1) if i > 1 else "") for i in range(1, 20)]
    rows.append(pegawai_row(world.pegawai.nip, NAMA="Diubah", KODE_JABATAN=world.pegawai.jabatan.kode))
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    pegawai_count, user_count = Pegawai.objects.count(), User.objects.count()

    import organisasi.importer.pegawai as module

    def explode(*args: object, **kwargs: object) -> None:
        # Accounts and pegawai are already inserted when the atasan pass starts.
        assert Pegawai.objects.filter(nip=nip(5)).exists()
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(module, "bulk_update_changed", explode)
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.GAGAL
    assert "seluruh perubahan dibatalkan" in job.pesan_galat
    assert "disk penuh" in job.pesan_galat
    assert Pegawai.objects.count() == pegawai_count
    assert User.objects.count() == user_count
    assert Pegawai.objects.get(pk=world.pegawai.pk).nama == world.pegawai.nama
    job.refresh_from_db()
    assert job.status == ImportJob.Status.GAGAL and job.diterapkan_pada is None


def test_apply_revalidates_against_todays_data(world: World) -> None:
    import_setup(world.instansi)
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1)), pegawai_row(nip(2))]))
    PegawaiFactory(instansi=world.other_instansi, nip=nip(2))  # someone registered it elsewhere meanwhile
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.GAGAL
    assert "Data instansi berubah sejak validasi sehingga 1 baris kini salah" in job.pesan_galat
    assert errors_by_row(job)[3][0].startswith(f"NIP {nip(2)} sudah terdaftar di instansi lain")
    assert not Pegawai.objects.filter(nip=nip(1)).exists()


def test_job_state_machine_refuses_illegal_moves(world: World) -> None:
    import_setup(world.instansi)
    bad = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row("123")]))
    assert bad.status == ImportJob.Status.DITOLAK
    with pytest.raises(ImportJobError, match="masih ada baris yang salah"):
        import_job_apply(job=bad)
    with pytest.raises(ImportJobError, match="sudah divalidasi"):
        import_job_validate(job=bad)
    good = validate_and_apply(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1))]))
    with pytest.raises(ImportJobError, match="sudah diterapkan"):
        import_job_schedule_apply(job=good, user=None)


def test_stale_job_object_cannot_move_twice(world: World) -> None:
    import_setup(world.instansi)
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1))]))
    stale = ImportJob.objects.get(pk=job.pk)
    import_job_schedule_apply(job=job, user=None)
    with pytest.raises(ImportJobError, match="baru saja berubah"):
        import_job_schedule_apply(job=stale, user=None)


def test_only_one_apply_per_instansi_at_a_time(world: World) -> None:
    import_setup(world.instansi)
    first = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1))]))
    second = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(2))]))
    import_job_schedule_apply(job=first, user=None)
    with pytest.raises(ImportJobError, match="sedang diterapkan"):
        import_job_schedule_apply(job=second, user=None)


# --- unit kerja -------------------------------------------------------------------------------

UNIT_HEADERS = ("KODE_UNOR", "NAMA_UNOR", "KODE_UNOR_INDUK", "NIP_KEPALA")


def test_units_created_with_tree_and_head_then_idempotent(world: World) -> None:
    rows = [
        ("B.01", "Sekretariat", "B", ""),  # parent comes later in the file
        ("B", "Badan", "", world.kepala.nip),
        ("B.01.01", "Subbagian Umum", "B.01", ""),
        (world.unit.kode, world.unit.nama, "B", ""),  # an existing unit moves under the new root
    ]
    data = csv_bytes(UNIT_HEADERS, rows)
    job = validate_and_apply(world.instansi, "unit_kerja", data)
    assert job.laporan["hasil"] == {"dibuat": 3, "diubah": 1, "tetap": 0}
    units = {u.kode: u for u in UnitKerja.objects.filter(instansi=world.instansi).select_related("induk", "kepala")}
    assert units["B"].induk is None and units["B"].kepala == world.kepala
    assert units["B.01"].induk == units["B"]
    assert units["B.01.01"].induk == units["B.01"]
    assert units[world.unit.kode].induk == units["B"]
    snapshot = dict(UnitKerja.objects.values_list("kode", "updated_at"))
    again = validate_and_apply(world.instansi, "unit_kerja", data)
    assert again.laporan["hasil"] == {"dibuat": 0, "diubah": 0, "tetap": 4}
    assert dict(UnitKerja.objects.values_list("kode", "updated_at")) == snapshot


def test_units_without_optional_columns_keep_parent(world: World) -> None:
    root = UnitKerja.objects.create(instansi=world.instansi, kode="R", nama="Akar")
    UnitKerja.objects.filter(pk=world.unit.pk).update(induk=root)
    job = validate_and_apply(
        world.instansi, "unit_kerja", csv_bytes(("KODE_UNOR", "NAMA_UNOR"), [(world.unit.kode, "Baru")])
    )
    assert job.laporan["hasil"]["diubah"] == 1
    world.unit.refresh_from_db()
    assert (world.unit.nama, world.unit.induk) == ("Baru", root)


# --- jabatan ----------------------------------------------------------------------------------

JABATAN_HEADERS = ("KODE_JABATAN", "NAMA_JABATAN", "JENIS_JABATAN", "JENJANG", "URAIAN_TUGAS")


def test_jabatan_created_and_updated_then_idempotent(world: World) -> None:
    existing = world.pegawai.jabatan
    rows = [
        ("KABAN", "Kepala Badan", "JPT Pratama", "", "Memimpin badan."),
        ("PRAKOM", "Pranata Komputer Mahir", "Fungsional", "Mahir", ""),
        (existing.kode, existing.nama, "Fungsional", "Ahli Pertama", existing.uraian_tugas),
    ]
    data = csv_bytes(JABATAN_HEADERS, rows)
    job = validate_and_apply(world.instansi, "jabatan", data)
    assert job.laporan["hasil"] == {"dibuat": 2, "diubah": 1, "tetap": 0}
    kaban = Jabatan.objects.get(instansi=world.instansi, kode="KABAN")
    assert (kaban.jenis, kaban.jenjang, kaban.uraian_tugas, kaban.is_jpt_form) == (
        "jpt_pratama",
        None,
        "Memimpin badan.",
        True,
    )
    existing.refresh_from_db()
    assert existing.jenis == Jabatan.Jenis.FUNGSIONAL
    assert existing.jenjang == JenjangFungsional.objects.get(kode="ahli_pertama")
    prakom = Jabatan.objects.get(instansi=world.instansi, kode="PRAKOM")
    assert prakom.jenjang is not None and prakom.jenjang.kode == "mahir"
    again = validate_and_apply(world.instansi, "jabatan", data)
    assert again.laporan["hasil"] == {"dibuat": 0, "diubah": 0, "tetap": 3}


def test_golongan_reference_data_is_what_the_importer_expects() -> None:
    assert Golongan.objects.filter(jenis="PNS").count() == 17
    assert Golongan.objects.filter(jenis="PPPK").count() == 17


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_commit_and_real_rollback(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a test transaction: the apply's own transaction commits (deferred foreign keys are
    checked on PostgreSQL) or rolls back for real."""
    import_setup(world.instansi)
    rows = [pegawai_row(nip(i), NIP_ATASAN=nip(1) if i > 1 else world.kepala.nip) for i in range(1, 12)]
    job = validate_and_apply(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.status == ImportJob.Status.DITERAPKAN
    assert Pegawai.objects.filter(atasan__nip=nip(1)).count() == 10

    import organisasi.importer.pegawai as module

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("listrik padam")

    more = [pegawai_row(nip(i), NIP_ATASAN=nip(1)) for i in range(20, 30)]
    job = validate(world.instansi, "pegawai", pegawai_csv(more))
    monkeypatch.setattr(module, "bulk_update_changed", explode)
    job = import_job_apply(job=job)
    assert job.status == ImportJob.Status.GAGAL
    assert not Pegawai.objects.filter(nip__in=[nip(i) for i in range(20, 30)]).exists()
    assert not User.objects.filter(username__in=[nip(i) for i in range(20, 30)]).exists()
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.GAGAL
