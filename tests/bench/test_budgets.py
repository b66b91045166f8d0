"""The CI check of the benchmark: each page's throughput as a share of /healthz against its floor."""

from __future__ import annotations

import pytest

from bench import benchmark
from bench.budgets import ISSUE_P95_MS, ISSUE_RATIO, NOISE_MARGIN, RATIO_FLOORS, check_ratios


def test_every_measured_page_has_a_floor() -> None:
    assert set(RATIO_FLOORS) == set(benchmark.PAGE_NAMES) - {"/healthz"}


def test_a_page_at_its_floor_passes_and_one_far_under_it_fails() -> None:
    floor = RATIO_FLOORS["SKP detail"]
    ok = check_ratios({"/healthz": 1.0, "SKP detail": floor}, {})
    assert [v.ok for v in ok] == [True]
    # Inside the noise margin: still passes.
    assert check_ratios({"SKP detail": floor * (1 - NOISE_MARGIN) + 1e-9}, {})[0].ok
    # Under the margin: fails, and says by how much.
    failed = check_ratios({"SKP detail": floor * (1 - NOISE_MARGIN) * 0.9}, {})[0]
    assert not failed.ok
    assert "floor" in failed.reason


def test_failed_requests_fail_the_page_whatever_its_speed() -> None:
    verdict = check_ratios({"Rekap unit": 1.0}, {"Rekap unit": 3})[0]
    assert not verdict.ok
    assert "3 failed" in verdict.reason


def test_healthz_is_the_reference_not_a_page() -> None:
    assert check_ratios({"/healthz": 0.0, benchmark.HEALTHZ_AGAIN: 0.0}, {"/healthz": 5}) == []


@pytest.mark.parametrize(
    ("p95", "ratio", "errors", "met"),
    [
        (ISSUE_P95_MS, ISSUE_RATIO, 0, True),
        (ISSUE_P95_MS + 1, ISSUE_RATIO, 0, False),
        (ISSUE_P95_MS, ISSUE_RATIO - 0.01, 0, False),
        (1.0, 1.0, 1, False),
    ],
)
def test_the_issue_budget_needs_both_latency_and_throughput(p95: float, ratio: float, errors: int, met: bool) -> None:
    result = benchmark.Result("SKP detail", rps=1, p50=1, p95=p95, p99=p95, requests=1, errors=errors, ratio=ratio)
    assert result.meets_issue_budget() is met


def test_a_single_request_meets_its_budget_only_with_200() -> None:
    single = benchmark.Single("Cetak SKP (PDF)", "/x", "u", kind="pdf", median_ms=500, status=200)
    assert single.meets_issue_budget()
    single.status = 500
    assert not single.meets_issue_budget()
    assert not benchmark.Single("x", "/x", "u", kind="pdf", median_ms=1500, status=200).meets_issue_budget()
