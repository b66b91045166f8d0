"""Keberatan (SPEC §6.5): diajukan → dijelaskan → diputuskan, and nothing after that.

- The pegawai files it on the evaluation given to them (the current version 1, within the
  instansi's deadline after it was given) with reasons: `keberatan_ajukan`.
- The pejabat penilai who gave the evaluation explains it: `keberatan_jelaskan`.
- The atasan pejabat penilai decides, with a recommendation: `keberatan_putuskan`. "Ubah" makes
  the changed result a new evaluation version (versi 2, `sebelumnya` = the original) and marks the
  original `diganti_pada`; the original is never edited. "Tetap" changes no evaluation.

The atasan decides only after the pejabat penilai's explanation: the document's three sections
(keberatan, penjelasan, keputusan) are filled in that order, and the decision is final, so it is
taken with both sides on the table. A penilai who does not answer is chased by the operator
(the keberatan list shows how long each one has been waiting).

Every text keeps its author and time. Illegal moves are `ValidationError`s with an Indonesian
message; each service locks the rows it changes, so two clicks cannot decide twice.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.identitas import identitas_of
from organisasi.models import Pegawai

from ..models import Evaluasi, Keberatan, Rating, StatusEvaluasi, StatusKeberatan
from ..rules import keberatan_deadline, predikat_from_ratings

TEKS_MAX_LENGTH = 5000

# The allowed moves: (from, to) → the service that makes it. "" is "no keberatan yet".
TRANSITIONS: dict[tuple[str, str], str] = {
    ("", StatusKeberatan.DIAJUKAN): "keberatan_ajukan",
    (StatusKeberatan.DIAJUKAN, StatusKeberatan.DIJELASKAN): "keberatan_jelaskan",
    (StatusKeberatan.DIJELASKAN, StatusKeberatan.DIPUTUSKAN): "keberatan_putuskan",
}


def can_move(dari: str, ke: str) -> bool:
    return (dari, ke) in TRANSITIONS


def _move(keberatan: Keberatan, ke: str) -> None:
    if not can_move(keberatan.status, ke):
        if keberatan.status == StatusKeberatan.DIPUTUSKAN:
            raise ValidationError(_("Keberatan ini sudah diputuskan; keputusan atasan pejabat penilai bersifat final."))
        if keberatan.status == StatusKeberatan.DIJELASKAN and ke == StatusKeberatan.DIJELASKAN:
            raise ValidationError(_("Penjelasan atas keberatan ini sudah diberikan."))
        if keberatan.status == StatusKeberatan.DIAJUKAN and ke == StatusKeberatan.DIPUTUSKAN:
            raise ValidationError(
                _("Keberatan belum dapat diputuskan: pejabat penilai kinerja belum memberikan penjelasan.")
            )
        raise ValidationError(
            _("Keberatan berstatus %(dari)s tidak dapat diubah menjadi %(ke)s.")
            % {"dari": StatusKeberatan(keberatan.status).label, "ke": StatusKeberatan(ke).label}
        )
    keberatan.status = ke


def _actor(by: User | None) -> Pegawai | None:
    return pegawai_of(by) if by is not None else None


def _clean_text(value: str, field: str, required_message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: required_message})
    if len(text) > TEKS_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Paling banyak %(batas)d karakter (sekarang %(jumlah)d).")
                % {"batas": TEKS_MAX_LENGTH, "jumlah": len(text)}
            }
        )
    return text


def tanggal_panjang(value: date) -> str:
    """A date as the forms write it: 14 April 2026."""
    return date_format(value, "j F Y")


def batas_keberatan(evaluasi: Evaluasi) -> date | None:
    """The last day a keberatan on this evaluation may be filed; None while it is not given."""
    if evaluasi.diberikan_pada is None:
        return None
    return keberatan_deadline(
        diberikan=timezone.localdate(evaluasi.diberikan_pada),
        batas_hari=evaluasi.skp.pegawai.instansi.batas_keberatan_hari,
    )


def keberatan_refusal(evaluasi: Evaluasi, *, today: date | None = None) -> str:
    """Why no keberatan can be filed on this evaluation now, or "" when it can (the pegawai's
    identity is checked separately). Shared by the service and the page, which explains instead of
    showing a form."""
    if evaluasi.status != StatusEvaluasi.DIBERIKAN:
        return _("Evaluasi ini belum diberikan kepada pegawai.")
    if evaluasi.versi != 1 or evaluasi.sebelumnya_id is not None:
        return _("Evaluasi ini adalah hasil keputusan atas keberatan; keputusan tersebut bersifat final.")
    if evaluasi.diganti_pada is not None:
        return _("Evaluasi ini sudah digantikan oleh versi yang lebih baru.")
    if Keberatan.objects.filter(evaluasi=evaluasi).exists():
        return _("Keberatan atas evaluasi ini sudah diajukan; keberatan hanya dapat diajukan satu kali.")
    if evaluasi.penilai.atasan_id is None:
        return _(
            "Pejabat penilai kinerja tidak memiliki atasan dalam aplikasi, sehingga tidak ada yang dapat memutuskan "
            "keberatan. Hubungi pengelola kinerja (operator)."
        )
    batas = batas_keberatan(evaluasi)
    assert batas is not None
    if (today or timezone.localdate()) > batas:
        return _("Batas waktu pengajuan keberatan adalah %(tanggal)s. Keberatan tidak dapat diajukan lagi.") % {
            "tanggal": tanggal_panjang(batas)
        }
    return ""


def _lock_evaluasi(pk: int) -> Evaluasi:
    return (
        Evaluasi.objects.select_for_update(of=("self",))
        .select_related("skp__pegawai__instansi", "penilai", "periode")
        .get(pk=pk)
    )


def _lock(keberatan: Keberatan) -> Keberatan:
    locked = Keberatan.objects.select_for_update().get(pk=keberatan.pk)
    locked.evaluasi = _lock_evaluasi(locked.evaluasi_id)
    return locked


@transaction.atomic
def keberatan_ajukan(*, evaluasi: Evaluasi, alasan: str, by: User | None, today: date | None = None) -> Keberatan:
    """The evaluated pegawai objects to the result given to them, with reasons, within the deadline."""
    evaluasi = _lock_evaluasi(evaluasi.pk)
    pegawai = _actor(by)
    if pegawai is None or pegawai.pk != evaluasi.skp.pegawai_id:
        raise ValidationError(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    refusal = keberatan_refusal(evaluasi, today=today)
    if refusal:
        raise ValidationError(refusal)
    text = _clean_text(alasan, "alasan", _("Tuliskan alasan keberatan Anda."))
    keberatan = Keberatan(evaluasi=evaluasi, status="", alasan=text, diajukan_oleh=pegawai)
    _move(keberatan, StatusKeberatan.DIAJUKAN)
    keberatan.diajukan_pada = timezone.now()
    keberatan.save()
    return keberatan


@transaction.atomic
def keberatan_jelaskan(*, keberatan: Keberatan, penjelasan: str, by: User | None) -> Keberatan:
    """The pejabat penilai who gave the evaluation explains it."""
    keberatan = _lock(keberatan)
    pegawai = _actor(by)
    if pegawai is None or pegawai.pk != keberatan.evaluasi.penilai_id:
        raise ValidationError(
            _("Hanya pejabat penilai kinerja yang memberikan evaluasi yang dapat memberi penjelasan.")
        )
    _move(keberatan, StatusKeberatan.DIJELASKAN)
    keberatan.penjelasan = _clean_text(penjelasan, "penjelasan", _("Tuliskan penjelasan Anda atas keberatan pegawai."))
    keberatan.penjelasan_oleh = pegawai
    keberatan.penjelasan_pada = timezone.now()
    keberatan.save(update_fields=["status", "penjelasan", "penjelasan_oleh", "penjelasan_pada"])
    return keberatan


def _check_ratings(original: Evaluasi, rating_hasil: str | None, rating_perilaku: str | None) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if rating_hasil not in Rating.values:
        errors["rating_hasil"] = _("Pilih rating hasil kerja yang baru.")
    if rating_perilaku not in Rating.values:
        errors["rating_perilaku"] = _("Pilih rating perilaku kerja yang baru.")
    if errors:
        raise ValidationError(errors)
    assert rating_hasil is not None and rating_perilaku is not None
    if (rating_hasil, rating_perilaku) == (original.rating_hasil, original.rating_perilaku):
        raise ValidationError(
            _(
                "Rating yang dipilih sama dengan hasil evaluasi semula. Ubah paling sedikit satu rating, "
                "atau putuskan bahwa hasil evaluasi tetap."
            )
        )
    return rating_hasil, rating_perilaku


@transaction.atomic
def keberatan_putuskan(
    *,
    keberatan: Keberatan,
    keputusan: str,
    rekomendasi: str,
    by: User | None,
    rating_hasil: str | None = None,
    rating_perilaku: str | None = None,
) -> Keberatan:
    """The atasan pejabat penilai decides, finally: keep the result, or change the ratings (and so the
    predikat) as a new evaluation version."""
    keberatan = _lock(keberatan)
    original = keberatan.evaluasi
    pegawai = _actor(by)
    if pegawai is None or pegawai.pk != original.penilai.atasan_id:
        raise ValidationError(_("Hanya atasan pejabat penilai kinerja yang dapat memutuskan keberatan."))
    _move(keberatan, StatusKeberatan.DIPUTUSKAN)
    if keputusan not in Keberatan.Keputusan.values:
        raise ValidationError({"keputusan": _("Pilih keputusan: hasil evaluasi tetap atau diubah.")})
    text = _clean_text(rekomendasi, "rekomendasi", _("Tuliskan rekomendasi atas keberatan ini."))
    now = timezone.now()
    if keputusan == Keberatan.Keputusan.UBAH:
        hasil, perilaku = _check_ratings(original, rating_hasil, rating_perilaku)
        original.diganti_pada = now
        original.save(update_fields=["diganti_pada"])
        identitas = dict(original.identitas or {})
        if not identitas.get("atasan_pejabat_penilai"):
            identitas["atasan_pejabat_penilai"] = identitas_of(Pegawai.objects.with_identity().get(pk=pegawai.pk))
        keberatan.hasil = Evaluasi.objects.create(
            skp=original.skp,
            periode=original.periode,
            versi=original.versi + 1,
            sebelumnya=original,
            status=StatusEvaluasi.DIBERIKAN,
            capaian_organisasi=original.capaian_organisasi,
            rating_hasil=hasil,
            rating_perilaku=perilaku,
            predikat=predikat_from_ratings(hasil_kerja=hasil, perilaku_kerja=perilaku),
            catatan=original.catatan,
            penilai=original.penilai,
            identitas=identitas,
            dibuat_oleh=by,
            dibuat_pada=now,
            diubah_pada=now,
            diberikan_pada=now,
        )
    keberatan.keputusan = keputusan
    keberatan.rekomendasi = text
    keberatan.diputuskan_oleh = pegawai
    keberatan.diputuskan_pada = now
    keberatan.save(update_fields=["status", "keputusan", "rekomendasi", "diputuskan_oleh", "diputuskan_pada", "hasil"])
    return keberatan
