"""The SKP and its workflow (SPEC §4.2): draft → diajukan → ditetapkan, or dikembalikan → draft again.

Each transition is one service; the allowed moves are the TRANSITIONS table; anything else is a
`SkpTransitionError` with a message for the user. Every move is written to RiwayatSkp.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.identitas import identitas_of
from organisasi.konflik import refuse_if_changed
from organisasi.models import Pegawai

from ..models import (
    AspekPerilaku,
    Iki,
    JenisFormSkp,
    LampiranSkp,
    MatriksPeranHasil,
    Pendekatan,
    PerilakuSkp,
    RencanaAksi,
    Rhk,
    RiwayatSkp,
    Skp,
    StatusSkp,
    WorkblockItem,
)
from ..rules import IkiFacts, RhkFacts, periode_errors, periods_overlap, skp_submission_problems

TRANSITIONS: dict[tuple[str, str], str] = {
    (StatusSkp.DRAFT, StatusSkp.DIAJUKAN): "skp_submit",
    (StatusSkp.DIKEMBALIKAN, StatusSkp.DIAJUKAN): "skp_submit",
    (StatusSkp.DIAJUKAN, StatusSkp.DITETAPKAN): "skp_approve",
    (StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN): "skp_return",
    (StatusSkp.DITETAPKAN, StatusSkp.DIREVISI): "skp_revise",
}


class SkpTransitionError(Exception):
    """An illegal or premature move of an SKP; `problems` lists every reason for the user."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def _move(skp: Skp, to: str, *, by: User | None, catatan: str = "") -> None:
    if (skp.status, to) not in TRANSITIONS:
        raise SkpTransitionError(
            _("SKP berstatus %(dari)s tidak dapat diubah menjadi %(ke)s.")
            % {"dari": StatusSkp(skp.status).label, "ke": StatusSkp(to).label}
        )
    RiwayatSkp.objects.create(skp=skp, dari_status=skp.status, ke_status=to, oleh=by, catatan=catatan)
    skp.status = to


def _lock(skp: Skp) -> Skp:
    return Skp.objects.select_for_update().get(pk=skp.pk)


def jenis_form_for(pegawai: Pegawai) -> str:
    jabatan = pegawai.jabatan
    return JenisFormSkp.JPT if jabatan is not None and jabatan.is_jpt_form else JenisFormSkp.JAJF


def check_periode(*, pegawai: Pegawai, mulai: date, selesai: date, exclude_pk: int | None = None) -> None:
    errors = periode_errors(mulai, selesai)
    if errors:
        raise ValidationError(errors)
    others = (
        Skp.objects.current()
        .filter(pegawai=pegawai, jabatan=pegawai.jabatan, periode_mulai__year=mulai.year)
        .exclude(pk=exclude_pk or 0)
        .values_list("periode_mulai", "periode_selesai")
    )
    for other in others:
        if periods_overlap((mulai, selesai), other):
            raise ValidationError(
                {
                    "periode_mulai": _(
                        "Periode ini bertumpang tindih dengan SKP lain pada jabatan yang sama (%(dari)s – %(sampai)s)."
                    )
                    % {"dari": f"{other[0]:%d-%m-%Y}", "sampai": f"{other[1]:%d-%m-%Y}"}
                }
            )


@transaction.atomic
def skp_create(
    *, pegawai: Pegawai, periode_mulai: date, periode_selesai: date, pendekatan: str, by: User | None
) -> Skp:
    """A new draft SKP for the pegawai's current jabatan, with the seven perilaku aspects."""
    if pegawai.jabatan_id is None:
        raise ValidationError(_("Pegawai belum memiliki jabatan; hubungi operator kepegawaian."))
    if pendekatan not in Pendekatan.values:
        raise ValidationError({"pendekatan": _("Pilih pendekatan kuantitatif atau kualitatif.")})
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    check_periode(pegawai=pegawai, mulai=periode_mulai, selesai=periode_selesai)
    skp = Skp.objects.create(
        pegawai=pegawai,
        jabatan_id=pegawai.jabatan_id,
        unit_kerja_id=pegawai.unit_kerja_id,
        pejabat_penilai_id=pegawai.atasan_id,
        periode_mulai=periode_mulai,
        periode_selesai=periode_selesai,
        pendekatan=pendekatan,
        jenis_form=jenis_form_for(pegawai),
    )
    PerilakuSkp.objects.bulk_create(PerilakuSkp(skp=skp, aspek=aspek) for aspek in AspekPerilaku.objects.all())
    RiwayatSkp.objects.create(skp=skp, dari_status="", ke_status=StatusSkp.DRAFT, oleh=by)
    return skp


def _pendekatan_label(value: str) -> str:
    return str(Pendekatan(value).label).lower() if value in Pendekatan.values else value


@transaction.atomic
def skp_update_periode(
    *, skp: Skp, periode_mulai: date, periode_selesai: date, pendekatan: str, versi: int | None = None
) -> Skp:
    """Change the period and approach; `versi` is the SKP's version (`versi_of`) the form was
    opened on: saved since (another tab), the change is refused."""
    skp = _lock(skp)
    require_editable(skp)
    refuse_if_changed(
        skp,
        versi=versi,
        model=Skp,
        pk=skp.pk,
        changes=lambda: [
            _("periode SKP kini %(dari)s – %(sampai)s, pendekatan %(pendekatan)s")
            % {
                "dari": f"{skp.periode_mulai:%d-%m-%Y}",
                "sampai": f"{skp.periode_selesai:%d-%m-%Y}",
                "pendekatan": _pendekatan_label(skp.pendekatan),
            }
        ],
        isian=[
            _("periode %(dari)s – %(sampai)s, pendekatan %(pendekatan)s")
            % {
                "dari": f"{periode_mulai:%d-%m-%Y}",
                "sampai": f"{periode_selesai:%d-%m-%Y}",
                "pendekatan": _pendekatan_label(pendekatan),
            }
        ],
    )
    check_periode(pegawai=skp.pegawai, mulai=periode_mulai, selesai=periode_selesai, exclude_pk=skp.pk)
    if pendekatan != skp.pendekatan and skp.rhk.exists():
        raise ValidationError({"pendekatan": _("Pendekatan tidak dapat diubah setelah ada rencana hasil kerja.")})
    skp.periode_mulai, skp.periode_selesai, skp.pendekatan = periode_mulai, periode_selesai, pendekatan
    skp.save(update_fields=["periode_mulai", "periode_selesai", "pendekatan", "updated_at"])
    return skp


@transaction.atomic
def skp_delete(*, skp: Skp) -> None:
    """Only a draft that was never submitted disappears; anything submitted once is kept."""
    skp = _lock(skp)
    if skp.status != StatusSkp.DRAFT or skp.riwayat.exclude(ke_status=StatusSkp.DRAFT).exists() or skp.versi > 1:
        raise SkpTransitionError(_("Hanya draf SKP yang belum pernah diajukan yang dapat dihapus."))
    skp.delete()


def require_editable(skp: Skp) -> None:
    if not skp.is_editable:
        raise SkpTransitionError(
            _("SKP berstatus %(status)s tidak dapat diubah. Ajukan revisi bila ada penugasan baru.")
            % {"status": StatusSkp(skp.status).label}
        )


def submission_problems(skp: Skp) -> list[str]:
    rhk = Rhk.objects.filter(skp=skp).prefetch_related(Prefetch("iki", queryset=Iki.objects.order_by("urutan", "pk")))
    facts = [
        RhkFacts(
            teks=r.teks,
            utama=r.jenis == "utama",
            has_intervensi=r.intervensi_id is not None,
            iki=[
                IkiFacts(
                    teks=i.teks,
                    perspektif=i.perspektif,
                    aspek=i.aspek,
                    has_target=i.target_min is not None and i.satuan_id is not None,
                )
                for i in r.iki.all()
            ],
        )
        for r in rhk
    ]
    problems = skp_submission_problems(jpt=skp.is_jpt, kuantitatif=skp.is_kuantitatif, rhk=facts)
    if skp.pejabat_penilai_id is None:
        problems.append(_("Pegawai belum memiliki atasan langsung (pejabat penilai); hubungi operator kepegawaian."))
    return problems


@transaction.atomic
def skp_submit(*, skp: Skp, by: User | None) -> Skp:
    """Pegawai hands the SKP to the pejabat penilai; refused with every missing piece listed."""
    skp = _lock(skp)
    if skp.status not in Skp.EDITABLE_STATUSES:
        _move(skp, StatusSkp.DIAJUKAN, by=by)  # raises with the status in the message
    # The penilai is whoever is the atasan at the moment of submitting.
    skp.pejabat_penilai_id = skp.pegawai.atasan_id
    problems = submission_problems(skp)
    if problems:
        raise SkpTransitionError(_("SKP belum dapat diajukan:"), problems)
    _move(skp, StatusSkp.DIAJUKAN, by=by)
    skp.diajukan_pada = timezone.now()
    skp.catatan_pengembalian = ""
    skp.save(update_fields=["status", "pejabat_penilai", "diajukan_pada", "catatan_pengembalian", "updated_at"])
    return skp


@transaction.atomic
def skp_approve(*, skp: Skp, by: User | None) -> Skp:
    """The pejabat penilai sets (menetapkan) the SKP: it is locked and its identities frozen."""
    skp = _lock(skp)
    _move(skp, StatusSkp.DITETAPKAN, by=by)
    pegawai = Pegawai.objects.with_identity().get(pk=skp.pegawai_id)
    penilai = skp.pejabat_penilai and Pegawai.objects.with_identity().get(pk=skp.pejabat_penilai.pk)
    atasan_penilai = penilai and penilai.atasan and Pegawai.objects.with_identity().get(pk=penilai.atasan.pk)
    skp.identitas = {
        "pegawai": identitas_of(pegawai),
        "pejabat_penilai": identitas_of(penilai),
        "atasan_pejabat_penilai": identitas_of(atasan_penilai),
    }
    skp.ditetapkan_pada = timezone.now()
    skp.ditetapkan_oleh = by
    skp.save(update_fields=["status", "identitas", "ditetapkan_pada", "ditetapkan_oleh", "updated_at"])
    return skp


@transaction.atomic
def skp_return(*, skp: Skp, by: User | None, catatan: str) -> Skp:
    """The pejabat penilai sends the SKP back with a note; the pegawai may edit it again."""
    catatan = catatan.strip()
    if not catatan:
        raise ValidationError({"catatan": _("Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki.")})
    skp = _lock(skp)
    _move(skp, StatusSkp.DIKEMBALIKAN, by=by, catatan=catatan)
    skp.catatan_pengembalian = catatan
    skp.save(update_fields=["status", "catatan_pengembalian", "updated_at"])
    return skp


@transaction.atomic
def skp_revise(*, skp: Skp, by: User | None, alasan: str) -> Skp:
    """A set SKP changes only through a revision: a new draft version with a copy of the plan.

    The set version stays readable as history (status direvisi).
    """
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError({"alasan": _("Tuliskan alasan revisi (misalnya penugasan baru).")})
    old = _lock(skp)
    _move(old, StatusSkp.DIREVISI, by=by, catatan=alasan)
    old.save(update_fields=["status", "updated_at"])
    new = Skp.objects.create(
        pegawai_id=old.pegawai_id,
        jabatan_id=old.jabatan_id,
        unit_kerja_id=old.unit_kerja_id,
        pejabat_penilai_id=old.pegawai.atasan_id,
        periode_mulai=old.periode_mulai,
        periode_selesai=old.periode_selesai,
        pendekatan=old.pendekatan,
        jenis_form=old.jenis_form,
        versi=old.versi + 1,
        revisi_dari=old,
        alasan_revisi=alasan,
    )
    _copy_plan(old, new)
    RiwayatSkp.objects.create(skp=new, dari_status="", ke_status=StatusSkp.DRAFT, oleh=by, catatan=alasan)
    return new


def _copy_plan(old: Skp, new: Skp) -> None:
    """Copy RHK (with IKI, manual indikator, rencana aksi), perilaku, lampiran and workblock.

    The cascading follows the version in force: each RHK's Matriks Peran Hasil moves to its copy,
    and subordinates' RHK still in force that intervene it are pointed at the copy. The old
    version keeps its own RHK, so what was set stays readable.
    """
    for rhk in old.rhk.prefetch_related("iki__manual", "rencana_aksi").order_by("pk"):
        iki_list = list(rhk.iki.all())
        aksi = list(rhk.rencana_aksi.all())
        old_rhk_pk = rhk.pk
        rhk.pk = None
        rhk.skp = new
        rhk.save()
        MatriksPeranHasil.objects.filter(rhk_id=old_rhk_pk).update(rhk=rhk)
        Rhk.objects.filter(intervensi_id=old_rhk_pk).exclude(skp__status=StatusSkp.DIREVISI).update(intervensi=rhk)
        for iki in iki_list:
            manual = getattr(iki, "manual", None)
            iki.pk = None
            iki.rhk = rhk
            iki.save()
            if manual is not None:
                manual.pk = None
                manual.iki = iki
                manual.save()
        RencanaAksi.objects.bulk_create(
            RencanaAksi(rhk=rhk, teks=a.teks, target_periode=a.target_periode, urutan=a.urutan) for a in aksi
        )
    PerilakuSkp.objects.bulk_create(
        PerilakuSkp(
            skp=new,
            aspek_id=p.aspek_id,
            ekspektasi_khusus=p.ekspektasi_khusus,
            jenis_penilai=p.jenis_penilai,
            penilai_id=p.penilai_id,
        )
        for p in old.perilaku.all()
    )
    LampiranSkp.objects.bulk_create(
        LampiranSkp(skp=new, jenis=item.jenis, teks=item.teks, urutan=item.urutan) for item in old.lampiran.all()
    )
    for wb in old.workblock.prefetch_related("items"):
        items = list(wb.items.all())
        wb.pk = None
        wb.skp = new
        wb.save()
        WorkblockItem.objects.bulk_create(
            WorkblockItem(workblock=wb, jenis=i.jenis, sifat=i.sifat, teks=i.teks, urutan=i.urutan) for i in items
        )
