"""manage.py generate_load_data: shape, invariants, determinism, and that the data works in the UI."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import CatatanAudit
from bench.fingerprint import fingerprint
from bench.generator import CAP, SPAN_MAX, SPAN_MIN, plan_tree
from organisasi.models import Golongan, Jabatan, Pegawai, UnitKerja
from organisasi.rules import atasan_cycle, nip_errors
from pelaksanaan.models import Periode, Realisasi, UmpanBalik
from penilaian.models import CapaianUnit, Evaluasi, Predikat, StatusEvaluasi
from penilaian.rules import predikat_from_ratings
from perencanaan.models import (
    Iki,
    MatriksPeranHasil,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    Rhk,
    Skp,
    StatusSkp,
)
from perencanaan.rules import IkiFacts, RhkFacts, skp_submission_problems

N = 120
SEED = 7
TAHUN = 2025


def generate(seed: int = SEED, n: int = N) -> str:
    out = StringIO()
    call_command("generate_load_data", pegawai=n, seed=seed, stdout=out)
    return out.getvalue()


def password_of(output: str) -> str:
    match = re.search(r"username = NIP\): (\S+)", output)
    assert match, output
    return match.group(1)


@pytest.mark.parametrize("n", [6, 7, 16, 17, 120, 241, 242, 3617, 20_000, CAP[0]])
def test_tree_spans_between_5_and_15(n: int) -> None:
    parent, depth, leader = plan_tree(n, random.Random(n))
    assert len(parent) == n
    assert parent[0] == -1
    assert all(0 <= parent[i] < i for i in range(1, n))  # breadth-first: the atasan comes first
    spans = Counter(parent[1:])
    assert all(SPAN_MIN <= s <= SPAN_MAX for s in spans.values()), Counter(spans.values())
    assert {i for i in range(n) if leader[i]} == set(spans)
    assert max(depth) <= 4
    assert all(depth[i] == depth[parent[i]] + 1 for i in range(1, n))


def test_tree_refuses_sizes_it_cannot_shape() -> None:
    from bench.generator import GeneratorError

    with pytest.raises(GeneratorError):
        plan_tree(5, random.Random(1))
    with pytest.raises(GeneratorError):
        plan_tree(CAP[0] + 1, random.Random(1))


@pytest.mark.django_db
def test_counts_and_invariants() -> None:
    audit_before = CatatanAudit.objects.count()
    output = generate()
    password = password_of(output)
    assert "TOTAL" in output

    pegawai = list(
        Pegawai.objects.filter(instansi__kode__startswith=f"BENCH-{SEED}-").select_related(
            "golongan", "jabatan", "user"
        )
    )
    assert len(pegawai) == N
    by_id = {p.pk: p for p in pegawai}

    # NIPs valid and unique; account username = NIP with the printed password.
    nips = [p.nip for p in pegawai]
    assert len(set(nips)) == N
    assert all(nip_errors(nip) == [] for nip in nips), [(n, nip_errors(n)) for n in nips if nip_errors(n)][:3]
    assert all(p.user is not None and p.user.username == p.nip for p in pegawai)
    assert User.objects.filter(username__in=nips).values("password").distinct().count() == 1
    assert pegawai[0].user is not None and pegawai[0].user.check_password(password)

    # Golongan consistent with status, jenjang only for JF, a mix of jabatan kinds.
    for p in pegawai:
        assert p.golongan.jenis == (Golongan.Jenis.PPPK if p.status == Pegawai.Status.PPPK else Golongan.Jenis.PNS)
        assert p.jabatan is not None and p.jabatan.instansi_id == p.instansi_id
        assert (p.jabatan.jenjang_id is not None) == (p.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL)
    kinds = {p.jabatan.jenis for p in pegawai if p.jabatan is not None}
    assert {"jpt_madya", "jpt_pratama", "fungsional", "pelaksana"} <= kinds
    assert kinds & {"administrator", "pengawas"}

    # Atasan hierarchy: one top per instansi, spans 5–15 without exception, no cycles.
    tops = [p for p in pegawai if p.atasan_id is None]
    assert len(tops) == 1
    spans = Counter(p.atasan_id for p in pegawai if p.atasan_id is not None)
    assert all(SPAN_MIN <= s <= SPAN_MAX for s in spans.values()), spans
    atasan_of = {p.nip: by_id[p.atasan_id].nip if p.atasan_id else None for p in pegawai}
    assert all(atasan_cycle(nip, atasan_of) is None for nip in nips)
    assert all(by_id[p.atasan_id].instansi_id == p.instansi_id for p in pegawai if p.atasan_id)

    # Every leader heads a unit of their own, staff sit in their atasan's unit.
    units = list(UnitKerja.objects.filter(instansi__kode__startswith=f"BENCH-{SEED}-"))
    assert all(u.kepala_id is not None and by_id[u.kepala_id].unit_kerja_id == u.pk for u in units)
    assert {u.kepala_id for u in units} == set(spans)
    for p in pegawai:
        if p.atasan_id and p.pk not in spans:
            assert p.unit_kerja_id == by_id[p.atasan_id].unit_kerja_id
    assert PerjanjianKinerja.objects.filter(unit_kerja__in=units, tahun=TAHUN).count() == len(units)

    # Exactly one set SKP per pegawai for the year, with identities, 4–6 RHK of 2–4 IKI, 7 perilaku.
    skps = list(Skp.objects.filter(pegawai__in=pegawai))
    assert Counter(s.pegawai_id for s in skps) == Counter({p.pk: 1 for p in pegawai})
    assert all(s.status == StatusSkp.DITETAPKAN and s.tahun == TAHUN for s in skps)
    assert all(s.identitas["pegawai"]["nip"] == by_id[s.pegawai_id].nip for s in skps)
    assert all(s.pejabat_penilai_id == by_id[s.pegawai_id].atasan_id for s in skps)
    assert {s.jenis_form for s in skps} == {"jpt", "jajf"}
    assert {s.pendekatan for s in skps} == {"kuantitatif", "kualitatif"}
    rhk_counts = Counter(Rhk.objects.filter(skp__in=skps).values_list("skp_id", flat=True))
    assert all(4 <= rhk_counts[s.pk] <= 6 for s in skps)
    iki_counts = Counter(Iki.objects.filter(rhk__skp__in=skps).values_list("rhk_id", flat=True))
    assert iki_counts and all(2 <= c <= 4 for c in iki_counts.values())
    assert len(iki_counts) == sum(rhk_counts.values())
    perilaku = PerilakuSkp.objects.filter(skp__in=skps).values("skp_id").annotate(n=Count("aspek", distinct=True))
    assert sorted(r["n"] for r in perilaku) == [7] * N

    # Each plan is one its owner could have submitted (perencanaan's own rules).
    iki_by_rhk: dict[int, list[IkiFacts]] = defaultdict(list)
    for iki in Iki.objects.filter(rhk__skp__in=skps):
        has_target = iki.target_min is not None and iki.satuan_id is not None
        iki_by_rhk[iki.rhk_id].append(IkiFacts(iki.teks, iki.perspektif, iki.aspek, has_target))
    rhk_by_skp: dict[int, list[RhkFacts]] = defaultdict(list)
    for rhk in Rhk.objects.filter(skp__in=skps).select_related("intervensi__skp"):
        if rhk.intervensi is not None:
            assert rhk.intervensi.skp.pegawai_id == by_id[rhk.skp.pegawai_id].atasan_id
        rhk_by_skp[rhk.skp_id].append(
            RhkFacts(rhk.teks, rhk.jenis == "utama", rhk.intervensi_id is not None, iki_by_rhk[rhk.pk])
        )
    for s in skps:
        assert skp_submission_problems(jpt=s.is_jpt, kuantitatif=s.is_kuantitatif, rhk=rhk_by_skp[s.pk]) == []

    # Matriks Peran Hasil for some leaders, and RHK copied from its cells.
    assert MatriksPeranHasil.objects.filter(rhk__skp__in=skps).exists()
    assert Rhk.objects.filter(skp__in=skps, peran_asal__isnull=False).exists()
    assert PeranHasil.objects.filter(baris__matriks__rhk__skp__in=skps).exists()

    # Realisasi for every period of every SKP (per IKI when kuantitatif); capaian per unit and period.
    periods = list(Periode.objects.filter(instansi__kode__startswith=f"BENCH-{SEED}-"))
    assert {p.jenis for p in periods} == {"periodik", "tahunan"}
    seen = set(Realisasi.objects.filter(skp__in=skps).values_list("skp_id", "periode_id").distinct())
    assert seen == {(s.pk, p.pk) for s in skps for p in periods}
    kuantitatif_iki = Iki.objects.filter(rhk__skp__in=skps, rhk__skp__pendekatan="kuantitatif").count()
    assert Realisasi.objects.filter(iki__isnull=False).count() == kuantitatif_iki * len(periods)
    assert CapaianUnit.objects.filter(unit_kerja__in=units).count() == len(units) * len(periods)
    assert UmpanBalik.objects.filter(skp__in=skps).exists()

    # A given evaluation for every SKP with a pejabat penilai in every period; every predikat occurs.
    evaluasi = list(Evaluasi.objects.filter(skp__in=skps).select_related("skp"))
    rated = [s for s in skps if s.pejabat_penilai_id is not None]
    assert Counter((e.skp_id, e.periode_id) for e in evaluasi) == Counter(
        {(s.pk, p.pk): 1 for s in rated for p in periods}
    )
    for e in evaluasi:
        assert e.status == StatusEvaluasi.DIBERIKAN and e.penilai_id == e.skp.pejabat_penilai_id
        assert e.predikat == predikat_from_ratings(hasil_kerja=e.rating_hasil, perilaku_kerja=e.rating_perilaku)
        assert e.identitas["pejabat_penilai"]["nip"] == by_id[e.penilai_id].nip
    assert {e.predikat for e in evaluasi} == set(Predikat.values)

    # Synthetic data writes no audit trail.
    assert CatatanAudit.objects.count() == audit_before

    # Not twice for the same seed.
    with pytest.raises(CommandError, match="already"):
        generate()


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data() -> None:
    def run(seed: int) -> str:
        sid = transaction.savepoint()
        try:
            generate(seed, n=60)
            return fingerprint([f"BENCH-{seed}-1"])
        finally:
            transaction.savepoint_rollback(sid)

    first = run(SEED)
    assert not Pegawai.objects.filter(instansi__kode__startswith="BENCH-").exists()
    assert run(SEED) == first
    assert run(SEED + 1) != first


@pytest.mark.django_db
def test_generated_pegawai_log_in_and_open_their_pages() -> None:
    password = password_of(generate())
    pegawai = Pegawai.objects.filter(instansi__kode__startswith=f"BENCH-{SEED}-")
    leader = pegawai.annotate(n=Count("bawahan")).filter(n__gt=0, atasan__isnull=False).order_by("nip").first()
    assert leader is not None
    staff = pegawai.filter(atasan=leader).order_by("nip").first()
    assert staff is not None

    client = Client()
    login = client.post(reverse("login"), {"username": staff.nip, "password": password})
    assert login.status_code == 302, login.content[:500]
    skp = Skp.objects.get(pegawai=staff)
    page = client.get(reverse("perencanaan:skp_detail", args=[skp.pk]))
    assert page.status_code == 200
    rhk = Rhk.objects.filter(skp=skp).order_by("urutan").first()
    assert rhk is not None
    assert rhk.teks in page.content.decode()

    leader_client = Client()
    login = leader_client.post(reverse("login"), {"username": leader.nip, "password": password})
    assert login.status_code == 302
    listing = leader_client.get(reverse("perencanaan:bawahan_list"), {"tahun": TAHUN})
    assert listing.status_code == 200
    assert staff.nip in listing.content.decode()
    detail = leader_client.get(reverse("perencanaan:bawahan_detail", args=[skp.pk]))
    assert detail.status_code == 200
    own = leader_client.get(reverse("perencanaan:skp_detail", args=[Skp.objects.get(pegawai=leader).pk]))
    assert own.status_code == 200
