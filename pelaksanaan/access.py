"""Who may read or write pelaksanaan data (SPEC §2). Anything not allowed is a 404, never a 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from organisasi.access import AnyUser, pegawai_of
from organisasi.models import Pegawai
from organisasi.queries import row_by_pk
from perencanaan.access import PeranSkp, get_skp_for_user
from perencanaan.models import PenilaiPerilaku, PerilakuSkp, Skp, StatusSkp

from .models import BuktiDukung

# Realisasi and feedback belong to an SKP that was set (or a set version later revised).
SKP_IN_FORCE = (StatusSkp.DITETAPKAN, StatusSkp.DIREVISI)


def get_skp_for_pelaksanaan(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Skp, set[PeranSkp]]:
    """An SKP's realisasi side. Read: everyone who may read the SKP. Write (realisasi, bukti
    dukung): only its pegawai; services refuse an SKP not in force or a closed period."""
    skp, roles = get_skp_for_user(user, pk)
    if write and PeranSkp.PEMILIK not in roles:
        raise Http404
    return skp, roles


def get_skp_for_pimpinan(user: AnyUser, pk: int) -> Skp:
    """An SKP the user judges as its pejabat penilai: umpan balik hasil, pembinaan, evaluasi."""
    skp, roles = get_skp_for_user(user, pk)
    if PeranSkp.PENILAI not in roles:
        raise Http404
    return skp


def perilaku_assigned_to(pegawai: Pegawai) -> QuerySet[PerilakuSkp]:
    """The perilaku aspects the pegawai was asked to rate (menu Perilaku SKP): named as rekan,
    bawahan or atasan, or — an atasan aspect without a name — as the SKP's pejabat penilai.
    Only on SKP in force.

    The SKP the pegawai judges are read first: an OR across the aspect and its SKP cannot use an
    index and scanned every aspect of every instansi; on the aspect's own columns it is two index
    lookups."""
    judged = list(Skp.objects.filter(pejabat_penilai=pegawai, status=StatusSkp.DITETAPKAN).values_list("pk", flat=True))
    return PerilakuSkp.objects.filter(
        Q(penilai=pegawai) | Q(jenis_penilai=PenilaiPerilaku.ATASAN, penilai__isnull=True, skp_id__in=judged),
        skp__status=StatusSkp.DITETAPKAN,
    ).exclude(skp__pegawai=pegawai)


def get_perilaku_for_rater(user: AnyUser, pk: int) -> PerilakuSkp:
    """One aspect the user rates; a rekan sees this aspect and the pegawai's name, nothing else."""
    pegawai = pegawai_of(user)
    if pegawai is None:
        raise Http404
    perilaku = row_by_pk(
        perilaku_assigned_to(pegawai).select_related("aspek", "skp__pegawai", "skp__jabatan", "skp__pejabat_penilai"),
        pk,
    )
    if perilaku is None:
        raise Http404
    return perilaku


def get_bukti_for_user(user: AnyUser, pk: int) -> BuktiDukung:
    """Evidence (also removed or replaced versions) for whoever may read its SKP."""
    bukti = BuktiDukung.objects.filter(pk=pk).only("pk", "skp_id").first()
    if bukti is None:
        raise Http404
    get_skp_for_user(user, bukti.skp_id)
    return BuktiDukung.objects.select_related("rhk", "periode").get(pk=pk)
