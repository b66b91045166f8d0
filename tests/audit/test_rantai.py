"""The hash chain and the verify_audit command: intact, a tampered row, changed and missing files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.models import CatatanAudit, KepalaRantai
from audit.rantai import GENESIS, link, verify_chain
from pelaksanaan.models import BuktiDukung, Periode
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.bukti import bukti_remove, bukti_replace, bukti_upload
from tests.kinerja_world import Kinerja
from tests.pelaksanaan.test_bukti_services import PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


def verify() -> tuple[bool, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError:
        return False, out.getvalue() + err.getvalue()
    return True, out.getvalue() + err.getvalue()


def test_each_row_links_to_the_previous_one(kinerja: Kinerja) -> None:
    rows = list(CatatanAudit.objects.order_by("pk"))
    assert len(rows) > 10
    previous = GENESIS
    for row in rows:
        assert row.rantai == link(previous, row)
        previous = row.rantai
    head = KepalaRantai.objects.get()
    assert (head.rantai, head.catatan_id) == (rows[-1].rantai, rows[-1].pk)
    assert verify_chain() == (len(rows), None)


def test_evidence_rows_carry_the_file_digest(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    user = kinerja.staf.user
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=user)
    [created] = CatatanAudit.objects.filter(model="pelaksanaan.buktidukung", objek_pk=str(bukti.pk), aksi="create")
    assert created.bukti_sha256 == hashlib.sha256(PDF).hexdigest() and created.pegawai_id == kinerja.skp.pegawai_id
    new = bukti_replace(bukti=bukti, berkas=upload("b.png", PNG), by=user)
    # The replaced one is marked removed (recorded as an update) and the new one created with its digest.
    [removed] = CatatanAudit.objects.filter(model="pelaksanaan.buktidukung", objek_pk=str(bukti.pk), aksi="update")
    assert set(removed.changes) == {"dihapus_pada", "dihapus_oleh_id"}
    assert removed.bukti_sha256 == hashlib.sha256(PDF).hexdigest()
    replacement = CatatanAudit.objects.get(model="pelaksanaan.buktidukung", objek_pk=str(new.pk), aksi="create")
    assert replacement.bukti_sha256 == hashlib.sha256(PNG).hexdigest()
    assert replacement.changes["menggantikan_id"] == [None, bukti.pk]
    bukti_remove(bukti=new, by=user)
    assert CatatanAudit.objects.filter(model="pelaksanaan.buktidukung", objek_pk=str(new.pk), aksi="update").exists()
    ok, output = verify()
    assert ok, output


def test_command_passes_then_finds_a_tampered_row(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=kinerja.staf.user)
    ok, output = verify()
    assert ok and "Rantai audit utuh" in output and "Berkas bukti diperiksa: 1" in output
    victim = CatatanAudit.objects.filter(model="perencanaan.iki").order_by("pk").first()
    assert victim is not None
    with connection.cursor() as cursor:  # what someone with database access could do
        cursor.execute("UPDATE audit_catatanaudit SET aktor_nama = %s WHERE id = %s", ["orang lain", victim.pk])
    ok, output = verify()
    assert not ok and f"putus pada catatan #{victim.pk}" in output


def test_command_finds_removed_newest_rows(kinerja: Kinerja) -> None:
    newest = CatatanAudit.objects.order_by("-pk").values_list("pk", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_catatanaudit WHERE id = %s", [newest])
    ok, output = verify()
    assert not ok and "terpotong" in output


def test_command_finds_a_changed_and_a_missing_file(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    user = kinerja.staf.user
    a = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=user)
    b = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("b.png", PNG), by=user)
    assert verify()[0]
    Path(a.berkas.path).write_bytes(PDF + b"% diubah\n")
    Path(b.berkas.path).unlink()
    ok, output = verify()
    assert not ok
    assert f"Bukti #{a.pk}" in output and "isi berkas berubah" in output
    assert f"Bukti #{b.pk}" in output and "tidak ada di disk" in output


def test_command_finds_a_digest_changed_in_the_database(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    a = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    forged = PDF + b"% palsu\n"
    Path(a.berkas.path).write_bytes(forged)
    # Changing the file and its digest in the row together is still caught: the chain holds the original.
    BuktiDukung.objects.filter(pk=a.pk).update(sha256=hashlib.sha256(forged).hexdigest())
    ok, output = verify()
    assert not ok and "berbeda dari catatan audit" in output


def test_adopt_records_evidence_from_before_the_trail(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    a = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    # As if the row had been there before the audit app was installed: no create row for it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_catatanaudit")
        cursor.execute("DELETE FROM audit_kepalarantai")
    ok, output = verify()
    assert not ok and "tidak ada catatan audit" in output
    call_command("verify_audit", "--adopt", stdout=__import__("io").StringIO())
    ok, output = verify()
    assert ok, output
    assert CatatanAudit.objects.get(objek_pk=str(a.pk)).bukti_sha256 == a.sha256
