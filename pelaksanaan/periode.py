"""Evaluation periods an SKP is judged in, made on demand from the instansi's setting."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.models import Instansi
from organisasi.signals import bulk_saved
from perencanaan.models import Skp

from .models import JenisPeriode, Periode, RiwayatPeriode
from .rules import periode_ranges


def periode_ensure(*, instansi: Instansi, tahun: int, by: User | None = None) -> list[Periode]:
    """The periods of the instansi's year, made from its periode_evaluasi setting the first time
    anyone needs them: the periodic ones and the annual one (SPEC §6.4)."""
    existing = list(Periode.objects.filter(instansi=instansi, tahun=tahun).order_by("jenis", "nomor"))
    if existing:
        return _ordered(existing)
    try:
        with transaction.atomic():
            made = [
                Periode(
                    instansi=instansi,
                    tahun=tahun,
                    jenis=JenisPeriode.PERIODIK,
                    skema=instansi.periode_evaluasi,
                    nomor=r.nomor,
                    nama=r.nama,
                    mulai=r.mulai,
                    selesai=r.selesai,
                )
                for r in periode_ranges(tahun=tahun, skema=instansi.periode_evaluasi)
            ]
            first, last = made[0], made[-1]
            made.append(
                Periode(
                    instansi=instansi,
                    tahun=tahun,
                    jenis=JenisPeriode.TAHUNAN,
                    nomor=0,
                    nama=_("Tahunan"),
                    mulai=first.mulai,
                    selesai=last.selesai,
                )
            )
            created = Periode.objects.bulk_create(made)
            bulk_saved.send(sender=Periode, objs=created, action="create", fields=None)
            RiwayatPeriode.objects.bulk_create(
                RiwayatPeriode(periode=p, aksi=RiwayatPeriode.Aksi.DIBUAT, oleh=by) for p in created
            )
    except IntegrityError:
        # Another request made them at the same moment: use theirs.
        pass
    return _ordered(list(Periode.objects.filter(instansi=instansi, tahun=tahun)))


def _ordered(periods: list[Periode]) -> list[Periode]:
    """Periodic periods in order, then the annual one."""
    return sorted(periods, key=lambda p: (p.jenis == JenisPeriode.TAHUNAN, p.nomor))


def periods_of_skp(skp: Skp) -> list[Periode]:
    """The instansi's periods that overlap the SKP's own period (annual last)."""
    periods = periode_ensure(instansi=skp.pegawai.instansi, tahun=skp.tahun)
    return [p for p in periods if p.overlaps(skp.periode_mulai, skp.periode_selesai)]


def periode_pilih(skp: Skp, params: Mapping[str, str]) -> tuple[list[Periode], Periode]:
    """The SKP's periods and the one asked for with `?periode=<pk>`; by default the periodic one
    holding today (or the SKP's last one when today is outside the SKP)."""
    periods = periods_of_skp(skp)
    wanted = params.get("periode", "")
    for p in periods:
        if str(p.pk) == wanted:
            return periods, p
    today = timezone.localdate()
    for p in periods:
        if not p.is_tahunan and p.mulai <= today <= p.selesai:
            return periods, p
    periodic = [p for p in periods if not p.is_tahunan]
    return periods, (periodic[-1] if periodic and today > skp.periode_selesai else (periodic or periods)[0])
