"""The atasan tree: how many direct bawahan each leader has and how big each leader's subtree is."""

from __future__ import annotations

import math
import random
from collections import deque

from .base import GeneratorError

SPAN_MIN, SPAN_MAX = 5, 15
LEADER_MIN_SIZE = SPAN_MIN + 1  # a leader and their five bawahan
MAX_LEADER_DEPTH = 3  # 0 JPT Madya, 1 JPT Pratama, 2 Administrator, 3 Pengawas
# Largest subtree a leader at each depth can head with spans of at most 15.
CAP = {MAX_LEADER_DEPTH: 1 + SPAN_MAX}
for _d in range(MAX_LEADER_DEPTH - 1, -1, -1):
    CAP[_d] = 1 + SPAN_MAX * CAP[_d + 1]
# How many staff (non-leaders) a leader at each depth prefers among their direct bawahan.
STAFF_PREF = {0: (0, 3), 1: (1, 4), 2: (2, 6)}


def _distribute(total: int, k: int, lo: int, hi: int, rng: random.Random) -> list[int]:
    """k sizes in [lo, hi] adding up to total (lo·k ≤ total ≤ hi·k), roughly even with some jitter."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(k)]
    tw = sum(weights)
    sizes = [min(hi, max(lo, int(total * w / tw))) for w in weights]
    diff = total - sum(sizes)
    while diff:
        j = rng.randrange(k)
        step = min(diff, hi - sizes[j]) if diff > 0 else -min(-diff, sizes[j] - lo)
        sizes[j] += step
        diff -= step
    return sizes


def _split(r: int, depth: int, rng: random.Random) -> list[int]:
    """Subtree sizes of the direct bawahan of a leader heading r further pegawai (sub-leaders first)."""
    if depth >= MAX_LEADER_DEPTH or r <= SPAN_MAX:
        if not SPAN_MIN <= r <= SPAN_MAX:
            raise GeneratorError(f"cannot give a leader {r} bawahan")
        return [1] * r
    cap = CAP[depth + 1]
    m_pref = rng.randint(*STAFF_PREF[depth])
    # Aim for the same branching on every level still to come, so small instansi get depth too.
    levels = MAX_LEADER_DEPTH - depth + 1
    child_size = r ** ((levels - 1) / levels) * rng.uniform(0.8, 1.25)
    for m in sorted(range(SPAN_MAX + 1), key=lambda x: (abs(x - m_pref), x)):
        total = r - m
        if total < LEADER_MIN_SIZE:
            continue
        lo = max(1, SPAN_MIN - m, math.ceil(total / cap))
        hi = min(SPAN_MAX - m, total // LEADER_MIN_SIZE)
        if lo > hi:
            continue
        k = min(max(round(total / child_size), lo), hi)
        return _distribute(total, k, LEADER_MIN_SIZE, cap, rng) + [1] * m
    raise GeneratorError(f"cannot split {r} pegawai below a leader at depth {depth}")


def plan_tree(n: int, rng: random.Random) -> tuple[list[int], list[int], list[bool]]:
    """Parents (-1 for the top), depths and leader flags of n pegawai in breadth-first order.

    Every leader has 5–15 direct bawahan; staff have none; n must be at least 6.
    """
    if n < LEADER_MIN_SIZE:
        raise GeneratorError(f"an instansi needs at least {LEADER_MIN_SIZE} pegawai")
    if n > CAP[0]:
        raise GeneratorError(f"an instansi holds at most {CAP[0]} pegawai with spans of at most {SPAN_MAX}")
    parent, depth, size = [-1], [0], [n]
    queue = deque([0])
    while queue:
        i = queue.popleft()
        for s in _split(size[i] - 1, depth[i], rng):
            parent.append(i)
            depth.append(depth[i] + 1)
            size.append(s)
            if s > 1:
                queue.append(len(size) - 1)
    return parent, depth, [s > 1 for s in size]
