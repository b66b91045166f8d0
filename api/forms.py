from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .services import BERLAKU_HARI, NAMA_MAX_LENGTH

BERLAKU_CHOICES = [(str(d), format_lazy("{} {}", d, _("hari"))) for d in BERLAKU_HARI]


class TokenForm(forms.Form):
    nama = forms.CharField(
        label=_("Nama token"),
        max_length=NAMA_MAX_LENGTH,
        help_text=_("Untuk mengenali pemakainya, misalnya “Skrip laporan bulanan”."),
        error_messages={"required": _("Nama token wajib diisi.")},
    )
    berlaku_hari = forms.TypedChoiceField(
        label=_("Masa berlaku"),
        choices=BERLAKU_CHOICES,
        coerce=int,
        initial="90",
        error_messages={"invalid_choice": _("Pilih salah satu masa berlaku yang tersedia.")},
    )


class SystemTokenForm(TokenForm):
    scopes = forms.MultipleChoiceField(
        label=_("Cakupan"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Berikan hanya yang dibutuhkan sistem pemakainya."),
        error_messages={"required": _("Pilih paling sedikit satu cakupan.")},
    )
