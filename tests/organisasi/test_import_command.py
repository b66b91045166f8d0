"""`manage.py import_organisasi`: dry run report, --apply, non-zero exit on errors."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from organisasi.models import ImportJob, Jabatan, Pegawai, UnitKerja
from tests.conftest import World
from tests.factories import InstansiFactory

from .test_import_support import import_setup, nip, pegawai_csv, pegawai_row

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "docs" / "contoh-impor"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_organisasi", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_counts_and_changes_nothing(world: World, tmp_path: Path) -> None:
    import_setup(world.instansi)
    path = tmp_path / "pegawai.csv"
    path.write_bytes(pegawai_csv([pegawai_row(nip(1)), pegawai_row(nip(2))]))
    out, err = run("--instansi", world.instansi.kode, "--jenis", "pegawai", str(path))
    assert "pegawai.csv (Pegawai): 2 baris data." in out
    assert "Akan dibuat: 2, akan diubah: 0, tidak berubah: 0, baris salah: 0." in out
    assert "Uji coba saja" in out
    assert err == ""
    assert not Pegawai.objects.filter(nip__in=[nip(1), nip(2)]).exists()
    assert ImportJob.objects.get().status == ImportJob.Status.TERVALIDASI


def test_errors_are_printed_with_row_numbers_and_exit_non_zero(world: World, tmp_path: Path) -> None:
    import_setup(world.instansi)
    path = tmp_path / "pegawai.csv"
    path.write_bytes(pegawai_csv([pegawai_row(nip(1)), pegawai_row("123"), pegawai_row(nip(3), KODE_UNOR="ZZ")]))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 baris salah"):
        call_command(
            "import_organisasi",
            "--instansi",
            world.instansi.kode,
            "--jenis",
            "pegawai",
            str(path),
            "--apply",
            stdout=out,
            stderr=err,
        )
    assert "Baris 3 (123): NIP harus terdiri atas 18 angka (tertulis 3 karakter)." in err.getvalue()
    assert f"Baris 4 ({nip(3)}): KODE_UNOR ZZ tidak ditemukan" in err.getvalue()
    assert not Pegawai.objects.filter(nip=nip(1)).exists()


def test_apply_and_second_run_changes_nothing(world: World, tmp_path: Path) -> None:
    import_setup(world.instansi)
    path = tmp_path / "pegawai.csv"
    path.write_bytes(pegawai_csv([pegawai_row(nip(1)), pegawai_row(nip(2), NIP_ATASAN=nip(1))]))
    out, _err = run("--instansi", world.instansi.kode, "--jenis", "pegawai", str(path), "--apply")
    assert "Diterapkan: 2 dibuat, 0 diubah, 0 tidak berubah." in out
    assert "Akun baru: 2; akun yang sudah ada ditautkan: 0." in out
    assert Pegawai.objects.get(nip=nip(2)).atasan.nip == nip(1)
    out, _err = run("--instansi", world.instansi.kode, "--jenis", "pegawai", str(path), "--apply", "-v", "2")
    assert "Akan dibuat: 0, akan diubah: 0, tidak berubah: 2, baris salah: 0." in out
    assert "Diterapkan: 0 dibuat, 0 diubah, 2 tidak berubah." in out


def test_unknown_instansi_missing_file_and_bad_file(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Instansi dengan kode NOPE tidak ditemukan\."):
        run("--instansi", "NOPE", "--jenis", "pegawai", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        run("--instansi", world.instansi.kode, "--jenis", "pegawai", str(tmp_path / "tidak-ada.csv"))
    pdf = tmp_path / "x.csv"
    pdf.write_bytes(b"%PDF-1.4 xx")
    with pytest.raises(CommandError, match="bukan CSV atau XLSX"):
        run("--instansi", world.instansi.kode, "--jenis", "pegawai", str(pdf))


def test_the_documented_samples_import_in_order_and_are_idempotent() -> None:
    instansi = InstansiFactory(kode="CONTOH")
    for jenis in ("unit_kerja", "jabatan", "pegawai"):
        out, err = run("--instansi", "CONTOH", "--jenis", jenis, str(SAMPLES / f"{jenis}.csv"), "--apply")
        assert err == "", err
        assert "Diterapkan:" in out
    assert UnitKerja.objects.filter(instansi=instansi).count() == 6
    assert Jabatan.objects.filter(instansi=instansi).count() == 7
    pegawai = Pegawai.objects.filter(instansi=instansi)
    assert pegawai.count() == 8
    assert pegawai.filter(atasan__isnull=True).count() == 1
    assert pegawai.filter(status="PPPK", golongan__jenis="PPPK").count() == 1
    for jenis in ("unit_kerja", "jabatan", "pegawai"):
        out, _err = run("--instansi", "CONTOH", "--jenis", jenis, str(SAMPLES / f"{jenis}.csv"), "--apply")
        assert "Diterapkan: 0 dibuat, 0 diubah," in out


def test_unit_heads_are_set_by_a_second_unit_import(tmp_path: Path) -> None:
    instansi = InstansiFactory(kode="CONTOH")
    for jenis in ("unit_kerja", "jabatan", "pegawai"):
        run("--instansi", "CONTOH", "--jenis", jenis, str(SAMPLES / f"{jenis}.csv"), "--apply")
    heads = tmp_path / "kepala.csv"
    heads.write_text("KODE_UNOR;NAMA_UNOR;NIP_KEPALA\nBKD;Badan Kepegawaian Daerah;197203151998031004\n")
    out, _err = run("--instansi", "CONTOH", "--jenis", "unit_kerja", str(heads), "--apply")
    assert "Diterapkan: 0 dibuat, 1 diubah, 0 tidak berubah." in out
    unit = UnitKerja.objects.select_related("kepala", "induk").get(instansi=instansi, kode="BKD")
    assert unit.kepala is not None and unit.kepala.nip == "197203151998031004"
    assert unit.induk is None
    assert UnitKerja.objects.get(instansi=instansi, kode="BKD.01").induk == unit  # no KODE_UNOR_INDUK column: kept
