from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope
from .services import BERLAKU_HARI, NAMA_MAX_LENGTH

BERLAKU_CHOICES = [(str(d), _("%(n)d hari") % {"n": d}) for d in BERLAKU_HARI]


class TokenForm(forms.Form):
    nama = forms.CharField(
        label=_("Nama token"),
        max_length=NAMA_MAX_LENGTH,
        help_text=_("Untuk mengenali pemakainya, misalnya “Skrip laporan bulanan”."),
    )
    berlaku_hari = forms.TypedChoiceField(label=_("Masa berlaku"), choices=BERLAKU_CHOICES, coerce=int, initial="90")


class SystemTokenForm(TokenForm):
    scopes = forms.MultipleChoiceField(
        label=_("Cakupan"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Berikan hanya yang dibutuhkan sistem pemakainya."),
    )
