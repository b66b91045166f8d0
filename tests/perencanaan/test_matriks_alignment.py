"""The keselarasan tree as a pure function: nesting PK → leader RHK → subordinates' RHK, and gaps."""

from __future__ import annotations

from perencanaan.alignment import AlignmentTree, PegawaiFact, RhkFact, RhkNode, SasaranFact, build_alignment

# A unit of three levels: the JPT heads it (their atasan is outside), two kabid, staff under kabid 1.
JPT = PegawaiFact(id=1, nama="Kepala Badan", jabatan="Kepala Badan", atasan_id=99)
KABID1 = PegawaiFact(id=2, nama="Kabid Pengembangan", jabatan="Kepala Bidang", atasan_id=1)
KABID2 = PegawaiFact(id=3, nama="Kabid Mutasi", jabatan="Kepala Bidang", atasan_id=1)
STAF1 = PegawaiFact(id=4, nama="Santa Anna", jabatan="Pranata Komputer Ahli Muda", atasan_id=2)
STAF2 = PegawaiFact(id=5, nama="Gergorius Babo", jabatan="Assessor SDM Aparatur Ahli Muda", atasan_id=2)
PEOPLE = [JPT, KABID1, KABID2, STAF1, STAF2]

S1 = SasaranFact(id=10, teks="Meningkatnya profesionalitas ASN", indikator=("Indeks profesionalitas ASN",))
S2 = SasaranFact(id=11, teks="Meningkatnya kualitas pelayanan kepegawaian")


def shape(nodes: list[RhkNode]) -> list[tuple[int, list]]:
    return [(n.rhk.id, shape(n.children)) for n in nodes]


def ids(nodes: list[RhkNode]) -> list[int]:
    return [n.rhk.id for n in nodes]


def every_node(tree: AlignmentTree) -> list[RhkNode]:
    found: list[RhkNode] = []
    stack = [c for s in tree.sasaran for c in s.children] + list(tree.lepas)
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


def test_nesting_from_sasaran_down_three_levels_and_the_gaps() -> None:
    rhk = [
        RhkFact(id=100, pegawai_id=1, teks="Profesionalitas ASN meningkat", sasaran_pk_id=10),
        RhkFact(id=101, pegawai_id=1, teks="Inovasi layanan kepegawaian"),  # not from the PK, nobody under it
        RhkFact(id=200, pegawai_id=2, teks="Terlaksananya penilaian kompetensi", intervensi_id=100),
        RhkFact(id=201, pegawai_id=2, teks="Terlaksananya penilaian kinerja", intervensi_id=100),
        RhkFact(id=300, pegawai_id=3, teks="Terlaksananya mutasi tepat waktu"),  # utama, intervenes nothing
        RhkFact(id=400, pegawai_id=4, teks="Pendampingan Tool Kinerja", intervensi_id=201),
        RhkFact(id=401, pegawai_id=4, teks="Konsultasi Tool Kinerja", intervensi_id=201),
        RhkFact(id=402, pegawai_id=4, teks="Seleksi JPT kabupaten", utama=False),  # tambahan: no flag
        RhkFact(id=500, pegawai_id=5, teks="Penilaian kompetensi manajerial", intervensi_id=200),
    ]
    tree = build_alignment(sasaran=[S1, S2], pegawai=PEOPLE, rhk=rhk)

    assert [s.sasaran.id for s in tree.sasaran] == [10, 11]
    assert shape(tree.sasaran[0].children) == [(100, [(200, [(500, [])]), (201, [(400, []), (401, [])])])]
    assert tree.sasaran[1].children == [] and tree.sasaran[1].belum_disalin
    assert not tree.sasaran[0].belum_disalin
    assert shape(tree.lepas) == [(101, []), (300, []), (402, [])]
    assert tree.jumlah_rhk == 9
    # Leader RHK with subordinates that nobody intervenes: the JPT's 101, and kabid 2's 300 (they
    # have no bawahan, so not theirs); staff have no subordinates, so their RHK are never flagged.
    assert ids(tree.belum_diintervensi) == [101]
    # Utama RHK of a pegawai below the top that intervenes nothing.
    assert ids(tree.tidak_mengintervensi) == [300]
    flags = {n.rhk.id: (n.belum_diintervensi, n.tidak_mengintervensi) for n in every_node(tree)}
    assert flags[100] == (False, False)
    assert flags[402] == (False, False)
    assert flags[101] == (True, False)
    assert flags[300] == (False, True)
    assert tree.ada_celah


def test_a_leader_rhk_nobody_intervenes_is_marked_at_every_level() -> None:
    rhk = [
        RhkFact(id=100, pegawai_id=1, teks="RHK JPT", sasaran_pk_id=10),
        RhkFact(id=200, pegawai_id=2, teks="RHK kabid diintervensi", intervensi_id=100),
        RhkFact(id=201, pegawai_id=2, teks="RHK kabid belum diintervensi", intervensi_id=100),
        RhkFact(id=202, pegawai_id=2, teks="RHK tambahan kabid", utama=False, intervensi_id=100),
        RhkFact(id=400, pegawai_id=4, teks="RHK staf", intervensi_id=200),
    ]
    tree = build_alignment(sasaran=[S1], pegawai=PEOPLE, rhk=rhk)
    # Every RHK of a leader counts (SPEC §4.3), utama or tambahan.
    assert ids(tree.belum_diintervensi) == [201, 202]
    assert tree.tidak_mengintervensi == []


def test_the_top_pegawai_and_a_copy_of_a_sasaran_are_not_gaps_of_intervensi() -> None:
    rhk = [
        RhkFact(id=100, pegawai_id=1, teks="RHK JPT dari PK", sasaran_pk_id=10),
        RhkFact(id=101, pegawai_id=1, teks="RHK JPT lain"),
        # A pegawai directly under the JPT may copy the organisation's sasaran instead (SPEC §4.2).
        RhkFact(id=300, pegawai_id=3, teks="RHK kabid dari sasaran", sasaran_pk_id=10),
    ]
    tree = build_alignment(sasaran=[S1], pegawai=PEOPLE, rhk=rhk)
    assert shape(tree.sasaran[0].children) == [(100, []), (300, [])]
    assert tree.tidak_mengintervensi == []
    assert ids(tree.belum_diintervensi) == [100, 101]  # the JPT has bawahan and nobody intervenes them


def test_an_rhk_intervening_outside_the_unit_is_a_root_but_not_a_gap() -> None:
    rhk = [
        RhkFact(id=200, pegawai_id=2, teks="Intervensi RHK SKP lama pimpinan", intervensi_id=9999),
        RhkFact(id=400, pegawai_id=4, teks="RHK staf", intervensi_id=200),
    ]
    tree = build_alignment(sasaran=[], pegawai=PEOPLE, rhk=rhk)
    assert shape(tree.lepas) == [(200, [(400, [])])]
    assert tree.tidak_mengintervensi == [] and tree.belum_diintervensi == []
    assert not tree.ada_celah


def test_a_ketua_tim_with_anggota_is_a_leader() -> None:
    ketua = PegawaiFact(id=6, nama="Ketua Tim", atasan_id=2, memimpin_tim=True)
    rhk = [RhkFact(id=600, pegawai_id=6, teks="RHK ketua tim", intervensi_id=None, sasaran_pk_id=None)]
    tree = build_alignment(sasaran=[], pegawai=[*PEOPLE, ketua], rhk=rhk)
    node = tree.lepas[0]
    assert node.belum_diintervensi and node.tidak_mengintervensi


def test_looping_links_show_every_rhk_once() -> None:
    rhk = [
        RhkFact(id=200, pegawai_id=2, teks="A", intervensi_id=201),
        RhkFact(id=201, pegawai_id=2, teks="B", intervensi_id=200),
        RhkFact(id=202, pegawai_id=2, teks="C", intervensi_id=202),  # itself
        RhkFact(id=400, pegawai_id=4, teks="D", intervensi_id=201),
    ]
    tree = build_alignment(sasaran=[], pegawai=PEOPLE, rhk=rhk)
    assert sorted(n.rhk.id for n in every_node(tree)) == [200, 201, 202, 400]
    assert shape(tree.lepas) == [(202, []), (200, [(201, [(400, [])])])]


def test_siblings_keep_the_input_order_and_unknown_pegawai_are_left_out() -> None:
    rhk = [
        RhkFact(id=100, pegawai_id=1, teks="JPT", sasaran_pk_id=10),
        RhkFact(id=210, pegawai_id=3, teks="kabid 2", intervensi_id=100),
        RhkFact(id=205, pegawai_id=2, teks="kabid 1", intervensi_id=100),
        RhkFact(id=777, pegawai_id=77, teks="someone else", intervensi_id=100),
    ]
    tree = build_alignment(sasaran=[S1], pegawai=PEOPLE, rhk=rhk)
    assert shape(tree.sasaran[0].children) == [(100, [(210, []), (205, [])])]
    assert tree.jumlah_rhk == 3


def test_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    people = [PegawaiFact(id=i, nama=f"P{i}", atasan_id=i - 1 if i else None) for i in range(3000)]
    rhk = [RhkFact(id=i, pegawai_id=i, teks=f"R{i}", intervensi_id=i - 1 if i else None) for i in range(3000)]
    tree = build_alignment(sasaran=[], pegawai=people, rhk=rhk)
    assert len(every_node(tree)) == 3000
    assert tree.tidak_mengintervensi == []
    assert ids(tree.belum_diintervensi) == []
