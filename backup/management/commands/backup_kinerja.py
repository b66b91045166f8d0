"""`manage.py backup_kinerja [--output FILE] [--force]`: one archive with the database rows and
every file they reference. Exit 0: complete; 1: nothing written; 2: written, but files the rows
name were missing or damaged on disk (listed), so a cron job still reports it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from backup.archive import BackupError
from backup.operations import create_backup, default_output


class Command(BaseCommand):
    help = "Cadangkan basis data dan semua berkas yang dirujuknya ke satu arsip .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", help="Berkas arsip yang ditulis (bawaan: VAR_DIR/backups/kinerja-<waktu>.tar.gz)."
        )
        parser.add_argument("--force", action="store_true", help="Timpa berkas arsip yang sudah ada.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]) if options["output"] else default_output()
        try:
            result = create_backup(output=output, force=options["force"])
        except BackupError as error:
            raise CommandError(error.message) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _("Cadangan ditulis ke %(path)s: %(baris)d baris, %(berkas)d berkas.")
                % {
                    "path": result.output,
                    "baris": sum(manifest["row_counts"].values()),
                    "berkas": len(manifest["files"]),
                }
            )
        )
        for path in result.missing_files:
            self.stderr.write(_("Berkas tidak ditemukan di MEDIA_ROOT: %(path)s") % {"path": path})
        for path in result.damaged_files:
            self.stderr.write(
                _("Berkas tidak cocok dengan SHA-256 yang tercatat saat diunggah: %(path)s") % {"path": path}
            )
        if result.missing_files or result.damaged_files:
            raise CommandError(
                _("Cadangan ditulis, tetapi %(jumlah)d berkas hilang atau rusak di MEDIA_ROOT.")
                % {"jumlah": len(result.missing_files) + len(result.damaged_files)},
                returncode=2,
            )
