"""Forms of "SKP Bawahan": the pejabat penilai's list filter and the note that returns an SKP."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin, search_field

from .models import StatusSkp

CATATAN_MAX_LENGTH = 2000


class BawahanFilterForm(LiveSearchMixin, forms.Form):
    """Tahun (the years that have SKP, and the current year), status, and NIP/name search."""

    SEMUA_STATUS = ""
    STATUS_CHOICES = [
        (SEMUA_STATUS, _("Semua status")),
        (StatusSkp.DIAJUKAN.value, _("Perlu ditinjau (diajukan)")),
        (StatusSkp.DRAFT.value, _("Draf")),
        (StatusSkp.DIKEMBALIKAN.value, _("Dikembalikan")),
        (StatusSkp.DITETAPKAN.value, _("Ditetapkan")),
    ]

    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, choices=[])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    q = search_field(_("Cari NIP atau nama bawahan"), _("NIP atau nama bawahan"))

    def __init__(self, *args: Any, years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tahun = self.fields["tahun"]
        assert isinstance(tahun, forms.TypedChoiceField)
        tahun.choices = [(str(y), str(y)) for y in sorted(set(years), reverse=True)]


class KembalikanSkpForm(forms.Form):
    """Why the SKP goes back to the pegawai; required, so that they know what to fix."""

    catatan = forms.CharField(
        label=_("Catatan untuk pegawai"),
        max_length=CATATAN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki."),
            "max_length": _("Catatan paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
        help_text=_("Jelaskan apa yang perlu diperbaiki; catatan ini tampil pada SKP pegawai."),
    )
