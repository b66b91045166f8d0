"""Monitoring figures (SPEC §7): SKP status per pegawai, late, realisasi, evaluations, keberatan."""

from __future__ import annotations

import pytest

from penilaian.selectors_monitoring import monitoring_data, unit_tree

from .rekap_world import Org, build_org, periodic


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


def test_unit_tree_of_a_scope(org: Org) -> None:
    tree = unit_tree(instansi_id=org.root.instansi_id, unit_ids=[org.root.pk, org.a.pk, org.a1.pk, org.b.pk])
    assert [n.nama for n in tree.flat()] == ["Dinas", "Bidang A", "Seksi A1", "Bidang B"]
    assert [n.depth for n in tree.flat()] == [0, 1, 2, 1]
    assert tree.nodes[org.root.pk].kepala == org.kepala.nama_lengkap
    assert tree.subtree_ids(org.a.pk) == {org.a.pk, org.a1.pk}
    assert [n.nama for n in tree.path_to(org.a1.pk)] == ["Dinas", "Bidang A", "Seksi A1"]
    # A scope that starts below the top: its own top is the root.
    sub = unit_tree(instansi_id=org.root.instansi_id, unit_ids=[org.a.pk, org.a1.pk])
    assert [n.nama for n in sub.roots] == ["Bidang A"]
    assert [n.nama for n in sub.path_to(org.a1.pk)] == ["Bidang A", "Seksi A1"]


def test_figures_per_unit_and_subtree(org: Org) -> None:
    tw1 = periodic(org.root.instansi, 1)
    m = monitoring_data(
        instansi_id=org.root.instansi_id, unit_ids=[org.root.pk, org.a.pk, org.a1.pk, org.b.pk], tahun=2026, periode=tw1
    )
    status = {p.nama: (p.skp_status, p.terlambat) for p in m.pegawai}
    assert status == {
        org.kepala.nama_lengkap: ("ditetapkan", False),
        org.kepala_a.nama_lengkap: ("ditetapkan", True),
        "draf": ("draft", True),
        "kembali": ("dikembalikan", True),
        "diajukan": ("diajukan", True),
        "tanpa_skp": ("", True),  # 31 January has passed (today is later in 2026)
        "tepat": ("ditetapkan", False),
        "mutasi": ("draft", False),  # the latest SKP is a draft; the year's first was set on time
    }
    a1 = m.own[org.a1.pk]
    assert (a1.pegawai, a1.belum_disusun, a1.diajukan, a1.ditetapkan, a1.terlambat) == (3, 1, 1, 1, 2)
    a = m.subtree[org.a.pk]
    assert (a.pegawai, a.belum_disusun, a.draf, a.diajukan, a.ditetapkan, a.terlambat) == (6, 1, 2, 1, 2, 5)
    root = m.subtree[org.root.pk]
    assert root.pegawai == 8 and m.total.pegawai == 8
    # Set SKP covering Triwulan I: kepala, kepala_a, tepat, and mutasi's first SKP.
    assert root.skp_periode == 4
    assert root.realisasi_terisi == 1  # the replaced realisasi does not count
    assert root.evaluasi_diberikan == 2  # kepala and kepala_a; the draft does not count
    assert root.keberatan_terbuka == 1  # the decided one is closed
    assert m.own[org.root.pk].keberatan_terbuka == 1 and m.subtree[org.a.pk].keberatan_terbuka == 0
    assert root.persen_realisasi == 25 and root.persen_evaluasi == 50
    assert m.subtree[org.b.pk].persen_ditetapkan == 0
    assert [p.nama for p in m.pegawai_of_unit(org.a1.pk)] == ["diajukan", "tanpa_skp", "tepat"]


def test_another_period_and_year(org: Org) -> None:
    tw3 = periodic(org.root.instansi, 3)
    m = monitoring_data(
        instansi_id=org.root.instansi_id, unit_ids=[org.root.pk, org.a.pk, org.a1.pk, org.b.pk], tahun=2026, periode=tw3
    )
    # mutasi's set SKP ended in June; nothing was filled or given in Triwulan III.
    assert (m.total.skp_periode, m.total.realisasi_terisi, m.total.evaluasi_diberikan) == (3, 0, 0)
    tw1_2027 = periodic(org.root.instansi, 1, tahun=2027)
    m = monitoring_data(instansi_id=org.root.instansi_id, unit_ids=[org.root.pk], tahun=2027, periode=tw1_2027)
    assert (m.total.pegawai, m.total.belum_disusun, m.total.keberatan_terbuka) == (1, 1, 0)
    assert m.total.terlambat == 0  # 31 January 2027 has not come yet
