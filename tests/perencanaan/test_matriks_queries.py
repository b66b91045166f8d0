"""The matrix page and the keselarasan view stay at a fixed number of queries however large they get."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts.models import User
from organisasi.models import Golongan, Pegawai, UnitKerja
from perencanaan.models import BarisMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil, Rhk, Skp
from tests.factories import JabatanFactory, RhkFactory, SasaranStrategisFactory, make_nip

from .conftest import Plan, client_of
from .test_matriks_services import ANGGOTA, skp_of

HTMX = {"HX-Request": "true"}
# Each page first pays for the session, the user, the navigation (operator roles, own pegawai)
# and the access check; the matrix then needs its RHK/SKP/leader, columns, rows, cells and the
# copied cells; the alignment needs the units, PK, pegawai, tim kerja and RHK. The bounds are what
# the pages need today plus a small margin; a query per row, column or cell would blow them.
DETAIL_QUERIES = 12
READER_QUERIES = 15
ALIGNMENT_QUERIES = 14
LIST_QUERIES = 12


def add_pegawai(plan: Plan, n: int, *, atasan: Pegawai, unit: UnitKerja, start: int) -> list[Pegawai]:
    instansi = plan.unit.instansi
    jabatan = JabatanFactory(instansi=instansi, uraian_tugas="Menyusun bahan.\nMelaporkan hasil.")
    golongan = Golongan.objects.get(jenis="PNS", kode="III/b")
    users = User.objects.bulk_create(User(username=make_nip(start + i), password=make_password(None)) for i in range(n))
    return Pegawai.objects.bulk_create(
        Pegawai(
            instansi=instansi,
            nip=make_nip(start + i),
            nama=f"Pegawai Uji {start + i:05d}",
            status="PNS",
            golongan=golongan,
            jabatan=jabatan,
            unit_kerja=unit,
            atasan=atasan,
            user=users[i],
        )
        for i in range(n)
    )


def big_matriks(plan: Plan, *, rows: int, cols: int) -> tuple[MatriksPeranHasil, list[Pegawai]]:
    staff = add_pegawai(plan, rows, atasan=plan.kabid, unit=plan.bidang, start=20000)
    matriks = MatriksPeranHasil.objects.create(rhk=RhkFactory(skp=skp_of(plan.kabid)))
    kolom = KolomMatriks.objects.bulk_create(
        KolomMatriks(matriks=matriks, nama=f"Produk {i}", urutan=i) for i in range(cols)
    )
    baris = BarisMatriks.objects.bulk_create(
        BarisMatriks(matriks=matriks, pegawai=p, jabatan_tim=ANGGOTA, urutan=i) for i, p in enumerate(staff)
    )
    cells = PeranHasil.objects.bulk_create(
        PeranHasil(baris=b, kolom=k, teks=f"Peran {b.pk}-{k.pk}\nPeran kedua") for b in baris for k in kolom
    )
    # One of them was already copied into the pegawai's SKP.
    skp = Skp.objects.create(
        pegawai=staff[0],
        jabatan=staff[0].jabatan,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        jenis_form="jajf",
    )
    Rhk.objects.create(skp=skp, jenis="utama", teks=cells[0].teks, peran_asal=cells[0])
    return matriks, staff


def test_matrix_of_20_rows_and_5_columns(plan: Plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    matriks, staff = big_matriks(plan, rows=20, cols=5)
    url = reverse("perencanaan:matriks_detail", args=[matriks.pk])
    leader = client_of(plan.kabid)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = leader.get(url)
    page = response.content.decode()
    assert page.count('data-test="baris"') == 20
    assert page.count('data-test="sel"') == 100
    assert page.count('data-test="peran-disalin"') == 1
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = leader.get(url, headers=HTMX)
    assert response.content.decode().count('data-test="sel"') == 100
    reader = client_of(staff[7])
    with django_assert_max_num_queries(READER_QUERIES):
        response = reader.get(url)
    assert response.content.decode().count('data-test="baris-anda"') == 1
    operator = client_of(plan.operator)
    with django_assert_max_num_queries(READER_QUERIES):
        assert operator.get(url).status_code == 200


def test_add_row_dialog_with_many_candidates(plan: Plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    matriks, _staff = big_matriks(plan, rows=20, cols=5)
    add_pegawai(plan, 40, atasan=plan.kabid, unit=plan.bidang, start=21000)
    url = reverse("perencanaan:matriks_baris_add", args=[matriks.pk])
    client = client_of(plan.kabid)
    with django_assert_max_num_queries(DETAIL_QUERIES + 3):
        response = client.get(url, headers=HTMX)
    assert response.content.decode().count('data-test="kandidat-item"') == 30


def test_list_of_a_leader_with_many_rhk_and_matrices(plan: Plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    big_matriks(plan, rows=20, cols=5)
    skp = Skp.objects.get(pegawai=plan.kabid)
    for i in range(15):
        rhk = RhkFactory(skp=skp)
        if i % 2:
            MatriksPeranHasil.objects.create(rhk=rhk)
    client = client_of(plan.kabid)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("perencanaan:matriks_list"))
    assert response.content.decode().count('data-test="rhk"') == 16


def test_alignment_of_a_unit_of_three_levels(plan: Plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """JPT → 4 kabid → 10 staf each, every one with an SKP of 3 RHK linked upwards."""
    sasaran = [
        SasaranStrategisFactory(perjanjian__unit_kerja=plan.unit, perjanjian__tahun=2026),
    ]
    sasaran.append(SasaranStrategisFactory(perjanjian=sasaran[0].perjanjian))
    jpt_skp = skp_of(plan.jpt)
    jpt_rhk = [RhkFactory(skp=jpt_skp, sasaran_pk=s) for s in sasaran]
    kabid = add_pegawai(plan, 4, atasan=plan.jpt, unit=plan.bidang, start=30000)
    staff = [add_pegawai(plan, 10, atasan=k, unit=plan.bidang, start=31000 + 100 * i) for i, k in enumerate(kabid)]
    everyone = kabid + [p for group in staff for p in group]
    skps = Skp.objects.bulk_create(
        Skp(
            pegawai=p,
            jabatan=p.jabatan,
            unit_kerja=plan.bidang,
            pejabat_penilai=p.atasan,
            periode_mulai=dt.date(2026, 1, 1),
            periode_selesai=dt.date(2026, 12, 31),
            pendekatan="kuantitatif",
            jenis_form="jajf",
        )
        for p in everyone
    )
    skp_of_pegawai = {s.pegawai_id: s for s in skps}
    kabid_rhk: dict[int, list[Rhk]] = {}
    for k in kabid:
        kabid_rhk[k.pk] = Rhk.objects.bulk_create(
            Rhk(skp=skp_of_pegawai[k.pk], jenis="utama", teks=f"RHK kabid {k.pk}-{i}", intervensi=jpt_rhk[i % 2])
            for i in range(3)
        )
    Rhk.objects.bulk_create(
        Rhk(
            skp=skp_of_pegawai[p.pk],
            jenis="utama",
            teks=f"RHK staf {p.pk}-{i}",
            intervensi=kabid_rhk[p.atasan_id][i] if i < 2 else None,
        )
        for group in staff
        for p in group
        for i in range(3)
    )
    url = reverse("perencanaan:alignment")
    jpt, operator = client_of(plan.jpt), client_of(plan.operator)
    with django_assert_max_num_queries(ALIGNMENT_QUERIES):
        response = jpt.get(url, {"tahun": "2026"})
    page = response.content.decode()
    assert page.count('data-test="rhk-node"') == 2 + 12 + 120
    assert page.count('data-test="tidak-mengintervensi"') == 40  # the third RHK of every staf
    assert page.count('data-test="belum-diintervensi"') == 4  # each kabid's third RHK
    with django_assert_max_num_queries(ALIGNMENT_QUERIES + 1):
        assert operator.get(url, {"tahun": "2026", "unit": plan.unit.pk}).status_code == 200
