"""Checks the audit trail: the hash chain of every row, and every live evidence file on disk
against the SHA-256 recorded for it. Exit status 1 on any problem (for cron/monitoring)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from audit.capture import record_bulk
from audit.models import Aksi, CatatanAudit
from audit.rantai import verify_chain
from pelaksanaan.models import BuktiDukung

EVIDENCE = "pelaksanaan.buktidukung"


def file_sha256(name: str) -> str | None:
    if not default_storage.exists(name):
        return None
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def recorded_digests() -> dict[str, str]:
    """Per evidence id, the SHA-256 of its file in the (chain-protected) audit row that created it."""
    rows = CatatanAudit.objects.filter(model=EVIDENCE, aksi=Aksi.CREATE).exclude(bukti_sha256="")
    return dict(rows.order_by("pk").values_list("objek_pk", "bukti_sha256"))


class Command(BaseCommand):
    help = "Verifikasi rantai hash jejak audit dan berkas bukti dukung di disk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--adopt",
            action="store_true",
            help="Catat sekali SHA-256 bukti yang diunggah sebelum jejak audit dipasang (tanpa catatan audit).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        if options["adopt"]:
            self._adopt()
        checked, broken = verify_chain()
        if broken is None:
            self.stdout.write(f"Rantai audit utuh: {checked} catatan.")
        elif broken.alasan == "kepala":
            problems.append(
                f"Rantai audit terpotong: catatan setelah #{broken.catatan_id} hilang atau kepala rantai diubah."
            )
        else:
            problems.append(f"Rantai audit putus pada catatan #{broken.catatan_id} (setelah {checked} catatan utuh).")

        recorded = recorded_digests()
        files = 0
        live = BuktiDukung.objects.filter(jenis=BuktiDukung.Jenis.BERKAS, dihapus_pada__isnull=True).exclude(berkas="")
        for pk, name, sha in live.order_by("pk").values_list("pk", "berkas", "sha256").iterator():
            files += 1
            expected = recorded.get(str(pk))
            if expected is None:
                problems.append(f"Bukti #{pk} ({name}): tidak ada catatan audit dengan SHA-256-nya.")
                continue
            if sha != expected:
                problems.append(f"Bukti #{pk} ({name}): SHA-256 di basis data berbeda dari catatan audit.")
            actual = file_sha256(name)
            if actual is None:
                problems.append(f"Bukti #{pk} ({name}): berkas tidak ada di disk.")
            elif actual != expected:
                problems.append(f"Bukti #{pk} ({name}): isi berkas berubah (SHA-256 tidak cocok).")
        self.stdout.write(f"Berkas bukti diperiksa: {files}.")
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} masalah ditemukan.")
        self.stdout.write(self.style.SUCCESS("Jejak audit dan berkas bukti utuh."))

    def _adopt(self) -> None:
        with transaction.atomic():
            known = set(recorded_digests())
            missing = [b for b in BuktiDukung.objects.exclude(sha256="").order_by("pk") if str(b.pk) not in known]
            record_bulk(missing, aksi=Aksi.CREATE)
        self.stdout.write(f"Bukti dicatat sebagai garis awal: {len(missing)}.")
