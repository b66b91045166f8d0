"""Forms of the SKP sections: Set Penilai, ekspektasi khusus pimpinan, Lampiran SKP, Rencana Aksi,
Workblock. They check input and show Indonesian errors; the writes go through
`services.sections`, whose `ValidationError`s come back onto the form with `apply_service_error`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisasi.konflik import VersiFormMixin, versi_of
from organisasi.models import Pegawai

from .models import LampiranSkp, PenilaiPerilaku, RencanaAksi, Workblock, WorkblockItem
from .services.sections import MAX_TEKS


class SectionForm(forms.Form):
    """A form whose ids are unique on a page that shows several of them (`key` prefixes them)."""

    service_field_map: dict[str, str] = {}

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{key}-%s")
        super().__init__(*args, **kwargs)
        self.key = key

    def apply_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                target = self.service_field_map.get(name, name)
                self.add_error(target if target in self.fields else None, errors)
        else:
            self.add_error(None, exc)


def _teks_field(label: Any, *, required: bool = True, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEKS,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEKS}),
        error_messages={"required": _("Isian ini wajib diisi.")},
    )


def _pegawai_label(pegawai: Pegawai) -> str:
    jabatan = f" — {pegawai.jabatan.nama}" if pegawai.jabatan is not None else ""
    return f"{pegawai.nama_lengkap} (NIP {pegawai.nip}){jabatan}"


class PenilaiPerilakuForm(SectionForm):
    """Set Penilai of one aspect: atasan, one of the pegawai's rekan kerja, or one of their bawahan."""

    jenis_penilai = forms.ChoiceField(
        label=_("Penilai"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih penilai: atasan, rekan kerja atau bawahan."),
            "invalid_choice": _("Pilih penilai: atasan, rekan kerja atau bawahan."),
        },
    )
    rekan = forms.ChoiceField(
        label=_("Pilih rekan kerja"),
        required=False,
        error_messages={"invalid_choice": _("Pilih salah satu rekan kerja dari daftar.")},
    )
    bawahan = forms.ChoiceField(
        label=_("Pilih bawahan"),
        required=False,
        error_messages={"invalid_choice": _("Pilih salah satu bawahan dari daftar.")},
    )

    def __init__(
        self,
        *args: Any,
        key: str,
        atasan_nama: str,
        rekan: Sequence[Pegawai],
        bawahan: Sequence[Pegawai],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, key=key, **kwargs)
        self.rekan_list = list(rekan)
        self.bawahan_list = list(bawahan)
        self._by_pk = {str(p.pk): p for p in (*self.rekan_list, *self.bawahan_list)}
        atasan_label = gettext("Atasan (%(nama)s)") % {"nama": atasan_nama} if atasan_nama else gettext("Atasan")
        self.fields["jenis_penilai"].choices = [  # type: ignore[attr-defined]
            (PenilaiPerilaku.ATASAN, atasan_label),
            (PenilaiPerilaku.REKAN, gettext("Rekan Kerja")),
            (PenilaiPerilaku.BAWAHAN, gettext("Bawahan")),
        ]
        self.fields["rekan"].choices = [  # type: ignore[attr-defined]
            ("", gettext("— pilih rekan kerja —")),
            *((str(p.pk), _pegawai_label(p)) for p in self.rekan_list),
        ]
        self.fields["bawahan"].choices = [  # type: ignore[attr-defined]
            ("", gettext("— pilih bawahan —")),
            *((str(p.pk), _pegawai_label(p)) for p in self.bawahan_list),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        jenis = data.get("jenis_penilai")
        data["penilai"] = None
        if jenis == PenilaiPerilaku.REKAN and "rekan" not in self.errors:
            if not self.rekan_list:
                self.add_error(
                    "rekan", gettext("Anda belum memiliki rekan kerja. Tambahkan rekan kerja di menu Profil.")
                )
            elif not data.get("rekan"):
                self.add_error("rekan", gettext("Pilih rekan kerja yang akan menilai aspek ini."))
            else:
                data["penilai"] = self._by_pk[data["rekan"]]
        elif jenis == PenilaiPerilaku.BAWAHAN and "bawahan" not in self.errors:
            if not self.bawahan_list:
                self.add_error("bawahan", gettext("Anda tidak memiliki bawahan aktif."))
            elif not data.get("bawahan"):
                self.add_error("bawahan", gettext("Pilih bawahan yang akan menilai aspek ini."))
            else:
                data["penilai"] = self._by_pk[data["bawahan"]]
        return data

    def apply_service_error(self, exc: ValidationError) -> None:
        jenis = self.cleaned_data.get("jenis_penilai")
        self.service_field_map = {"penilai": "bawahan" if jenis == PenilaiPerilaku.BAWAHAN else "rekan"}
        super().apply_service_error(exc)


class EkspektasiForm(SectionForm):
    teks = _teks_field(
        _("Ekspektasi khusus pimpinan"),
        required=False,
        help_text=_("Kosongkan bila tidak ada ekspektasi khusus untuk aspek ini."),
    )


class LampiranForm(SectionForm):
    jenis = forms.ChoiceField(
        label=_("Bagian"),
        choices=LampiranSkp.Jenis.choices,
        error_messages={
            "invalid_choice": _(
                "Pilih bagian lampiran: dukungan sumber daya, skema pertanggungjawaban atau konsekuensi."
            )
        },
    )
    teks = _teks_field(_("Isi"))

    def __init__(self, *args: Any, key: str, with_jenis: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, key=key, **kwargs)
        if not with_jenis:
            del self.fields["jenis"]


class RencanaAksiForm(SectionForm):
    teks = _teks_field(_("Rencana aksi"), rows=2)
    target_periode = forms.CharField(
        label=_("Target periode"),
        required=False,
        max_length=RencanaAksi._meta.get_field("target_periode").max_length,
        help_text=_("Opsional. Misalnya: Triwulan I, Maret."),
    )


class WorkblockForm(SectionForm):
    """The head of a workblock (seed 000 lampiran 2); labels are the model's."""

    FIELDS = (
        "judul",
        "pemilik_strategi",
        "waktu_penyelesaian",
        "tujuan",
        "indikator_target",
        "pihak_terlibat",
        "penerima_manfaat",
        "anggaran",
    )

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, key=key, **kwargs)
        for name in self.FIELDS:
            model_field = Workblock._meta.get_field(name)
            max_length = getattr(model_field, "max_length", None)
            label = model_field.verbose_name  # type: ignore[union-attr]
            label = label[:1].upper() + label[1:]
            required = not getattr(model_field, "blank", False)
            if max_length:
                field: forms.CharField = forms.CharField(
                    label=label,
                    required=required,
                    max_length=max_length,
                    error_messages={"required": _("Isian ini wajib diisi.")},
                )
            else:
                field = _teks_field(label, required=required, rows=2)
            self.fields[name] = field
        self.fields["waktu_penyelesaian"].help_text = _("Misalnya: Desember 2026, Triwulan III.")
        self.fields["anggaran"].help_text = _("Misalnya: Rp 150.000.000 (DPA Sekretariat).")

    @classmethod
    def initial_from(cls, workblock: Workblock) -> dict[str, str]:
        return {name: getattr(workblock, name) for name in cls.FIELDS}


class WorkblockItemForm(SectionForm):
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=WorkblockItem.Jenis.choices,
        error_messages={"invalid_choice": _("Pilih strategi (kegiatan kunci) atau keluaran kunci (milestone).")},
    )
    sifat = forms.ChoiceField(
        label=_("Sifat"),
        choices=WorkblockItem.Sifat.choices,
        error_messages={"invalid_choice": _("Pilih rutin atau transformatif.")},
    )
    teks = _teks_field(_("Isi"), rows=2)

    def __init__(self, *args: Any, key: str, with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, key=key, **kwargs)
        if not with_kind:
            del self.fields["jenis"]
            del self.fields["sifat"]


# --- Edits of an existing row ---------------------------------------------------------------


class VersiSectionMixin(VersiFormMixin):
    """An edit form carrying the version of the row (`versi_of`) it was opened on, so a save over
    a change made meanwhile in another tab is refused instead of silently overwriting it."""

    def __init__(self, *args: Any, record: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versi"] = versi_of(record)


class LampiranUbahForm(VersiSectionMixin, LampiranForm):
    pass


class RencanaAksiUbahForm(VersiSectionMixin, RencanaAksiForm):
    pass


class WorkblockUbahForm(VersiSectionMixin, WorkblockForm):
    pass


class WorkblockItemUbahForm(VersiSectionMixin, WorkblockItemForm):
    pass
