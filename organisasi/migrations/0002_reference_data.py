"""Pangkat/golongan PNS and PPPK, and JF jenjang with their annual angka-kredit koefisien."""

from decimal import Decimal

from django.db import migrations

GOLONGAN_PNS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]

GOLONGAN_PPPK = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]

# PermenPANRB 1/2023: koefisien angka kredit per tahun.
JENJANG = [
    ("ahli_pertama", "Ahli Pertama", "keahlian", "12.5"),
    ("ahli_muda", "Ahli Muda", "keahlian", "25"),
    ("ahli_madya", "Ahli Madya", "keahlian", "37.5"),
    ("ahli_utama", "Ahli Utama", "keahlian", "50"),
    ("pemula", "Pemula", "keterampilan", "3.75"),
    ("terampil", "Terampil", "keterampilan", "5"),
    ("mahir", "Mahir", "keterampilan", "12.5"),
    ("penyelia", "Penyelia", "keterampilan", "25"),
]


def load(apps, schema_editor):
    Golongan = apps.get_model("organisasi", "Golongan")
    JenjangFungsional = apps.get_model("organisasi", "JenjangFungsional")
    for i, (kode, pangkat) in enumerate(GOLONGAN_PNS, start=1):
        Golongan.objects.update_or_create(jenis="PNS", kode=kode, defaults={"pangkat": pangkat, "urutan": i})
    for i, kode in enumerate(GOLONGAN_PPPK, start=1):
        Golongan.objects.update_or_create(jenis="PPPK", kode=kode, defaults={"pangkat": "", "urutan": i})
    for i, (kode, nama, kategori, koefisien) in enumerate(JENJANG, start=1):
        JenjangFungsional.objects.update_or_create(
            kode=kode,
            defaults={"nama": nama, "kategori": kategori, "koefisien_tahunan": Decimal(koefisien), "urutan": i},
        )


def unload(apps, schema_editor):
    apps.get_model("organisasi", "Golongan").objects.all().delete()
    apps.get_model("organisasi", "JenjangFungsional").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisasi", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
