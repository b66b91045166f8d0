from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from pelaksanaan.models import BuktiDukung, Realisasi, UmpanBalik
from pelaksanaan.periode import periods_of_skp
from pelaksanaan.selectors import lembar_kinerja
from tests.kinerja_world import Kinerja


@pytest.fixture
def triwulan(kinerja: Kinerja):  # type: ignore[no-untyped-def]
    return periods_of_skp(kinerja.skp)[0]


def test_lembar_joins_realisasi_capaian_bukti_and_feedback(kinerja: Kinerja, triwulan) -> None:  # type: ignore[no-untyped-def]
    Realisasi.objects.create(
        skp=kinerja.skp, periode=triwulan, rhk=kinerja.rhk_utama, iki=kinerja.iki_kuantitas, nilai=Decimal(15)
    )
    old = Realisasi.objects.create(
        skp=kinerja.skp, periode=triwulan, rhk=kinerja.rhk_utama, iki=kinerja.iki_waktu, nilai=Decimal(5)
    )
    old.diganti_pada = old.dibuat_pada
    old.save()
    new = Realisasi.objects.create(
        skp=kinerja.skp, periode=triwulan, rhk=kinerja.rhk_utama, iki=kinerja.iki_waktu, nilai=Decimal("2.5")
    )
    BuktiDukung.objects.create(
        skp=kinerja.skp, periode=triwulan, rhk=kinerja.rhk_utama, jenis="tautan", tautan="https://x.test/a", nama="a"
    )
    UmpanBalik.objects.create(
        skp=kinerja.skp,
        periode=triwulan,
        jenis="hasil",
        iki=kinerja.iki_kuantitas,
        rhk=kinerja.rhk_utama,
        teks="Bagus",
        penulis=kinerja.kabid,
        peran_penulis="pimpinan",
    )
    lembar = lembar_kinerja(kinerja.skp, triwulan)
    rows = {b.iki.pk: b for b in lembar.iki_rows}
    assert rows[kinerja.iki_kuantitas.pk].capaian == Decimal("125.00")
    assert rows[kinerja.iki_waktu.pk].realisasi == new
    assert rows[kinerja.iki_waktu.pk].capaian == Decimal("100.00")
    assert rows[kinerja.iki_tambahan.pk].realisasi is None
    assert lembar.jumlah_iki_terisi == 2 and lembar.jumlah_target == 3
    assert [u.teks for u in rows[kinerja.iki_kuantitas.pk].umpan_balik] == ["Bagus"]
    html = render_to_string("pelaksanaan/_lembar.html", {"lembar": lembar})
    assert "Bagus" in html and "125%" in html and "https://x.test/a" in html


def test_lembar_query_count_is_fixed(kinerja: Kinerja, triwulan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        rhk = kinerja.rhk_utama.__class__.objects.create(skp=kinerja.skp, jenis="utama", teks=f"R{i}")
        for j in range(3):
            iki = kinerja.iki_kuantitas.__class__.objects.create(rhk=rhk, teks=f"I{j}", target_min=1)
            Realisasi.objects.create(skp=kinerja.skp, periode=triwulan, rhk=rhk, iki=iki, nilai=1)
    with django_assert_max_num_queries(10):
        lembar = lembar_kinerja(kinerja.skp, triwulan)
        render_to_string("pelaksanaan/_lembar.html", {"lembar": lembar})
