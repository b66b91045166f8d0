"""Rekap, monitoring and distribusi at scale: the Rekap page reads one page of rows and counts the
distribution in the database (and must show exactly what the full computation shows), the year
list does not read every SKP of the instansi, and the pages keep their query budgets."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import asdict
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisasi.models import Golongan, Instansi, Jabatan, Pegawai, UnitKerja
from pelaksanaan.models import Periode
from penilaian.access import capaian_unit_ids
from penilaian.forms_rekap import forget_skp_years, report_years, skp_years
from penilaian.models import FaktorTpp, StatusEvaluasi
from penilaian.selectors_monitoring import monitoring_data
from penilaian.selectors_rekap import (
    DistribusiUnit,
    UnitRekap,
    rekap_distribusi,
    rekap_laporan,
    rekap_rows,
)
from penilaian.views.rekap import distribusi_rows_html
from perencanaan.models import Skp, StatusSkp
from perencanaan.services.skp import skp_update_periode
from tests.factories import JabatanFactory, OperatorRoleFactory, PegawaiFactory, UnitKerjaFactory, make_nip
from tests.kinerja_world import Kinerja
from tests.perencanaan.conftest import client_of

from .rekap_world import RATINGS_FOR, annual, bulk_pegawai, bulk_rated, give, periodic, set_skp

REKAP = reverse("penilaian:rekap")
_nips = itertools.count(70_000)

# Names that sort differently with and without their gelar, in mixed case, with ties on the name.
NAMES = [
    ("", "ahmad", ""),
    ("Dr.", "Budi", "M.Si."),
    ("", "Budi", ""),
    ("", "budi", "S.Kom."),
    ("Ir.", "Citra", ""),
    ("", "Zaki", ""),
    ("", "Éka", ""),
    ("", "Dewi", "S.E."),
]


def people(
    instansi: Instansi, unit: UnitKerja, jabatan: Jabatan, n: int, *, atasan: Pegawai | None = None
) -> list[Pegawai]:
    golongan = Golongan.objects.get(jenis="PNS", kode="III/a")
    made = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=instansi,
            nip=make_nip(next(_nips)),
            nama=NAMES[i % len(NAMES)][1],
            gelar_depan=NAMES[i % len(NAMES)][0],
            gelar_belakang=NAMES[i % len(NAMES)][2],
            status=Pegawai.Status.PNS,
            golongan=golongan,
            jabatan=jabatan,
            unit_kerja=unit,
            atasan=atasan,
        )
        for i in range(n)
    )
    return list(Pegawai.objects.filter(pk__in=[p.pk for p in made]).order_by("pk"))


def mixed_world() -> tuple[Instansi, list[UnitKerja]]:
    """Four units in a tree; in each, pegawai rated with every predikat, not rated, rated only in
    a draft, and some with two SKP in the year rated differently (the latest counts); inactive
    pegawai with results (never counted); a JF jabatan for angka kredit; TPP factors."""
    root = UnitKerjaFactory(kode="1", nama="Badan")
    instansi = root.instansi
    b = UnitKerjaFactory(instansi=instansi, induk=root, kode="1.1", nama="Bidang B")
    c = UnitKerjaFactory(instansi=instansi, induk=root, kode="1.2", nama="Bidang C")
    b1 = UnitKerjaFactory(instansi=instansi, induk=b, kode="1.1.1", nama="Seksi B1")
    jf = JabatanFactory(instansi=instansi, fungsional=True)
    pelaksana = JabatanFactory(instansi=instansi)
    FaktorTpp.objects.create(instansi=instansi, predikat="sangat_baik", persen=Decimal("110"))
    FaktorTpp.objects.create(instansi=instansi, predikat="baik", persen=Decimal("100"))
    tahunan, tw1 = annual(instansi), periodic(instansi, 1)
    codes = list(RATINGS_FOR)
    counter = itertools.count()
    for unit, n in ((root, 11), (b, 17), (c, 9), (b1, 13)):
        for i, pegawai in enumerate(people(instansi, unit, jf if n % 2 else pelaksana, n)):
            k = next(counter)
            if i % 7 == 6:
                continue  # no SKP at all
            if i % 5 == 4:
                # Two SKP in the year: the first rated well, the second (the one shown) otherwise.
                first = set_skp(pegawai, selesai=dt.date(2026, 6, 30))
                second = set_skp(pegawai, mulai=dt.date(2026, 7, 1))
                give(first, tahunan, "sangat_baik")
                give(second, tahunan, codes[k % 5])
                give(first, tw1, codes[(k + 1) % 5])
                continue
            skp = set_skp(pegawai, status=StatusSkp.DITETAPKAN if i % 6 else StatusSkp.DIAJUKAN)
            if i % 3 == 0:
                give(skp, tahunan, codes[k % 5], status=StatusEvaluasi.DRAFT)  # not a result yet
            else:
                give(skp, tahunan, codes[k % 5])
                give(skp, tw1, codes[(k + 2) % 5])
    gone = people(instansi, b, jf, 3)
    Pegawai.objects.filter(pk__in=[p.pk for p in gone]).update(aktif=False)
    for pegawai in gone:
        give(set_skp(pegawai), tahunan, "sangat_baik")
    return instansi, [root, b, c, b1]


def units_of(units: list[UnitKerja]) -> list[UnitRekap]:
    return [UnitRekap(u.pk, u.kode, u.nama) for u in units]


def all_rows(laporan: Any, size: int = 7) -> list[dict[str, Any]]:
    """Every row of the page sequence, read a page at a time as the paginator does."""
    rows = []
    for start in range(0, len(laporan.rows), size):
        rows.extend(asdict(r) for r in laporan.rows[start : start + size])
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("periode_of", [annual, lambda i: periodic(i, 1), lambda i: periodic(i, 3)])
@pytest.mark.parametrize("whole_instansi", [False, True])
def test_the_page_shows_exactly_what_the_full_rekap_computes(periode_of: Any, whole_instansi: bool) -> None:
    instansi, units = mixed_world()
    periode: Periode = periode_of(instansi)
    ids = [u.pk for u in units]
    expected = rekap_rows(unit_ids=ids, periode=periode)
    laporan = rekap_laporan(units=units_of(units), periode=periode, whole_instansi=whole_instansi)
    assert len(expected) == 50 and len(laporan.rows) == 50
    assert all_rows(laporan) == [asdict(r) for r in expected]
    assert all_rows(laporan, size=50) == [asdict(r) for r in expected]
    assert [asdict(r) for r in laporan.rows] == [asdict(r) for r in expected]
    assert asdict(laporan.rows[-1]) == asdict(expected[-1]) and asdict(laporan.rows[17]) == asdict(expected[17])
    with pytest.raises(IndexError):
        laporan.rows[50]
    assert laporan.distribusi == rekap_distribusi(expected)
    assert laporan.jumlah_pegawai == 50
    assert laporan.jumlah_dinilai == sum(1 for r in expected if r.dinilai)
    assert laporan.faktor_tpp == {"sangat_baik": Decimal("110"), "baik": Decimal("100")}
    # A sub-tree alone, as with the unit filter.
    sub = [units[1], units[3]]
    expected_sub = rekap_rows(unit_ids=[u.pk for u in sub], periode=periode)
    laporan_sub = rekap_laporan(units=units_of(sub), periode=periode)
    assert all_rows(laporan_sub, size=4) == [asdict(r) for r in expected_sub]
    assert laporan_sub.distribusi == rekap_distribusi(expected_sub)


@pytest.mark.django_db
def test_the_latest_of_two_results_is_the_one_counted() -> None:
    unit = UnitKerjaFactory()
    tahunan = annual(unit.instansi)
    [pegawai] = people(unit.instansi, unit, JabatanFactory(instansi=unit.instansi), 1)
    first = set_skp(pegawai, selesai=dt.date(2026, 6, 30))
    second = set_skp(pegawai, mulai=dt.date(2026, 7, 1))
    give(second, tahunan, "kurang")
    give(first, tahunan, "sangat_baik")  # given later, on the earlier SKP: not the one shown
    [distribusi] = rekap_laporan(units=units_of([unit]), periode=tahunan).distribusi
    assert distribusi.jumlah_pegawai == 1
    assert {code: n for code, n in distribusi.jumlah.items() if n} == {"kurang": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["budi", "DR. BUD", "ka", "  éka ", "s.kom", "zzz", "19", "1970 01", "x" * 40])
def test_search_pages_show_what_the_full_rekap_finds(q: str) -> None:
    instansi, units = mixed_world()
    tahunan = annual(instansi)
    some = Pegawai.objects.filter(instansi=instansi, aktif=True).order_by("pk")[3]
    for query in (q, some.nip[:9], f"{some.nip[:8]} {some.nip[8:12]}"):
        expected = rekap_rows(unit_ids=[u.pk for u in units], periode=tahunan, q=query)
        laporan = rekap_laporan(units=units_of(units), periode=tahunan, q=query, whole_instansi=True)
        assert len(laporan.rows) == len(expected), query
        assert all_rows(laporan, size=3) == [asdict(r) for r in expected], query
        # The distribution and the totals are those of every pegawai, whatever the search.
        assert laporan.jumlah_pegawai == 50


@pytest.mark.django_db
def test_a_page_reads_only_the_rows_it_shows(django_assert_max_num_queries: Any) -> None:
    """Slicing a page of a big unit costs the same few queries as a small one."""
    unit = UnitKerjaFactory()
    tahunan = annual(unit.instansi)
    jabatan = JabatanFactory(instansi=unit.instansi, fungsional=True)
    bulk_rated(bulk_pegawai(instansi=unit.instansi, unit=unit, jabatan=jabatan, n=400), tahunan, every=3)
    laporan = rekap_laporan(units=units_of([unit]), periode=tahunan)
    with CaptureQueriesContext(connection) as page:
        rows = laporan.rows[100:150]
    assert len(rows) == 50 and len(page) <= 6
    assert [r.peringkat for r in rows if r.peringkat] == sorted(r.peringkat for r in rows if r.peringkat)


def rekap_with_unit(client: Any, unit: UnitKerja, periode: Periode, page: int = 1) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(REKAP, {"tahun": 2026, "periode": periode.pk, "unit": unit.pk, "page": page})
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_rekap_with_a_unit_filter_runs_at_most_20_queries_whatever_its_size(
    kinerja: Kinerja, django_assert_max_num_queries: Any
) -> None:
    plan = kinerja.plan
    instansi = plan.unit.instansi
    tahunan = annual(instansi)
    seksi = UnitKerjaFactory(instansi=instansi, induk=plan.bidang, kode="9.1", nama="Seksi Besar")
    sub = UnitKerjaFactory(instansi=instansi, induk=seksi, kode="9.1.1", nama="Subseksi")
    jabatan = JabatanFactory(instansi=instansi, fungsional=True)
    # One pegawai with two SKP rated in the year in each case (the recount path).
    [twice] = people(instansi, seksi, jabatan, 1)
    give(set_skp(twice, selesai=dt.date(2026, 6, 30)), tahunan, "baik")
    give(set_skp(twice, mulai=dt.date(2026, 7, 1)), tahunan, "kurang")
    bulk_rated(bulk_pegawai(instansi=instansi, unit=seksi, jabatan=jabatan, n=4, prefix="Kecil"), tahunan)
    bulk_rated(bulk_pegawai(instansi=instansi, unit=sub, jabatan=jabatan, n=2, prefix="Sub"), tahunan)
    client = client_of(plan.operator)
    client.get(REKAP, {"tahun": 2026})  # warm the session and the year list
    few, html = rekap_with_unit(client, seksi, tahunan)
    assert 'data-test="rekap-grafik"' not in html  # two units: the seksi and its sub-unit
    assert few <= 20
    for i, unit in enumerate((seksi, sub)):
        bulk_rated(
            bulk_pegawai(instansi=instansi, unit=unit, jabatan=jabatan, n=300, prefix=f"Besar{i}"), tahunan, every=2
        )
    many, html = rekap_with_unit(client, seksi, tahunan, page=7)
    assert many == few
    assert "dari 607" in html
    # The single-unit chart (one more query for its capaian) stays within the budget too.
    with django_assert_max_num_queries(20):
        response = client.get(REKAP, {"tahun": 2026, "periode": tahunan.pk, "unit": sub.pk, "page": 3})
    assert 'data-test="rekap-grafik"' in response.content.decode()


@pytest.mark.django_db
def test_rekap_of_a_whole_instansi_of_many_units_keeps_its_query_count(django_assert_max_num_queries: Any) -> None:
    root = UnitKerjaFactory(kode="0")
    instansi = root.instansi
    tahunan = annual(instansi)
    operator = PegawaiFactory(instansi=instansi, unit_kerja=root)
    OperatorRoleFactory(user=operator.user, instansi=instansi)
    client = client_of(operator)
    client.get(REKAP, {"tahun": 2026})
    with CaptureQueriesContext(connection) as few:
        client.get(REKAP, {"tahun": 2026, "periode": tahunan.pk})
    jabatan = JabatanFactory(instansi=instansi, fungsional=True)
    bidang = [UnitKerjaFactory(instansi=instansi, induk=root, kode=f"B{i:02d}") for i in range(20)]
    seksi = [UnitKerjaFactory(instansi=instansi, induk=bidang[i % 20], kode=f"S{i:03d}") for i in range(180)]
    for i, unit in enumerate([*bidang, *seksi]):
        bulk_rated(bulk_pegawai(instansi=instansi, unit=unit, jabatan=jabatan, n=5, prefix=f"P{i:03d}"), tahunan)
    with django_assert_max_num_queries(len(few)):
        response = client.get(REKAP, {"tahun": 2026, "periode": tahunan.pk, "page": 4})
    html = response.content.decode()
    assert html.count('data-test="distribusi-row"') == 1 + 200 + 1  # root, 200 units, the total
    assert "dari 1001" in html
    assert len(few) <= 20


# --- The year list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_years_of_periods_and_skp_and_an_skp_of_a_new_year_appears_at_once() -> None:
    pegawai = PegawaiFactory()
    instansi = pegawai.instansi
    other = PegawaiFactory()  # another instansi: its years are not ours
    today = dt.date(2026, 5, 4)
    periodic(instansi, 1, tahun=2024)
    set_skp(other, mulai=dt.date(2019, 1, 1), selesai=dt.date(2019, 12, 31))
    assert report_years(instansi, today) == [2026, 2024]
    set_skp(pegawai, mulai=dt.date(2027, 1, 1), selesai=dt.date(2027, 12, 31), status=StatusSkp.DRAFT)
    assert report_years(instansi, today) == [2027, 2026, 2024]
    # Cached: asking again reads the periods only, not the SKP.
    with CaptureQueriesContext(connection) as ctx:
        assert report_years(instansi, today) == [2027, 2026, 2024]
    assert len(ctx) == 1 and "perencanaan_skp" not in ctx[0]["sql"]
    # A draft moved to another year (update_fields with periode_mulai) shows that year too.
    draft = Skp.objects.get(pegawai=pegawai)
    skp_update_periode(
        skp=draft, periode_mulai=dt.date(2028, 2, 1), periode_selesai=dt.date(2028, 12, 31), pendekatan="kuantitatif"
    )
    assert 2028 in report_years(instansi, today)
    # A save that cannot change the year (a status change) costs the year list nothing.
    with CaptureQueriesContext(connection) as ctx:
        forget_skp_years(Skp, draft, created=False, update_fields=frozenset({"status", "updated_at"}))
    assert len(ctx) == 0


@pytest.mark.django_db
def test_cached_years_never_pass_to_another_instansi_with_the_same_id() -> None:
    pegawai = PegawaiFactory()
    instansi = pegawai.instansi
    set_skp(pegawai, mulai=dt.date(2026, 1, 1), selesai=dt.date(2026, 12, 31))
    assert skp_years(instansi) == {2026}
    # The same id made anew (a rebuilt database, a test reusing ids): its own years, not the cache's.
    Instansi.objects.filter(pk=instansi.pk).update(created_at=timezone.now() + dt.timedelta(seconds=1))
    instansi.refresh_from_db()
    Skp.objects.filter(pegawai=pegawai).update(periode_mulai=dt.date(2025, 3, 1), periode_selesai=dt.date(2025, 12, 1))
    assert skp_years(instansi) == {2025}


def test_the_rekap_page_offers_a_new_skp_year(kinerja: Kinerja) -> None:
    plan = kinerja.plan
    client = client_of(plan.operator)
    html = client.get(REKAP).content.decode()
    assert '<option value="2031"' not in html
    set_skp(plan.staf2, mulai=dt.date(2031, 1, 1), selesai=dt.date(2031, 12, 31), status=StatusSkp.DRAFT)
    html = client.get(REKAP).content.decode()
    assert '<option value="2031"' in html


# --- Markup written in Python -------------------------------------------------------------------


@pytest.mark.django_db
def test_unit_select_renders_as_django_select(kinerja: Kinerja) -> None:
    from django import forms

    from penilaian.forms_rekap import UnitSelect

    choices = [("", "Semua unit kerja"), ("4", '\u2003A <b>&</b> "x"'), ("5", "B"), (6, "C")]
    for value in (None, "", 4, "5", 6, "nope"):
        django_select = forms.Select(attrs={"hx-get": "/rekap/?a=1&b=2", "data-x": True, "off": False})
        ours = UnitSelect(attrs={"hx-get": "/rekap/?a=1&b=2", "data-x": True, "off": False})
        django_select.choices = ours.choices = choices
        assert ours.render("unit", value, {"id": "id_unit"}) == django_select.render("unit", value, {"id": "id_unit"})


TEMPLATE_LOOP = (
    "{% for d in distribusi %}\n"
    '        <tr data-test="distribusi-row" data-unit="{{ d.unit_id|default_if_none:\'total\' }}"'
    '{% if d.unit_id is None %} class="total"{% endif %}>\n'
    '          <th scope="row">{% if d.unit_id is None %}<strong>{{ d.unit_nama }}</strong>'
    "{% else %}{{ d.unit_nama }}{% endif %}</th>\n"
    "          <td>{{ d.jumlah_pegawai }}</td>\n"
    '          {% for code, label, jumlah, persen in d.sel %}<td data-predikat="{{ code }}" '
    'data-jumlah="{{ jumlah }}">{{ jumlah }}{% if d.dinilai %} <span class="muted">({{ persen }}%)</span>'
    "{% endif %}</td>{% endfor %}\n"
    '          <td data-test="belum-dinilai">{{ d.belum_dinilai }}</td>\n'
    "        </tr>\n"
    "        {% endfor %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_distribution_rows_are_the_markup_the_template_wrote(language: str) -> None:
    from django.utils import translation

    rows = [
        DistribusiUnit(
            7,
            "1",
            "Bidang <A> & B",
            3,
            {"sangat_baik": 1, "baik": 1, "butuh_perbaikan": 0, "kurang": 0, "sangat_kurang": 0},
        ),
        DistribusiUnit(1234, "2", 'Seksi "C"', 0),
        DistribusiUnit(
            None, "", "Jumlah", 3, {"sangat_baik": 1, "baik": 1, "butuh_perbaikan": 0, "kurang": 0, "sangat_kurang": 0}
        ),
    ]
    with translation.override(language):
        expected = Template(TEMPLATE_LOOP).render(Context({"distribusi": rows}))
        assert distribusi_rows_html(rows) == expected
        assert "(50,0%)" in expected if language == "id" else "(50.0%)" in expected


# --- Distribusi (evaluasi bawahan): the units a leader sets ------------------------------------


@pytest.mark.django_db
def test_capaian_units_are_those_below_a_headed_unit_and_those_whose_head_reports_to_me() -> None:
    root = UnitKerjaFactory(kode="1")
    instansi = root.instansi
    me = PegawaiFactory(instansi=instansi, unit_kerja=root)
    root.kepala = me
    root.save()
    below = UnitKerjaFactory(instansi=instansi, induk=root, kode="1.1")
    deeper = UnitKerjaFactory(instansi=instansi, induk=below, kode="1.1.1")
    elsewhere = UnitKerjaFactory(instansi=instansi, kode="2")
    elsewhere.kepala = PegawaiFactory(instansi=instansi, unit_kerja=elsewhere, atasan=me)
    elsewhere.save()
    unrelated = UnitKerjaFactory(instansi=instansi, kode="3")
    unrelated.kepala = PegawaiFactory(instansi=instansi, unit_kerja=unrelated)
    unrelated.save()
    with CaptureQueriesContext(connection) as ctx:
        ids = capaian_unit_ids(me)
    assert ids == {below.pk, elsewhere.pk}
    assert deeper.pk not in ids and unrelated.pk not in ids and root.pk not in ids
    assert len(ctx) == 1


# --- Monitoring of one unit: only its subtree is counted ---------------------------------------


@pytest.mark.django_db
def test_monitoring_of_one_unit_counts_its_subtree_as_the_whole_scope_does() -> None:
    instansi, units = mixed_world()
    tw1 = periodic(instansi, 1)
    scope = [u.pk for u in units]
    whole = monitoring_data(instansi_id=instansi.pk, unit_ids=scope, tahun=2026, periode=tw1)
    everything = monitoring_data(instansi_id=instansi.pk, unit_ids=None, tahun=2026, periode=tw1)
    assert everything.total == whole.total and everything.subtree == whole.subtree
    root, b, _c, b1 = units
    one = monitoring_data(instansi_id=instansi.pk, unit_ids=scope, tahun=2026, periode=tw1, root=b.pk)
    assert set(one.subtree) == {b.pk, b1.pk}
    assert one.subtree[b.pk] == whole.subtree[b.pk] and one.own[b1.pk] == whole.own[b1.pk]
    assert one.total == whole.subtree[b.pk]
    assert {p.pk for p in one.pegawai_of_unit(b.pk)} == {p.pk for p in whole.pegawai_of_unit(b.pk)}
    assert one.tree.path_to(b1.pk) == whole.tree.path_to(b1.pk)
    assert root.pk not in one.own
