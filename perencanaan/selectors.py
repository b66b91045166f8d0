"""Read-side queries shared by several planning screens."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from organisasi.models import Pegawai

from .models import PeranHasil, Rhk, Skp


def overlapping_current_skp(pegawai: Pegawai | None, mulai: date, selesai: date) -> QuerySet[Skp]:
    """A pegawai's SKP in force whose period overlaps the given one (none for no pegawai)."""
    if pegawai is None:
        return Skp.objects.none()
    return Skp.objects.current().filter(pegawai=pegawai, periode_mulai__lte=selesai, periode_selesai__gte=mulai)


def leader_rhk_choices(skp: Skp) -> QuerySet[Rhk]:
    """The RHK a JA/JF pegawai may intervene: those of their pejabat penilai's SKP in force for
    an overlapping period (for a pegawai directly under a JPT, that is the JPT's RHK)."""
    leader_skp = overlapping_current_skp(skp.pejabat_penilai, skp.periode_mulai, skp.periode_selesai)
    return (
        Rhk.objects.filter(skp__in=leader_skp)
        .select_related("skp")
        .order_by("skp__periode_mulai", "jenis", "urutan", "pk")
    )


def peran_for_pegawai(pegawai: Pegawai, skp: Skp) -> QuerySet[PeranHasil]:
    """The peran hasil given to the pegawai in leaders' Matriks Peran Hasil for the SKP's period,
    with the leader's RHK each belongs to (the RHK to intervene when it is copied)."""
    leader_skp = Skp.objects.current().filter(
        periode_mulai__lte=skp.periode_selesai, periode_selesai__gte=skp.periode_mulai
    )
    return (
        PeranHasil.objects.filter(baris__pegawai=pegawai, baris__matriks__rhk__skp__in=leader_skp)
        .select_related("kolom", "baris", "baris__matriks__rhk__skp__pegawai")
        .order_by("baris__matriks__rhk__skp__pegawai__nama", "baris__matriks__rhk__pk", "kolom__urutan", "pk")
    )
