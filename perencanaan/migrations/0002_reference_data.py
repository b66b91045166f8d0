"""BerAKHLAK core values with their behaviour guides (seed 000 §8) and the satuan list."""

from django.db import migrations

BERAKHLAK = [
    (
        "berorientasi_pelayanan",
        "Berorientasi Pelayanan",
        [
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ],
    ),
    (
        "akuntabel",
        "Akuntabel",
        [
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ],
    ),
    (
        "kompeten",
        "Kompeten",
        [
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ],
    ),
    (
        "harmonis",
        "Harmonis",
        [
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ],
    ),
    (
        "loyal",
        "Loyal",
        [
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
            "setia pada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
            "Menjaga rahasia jabatan dan negara",
        ],
    ),
    (
        "adaptif",
        "Adaptif",
        [
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ],
    ),
    (
        "kolaboratif",
        "Kolaboratif",
        [
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
        ],
    ),
]

SATUAN = [
    "Nilai",
    "Persen (%)",
    "Dokumen",
    "Laporan",
    "Kegiatan",
    "Orang",
    "Hari",
    "Rupiah",
    "Indeks",
    "Berkas",
    "Paket",
    "Layanan",
    "Aplikasi",
    "Unit",
    "Rekomendasi",
    "Surat Keputusan",
    "Predikat",
    "Perangkat Daerah",
    "Jam",
    "Minggu",
    "Bulan",
    "Kali",
]


def load(apps, schema_editor):
    AspekPerilaku = apps.get_model("perencanaan", "AspekPerilaku")
    PanduanPerilaku = apps.get_model("perencanaan", "PanduanPerilaku")
    Satuan = apps.get_model("perencanaan", "Satuan")
    for urutan, (kode, nama, panduan) in enumerate(BERAKHLAK, start=1):
        aspek, _ = AspekPerilaku.objects.update_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan})
        for i, teks in enumerate(panduan, start=1):
            PanduanPerilaku.objects.update_or_create(aspek=aspek, urutan=i, defaults={"teks": teks})
    for urutan, nama in enumerate(SATUAN, start=1):
        Satuan.objects.update_or_create(nama=nama, defaults={"urutan": urutan})


def unload(apps, schema_editor):
    apps.get_model("perencanaan", "AspekPerilaku").objects.all().delete()
    apps.get_model("perencanaan", "Satuan").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("perencanaan", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
