"""The hash chain over every audit row, in id order:
rantai = sha256(previous rantai + canonical JSON of the row's essential fields).

Every row is chained (not only evidence rows): a changed, removed or inserted row of any kind
breaks the chain from there on. The evidence file's SHA-256 is one of the hashed fields."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from .models import CatatanAudit, KepalaRantai

GENESIS = "0" * 64
HEAD_PK = 1


def essential(row: CatatanAudit) -> dict[str, object]:
    return {
        "waktu": row.waktu.isoformat(),
        "aktor": row.aktor_id,
        "aktor_nama": row.aktor_nama,
        "sumber": row.sumber,
        "ip": row.ip,
        "aksi": row.aksi,
        "model": row.model,
        "objek_pk": row.objek_pk,
        "instansi": row.instansi_id,
        "pegawai": row.pegawai_id,
        "changes": row.changes,
        "bukti_sha256": row.bukti_sha256,
    }


def link(previous: str, row: CatatanAudit) -> str:
    canonical = json.dumps(essential(row), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((previous + canonical).encode()).hexdigest()


def lock_head(using: str) -> KepalaRantai:
    """The chain head, locked until the end of the transaction (SQLite's IMMEDIATE transactions
    already serialize writers; select_for_update is a no-op there)."""
    head = KepalaRantai.objects.using(using).select_for_update().filter(pk=HEAD_PK).first()
    if head is None:
        # ignore_conflicts: two first writers on PostgreSQL insert the same row, one wins.
        KepalaRantai.objects.using(using).bulk_create(
            [KepalaRantai(pk=HEAD_PK, rantai=GENESIS, catatan_id=None)], ignore_conflicts=True
        )
        head = KepalaRantai.objects.using(using).select_for_update().get(pk=HEAD_PK)
    return head


@dataclass(frozen=True)
class Putus:
    catatan_id: int | None
    alasan: str


def verify_chain(using: str = "default", batch: int = 2000) -> tuple[int, Putus | None]:
    """(rows checked, first broken link or None)."""
    previous = GENESIS
    checked = 0
    last_id: int | None = None
    for row in _iter_rows(using, batch):
        expected = link(previous, row)
        if row.rantai != expected:
            return checked, Putus(row.pk, "rantai")
        previous = row.rantai
        last_id = row.pk
        checked += 1
    head = KepalaRantai.objects.using(using).filter(pk=HEAD_PK).first()
    if checked and (head is None or head.rantai != previous or head.catatan_id != last_id):
        # The newest rows were removed (or the head was edited): the chain ends too early.
        return checked, Putus(last_id, "kepala")
    return checked, None


def _iter_rows(using: str, batch: int) -> Iterator[CatatanAudit]:
    # Keyset pages keep memory flat over millions of rows.
    after = 0
    while True:
        rows = list(CatatanAudit.objects.using(using).filter(pk__gt=after).order_by("pk")[:batch])
        if not rows:
            return
        yield from rows
        after = rows[-1].pk
