"""Forms of "SKP Saya": the period, rencana hasil kerja, IKI, Salin, Manual Indikator, revision.

The forms read and check input (types, choices limited to what the SKP allows); the rules live in
`services.skp` and `services.rencana`, whose `ValidationError`s are put back on the fields they
name with `apply_service_error`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from organisasi.forms import ServiceErrorsMixin
from organisasi.konflik import VersiFormMixin, versi_of

from .models import (
    AspekHasilKerja,
    Iki,
    IndikatorKinerja,
    JenisRhk,
    ManualIndikator,
    Pendekatan,
    PeranHasil,
    Perspektif,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
)
from .selectors import leader_rhk_choices, peran_for_pegawai
from .services.rencana import (
    PENUGASAN_MAX_LENGTH,
    TEKS_MAX_LENGTH,
    format_number,
    pk_indikator_choices,
    pk_sasaran_choices,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def _choice_error(label: StrOrPromise) -> dict[str, Any]:
    return {
        "required": label,
        "invalid_choice": label,
    }


class TanggalField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"required": _("Tanggal wajib diisi."), "invalid": _("Tanggal tidak valid; gunakan format HH-BB-TTTT.")},
        )
        super().__init__(**kwargs)


class TargetField(forms.DecimalField):
    """A target number as Indonesians type it: "95", "95.5" or "95,5" (also "1.250,5")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Target harus berupa angka."),
                "required": _("Target wajib diisi dengan angka."),
                "min_value": _("Target tidak boleh negatif."),
                "max_digits": _("Target terlalu besar."),
                "max_whole_digits": _("Target terlalu besar."),
                "max_decimal_places": _("Target paling banyak memiliki 4 angka di belakang koma."),
            },
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


class SkpPeriodeForm(ServiceErrorsMixin, forms.Form):
    """ "Tambah" / "Ubah periode" of seed 003: Dari tanggal, Sampai tanggal, Kuantitatif/Kualitatif."""

    periode_mulai = TanggalField(label=_("Dari tanggal"))
    periode_selesai = TanggalField(label=_("Sampai tanggal"))
    pendekatan = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=Pendekatan.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error(_("Pilih pendekatan kuantitatif atau kualitatif.")),
        help_text=_(
            "Kuantitatif: ekspektasi dengan satuan ukuran tertentu (%, indeks, angka). "
            "Kualitatif: ekspektasi bersifat deskriptif."
        ),
    )


class SkpPeriodeUbahForm(VersiFormMixin, SkpPeriodeForm):
    """ "Ubah periode": it carries the version of the SKP it was opened on, so a save over a change
    made meanwhile (another tab, a submission) is refused instead of silently overwriting it."""

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"periode_mulai": skp.periode_mulai, "periode_selesai": skp.periode_selesai, "pendekatan": skp.pendekatan},
        )
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(skp)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "periode_mulai": data["periode_mulai"],
            "periode_selesai": data["periode_selesai"],
            "pendekatan": data["pendekatan"],
            "versi": data["versi"],
        }


class RhkChoiceField(forms.ModelChoiceField[Rhk]):
    def label_from_instance(self, obj: Rhk) -> str:
        teks = obj.teks if len(obj.teks) <= 140 else obj.teks[:137] + "…"
        return (
            f"{teks} ({obj.get_jenis_display()}, {obj.skp.periode_mulai:%d-%m-%Y} – {obj.skp.periode_selesai:%d-%m-%Y})"
        )


class RhkForm(ServiceErrorsMixin, forms.Form):
    """A rencana hasil kerja typed by hand; JA/JF also choose the leader's RHK they intervene."""

    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=JenisRhk.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error(_("Pilih kinerja utama atau kinerja tambahan.")),
    )
    intervensi = RhkChoiceField(
        label=_("Rencana hasil kerja pimpinan yang diintervensi"),
        queryset=Rhk.objects.none(),
        required=False,
        empty_label=_("— belum dipilih / tidak ada —"),
        error_messages=_choice_error(_("Pilih RHK pimpinan yang tersedia dalam daftar.")),
    )
    teks = forms.CharField(
        label=_("Rencana hasil kerja"),
        max_length=TEKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Rencana hasil kerja wajib diisi.")},
    )
    penugasan_dari = forms.CharField(
        label=_("Penugasan dari"),
        max_length=PENUGASAN_MAX_LENGTH,
        required=False,
        help_text=_("Jabatan pimpinan atau tim kerja yang memberikan penugasan."),
    )

    def __init__(self, *args: Any, skp: Skp, rhk: Rhk | None = None, **kwargs: Any) -> None:
        if rhk is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "jenis": rhk.jenis,
                "teks": rhk.teks,
                "penugasan_dari": rhk.penugasan_dari,
                "intervensi": rhk.intervensi_id,
            }
        super().__init__(*args, **kwargs)
        self.skp = skp
        if skp.is_jpt:
            del self.fields["intervensi"]
            self.fields["teks"].label = _("Rencana kinerja")
        else:
            choices = leader_rhk_choices(skp)
            if rhk is not None and rhk.intervensi_id is not None:
                choices = (choices | Rhk.objects.filter(pk=rhk.intervensi_id)).distinct()
            field = self.fields["intervensi"]
            assert isinstance(field, RhkChoiceField)
            field.queryset = choices.select_related("skp").order_by("skp__periode_mulai", "jenis", "urutan", "pk")
            if skp.is_kuantitatif:
                field.help_text = _("Wajib untuk kinerja utama sebelum SKP diajukan.")
        if not skp.is_kuantitatif:
            self.fields["teks"].label = _("Hasil kerja")
        self.order_fields(["jenis", "intervensi", "teks", "penugasan_dari"])

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "jenis": data["jenis"],
            "teks": data["teks"],
            "penugasan_dari": data["penugasan_dari"],
            "intervensi": data.get("intervensi"),
        }


class RhkUbahForm(VersiFormMixin, RhkForm):
    """Editing an RHK: it carries the version of this RHK it was opened on (not the plan's, so two
    tabs editing two different RHK do not refuse each other)."""

    def __init__(self, *args: Any, skp: Skp, rhk: Rhk, **kwargs: Any) -> None:
        super().__init__(*args, skp=skp, rhk=rhk, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(rhk)

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "versi": self.cleaned_data["versi"]}


class IkiForm(ServiceErrorsMixin, forms.Form):
    """An IKI; its fields follow the SKP's variant (SPEC §4.2)."""

    teks = forms.CharField(
        label=_("Indikator kinerja individu"),
        max_length=TEKS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indikator kinerja individu wajib diisi.")},
    )
    aspek = forms.ChoiceField(
        label=_("Aspek"),
        choices=AspekHasilKerja.choices,
        error_messages=_choice_error(_("Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya.")),
    )
    target_min = TargetField(label=_("Target"))
    target_max = TargetField(
        label=_("Target maksimum (untuk target rentang)"),
        required=False,
        help_text=_("Kosongkan untuk target satu nilai. Isi untuk target rentang, misalnya 90 – 95."),
    )
    satuan = forms.ModelChoiceField(
        label=_("Satuan"),
        queryset=Satuan.objects.none(),
        empty_label=_("— pilih satuan —"),
        error_messages=_choice_error(_("Pilih satuan yang tersedia dalam daftar.")),
    )
    target_teks = forms.CharField(
        label=_("Target"),
        max_length=TEKS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ukuran keberhasilan/target secara deskriptif."),
    )
    perspektif = forms.ChoiceField(
        label=_("Perspektif"),
        choices=[("", _("— pilih perspektif —")), *Perspektif.choices],
        error_messages=_choice_error(_("Pilih perspektif yang tersedia.")),
    )

    def __init__(self, *args: Any, skp: Skp, iki: Iki | None = None, **kwargs: Any) -> None:
        if iki is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "teks": iki.teks,
                "aspek": iki.aspek,
                "perspektif": iki.perspektif,
                "target_min": format_number(iki.target_min) if iki.target_min is not None else None,
                "target_max": format_number(iki.target_max) if iki.target_max is not None else None,
                "target_teks": iki.target_teks,
                "satuan": iki.satuan_id,
            }
        super().__init__(*args, **kwargs)
        self.skp = skp
        satuan = Satuan.objects.filter(aktif=True)
        if iki is not None and iki.satuan_id is not None:
            satuan = satuan | Satuan.objects.filter(pk=iki.satuan_id)
        satuan_field = self.fields["satuan"]
        assert isinstance(satuan_field, forms.ModelChoiceField)
        satuan_field.queryset = satuan.distinct().order_by("urutan", "nama")
        if skp.is_kuantitatif:
            del self.fields["target_teks"]
        else:
            for name in ("target_min", "target_max", "satuan"):
                del self.fields[name]
            self.fields["teks"].label = _("Ukuran keberhasilan / indikator kinerja individu")
        if skp.is_jpt or not skp.is_kuantitatif:
            del self.fields["aspek"]
        if not skp.is_jpt:
            del self.fields["perspektif"]
        order = ["aspek", "teks", "target_min", "target_max", "satuan", "target_teks", "perspektif"]
        self.order_fields([name for name in order if name in self.fields])

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "teks": data["teks"],
            "aspek": data.get("aspek", ""),
            "perspektif": data.get("perspektif", ""),
            "target_min": data.get("target_min"),
            "target_max": data.get("target_max"),
            "target_teks": data.get("target_teks", ""),
            "satuan": data.get("satuan"),
        }


class IkiUbahForm(VersiFormMixin, IkiForm):
    """Editing an IKI: it carries the plan version it was opened on, so a save over someone
    else's newer change is refused instead of silently overwriting it."""

    def __init__(self, *args: Any, skp: Skp, iki: Iki | None = None, **kwargs: Any) -> None:
        super().__init__(*args, skp=skp, iki=iki, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = skp.versi_rencana

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "versi": self.cleaned_data["versi"]}


class SalinSasaranForm(ServiceErrorsMixin, forms.Form):
    service_field_map = {"jenis": "sasaran"}

    sasaran = forms.ModelChoiceField(
        queryset=SasaranStrategis.objects.none(),
        error_messages=_choice_error(_("Sasaran strategis itu tidak tersedia untuk SKP ini.")),
    )
    jenis = forms.ChoiceField(choices=JenisRhk.choices, initial=JenisRhk.UTAMA, required=False)

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sasaran"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = pk_sasaran_choices(skp)


class SalinIndikatorForm(ServiceErrorsMixin, forms.Form):
    indikator = forms.ModelChoiceField(
        queryset=IndikatorKinerja.objects.none(),
        error_messages=_choice_error(_("Indikator itu tidak tersedia untuk SKP ini.")),
    )
    perspektif = forms.ChoiceField(
        label=_("Perspektif"),
        choices=Perspektif.choices,
        error_messages=_choice_error(_("Pilih perspektif indikator yang disalin.")),
    )

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indikator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = pk_indikator_choices(skp)


class SalinPeranForm(ServiceErrorsMixin, forms.Form):
    service_field_map = {"jenis": "peran"}

    peran = forms.ModelChoiceField(
        queryset=PeranHasil.objects.none(),
        error_messages=_choice_error(_("Peran hasil itu tidak diberikan kepada Anda untuk periode SKP ini.")),
    )
    jenis = forms.ChoiceField(choices=JenisRhk.choices, initial=JenisRhk.UTAMA, required=False)

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["peran"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = peran_for_pegawai(skp.pegawai, skp)


def jenis_of(form: SalinSasaranForm | SalinPeranForm) -> str:
    return form.cleaned_data.get("jenis") or JenisRhk.UTAMA


class ManualIndikatorForm(ServiceErrorsMixin, forms.ModelForm):
    """Every field of the Manual Indikator Kinerja, in the order of seed 003's screen."""

    class Meta:
        model = ManualIndikator
        fields = [
            "deskripsi_rencana_kerja",
            "definisi",
            "formula",
            "tujuan",
            "satuan_pengukuran",
            "jenis_kendali",
            "penanggung_jawab",
            "penyedia_data",
            "sumber_data",
            "periode_pelaporan",
        ]
        labels = {
            "deskripsi_rencana_kerja": _("Deskripsi rencana kerja"),
            "definisi": _("Definisi"),
            "formula": _("Formula"),
            "tujuan": _("Tujuan"),
            "satuan_pengukuran": _("Satuan pengukuran"),
            "jenis_kendali": _("Jenis IKU"),
            "penanggung_jawab": _("Penanggung jawab IKU"),
            "penyedia_data": _("Pihak penyedia data"),
            "sumber_data": _("Sumber data"),
            "periode_pelaporan": _("Periode pelaporan"),
        }
        widgets = {
            "deskripsi_rencana_kerja": forms.Textarea(attrs={"rows": 3}),
            "definisi": forms.Textarea(attrs={"rows": 3}),
            "formula": forms.Textarea(attrs={"rows": 2}),
            "tujuan": forms.Textarea(attrs={"rows": 2}),
            "jenis_kendali": forms.RadioSelect,
            "periode_pelaporan": forms.RadioSelect,
        }

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Bagian ini wajib diisi.")
            field.error_messages["invalid_choice"] = _("Pilih salah satu pilihan yang tersedia.")
        for name, choices in (
            ("jenis_kendali", ManualIndikator.JenisKendali.choices),
            ("periode_pelaporan", ManualIndikator.PeriodePelaporan.choices),
        ):
            choice_field = self.fields[name]
            assert isinstance(choice_field, forms.ChoiceField)
            choice_field.choices = choices  # without the empty "---------" of a model field
        for name in ("formula", "satuan_pengukuran"):
            self.fields[name].required = skp.is_kuantitatif
            if not skp.is_kuantitatif:
                self.fields[name].help_text = _("Opsional bagi pendekatan hasil kerja kualitatif.")

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields}


class ManualIndikatorUbahForm(VersiFormMixin, ManualIndikatorForm):
    """The Manual Indikator with the version it was opened on (0 while none is saved yet), so two
    tabs filling it in do not silently replace each other's text."""

    def __init__(self, *args: Any, skp: Skp, **kwargs: Any) -> None:
        super().__init__(*args, skp=skp, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(self.instance if self.instance.pk is not None else None)

    def service_kwargs(self) -> dict[str, Any]:
        return {**super().service_kwargs(), "versi": self.cleaned_data["versi"]}


class RevisiForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan revisi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya penugasan baru, mutasi atau promosi. SKP yang sudah ditetapkan tetap tersimpan."),
        error_messages={"required": _("Tuliskan alasan revisi (misalnya penugasan baru).")},
    )
