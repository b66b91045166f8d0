"""Bukti dukung of a set SKP per RHK and period (SPEC §5): uploaded files and links.

Files are checked by their CONTENT (`filetype`), and the name's extension must agree with what
the content is; programs, scripts, archives and anything else are refused with a message that says
what was found. A refused upload leaves nothing behind: no row, no file. Accepted files are stored
under a random name (the user's name never reaches the file system); the cleaned original name is
kept for display and download. Replacing or removing evidence never deletes it: the old row gets
`dihapus_pada/dihapus_oleh` and stays downloadable in the history.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from perencanaan.models import Rhk, Skp

from ..models import BuktiDukung, Periode
from .realisasi import writable_skp_of

NAMA_MAX_LENGTH = 255  # BuktiDukung.nama
KETERANGAN_MAX_LENGTH = 500  # BuktiDukung.keterangan
TAUTAN_MAX_LENGTH = 1000  # BuktiDukung.tautan
HEAD_BYTES = 8192  # what filetype looks at
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class JenisBerkas:
    kode: str
    label: str | Promise
    mime: str
    extensions: tuple[str, ...]


def _jenis(kode: str, label: str | Promise, mime: str, *extensions: str) -> JenisBerkas:
    return JenisBerkas(kode, label, mime, extensions or (kode,))


# What may be uploaded, by what the content is (filetype's extension as the key).
ALLOWED: dict[str, JenisBerkas] = {
    j.kode: j
    for j in (
        _jenis("pdf", "PDF", "application/pdf"),
        _jenis("jpg", gettext_lazy("gambar JPEG"), "image/jpeg", "jpg", "jpeg"),
        _jenis("png", gettext_lazy("gambar PNG"), "image/png"),
        _jenis("gif", gettext_lazy("gambar GIF"), "image/gif"),
        _jenis("webp", gettext_lazy("gambar WebP"), "image/webp"),
        _jenis("doc", gettext_lazy("dokumen Word 97–2003 (DOC)"), "application/msword"),
        _jenis(
            "docx",
            gettext_lazy("dokumen Word (DOCX)"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        _jenis("xls", gettext_lazy("lembar kerja Excel 97–2003 (XLS)"), "application/vnd.ms-excel"),
        _jenis(
            "xlsx",
            gettext_lazy("lembar kerja Excel (XLSX)"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _jenis("ppt", gettext_lazy("presentasi PowerPoint 97–2003 (PPT)"), "application/vnd.ms-powerpoint"),
        _jenis(
            "pptx",
            gettext_lazy("presentasi PowerPoint (PPTX)"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        _jenis("odt", gettext_lazy("dokumen OpenDocument (ODT)"), "application/vnd.oasis.opendocument.text"),
        _jenis(
            "ods", gettext_lazy("lembar kerja OpenDocument (ODS)"), "application/vnd.oasis.opendocument.spreadsheet"
        ),
        _jenis("odp", gettext_lazy("presentasi OpenDocument (ODP)"), "application/vnd.oasis.opendocument.presentation"),
    )
}
# filetype names an animated PNG separately; it is still a PNG.
ALIASES = {"apng": "png"}
# Office containers recognised by what is inside the zip when filetype only sees "zip".
ZIP_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPENDOCUMENT = ("odt", "ods", "odp")
LEGACY_OFFICE = ("doc", "xls", "ppt")
PROGRAMS = {"exe", "elf", "wasm", "crx", "deb", "rpm", "swf", "nes", "ar"}
# Codes of berkas_check's refusals: problems of the file itself (shown beside the file field).
BERKAS_ERROR_CODES = frozenset({"nama", "kosong", "besar", "jenis", "tidak_cocok"})
ACCEPT = ",".join(f".{ext}" for j in ALLOWED.values() for ext in j.extensions)


def allowed_label() -> str:
    return "PDF, JPEG, PNG, GIF, WebP, DOC/DOCX, XLS/XLSX, PPT/PPTX, ODT/ODS/ODP"


# --- File names -------------------------------------------------------------------------------


def nama_berkas_problem(raw: str) -> str:
    """Why a file name as sent is hostile ("" when it is fine): path parts, control characters,
    over 255 characters, or nothing usable at all."""
    if any(unicodedata.category(ch) == "Cc" for ch in raw):
        return _("nama berkas mengandung karakter kendali (misalnya NUL atau baris baru)")
    if "/" in raw or "\\" in raw or raw.strip() in {".", ".."} or raw.startswith(".."):
        return _("nama berkas mengandung bagian jalur folder (/, \\ atau ..)")
    if len(raw) > NAMA_MAX_LENGTH:
        return _("nama berkas lebih dari %(n)d karakter") % {"n": NAMA_MAX_LENGTH}
    if not nama_berkas_bersih(raw).strip("._ "):
        return _("nama berkas kosong")
    return ""


def nama_berkas_bersih(raw: str) -> str:
    """The name as shown and offered on download: the last path part, without control or
    invisible formatting characters (such as the right-to-left override that disguises an
    extension), single spaces, no leading dots, at most 255 characters with the extension kept."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in name)
    name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    name = " ".join(name.split()).lstrip(". ").rstrip(" ")
    if len(name) > NAMA_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: NAMA_MAX_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:NAMA_MAX_LENGTH]
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


# --- Content ----------------------------------------------------------------------------------


def _zip_names(berkas: UploadedFile) -> set[str]:
    berkas.seek(0)
    try:
        with zipfile.ZipFile(berkas) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                names.add("mimetype:" + archive.read("mimetype")[:100].decode("ascii", "replace").strip())
            return names
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return set()
    finally:
        berkas.seek(0)


def _detect(berkas: UploadedFile, head: bytes, ext: str) -> tuple[str, str | Promise]:
    """(kode, label) of what the content is: a key of ALLOWED, or another kind with its label."""
    kind = filetype.guess(head)
    kode = ALIASES.get(kind.extension, kind.extension) if kind is not None else ""
    if kode in ALLOWED:
        return kode, ALLOWED[kode].label
    if head.startswith(b"PK\x03\x04") and (ext in ZIP_MARKERS or ext in OPENDOCUMENT):
        # An office file whose parts are in an order filetype does not look at: read the archive.
        names = _zip_names(berkas)
        if ext in ZIP_MARKERS and any(n.startswith(ZIP_MARKERS[ext]) for n in names):
            return ext, ALLOWED[ext].label
        if ext in OPENDOCUMENT and f"mimetype:{ALLOWED[ext].mime}" in names:
            return ext, ALLOWED[ext].label
    if head.startswith(OLE2_MAGIC) and ext in LEGACY_OFFICE and kode == "":
        # A 97–2003 Office compound file that filetype cannot tell apart: trust the container.
        return ext, ALLOWED[ext].label
    if kode in PROGRAMS:
        return kode, _("program/berkas yang dapat dijalankan (%(jenis)s)") % {"jenis": kode.upper()}
    if kode:
        return kode, _("berkas %(jenis)s") % {"jenis": kode.upper()}
    return "", ""


@dataclass(frozen=True)
class BerkasDiperiksa:
    nama: str
    extension: str
    mime: str
    ukuran: int
    sha256: str


def berkas_check(berkas: UploadedFile) -> BerkasDiperiksa:
    """Size, name and content of an upload, or a ValidationError saying what is wrong with it."""
    raw_name = berkas.name or ""
    problem = nama_berkas_problem(raw_name)
    shown = nama_berkas_bersih(raw_name) or "—"
    if problem:
        raise ValidationError(
            _(
                "Nama berkas “%(nama)s” tidak dapat diterima: %(masalah)s. Ganti nama berkas (huruf, angka, "
                "spasi, titik, tanda hubung) lalu unggah lagi."
            )
            % {"nama": shown, "masalah": problem},
            code="nama",
        )
    size = berkas.size or 0
    if size <= 0:
        raise ValidationError(_("Berkas “%(nama)s” kosong.") % {"nama": shown}, code="kosong")
    limit: int = settings.BUKTI_DUKUNG_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("Berkas “%(nama)s” terlalu besar (%(ukuran)s); batasnya %(batas)s. Perkecil atau pecah berkasnya.")
            % {"nama": shown, "ukuran": filesizeformat(size), "batas": filesizeformat(limit)},
            code="besar",
        )
    berkas.seek(0)
    head = berkas.read(HEAD_BYTES)
    berkas.seek(0)
    ext = _extension(shown)
    kode, label = _detect(berkas, head, ext)
    if kode not in ALLOWED:
        found = (
            _("isinya %(jenis)s") % {"jenis": label}
            if label
            else _("isinya tidak dikenali sebagai dokumen atau gambar (misalnya teks biasa atau skrip)")
        )
        raise ValidationError(
            _("Berkas “%(nama)s” tidak diterima: %(temuan)s. Jenis yang diterima: %(jenis)s.")
            % {"nama": shown, "temuan": found, "jenis": allowed_label()},
            code="jenis",
        )
    jenis = ALLOWED[kode]
    if ext not in jenis.extensions:
        raise ValidationError(
            _(
                "Berkas “%(nama)s” tidak diterima: namanya berakhiran %(akhiran)s, tetapi isinya %(jenis)s. "
                "Simpan ulang berkas dalam format yang sesuai atau perbaiki akhiran namanya menjadi .%(benar)s."
            )
            % {
                "nama": shown,
                "akhiran": f".{ext}" if ext else _("(tanpa akhiran)"),
                "jenis": jenis.label,
                "benar": jenis.extensions[0],
            },
            code="tidak_cocok",
        )
    digest = hashlib.sha256()
    berkas.seek(0)
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    return BerkasDiperiksa(
        nama=shown, extension=jenis.extensions[0], mime=jenis.mime, ukuran=size, sha256=digest.hexdigest()
    )


# --- Services ---------------------------------------------------------------------------------


def _keterangan_clean(keterangan: str) -> str:
    value = " ".join((keterangan or "").split())
    if len(value) > KETERANGAN_MAX_LENGTH:
        raise ValidationError(
            {
                "keterangan": _("Keterangan paling banyak %(limit)d karakter (sekarang %(n)d).")
                % {"limit": KETERANGAN_MAX_LENGTH, "n": len(value)}
            }
        )
    return value


def _store(bukti: BuktiDukung, berkas: UploadedFile, checked: BerkasDiperiksa) -> None:
    """Write the file under a random name and the row; a failing row takes its file with it."""
    bukti.berkas.save(f"{uuid.uuid4().hex}.{checked.extension}", berkas, save=False)
    try:
        with transaction.atomic():
            bukti.save()
    except BaseException:
        bukti.berkas.delete(save=False)
        raise


@transaction.atomic
def bukti_upload(
    *,
    rhk: Rhk,
    periode: Periode,
    berkas: UploadedFile,
    keterangan: str = "",
    by: User | None,
    skp: Skp | None = None,
) -> BuktiDukung:
    """Upload a file as evidence of an RHK in a period (checked by content; see berkas_check)."""
    skp, periode = writable_skp_of(rhk, periode, skp)
    keterangan = _keterangan_clean(keterangan)
    checked = berkas_check(berkas)
    bukti = BuktiDukung(
        skp=skp,
        periode=periode,
        rhk=rhk,
        jenis=BuktiDukung.Jenis.BERKAS,
        nama=checked.nama,
        keterangan=keterangan,
        ukuran=checked.ukuran,
        tipe=checked.mime,
        sha256=checked.sha256,
        diunggah_oleh=by,
        diunggah_pada=timezone.now(),
    )
    _store(bukti, berkas, checked)
    return bukti


def tautan_clean(tautan: str) -> str:
    value = (tautan or "").strip()
    if not value:
        raise ValidationError({"tautan": _("Isi alamat tautan bukti dukung.")})
    if len(value) > TAUTAN_MAX_LENGTH:
        raise ValidationError(
            {"tautan": _("Alamat tautan paling banyak %(limit)d karakter.") % {"limit": TAUTAN_MAX_LENGTH}}
        )
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {
                "tautan": _(
                    "Alamat tautan harus lengkap dan diawali http:// atau https://, misalnya https://drive.example.go.id/…"
                )
            }
        ) from None
    return value


@transaction.atomic
def bukti_link_add(
    *,
    rhk: Rhk,
    periode: Periode,
    tautan: str,
    nama: str = "",
    keterangan: str = "",
    by: User | None,
    skp: Skp | None = None,
) -> BuktiDukung:
    """A link (http/https only) as evidence; without a name the address is shown."""
    skp, periode = writable_skp_of(rhk, periode, skp)
    url = tautan_clean(tautan)
    label = " ".join("".join(ch for ch in (nama or "") if unicodedata.category(ch) not in {"Cc", "Cf"}).split())
    if len(label) > NAMA_MAX_LENGTH:
        raise ValidationError({"nama": _("Nama tautan paling banyak %(limit)d karakter.") % {"limit": NAMA_MAX_LENGTH}})
    return BuktiDukung.objects.create(
        skp=skp,
        periode=periode,
        rhk=rhk,
        jenis=BuktiDukung.Jenis.TAUTAN,
        tautan=url,
        nama=label or url[:NAMA_MAX_LENGTH],
        keterangan=_keterangan_clean(keterangan),
        diunggah_oleh=by,
        diunggah_pada=timezone.now(),
    )


def _locked_current(bukti: BuktiDukung) -> BuktiDukung:
    locked = BuktiDukung.objects.select_for_update().select_related("rhk").get(pk=bukti.pk)
    if locked.dihapus_pada is not None:
        raise ValidationError(
            _("Bukti dukung ini sudah diganti atau dihapus. Muat ulang halaman untuk melihat yang berlaku.")
        )
    locked.skp, locked.periode = writable_skp_of(locked.rhk, locked.periode, None)
    return locked


@transaction.atomic
def bukti_replace(
    *, bukti: BuktiDukung, berkas: UploadedFile, keterangan: str | None = None, by: User | None
) -> BuktiDukung:
    """A new file in place of an evidence item: a new row `menggantikan` the old one, which is
    marked removed and kept (with its file) in the history."""
    old = _locked_current(bukti)
    keterangan = _keterangan_clean(old.keterangan if keterangan is None else keterangan)
    checked = berkas_check(berkas)
    now = timezone.now()
    old.dihapus_pada = now
    old.dihapus_oleh = by
    # save() rather than QuerySet.update(): the removal of the replaced file reaches the audit trail.
    old.save(update_fields=["dihapus_pada", "dihapus_oleh"])
    new = BuktiDukung(
        skp=old.skp,
        periode=old.periode,
        rhk=old.rhk,
        jenis=BuktiDukung.Jenis.BERKAS,
        nama=checked.nama,
        keterangan=keterangan,
        ukuran=checked.ukuran,
        tipe=checked.mime,
        sha256=checked.sha256,
        diunggah_oleh=by,
        diunggah_pada=now,
        menggantikan=old,
    )
    _store(new, berkas, checked)
    return new


@transaction.atomic
def bukti_remove(*, bukti: BuktiDukung, by: User | None) -> BuktiDukung:
    """Withdraw evidence: marked removed (who, when); the file and row stay for the history."""
    old = _locked_current(bukti)
    old.dihapus_pada = timezone.now()
    old.dihapus_oleh = by
    old.save(update_fields=["dihapus_pada", "dihapus_oleh"])
    return old
