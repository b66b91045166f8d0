"""Import of unit kerja: upsert by kode within the instansi, the tree linked in a second pass."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from ..models import Pegawai, UnitKerja
from ..rules import nip_errors
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
    find_cycles,
    format_chain,
)
from .columns import UNIT_KERJA
from .progress import MENAUTKAN


@dataclass
class ExistingUnit:
    pk: int
    kode: str
    nama: str
    induk_id: int | None
    kepala_id: int | None


@dataclass
class UnitRow:
    number: int
    kode: str
    nama: str
    kode_induk: str | None  # None: the column is not in the file, keep the current parent
    kepala_id: int | None
    kepala_given: bool
    existing: ExistingUnit | None = None


def kode_key(kode: str) -> str:
    """Kode are unique per instansi without regard to case (as in the operator's forms)."""
    return kode.strip().upper()


class UnitKerjaImporter(Importer):
    jenis = UNIT_KERJA

    def _load(self) -> None:
        self.units: dict[str, ExistingUnit] = {}
        self.unit_by_pk: dict[int, ExistingUnit] = {}
        for pk, kode, nama, induk_id, kepala_id in UnitKerja.objects.filter(instansi=self.instansi).values_list(
            "pk", "kode", "nama", "induk_id", "kepala_id"
        ):
            unit = ExistingUnit(pk=pk, kode=kode, nama=nama, induk_id=induk_id, kepala_id=kepala_id)
            self.units[kode_key(kode)] = unit
            self.unit_by_pk[pk] = unit
        self.pegawai_pk: dict[str, int] = {}
        self.pegawai_nip: dict[int, str] = {}
        if "nip_kepala" in self.table.headers:
            for pk, nip in Pegawai.objects.filter(instansi=self.instansi).values_list("pk", "nip"):
                self.pegawai_pk[nip] = pk
                self.pegawai_nip[pk] = nip

    def validate(self) -> Plan:
        plan = self.plan
        self._load()
        has_induk = "kode_induk" in self.table.headers
        has_kepala = "nip_kepala" in self.table.headers
        self.rows_ok: list[UnitRow] = []
        for reader in self.rows():
            kode = reader.text("kode")
            reader.key = kode
            nama = reader.text("nama")
            kode_induk = reader.text("kode_induk") if has_induk else None
            kepala_id: int | None = None
            if has_kepala:
                nip = reader.nip("nip_kepala")
                if nip:
                    reasons = nip_errors(nip)
                    if reasons:
                        for reason in reasons:
                            reader.error(
                                _("%(column)s: %(reason)s") % {"column": reader.header("nip_kepala"), "reason": reason}
                            )
                    elif nip not in self.pegawai_pk:
                        reader.error(
                            _(
                                "%(column)s %(nip)s bukan pegawai instansi ini. Impor pegawai terlebih dahulu, "
                                "atau kosongkan kolom ini."
                            )
                            % {"column": reader.header("nip_kepala"), "nip": nip}
                        )
                    else:
                        kepala_id = self.pegawai_pk[nip]
            self.rows_ok.append(
                UnitRow(
                    number=reader.row.number,
                    kode=kode,
                    nama=nama,
                    kode_induk=kode_induk,
                    kepala_id=kepala_id,
                    kepala_given=has_kepala,
                    existing=self.units.get(kode_key(kode)) if kode else None,
                )
            )
        rows = [r for r in self.rows_ok if r.kode]
        kode_header = self.table.header_for("kode")
        for key, numbers in duplicates((kode_key(r.kode), r.number) for r in rows).items():
            listed = ", ".join(str(n) for n in numbers)
            for number in numbers:
                plan.add_error(
                    number,
                    _("%(column)s %(kode)s tertulis lebih dari sekali: baris %(rows)s.")
                    % {"column": kode_header, "kode": key, "rows": listed},
                    key=key,
                )
        if has_induk:
            self._check_tree(rows)
        for row in self.rows_ok:
            if row.number not in plan.errors:
                plan.outcomes.append(self._outcome(row))
        self.rows_ok = [r for r in self.rows_ok if r.number not in plan.errors]
        return plan

    def _check_tree(self, rows: list[UnitRow]) -> None:
        plan = self.plan
        induk_header = self.table.header_for("kode_induk")
        in_file = {kode_key(r.kode) for r in rows}
        display = {key: unit.kode for key, unit in self.units.items()}
        parent_of: dict[str, str | None] = {
            key: kode_key(self.unit_by_pk[u.induk_id].kode) if u.induk_id in self.unit_by_pk else None
            for key, u in self.units.items()
        }
        seen: set[str] = set()
        for row in rows:
            key = kode_key(row.kode)
            induk = kode_key(row.kode_induk or "")
            if key in seen:
                continue  # a duplicate: already an error
            seen.add(key)
            display[key] = row.kode
            if induk == key:
                plan.add_error(row.number, _("Unit kerja tidak dapat menjadi induk dirinya sendiri."), key=row.kode)
                parent_of[key] = None
                continue
            if induk and induk not in in_file and induk not in self.units:
                plan.add_error(
                    row.number,
                    _("%(column)s %(kode)s tidak ditemukan di berkas ini maupun di unit kerja instansi.")
                    % {"column": induk_header, "kode": row.kode_induk},
                    key=row.kode,
                )
            parent_of[key] = induk or None
        chains = find_cycles(parent_of)
        for row in rows:
            chain = chains.get(kode_key(row.kode))
            if chain is not None:
                plan.add_error(
                    row.number,
                    _("Unit induk berputar (unit menjadi sub-unit dari dirinya sendiri): %(chain)s.")
                    % {"chain": format_chain([display.get(k, k) for k in chain])},
                    key=row.kode,
                )

    def _induk_kode(self, unit: ExistingUnit) -> str:
        parent = self.unit_by_pk.get(unit.induk_id) if unit.induk_id is not None else None
        return parent.kode if parent is not None else ""

    def _outcome(self, row: UnitRow) -> RowOutcome:
        unit = row.existing
        if unit is None:
            return RowOutcome(row.number, row.kode, row.nama, DIBUAT)
        changes: list[FieldChange] = []
        if unit.nama != row.nama:
            changes.append(FieldChange(self.table.header_for("nama"), unit.nama, row.nama))
        if row.kode_induk is not None:
            old = self._induk_kode(unit)
            if kode_key(old) != kode_key(row.kode_induk):
                changes.append(FieldChange(self.table.header_for("kode_induk"), old, row.kode_induk))
        if row.kepala_given and unit.kepala_id != row.kepala_id:
            changes.append(
                FieldChange(
                    self.table.header_for("nip_kepala"),
                    self.pegawai_nip.get(unit.kepala_id, "") if unit.kepala_id else "",
                    self.pegawai_nip.get(row.kepala_id, "") if row.kepala_id else "",
                )
            )
        return RowOutcome(row.number, row.kode, row.nama, DIUBAH if changes else TETAP, changes)

    def apply(self, *, now: datetime) -> dict[str, int]:
        new_rows = [r for r in self.rows_ok if r.existing is None]
        created = [UnitKerja(instansi=self.instansi, kode=r.kode, nama=r.nama, kepala_id=r.kepala_id) for r in new_rows]
        bulk_create_batched(UnitKerja, created, self.progress)
        pk_of = {key: unit.pk for key, unit in self.units.items()}
        for row, unit in zip(new_rows, created, strict=True):
            pk_of[kode_key(row.kode)] = unit.pk

        updates: list[tuple[UnitKerja, frozenset[str]]] = []
        updated = 0
        for row in self.rows_ok:
            existing = row.existing
            induk_id = pk_of[kode_key(row.kode_induk)] if row.kode_induk else None
            if existing is None:
                if induk_id is not None:
                    target = UnitKerja(
                        pk=pk_of[kode_key(row.kode)], nama=row.nama, induk_id=induk_id, kepala_id=row.kepala_id
                    )
                    updates.append((target, frozenset({"induk"})))
                continue
            target = UnitKerja(
                pk=existing.pk,
                nama=row.nama,
                induk_id=induk_id if row.kode_induk is not None else existing.induk_id,
                kepala_id=row.kepala_id if row.kepala_given else existing.kepala_id,
            )
            fields = {
                name
                for name, old, new in (
                    ("nama", existing.nama, target.nama),
                    ("induk", existing.induk_id, target.induk_id),
                    ("kepala", existing.kepala_id, target.kepala_id),
                )
                if old != new
            }
            if fields:
                updated += 1
                updates.append((target, frozenset(fields)))
        # Every target carries all its values, so a grouped or merged bulk_update writes no stale field.
        bulk_update_changed(UnitKerja, updates, self.progress, now=now, phase=MENAUTKAN)
        return {DIBUAT: len(created), DIUBAH: updated, TETAP: len(self.rows_ok) - len(created) - updated}
