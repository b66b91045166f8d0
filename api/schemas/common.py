"""Shapes shared by every endpoint: ids, pagination, the error body, and input that PostgreSQL can
store (no NUL characters or lone surrogates, which the database would refuse with a 500)."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import field_validator

MAX_ID = 2**63 - 1
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 10**9

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Tahun = Annotated[int, Field(ge=2000, le=2100)]

T = TypeVar("T")


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Teks tidak boleh memuat karakter NUL / text must not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("Teks bukan UTF-8 yang sah / text is not valid UTF-8.") from None
    elif isinstance(value, list):
        for item in value:
            _storable(item)
    return value


class Input(Schema):
    """Base of every request body and query: every text must be storable."""

    @field_validator("*", mode="after")
    @classmethod
    def _text_storable(cls, value: Any) -> Any:
        return _storable(value)


class PageQuery(Input):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Jumlah baris per halaman / page size")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Baris pertama / first row (0-based)")


class Page(Schema, Generic[T]):
    count: int = Field(description="Jumlah seluruh baris / total number of rows")
    limit: int
    offset: int
    items: list[T]


class ErrorOut(Schema):
    detail: Any = Field(description="Pesan, atau daftar galat per isian / message, or list of field errors")
    code: str = Field(description="Kode galat yang stabil / stable error code")


def page_of(queryset: QuerySet[Any], query: PageQuery, row: Any) -> dict[str, Any]:
    """One page of an ordered queryset: the count and the rows, two queries."""
    count = queryset.count()
    rows = list(queryset[query.offset : query.offset + query.limit]) if query.offset < count else []
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": [row(r) for r in rows]}


def page_of_list(items: list[Any], query: PageQuery) -> dict[str, Any]:
    return {
        "count": len(items),
        "limit": query.limit,
        "offset": query.offset,
        "items": items[query.offset : query.offset + query.limit],
    }


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}
