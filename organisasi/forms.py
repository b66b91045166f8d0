"""Operator forms: every choice is limited to what the operator's scope covers (SPEC §2–3).

The forms check input and show Indonesian errors; the writes go through `services.struktur` and
`services.akun`, whose `ValidationError`s are put back on the form with `apply_service_error`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import OperatorScope, unit_subtree_ids
from .konflik import VERSI_FIELD, VERSI_RUSAK, parse_versi, versi_of
from .models import Golongan, Jabatan, JenjangFungsional, Pegawai, UnitKerja
from .rules import nip_errors, nip_normalize
from .services.struktur import check_atasan, check_jabatan_kode, check_nip_free, check_unit_induk, check_unit_kode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NIP_WIDGET_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "30", "placeholder": _("18 angka")}


class NipField(forms.CharField):
    """A NIP as typed or pasted ("19850312 201001 2 003"), normalised and checked (SPEC §3)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs=dict(NIP_WIDGET_ATTRS)))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return nip_normalize(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            errors = nip_errors(value)
            if errors:
                raise ValidationError(errors, code="nip_tidak_valid")


class PegawaiByNipField(NipField):
    """A pegawai chosen by typing their NIP; `queryset` says among whom."""

    def __init__(self, *, queryset: QuerySet[Pegawai] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Pegawai.objects.none()

    def validate(self, value: Any) -> None:
        forms.CharField.validate(self, value)

    def clean(self, value: Any) -> Pegawai | None:
        nip = super().clean(value)
        if not nip:
            return None
        pegawai = self.queryset.filter(nip=nip).first()
        if pegawai is None:
            errors = nip_errors(nip)
            if errors:
                raise ValidationError(errors, code="nip_tidak_valid")
            raise ValidationError(
                gettext("Tidak ada pegawai dengan NIP %(nip)s di instansi ini.") % {"nip": nip}, code="tidak_ada"
            )
        return pegawai


class ServiceErrorsMixin:
    """Put a service's ValidationError back on the form, on the field it names when there is one."""

    service_field_map: dict[str, str] = {}

    def apply_service_error(self, exc: ValidationError) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                target = self.service_field_map.get(name, name)
                form.add_error(target if target in form.fields else None, errors)
        else:
            form.add_error(None, exc)


class InstanceVersiMixin:
    """A model form editing a saved record carries the record's version (`versi_of`), so a save
    over another operator's newer change is refused; a form creating a record carries none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: forms.ModelForm[Any] = self  # type: ignore[assignment]
        if form.instance.pk is not None:
            form.fields[VERSI_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
            if not form.is_bound:
                form.initial[VERSI_FIELD] = versi_of(form.instance)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        form: forms.ModelForm[Any] = self  # type: ignore[assignment]
        if VERSI_FIELD in form.fields:
            value = parse_versi(form.data.get(form.add_prefix(VERSI_FIELD)))
            if value is None:
                form.add_error(None, ValidationError(VERSI_RUSAK, code="versi_rusak"))
            else:
                cleaned[VERSI_FIELD] = value
        return cleaned


class LiveSearchMixin:
    """Filter forms whose fields reload the results with htmx as the operator types or picks."""

    def make_live(self, *, url: str, target: str) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        common = {"hx-get": url, "hx-target": target, "hx-include": "closest form", "hx-push-url": "true"}
        for name, field in form.fields.items():
            trigger = "input changed delay:300ms, search" if name == "q" else "change"
            field.widget.attrs.update({**common, "hx-trigger": trigger})


def _pegawai_label(pegawai: Pegawai | None) -> str:
    return f"{pegawai.nama_lengkap} (NIP {pegawai.nip})" if pegawai is not None else ""


def _first_error_of(exc: ValidationError, name: str) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for e in exc.error_dict.get(name, []) for m in e.messages]
    return list(exc.messages)


# --- Unit kerja -------------------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField[UnitKerja]):
    def label_from_instance(self, obj: UnitKerja) -> str:
        return f"{obj.kode} — {obj.nama}"


class UnitKerjaForm(InstanceVersiMixin, ServiceErrorsMixin, forms.ModelForm):
    service_field_map = {"kepala": "kepala_nip"}

    kepala_nip = PegawaiByNipField(
        label=_("NIP kepala unit"),
        required=False,
        help_text=_("Kosongkan bila belum ada kepala. Kepala harus pegawai instansi ini."),
    )

    class Meta:
        model = UnitKerja
        fields = ["kode", "nama", "induk"]
        field_classes = {"induk": UnitChoiceField}

    def __init__(self, *args: Any, scope: OperatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        instansi = scope.instansi
        if self.instance.pk is None:
            self.instance.instansi = instansi
        units = UnitKerja.objects.filter(instansi=instansi)
        allowed = units if scope.unit_ids is None else units.filter(pk__in=scope.unit_ids)
        if self.instance.pk is not None:
            # Not itself nor anything below it (that would loop); its current parent stays choosable
            # even when it lies outside a unit-scoped operator's subtree.
            below = unit_subtree_ids(instansi.pk, {self.instance.pk})
            allowed = allowed.exclude(pk__in=below)
            if self.instance.induk_id is not None:
                allowed = allowed | units.filter(pk=self.instance.induk_id)
        induk = self.fields["induk"]
        assert isinstance(induk, UnitChoiceField)
        induk.queryset = allowed.order_by("kode")
        induk.required = scope.unit_ids is not None
        induk.empty_label = str(_("— Tanpa induk (unit teratas) —"))
        induk.error_messages["invalid_choice"] = _(
            "Pilih unit induk dari daftar. Unit ini sendiri, sub-unitnya, dan unit di luar cakupan Anda "
            "tidak dapat dipilih."
        )
        if scope.unit_ids is not None:
            induk.help_text = _("Unit baru harus berada di bawah unit dalam cakupan Anda.")
        kepala = self.fields["kepala_nip"]
        assert isinstance(kepala, PegawaiByNipField)
        kepala.queryset = Pegawai.objects.filter(instansi=instansi)
        if self.instance.pk is not None and self.instance.kepala_id is not None and not self.is_bound:
            current = self.instance.kepala
            self.initial["kepala_nip"] = current.nip if current is not None else ""
            kepala.help_text = gettext("Saat ini: %(nama)s.") % {"nama": _pegawai_label(current)}

    def clean_kode(self) -> str:
        kode = (self.cleaned_data.get("kode") or "").strip()
        try:
            check_unit_kode(instansi=self.scope.instansi, kode=kode, exclude_pk=self.instance.pk)
        except ValidationError as exc:
            raise ValidationError(_first_error_of(exc, "kode")) from None
        return kode

    def clean_induk(self) -> UnitKerja | None:
        induk: UnitKerja | None = self.cleaned_data.get("induk")
        try:
            check_unit_induk(instansi=self.scope.instansi, unit_pk=self.instance.pk, induk=induk)
        except ValidationError as exc:
            raise ValidationError(_first_error_of(exc, "induk")) from None
        return induk


# --- Jabatan ----------------------------------------------------------------------------------


class JenjangChoiceField(forms.ModelChoiceField[JenjangFungsional]):
    def label_from_instance(self, obj: JenjangFungsional) -> str:
        return f"{obj.nama} ({obj.get_kategori_display()})"


class JabatanForm(InstanceVersiMixin, ServiceErrorsMixin, forms.ModelForm):
    # Not a model field on the form: blank is allowed here and filled by the service.
    kode = forms.CharField(
        label=_("Kode"),
        max_length=40,
        required=False,
        help_text=_("Kosongkan untuk dibuatkan kode otomatis (JAB-0001, JAB-0002, …)."),
    )

    class Meta:
        model = Jabatan
        fields = ["nama", "jenis", "jenjang", "uraian_tugas"]
        field_classes = {"jenjang": JenjangChoiceField}
        help_texts = {
            "jenjang": _("Wajib untuk jabatan fungsional, kosongkan untuk jabatan lain."),
            "uraian_tugas": _("Ditampilkan saat pimpinan membagi peran hasil (cascading)."),
        }

    field_order = ["kode", "nama", "jenis", "jenjang", "uraian_tugas"]

    def __init__(self, *args: Any, scope: OperatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        if self.instance.pk is None:
            self.instance.instansi = scope.instansi
        elif not self.is_bound:
            self.initial["kode"] = self.instance.kode
        jenjang = self.fields["jenjang"]
        assert isinstance(jenjang, JenjangChoiceField)
        jenjang.queryset = JenjangFungsional.objects.order_by("urutan")
        jenjang.empty_label = str(_("— Bukan jabatan fungsional —"))

    def clean_kode(self) -> str:
        kode = (self.cleaned_data.get("kode") or "").strip()
        if kode:
            try:
                check_jabatan_kode(instansi=self.scope.instansi, kode=kode, exclude_pk=self.instance.pk)
            except ValidationError as exc:
                raise ValidationError(_first_error_of(exc, "kode")) from None
        return kode


def search_field(label: StrOrPromise, placeholder: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": placeholder, "autocomplete": "off"}),
    )


class JabatanSearchForm(LiveSearchMixin, forms.Form):
    q = search_field(_("Cari nama atau kode jabatan"), _("Cari nama atau kode jabatan"))
    jenis = forms.ChoiceField(
        label=_("Jenis jabatan"),
        required=False,
        choices=[("", _("Semua jenis")), *Jabatan.Jenis.choices],
    )


# --- Pegawai ----------------------------------------------------------------------------------


class JabatanChoiceField(forms.ModelChoiceField[Jabatan]):
    def label_from_instance(self, obj: Jabatan) -> str:
        return f"{obj.nama} ({obj.kode})"


def golongan_choices() -> list[tuple[Any, Any]]:
    """Golongan grouped by status: PNS/CPNS use I/a … IV/e, PPPK uses I … XVII."""
    groups: dict[str, list[tuple[int, str]]] = {Golongan.Jenis.PNS: [], Golongan.Jenis.PPPK: []}
    for g in Golongan.objects.order_by("jenis", "urutan"):
        groups.setdefault(g.jenis, []).append((g.pk, str(g)))
    return [
        ("", "---------"),
        (gettext("PNS dan CPNS"), groups[Golongan.Jenis.PNS]),
        (gettext("PPPK"), groups[Golongan.Jenis.PPPK]),
    ]


class PegawaiForm(InstanceVersiMixin, ServiceErrorsMixin, forms.ModelForm):
    service_field_map = {"atasan": "atasan_nip"}

    nip = NipField(label=_("NIP"), help_text=_("18 angka; spasi dan titik diabaikan."))
    atasan_nip = PegawaiByNipField(
        label=_("NIP atasan langsung"),
        required=False,
        help_text=_("Pejabat penilai kinerja pegawai ini. Kosongkan untuk pimpinan tertinggi."),
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status",
            "golongan",
            "jabatan",
            "unit_kerja",
            "tugas_belajar",
            "aktif",
        ]
        field_classes = {"jabatan": JabatanChoiceField, "unit_kerja": UnitChoiceField}
        labels = {"nama": _("Nama (tanpa gelar)")}
        help_texts = {"golongan": _("Harus sesuai status: PNS dan CPNS I/a–IV/e, PPPK I–XVII.")}

    field_order = [
        "nip",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "status",
        "golongan",
        "jabatan",
        "unit_kerja",
        "atasan_nip",
        "tugas_belajar",
        "aktif",
    ]

    def __init__(self, *args: Any, scope: OperatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        instansi = scope.instansi
        if self.instance.pk is None:
            self.instance.instansi = instansi
        self.fields["golongan"].choices = golongan_choices()  # type: ignore[attr-defined]
        jabatan = self.fields["jabatan"]
        assert isinstance(jabatan, JabatanChoiceField)
        jabatan.queryset = scope.jabatan().order_by("nama")
        unit = self.fields["unit_kerja"]
        assert isinstance(unit, UnitChoiceField)
        unit.queryset = scope.units().order_by("kode")
        if not scope.whole_instansi:
            unit.required = True
            unit.help_text = _("Hanya unit dalam cakupan Anda.")
        atasan = self.fields["atasan_nip"]
        assert isinstance(atasan, PegawaiByNipField)
        atasan.queryset = Pegawai.objects.filter(instansi=instansi)
        if self.instance.pk is not None and self.instance.atasan_id is not None and not self.is_bound:
            current = self.instance.atasan
            self.initial["atasan_nip"] = current.nip if current is not None else ""
            atasan.help_text = gettext("Saat ini: %(nama)s.") % {"nama": _pegawai_label(current)}

    def clean_nip(self) -> str:
        nip: str = self.cleaned_data.get("nip") or ""
        try:
            check_nip_free(nip=nip, instansi=self.scope.instansi, exclude_pk=self.instance.pk)
        except ValidationError as exc:
            raise ValidationError(_first_error_of(exc, "nip")) from None
        return nip

    def clean_atasan_nip(self) -> Pegawai | None:
        atasan: Pegawai | None = self.cleaned_data.get("atasan_nip")
        try:
            check_atasan(pegawai_pk=self.instance.pk, instansi=self.scope.instansi, atasan=atasan)
        except ValidationError as exc:
            raise ValidationError(_first_error_of(exc, "atasan")) from None
        return atasan


class PegawaiFilterForm(LiveSearchMixin, forms.Form):
    AKTIF_CHOICES = [("", _("Aktif dan tidak aktif")), ("1", _("Hanya yang aktif")), ("0", _("Hanya yang tidak aktif"))]

    q = search_field(_("Cari NIP atau nama"), _("Ketik NIP (awalan) atau nama"))
    unit = UnitChoiceField(
        label=_("Unit kerja (termasuk sub-unit)"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Semua unit kerja"),
    )
    aktif = forms.ChoiceField(label=_("Status"), required=False, choices=AKTIF_CHOICES)

    def __init__(self, *args: Any, scope: OperatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, UnitChoiceField)
        unit.queryset = scope.units().order_by("kode")


# --- Akun & peran -----------------------------------------------------------------------------


class AkunFilterForm(LiveSearchMixin, forms.Form):
    SEMUA = ""
    OPERATOR = "operator"
    TANPA_AKUN = "tanpa_akun"
    WAJIB_GANTI = "wajib_ganti"
    NONAKTIF = "nonaktif"
    KONDISI_CHOICES = [
        (SEMUA, _("Semua pegawai")),
        (OPERATOR, _("Pemegang peran operator")),
        (TANPA_AKUN, _("Belum punya akun")),
        (WAJIB_GANTI, _("Wajib ganti kata sandi")),
        (NONAKTIF, _("Akun nonaktif")),
    ]

    q = search_field(_("Cari NIP atau nama"), _("Ketik NIP (awalan) atau nama"))
    kondisi = forms.ChoiceField(label=_("Tampilkan"), required=False, choices=KONDISI_CHOICES)


class OperatorRoleForm(ServiceErrorsMixin, forms.Form):
    unit_kerja = UnitChoiceField(
        label=_("Cakupan"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("Seluruh instansi"),
        help_text=_("Seluruh instansi, atau satu unit kerja beserta semua sub-unitnya."),
    )

    def __init__(self, *args: Any, scope: OperatorScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit_kerja"]
        assert isinstance(unit, UnitChoiceField)
        unit.queryset = UnitKerja.objects.filter(instansi=scope.instansi).order_by("kode")


class PilihInstansiForm(forms.Form):
    instansi = forms.TypedChoiceField(label=_("Instansi"), coerce=int)

    def __init__(self, *args: Any, scopes: list[OperatorScope], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instansi"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(s.instansi.pk, s.instansi.nama) for s in scopes]
