"""Forms of the pejabat penilai's evaluation and of the capaian kinerja organisasi."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from organisasi.konflik import VersiFormMixin
from pelaksanaan.models import Periode

from .models import CapaianOrganisasi, Rating
from .services.capaian import CATATAN_MAX_LENGTH as CATATAN_CAPAIAN_MAX
from .services.evaluasi import CATATAN_MAX_LENGTH as CATATAN_EVALUASI_MAX

# SPEC §6.2 / seed 000 §11: the guidance shown beside each choice.
PANDUAN_HASIL: dict[str, Promise] = {
    Rating.DI_ATAS: _(
        "Sebagian besar atau seluruh hasil kerja di atas ekspektasi, tidak ada hasil kerja utama yang di bawah "
        "ekspektasi, dan umpan balik sebagian/seluruhnya menunjukkan respon positif."
    ),
    Rating.SESUAI: _(
        "Sebagian besar atau seluruh hasil kerja sesuai ekspektasi, hanya sebagian kecil hasil kerja utama yang "
        "di bawah ekspektasi, dan umpan balik sebagian menunjukkan respon positif."
    ),
    Rating.DI_BAWAH: _(
        "Sebagian besar atau seluruh kinerja utama di bawah ekspektasi dan umpan balik atas hasil kerja sebagian "
        "besar atau seluruhnya tidak menunjukkan respon positif."
    ),
}
PANDUAN_PERILAKU: dict[str, Promise] = {
    Rating.DI_ATAS: _("Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri dan orang lain."),
    Rating.SESUAI: _("Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri."),
    Rating.DI_BAWAH: _("Pegawai belum secara konsisten menjalankan core values ASN."),
}
RATING_ORDER = (Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH)


def _periode_field(periods: Sequence[Periode]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        choices=[(str(p.pk), str(p)) for p in periods],
        error_messages={
            "required": _("Pilih periode evaluasi."),
            "invalid_choice": _("Periode ini bukan periode yang dapat dipilih di sini."),
        },
    )


class EvaluasiForm(VersiFormMixin, forms.Form):
    """Rating hasil kerja and perilaku kerja (never a typed predikat) and catatan/rekomendasi.

    A draft may leave a rating empty; giving the evaluation (`berikan=True`) needs both. `versi` is
    the draft's `versi_draf` the form was opened on (0: no draft yet).
    """

    rating_hasil = forms.ChoiceField(
        label=_("Rating hasil kerja"),
        required=False,
        choices=[(r.value, r.label) for r in RATING_ORDER],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih salah satu rating hasil kerja yang tersedia.")},
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Rating perilaku kerja"),
        required=False,
        choices=[(r.value, r.label) for r in RATING_ORDER],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih salah satu rating perilaku kerja yang tersedia.")},
    )
    catatan = forms.CharField(
        label=_("Catatan/rekomendasi"),
        required=False,
        max_length=CATATAN_EVALUASI_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Catatan paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")},
        help_text=_("Misalnya rekomendasi pengembangan kompetensi atau tindak lanjut; tampil bagi pegawai."),
    )

    def __init__(self, *args: Any, periods: Sequence[Periode], berikan: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"] = _periode_field(periods)
        self.fields["periode"].widget = forms.HiddenInput()
        self.berikan = berikan

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.berikan:
            if not cleaned.get("rating_hasil") and "rating_hasil" not in self.errors:
                self.add_error("rating_hasil", _("Pilih rating hasil kerja sebelum memberikan evaluasi."))
            if not cleaned.get("rating_perilaku") and "rating_perilaku" not in self.errors:
                self.add_error("rating_perilaku", _("Pilih rating perilaku kerja sebelum memberikan evaluasi."))
        return cleaned


class CapaianUnitForm(VersiFormMixin, forms.Form):
    """The capaian kinerja organisasi of one unit in one period, with an optional note. Its
    `versi` is the id of the current row the form was opened on (0: none set yet)."""

    capaian = forms.ChoiceField(
        label=_("Capaian kinerja organisasi"),
        choices=[("", _("— pilih —")), *CapaianOrganisasi.choices],
        error_messages={
            "required": _("Pilih capaian kinerja organisasi."),
            "invalid_choice": _("Pilih salah satu capaian kinerja organisasi."),
        },
    )
    catatan = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=CATATAN_CAPAIAN_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Catatan paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")},
        help_text=_("Misalnya dasar penetapan: realisasi Perjanjian Kinerja unit."),
    )

    def __init__(self, *args: Any, periods: Sequence[Periode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"] = _periode_field(periods)
        self.fields["periode"].widget = forms.HiddenInput()
