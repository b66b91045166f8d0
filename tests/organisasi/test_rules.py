import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organisasi.rules import atasan_cycle, nama_lengkap, nip_errors, nip_normalize, nip_parts
from tests.factories import make_nip

TODAY = dt.date(2026, 11, 21)


def test_valid_nip_has_no_errors_and_splits() -> None:
    assert nip_errors("198611232010012005", today=TODAY) == []
    parts = nip_parts("198611232010012005")
    assert parts.birth_date == dt.date(1986, 11, 23)
    assert (parts.tmt_year, parts.tmt_month, parts.sex, parts.sequence) == (2010, 1, 2, "005")


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19861123201001200", "18 angka"),
        ("1986112320100120051", "18 angka"),
        ("19861123201001200A", "18 angka"),
        ("198602302010012005", "bukan tanggal yang ada"),  # 30 February
        ("198613012010012005", "bukan tanggal yang ada"),  # month 13
        ("202712012045011001", "masa depan"),  # birth date in the future
        ("198611232010132005", "bukan tahun-bulan"),  # TMT month 13
        ("198611232000012005", "usia 18 tahun"),  # TMT at 13 years old
        ("198611232004102005", "usia 18 tahun"),  # one month before turning 18
        ("198611232010013005", "jenis kelamin"),
        ("198611232010010005", "jenis kelamin"),
        ("198611232030012005", "masa depan"),  # TMT in the future
    ],
)
def test_bad_nip_is_explained_in_indonesian(nip: str, fragment: str) -> None:
    errors = nip_errors(nip, today=TODAY)
    assert errors, nip
    assert any(fragment in e for e in errors), errors


def test_tmt_exactly_eighteen_years_after_birth_month_is_allowed() -> None:
    assert nip_errors("198611232004112005", today=TODAY) == []


def test_normalize_strips_spaces_dots_and_dashes() -> None:
    assert nip_normalize(" 19861123 201001 2 005 ") == "198611232010012005"
    assert nip_normalize("19861123.201001.2.005") == "198611232010012005"
    assert nip_normalize(None) == ""  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=8999), st.sampled_from([1, 2]))
def test_generated_nips_are_valid(n: int, sex: int) -> None:
    assert nip_errors(make_nip(n, sex=sex), today=TODAY) == []


@given(st.text(max_size=30))
def test_nip_errors_never_crash(text: str) -> None:
    result = nip_errors(text, today=TODAY)
    assert isinstance(result, list)


def test_nama_lengkap_places_gelar() -> None:
    assert nama_lengkap("Yohanes Bria Manek", "Dr.", "S.H., M.Si.") == "Dr. Yohanes Bria Manek, S.H., M.Si."
    assert nama_lengkap("Yakobus Ndun") == "Yakobus Ndun"
    assert nama_lengkap("Santi", "", "S.Kom.") == "Santi, S.Kom."


def test_atasan_cycle_found_and_reported_as_chain() -> None:
    atasan_of: dict[str, str | None] = {"a": "b", "b": "c", "c": "a", "d": None}
    assert atasan_cycle("a", atasan_of) == ["a", "b", "c", "a"]
    assert atasan_cycle("d", atasan_of) is None


def test_atasan_cycle_above_does_not_blame_the_start() -> None:
    atasan_of: dict[str, str | None] = {"x": "a", "a": "b", "b": "a"}
    assert atasan_cycle("x", atasan_of) is None
    assert atasan_cycle("a", atasan_of) == ["a", "b", "a"]
