"""Import of pegawai: upsert by NIP, accounts for new pegawai, atasan linked after the rows exist.

New pegawai are inserted level by level down the atasan tree, each with its atasan already
known; every other atasan link (and every change to an existing pegawai) is a second pass of
bulk updates over the rows that actually change.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Golongan, Jabatan, Pegawai, UnitKerja
from ..rules import nip_errors
from .base import (
    DIBUAT,
    DIUBAH,
    TETAP,
    FieldChange,
    Importer,
    Plan,
    RowOutcome,
    RowReader,
    bulk_create_batched,
    bulk_update_changed,
    duplicates,
    filter_in,
    find_cycles,
    format_chain,
    normalized_choice,
    yes_no,
)
from .columns import PEGAWAI
from .progress import AKUN, MENAUTKAN, MENYIMPAN
from .unit_kerja import kode_key

STATUS_ALIASES: dict[str, str] = {
    "pns": Pegawai.Status.PNS,
    "p": Pegawai.Status.PNS,
    "cpns": Pegawai.Status.CPNS,
    "c": Pegawai.Status.CPNS,
    "calonpns": Pegawai.Status.CPNS,
    "pppk": Pegawai.Status.PPPK,
    "p3k": Pegawai.Status.PPPK,
    "pegawaipemerintahdenganperjanjiankerja": Pegawai.Status.PPPK,
}
# Real hierarchies are under ten levels deep; deeper rows are linked by the second pass instead.
MAX_CREATION_LEVELS = 25
YES = frozenset({"ya", "y", "yes", "1", "true", "benar", "iya"})
NO = frozenset({"tidak", "t", "no", "n", "0", "false", "salah", "bukan", "tdk"})

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PNS_GOLONGAN = re.compile(r"^(IV|I{1,3}|[1-4])\s*[/\-.]?\s*([A-E])$", re.IGNORECASE)
_ROMAN_NUMERALS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def to_roman(number: int) -> str:
    """PPPK golongan are written in Roman numerals (I … XVII); exports sometimes give 1 … 17."""
    result = ""
    for value, numeral in _ROMAN_NUMERALS:
        count, number = divmod(number, value)
        result += numeral * count
    return result


def golongan_code(text: str) -> str:
    """`III/c`, `iii/C`, `3c`, `III-c` → `III/c`; PPPK `ix`, `9` → `IX`."""
    compact = text.strip()
    match = _PNS_GOLONGAN.match(compact)
    if match:
        roman = _ROMAN.get(match.group(1), match.group(1).upper())
        return f"{roman}/{match.group(2).lower()}"
    compact = re.sub(r"\s+", "", compact).upper()
    return to_roman(int(compact)) if compact.isdigit() and 0 < int(compact) < 40 else compact


def unusable_password() -> str:
    """What make_password(None) stores ("!" + 40 random characters), at a fraction of its cost:
    make_password draws each character separately, which dominates an import of 100,000."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)


@dataclass
class ExistingPegawai:
    pk: int
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    status: str
    golongan_id: int
    jabatan_id: int | None
    unit_kerja_id: int | None
    atasan_id: int | None
    tugas_belajar: bool
    user_id: int | None
    user_first_name: str | None


@dataclass
class PegawaiRow:
    number: int
    nip: str
    nama: str
    gelar_depan: str | None  # None: column absent, keep the current value
    gelar_belakang: str | None
    status: str
    golongan_id: int | None
    jabatan_id: int | None
    unit_kerja_id: int | None
    atasan_nip: str | None  # None: column absent; "": no atasan
    tugas_belajar: bool | None
    nip_valid: bool
    existing: ExistingPegawai | None = None


class PegawaiImporter(Importer):
    jenis = PEGAWAI

    def _load(self) -> None:
        self.golongan: dict[tuple[str, str], int] = {}
        self.golongan_kode: dict[int, str] = {}
        for pk, jenis, kode in Golongan.objects.values_list("pk", "jenis", "kode"):
            self.golongan[(jenis, kode.upper())] = pk
            self.golongan_kode[pk] = kode
        self.jabatan: dict[str, int] = {}
        self.jabatan_kode: dict[int, str] = {}
        for pk, kode in Jabatan.objects.filter(instansi=self.instansi).values_list("pk", "kode"):
            self.jabatan[kode_key(kode)] = pk
            self.jabatan_kode[pk] = kode
        self.unit: dict[str, int] = {}
        self.unit_kode: dict[int, str] = {}
        for pk, kode in UnitKerja.objects.filter(instansi=self.instansi).values_list("pk", "kode"):
            self.unit[kode_key(kode)] = pk
            self.unit_kode[pk] = kode
        self.existing: dict[str, ExistingPegawai] = {}
        self.nip_of: dict[int, str] = {}
        for values in Pegawai.objects.filter(instansi=self.instansi).values_list(
            "pk",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status",
            "golongan_id",
            "jabatan_id",
            "unit_kerja_id",
            "atasan_id",
            "tugas_belajar",
            "user_id",
            "user__first_name",
        ):
            pegawai = ExistingPegawai(*values)
            self.existing[pegawai.nip] = pegawai
            self.nip_of[pegawai.pk] = pegawai.nip

    # --- validation ---------------------------------------------------------------------------

    def validate(self) -> Plan:
        self._load()
        headers = self.table.headers
        what_jabatan, what_unit = _("jabatan"), _("unit kerja")  # once, not per row
        rows: list[PegawaiRow] = []
        for reader in self.rows():
            nip = reader.nip("nip") or ""
            reader.key = nip or reader.text("nip", required=False)
            nip_reasons = nip_errors(nip) if nip else []
            for reason in nip_reasons:
                reader.error(reason)
            nama = reader.text("nama")
            gelar_depan = reader.text("gelar_depan") if "gelar_depan" in headers else None
            gelar_belakang = reader.text("gelar_belakang") if "gelar_belakang" in headers else None
            status_text = reader.text("status")
            status = STATUS_ALIASES.get(normalized_choice(status_text), "") if status_text else ""
            if status_text and not status:
                reader.error(
                    _("%(column)s “%(value)s” tidak dikenal; isi PNS, CPNS atau PPPK.")
                    % {"column": reader.header("status"), "value": status_text}
                )
            golongan_id = self._golongan(reader, status)
            jabatan_id = self._lookup(reader, "kode_jabatan", self.jabatan, what_jabatan)
            unit_id = self._lookup(reader, "kode_unor", self.unit, what_unit)
            atasan_nip: str | None = None
            if "nip_atasan" in headers:
                atasan_nip = reader.nip("nip_atasan")
                if atasan_nip is None:
                    atasan_nip = ""  # already an error
            tugas_belajar: bool | None = None
            if "tugas_belajar" in headers:
                text = reader.text("tugas_belajar")
                key = normalized_choice(text)
                if key in YES:
                    tugas_belajar = True
                elif key in NO or not key:
                    tugas_belajar = False
                else:
                    reader.error(
                        _("%(column)s harus Ya atau Tidak (tertulis “%(value)s”).")
                        % {"column": reader.header("tugas_belajar"), "value": text}
                    )
            rows.append(
                PegawaiRow(
                    number=reader.row.number,
                    nip=nip,
                    nama=nama,
                    gelar_depan=gelar_depan,
                    gelar_belakang=gelar_belakang,
                    status=status,
                    golongan_id=golongan_id,
                    jabatan_id=jabatan_id,
                    unit_kerja_id=unit_id,
                    atasan_nip=atasan_nip,
                    tugas_belajar=tugas_belajar,
                    nip_valid=bool(nip) and not nip_reasons,
                    existing=self.existing.get(nip) if nip else None,
                )
            )
        valid_nip_rows = [r for r in rows if r.nip_valid]
        self._check_duplicates(valid_nip_rows)
        self._check_other_instansi_and_accounts(valid_nip_rows)
        if "nip_atasan" in headers:
            self._check_atasan(rows, valid_nip_rows)
        self.rows_ok = [r for r in rows if r.number not in self.plan.errors]
        self.plan.outcomes = [self._outcome(r) for r in self.rows_ok]
        return self.plan

    def _golongan(self, reader: RowReader, status: str) -> int | None:
        text = reader.text("golongan")
        if not text:
            return None
        code = golongan_code(text).upper()
        expected = Golongan.Jenis.PPPK if status == Pegawai.Status.PPPK else Golongan.Jenis.PNS
        other = Golongan.Jenis.PNS if expected == Golongan.Jenis.PPPK else Golongan.Jenis.PPPK
        pk = self.golongan.get((expected, code))
        if pk is not None:
            return pk
        column = reader.header("golongan")
        if status and (other, code) in self.golongan:
            if status == Pegawai.Status.PPPK:
                reader.error(
                    _(
                        "%(column)s %(value)s adalah golongan ruang PNS, tidak sesuai dengan status PPPK "
                        "(golongan PPPK: I … XVII)."
                    )
                    % {"column": column, "value": text}
                )
            else:
                reader.error(
                    _(
                        "%(column)s %(value)s adalah golongan PPPK, tidak sesuai dengan status %(status)s "
                        "(golongan ruang PNS: I/a … IV/e)."
                    )
                    % {"column": column, "value": text, "status": status}
                )
        elif (other, code) not in self.golongan:
            reader.error(
                _("%(column)s “%(value)s” tidak dikenal. Contoh: III/c untuk PNS/CPNS, IX untuk PPPK.")
                % {"column": column, "value": text}
            )
        return None

    def _lookup(self, reader: RowReader, name: str, table: dict[str, int], what: str) -> int | None:
        kode = reader.text(name)
        if not kode:
            return None
        pk = table.get(kode_key(kode))
        if pk is None:
            reader.error(
                _("%(column)s %(kode)s tidak ditemukan di %(what)s instansi ini; impor %(what)s terlebih dahulu.")
                % {"column": reader.header(name), "kode": kode, "what": what}
            )
        return pk

    def _check_duplicates(self, rows: list[PegawaiRow]) -> None:
        header = self.table.header_for("nip")
        for nip, numbers in duplicates((r.nip, r.number) for r in rows).items():
            listed = ", ".join(str(n) for n in numbers)
            for number in numbers:
                self.plan.add_error(
                    number,
                    _("%(column)s %(nip)s tertulis lebih dari sekali: baris %(rows)s.")
                    % {"column": header, "nip": nip, "rows": listed},
                    key=nip,
                )

    def _check_other_instansi_and_accounts(self, rows: list[PegawaiRow]) -> None:
        """A NIP of another instansi's pegawai, or an account NIP already owned by someone else."""
        new_nips = sorted({r.nip for r in rows if r.existing is None})
        elsewhere: set[str] = set()
        self.free_users: dict[str, int] = {}  # username → pk of an account nobody uses yet
        taken_users: set[str] = set()
        for others in filter_in(Pegawai.objects.exclude(instansi=self.instansi), "nip", new_nips):
            elsewhere.update(others.values_list("nip", flat=True))
        for users in filter_in(User.objects.all(), "username", new_nips):
            for username, user_pk, pegawai_pk in users.values_list("username", "pk", "pegawai"):
                if pegawai_pk is None:
                    self.free_users[username] = user_pk
                else:
                    taken_users.add(username)
        for row in rows:
            if row.nip in elsewhere:
                self.plan.add_error(
                    row.number,
                    _("NIP %(nip)s sudah terdaftar di instansi lain. Mutasi antarinstansi dilakukan oleh admin.")
                    % {"nip": row.nip},
                    key=row.nip,
                )
            elif row.nip in taken_users:
                self.plan.add_error(
                    row.number,
                    _("Sudah ada akun lain dengan nama pengguna %(nip)s yang dipakai pegawai lain. Hubungi admin.")
                    % {"nip": row.nip},
                    key=row.nip,
                )

    def _check_atasan(self, rows: list[PegawaiRow], valid_rows: list[PegawaiRow]) -> None:
        header = self.table.header_for("nip_atasan")
        in_file = {r.nip for r in valid_rows}
        parent_of: dict[str, str | None] = {
            nip: self.nip_of.get(p.atasan_id) if p.atasan_id else None for nip, p in self.existing.items()
        }
        seen: set[str] = set()
        for row in rows:
            atasan = row.atasan_nip
            if not atasan:
                if row.nip in in_file and row.nip not in seen and atasan is not None:
                    parent_of[row.nip] = None
                seen.add(row.nip)
                continue
            if atasan == row.nip:
                self.plan.add_error(row.number, _("Pegawai tidak dapat menjadi atasan dirinya sendiri."), key=row.nip)
                atasan = None
            elif atasan in in_file:
                pass  # a valid NIP, checked on its own row
            elif nip_errors(atasan):
                self.plan.add_error(
                    row.number,
                    _("%(column)s %(nip)s tidak valid: %(reason)s")
                    % {"column": header, "nip": atasan, "reason": nip_errors(atasan)[0]},
                    key=row.nip,
                )
                atasan = None
            elif atasan not in in_file and atasan not in self.existing:
                self.plan.add_error(
                    row.number,
                    _("%(column)s %(nip)s tidak ditemukan di berkas ini maupun di data pegawai instansi.")
                    % {"column": header, "nip": atasan},
                    key=row.nip,
                )
                atasan = None
            if row.nip in in_file and row.nip not in seen:
                parent_of[row.nip] = atasan
            seen.add(row.nip)
        chains = find_cycles(parent_of)
        for row in rows:
            chain = chains.get(row.nip)
            if chain is not None:
                self.plan.add_error(
                    row.number,
                    _("Rantai atasan berputar (pegawai menjadi atasan dari atasannya sendiri): %(chain)s.")
                    % {"chain": format_chain(chain)},
                    key=row.nip,
                )

    # --- diff ---------------------------------------------------------------------------------

    def _desired(self, row: PegawaiRow) -> dict[str, object]:
        """Model field values the row asks for (absent columns keep the current value)."""
        old = row.existing
        return {
            "nama": row.nama,
            "gelar_depan": row.gelar_depan if row.gelar_depan is not None else (old.gelar_depan if old else ""),
            "gelar_belakang": (
                row.gelar_belakang if row.gelar_belakang is not None else (old.gelar_belakang if old else "")
            ),
            "status": row.status,
            "golongan_id": row.golongan_id,
            "jabatan_id": row.jabatan_id,
            "unit_kerja_id": row.unit_kerja_id,
            "tugas_belajar": (
                row.tugas_belajar if row.tugas_belajar is not None else (old.tugas_belajar if old else False)
            ),
        }

    def _atasan_nip(self, row: PegawaiRow) -> str:
        if row.atasan_nip is not None:
            return row.atasan_nip
        old = row.existing
        return self.nip_of.get(old.atasan_id, "") if old is not None and old.atasan_id else ""

    def _show(self, attname: str, value: object) -> str:
        if value is None or value == "":
            return ""
        if attname == "tugas_belajar":
            return yes_no(bool(value))
        lookups = {"golongan_id": self.golongan_kode, "jabatan_id": self.jabatan_kode, "unit_kerja_id": self.unit_kode}
        if attname in lookups and isinstance(value, int):
            return lookups[attname].get(value, "")
        return str(value)

    def _outcome(self, row: PegawaiRow) -> RowOutcome:
        old = row.existing
        if old is None:
            return RowOutcome(row.number, row.nip, row.nama, DIBUAT)
        desired = self._desired(row)
        columns = {
            "nama": "nama",
            "gelar_depan": "gelar_depan",
            "gelar_belakang": "gelar_belakang",
            "status": "status",
            "golongan_id": "golongan",
            "jabatan_id": "kode_jabatan",
            "unit_kerja_id": "kode_unor",
            "tugas_belajar": "tugas_belajar",
        }
        changes: list[FieldChange] = []
        for attname, value in desired.items():
            before = getattr(old, attname)
            if before != value:
                changes.append(
                    FieldChange(
                        self.table.header_for(columns[attname]), self._show(attname, before), self._show(attname, value)
                    )
                )
        old_atasan = self.nip_of.get(old.atasan_id, "") if old.atasan_id else ""
        if self._atasan_nip(row) != old_atasan:
            changes.append(FieldChange(self.table.header_for("nip_atasan"), old_atasan, self._atasan_nip(row)))
        return RowOutcome(row.number, row.nip, row.nama, DIUBAH if changes else TETAP, changes)

    # --- apply --------------------------------------------------------------------------------

    def _creation_levels(self, new_rows: list[PegawaiRow]) -> list[list[PegawaiRow]]:
        """New pegawai grouped so that each group's atasan exist before it is inserted.

        Level 0 reports to nobody or to a pegawai already in the database; level k to one of
        level k-1. Rows deeper than MAX_CREATION_LEVELS are inserted last without atasan and
        linked by the second pass, so a pathological chain cannot multiply the statements.
        """
        atasan_of = {r.nip: r.atasan_nip or "" for r in new_rows}
        depth: dict[str, int] = {}
        for row in new_rows:
            chain: list[str] = []
            nip = row.nip
            while nip in atasan_of and nip not in depth:
                chain.append(nip)
                nip = atasan_of[nip]
            base = depth.get(nip, -1)
            for offset, member in enumerate(reversed(chain), start=1):
                depth[member] = base + offset
        levels: dict[int, list[PegawaiRow]] = defaultdict(list)
        for row in new_rows:
            levels[min(depth[row.nip], MAX_CREATION_LEVELS)].append(row)
        return [levels[level] for level in sorted(levels)]

    def apply(self, *, now: datetime) -> dict[str, int]:
        new_rows = [r for r in self.rows_ok if r.existing is None]
        accounts = [
            User(username=r.nip, first_name=r.nama[:150], password=unusable_password())
            for r in new_rows
            if r.nip not in self.free_users
        ]
        bulk_create_batched(User, accounts, self.progress, phase=AKUN)
        user_pk = dict(self.free_users)
        missing = [u.username for u in accounts if u.pk is None]
        user_pk.update({u.username: u.pk for u in accounts if u.pk is not None})
        for users in filter_in(User.objects.all(), "username", missing):  # backends that return no ids
            user_pk.update(users.values_list("username", "pk"))

        # New pegawai, level by level, each with its atasan when that one already has an id.
        pk_of = {nip: p.pk for nip, p in self.existing.items()}
        linked_at_creation: dict[str, int | None] = {}
        self.progress.start(MENYIMPAN, len(new_rows))
        for level in self._creation_levels(new_rows):
            objs = [
                Pegawai(
                    instansi=self.instansi,
                    nip=r.nip,
                    user_id=user_pk[r.nip],
                    atasan_id=pk_of.get(r.atasan_nip) if r.atasan_nip else None,
                    **self._desired(r),
                )
                for r in level
            ]
            bulk_create_batched(Pegawai, objs, self.progress, start=False)
            for pegawai in objs:
                pk_of[pegawai.nip] = pegawai.pk
                linked_at_creation[pegawai.nip] = pegawai.atasan_id
        created = len(new_rows)

        # Second pass: changed existing rows, and new rows whose atasan was created after them.
        updates: list[tuple[Pegawai, frozenset[str]]] = []
        renamed_users: list[User] = []
        updated = 0
        for row in self.rows_ok:
            atasan_nip = self._atasan_nip(row)
            atasan_id = pk_of[atasan_nip] if atasan_nip else None
            old = row.existing
            if old is None:
                if linked_at_creation.get(row.nip) != atasan_id:
                    target = Pegawai(pk=pk_of[row.nip], atasan_id=atasan_id, **self._desired(row))
                    updates.append((target, frozenset({"atasan"})))
                continue
            desired = self._desired(row)
            fields = {
                attname.removesuffix("_id") for attname, value in desired.items() if getattr(old, attname) != value
            }
            if old.atasan_id != atasan_id:
                fields.add("atasan")
            if fields:
                updated += 1
                updates.append((Pegawai(pk=old.pk, atasan_id=atasan_id, **desired), frozenset(fields)))
            if old.user_id is not None and old.user_first_name != row.nama[:150]:
                renamed_users.append(User(pk=old.user_id, first_name=row.nama[:150]))
        bulk_update_changed(Pegawai, updates, self.progress, now=now, phase=MENAUTKAN)
        if renamed_users:
            bulk_update_changed(User, [(u, frozenset({"first_name"})) for u in renamed_users], self.progress, now=None)
        return {
            DIBUAT: created,
            DIUBAH: updated,
            TETAP: len(self.rows_ok) - created - updated,
            "akun_dibuat": len(accounts),
            "akun_ditautkan": len(new_rows) - len(accounts),
        }
