"""Evaluation periods of an instansi (SPEC §6.4; issue 4 item 1), as the operator manages them.

- `periode_year_setup` makes a year's periodic periods with the chosen scheme (bulanan,
  triwulanan, semesteran) plus the annual one, or re-makes them with another scheme while no
  realisasi, umpan balik, bukti dukung, evaluation or capaian refers to them yet.
- `periode_close` / `periode_reopen` move a period between open and closed (the TRANSITIONS
  table); reopening needs a reason. Every move is written to RiwayatPeriode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from organisasi.models import Instansi, PeriodeEvaluasi
from organisasi.signals import bulk_saved

from ..models import JenisPeriode, Periode, RiwayatPeriode
from ..periode import periode_ensure
from ..rules import periode_ranges

TAHUN_MIN = 2000
TAHUN_MAX = 2100
ALASAN_MAX_LENGTH = 1000


class StatusPeriode(models.TextChoices):
    TERBUKA = "terbuka", gettext_lazy("Terbuka")
    DITUTUP = "ditutup", gettext_lazy("Ditutup")


# (from, action) → to. Anything else is an illegal move.
TRANSITIONS: dict[tuple[str, str], str] = {
    (StatusPeriode.TERBUKA, RiwayatPeriode.Aksi.DITUTUP): StatusPeriode.DITUTUP,
    (StatusPeriode.DITUTUP, RiwayatPeriode.Aksi.DIBUKA_KEMBALI): StatusPeriode.TERBUKA,
}


def status_of(periode: Periode) -> StatusPeriode:
    return StatusPeriode.TERBUKA if periode.terbuka else StatusPeriode.DITUTUP


@dataclass(frozen=True)
class Pemakaian:
    """How many records of one kind refer to a set of periods."""

    label: str
    jumlah: int


def periode_usage(periods: list[Periode]) -> list[Pemakaian]:
    """What refers to these periods, one count per kind of record (realisasi, umpan balik, bukti
    dukung, evaluasi, capaian organisasi …), found through Periode's reverse relations so that a
    record kind added later is counted too. History rows of the periods themselves do not count."""
    if not periods:
        return []
    pks = [p.pk for p in periods]
    found: list[Pemakaian] = []
    # get_fields(include_hidden=True): relations named "+" (umpan balik, bukti dukung …) count too.
    for relation in Periode._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel) or relation.related_model is RiwayatPeriode:
            continue
        model = relation.related_model
        assert isinstance(model, type) and issubclass(model, models.Model)
        jumlah = model._default_manager.filter(**{f"{relation.field.name}__in": pks}).count()
        if jumlah:
            found.append(Pemakaian(label=str(model._meta.verbose_name), jumlah=jumlah))
    return found


def usage_text(usage: list[Pemakaian]) -> str:
    return ", ".join(f"{u.jumlah} {u.label}" for u in usage)


def _check_tahun(tahun: int) -> None:
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise ValidationError(
            {"tahun": _("Tahun harus antara %(min)s dan %(max)s.") % {"min": TAHUN_MIN, "max": TAHUN_MAX}}
        )


def _check_skema(skema: str) -> None:
    if skema not in PeriodeEvaluasi.values:
        raise ValidationError({"skema": _("Pilih periode evaluasi bulanan, triwulanan atau semesteran.")})


def _periodic(instansi: Instansi, tahun: int, skema: str) -> list[Periode]:
    return [
        Periode(
            instansi=instansi,
            tahun=tahun,
            jenis=JenisPeriode.PERIODIK,
            skema=skema,
            nomor=r.nomor,
            nama=r.nama,
            mulai=r.mulai,
            selesai=r.selesai,
        )
        for r in periode_ranges(tahun=tahun, skema=skema)
    ]


def _sorted(periods: list[Periode]) -> list[Periode]:
    return sorted(periods, key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor))


@transaction.atomic
def periode_year_setup(*, instansi: Instansi, tahun: int, skema: str, by: User | None) -> list[Periode]:
    """The year's periodic periods with `skema`, plus the annual one (periodic first, annual last).

    A year without periods gets them. A year whose periodic periods already use `skema` is left
    as it is. Another scheme replaces the periodic periods only while nothing refers to them;
    the annual period is kept. For the current or a later year the scheme also becomes the
    instansi's setting, used for the years made on demand from then on.
    """
    _check_tahun(tahun)
    _check_skema(skema)
    instansi = Instansi.objects.select_for_update().get(pk=instansi.pk)
    this_year = timezone.localdate().year
    if tahun > this_year:
        # The current year keeps the scheme it was going to get, even if it is made only later.
        periode_ensure(instansi=instansi, tahun=this_year, by=by)

    existing = list(Periode.objects.filter(instansi=instansi, tahun=tahun))
    periodic = [p for p in existing if not p.is_tahunan]
    annual = next((p for p in existing if p.is_tahunan), None)
    made: list[Periode] = []
    alasan = ""
    if not periodic or any(p.skema != skema for p in periodic):
        if periodic:
            usage = periode_usage(periodic)
            if usage:
                raise ValidationError(
                    _(
                        "Skema periode tahun %(tahun)s tidak dapat diganti karena periodenya sudah dipakai: "
                        "%(pemakaian)s. Data tersebut tidak boleh hilang; skema hanya dapat diganti selama "
                        "belum ada realisasi, umpan balik, bukti dukung atau evaluasi pada periode itu."
                    )
                    % {"tahun": tahun, "pemakaian": usage_text(usage)}
                )
            alasan = _("Skema diganti dari %(lama)s menjadi %(baru)s; periode lama (%(periode)s) belum dipakai.") % {
                "lama": PeriodeEvaluasi(periodic[0].skema).label
                if periodic[0].skema in PeriodeEvaluasi.values
                else periodic[0].skema,
                "baru": PeriodeEvaluasi(skema).label,
                "periode": ", ".join(p.nama for p in _sorted(periodic)),
            }
            try:
                Periode.objects.filter(pk__in=[p.pk for p in periodic]).delete()
            except models.ProtectedError:
                # Someone recorded something on these periods a moment ago.
                raise ValidationError(
                    _("Periode tahun %(tahun)s baru saja dipakai; skema tidak dapat diganti.") % {"tahun": tahun}
                ) from None
        made.extend(_periodic(instansi, tahun, skema))
    if annual is None:
        made.append(
            Periode(
                instansi=instansi,
                tahun=tahun,
                jenis=JenisPeriode.TAHUNAN,
                nomor=0,
                nama=_("Tahunan"),
                mulai=date(tahun, 1, 1),
                selesai=date(tahun, 12, 31),
            )
        )
    if made:
        try:
            with transaction.atomic():
                created = Periode.objects.bulk_create(made)
                bulk_saved.send(sender=Periode, objs=created, action="create", fields=None)
        except IntegrityError:
            # The periods were made on demand by another request at this very moment.
            raise ValidationError(
                _("Periode tahun %(tahun)s baru saja dibuat oleh proses lain; muat ulang halaman lalu coba lagi.")
                % {"tahun": tahun}
            ) from None
        RiwayatPeriode.objects.bulk_create(
            RiwayatPeriode(periode=p, aksi=RiwayatPeriode.Aksi.DIBUAT, alasan=alasan, oleh=by) for p in created
        )
    if tahun >= this_year and instansi.periode_evaluasi != skema:
        instansi.periode_evaluasi = skema
        instansi.save(update_fields=["periode_evaluasi", "updated_at"])
    return _sorted(list(Periode.objects.filter(instansi=instansi, tahun=tahun)))


def _move(periode: Periode, aksi: str, *, by: User | None, alasan: str) -> Periode:
    periode = Periode.objects.select_for_update().get(pk=periode.pk)
    dari = status_of(periode)
    ke = TRANSITIONS.get((dari, aksi))
    if ke is None:
        if dari == StatusPeriode.DITUTUP:
            message = _("Periode %(periode)s sudah ditutup.")
        else:
            message = _("Periode %(periode)s masih terbuka; tidak ada yang perlu dibuka kembali.")
        raise ValidationError(message % {"periode": periode})
    periode.terbuka = ke == StatusPeriode.TERBUKA
    periode.save(update_fields=["terbuka"])
    RiwayatPeriode.objects.create(periode=periode, aksi=aksi, alasan=alasan, oleh=by)
    return periode


def _clean_alasan(alasan: str) -> str:
    alasan = (alasan or "").strip()
    if len(alasan) > ALASAN_MAX_LENGTH:
        raise ValidationError(
            {
                "alasan": _("Alasan paling banyak %(max)s karakter (sekarang %(n)s).")
                % {"max": ALASAN_MAX_LENGTH, "n": len(alasan)}
            }
        )
    return alasan


@transaction.atomic
def periode_close(*, periode: Periode, by: User | None, alasan: str = "") -> Periode:
    """Close an open period: it takes no more realisasi until it is reopened."""
    return _move(periode, RiwayatPeriode.Aksi.DITUTUP, by=by, alasan=_clean_alasan(alasan))


@transaction.atomic
def periode_reopen(*, periode: Periode, by: User | None, alasan: str) -> Periode:
    """Reopen a closed period; the reason is required and kept in the period's history."""
    cleaned = _clean_alasan(alasan)
    if not cleaned:
        raise ValidationError({"alasan": _("Tuliskan alasan membuka kembali periode ini.")})
    return _move(periode, RiwayatPeriode.Aksi.DIBUKA_KEMBALI, by=by, alasan=cleaned)
