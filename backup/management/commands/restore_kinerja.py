"""`manage.py restore_kinerja FILE [--replace]` restores an archive of `backup_kinerja` into a
migrated installation without data; `--verify` only checks the archive. Exit 0: done (or the
archive is sound); 1: refused or failed, and nothing was changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from backup.archive import BackupError
from backup.operations import restore_backup, verify


class Command(BaseCommand):
    help = "Pulihkan cadangan backup_kinerja ke instalasi kosong (atau --verify untuk memeriksa arsip saja)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Berkas arsip .tar.gz dari backup_kinerja.")
        parser.add_argument(
            "--verify", action="store_true", help="Periksa manifest dan SHA-256 semua isi arsip tanpa memulihkan."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Hapus semua data instalasi ini lalu ganti dengan isi cadangan (berkas yang ada tidak dihapus).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            if options["verify"]:
                verified = verify(archive)
                self._warn(verified.warnings)
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Arsip utuh: dibuat %(waktu)s, %(baris)d baris, %(berkas)d berkas, SHA-256 semuanya cocok.")
                        % {
                            "waktu": verified.manifest["created_at"],
                            "baris": sum(verified.manifest["row_counts"].values()),
                            "berkas": len(verified.files),
                        }
                    )
                )
                return
            result = restore_backup(archive=archive, replace=options["replace"])
        except BackupError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        self._warn(result.warnings)
        self.stdout.write(
            self.style.SUCCESS(
                _("Dipulihkan dari cadangan %(waktu)s: %(baris)d baris, %(berkas)d berkas ditulis (%(ada)d sudah ada).")
                % {
                    "waktu": result.manifest["created_at"],
                    "baris": result.rows,
                    "berkas": result.files_written,
                    "ada": result.files_already_present,
                }
            )
        )

    def _warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
