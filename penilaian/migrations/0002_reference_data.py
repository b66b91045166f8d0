"""Angka-kredit percentages per predikat and the national pola distribusi guideline."""

from decimal import Decimal

from django.db import migrations

# PermenPANRB 1/2023.
PERSENTASE_AK = {
    "sangat_baik": "150",
    "baik": "100",
    "butuh_perbaikan": "75",
    "kurang": "50",
    "sangat_kurang": "25",
}

# SE MenPANRB 3/2023 as summarised in SPEC §6.3: (capaian, jenis, predikat, persen).
POLA_DISTRIBUSI = [
    ("istimewa", "terbanyak", ["sangat_baik"], None),
    ("istimewa", "maksimal", ["sangat_baik"], "70"),
    ("baik", "terbanyak", ["baik"], None),
    ("baik", "maksimal", ["baik"], "70"),
    ("baik", "ada", ["butuh_perbaikan", "kurang"], None),
    ("butuh_perbaikan", "minimal", ["butuh_perbaikan"], "60"),
    ("butuh_perbaikan", "maksimal", ["sangat_baik"], "10"),
    ("kurang", "minimal", ["kurang"], "60"),
    ("kurang", "minimal", ["butuh_perbaikan"], "10"),
    ("kurang", "maksimal", ["sangat_baik"], "10"),
    ("sangat_kurang", "minimal", ["sangat_kurang"], "60"),
    ("sangat_kurang", "minimal", ["kurang", "butuh_perbaikan"], "10"),
    ("sangat_kurang", "maksimal", ["sangat_baik"], "0"),
]


def load(apps, schema_editor):
    PersentaseAngkaKredit = apps.get_model("penilaian", "PersentaseAngkaKredit")
    AturanPolaDistribusi = apps.get_model("penilaian", "AturanPolaDistribusi")
    for predikat, persen in PERSENTASE_AK.items():
        PersentaseAngkaKredit.objects.update_or_create(predikat=predikat, defaults={"persen": Decimal(persen)})
    AturanPolaDistribusi.objects.filter(instansi__isnull=True).delete()
    for urutan, (capaian, jenis, predikat, persen) in enumerate(POLA_DISTRIBUSI, start=1):
        AturanPolaDistribusi.objects.create(
            instansi=None,
            capaian=capaian,
            jenis=jenis,
            predikat=predikat,
            persen=Decimal(persen) if persen is not None else None,
            urutan=urutan,
        )


def unload(apps, schema_editor):
    apps.get_model("penilaian", "PersentaseAngkaKredit").objects.all().delete()
    apps.get_model("penilaian", "AturanPolaDistribusi").objects.filter(instansi__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
