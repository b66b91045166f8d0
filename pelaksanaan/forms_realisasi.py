"""Forms of the Realisasi page: a kuantitatif realisasi, a kualitatif statement, bukti dukung.

The services check everything again (and more: the SKP's state, the period, the file's content);
these forms turn what was typed into values and give the field-level messages.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from organisasi.konflik import VersiFormMixin

from .services.bukti import ACCEPT, KETERANGAN_MAX_LENGTH, NAMA_MAX_LENGTH, TAUTAN_MAX_LENGTH, allowed_label
from .services.realisasi import KETERANGAN_MAX_LENGTH as REALISASI_KETERANGAN_MAX
from .services.realisasi import TEKS_MAX_LENGTH, nilai_errors

_NUMBER = re.compile(r"^-?\d+([.,]\d+)*$")


def parse_angka(text: str) -> Decimal | None:
    """A number as typed: "12", "12,5", "12.5", "1.250,75", "1,250.75", "1.000.000".

    With both separators the last one is the decimal mark. With one kind only: repeated, it groups
    thousands; a single comma is the decimal mark; a single dot is the decimal mark unless exactly
    three digits follow it ("12.500" is twelve thousand five hundred, as written in Indonesia).
    None when it is not a number."""
    value = "".join(text.split())
    if not value or not _NUMBER.match(value):
        return None
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if value.count(decimal_mark) > 1:
            return None
    else:
        mark = "," if "," in value else ("." if "." in value else "")
        if not mark or value.count(mark) > 1:
            decimal_mark, group_mark = "", mark
        elif mark == "." and re.search(r"\.\d{3}$", value):
            decimal_mark, group_mark = "", "."
        else:
            decimal_mark, group_mark = mark, ""
    if group_mark:
        head, *groups = value.split(decimal_mark)[0].split(group_mark) if decimal_mark else value.split(group_mark)
        if any(len(g) != 3 for g in groups) or not head:
            return None
        value = value.replace(group_mark, "")
    if decimal_mark:
        value = value.replace(decimal_mark, ".")
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


class RealisasiForm(VersiFormMixin, forms.Form):
    """Input Realisasi of one IKI (seed 003): realisasi and keterangan tambahan. Its `versi` is the
    id of the current realisasi the form was opened on (0: none yet)."""

    nilai = forms.CharField(
        label=_("Realisasi"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Isi realisasi (angka)."),
            "max_length": _("Realisasi terlalu panjang."),
        },
        help_text=_("Angka dalam satuan target; desimal dengan koma, misalnya 12,5."),
    )
    keterangan = forms.CharField(
        label=_("Keterangan tambahan"),
        required=False,
        max_length=REALISASI_KETERANGAN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Keterangan paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")
        },
    )

    def clean_nilai(self) -> Decimal:
        value = parse_angka(self.cleaned_data["nilai"])
        if value is None:
            raise forms.ValidationError(_("Realisasi harus berupa angka, misalnya 12 atau 12,5."))
        errors = nilai_errors(value)
        if errors:
            raise forms.ValidationError(errors)
        return value


class RealisasiTeksForm(forms.Form):
    """A realisasi statement of a kualitatif RHK."""

    teks = forms.CharField(
        label=_("Realisasi"),
        max_length=TEKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Tuliskan realisasi hasil kerja."),
            "max_length": _("Realisasi paling banyak %(limit_value)d karakter (sekarang %(show_value)d)."),
        },
        help_text=_("Apa yang telah dihasilkan pada periode ini, berdasarkan bukti dukung."),
    )


def _keterangan_field() -> forms.CharField:
    return forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=KETERANGAN_MAX_LENGTH,
        error_messages={
            "max_length": _("Keterangan paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")
        },
    )


class BuktiBerkasForm(forms.Form):
    """Upload a file (also used to replace one)."""

    berkas = forms.FileField(
        label=_("Berkas bukti dukung"),
        allow_empty_file=False,
        max_length=None,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Pilih berkas yang akan diunggah."),
            "empty": _("Berkas kosong."),
            "invalid": _("Berkas tidak terkirim dengan benar; coba unggah lagi."),
            "missing": _("Berkas tidak terkirim dengan benar; coba unggah lagi."),
        },
    )
    keterangan = _keterangan_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["berkas"].help_text = _("%(jenis)s; paling besar %(batas)s.") % {
            "jenis": allowed_label(),
            "batas": filesizeformat(settings.BUKTI_DUKUNG_MAX_BYTES),
        }


class BuktiTautanForm(forms.Form):
    """A link to evidence kept elsewhere (a shared drive, the agency's website)."""

    tautan = forms.CharField(
        label=_("Alamat tautan"),
        max_length=TAUTAN_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={
            "required": _("Isi alamat tautan bukti dukung."),
            "max_length": _("Alamat tautan paling banyak %(limit_value)d karakter."),
        },
    )
    nama = forms.CharField(
        label=_("Nama tautan"),
        required=False,
        max_length=NAMA_MAX_LENGTH,
        error_messages={"max_length": _("Nama tautan paling banyak %(limit_value)d karakter.")},
        help_text=_("Misalnya: Notulen rapat koordinasi. Kosong: alamatnya yang ditampilkan."),
    )
    keterangan = _keterangan_field()
