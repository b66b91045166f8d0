"""Forms of the Matriks Peran Hasil and the keselarasan view: input checks with Indonesian
messages; the rules themselves live in `services.matriks`, whose errors go back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisasi.konflik import VersiFormMixin

from .models import BarisMatriks
from .services.matriks import MAX_KOLOM, MAX_NAMA_KOLOM, MAX_PERAN, MIN_KOLOM

MAX_CARI = 100
MIN_TAHUN = 2000
MAX_TAHUN = 2100

JUMLAH_KOLOM_ERRORS = {
    "required": _("Isi jumlah kolom produk/layanan."),
    "invalid": _("Jumlah kolom harus berupa bilangan bulat."),
    "min_value": _("Jumlah kolom produk/layanan paling sedikit %(limit_value)s."),
    "max_value": _("Jumlah kolom produk/layanan paling banyak %(limit_value)s."),
}


class ServiceErrorForm(forms.Form):
    """Puts a service's ValidationError on the field it names, or on the form."""

    def apply_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class MatriksOpenForm(ServiceErrorForm):
    jumlah_kolom = forms.IntegerField(
        label=_("Jumlah kolom produk/layanan"),
        min_value=MIN_KOLOM,
        max_value=MAX_KOLOM,
        initial=3,
        error_messages=JUMLAH_KOLOM_ERRORS,
        help_text=_(
            "Produk/layanan tim kerja (intermediate outcome, output atau layanan); dapat ditambah atau dikurangi nanti."
        ),
        widget=forms.NumberInput(attrs={"min": MIN_KOLOM, "max": MAX_KOLOM, "inputmode": "numeric"}),
    )


class KolomForm(ServiceErrorForm):
    nama = forms.CharField(
        label=_("Nama produk/layanan"),
        max_length=MAX_NAMA_KOLOM,
        error_messages={
            "required": _("Isi nama produk/layanan."),
            "max_length": _("Nama produk/layanan paling banyak %(limit_value)d karakter."),
        },
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: Terlaksananya penilaian kompetensi."),
    )


JABATAN_TIM_ERRORS = {
    "required": _("Pilih jabatan tim kerja."),
    "invalid_choice": _("Pilih jabatan tim kerja: Ketua Tim atau Anggota Tim."),
}


class BarisAddForm(ServiceErrorForm):
    """One candidate picked from the search: their id and their jabatan tim kerja."""

    pegawai = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": _("Pilih pegawai dari hasil pencarian."),
            "invalid": _("Pilih pegawai dari hasil pencarian."),
            "min_value": _("Pilih pegawai dari hasil pencarian."),
            "max_value": _("Pilih pegawai dari hasil pencarian."),
        },
    )
    jabatan_tim = forms.ChoiceField(
        label=_("Jabatan tim kerja"), choices=BarisMatriks.JabatanTim.choices, error_messages=JABATAN_TIM_ERRORS
    )


class KolomUbahForm(VersiFormMixin, KolomForm):
    """Renaming a column: it carries the column's version, so a rename over someone else's
    newer one is refused instead of silently overwriting it."""


class BarisUpdateForm(VersiFormMixin, ServiceErrorForm):
    jabatan_tim = forms.ChoiceField(
        label=_("Jabatan tim kerja"), choices=BarisMatriks.JabatanTim.choices, error_messages=JABATAN_TIM_ERRORS
    )


class PeranForm(VersiFormMixin, ServiceErrorForm):
    """One cell; its `versi` is that of the cell the editor was opened on (0: it was empty)."""

    teks = forms.CharField(
        label=_("Peran hasil"),
        required=False,
        max_length=MAX_PERAN,
        strip=True,
        error_messages={"max_length": _("Peran hasil paling banyak %(limit_value)d karakter.")},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu peran hasil per baris. Kosongkan bila tidak ada peran."),
    )


class AlignmentFilterForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=MIN_TAHUN,
        max_value=MAX_TAHUN,
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2026."),
            "min_value": _("Tahun paling awal %(limit_value)s."),
            "max_value": _("Tahun paling akhir %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"min": MIN_TAHUN, "max": MAX_TAHUN, "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.TypedChoiceField(
            label=_("Unit kerja"),
            choices=units,
            coerce=int,
            required=False,
            error_messages={"invalid_choice": _("Unit kerja itu tidak termasuk dalam kewenangan Anda.")},
        )
        self.order_fields(["unit", "tahun"])
