"""Progress of a running import, in the cache shared by the web process and the task worker.

It is not kept in the database because the apply step holds one long transaction: the web
process would not see the rows until the end, and on SQLite it must not write while it runs.
"""

from __future__ import annotations

from typing import TypedDict, cast

from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PROGRESS_TIMEOUT_SECONDS = 24 * 60 * 60
DEFAULT_STEP = 250

MEMBACA = "membaca"
MEMERIKSA = "memeriksa"
MENYIMPAN = "menyimpan"
MENAUTKAN = "menautkan"
AKUN = "akun"

PHASE_LABELS: dict[str, str | Promise] = {
    MEMBACA: _("Membaca berkas"),
    MEMERIKSA: _("Memeriksa baris"),
    AKUN: _("Membuat akun pegawai"),
    MENYIMPAN: _("Menyimpan data"),
    MENAUTKAN: _("Menautkan atasan dan unit induk"),
}


class ProgressState(TypedDict):
    tahap: str
    selesai: int
    total: int


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def read_progress(job_id: int) -> ProgressState | None:
    value = cache.get(progress_key(job_id))
    return cast(ProgressState, value) if isinstance(value, dict) else None


def clear_progress(job_id: int) -> None:
    cache.delete(progress_key(job_id))


class Progress:
    """Writes `{tahap, selesai, total}` every `step` items, or every 1/MAX_WRITES of a big phase
    (and at each phase's start and end)."""

    MAX_WRITES = 200

    def __init__(self, job_id: int | None, *, step: int = DEFAULT_STEP) -> None:
        self.job_id = job_id
        self.step = step
        self.phase = ""
        self.total = 0
        self.done = 0
        self._every = step
        self._written = -1

    def start(self, phase: str, total: int) -> None:
        self.phase = phase
        self.total = total
        self.done = 0
        self._every = max(self.step, total // self.MAX_WRITES)
        self._written = -1
        self._write(0)

    def advance(self, done: int) -> None:
        self.done = done
        if done >= self.total or done - self._written >= self._every:
            self._write(min(done, self.total))

    def _write(self, done: int) -> None:
        self._written = done
        if self.job_id is not None:
            state: ProgressState = {"tahap": self.phase, "selesai": done, "total": self.total}
            cache.set(progress_key(self.job_id), state, PROGRESS_TIMEOUT_SECONDS)


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS.get(phase, phase))
