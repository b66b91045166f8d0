"""Writes to the SKP sections below the hasil kerja (SPEC §4.2; seed 000 lampiran 2–4; seed 003):
Set Penilai and ekspektasi khusus pimpinan of the perilaku kerja, Lampiran SKP, Rencana Aksi and
the Workblock of a JPT SKP.

Every service locks the SKP row, checks that the SKP may still change (`SkpTransitionError` with
the reason otherwise) and refuses bad input with an Indonesian `ValidationError`, so nothing is
half-saved. Who may call which service is decided by the views through `perencanaan.access`;
the services that take `by` check it again because the rule is the regulation's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.konflik import refuse_if_changed
from organisasi.models import Pegawai

from ..models import (
    LampiranSkp,
    PenilaiPerilaku,
    PerilakuSkp,
    RencanaAksi,
    Rhk,
    Skp,
    StatusSkp,
    Workblock,
    WorkblockItem,
)
from .rencana import bump_versi_rencana
from .skp import SkpTransitionError, require_editable

# The pejabat penilai may write the ekspektasi khusus pimpinan until the SKP is set.
EKSPEKTASI_STATUSES = frozenset({StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN})

MAX_TEKS = 2000
MAX_TARGET_PERIODE = RencanaAksi._meta.get_field("target_periode").max_length or 60


def _lock_skp(skp_id: int) -> Skp:
    skp = Skp.objects.select_for_update().select_related("pegawai").get(pk=skp_id)
    bump_versi_rencana(skp)
    return skp


M = TypeVar("M", bound=Model)


def _skp_id_of(queryset: QuerySet[RencanaAksi] | QuerySet[WorkblockItem], path: str, pk: int, message: str) -> int:
    """The SKP a row hangs under, read before locking that SKP; a ValidationError when it is gone."""
    skp_id = queryset.filter(pk=pk).values_list(path, flat=True).first()
    if skp_id is None:
        raise ValidationError(message, code="sudah_dihapus")
    return int(skp_id)


def _fresh(queryset: QuerySet[M], pk: int, message: str) -> M:
    """The row as it is now (another tab may have deleted it): a ValidationError when it is gone."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ValidationError(message, code="sudah_dihapus")
    return obj


def _fresh_unchanged(
    queryset: QuerySet[M], pk: int, message: str, *, versi: int | None, changes: Callable[[M], str], isian: list[str]
) -> M:
    """The row locked for the rest of the transaction, refused (naming its current value and the
    user's input) when it is not the version the form was opened on; gone is `_fresh`'s error."""
    obj = _fresh(queryset.select_for_update(of=("self",)), pk, message)
    refuse_if_changed(obj, versi=versi, model=type(obj), pk=pk, changes=lambda: [changes(obj)], isian=isian)
    return obj


def _teks(value: str, *, field: str = "teks", required: bool = True, max_length: int = MAX_TEKS) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: ValidationError(_("Isian ini wajib diisi."), code="wajib")})
    if len(value) > max_length:
        message = _("Paling banyak %(max)d karakter (sekarang %(n)d).") % {"max": max_length, "n": len(value)}
        raise ValidationError({field: ValidationError(message, code="terlalu_panjang")})
    return value


def _next_urutan(queryset: QuerySet[LampiranSkp] | QuerySet[RencanaAksi] | QuerySet[WorkblockItem]) -> int:
    current = queryset.aggregate(m=Max("urutan"))["m"]
    return 0 if current is None else current + 1


# --- Perilaku kerja -------------------------------------------------------------------------


def penilai_rekan_choices(pegawai: Pegawai) -> QuerySet[Pegawai]:
    """Whom the pegawai may set as rekan kerja penilai: the active pegawai of their Profil list."""
    return (
        pegawai.rekan_kerja.filter(aktif=True, instansi_id=pegawai.instansi_id)
        .exclude(pk=pegawai.pk)
        .select_related("jabatan")
        .order_by("nama", "nip")
    )


def penilai_bawahan_choices(pegawai: Pegawai) -> QuerySet[Pegawai]:
    """Whom the pegawai may set as bawahan penilai: their active direct subordinates."""
    return Pegawai.objects.active().filter(atasan=pegawai).select_related("jabatan").order_by("nama", "nip")


@transaction.atomic
def perilaku_set_penilai(
    *, perilaku: PerilakuSkp, jenis_penilai: str, penilai: Pegawai | None, by: User
) -> PerilakuSkp:
    """The pegawai chooses who rates one aspect (seed 003 “Set Penilai”): the atasan (the
    pejabat penilai, stored as no penilai), one of their rekan kerja, or one of their bawahan."""
    skp = _lock_skp(perilaku.skp_id)
    require_editable(skp)
    owner = pegawai_of(by)
    if owner is None or owner.pk != skp.pegawai_id:
        raise ValidationError(_("Hanya pegawai pemilik SKP yang dapat menentukan penilai perilaku kerja."))
    perilaku = _fresh(PerilakuSkp.objects.filter(skp=skp), perilaku.pk, _("Aspek perilaku ini tidak ada di SKP."))
    if jenis_penilai == PenilaiPerilaku.ATASAN:
        penilai = None
    elif jenis_penilai == PenilaiPerilaku.REKAN:
        if penilai is None:
            raise ValidationError({"penilai": _("Pilih rekan kerja yang akan menilai aspek ini.")})
        if not penilai_rekan_choices(skp.pegawai).filter(pk=penilai.pk).exists():
            raise ValidationError(
                {"penilai": _("%(nama)s bukan rekan kerja aktif Anda.") % {"nama": penilai.nama_lengkap}}
            )
    elif jenis_penilai == PenilaiPerilaku.BAWAHAN:
        if penilai is None:
            raise ValidationError({"penilai": _("Pilih bawahan yang akan menilai aspek ini.")})
        if not penilai_bawahan_choices(skp.pegawai).filter(pk=penilai.pk).exists():
            raise ValidationError({"penilai": _("%(nama)s bukan bawahan aktif Anda.") % {"nama": penilai.nama_lengkap}})
    else:
        raise ValidationError({"jenis_penilai": _("Pilih penilai: atasan, rekan kerja atau bawahan.")})
    perilaku.jenis_penilai = jenis_penilai
    perilaku.penilai = penilai
    perilaku.save(update_fields=["jenis_penilai", "penilai", "updated_at"])
    return perilaku


@transaction.atomic
def perilaku_set_ekspektasi(*, perilaku: PerilakuSkp, teks: str, by: User) -> PerilakuSkp:
    """The pejabat penilai writes (or clears, with empty text) the ekspektasi khusus pimpinan of
    one aspect, while the SKP is a draft, submitted or returned — not once it is set."""
    skp = _lock_skp(perilaku.skp_id)
    penilai = pegawai_of(by)
    if penilai is None or skp.pejabat_penilai_id is None or penilai.pk != skp.pejabat_penilai_id:
        raise ValidationError(_("Ekspektasi khusus pimpinan hanya dapat diisi oleh pejabat penilai SKP ini."))
    if skp.status not in EKSPEKTASI_STATUSES:
        raise SkpTransitionError(
            _("SKP berstatus %(status)s: ekspektasi khusus pimpinan tidak dapat diubah lagi.")
            % {"status": StatusSkp(skp.status).label}
        )
    teks = _teks(teks, required=False)
    perilaku = _fresh(PerilakuSkp.objects.filter(skp=skp), perilaku.pk, _("Aspek perilaku ini tidak ada di SKP."))
    perilaku.ekspektasi_khusus = teks
    perilaku.save(update_fields=["ekspektasi_khusus", "updated_at"])
    return perilaku


# --- Lampiran SKP ---------------------------------------------------------------------------

LAMPIRAN_HILANG = gettext_noop("Baris lampiran ini sudah dihapus.")


@transaction.atomic
def lampiran_add(*, skp: Skp, jenis: str, teks: str) -> LampiranSkp:
    """A new line at the end of one of the three lists of the Lampiran SKP."""
    skp = _lock_skp(skp.pk)
    require_editable(skp)
    if jenis not in LampiranSkp.Jenis.values:
        raise ValidationError(
            {"jenis": _("Pilih bagian lampiran: dukungan sumber daya, skema pertanggungjawaban atau konsekuensi.")}
        )
    teks = _teks(teks)
    urutan = _next_urutan(LampiranSkp.objects.filter(skp=skp, jenis=jenis))
    return LampiranSkp.objects.create(skp=skp, jenis=jenis, teks=teks, urutan=urutan)


@transaction.atomic
def lampiran_update(*, lampiran: LampiranSkp, teks: str, versi: int | None = None) -> LampiranSkp:
    """Change a line; `versi` is the line's version the form was opened on (None: unchecked)."""
    skp = _lock_skp(lampiran.skp_id)
    require_editable(skp)
    lampiran = _fresh_unchanged(
        LampiranSkp.objects.filter(skp=skp),
        lampiran.pk,
        _(LAMPIRAN_HILANG),
        versi=versi,
        changes=lambda now: _("baris lampiran kini “%(teks)s”") % {"teks": now.teks},
        isian=[_("isi “%(teks)s”") % {"teks": (teks or "").strip()}],
    )
    teks = _teks(teks)
    lampiran.teks = teks
    lampiran.save(update_fields=["teks", "updated_at"])
    return lampiran


@transaction.atomic
def lampiran_delete(*, lampiran: LampiranSkp) -> None:
    skp = _lock_skp(lampiran.skp_id)
    require_editable(skp)
    _fresh(LampiranSkp.objects.filter(skp=skp), lampiran.pk, _(LAMPIRAN_HILANG)).delete()


# --- Rencana Aksi ---------------------------------------------------------------------------

AKSI_HILANG = gettext_noop("Rencana aksi ini sudah dihapus.")


@transaction.atomic
def rencana_aksi_add(*, rhk: Rhk, teks: str, target_periode: str = "") -> RencanaAksi:
    """A new action at the end of an RHK's rencana aksi, optionally with its target period."""
    skp = _lock_skp(rhk.skp_id)
    require_editable(skp)
    teks = _teks(teks)
    target_periode = _teks(target_periode, field="target_periode", required=False, max_length=MAX_TARGET_PERIODE)
    rhk = _fresh(Rhk.objects.filter(skp=skp), rhk.pk, _("Rencana hasil kerja ini sudah dihapus."))
    urutan = _next_urutan(RencanaAksi.objects.filter(rhk=rhk))
    return RencanaAksi.objects.create(rhk=rhk, teks=teks, target_periode=target_periode, urutan=urutan)


@transaction.atomic
def rencana_aksi_update(
    *, aksi: RencanaAksi, teks: str, target_periode: str = "", versi: int | None = None
) -> RencanaAksi:
    """Change an action; `versi` is its version the form was opened on (None: unchecked)."""
    skp = _lock_skp(_skp_id_of(RencanaAksi.objects.all(), "rhk__skp_id", aksi.pk, _(AKSI_HILANG)))
    require_editable(skp)
    aksi = _fresh_unchanged(
        RencanaAksi.objects.filter(rhk__skp=skp),
        aksi.pk,
        _(AKSI_HILANG),
        versi=versi,
        changes=lambda now: (
            _("rencana aksi kini “%(teks)s” (target periode %(periode)s)")
            % {"teks": now.teks, "periode": now.target_periode or "—"}
        ),
        isian=[
            _("rencana aksi “%(teks)s”") % {"teks": (teks or "").strip()},
            _("target periode “%(periode)s”") % {"periode": (target_periode or "").strip()},
        ],
    )
    teks = _teks(teks)
    target_periode = _teks(target_periode, field="target_periode", required=False, max_length=MAX_TARGET_PERIODE)
    aksi.teks, aksi.target_periode = teks, target_periode
    aksi.save(update_fields=["teks", "target_periode", "updated_at"])
    return aksi


@transaction.atomic
def rencana_aksi_delete(*, aksi: RencanaAksi) -> None:
    skp = _lock_skp(_skp_id_of(RencanaAksi.objects.all(), "rhk__skp_id", aksi.pk, _(AKSI_HILANG)))
    require_editable(skp)
    _fresh(RencanaAksi.objects.filter(rhk__skp=skp), aksi.pk, _(AKSI_HILANG)).delete()


# --- Workblock (JPT SKP) --------------------------------------------------------------------

WORKBLOCK_HILANG = gettext_noop("Workblock ini sudah dihapus.")
BUTIR_HILANG = gettext_noop("Butir workblock ini sudah dihapus.")


def _workblock_values(
    *,
    judul: str,
    pemilik_strategi: str,
    waktu_penyelesaian: str,
    tujuan: str,
    indikator_target: str,
    pihak_terlibat: str,
    penerima_manfaat: str,
    anggaran: str,
) -> dict[str, str]:
    raw = {
        "judul": judul,
        "pemilik_strategi": pemilik_strategi,
        "waktu_penyelesaian": waktu_penyelesaian,
        "tujuan": tujuan,
        "indikator_target": indikator_target,
        "pihak_terlibat": pihak_terlibat,
        "penerima_manfaat": penerima_manfaat,
        "anggaran": anggaran,
    }
    values: dict[str, str] = {}
    errors: dict[str, list[ValidationError]] = {}
    for name, value in raw.items():
        model_field = Workblock._meta.get_field(name)
        try:
            values[name] = _teks(
                value,
                field=name,
                required=not getattr(model_field, "blank", False),
                max_length=getattr(model_field, "max_length", None) or MAX_TEKS,
            )
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return values


def _require_jpt(skp: Skp) -> None:
    if not skp.is_jpt:
        raise ValidationError(_("Workblock hanya untuk SKP JPT dan pimpinan unit kerja mandiri."), code="bukan_jpt")


@transaction.atomic
def workblock_create(
    *,
    skp: Skp,
    judul: str,
    pemilik_strategi: str,
    waktu_penyelesaian: str,
    tujuan: str,
    indikator_target: str,
    pihak_terlibat: str = "",
    penerima_manfaat: str = "",
    anggaran: str = "",
) -> Workblock:
    """A workblock (one strategy initiative to reach an IKU) on a leader's SKP."""
    skp = _lock_skp(skp.pk)
    require_editable(skp)
    _require_jpt(skp)
    values = _workblock_values(
        judul=judul,
        pemilik_strategi=pemilik_strategi,
        waktu_penyelesaian=waktu_penyelesaian,
        tujuan=tujuan,
        indikator_target=indikator_target,
        pihak_terlibat=pihak_terlibat,
        penerima_manfaat=penerima_manfaat,
        anggaran=anggaran,
    )
    return Workblock.objects.create(skp=skp, **values)


@transaction.atomic
def workblock_update(
    *,
    workblock: Workblock,
    judul: str,
    pemilik_strategi: str,
    waktu_penyelesaian: str,
    tujuan: str,
    indikator_target: str,
    pihak_terlibat: str = "",
    penerima_manfaat: str = "",
    anggaran: str = "",
    versi: int | None = None,
) -> Workblock:
    """Change a workblock's head; `versi` is its version the form was opened on (None: unchecked)."""
    skp = _lock_skp(workblock.skp_id)
    require_editable(skp)
    _require_jpt(skp)
    workblock = _fresh_unchanged(
        Workblock.objects.filter(skp=skp),
        workblock.pk,
        _(WORKBLOCK_HILANG),
        versi=versi,
        changes=lambda now: (
            _("workblock kini “%(judul)s”, tujuan “%(tujuan)s”") % {"judul": now.judul, "tujuan": now.tujuan}
        ),
        isian=[
            _("judul “%(judul)s”") % {"judul": (judul or "").strip()},
            _("tujuan “%(tujuan)s”") % {"tujuan": (tujuan or "").strip()},
        ],
    )
    values = _workblock_values(
        judul=judul,
        pemilik_strategi=pemilik_strategi,
        waktu_penyelesaian=waktu_penyelesaian,
        tujuan=tujuan,
        indikator_target=indikator_target,
        pihak_terlibat=pihak_terlibat,
        penerima_manfaat=penerima_manfaat,
        anggaran=anggaran,
    )
    for name, value in values.items():
        setattr(workblock, name, value)
    workblock.save(update_fields=[*values, "updated_at"])
    return workblock


@transaction.atomic
def workblock_delete(*, workblock: Workblock) -> None:
    """The workblock with its strategi and keluaran kunci."""
    skp = _lock_skp(workblock.skp_id)
    require_editable(skp)
    _fresh(Workblock.objects.filter(skp=skp), workblock.pk, _(WORKBLOCK_HILANG)).delete()


def _item_values(jenis: str, sifat: str, teks: str) -> str:
    errors: dict[str, list[ValidationError]] = {}
    if jenis not in WorkblockItem.Jenis.values:
        errors["jenis"] = [ValidationError(_("Pilih strategi (kegiatan kunci) atau keluaran kunci (milestone)."))]
    if sifat not in WorkblockItem.Sifat.values:
        errors["sifat"] = [ValidationError(_("Pilih rutin atau transformatif."))]
    try:
        teks = _teks(teks)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    return teks


@transaction.atomic
def workblock_item_add(*, workblock: Workblock, jenis: str, sifat: str, teks: str) -> WorkblockItem:
    """A strategi (kegiatan kunci) or keluaran kunci (milestone), rutin or transformatif."""
    skp = _lock_skp(workblock.skp_id)
    require_editable(skp)
    _require_jpt(skp)
    teks = _item_values(jenis, sifat, teks)
    workblock = _fresh(Workblock.objects.filter(skp=skp), workblock.pk, _(WORKBLOCK_HILANG))
    urutan = _next_urutan(WorkblockItem.objects.filter(workblock=workblock, jenis=jenis, sifat=sifat))
    return WorkblockItem.objects.create(workblock=workblock, jenis=jenis, sifat=sifat, teks=teks, urutan=urutan)


@transaction.atomic
def workblock_item_update(*, item: WorkblockItem, teks: str, versi: int | None = None) -> WorkblockItem:
    """Change an item's text; `versi` is its version the form was opened on (None: unchecked)."""
    skp = _lock_skp(_skp_id_of(WorkblockItem.objects.all(), "workblock__skp_id", item.pk, _(BUTIR_HILANG)))
    require_editable(skp)
    _require_jpt(skp)
    item = _fresh_unchanged(
        WorkblockItem.objects.filter(workblock__skp=skp),
        item.pk,
        _(BUTIR_HILANG),
        versi=versi,
        changes=lambda now: _("butir workblock kini “%(teks)s”") % {"teks": now.teks},
        isian=[_("isi “%(teks)s”") % {"teks": (teks or "").strip()}],
    )
    teks = _teks(teks)
    item.teks = teks
    item.save(update_fields=["teks", "updated_at"])
    return item


@transaction.atomic
def workblock_item_delete(*, item: WorkblockItem) -> None:
    skp = _lock_skp(_skp_id_of(WorkblockItem.objects.all(), "workblock__skp_id", item.pk, _(BUTIR_HILANG)))
    require_editable(skp)
    _fresh(WorkblockItem.objects.filter(workblock__skp=skp), item.pk, _(BUTIR_HILANG)).delete()
