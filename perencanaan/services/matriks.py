"""Matriks Peran Hasil (SPEC §4.3, seed 000 lampiran 1, seed 004): a leader divides one of their RHK.

Columns are the products/layanan of the team, rows the subordinates with their jabatan tim kerja,
cells the peran hasil; no cell means "tidak ada peran". The same services serve both levels: a
JPT (or any leader) for their bawahan, and a ketua tim for the anggota of the TimKerja they head.

A cell that a subordinate already copied into an RHK (`Rhk.peran_asal`) is never lost silently:
removing it, its column or its row is refused until that RHK no longer points at it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisasi.konflik import refuse_if_changed
from organisasi.models import Jabatan, Pegawai, PegawaiQuerySet, TimKerja

from ..models import BarisMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil, Rhk, StatusSkp

MIN_KOLOM = 1
MAX_KOLOM = 12
MAX_NAMA_KOLOM = 500
MAX_PERAN = 4000
BULLETS = frozenset("-•*–")  # a leading bullet and its space are not part of the peran


class KonfirmasiDiperlukan(ValidationError):  # noqa: N818 — a question to the user, not a failure
    """The change would also delete peran hasil: the caller asks the user and calls again with
    `konfirmasi=True`."""


# --- Rules on plain values --------------------------------------------------------------------


def peran_lines(teks: str) -> list[str]:
    """The peran of one cell, one per line (as the bulleted lists of seed 004), bullets removed."""
    lines: list[str] = []
    for raw in teks.splitlines():
        line = raw.strip()
        if line[:1] in BULLETS and (len(line) == 1 or line[1].isspace()):
            line = line[1:].strip()
        if line:
            lines.append(line)
    return lines


def normalise_peran(teks: str) -> str:
    return "\n".join(peran_lines(teks or ""))


def default_kolom_names(rhk: Rhk, jumlah: int) -> list[str]:
    """Column names at opening: the RHK's IKI in order (seed 000: "IKI 1 JPT, IKI 2 JPT …"), then
    numbered products/layanan; the leader renames them."""
    iki = [i.teks.strip() for i in rhk.iki.order_by("urutan", "pk") if i.teks.strip()]
    names = [t[:MAX_NAMA_KOLOM] for t in iki[:jumlah]]
    for n in range(len(names) + 1, jumlah + 1):
        names.append(_("Produk/layanan %(n)d") % {"n": n})
    return names


def eligible_subordinates(leader: Pegawai) -> PegawaiQuerySet:
    """Whom the leader may give a row: active bawahan (atasan = leader) and the anggota of every
    TimKerja the leader heads (second level: ketua tim → anggota tim)."""
    anggota = TimKerja.anggota.through.objects.filter(timkerja__ketua=leader).values("pegawai_id")
    return (
        Pegawai.objects.active()
        .filter(instansi_id=leader.instansi_id)
        .filter(Q(atasan=leader) | Q(pk__in=anggota))
        .exclude(pk=leader.pk)
    )


def jabatan_tim_for(*, leader: Pegawai, pegawai: Pegawai) -> str:
    """The jabatan tim kerja suggested for a new row."""
    if TimKerja.objects.filter(ketua=pegawai).exists():
        return BarisMatriks.JabatanTim.KETUA_TIM
    if (
        leader.jabatan is not None
        and leader.jabatan.is_jpt_form
        and pegawai.jabatan is not None
        and pegawai.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL
    ):
        return BarisMatriks.JabatanTim.JF_LANGSUNG
    return BarisMatriks.JabatanTim.ANGGOTA_TIM


# --- Checks shared by the services -----------------------------------------------------------


def _lock(matriks: MatriksPeranHasil) -> MatriksPeranHasil:
    locked = (
        MatriksPeranHasil.objects.select_for_update(of=("self",))
        .select_related("rhk__skp__pegawai__jabatan")
        .get(pk=matriks.pk)
    )
    _require_open(locked)
    return locked


def _require_open(matriks: MatriksPeranHasil) -> None:
    if matriks.rhk.skp.status == StatusSkp.DIREVISI:
        raise ValidationError(
            _("Matriks ini milik SKP yang telah digantikan revisi; perubahan dilakukan pada SKP yang berlaku.")
        )


def _check_nama_kolom(nama: str) -> str:
    nama = " ".join((nama or "").split())
    if not nama:
        raise ValidationError({"nama": _("Isi nama produk/layanan.")})
    if len(nama) > MAX_NAMA_KOLOM:
        raise ValidationError({"nama": _("Nama produk/layanan paling banyak %(n)d karakter.") % {"n": MAX_NAMA_KOLOM}})
    return nama


def _check_jabatan_tim(*, leader: Pegawai, pegawai: Pegawai, jabatan_tim: str) -> None:
    if jabatan_tim not in BarisMatriks.JabatanTim.values:
        raise ValidationError({"jabatan_tim": _("Pilih jabatan tim kerja: Ketua Tim atau Anggota Tim.")})
    if jabatan_tim == BarisMatriks.JabatanTim.JF_LANGSUNG and not (
        leader.jabatan is not None
        and leader.jabatan.is_jpt_form
        and pegawai.jabatan is not None
        and pegawai.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL
    ):
        raise ValidationError(
            {
                "jabatan_tim": _(
                    "“JF di bawah JPT” hanya untuk pemangku jabatan fungsional yang berada langsung di bawah JPT."
                )
            }
        )


def _perubahan(apa: str, lama: str, kini: str) -> str:
    """One change for a refusal. The form carries only a version, not the values it was opened
    with: the caller's copy shows the old value when it differs, otherwise only the current one."""
    if lama != kini:
        return _("%(apa)s: %(lama)s → %(kini)s") % {"apa": apa, "lama": lama, "kini": kini}
    return _("%(apa)s kini %(kini)s") % {"apa": apa, "kini": kini}


def _peran_label(teks: str) -> str:
    lines = peran_lines(teks or "")
    return f"“{' / '.join(lines)}”" if lines else _("tidak ada peran")


def _copied(peran: Q) -> list[Rhk]:
    """RHK (of any SKP version) copied from the cells matching `peran`, with their owner."""
    return list(
        Rhk.objects.filter(peran_asal__in=PeranHasil.objects.filter(peran))
        .select_related("skp__pegawai")
        .order_by("skp__pegawai__nama", "pk")
    )


def _copied_error(message: str, rhk: list[Rhk]) -> ValidationError:
    names = sorted({r.skp.pegawai.nama_lengkap for r in rhk})
    detail = ngettext(
        "%(n)d RHK sudah disalin dari peran hasil ini (SKP %(nama)s).",
        "%(n)d RHK sudah disalin dari peran hasil ini (SKP %(nama)s).",
        len(rhk),
    ) % {"n": len(rhk), "nama": ", ".join(names)}
    return ValidationError(f"{message} {detail}")


# --- Matriks ----------------------------------------------------------------------------------


@transaction.atomic
def matriks_open_for_rhk(*, rhk: Rhk, jumlah_kolom: int) -> MatriksPeranHasil:
    """The leader's matrix for one of their RHK, with `jumlah_kolom` (1 … 12) product columns."""
    if isinstance(jumlah_kolom, bool) or not isinstance(jumlah_kolom, int):
        raise ValidationError({"jumlah_kolom": _("Jumlah kolom harus berupa bilangan bulat.")})
    if not MIN_KOLOM <= jumlah_kolom <= MAX_KOLOM:
        raise ValidationError(
            {
                "jumlah_kolom": _("Jumlah kolom produk/layanan harus antara %(min)d dan %(max)d.")
                % {"min": MIN_KOLOM, "max": MAX_KOLOM}
            }
        )
    rhk = Rhk.objects.select_for_update(of=("self",)).select_related("skp").get(pk=rhk.pk)
    if rhk.skp.status == StatusSkp.DIREVISI:
        raise ValidationError(
            _("RHK ini milik SKP yang telah digantikan revisi; buka matriks pada RHK SKP yang berlaku.")
        )
    if MatriksPeranHasil.objects.filter(rhk=rhk).exists():
        raise ValidationError(_("RHK ini sudah memiliki matriks peran hasil."), code="sudah_ada")
    matriks = MatriksPeranHasil.objects.create(rhk=rhk)
    KolomMatriks.objects.bulk_create(
        KolomMatriks(matriks=matriks, nama=nama, urutan=i)
        for i, nama in enumerate(default_kolom_names(rhk, jumlah_kolom), start=1)
    )
    return matriks


# --- Kolom ------------------------------------------------------------------------------------


@transaction.atomic
def kolom_add(*, matriks: MatriksPeranHasil, nama: str) -> KolomMatriks:
    matriks = _lock(matriks)
    nama = _check_nama_kolom(nama)
    if matriks.kolom.count() >= MAX_KOLOM:
        raise ValidationError(_("Matriks paling banyak memiliki %(max)d kolom produk/layanan.") % {"max": MAX_KOLOM})
    urutan = matriks.kolom.aggregate(n=Max("urutan"))["n"] or 0
    return KolomMatriks.objects.create(matriks=matriks, nama=nama, urutan=urutan + 1)


@transaction.atomic
def kolom_rename(*, kolom: KolomMatriks, nama: str, versi: int | None = None) -> KolomMatriks:
    """Rename a column. `versi` is `versi_of` the column the form was opened on: a column renamed
    (or removed) since is not renamed over; None (code without a form) is not checked."""
    matriks = _lock(kolom.matriks)
    locked = KolomMatriks.objects.select_for_update().filter(pk=kolom.pk, matriks=matriks).first()
    refuse_if_changed(
        locked,
        versi=versi,
        model=KolomMatriks,
        pk=kolom.pk,
        changes=lambda: [
            _("kolom “%(nama)s” telah dihapus") % {"nama": kolom.nama}
            if locked is None
            else _perubahan(_("nama kolom"), f"“{kolom.nama}”", f"“{locked.nama}”")
        ],
        isian=[_("nama kolom “%(nama)s”") % {"nama": " ".join((nama or "").split())}],
    )
    if locked is None:
        raise ValidationError(_("Kolom ini sudah tidak ada."))
    locked.nama = _check_nama_kolom(nama)
    locked.save(update_fields=["nama", "updated_at"])
    return locked


@transaction.atomic
def kolom_delete(*, kolom: KolomMatriks, konfirmasi: bool = False) -> None:
    """Remove a column and its cells. Refused for the last column and for a column with a cell
    already copied into an RHK; a column with cells needs `konfirmasi`."""
    matriks = _lock(kolom.matriks)
    if not KolomMatriks.objects.filter(pk=kolom.pk, matriks=matriks).exists():
        raise ValidationError(_("Kolom ini sudah tidak ada."))
    if matriks.kolom.count() <= MIN_KOLOM:
        raise ValidationError(_("Matriks harus memiliki paling sedikit satu kolom produk/layanan."))
    copied = _copied(Q(kolom=kolom))
    if copied:
        raise _copied_error(_("Kolom “%(nama)s” tidak dapat dihapus.") % {"nama": kolom.nama}, copied)
    jumlah = PeranHasil.objects.filter(kolom=kolom).count()
    if jumlah and not konfirmasi:
        raise KonfirmasiDiperlukan(
            ngettext(
                "Kolom “%(nama)s” berisi %(n)d peran hasil yang akan ikut terhapus.",
                "Kolom “%(nama)s” berisi %(n)d peran hasil yang akan ikut terhapus.",
                jumlah,
            )
            % {"nama": kolom.nama, "n": jumlah},
            code="konfirmasi",
        )
    KolomMatriks.objects.filter(pk=kolom.pk).delete()


# --- Baris ------------------------------------------------------------------------------------


@transaction.atomic
def baris_add(*, matriks: MatriksPeranHasil, pegawai: Pegawai, jabatan_tim: str) -> BarisMatriks:
    """A row for a subordinate of the leader (bawahan, or anggota of a TimKerja the leader heads)."""
    matriks = _lock(matriks)
    leader = matriks.rhk.skp.pegawai
    if not eligible_subordinates(leader).filter(pk=pegawai.pk).exists():
        raise ValidationError(
            {
                "pegawai": _(
                    "%(nama)s bukan bawahan Anda maupun anggota tim kerja yang Anda pimpin, sehingga tidak dapat "
                    "diberi peran pada matriks ini."
                )
                % {"nama": pegawai.nama_lengkap}
            }
        )
    if matriks.baris.filter(pegawai=pegawai).exists():
        raise ValidationError({"pegawai": _("%(nama)s sudah ada pada matriks ini.") % {"nama": pegawai.nama_lengkap}})
    pegawai = Pegawai.objects.select_related("jabatan").get(pk=pegawai.pk)
    _check_jabatan_tim(leader=leader, pegawai=pegawai, jabatan_tim=jabatan_tim)
    urutan = matriks.baris.aggregate(n=Max("urutan"))["n"] or 0
    return BarisMatriks.objects.create(matriks=matriks, pegawai=pegawai, jabatan_tim=jabatan_tim, urutan=urutan + 1)


@transaction.atomic
def baris_update(*, baris: BarisMatriks, jabatan_tim: str, versi: int | None = None) -> BarisMatriks:
    """Change a row's jabatan tim kerja. `versi` is `versi_of` the row the form was opened on: a
    row changed (or removed) since is not overwritten; None (code without a form) is not checked."""
    matriks = _lock(baris.matriks)
    locked = (
        BarisMatriks.objects.select_for_update(of=("self",))
        .select_related("pegawai__jabatan")
        .filter(pk=baris.pk, matriks=matriks)
        .first()
    )

    def changes() -> list[str]:
        if locked is None:
            return [_("%(nama)s telah dihapus dari matriks") % {"nama": baris.pegawai.nama_lengkap}]
        apa = _("jabatan tim kerja %(nama)s") % {"nama": locked.pegawai.nama_lengkap}
        return [_perubahan(apa, baris.get_jabatan_tim_display(), locked.get_jabatan_tim_display())]

    chosen = dict(BarisMatriks.JabatanTim.choices).get(jabatan_tim, jabatan_tim)
    refuse_if_changed(
        locked,
        versi=versi,
        model=BarisMatriks,
        pk=baris.pk,
        changes=changes,
        isian=[_("jabatan tim kerja %(jabatan_tim)s") % {"jabatan_tim": chosen}],
    )
    if locked is None:
        raise ValidationError(_("Baris ini sudah tidak ada."))
    _check_jabatan_tim(leader=matriks.rhk.skp.pegawai, pegawai=locked.pegawai, jabatan_tim=jabatan_tim)
    locked.jabatan_tim = jabatan_tim
    locked.save(update_fields=["jabatan_tim", "updated_at"])
    return locked


@transaction.atomic
def baris_delete(*, baris: BarisMatriks, konfirmasi: bool = False) -> None:
    """Remove a row and its cells; refused when one of its cells was copied into an RHK, and a row
    with peran needs `konfirmasi`."""
    matriks = _lock(baris.matriks)
    row = BarisMatriks.objects.select_related("pegawai").filter(pk=baris.pk, matriks=matriks).first()
    if row is None:
        raise ValidationError(_("Baris ini sudah tidak ada."))
    copied = _copied(Q(baris=row))
    if copied:
        raise _copied_error(
            _("%(nama)s tidak dapat dihapus dari matriks.") % {"nama": row.pegawai.nama_lengkap}, copied
        )
    jumlah = PeranHasil.objects.filter(baris=row).count()
    if jumlah and not konfirmasi:
        raise KonfirmasiDiperlukan(
            ngettext(
                "%(nama)s memiliki %(n)d peran hasil yang akan ikut terhapus.",
                "%(nama)s memiliki %(n)d peran hasil yang akan ikut terhapus.",
                jumlah,
            )
            % {"nama": row.pegawai.nama_lengkap, "n": jumlah},
            code="konfirmasi",
        )
    row.delete()


# --- Peran hasil ------------------------------------------------------------------------------


@transaction.atomic
def peran_set(*, baris: BarisMatriks, kolom: KolomMatriks, teks: str, versi: int | None = None) -> PeranHasil | None:
    """Set the peran of one cell, one peran per line; empty means "tidak ada peran" (no cell).

    `versi` is `versi_of` the cell the editor was opened on, 0 when it was empty: a cell written,
    changed or cleared by someone else since is not overwritten; None (code without a form) is
    not checked."""
    if baris.matriks_id != kolom.matriks_id:
        raise ValidationError(_("Baris dan kolom tidak berada pada matriks yang sama."))
    _lock(baris.matriks)
    cell = PeranHasil.objects.select_for_update().filter(baris=baris, kolom=kolom).first()
    refuse_if_changed(
        cell,
        versi=versi,
        model=PeranHasil,
        pk=cell.pk if cell is not None else None,
        changes=lambda: [
            _("peran hasil %(nama)s pada “%(kolom)s” kini %(kini)s")
            % {
                "nama": baris.pegawai.nama_lengkap,
                "kolom": kolom.nama,
                "kini": _peran_label(cell.teks) if cell is not None else _("tidak ada peran"),
            }
        ],
        isian=[
            _("peran hasil %(peran)s") % {"peran": _peran_label(teks)}
            if peran_lines(teks or "")
            else _("tidak ada peran")
        ],
    )
    teks = normalise_peran(teks)
    if len(teks) > MAX_PERAN:
        raise ValidationError({"teks": _("Peran hasil paling banyak %(n)d karakter.") % {"n": MAX_PERAN}})
    if not teks:
        if cell is not None:
            copied = _copied(Q(pk=cell.pk))
            if copied:
                raise _copied_error(_("Peran hasil ini tidak dapat dikosongkan."), copied)
            cell.delete()
        return None
    if cell is None:
        return PeranHasil.objects.create(baris=baris, kolom=kolom, teks=teks)
    if cell.teks != teks:
        cell.teks = teks
        cell.save(update_fields=["teks", "updated_at"])
    return cell
