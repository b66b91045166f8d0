"""Bulk printing (issue 5): every document of one kind of a unit (with its sub-units) and year, as one ZIP.

    antri → berjalan → selesai | gagal        (antri → gagal when the job cannot even start)

`cetak_massal_create` checks the request and queues the job; the worker runs
`cetak_massal_build` (through `dokumen.tasks.cetak_massal_run`), which writes the ZIP entry by entry
to a temporary file, records progress after every document with one UPDATE, and stores the ZIP
under `cetak-massal/`. A document that cannot be built (no SKP in force, a render error) becomes a
line of `LAPORAN.txt` inside the ZIP; only an error that stops the whole job marks it `gagal`.

The kinds of document are a table (`PERENCANA`): the SKP in force of a year (`rencana_skp`), and the
evaluation documents of a period — the Hasil Evaluasi Kinerja and the Dokumen Evaluasi Kinerja
Pegawai of every evaluation in force that was given (`rencana_evaluasi`).
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from organisasi.access import AnyUser, unit_subtree_ids
from organisasi.models import Pegawai, UnitKerja
from organisasi.rules import nama_lengkap
from pelaksanaan.models import Periode
from penilaian.access import report_unit_ids
from penilaian.models import Evaluasi, StatusEvaluasi
from perencanaan.models import Skp, StatusSkp

from .evaluasi import dokumen_evaluasi_pdf, hasil_evaluasi_filename, hasil_evaluasi_pdf, load_evaluasi
from .models import CetakMassal
from .render import safe_filename
from .skp import load_skp, skp_filename, skp_pdf

logger = logging.getLogger(__name__)

Status = CetakMassal.Status
Jenis = CetakMassal.Jenis

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ANTRI: frozenset({Status.BERJALAN, Status.GAGAL}),
    Status.BERJALAN: frozenset({Status.SELESAI, Status.GAGAL}),
}

MIN_TAHUN = 2000
LAPORAN = "LAPORAN.txt"


# --- Creating a job ---------------------------------------------------------------------------


def units_for_user(user: AnyUser) -> frozenset[int]:
    """Units whose documents the user may print in bulk: the operator's scopes, the units a leader
    heads and everything below them, every unit for the admin (as for the rekap)."""
    ids, _is_operator = report_unit_ids(user)
    return ids


def tahun_errors(tahun: int, *, today_year: int) -> list[str]:
    """A year that can hold SKP: from 2000 up to next year."""
    if not MIN_TAHUN <= tahun <= today_year + 1:
        return [
            _("Tahun harus antara %(min)d dan %(max)d.") % {"min": MIN_TAHUN, "max": today_year + 1},
        ]
    return []


@transaction.atomic
def cetak_massal_create(
    *, user: User, unit: UnitKerja, tahun: int, jenis: str = Jenis.SKP, periode: Periode | None = None
) -> CetakMassal:
    """Queue a bulk print of `unit` (with its sub-units): the SKP of `tahun`, or the evaluation
    documents of `periode` (whose year then is the job's `tahun`).

    Raises ValidationError (keyed by field) for an unknown jenis, a year out of range, a missing
    period or one of another instansi, or a unit outside the user's scope. The same request by the
    same user while an earlier one is still running returns that job instead of queueing a second
    one (a double click).
    """
    errors: dict[str, list[str]] = {}
    if jenis not in Jenis.values:
        errors["jenis"] = [_("Jenis dokumen tidak dikenal.")]
    if jenis == Jenis.EVALUASI:
        if periode is None:
            errors["periode"] = [_("Pilih periode evaluasi untuk mencetak dokumen evaluasi.")]
        elif periode.instansi_id != unit.instansi_id:
            errors["periode"] = [_("Periode evaluasi ini bukan milik instansi unit kerja tersebut.")]
        else:
            tahun = periode.tahun
    else:
        periode = None
    year_errors = tahun_errors(tahun, today_year=timezone.localdate().year)
    if year_errors:
        errors["tahun"] = year_errors
    if not isinstance(user, User) or unit.pk not in units_for_user(user):
        errors["unit"] = [_("Unit kerja ini di luar wewenang Anda.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for running in CetakMassal.objects.filter(
        dibuat_oleh=user,
        unit=unit,
        tahun=tahun,
        jenis=jenis,
        periode=periode,
        status__in=[Status.ANTRI, Status.BERJALAN],
    ):
        if not running.is_macet(now):
            return running
    job = CetakMassal.objects.create(
        dibuat_oleh=user,
        instansi_id=unit.instansi_id,
        unit=unit,
        tahun=tahun,
        jenis=jenis,
        periode=periode,
        dibuat_pada=now,
        diperbarui_pada=now,
    )
    from .tasks import enqueue_cetak_massal  # the task module imports this one

    enqueue_cetak_massal(job.pk)
    return job


# --- State moves --------------------------------------------------------------------------------


def _transition(job: CetakMassal, target: str, **fields: Any) -> bool:
    """Move the job with a conditional UPDATE; False when another process moved it first."""
    if target not in TRANSITIONS.get(job.status, frozenset()):
        raise ValidationError(
            _("Status cetak massal tidak dapat diubah dari “%(from)s” menjadi “%(to)s”.")
            % {"from": job.get_status_display(), "to": Status(target).label}
        )
    now = timezone.now()
    moved = CetakMassal.objects.filter(pk=job.pk, status=job.status).update(
        status=target, diperbarui_pada=now, **fields
    )
    if not moved:
        return False
    job.status = target
    job.diperbarui_pada = now
    for name, value in fields.items():
        setattr(job, name, value)
    return True


def _progress(job: CetakMassal, **counts: int) -> None:
    now = timezone.now()
    CetakMassal.objects.filter(pk=job.pk).update(diperbarui_pada=now, **counts)
    job.diperbarui_pada = now
    for name, value in counts.items():
        setattr(job, name, value)


# --- What a job prints ------------------------------------------------------------------------


@dataclass(frozen=True)
class Butir:
    """One entry of a bulk print: a document to build (`buat` gives its file name and bytes), or a
    problem to report (`masalah`). `pegawai` names whom it is about in the report."""

    pegawai: str
    buat: Callable[[], tuple[str, bytes]] | None = None
    keterangan: str = ""  # what the document is, for the report ("SKP 01-01-2026 s.d. 31-12-2026")
    masalah: str = ""


def _pegawai_label(nip: str, nama: str, unit: str) -> str:
    return f"{nip} — {nama} ({unit})" if unit else f"{nip} — {nama}"


def _skp_dokumen(skp_pk: int) -> tuple[str, bytes]:
    skp = load_skp(skp_pk)
    return skp_filename(skp, "pdf"), skp_pdf(skp)


def rencana_skp(job: CetakMassal) -> list[Butir]:
    """Every SKP in force (ditetapkan) of the year of the pegawai now in the unit and its sub-units,
    by unit and name; a pegawai with none gets a line in the report. Inactive pegawai count only
    when they have an SKP in force. Two queries whatever the size."""
    unit_ids = unit_subtree_ids(job.instansi_id, {job.unit_id})
    pegawai = list(
        Pegawai.objects.filter(instansi_id=job.instansi_id, unit_kerja_id__in=unit_ids)
        .order_by("unit_kerja__kode", "nama", "pk")
        .values_list("pk", "nip", "nama", "gelar_depan", "gelar_belakang", "aktif", "unit_kerja__nama")
    )
    skp_by_pegawai: dict[int, list[tuple[int, str, Any, Any]]] = {}
    for row in (
        Skp.objects.current()
        .of_year(job.tahun)
        .filter(pegawai_id__in=[p[0] for p in pegawai])
        .order_by("periode_mulai", "pk")
        .values_list("pegawai_id", "pk", "status", "periode_mulai", "periode_selesai")
    ):
        skp_by_pegawai.setdefault(row[0], []).append(row[1:])
    butir: list[Butir] = []
    for pk, nip, nama, gelar_depan, gelar_belakang, aktif, unit_nama in pegawai:
        label = _pegawai_label(nip, nama_lengkap(nama, gelar_depan, gelar_belakang), unit_nama or "")
        skps = skp_by_pegawai.get(pk, [])
        in_force = [s for s in skps if s[1] == StatusSkp.DITETAPKAN]
        for skp_pk, _status, mulai, selesai in in_force:
            keterangan = _("SKP %(mulai)s s.d. %(selesai)s") % {
                "mulai": f"{mulai:%d-%m-%Y}",
                "selesai": f"{selesai:%d-%m-%Y}",
            }
            butir.append(Butir(pegawai=label, buat=partial(_skp_dokumen, skp_pk), keterangan=keterangan))
        if in_force or not aktif:
            continue
        if skps:
            statuses = ", ".join(str(StatusSkp(s[1]).label) for s in skps)
            masalah = _("SKP tahun %(tahun)d belum ditetapkan (status: %(status)s).") % {
                "tahun": job.tahun,
                "status": statuses,
            }
        else:
            masalah = _("belum ada SKP tahun %(tahun)d.") % {"tahun": job.tahun}
        butir.append(Butir(pegawai=label, masalah=masalah))
    return butir


def _hasil_evaluasi_dokumen(evaluasi_pk: int) -> tuple[str, bytes]:
    evaluasi = load_evaluasi(evaluasi_pk)
    return hasil_evaluasi_filename(evaluasi), hasil_evaluasi_pdf(evaluasi)


def _dokumen_evaluasi_dokumen(evaluasi_pk: int) -> tuple[str, bytes]:
    return dokumen_evaluasi_pdf(load_evaluasi(evaluasi_pk))


def rencana_evaluasi(job: CetakMassal) -> list[Butir]:
    """For every pegawai now in the unit and its sub-units, by unit and name: the Hasil Evaluasi and
    the Dokumen Evaluasi (its default variant) of their evaluation in force in the job's period
    that was given to them; a pegawai without one gets a line in the report saying why (no
    evaluation, still a draft). Inactive pegawai count only when they have one. Two queries."""
    assert job.periode is not None
    periode = job.periode
    unit_ids = unit_subtree_ids(job.instansi_id, {job.unit_id})
    pegawai = list(
        Pegawai.objects.filter(instansi_id=job.instansi_id, unit_kerja_id__in=unit_ids)
        .order_by("unit_kerja__kode", "nama", "pk")
        .values_list("pk", "nip", "nama", "gelar_depan", "gelar_belakang", "aktif", "unit_kerja__nama")
    )
    by_pegawai: dict[int, list[tuple[int, str, int]]] = {}
    for row in (
        Evaluasi.objects.current()
        .filter(periode=periode, skp__pegawai_id__in=[p[0] for p in pegawai])
        .order_by("skp__periode_mulai", "pk")
        .values_list("skp__pegawai_id", "pk", "status", "versi")
    ):
        by_pegawai.setdefault(row[0], []).append(row[1:])
    butir: list[Butir] = []
    for pk, nip, nama, gelar_depan, gelar_belakang, aktif, unit_nama in pegawai:
        label = _pegawai_label(nip, nama_lengkap(nama, gelar_depan, gelar_belakang), unit_nama or "")
        evaluations = by_pegawai.get(pk, [])
        given = [e for e in evaluations if e[1] == StatusEvaluasi.DIBERIKAN]
        for evaluasi_pk, _status, versi in given:
            suffix = f" (versi {versi})" if versi > 1 else ""
            butir.append(
                Butir(
                    pegawai=label,
                    buat=partial(_hasil_evaluasi_dokumen, evaluasi_pk),
                    keterangan=_("Hasil Evaluasi Kinerja %(periode)s") % {"periode": periode.nama} + suffix,
                )
            )
            butir.append(
                Butir(
                    pegawai=label,
                    buat=partial(_dokumen_evaluasi_dokumen, evaluasi_pk),
                    keterangan=_("Dokumen Evaluasi Kinerja %(periode)s") % {"periode": periode.nama} + suffix,
                )
            )
        if given or not aktif:
            continue
        if evaluations:
            masalah = _("evaluasi periode %(periode)s masih draf, belum diberikan kepada pegawai.") % {
                "periode": periode.nama
            }
        else:
            masalah = _("belum ada evaluasi periode %(periode)s.") % {"periode": periode.nama}
        butir.append(Butir(pegawai=label, masalah=masalah))
    return butir


PERENCANA: dict[str, Callable[[CetakMassal], list[Butir]]] = {
    Jenis.SKP: rencana_skp,
    Jenis.EVALUASI: rencana_evaluasi,
}


# --- Running a job ------------------------------------------------------------------------------


def zip_filename(job: CetakMassal) -> str:
    """`SKP_<kode unit>_<tahun>.zip` or `EVALUASI_<kode unit>_<tahun>_<periode>.zip`: the name the
    user downloads."""
    periode = job.periode.nama if job.periode is not None else ""
    return f"{safe_filename(job.jenis.upper(), job.unit.kode, job.tahun, periode)}.zip"


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem}_{n}.{ext}" if dot else f"{name}_{n}"
    used.add(candidate)
    return candidate


def _detail(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def cetak_massal_build(*, job_id: int) -> CetakMassal | None:
    """Run a queued job (the worker's side). Never raises: the outcome is the job's status,
    counts, message and ZIP. Returns None when the job no longer exists."""
    job = CetakMassal.objects.select_related("unit", "instansi", "dibuat_oleh", "periode").filter(pk=job_id).first()
    if job is None:
        return None
    if job.status != Status.ANTRI or not _transition(job, Status.BERJALAN, mulai_pada=timezone.now()):
        return job  # another worker has it, or it is finished
    with translation.override("id"):  # the report is in Indonesian whoever runs the worker
        try:
            _build(job)
        except Exception as error:
            logger.exception("Bulk print %s failed", job.pk)
            if job.berkas:
                job.berkas.delete(save=False)
            job.refresh_from_db(fields=["status"])
            if job.status in TRANSITIONS:
                _transition(
                    job,
                    Status.GAGAL,
                    berkas="",
                    selesai_pada=timezone.now(),
                    pesan=_(
                        "Cetak massal gagal dan tidak menghasilkan berkas. Coba lagi; bila berulang, sampaikan rincian ini kepada admin: %(detail)s"
                    )
                    % {"detail": _detail(error)},
                )
    return job


def _build(job: CetakMassal) -> None:
    butir = PERENCANA[job.jenis](job)
    _progress(job, jumlah=len(butir), selesai_count=0, gagal_count=0)
    masalah: list[str] = []
    used: set[str] = {LAPORAN}
    selesai = gagal = 0
    with tempfile.TemporaryFile(prefix="cetak-massal-") as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for entry in butir:
                if entry.buat is None:
                    masalah.append(f"{entry.pegawai}: {entry.masalah}")
                    gagal += 1
                else:
                    try:
                        name, content = entry.buat()
                    except Exception as error:
                        logger.exception("Bulk print %s: %s failed", job.pk, entry.keterangan)
                        masalah.append(
                            f"{entry.pegawai}: "
                            + _("%(dokumen)s tidak dapat dibuat (%(detail)s).")
                            % {"dokumen": entry.keterangan, "detail": _detail(error)}
                        )
                        gagal += 1
                    else:
                        archive.writestr(_unique(name, used), content)
                        selesai += 1
                _progress(job, selesai_count=selesai, gagal_count=gagal)
            archive.writestr(LAPORAN, laporan_text(job, selesai=selesai, masalah=masalah))
        tmp.seek(0)
        job.berkas.save(zip_filename(job), File(tmp), save=False)
    if not _transition(
        job,
        Status.SELESAI,
        berkas=job.berkas.name,
        selesai_pada=timezone.now(),
        pesan=ringkasan(jumlah=len(butir), selesai=selesai, gagal=gagal),
    ):
        job.berkas.delete(save=False)


def ringkasan(*, jumlah: int, selesai: int, gagal: int) -> str:
    text = _("%(selesai)d dari %(jumlah)d dokumen dibuat.") % {"selesai": selesai, "jumlah": jumlah}
    if gagal:
        text += " " + _("%(gagal)d tidak dapat dibuat; rinciannya ada di LAPORAN.txt di dalam ZIP.") % {"gagal": gagal}
    return text


def laporan_text(job: CetakMassal, *, selesai: int, masalah: list[str]) -> str:
    """LAPORAN.txt: what was asked, the counts, and one line per document that could not be built."""
    oleh = (job.dibuat_oleh.get_full_name() or job.dibuat_oleh.username) if job.dibuat_oleh else "—"
    lines = [
        _("LAPORAN CETAK MASSAL %(jenis)s") % {"jenis": str(job.get_jenis_display()).upper()},
        _("Instansi: %(nama)s") % {"nama": job.instansi.nama},
        _("Unit kerja: %(nama)s beserta sub-unitnya") % {"nama": job.unit.nama},
        _("Tahun: %(tahun)d") % {"tahun": job.tahun},
        *([_("Periode evaluasi: %(nama)s") % {"nama": job.periode.nama}] if job.periode is not None else []),
        _("Dibuat: %(waktu)s oleh %(oleh)s")
        % {"waktu": f"{timezone.localtime(job.dibuat_pada):%d-%m-%Y %H:%M}", "oleh": oleh},
        _("Dokumen dibuat: %(jumlah)d") % {"jumlah": selesai},
        _("Dokumen yang tidak dapat dibuat: %(jumlah)d") % {"jumlah": len(masalah)},
        "",
    ]
    if masalah:
        lines.append(_("Dokumen yang tidak dapat dibuat:"))
        lines.extend(f"{n}. {text}" for n, text in enumerate(masalah, start=1))
    else:
        lines.append(_("Semua dokumen berhasil dibuat."))
    # CRLF: the file is opened in Notepad at least as often as anywhere else.
    return "\r\n".join(lines) + "\r\n"
