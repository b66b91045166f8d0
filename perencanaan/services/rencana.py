"""The plan of an SKP (SPEC §4.2): rencana hasil kerja, their IKI, Salin and the Manual Indikator.

Every write locks the SKP row and calls `require_editable` first, so that a plan cannot change
while (or after) it is submitted. Input problems are `ValidationError`s keyed by the field they
concern, in Indonesian; a locked SKP is a `SkpTransitionError`.

What may be copied ("Salin", seed 003):
- a JPT copies a sasaran strategis of the Perjanjian Kinerja of their unit kerja, or of a unit
  above it, for the SKP's year, as a rencana kinerja; and an indikator of such a PK as an IKI;
- a JA/JF pegawai copies a peran hasil given to them in a leader's Matriks Peran Hasil for an
  overlapping period as an RHK, with the leader's RHK as the RHK it intervenes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, Max, QuerySet, Value, When
from django.utils.translation import gettext as _

from organisasi.konflik import StaleEditError, refuse_if_changed, stale_error
from organisasi.models import UnitKerja

from ..models import (
    AspekHasilKerja,
    Iki,
    IndikatorKinerja,
    JenisRhk,
    ManualIndikator,
    PeranHasil,
    Perspektif,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
)
from ..rules import target_errors
from ..selectors import leader_rhk_choices, peran_for_pegawai
from .skp import require_editable

TEKS_MAX_LENGTH = 2000
PENUGASAN_MAX_LENGTH = 255
TARGET_MAX_DIGITS = 18
TARGET_DECIMAL_PLACES = 4
TARGET_LIMIT = Decimal(10) ** (TARGET_MAX_DIGITS - TARGET_DECIMAL_PLACES)


# --- Sources that may be copied --------------------------------------------------------------


def unit_and_ancestor_ids(unit: UnitKerja | None) -> list[int]:
    """The unit and every unit above it, nearest first, from one query over the instansi's tree."""
    if unit is None:
        return []
    parent_of = dict(UnitKerja.objects.filter(instansi_id=unit.instansi_id).values_list("pk", "induk_id"))
    ids: list[int] = []
    node: int | None = unit.pk
    while node is not None and node not in ids:  # a looping tree must not hang us
        ids.append(node)
        node = parent_of.get(node)
    return ids


def _skp_unit(skp: Skp) -> UnitKerja | None:
    return skp.unit_kerja if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja


def pk_sasaran_choices(skp: Skp) -> QuerySet[SasaranStrategis]:
    """Sasaran strategis of the PK of the SKP's unit kerja or of a unit above it, for its year;
    the pegawai's own unit first."""
    ids = unit_and_ancestor_ids(_skp_unit(skp))
    if not ids:
        return SasaranStrategis.objects.none()
    nearness = Case(
        *(When(perjanjian__unit_kerja_id=unit_id, then=Value(i)) for i, unit_id in enumerate(ids)),
        output_field=IntegerField(),
    )
    return (
        SasaranStrategis.objects.filter(perjanjian__unit_kerja_id__in=ids, perjanjian__tahun=skp.tahun)
        .select_related("perjanjian__unit_kerja")
        .annotate(kedekatan=nearness)
        .order_by("kedekatan", "urutan", "pk")
    )


def pk_indikator_choices(skp: Skp, sasaran: SasaranStrategis | None = None) -> QuerySet[IndikatorKinerja]:
    """Indikator of those sasaran (only of `sasaran` when given and allowed)."""
    allowed = pk_sasaran_choices(skp)
    qs = IndikatorKinerja.objects.filter(sasaran__in=allowed.values("pk"))
    if sasaran is not None:
        qs = qs.filter(sasaran=sasaran)
    return qs.select_related("satuan", "sasaran").order_by("sasaran__urutan", "sasaran_id", "urutan", "pk")


# --- Helpers -----------------------------------------------------------------------------------


def bump_versi_rencana(skp: Skp) -> None:
    """Count one more change of the plan; the caller holds the SKP row lock."""
    Skp.objects.filter(pk=skp.pk).update(versi_rencana=F("versi_rencana") + 1)
    skp.versi_rencana += 1


def _lock(skp: Skp, *, versi: int | None = None, on_stale: Callable[[], StaleEditError] | None = None) -> Skp:
    """The SKP row locked for the rest of the transaction, checked editable and (when the form sent
    the `versi` it was opened on) unchanged since; the plan's version is then counted up."""
    locked = Skp.objects.select_for_update().get(pk=skp.pk)
    require_editable(locked)
    if versi is not None and versi != locked.versi_rencana:
        raise on_stale() if on_stale is not None else stale_error(changes=[], isian=[])
    # Keep the caller's loaded relations (pegawai, unit …) but trust the fresh status.
    skp.status, skp.versi_rencana = locked.status, locked.versi_rencana
    bump_versi_rencana(skp)
    return skp


def _next_urutan(skp: Skp, jenis: str) -> int:
    current = Rhk.objects.filter(skp=skp, jenis=jenis).aggregate(m=Max("urutan"))["m"]
    return (current or 0) + 1


def _next_iki_urutan(rhk: Rhk) -> int:
    current = Iki.objects.filter(rhk=rhk).aggregate(m=Max("urutan"))["m"]
    return (current or 0) + 1


def format_number(value: Decimal) -> str:
    """20.0000 → "20", 95.5000 → "95,5" (Indonesian decimal comma, no exponent)."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _target_value_errors(name: str, value: Decimal | None) -> dict[str, str]:
    if value is None:
        return {}
    if not value.is_finite():
        return {name: _("Target harus berupa angka.")}
    if value < 0:
        return {name: _("Target tidak boleh negatif.")}
    if abs(value) >= TARGET_LIMIT:
        return {name: _("Target terlalu besar.")}
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -TARGET_DECIMAL_PLACES:
        return {name: _("Target paling banyak memiliki %(n)s angka di belakang koma.") % {"n": TARGET_DECIMAL_PLACES}}
    return {}


def _clean_text(value: str, *, field: str, required_message: str, max_length: int) -> tuple[str, dict[str, str]]:
    text = (value or "").strip()
    if not text:
        return text, {field: required_message}
    if len(text) > max_length:
        return text, {field: _("Paling banyak %(n)s karakter.") % {"n": max_length}}
    return text, {}


# --- Rencana hasil kerja --------------------------------------------------------------------------


def _check_rhk(
    skp: Skp,
    *,
    jenis: str,
    teks: str,
    penugasan_dari: str,
    intervensi: Rhk | None,
    current_intervensi_id: int | None = None,
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if jenis not in JenisRhk.values:
        errors["jenis"] = _("Pilih kinerja utama atau kinerja tambahan.")
    teks, teks_errors = _clean_text(
        teks, field="teks", required_message=_("Rencana hasil kerja wajib diisi."), max_length=TEKS_MAX_LENGTH
    )
    errors.update(teks_errors)
    penugasan_dari = (penugasan_dari or "").strip()
    if len(penugasan_dari) > PENUGASAN_MAX_LENGTH:
        errors["penugasan_dari"] = _("Paling banyak %(n)s karakter.") % {"n": PENUGASAN_MAX_LENGTH}
    if intervensi is not None:
        if skp.is_jpt:
            errors["intervensi"] = _("SKP JPT tidak memuat RHK pimpinan yang diintervensi.")
        elif intervensi.pk != current_intervensi_id and not leader_rhk_choices(skp).filter(pk=intervensi.pk).exists():
            errors["intervensi"] = _(
                "Pilih RHK pimpinan yang diintervensi dari SKP pejabat penilai Anda untuk periode yang sama."
            )
    if errors:
        raise ValidationError(errors)
    return teks, penugasan_dari


@transaction.atomic
def rhk_create(*, skp: Skp, jenis: str, teks: str, penugasan_dari: str = "", intervensi: Rhk | None = None) -> Rhk:
    """A rencana hasil kerja typed by the pegawai (utama or tambahan)."""
    skp = _lock(skp)
    teks, penugasan_dari = _check_rhk(skp, jenis=jenis, teks=teks, penugasan_dari=penugasan_dari, intervensi=intervensi)
    return Rhk.objects.create(
        skp=skp,
        jenis=jenis,
        teks=teks,
        penugasan_dari=penugasan_dari,
        intervensi=intervensi,
        urutan=_next_urutan(skp, jenis),
    )


@transaction.atomic
def rhk_update(
    *,
    rhk: Rhk,
    jenis: str,
    teks: str,
    penugasan_dari: str = "",
    intervensi: Rhk | None = None,
    versi: int | None = None,
) -> Rhk:
    """Change the text, kind, assigning jabatan or intervened RHK; the current intervensi stays
    allowed even if the leader's SKP has moved on since it was copied. `versi` is this RHK's
    version the edit form was opened on: changed since, the save is refused."""
    skp = _lock(rhk.skp)
    current = Rhk.objects.select_for_update().filter(pk=rhk.pk).first()
    refuse_if_changed(
        current,
        versi=versi,
        model=Rhk,
        pk=rhk.pk,
        changes=lambda: [_stale_rhk_change(rhk, current)],
        isian=[_("rencana hasil kerja “%(teks)s”") % {"teks": (teks or "").strip()}],
    )
    if current is None:
        raise ValidationError(_("Rencana hasil kerja itu sudah tidak ada."), code="sudah_dihapus")
    # The caller's row may be older than the locked one (its checks and ordering go by the latter).
    rhk.jenis, rhk.urutan, rhk.intervensi_id = current.jenis, current.urutan, current.intervensi_id
    teks, penugasan_dari = _check_rhk(
        skp,
        jenis=jenis,
        teks=teks,
        penugasan_dari=penugasan_dari,
        intervensi=intervensi,
        current_intervensi_id=rhk.intervensi_id,
    )
    if jenis != rhk.jenis:
        rhk.urutan = _next_urutan(skp, jenis)
    rhk.jenis, rhk.teks, rhk.penugasan_dari, rhk.intervensi = jenis, teks, penugasan_dari, intervensi
    rhk.save(update_fields=["jenis", "teks", "penugasan_dari", "intervensi", "urutan", "updated_at"])
    return rhk


def _stale_rhk_change(rhk: Rhk, current: Rhk | None) -> str:
    # The form does not carry the values it was opened with: name what is current now.
    if current is None:
        return _("rencana hasil kerja “%(teks)s” telah dihapus") % {"teks": rhk.teks}
    return _("rencana hasil kerja kini “%(teks)s” (%(jenis)s)") % {
        "teks": current.teks,
        "jenis": current.get_jenis_display().lower(),
    }


@transaction.atomic
def rhk_delete(*, rhk: Rhk) -> None:
    """Delete an RHK with its IKI — but not one that subordinates already build on."""
    _lock(rhk.skp)
    dipakai = Rhk.objects.filter(intervensi=rhk).exists()
    dibagi = PeranHasil.objects.filter(baris__matriks__rhk=rhk).exists()
    if dipakai or dibagi:
        raise ValidationError(
            _(
                "RHK ini sudah dibagikan kepada bawahan melalui Matriks Peran Hasil atau diintervensi oleh RHK "
                "bawahan, sehingga tidak dapat dihapus. Ubah teksnya, atau hapus lebih dulu peran hasilnya."
            )
        )
    rhk.delete()


@transaction.atomic
def rhk_copy_from_sasaran(*, skp: Skp, sasaran: SasaranStrategis, jenis: str = JenisRhk.UTAMA) -> Rhk:
    """Salin: a sasaran strategis of the unit's PK becomes a rencana kinerja of a JPT."""
    skp = _lock(skp)
    if not skp.is_jpt:
        raise ValidationError(
            _("Salin sasaran strategis hanya untuk SKP JPT. SKP JA/JF menyalin peran dari Matriks Peran Hasil.")
        )
    if jenis not in JenisRhk.values:
        raise ValidationError({"jenis": _("Pilih kinerja utama atau kinerja tambahan.")})
    if not pk_sasaran_choices(skp).filter(pk=sasaran.pk).exists():
        raise ValidationError(
            {
                "sasaran": _(
                    "Sasaran strategis ini bukan bagian Perjanjian Kinerja unit kerja Anda (atau unit di atasnya) "
                    "tahun %(tahun)s."
                )
                % {"tahun": skp.tahun}
            }
        )
    if Rhk.objects.filter(skp=skp, sasaran_pk=sasaran).exists():
        raise ValidationError({"sasaran": _("Sasaran strategis ini sudah disalin menjadi rencana kinerja.")})
    return Rhk.objects.create(
        skp=skp, jenis=jenis, teks=sasaran.teks, sasaran_pk=sasaran, urutan=_next_urutan(skp, jenis)
    )


@transaction.atomic
def rhk_copy_from_peran(*, skp: Skp, peran: PeranHasil, jenis: str = JenisRhk.UTAMA) -> Rhk:
    """Salin: a peran hasil given to the pegawai becomes their RHK, intervening the leader's RHK."""
    skp = _lock(skp)
    if skp.is_jpt:
        raise ValidationError(_("Salin peran hasil hanya untuk SKP JA/JF."))
    if jenis not in JenisRhk.values:
        raise ValidationError({"jenis": _("Pilih kinerja utama atau kinerja tambahan.")})
    source = (
        peran_for_pegawai(skp.pegawai, skp)
        .filter(pk=peran.pk, baris__matriks__rhk__skp__pegawai__instansi_id=skp.pegawai.instansi_id)
        .select_related("baris__matriks__rhk__skp__jabatan")
        .first()
    )
    if source is None:
        raise ValidationError({"peran": _("Peran hasil ini tidak diberikan kepada Anda untuk periode SKP ini.")})
    if Rhk.objects.filter(skp=skp, peran_asal=source).exists():
        raise ValidationError({"peran": _("Peran hasil ini sudah disalin menjadi rencana hasil kerja.")})
    leader_rhk = source.baris.matriks.rhk
    return Rhk.objects.create(
        skp=skp,
        jenis=jenis,
        teks=source.teks,
        peran_asal=source,
        intervensi=leader_rhk,
        penugasan_dari=leader_rhk.skp.jabatan.nama[:PENUGASAN_MAX_LENGTH],
        urutan=_next_urutan(skp, jenis),
    )


# --- Indikator kinerja individu -------------------------------------------------------------------


class IkiValues(TypedDict):
    teks: str
    aspek: str
    perspektif: str
    target_min: Decimal | None
    target_max: Decimal | None
    target_teks: str
    satuan: Satuan | None


def _check_iki(
    skp: Skp,
    *,
    teks: str,
    aspek: str,
    perspektif: str,
    target_min: Decimal | None,
    target_max: Decimal | None,
    target_teks: str,
    satuan: Satuan | None,
) -> IkiValues:
    """The IKI's values as they will be stored, or a ValidationError naming every problem."""
    errors: dict[str, str] = {}
    teks, teks_errors = _clean_text(
        teks,
        field="teks",
        required_message=_("Indikator kinerja individu wajib diisi."),
        max_length=TEKS_MAX_LENGTH,
    )
    errors.update(teks_errors)
    aspek = aspek or ""
    perspektif = perspektif or ""
    target_teks = (target_teks or "").strip()

    if not skp.is_jpt and skp.is_kuantitatif:
        if aspek not in AspekHasilKerja.values:
            errors["aspek"] = _("Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya.")
    elif aspek:
        errors["aspek"] = _("Aspek hanya diisi pada SKP JA/JF pendekatan kuantitatif.")

    if skp.is_jpt:
        if perspektif not in Perspektif.values:
            errors["perspektif"] = _(
                "Pilih perspektif: Penerima Layanan, Proses Bisnis, Penguatan Internal atau Anggaran."
            )
    elif perspektif:
        errors["perspektif"] = _("Perspektif hanya diisi pada SKP JPT.")

    if skp.is_kuantitatif:
        if target_min is None:
            errors["target_min"] = _("Target wajib diisi dengan angka.")
        errors.update(_target_value_errors("target_min", target_min))
        errors.update(_target_value_errors("target_max", target_max))
        if target_max is not None and target_min is not None and "target_min" not in errors:
            errors.update(target_errors(target_min=target_min, target_max=target_max))
        if satuan is None:
            errors["satuan"] = _("Pilih satuan target.")
        if target_teks:
            errors["target_teks"] = _("Pada pendekatan kuantitatif target diisi dengan angka dan satuan.")
    else:
        if target_min is not None or target_max is not None or satuan is not None:
            errors["target_min"] = _("Pada pendekatan kualitatif target ditulis secara deskriptif.")
        if len(target_teks) > TEKS_MAX_LENGTH:
            errors["target_teks"] = _("Paling banyak %(n)s karakter.") % {"n": TEKS_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    if target_max is not None and target_max == target_min:
        target_max = None  # "95–95" is simply 95
    return IkiValues(
        teks=teks,
        aspek=aspek,
        perspektif=perspektif,
        target_min=target_min,
        target_max=target_max,
        target_teks=target_teks,
        satuan=satuan,
    )


@transaction.atomic
def iki_create(
    *,
    rhk: Rhk,
    teks: str,
    aspek: str = "",
    perspektif: str = "",
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    target_teks: str = "",
    satuan: Satuan | None = None,
) -> Iki:
    """An IKI under the RHK, shaped by the SKP's variant:

    JPT kuantitatif: target + satuan + perspektif; JA/JF kuantitatif: aspek + target (a value or a
    range min–max) + satuan; kualitatif: a descriptive target (JPT adds perspektif).
    """
    skp = _lock(rhk.skp)
    values = _check_iki(
        skp,
        teks=teks,
        aspek=aspek,
        perspektif=perspektif,
        target_min=target_min,
        target_max=target_max,
        target_teks=target_teks,
        satuan=satuan,
    )
    return Iki.objects.create(rhk=rhk, urutan=_next_iki_urutan(rhk), **values)


@transaction.atomic
def iki_update(
    *,
    iki: Iki,
    teks: str,
    aspek: str = "",
    perspektif: str = "",
    target_min: Decimal | None = None,
    target_max: Decimal | None = None,
    target_teks: str = "",
    satuan: Satuan | None = None,
    versi: int | None = None,
) -> Iki:
    """Change an IKI. `versi` is the plan version the edit form was opened on: when the plan changed
    since, the save is refused naming this IKI's current values and the user's input."""
    skp = _lock(
        iki.rhk.skp,
        versi=versi,
        on_stale=lambda: _stale_iki(
            iki, teks=teks, target_min=target_min, target_max=target_max, target_teks=target_teks, satuan=satuan
        ),
    )
    values = _check_iki(
        skp,
        teks=teks,
        aspek=aspek,
        perspektif=perspektif,
        target_min=target_min,
        target_max=target_max,
        target_teks=target_teks,
        satuan=satuan,
    )
    iki.teks, iki.aspek, iki.perspektif = values["teks"], values["aspek"], values["perspektif"]
    iki.target_min, iki.target_max = values["target_min"], values["target_max"]
    iki.target_teks, iki.satuan = values["target_teks"], values["satuan"]
    iki.save(update_fields=[*values.keys(), "updated_at"])
    return iki


def _iki_target(target_min: Decimal | None, target_max: Decimal | None, target_teks: str, satuan: object) -> str:
    if target_min is None:
        return target_teks or "—"
    label = format_number(target_min)
    if target_max is not None:
        label += f" – {format_number(target_max)}"
    return f"{label} {satuan}" if satuan else label


def _stale_iki(
    iki: Iki,
    *,
    teks: str,
    target_min: Decimal | None,
    target_max: Decimal | None,
    target_teks: str,
    satuan: Satuan | None,
) -> StaleEditError:
    # The form does not carry the values it was opened with, so the message names the values
    # that are current now; the user compares them with their own input below.
    now = Iki.objects.select_related("satuan").filter(pk=iki.pk).first()
    if now is None:
        changes = [_("IKI “%(iki)s” telah dihapus") % {"iki": iki.teks}]
    else:
        changes = [
            _("rencana SKP ini diubah; IKI kini “%(iki)s” dengan target %(target)s")
            % {"iki": now.teks, "target": _iki_target(now.target_min, now.target_max, now.target_teks, now.satuan)}
        ]
    isian = [
        _("indikator “%(teks)s”") % {"teks": teks.strip()},
        _("target %(target)s") % {"target": _iki_target(target_min, target_max, target_teks.strip(), satuan)},
    ]
    return stale_error(changes=changes, isian=isian)


@transaction.atomic
def iki_delete(*, iki: Iki) -> None:
    _lock(iki.rhk.skp)
    iki.delete()


@transaction.atomic
def iki_copy_from_indikator(*, rhk: Rhk, indikator: IndikatorKinerja, perspektif: str) -> Iki:
    """Salin: an indikator of the unit's PK becomes an IKI of a JPT's rencana kinerja, with its
    target and satuan (kualitatif: the target written out)."""
    skp = _lock(rhk.skp)
    if not skp.is_jpt:
        raise ValidationError(_("Salin indikator Perjanjian Kinerja hanya untuk SKP JPT."))
    source = pk_indikator_choices(skp).filter(pk=indikator.pk).first()
    if source is None:
        raise ValidationError(
            {
                "indikator": _(
                    "Indikator ini bukan bagian Perjanjian Kinerja unit kerja Anda (atau unit di atasnya) "
                    "tahun %(tahun)s."
                )
                % {"tahun": skp.tahun}
            }
        )
    if Iki.objects.filter(rhk=rhk, indikator_pk=source).exists():
        raise ValidationError({"indikator": _("Indikator ini sudah disalin ke rencana kinerja ini.")})
    kuantitatif = skp.is_kuantitatif
    values = _check_iki(
        skp,
        teks=source.teks,
        aspek="",
        perspektif=perspektif,
        target_min=source.target if kuantitatif else None,
        target_max=None,
        target_teks="" if kuantitatif else f"{format_number(source.target)} {source.satuan.nama}",
        satuan=source.satuan if kuantitatif else None,
    )
    return Iki.objects.create(rhk=rhk, indikator_pk=source, urutan=_next_iki_urutan(rhk), **values)


# --- Manual indikator ----------------------------------------------------------------------------

MANUAL_TEXT_FIELDS: dict[str, int | None] = {
    "deskripsi_rencana_kerja": None,
    "definisi": None,
    "formula": None,
    "tujuan": None,
    "satuan_pengukuran": 100,
    "penanggung_jawab": 200,
    "penyedia_data": 200,
    "sumber_data": 255,
}


@transaction.atomic
def manual_indikator_save(
    *,
    iki: Iki,
    deskripsi_rencana_kerja: str,
    definisi: str,
    formula: str,
    tujuan: str,
    satuan_pengukuran: str,
    jenis_kendali: str,
    penanggung_jawab: str,
    penyedia_data: str,
    sumber_data: str,
    periode_pelaporan: str,
    versi: int | None = None,
) -> ManualIndikator:
    """Create or replace the Manual Indikator Kinerja of a JPT's IKI (seed 000 lampiran 5).

    Formula and satuan pengukuran are optional for the kualitatif approach only. `versi` is the
    version of the manual the form was opened on (0: none yet); changed since, the save is refused.
    """
    skp = _lock(iki.rhk.skp)
    if not skp.is_jpt:
        raise ValidationError(_("Manual indikator hanya untuk SKP JPT dan pimpinan unit kerja mandiri."))
    current = ManualIndikator.objects.select_for_update().filter(iki=iki).first()
    refuse_if_changed(
        current,
        versi=versi,
        model=ManualIndikator,
        pk=current.pk if current is not None else "",
        changes=lambda: [_stale_manual_change(current)],
        isian=[
            _("definisi “%(teks)s”") % {"teks": (definisi or "").strip()},
            _("formula “%(teks)s”") % {"teks": (formula or "").strip()},
        ],
    )
    raw = {
        "deskripsi_rencana_kerja": deskripsi_rencana_kerja,
        "definisi": definisi,
        "formula": formula,
        "tujuan": tujuan,
        "satuan_pengukuran": satuan_pengukuran,
        "penanggung_jawab": penanggung_jawab,
        "penyedia_data": penyedia_data,
        "sumber_data": sumber_data,
    }
    required = {"definisi", "tujuan", "penanggung_jawab", "penyedia_data", "sumber_data"}
    if skp.is_kuantitatif:
        required |= {"formula", "satuan_pengukuran"}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        text = (value or "").strip()
        max_length = MANUAL_TEXT_FIELDS[name]
        if name in required and not text:
            errors[name] = _("Bagian ini wajib diisi.")
        elif max_length is not None and len(text) > max_length:
            errors[name] = _("Paling banyak %(n)s karakter.") % {"n": max_length}
        values[name] = text
    if jenis_kendali not in ManualIndikator.JenisKendali.values:
        errors["jenis_kendali"] = _("Pilih jenis IKU.")
    if periode_pelaporan not in ManualIndikator.PeriodePelaporan.values:
        errors["periode_pelaporan"] = _("Pilih periode pelaporan.")
    if errors:
        raise ValidationError(errors)
    manual, _created = ManualIndikator.objects.update_or_create(
        iki=iki, defaults={**values, "jenis_kendali": jenis_kendali, "periode_pelaporan": periode_pelaporan}
    )
    return manual


def _stale_manual_change(current: ManualIndikator | None) -> str:
    if current is None:
        return _("manual indikator ini telah dihapus")
    return _("manual indikator kini berdefinisi “%(definisi)s” dengan formula “%(formula)s”") % {
        "definisi": current.definisi,
        "formula": current.formula or "—",
    }
