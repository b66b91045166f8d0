"""No silent overwrite: the shared pieces of optimistic concurrency.

A form carries back the version of the record it was opened on (a counter, or the id of the
current row of a versioned record). The service compares it with the locked row inside its
transaction and refuses with `StaleEditError` when someone else saved in between, naming what
changed, by whom and when, and echoing what the user typed so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STALE_CODE = "conflict_stale"
VERSI_FIELD = "versi"
VERSI_RUSAK = gettext_lazy(
    "Formulir ini tidak membawa penanda versi data yang sah, sehingga tidak dapat dipastikan Anda menyimpan "
    "di atas data terbaru. Muat ulang halaman lalu isi lagi."
)


class StaleEditError(ValidationError):
    """The record changed after the form was opened: the save is refused, nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=STALE_CODE)


def waktu_label(when: datetime) -> str:
    return formats.date_format(timezone.localtime(when), "j M Y H:i")


def nama_of(user: Any) -> str:
    """The person behind an account: the pegawai's full name where there is one."""
    if user is None:
        return ""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is not None:
        return str(pegawai.nama_lengkap)
    return str(user.get_full_name() or user.get_username())


def stale_error(
    *, by: Any = None, when: datetime | None = None, changes: Iterable[str], isian: Iterable[str]
) -> StaleEditError:
    """The refusal in the words the user needs: who changed what, and their own input back."""
    nama = nama_of(by)
    perubahan = "; ".join(changes) or _("data diubah")
    if nama and when is not None:
        head = _("Data ini sudah diubah oleh %(nama)s pada %(waktu)s setelah Anda membuka formulir") % {
            "nama": nama,
            "waktu": waktu_label(when),
        }
    elif when is not None:
        head = _("Data ini sudah diubah pada %(waktu)s setelah Anda membuka formulir") % {"waktu": waktu_label(when)}
    else:
        head = _("Data ini sudah diubah setelah Anda membuka formulir")
    message = _("%(head)s: %(perubahan)s. Muat ulang untuk melihat perubahan terbaru; isian Anda: %(isian)s.") % {
        "head": head,
        "perubahan": perubahan,
        "isian": "; ".join(isian) or "—",
    }
    return StaleEditError(message)


def parse_versi(value: object) -> int | None:
    """The version a form sent back, or None when it is missing or not a non-negative number."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text.isdigit() or not text.isascii() or len(text) > 18:
        return None
    return int(text)


class VersiFormMixin(forms.Form):
    """A hidden `versi` the form opened with; missing or garbage is refused before any service runs."""

    versi = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = parse_versi(self.data.get(self.add_prefix(VERSI_FIELD)))
        if value is None:
            self.add_error(None, ValidationError(VERSI_RUSAK, code="versi_rusak"))
        else:
            cleaned[VERSI_FIELD] = value
        return cleaned
