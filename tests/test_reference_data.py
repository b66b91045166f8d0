from decimal import Decimal

import pytest

from organisasi.models import Golongan, JenjangFungsional
from penilaian.models import AturanPolaDistribusi, CapaianOrganisasi, PersentaseAngkaKredit, Predikat
from perencanaan.models import AspekPerilaku, Satuan

pytestmark = pytest.mark.django_db


def test_golongan_pns_and_pppk() -> None:
    pns = list(Golongan.objects.filter(jenis="PNS").values_list("kode", flat=True))
    assert pns[0] == "I/a" and pns[-1] == "IV/e" and len(pns) == 17
    assert str(Golongan.objects.get(jenis="PNS", kode="III/c")) == "Penata, III/c"
    assert str(Golongan.objects.get(jenis="PNS", kode="IV/e")) == "Pembina Utama, IV/e"
    pppk = list(Golongan.objects.filter(jenis="PPPK").values_list("kode", flat=True))
    assert pppk[0] == "I" and pppk[-1] == "XVII" and len(pppk) == 17


def test_jenjang_koefisien_from_spec() -> None:
    koef = dict(JenjangFungsional.objects.values_list("kode", "koefisien_tahunan"))
    assert koef == {
        "ahli_pertama": Decimal("12.5"),
        "ahli_muda": Decimal(25),
        "ahli_madya": Decimal("37.5"),
        "ahli_utama": Decimal(50),
        "pemula": Decimal("3.75"),
        "terampil": Decimal(5),
        "mahir": Decimal("12.5"),
        "penyelia": Decimal(25),
    }


def test_berakhlak_seven_aspects_with_three_guides_each() -> None:
    aspects = list(AspekPerilaku.objects.prefetch_related("panduan"))
    assert [a.nama for a in aspects] == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert all(a.panduan.count() == 3 for a in aspects)
    assert aspects[0].panduan.first().teks == "Memahami dan memenuhi kebutuhan masyarakat"


def test_satuan_contains_spec_examples() -> None:
    names = set(Satuan.objects.values_list("nama", flat=True))
    assert {"Nilai", "Persen (%)", "Dokumen", "Laporan", "Kegiatan", "Orang", "Hari", "Rupiah", "Indeks"} <= names


def test_angka_kredit_percentages() -> None:
    persen = dict(PersentaseAngkaKredit.objects.values_list("predikat", "persen"))
    assert persen == {
        Predikat.SANGAT_BAIK: 150,
        Predikat.BAIK: 100,
        Predikat.BUTUH_PERBAIKAN: 75,
        Predikat.KURANG: 50,
        Predikat.SANGAT_KURANG: 25,
    }


def test_pola_distribusi_defaults_cover_every_capaian() -> None:
    defaults = AturanPolaDistribusi.objects.filter(instansi__isnull=True)
    assert {a.capaian for a in defaults} == set(CapaianOrganisasi.values)
    sangat_kurang = defaults.get(capaian="sangat_kurang", jenis="maksimal")
    assert sangat_kurang.predikat == ["sangat_baik"] and sangat_kurang.persen == 0
    istimewa_max = defaults.get(capaian="istimewa", jenis="maksimal")
    assert istimewa_max.persen == 70
