"""Bukti dukung services: files checked by content with a matching extension, hostile names,
size limit, links, replace and remove without losing anything; refusals store nothing."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pelaksanaan.models import BuktiDukung, Periode
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.services.bukti import (
    bukti_link_add,
    bukti_remove,
    bukti_replace,
    bukti_upload,
    nama_berkas_bersih,
)
from tests.kinerja_world import Kinerja

# --- Sample files (built here: real containers where the type needs one) ---------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100 + b"This program cannot be run in DOS mode"
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
TEXT = b"Laporan kegiatan triwulan I\n"
HTML = b"<html><script>alert(1)</script></html>"


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


DOCX = _zip(
    [
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
    ]
)
# Parts in an order filetype does not look at: recognised by reading the archive.
DOCX_REORDERED = _zip([("docProps/app.xml", b"<x/>" * 3000), ("zzz/a.xml", b"<y/>"), ("word/document.xml", b"<w/>")])
ODT = _zip(
    [("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document-content/>")],
    stored_first=True,
)
PLAIN_ZIP = _zip([("notes.txt", b"hello"), ("run.sh", SCRIPT)])
OLE2_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 600
OLE2_UNKNOWN = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1200


def _xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Kegiatan", "Jumlah"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    berkas = SimpleUploadedFile("x", content)
    berkas._name = name  # type: ignore[attr-defined]  # raw, as a client could send it
    return berkas


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def triwulan(kinerja: Kinerja) -> Periode:
    return periods_of_skp(kinerja.skp)[0]


# --- Accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("Laporan.pdf", PDF, "application/pdf"),
        ("foto kegiatan.PNG", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.jpeg", JPEG, "image/jpeg"),
        ("animasi.gif", GIF, "image/gif"),
        ("foto.webp", WEBP, "image/webp"),
        ("Notulen.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            "Notulen lain.docx",
            DOCX_REORDERED,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("Rekap.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Laporan.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("Surat lama.doc", OLE2_DOC, "application/msword"),
        ("Rekap lama.xls", OLE2_UNKNOWN, "application/vnd.ms-excel"),
    ],
)
def test_accepted_types_record_size_type_digest_and_uploader(
    kinerja: Kinerja, triwulan: Periode, media: Path, name: str, content: bytes | None, mime: str
) -> None:
    data = content if content is not None else _xlsx()
    bukti = bukti_upload(
        rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload(name, data), keterangan=" Foto ", by=kinerja.staf.user
    )
    bukti.refresh_from_db()
    assert bukti.jenis == "berkas" and bukti.nama == name and bukti.keterangan == "Foto"
    assert bukti.tipe == mime and bukti.ukuran == len(data)
    assert bukti.sha256 == hashlib.sha256(data).hexdigest()
    assert bukti.diunggah_oleh == kinerja.staf.user and bukti.diunggah_pada is not None
    assert bukti.skp == kinerja.skp and bukti.periode == triwulan
    # Stored under a random name in upload_to, never under the user's name.
    assert bukti.berkas.name.startswith("bukti-dukung/") and name not in bukti.berkas.name
    [path] = stored_files(media)
    assert path.read_bytes() == data


def test_file_names_are_cleaned_for_display() -> None:
    assert nama_berkas_bersih("C:\\Users\\ani\\Laporan  akhir .pdf") == "Laporan akhir .pdf"
    assert nama_berkas_bersih("foto\u202egpj.exe") == "fotogpj.exe"  # no right-to-left override
    assert nama_berkas_bersih("..laporan.pdf") == "laporan.pdf"
    long = nama_berkas_bersih("a" * 400 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


def test_a_name_that_hides_its_extension_is_judged_by_the_real_one(
    kinerja: Kinerja, triwulan: Periode, media: Path
) -> None:
    with pytest.raises(ValidationError) as exc:
        bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("foto\u202egpj.exe", PNG), by=None)
    assert "tidak diterima" in " ".join(exc.value.messages)
    assert not BuktiDukung.objects.exists() and not stored_files(media)


# --- Refused: nothing stored ------------------------------------------------------------------


REFUSED = [
    ("program.exe", EXE, "program"),
    ("laporan.pdf", EXE, "program"),
    ("gambar.pdf", PNG, "isinya gambar PNG"),
    ("dokumen.docx", TEXT, "tidak dikenali"),
    ("catatan.txt", TEXT, "tidak dikenali"),
    ("skrip.sh", SCRIPT, "tidak dikenali"),
    ("halaman.html", HTML, "tidak dikenali"),
    ("arsip.zip", PLAIN_ZIP, "ZIP"),
    ("arsip.docx", PLAIN_ZIP, "ZIP"),
    ("Laporan", PDF, "tanpa akhiran"),
    ("laporan.png", PDF, "isinya PDF"),
    ("teks.odt", DOCX, "isinya dokumen Word"),
    ("kosong.pdf", b"", "kosong"),
    ("../../etc/passwd.pdf", PDF, "jalur folder"),
    ("..\\..\\windows\\win.ini.pdf", PDF, "jalur folder"),
    ("laporan\x00.exe.pdf", PDF, "karakter kendali"),
    ("laporan\n.pdf", PDF, "karakter kendali"),
    ("a" * 300 + ".pdf", PDF, "lebih dari 255"),
    ("", PDF, "kosong"),
    ("..", PDF, "jalur folder"),
    (" .pdf", PDF, "tanpa akhiran"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[f"{i}-{r[2]}" for i, r in enumerate(REFUSED)])
def test_refused_uploads_give_a_clear_message_and_store_nothing(
    kinerja: Kinerja, triwulan: Periode, media: Path, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload(name, content), by=kinerja.staf.user)
    assert message in " ".join(exc.value.messages)
    assert BuktiDukung.objects.count() == 0
    assert stored_files(media) == []


def test_size_limit_comes_from_the_settings(kinerja: Kinerja, triwulan: Periode, media: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.BUKTI_DUKUNG_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError) as exc:
        bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("besar.pdf", PDF), by=None)
    assert "terlalu besar" in exc.value.messages[0]
    assert not BuktiDukung.objects.exists() and not stored_files(media)
    settings.BUKTI_DUKUNG_MAX_BYTES = len(PDF)
    bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("pas.pdf", PDF), by=None)


def test_default_limit_is_ten_megabytes() -> None:
    from config.settings import base

    assert base.BUKTI_DUKUNG_MAX_BYTES == 10 * 1024 * 1024


def test_closed_period_or_unset_skp_store_nothing(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    with pytest.raises(ValidationError) as exc:
        bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    assert "ditutup" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/a", nama="", by=None)
    with pytest.raises(ValidationError):
        bukti_upload(
            rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None, skp=kinerja.skp_kabid
        )
    assert not BuktiDukung.objects.exists() and not stored_files(media)


def test_a_failing_row_takes_its_file_with_it(
    kinerja: Kinerja, triwulan: Periode, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: BuktiDukung, *args: object, **kwargs: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(BuktiDukung, "save", broken_save)
    with pytest.raises(RuntimeError):
        bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    assert stored_files(media) == []


# --- Links ------------------------------------------------------------------------------------


def test_links_http_and_https_only(kinerja: Kinerja, triwulan: Periode) -> None:
    link = bukti_link_add(
        rhk=kinerja.rhk_utama, periode=triwulan, tautan=" https://drive.go.id/f/1 ", nama=" Notulen\x00 rapat ", by=None
    )
    assert link.jenis == "tautan" and link.tautan == "https://drive.go.id/f/1" and link.nama == "Notulen rapat"
    unnamed = bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="http://x.go.id/a", nama="", by=None)
    assert unnamed.nama == "http://x.go.id/a"
    for bad in [
        "javascript:alert(1)",
        "ftp://x.go.id/a",
        "file:///etc/passwd",
        "drive.go.id",
        "",
        "https://" + "a" * 1000,
    ]:
        with pytest.raises(ValidationError) as exc:
            bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan=bad, nama="", by=None)
        assert "tautan" in exc.value.error_dict
    with pytest.raises(ValidationError):
        bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id", nama="n" * 256, by=None)
    assert BuktiDukung.objects.count() == 2


# --- Replace and remove -----------------------------------------------------------------------


def test_replace_makes_a_new_row_and_keeps_the_old_file(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    user = kinerja.staf.user
    old = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("v1.pdf", PDF), keterangan="k", by=user)
    new = bukti_replace(bukti=old, berkas=upload("v2.png", PNG), by=user)
    old.refresh_from_db()
    assert new.menggantikan == old and new.keterangan == "k" and new.nama == "v2.png" and new.tipe == "image/png"
    assert old.dihapus_pada is not None and old.dihapus_oleh == user and old.digantikan_oleh == new
    assert len(stored_files(media)) == 2 and old.berkas.storage.exists(old.berkas.name)
    with pytest.raises(ValidationError) as exc:
        bukti_replace(bukti=old, berkas=upload("v3.pdf", PDF), by=user)
    assert "sudah diganti" in exc.value.messages[0]
    # A refused replacement leaves the current evidence as it was.
    with pytest.raises(ValidationError):
        bukti_replace(bukti=new, berkas=upload("v3.pdf", EXE), by=user)
    new.refresh_from_db()
    assert new.is_current and BuktiDukung.objects.count() == 2 and len(stored_files(media)) == 2


def test_remove_is_soft_and_final(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    bukti = bukti_upload(rhk=kinerja.rhk_utama, periode=triwulan, berkas=upload("a.pdf", PDF), by=None)
    removed = bukti_remove(bukti=bukti, by=kinerja.staf.user)
    assert removed.dihapus_pada is not None and removed.dihapus_oleh == kinerja.staf.user
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists() and len(stored_files(media)) == 1
    with pytest.raises(ValidationError):
        bukti_remove(bukti=bukti, by=None)


def test_remove_in_a_closed_period_is_refused(kinerja: Kinerja, triwulan: Periode, media: Path) -> None:
    bukti = bukti_link_add(rhk=kinerja.rhk_utama, periode=triwulan, tautan="https://x.go.id/a", nama="", by=None)
    Periode.objects.filter(pk=triwulan.pk).update(terbuka=False)
    with pytest.raises(ValidationError):
        bukti_remove(bukti=bukti, by=None)
    bukti.refresh_from_db()
    assert bukti.is_current
