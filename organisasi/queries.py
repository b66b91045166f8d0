"""Query helpers every app may use (the lowest layer)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def row_by_pk(queryset: QuerySet[M], pk: int) -> M | None:
    """The row with this primary key from `queryset`, or None — without LIMIT or ORDER BY.

    `.first()` and `.get()` add a LIMIT, and PostgreSQL plans a LIMIT over the long select_related
    chains of the access helpers (a dozen joins) in 5–8 ms, against under 2 ms without it
    (measured at 10,000 pegawai, docs/performance.md): the planning cost more than the query.
    A primary key matches one row at most, so neither clause changes the answer."""
    rows = list(queryset.filter(pk=pk).order_by())
    return rows[0] if rows else None
