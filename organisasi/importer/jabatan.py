"""Import of jabatan: upsert by kode within the instansi."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from ..models import Jabatan, JenjangFungsional
from .base import (
    DIBUAT,
    DIUBAH,
    TETAP,
    FieldChange,
    Importer,
    Plan,
    RowOutcome,
    bulk_create_batched,
    bulk_update_changed,
    duplicates,
    normalized_choice,
)
from .columns import JABATAN
from .unit_kerja import kode_key

# What SIASN exports and people type for each kind, besides the codes and labels of Jabatan.Jenis.
JENIS_ALIASES: dict[str, tuple[str, ...]] = {
    Jabatan.Jenis.JPT_UTAMA: ("JPT Utama", "Jabatan Pimpinan Tinggi Utama", "Pimpinan Tinggi Utama"),
    Jabatan.Jenis.JPT_MADYA: ("JPT Madya", "Jabatan Pimpinan Tinggi Madya", "Pimpinan Tinggi Madya"),
    Jabatan.Jenis.JPT_PRATAMA: ("JPT Pratama", "Jabatan Pimpinan Tinggi Pratama", "Pimpinan Tinggi Pratama"),
    Jabatan.Jenis.PIMPINAN_MANDIRI: ("Pimpinan unit kerja mandiri", "Pimpinan mandiri"),
    Jabatan.Jenis.ADMINISTRATOR: ("JA Administrator", "Administrator", "Jabatan Administrator"),
    Jabatan.Jenis.PENGAWAS: ("JA Pengawas", "Pengawas", "Jabatan Pengawas"),
    Jabatan.Jenis.PELAKSANA: ("JA Pelaksana", "Pelaksana", "Jabatan Pelaksana", "Fungsional Umum", "JFU"),
    Jabatan.Jenis.FUNGSIONAL: ("Jabatan fungsional", "Fungsional", "Fungsional Tertentu", "JF", "JFT"),
}


def jenis_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Jabatan.Jenis.choices:
        lookup[normalized_choice(value)] = value
        lookup[normalized_choice(str(label))] = value
        for alias in JENIS_ALIASES.get(value, ()):
            lookup[normalized_choice(alias)] = value
    return lookup


def jenjang_lookup(rows: list[tuple[int, str, str]]) -> dict[str, int]:
    """`Ahli Muda`, `ahli_muda`, `Muda` → the jenjang's pk."""
    lookup: dict[str, int] = {}
    for pk, kode, nama in rows:
        lookup[normalized_choice(kode)] = pk
        lookup[normalized_choice(nama)] = pk
        if nama.casefold().startswith("ahli "):
            lookup[normalized_choice(nama[5:])] = pk
    return lookup


@dataclass
class ExistingJabatan:
    pk: int
    kode: str
    nama: str
    jenis: str
    jenjang_id: int | None
    uraian_tugas: str


@dataclass
class JabatanRow:
    number: int
    kode: str
    nama: str
    jenis: str
    jenjang_id: int | None
    uraian_tugas: str | None  # None: the column is not in the file, keep the current text
    existing: ExistingJabatan | None = None


class JabatanImporter(Importer):
    jenis = JABATAN

    def _load(self) -> None:
        self.existing: dict[str, ExistingJabatan] = {}
        for pk, kode, nama, jenis, jenjang_id, uraian in Jabatan.objects.filter(instansi=self.instansi).values_list(
            "pk", "kode", "nama", "jenis", "jenjang_id", "uraian_tugas"
        ):
            self.existing[kode_key(kode)] = ExistingJabatan(pk, kode, nama, jenis, jenjang_id, uraian)
        jenjang_rows = list(JenjangFungsional.objects.order_by("urutan").values_list("pk", "kode", "nama"))
        self.jenjang_pk = jenjang_lookup(jenjang_rows)
        self.jenjang_nama = {pk: nama for pk, _kode, nama in jenjang_rows}
        self.jenis_value = jenis_lookup()

    def validate(self) -> Plan:
        plan = self.plan
        self._load()
        has_uraian = "uraian_tugas" in self.table.headers
        has_jenjang = "jenjang" in self.table.headers
        jenis_choices = ", ".join(str(label) for _value, label in Jabatan.Jenis.choices)
        jenjang_choices = ", ".join(self.jenjang_nama.values())
        rows: list[JabatanRow] = []
        for reader in self.rows():
            kode = reader.text("kode")
            reader.key = kode
            nama = reader.text("nama")
            jenis_text = reader.text("jenis")
            jenis = self.jenis_value.get(normalized_choice(jenis_text), "") if jenis_text else ""
            if jenis_text and not jenis:
                reader.error(
                    _("%(column)s “%(value)s” tidak dikenal. Pilihan: %(choices)s.")
                    % {"column": reader.header("jenis"), "value": jenis_text, "choices": jenis_choices}
                )
            jenjang_text = reader.text("jenjang") if has_jenjang else ""
            jenjang_id = self.jenjang_pk.get(normalized_choice(jenjang_text)) if jenjang_text else None
            if jenjang_text and jenjang_id is None:
                reader.error(
                    _("%(column)s “%(value)s” tidak dikenal. Pilihan: %(choices)s.")
                    % {"column": reader.header("jenjang"), "value": jenjang_text, "choices": jenjang_choices}
                )
            elif jenis == Jabatan.Jenis.FUNGSIONAL and jenjang_id is None and not jenjang_text:
                reader.error(
                    _("%(column)s wajib diisi untuk jabatan fungsional (misalnya Ahli Pertama atau Terampil).")
                    % {"column": reader.header("jenjang")}
                )
            elif jenis and jenis != Jabatan.Jenis.FUNGSIONAL and jenjang_text:
                reader.error(
                    _("%(column)s hanya diisi untuk jabatan fungsional; kosongkan untuk %(jenis)s.")
                    % {"column": reader.header("jenjang"), "jenis": Jabatan.Jenis(jenis).label}
                )
            uraian = reader.text("uraian_tugas") if has_uraian else None
            rows.append(
                JabatanRow(
                    number=reader.row.number,
                    kode=kode,
                    nama=nama,
                    jenis=jenis,
                    jenjang_id=jenjang_id if jenis == Jabatan.Jenis.FUNGSIONAL else None,
                    uraian_tugas=uraian,
                    existing=self.existing.get(kode_key(kode)) if kode else None,
                )
            )
        kode_header = self.table.header_for("kode")
        for key, numbers in duplicates((kode_key(r.kode), r.number) for r in rows if r.kode).items():
            listed = ", ".join(str(n) for n in numbers)
            for number in numbers:
                plan.add_error(
                    number,
                    _("%(column)s %(kode)s tertulis lebih dari sekali: baris %(rows)s.")
                    % {"column": kode_header, "kode": key, "rows": listed},
                    key=key,
                )
        self.rows_ok = [r for r in rows if r.number not in plan.errors]
        plan.outcomes = [self._outcome(r) for r in self.rows_ok]
        return plan

    def _outcome(self, row: JabatanRow) -> RowOutcome:
        old = row.existing
        if old is None:
            return RowOutcome(row.number, row.kode, row.nama, DIBUAT)
        changes: list[FieldChange] = []
        if old.nama != row.nama:
            changes.append(FieldChange(self.table.header_for("nama"), old.nama, row.nama))
        if old.jenis != row.jenis:
            changes.append(
                FieldChange(
                    self.table.header_for("jenis"),
                    str(Jabatan.Jenis(old.jenis).label) if old.jenis in Jabatan.Jenis.values else old.jenis,
                    str(Jabatan.Jenis(row.jenis).label),
                )
            )
        if old.jenjang_id != row.jenjang_id:
            changes.append(
                FieldChange(
                    self.table.header_for("jenjang"),
                    self.jenjang_nama.get(old.jenjang_id, "") if old.jenjang_id else "",
                    self.jenjang_nama.get(row.jenjang_id, "") if row.jenjang_id else "",
                )
            )
        if row.uraian_tugas is not None and old.uraian_tugas != row.uraian_tugas:
            changes.append(FieldChange(self.table.header_for("uraian_tugas"), old.uraian_tugas, row.uraian_tugas))
        return RowOutcome(row.number, row.kode, row.nama, DIUBAH if changes else TETAP, changes)

    def apply(self, *, now: datetime) -> dict[str, int]:
        created = [
            Jabatan(
                instansi=self.instansi,
                kode=r.kode,
                nama=r.nama,
                jenis=r.jenis,
                jenjang_id=r.jenjang_id,
                uraian_tugas=r.uraian_tugas or "",
            )
            for r in self.rows_ok
            if r.existing is None
        ]
        bulk_create_batched(Jabatan, created, self.progress)
        updates: list[tuple[Jabatan, frozenset[str]]] = []
        for row in self.rows_ok:
            old = row.existing
            if old is None:
                continue
            target = Jabatan(
                pk=old.pk,
                nama=row.nama,
                jenis=row.jenis,
                jenjang_id=row.jenjang_id,
                uraian_tugas=row.uraian_tugas if row.uraian_tugas is not None else old.uraian_tugas,
            )
            fields = frozenset(
                name
                for name, before, after in (
                    ("nama", old.nama, target.nama),
                    ("jenis", old.jenis, target.jenis),
                    ("jenjang", old.jenjang_id, target.jenjang_id),
                    ("uraian_tugas", old.uraian_tugas, target.uraian_tugas),
                )
                if before != after
            )
            if fields:
                updates.append((target, fields))
        bulk_update_changed(Jabatan, updates, self.progress, now=now)
        return {DIBUAT: len(created), DIUBAH: len(updates), TETAP: len(self.rows_ok) - len(created) - len(updates)}
