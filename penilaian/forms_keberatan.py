"""Forms of the keberatan screens: file it, explain it, decide it, and the list filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisasi.forms import LiveSearchMixin, search_field

from .models import Keberatan, Rating, StatusKeberatan
from .services.keberatan import TEKS_MAX_LENGTH

_MAX_MESSAGE = _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")


def _teks_field(label: Any, required_message: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEKS_MAX_LENGTH}),
        error_messages={"required": required_message, "max_length": _MAX_MESSAGE},
        help_text=help_text,
    )


class AjukanKeberatanForm(forms.Form):
    alasan = _teks_field(
        _("Alasan keberatan"),
        _("Tuliskan alasan keberatan Anda."),
        _("Jelaskan bagian hasil evaluasi yang Anda keberatan dan alasannya, sebaiknya dengan bukti."),
    )


class JelaskanKeberatanForm(forms.Form):
    penjelasan = _teks_field(
        _("Penjelasan pejabat penilai kinerja"),
        _("Tuliskan penjelasan Anda atas keberatan pegawai."),
        _("Penjelasan diteruskan kepada atasan pejabat penilai kinerja yang memutuskan keberatan."),
    )


class PutuskanKeberatanForm(forms.Form):
    """Tetap or ubah; for ubah the two new ratings, which the service checks against the original."""

    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=Keberatan.Keputusan.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih keputusan: hasil evaluasi tetap atau diubah."),
            "invalid_choice": _("Pilih keputusan: hasil evaluasi tetap atau diubah."),
        },
    )
    rating_hasil = forms.ChoiceField(
        label=_("Rating hasil kerja yang baru"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Pilih rating hasil kerja yang baru.")},
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja yang baru"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Pilih rating perilaku kerja yang baru.")},
    )
    rekomendasi = _teks_field(
        _("Rekomendasi"),
        _("Tuliskan rekomendasi atas keberatan ini."),
        _("Keputusan atasan pejabat penilai kinerja bersifat final."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keputusan") == Keberatan.Keputusan.UBAH:
            if not data.get("rating_hasil"):
                self.add_error("rating_hasil", _("Pilih rating hasil kerja yang baru."))
            if not data.get("rating_perilaku"):
                self.add_error("rating_perilaku", _("Pilih rating perilaku kerja yang baru."))
        return data


class KeberatanFilterForm(LiveSearchMixin, forms.Form):
    PERAN_CHOICES = [
        ("", _("Semua peran")),
        ("pemohon", _("Saya ajukan")),
        ("penilai", _("Saya jelaskan (pejabat penilai)")),
        ("atasan", _("Saya putuskan (atasan pejabat penilai)")),
        ("operator", _("Wilayah kerja operator")),
    ]
    STATUS_CHOICES = [
        ("", _("Semua status")),
        ("terbuka", _("Belum diputuskan")),
        *StatusKeberatan.choices,
    ]

    peran = forms.ChoiceField(label=_("Peran"), required=False, choices=PERAN_CHOICES)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    q = search_field(_("Cari NIP atau nama pegawai"), _("NIP atau nama pegawai"))
