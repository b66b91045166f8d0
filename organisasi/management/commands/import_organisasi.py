"""`manage.py import_organisasi --instansi KODE --jenis pegawai berkas.xlsx [--apply]`.

Runs the same services as the operator's upload page, synchronously: a dry run that prints
the counts and every bad row, then with --apply (and no bad row) applies it all-or-nothing.
Exits non-zero when the file has errors or the apply fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from organisasi.importer import JENIS_ALL
from organisasi.importer.reading import ImportFileError, check_size
from organisasi.models import ImportJob, Instansi
from organisasi.services.impor import ImportJobError, import_job_apply, import_job_create, import_job_validate


class Command(BaseCommand):
    help = "Impor unit kerja, jabatan atau pegawai dari berkas CSV/XLSX (uji coba dulu; --apply untuk menerapkan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Berkas CSV atau XLSX.")
        parser.add_argument("--instansi", required=True, help="Kode instansi.")
        parser.add_argument("--jenis", required=True, choices=JENIS_ALL, help="Jenis data.")
        parser.add_argument("--apply", action="store_true", help="Terapkan bila tidak ada baris yang salah.")

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(_("Instansi dengan kode %(kode)s tidak ditemukan.") % {"kode": options["instansi"]})
        path = Path(options["path"])
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(path)s tidak dapat dibaca: %(error)s") % {"path": path, "error": error}
            ) from None
        except ImportFileError as error:
            raise CommandError(error.message) from None
        try:
            job = import_job_create(
                instansi=instansi, jenis=options["jenis"], file=ContentFile(data, name=path.name), diunggah_oleh=None
            )
            import_job_validate(job=job)
        except ImportJobError as error:
            raise CommandError(error.message) from None
        self._print_report(job, verbose=options["verbosity"] >= 2)
        if job.status != ImportJob.Status.TERVALIDASI:
            raise CommandError(job.pesan_galat or _("Berkas tidak dapat diimpor."))
        if not options["apply"]:
            self.stdout.write(_("Uji coba saja: belum ada yang diubah. Jalankan lagi dengan --apply untuk menerapkan."))
            return
        try:
            import_job_apply(job=job, user=None)
        except ImportJobError as error:
            raise CommandError(error.message) from None
        if job.status != ImportJob.Status.DITERAPKAN:
            self._print_errors(job.laporan)
            raise CommandError(job.pesan_galat or _("Penerapan gagal."))
        hasil = job.laporan.get("hasil", {})
        self.stdout.write(
            self.style.SUCCESS(
                _("Diterapkan: %(dibuat)d dibuat, %(diubah)d diubah, %(tetap)d tidak berubah.")
                % {"dibuat": hasil.get("dibuat", 0), "diubah": hasil.get("diubah", 0), "tetap": hasil.get("tetap", 0)}
            )
        )
        if "akun_dibuat" in hasil:
            self.stdout.write(
                _("Akun baru: %(dibuat)d; akun yang sudah ada ditautkan: %(ditautkan)d.")
                % {"dibuat": hasil["akun_dibuat"], "ditautkan": hasil.get("akun_ditautkan", 0)}
            )

    def _print_report(self, job: ImportJob, *, verbose: bool) -> None:
        laporan = job.laporan
        self.stdout.write(
            _("Berkas %(nama)s (%(jenis)s): %(total)d baris data.")
            % {"nama": job.nama_berkas, "jenis": job.get_jenis_display(), "total": job.total_baris}
        )
        if laporan.get("galat_berkas"):
            return
        jumlah = laporan.get("jumlah", {})
        self.stdout.write(
            _("Akan dibuat: %(dibuat)d, akan diubah: %(diubah)d, tidak berubah: %(tetap)d, baris salah: %(salah)d.")
            % {
                "dibuat": jumlah.get("dibuat", 0),
                "diubah": jumlah.get("diubah", 0),
                "tetap": jumlah.get("tetap", 0),
                "salah": jumlah.get("baris_salah", 0),
            }
        )
        if laporan.get("kolom_diabaikan"):
            self.stdout.write(_("Kolom diabaikan: %(kolom)s") % {"kolom": ", ".join(laporan["kolom_diabaikan"])})
        if verbose:
            for change in laporan.get("perubahan", []):
                detail = "; ".join(f"{c['kolom']}: {c['lama']} → {c['baru']}" for c in change["kolom"])
                self.stdout.write(
                    _("Baris %(baris)d %(kunci)s %(nama)s: %(aksi)s %(detail)s") % {**change, "detail": detail}
                )
        self._print_errors(laporan)

    def _print_errors(self, laporan: dict[str, Any]) -> None:
        for galat in laporan.get("galat", []):
            for pesan in galat["pesan"]:
                self.stderr.write(
                    _("Baris %(baris)d%(kunci)s: %(pesan)s")
                    % {
                        "baris": galat["baris"],
                        "kunci": f" ({galat['kunci']})" if galat["kunci"] else "",
                        "pesan": pesan,
                    }
                )
