"""The operator's upload form: kind of data and the file, checked before any job is created."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import ImportJob
from .reading import ImportFileError, check_size, read_table

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportUploadForm(forms.Form):
    jenis = forms.ChoiceField(
        label=_("Jenis data"),
        choices=[("", _("— pilih —")), *ImportJob.Jenis.choices],
        error_messages={
            "required": _("Pilih jenis data yang diimpor."),
            "invalid_choice": _("Jenis data tidak dikenal; pilih unit kerja, jabatan atau pegawai."),
        },
    )
    berkas = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Pilih berkas yang akan diimpor."),
            "empty": _("Berkas kosong."),
            "invalid": _("Berkas tidak terkirim dengan benar; coba unggah lagi."),
            "missing": _("Berkas tidak terkirim dengan benar; coba unggah lagi."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["berkas"].help_text = _(
            "Baris pertama berisi nama kolom. CSV dipisah koma atau titik koma; paling besar %(limit)s."
        ) % {"limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}
        self.content: bytes = b""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        jenis = cleaned.get("jenis")
        berkas = cleaned.get("berkas")
        if not jenis or berkas is None:
            return cleaned
        try:
            check_size(berkas.size or 0)
            berkas.seek(0)
            self.content = berkas.read()
            # Only the header and the first data row: the full check runs in the background.
            read_table(self.content, jenis, header_only=True)
        except ImportFileError as error:
            self.add_error("berkas", error.message)
        return cleaned
