"""The pejabat penilai's evaluation of an SKP in a period (SPEC §6.2, §6.4; seed 003 "SKP Bawahan").

A state machine with one service per move:

    (none) --simpan--> draft --simpan--> draft --berikan--> diberikan --terima--> diberikan (+diterima_pada)

A draft is the penilai's working copy: invisible to the pegawai, changed in place. Once given
(diberikan) an evaluation is never edited again; a keberatan decision that changes it makes a new
version (services/keberatan.py). The predikat is always computed from the two ratings.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.identitas import identitas_of
from organisasi.konflik import StaleEditError, stale_error
from organisasi.models import Pegawai
from pelaksanaan.models import Periode
from perencanaan.models import Skp, StatusSkp

from ..models import CapaianUnit, Evaluasi, Rating, StatusEvaluasi
from ..rules import predikat_from_ratings

CATATAN_MAX_LENGTH = 4000


class AksiEvaluasi(enum.Enum):
    SIMPAN = "simpan"
    BERIKAN = "berikan"
    TERIMA = "terima"


# The allowed moves: action -> (statuses it may start from (None: no evaluation yet), status after).
TRANSITIONS: dict[AksiEvaluasi, tuple[frozenset[str | None], str]] = {
    AksiEvaluasi.SIMPAN: (frozenset({None, StatusEvaluasi.DRAFT}), StatusEvaluasi.DRAFT),
    AksiEvaluasi.BERIKAN: (frozenset({StatusEvaluasi.DRAFT}), StatusEvaluasi.DIBERIKAN),
    AksiEvaluasi.TERIMA: (frozenset({StatusEvaluasi.DIBERIKAN}), StatusEvaluasi.DIBERIKAN),
}


def _refusal(aksi: AksiEvaluasi, status: str | None) -> str:
    if status == StatusEvaluasi.DIBERIKAN and aksi is not AksiEvaluasi.TERIMA:
        return _("Evaluasi ini sudah diberikan kepada pegawai dan tidak dapat diubah lagi.")
    if aksi is AksiEvaluasi.TERIMA:
        return _("Evaluasi ini belum diberikan kepada pegawai.")
    return _("Evaluasi tidak dapat diproses dari status ini.")


def transition_target(aksi: AksiEvaluasi, status: str | None) -> str:
    """The status after `aksi` from `status`; a ValidationError when the move is not allowed."""
    allowed_from, target = TRANSITIONS[aksi]
    if status not in allowed_from:
        raise ValidationError(_refusal(aksi, status), code="transisi")
    return target


# --- Checks shared by the services ---------------------------------------------------------------


def unit_id_of_skp(skp: Skp) -> int | None:
    """The unit an SKP belongs to: the one recorded on it, else the pegawai's."""
    return skp.unit_kerja_id if skp.unit_kerja_id is not None else skp.pegawai.unit_kerja_id


def _revised_on(skp: Skp) -> datetime | None:
    revisi = Skp.objects.filter(revisi_dari=skp).only("created_at").first()
    return revisi.created_at if revisi is not None else None


def check_skp_for_periode(skp: Skp, periode: Periode) -> None:
    """The SKP is evaluated in this period: it was set (or, once revised, the period began while
    it was in force) and the period is one of the instansi's that overlaps the SKP."""
    if periode.instansi_id != skp.pegawai.instansi_id or not periode.overlaps(skp.periode_mulai, skp.periode_selesai):
        raise ValidationError({"periode": _("Periode ini bukan periode evaluasi SKP tersebut.")}, code="periode")
    if skp.status == StatusSkp.DITETAPKAN:
        return
    if skp.status == StatusSkp.DIREVISI:
        revised = _revised_on(skp)
        if revised is None or periode.mulai <= timezone.localdate(revised):
            return
        raise ValidationError(
            _("SKP versi ini sudah digantikan revisi sebelum periode %(periode)s; evaluasi dilakukan pada SKP revisi.")
            % {"periode": periode},
            code="skp_direvisi",
        )
    raise ValidationError(
        _("SKP belum ditetapkan (status: %(status)s); evaluasi hanya untuk SKP yang sudah ditetapkan.")
        % {"status": StatusSkp(skp.status).label},
        code="skp_belum_ditetapkan",
    )


def _penilai_for(skp: Skp, by: User | None) -> Pegawai:
    """Only the SKP's pejabat penilai evaluates it; `by=None` is the system (demo data, imports)."""
    if skp.pejabat_penilai_id is None:
        raise ValidationError(_("SKP ini tidak memiliki pejabat penilai kinerja."), code="tanpa_penilai")
    if by is not None:
        pegawai = pegawai_of(by)
        if pegawai is None or pegawai.pk != skp.pejabat_penilai_id:
            raise ValidationError(
                _("Hanya pejabat penilai kinerja SKP ini yang dapat mengevaluasinya."), code="bukan_penilai"
            )
    penilai = skp.pejabat_penilai
    assert penilai is not None
    return penilai


def _rating(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if value and value not in Rating.values:
        raise ValidationError({field: _("Pilih salah satu rating yang tersedia.")}, code="rating")
    return value


def _predikat(rating_hasil: str, rating_perilaku: str) -> str:
    if not rating_hasil or not rating_perilaku:
        return ""
    return str(predikat_from_ratings(hasil_kerja=rating_hasil, perilaku_kerja=rating_perilaku))


def capaian_organisasi_of(skp: Skp, periode: Periode) -> str:
    """The capaian kinerja organisasi currently set for the SKP's unit in the period ('' if none)."""
    unit_id = unit_id_of_skp(skp)
    if unit_id is None:
        return ""
    row = CapaianUnit.objects.filter(unit_kerja_id=unit_id, periode=periode, diganti_pada__isnull=True).first()
    return row.capaian if row is not None else ""


def _current_locked(skp: Skp, periode: Periode) -> Evaluasi | None:
    return Evaluasi.objects.select_for_update().current().filter(skp=skp, periode=periode).first()


# --- Services --------------------------------------------------------------------------------------


@transaction.atomic
def evaluasi_save(
    *,
    skp: Skp,
    periode: Periode,
    rating_hasil: str,
    rating_perilaku: str,
    catatan: str,
    by: User | None,
    versi: int | None = None,
) -> Evaluasi:
    """Create or update the draft evaluation of (skp, periode). A rating may stay empty in a draft;
    the predikat is then empty too.

    `versi` is the draft's `versi_draf` the form was opened on (0: there was no draft yet); when
    someone saved the draft since, the save is refused with `StaleEditError`. None: not checked
    (data loaders that have no form in front of a person)."""
    penilai = _penilai_for(skp, by)
    check_skp_for_periode(skp, periode)
    rating_hasil = _rating(rating_hasil, "rating_hasil")
    rating_perilaku = _rating(rating_perilaku, "rating_perilaku")
    catatan = (catatan or "").strip()
    if len(catatan) > CATATAN_MAX_LENGTH:
        raise ValidationError(
            {"catatan": _("Catatan paling banyak %(max)d karakter.") % {"max": CATATAN_MAX_LENGTH}}, code="catatan"
        )
    evaluasi = _current_locked(skp, periode)
    transition_target(AksiEvaluasi.SIMPAN, evaluasi.status if evaluasi is not None else None)
    if versi is not None and versi != (evaluasi.versi_draf if evaluasi is not None else 0):
        raise _stale_draft(evaluasi, rating_hasil=rating_hasil, rating_perilaku=rating_perilaku, catatan=catatan)
    now = timezone.now()
    fields = {
        "rating_hasil": rating_hasil,
        "rating_perilaku": rating_perilaku,
        "predikat": _predikat(rating_hasil, rating_perilaku),
        "catatan": catatan,
        "capaian_organisasi": capaian_organisasi_of(skp, periode),
        "penilai": penilai,
        "diubah_pada": now,
        "diubah_oleh": by,
    }
    if evaluasi is None:
        try:
            with transaction.atomic():
                return Evaluasi.objects.create(
                    skp=skp, periode=periode, status=StatusEvaluasi.DRAFT, dibuat_oleh=by, dibuat_pada=now, **fields
                )
        except IntegrityError as exc:
            raise ValidationError(
                _("Evaluasi ini baru saja disimpan oleh sesi lain. Muat ulang halaman lalu coba lagi."),
                code="bersamaan",
            ) from exc
    for name, value in fields.items():
        setattr(evaluasi, name, value)
    evaluasi.versi_draf += 1
    evaluasi.save(update_fields=[*fields, "versi_draf"])
    return evaluasi


def _rating_label(value: str) -> str:
    return str(Rating(value).label) if value else _("(belum dipilih)")


def _stale_draft(evaluasi: Evaluasi | None, *, rating_hasil: str, rating_perilaku: str, catatan: str) -> StaleEditError:
    if evaluasi is None:
        return stale_error(changes=[_("draf evaluasi ini tidak ada lagi")], isian=[])
    changes = [
        _("rating hasil kerja kini %(rating)s") % {"rating": _rating_label(evaluasi.rating_hasil)},
        _("rating perilaku kerja kini %(rating)s") % {"rating": _rating_label(evaluasi.rating_perilaku)},
        _("catatan kini “%(catatan)s”") % {"catatan": evaluasi.catatan or "—"},
    ]
    isian = [
        _("rating hasil kerja %(rating)s") % {"rating": _rating_label(rating_hasil)},
        _("rating perilaku kerja %(rating)s") % {"rating": _rating_label(rating_perilaku)},
        _("catatan “%(catatan)s”") % {"catatan": catatan or "—"},
    ]
    by = evaluasi.diubah_oleh or evaluasi.dibuat_oleh
    return stale_error(by=by, when=evaluasi.diubah_pada, changes=changes, isian=isian)


@transaction.atomic
def evaluasi_give(*, evaluasi: Evaluasi, by: User | None) -> Evaluasi:
    """Give (berikan) the draft to the pegawai: both ratings required; the identities of pegawai,
    pejabat penilai and atasan pejabat penilai are frozen for the documents. Never edited after."""
    locked = Evaluasi.objects.select_for_update().select_related("skp").get(pk=evaluasi.pk)
    if locked.diganti_pada is not None:
        raise ValidationError(_("Versi evaluasi ini sudah diganti."), code="diganti")
    transition_target(AksiEvaluasi.BERIKAN, locked.status)
    skp = Skp.objects.select_related("pegawai", "pejabat_penilai").get(pk=locked.skp_id)
    _penilai_for(skp, by)
    check_skp_for_periode(skp, locked.periode)
    missing = {}
    if not locked.rating_hasil:
        missing["rating_hasil"] = _("Pilih rating hasil kerja sebelum memberikan evaluasi.")
    if not locked.rating_perilaku:
        missing["rating_perilaku"] = _("Pilih rating perilaku kerja sebelum memberikan evaluasi.")
    if missing:
        raise ValidationError(missing, code="rating_kosong")
    pegawai = Pegawai.objects.with_identity().get(pk=skp.pegawai_id)
    penilai = Pegawai.objects.with_identity().select_related("atasan").get(pk=locked.penilai_id)
    atasan = penilai.atasan and Pegawai.objects.with_identity().get(pk=penilai.atasan.pk)
    now = timezone.now()
    locked.status = StatusEvaluasi.DIBERIKAN
    locked.predikat = _predikat(locked.rating_hasil, locked.rating_perilaku)
    locked.capaian_organisasi = capaian_organisasi_of(skp, locked.periode)
    locked.identitas = {
        "pegawai": identitas_of(pegawai),
        "pejabat_penilai": identitas_of(penilai),
        "atasan_pejabat_penilai": identitas_of(atasan),
    }
    locked.diberikan_pada = now
    locked.diubah_pada = now
    locked.save(
        update_fields=["status", "predikat", "capaian_organisasi", "identitas", "diberikan_pada", "diubah_pada"]
    )
    return locked


@transaction.atomic
def evaluasi_acknowledge(*, evaluasi: Evaluasi, by: User | None) -> Evaluasi:
    """The pegawai marks the given evaluation as received (once)."""
    locked = Evaluasi.objects.select_for_update().select_related("skp").get(pk=evaluasi.pk)
    transition_target(AksiEvaluasi.TERIMA, locked.status)
    if by is not None:
        pegawai = pegawai_of(by)
        if pegawai is None or pegawai.pk != locked.skp.pegawai_id:
            raise ValidationError(
                _("Hanya pegawai yang dinilai yang dapat menandai evaluasi ini."), code="bukan_pegawai"
            )
    if locked.diganti_pada is not None:
        raise ValidationError(_("Versi evaluasi ini sudah diganti; tandai versi yang terbaru."), code="diganti")
    if locked.diterima_pada is not None:
        raise ValidationError(_("Evaluasi ini sudah ditandai diterima."), code="sudah_diterima")
    locked.diterima_pada = timezone.now()
    locked.save(update_fields=["diterima_pada"])
    return locked
