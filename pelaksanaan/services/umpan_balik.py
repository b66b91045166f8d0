"""Umpan balik berkelanjutan (SPEC §5; seed 003 "SKP BAWAHAN" and "PERILAKU SKP").

Three kinds, all on an SKP in force (ditetapkan) and an open evaluation period of its instansi
that overlaps the SKP:

- hasil: the pejabat penilai ("Pimpinan: …") on an IKI (kuantitatif) or an RHK (kualitatif);
- perilaku: the penilai of one BerAKHLAK aspect ("Atasan/Rekan Kerja/Bawahan (nama): …");
- insidental: the pejabat penilai's apresiasi, penugasan baru, or a note that the pegawai cannot
  finish an RHK with the follow-up chosen, each with its date inside the period.

Nothing is overwritten: a change is a new row that replaces the old one, a removal marks the row
replaced without a successor; both keep who and when.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import pegawai_of
from organisasi.konflik import stale_error
from organisasi.models import Pegawai
from perencanaan.models import Iki, PerilakuSkp, Rhk, Skp, StatusSkp

from ..access import perilaku_assigned_to
from ..models import Periode, UmpanBalik

MAX_TEKS = 2000

Kategori = UmpanBalik.Kategori
TindakLanjut = UmpanBalik.TindakLanjut

# Which follow-up each kategori of incidental feedback takes: only "tidak dapat diselesaikan"
# needs one (SPEC §5), the others none.
TINDAK_LANJUT_OF_KATEGORI: dict[str, frozenset[str]] = {
    Kategori.APRESIASI: frozenset(),
    Kategori.PENUGASAN_BARU: frozenset(),
    Kategori.TIDAK_DAPAT_DISELESAIKAN: frozenset(TindakLanjut.values),
}


# --- Checks shared by every write ------------------------------------------------------------


def _author(by: User) -> Pegawai:
    pegawai = pegawai_of(by)
    if pegawai is None:
        raise ValidationError(
            _("Akun ini tidak terhubung dengan data pegawai, sehingga tidak dapat memberi umpan balik.")
        )
    return pegawai


def _require_penilai(skp: Skp, pegawai: Pegawai) -> None:
    if skp.pejabat_penilai_id is None or skp.pejabat_penilai_id != pegawai.pk:
        raise ValidationError(_("Hanya pejabat penilai kinerja SKP ini yang dapat melakukan ini."))


def _require_in_force(skp: Skp) -> None:
    if skp.status != StatusSkp.DITETAPKAN:
        raise ValidationError(
            _("SKP berstatus %(status)s: umpan balik hanya dapat diberikan pada SKP yang sudah ditetapkan.")
            % {"status": StatusSkp(skp.status).label}
        )


def _require_periode(skp: Skp, periode: Periode) -> None:
    """A period of the SKP's instansi that overlaps the SKP and is still open."""
    if periode.instansi_id != skp.pegawai.instansi_id or not periode.overlaps(skp.periode_mulai, skp.periode_selesai):
        raise ValidationError({"periode": _("Periode evaluasi ini bukan periode SKP tersebut.")})
    if not periode.terbuka:
        raise ValidationError(
            {
                "periode": _(
                    "Periode %(periode)s sudah ditutup: umpan balik tidak dapat ditambah atau diubah. "
                    "Minta operator membuka kembali periode ini bila perlu."
                )
                % {"periode": str(periode)}
            }
        )


def clean_teks(teks: str, *, field: str = "teks") -> str:
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError({field: _("Umpan balik wajib diisi.")})
    if len(teks) > MAX_TEKS:
        raise ValidationError(
            {
                field: _("Umpan balik paling banyak %(max)d karakter (sekarang %(n)d).")
                % {"max": MAX_TEKS, "n": len(teks)}
            }
        )
    return teks


def _target_of(skp: Skp, *, iki: Iki | None, rhk: Rhk | None) -> tuple[Rhk, Iki | None]:
    """The RHK (and IKI) the feedback is on; both must belong to the SKP."""
    if iki is not None:
        if iki.rhk.skp_id != skp.pk:
            raise ValidationError({"iki": _("IKI ini bukan bagian dari SKP tersebut.")})
        if rhk is not None and rhk.pk != iki.rhk_id:
            raise ValidationError({"rhk": _("IKI ini bukan bagian dari RHK tersebut.")})
        return iki.rhk, iki
    if rhk is None:
        raise ValidationError(_("Pilih RHK atau IKI yang diberi umpan balik."))
    if rhk.skp_id != skp.pk:
        raise ValidationError({"rhk": _("RHK ini bukan bagian dari SKP tersebut.")})
    return rhk, None


# --- Adding -----------------------------------------------------------------------------------


@transaction.atomic
def umpan_balik_hasil_add(
    *, skp: Skp, periode: Periode, teks: str, by: User, iki: Iki | None = None, rhk: Rhk | None = None
) -> UmpanBalik:
    """The pejabat penilai's feedback ("Pimpinan: …") on an IKI or an RHK of the SKP in a period."""
    pegawai = _author(by)
    _require_penilai(skp, pegawai)
    _require_in_force(skp)
    _require_periode(skp, periode)
    target_rhk, target_iki = _target_of(skp, iki=iki, rhk=rhk)
    return UmpanBalik.objects.create(
        skp=skp,
        periode=periode,
        jenis=UmpanBalik.Jenis.HASIL,
        rhk=target_rhk,
        iki=target_iki,
        teks=clean_teks(teks),
        tanggal=timezone.localdate(),
        penulis=pegawai,
        peran_penulis=UmpanBalik.Peran.PIMPINAN,
        dibuat_oleh=by,
    )


def _require_rater(perilaku: PerilakuSkp, pegawai: Pegawai) -> None:
    if not perilaku_assigned_to(pegawai).filter(pk=perilaku.pk).exists():
        raise ValidationError(_("Anda tidak ditugaskan menilai aspek perilaku ini."))


@transaction.atomic
def umpan_balik_perilaku_add(*, perilaku: PerilakuSkp, periode: Periode, teks: str, by: User) -> UmpanBalik:
    """Feedback on one perilaku aspect from that aspect's penilai (menu Perilaku SKP)."""
    pegawai = _author(by)
    skp = perilaku.skp
    _require_in_force(skp)
    _require_rater(perilaku, pegawai)
    _require_periode(skp, periode)
    return UmpanBalik.objects.create(
        skp=skp,
        periode=periode,
        jenis=UmpanBalik.Jenis.PERILAKU,
        perilaku=perilaku,
        teks=clean_teks(teks),
        tanggal=timezone.localdate(),
        penulis=pegawai,
        peran_penulis=UmpanBalik.Peran(perilaku.jenis_penilai),
        dibuat_oleh=by,
    )


@transaction.atomic
def umpan_balik_insidental_add(
    *,
    skp: Skp,
    periode: Periode,
    kategori: str,
    teks: str,
    tanggal: date,
    by: User,
    rhk: Rhk | None = None,
    tindak_lanjut: str = "",
) -> UmpanBalik:
    """Incidental feedback of the pejabat penilai: apresiasi, penugasan baru, or an RHK the pegawai
    cannot finish with the follow-up chosen (SPEC §5)."""
    pegawai = _author(by)
    _require_penilai(skp, pegawai)
    _require_in_force(skp)
    _require_periode(skp, periode)
    errors: dict[str, str] = {}
    if kategori not in TINDAK_LANJUT_OF_KATEGORI:
        raise ValidationError(
            {"kategori": _("Pilih kategori: apresiasi, penugasan baru, atau RHK tidak dapat diselesaikan.")}
        )
    allowed = TINDAK_LANJUT_OF_KATEGORI[kategori]
    if kategori == Kategori.TIDAK_DAPAT_DISELESAIKAN:
        if rhk is None:
            errors["rhk"] = _("Pilih RHK yang tidak dapat diselesaikan.")
        if not tindak_lanjut:
            errors["tindak_lanjut"] = _("Pilih tindak lanjut atas RHK yang tidak dapat diselesaikan.")
        elif tindak_lanjut not in allowed:
            errors["tindak_lanjut"] = _("Tindak lanjut tidak dikenal.")
    elif tindak_lanjut:
        errors["tindak_lanjut"] = _("Tindak lanjut hanya diisi untuk RHK yang tidak dapat diselesaikan.")
    if rhk is not None and rhk.skp_id != skp.pk:
        errors["rhk"] = _("RHK ini bukan bagian dari SKP tersebut.")
    if not periode.mulai <= tanggal <= periode.selesai:
        errors["tanggal"] = _("Tanggal harus di dalam periode %(periode)s (%(mulai)s – %(selesai)s).") % {
            "periode": str(periode),
            "mulai": periode.mulai.strftime("%d-%m-%Y"),
            "selesai": periode.selesai.strftime("%d-%m-%Y"),
        }
    elif tanggal > timezone.localdate():
        errors["tanggal"] = _("Tanggal tidak boleh di masa depan.")
    try:
        teks = clean_teks(teks)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return UmpanBalik.objects.create(
        skp=skp,
        periode=periode,
        jenis=UmpanBalik.Jenis.INSIDENTAL,
        rhk=rhk,
        kategori=kategori,
        tindak_lanjut=tindak_lanjut,
        tanggal=tanggal,
        teks=teks,
        penulis=pegawai,
        peran_penulis=UmpanBalik.Peran.PIMPINAN,
        dibuat_oleh=by,
    )


# --- Changing and removing ---------------------------------------------------------------------


def _lock_current(umpan_balik: UmpanBalik, by: User, *, isian: str | None = None) -> tuple[UmpanBalik, Pegawai]:
    """The row, locked, if it is still current and the user wrote it and still holds the role.
    An edit targets one version: replaced or withdrawn since (another tab of the author), the
    save is refused as stale with when, what it became and the user's text (`isian`)."""
    pegawai = _author(by)
    row = (
        UmpanBalik.objects.select_for_update(of=("self",))
        .select_related("skp__pegawai", "periode", "perilaku__skp")
        .get(pk=umpan_balik.pk)
    )
    if not row.is_current:
        baru = (
            UmpanBalik.objects.filter(pk=row.pengganti_id).values_list("teks", flat=True).first()
            if row.pengganti_id is not None
            else None
        )
        became = (
            _("umpan balik “%(lama)s” kini “%(baru)s”") % {"lama": row.teks, "baru": baru}
            if baru is not None
            else _("umpan balik “%(lama)s” dihapus") % {"lama": row.teks}
        )
        raise stale_error(
            by=row.diganti_oleh,
            when=row.diganti_pada,
            changes=[became],
            isian=[isian] if isian else [_("hapus umpan balik")],
        )
    if row.penulis_id != pegawai.pk:
        raise ValidationError(_("Hanya penulis umpan balik ini yang dapat mengubah atau menghapusnya."))
    _require_in_force(row.skp)
    if row.jenis == UmpanBalik.Jenis.PERILAKU:
        assert row.perilaku is not None
        _require_rater(row.perilaku, pegawai)
    else:
        _require_penilai(row.skp, pegawai)
    _require_periode(row.skp, row.periode)
    return row, pegawai


@transaction.atomic
def umpan_balik_update(*, umpan_balik: UmpanBalik, teks: str, by: User) -> UmpanBalik:
    """A new version of the feedback with the new text; the old one stays, marked replaced."""
    row, pegawai = _lock_current(umpan_balik, by, isian=teks)
    teks = clean_teks(teks)
    now = timezone.now()
    # Mark the old row first: it leaves the current set before its successor joins it.
    UmpanBalik.objects.filter(pk=row.pk).update(diganti_pada=now, diganti_oleh=by)
    baru = UmpanBalik.objects.create(
        skp=row.skp,
        periode=row.periode,
        jenis=row.jenis,
        rhk_id=row.rhk_id,
        iki_id=row.iki_id,
        perilaku_id=row.perilaku_id,
        kategori=row.kategori,
        tindak_lanjut=row.tindak_lanjut,
        tanggal=row.tanggal if row.jenis == UmpanBalik.Jenis.INSIDENTAL else timezone.localdate(),
        teks=teks,
        penulis=pegawai,
        peran_penulis=row.peran_penulis,
        dibuat_oleh=by,
        dibuat_pada=now,
    )
    UmpanBalik.objects.filter(pk=row.pk).update(pengganti=baru)
    return baru


@transaction.atomic
def umpan_balik_remove(*, umpan_balik: UmpanBalik, by: User) -> UmpanBalik:
    """Withdraw the feedback: it is marked replaced without a successor and stays in the history."""
    row, _pegawai = _lock_current(umpan_balik, by)
    row.diganti_pada = timezone.now()
    row.diganti_oleh = by
    row.save(update_fields=["diganti_pada", "diganti_oleh"])
    return row
