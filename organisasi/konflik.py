"""No silent overwrite: the shared pieces of optimistic concurrency.

A form carries back the version of the record it was opened on (a counter, or the id of the
current row of a versioned record). The service compares it with the locked row inside its
transaction and refuses with `StaleEditError` when someone else saved in between, naming what
changed, by whom and when, and echoing what the user typed so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
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
    *,
    by: Any = None,
    nama: str = "",
    when: datetime | None = None,
    changes: Iterable[str],
    isian: Iterable[str],
) -> StaleEditError:
    """The refusal in the words the user needs: who changed what, and their own input back."""
    nama = nama or nama_of(by)
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


# --- Records edited in place (TimeStamped) --------------------------------------------------------


def versi_of(record: Any) -> int:
    """The version of a record edited in place: the moment of its last save, to the microsecond
    (every save through a service bumps `updated_at`); 0 for a record that does not exist (yet)."""
    if record is None or getattr(record, "updated_at", None) is None:
        return 0
    when: datetime = record.updated_at
    return int(when.timestamp()) * 1_000_000 + when.microsecond


def last_change(model: type[models.Model], pk: object) -> tuple[str, datetime | None, list[str]]:
    """Who last wrote the record, when, and the names of the fields that write changed, from the
    audit trail ("", None, [] when it has no row). Looked up through the app registry: the audit
    app sits above this one in the import order."""
    try:
        catatan = apps.get_model("audit", "CatatanAudit")
    except LookupError:
        return "", None, []
    row = (
        catatan.objects.filter(model=model._meta.label_lower, objek_pk=str(pk))
        .order_by("-waktu", "-pk")
        .values_list("aktor_nama", "waktu", "aksi", "changes")
        .first()
    )
    if row is None:
        return "", None, []
    nama, when, aksi, changes = row
    fields = _field_labels(model, changes) if aksi == "update" and isinstance(changes, dict) else []
    return nama or "", when, fields


def _field_labels(model: type[models.Model], names: Iterable[str]) -> list[str]:
    by_attname = {getattr(f, "attname", f.name): f for f in model._meta.get_fields() if hasattr(f, "attname")}
    labels = []
    for name in names:
        if name == "updated_at":
            continue
        field = by_attname.get(name)
        labels.append(str(getattr(field, "verbose_name", name)) if field is not None else name)
    return labels


def refuse_if_changed(
    current: Any,
    *,
    versi: int | None,
    model: type[models.Model],
    pk: object,
    changes: Callable[[], Iterable[str]],
    isian: Iterable[str],
) -> None:
    """Refuse the save when the record (`current`, locked by the caller; None when it no longer or
    not yet exists) is not the version the form was opened on. `versi` None: not checked (code that
    writes without a form in front of a person)."""
    if versi is None or versi == versi_of(current):
        return
    nama, when, fields = last_change(model, pk)
    if when is None and current is not None:
        when = getattr(current, "updated_at", None)
    described = list(changes())
    if fields:
        described.append(_("yang diubah: %(kolom)s") % {"kolom": ", ".join(fields)})
    raise stale_error(nama=nama, when=when, changes=described, isian=isian)
