"""The bulk print request: kind of document, unit kerja (with its sub-units) and year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CetakMassal


class CetakMassalForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Dokumen"),
        choices=CetakMassal.Jenis.choices,
        initial=CetakMassal.Jenis.SKP,
        error_messages={
            "required": _("Pilih jenis dokumen."),
            "invalid_choice": _("Pilih jenis dokumen dari daftar."),
        },
    )
    unit = forms.TypedChoiceField(
        label=_("Unit kerja"),
        coerce=int,
        choices=[],
        help_text=_("Beserta seluruh sub-unitnya."),
        error_messages={
            "required": _("Pilih unit kerja."),
            "invalid_choice": _("Pilih unit kerja dari daftar."),
        },
    )
    tahun = forms.TypedChoiceField(
        label=_("Tahun"),
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Pilih tahun."),
            "invalid_choice": _("Pilih tahun dari daftar."),
        },
    )

    def __init__(self, *args: Any, units: Iterable[tuple[int, str]], years: Iterable[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.TypedChoiceField)
        unit.choices = [(str(pk), label) for pk, label in units]
        tahun = self.fields["tahun"]
        assert isinstance(tahun, forms.TypedChoiceField)
        tahun.choices = [(str(y), str(y)) for y in years]
