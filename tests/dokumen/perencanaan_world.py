"""Data for the tests of forms 1–6 (dokumen/views/perencanaan_forms.py), built on the `plan` world.

The JPT gets an atasan (a sekda, their pejabat penilai), a JF directly under them and a set JPT
SKP with two RHK, manual indikator, two workblocks, lampiran lines and rencana aksi; the unit has a
Perjanjian Kinerja; the JPT divides an RHK among the kabid (ketua tim) and the JF (first level) and
the kabid divides theirs among the two staff (second level), leaving one cell empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from organisasi.models import Pegawai
from perencanaan.models import (
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    ManualIndikator,
    MatriksPeranHasil,
    PeranHasil,
    PerjanjianKinerja,
    RencanaAksi,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
    Workblock,
    WorkblockItem,
)
from perencanaan.services.skp import skp_approve, skp_create, skp_submit
from tests.factories import JabatanFactory, PegawaiFactory
from tests.perencanaan.conftest import Plan


@dataclass
class DokumenWorld:
    plan: Plan
    sekda: Pegawai
    jf: Pegawai
    pk: PerjanjianKinerja
    skp_jpt: Skp
    rhk_jpt: Rhk
    rhk_jpt_tambahan: Rhk
    iki_jpt: Iki
    skp_kabid: Skp
    rhk_kabid: Rhk
    matriks_jpt: MatriksPeranHasil
    matriks_kabid: MatriksPeranHasil


def build_dokumen_world(plan: Plan) -> DokumenWorld:
    instansi = plan.unit.instansi
    instansi.nama = "Pemerintah Provinsi Nusa Tenggara Timur"
    instansi.tempat_tanda_tangan = "Kupang"
    instansi.save()
    sekda = PegawaiFactory(
        instansi=instansi,
        unit_kerja=plan.unit,
        nama="Benediktus Polo Maing",
        jabatan=JabatanFactory(instansi=instansi, jpt=True, nama="Sekretaris Daerah"),
    )
    plan.jpt.atasan = sekda
    plan.jpt.nama = "Yohanes Bili"
    plan.jpt.save()
    plan.kabid.nama = "Gergorius Babo"
    plan.kabid.save()
    jf = PegawaiFactory(
        instansi=instansi,
        unit_kerja=plan.unit,
        atasan=plan.jpt,
        nama="Santa Anna Trihastuti",
        jabatan=JabatanFactory(instansi=instansi, fungsional=True, nama="Pranata Komputer Ahli Muda"),
    )
    indeks = Satuan.objects.get(nama="Indeks")
    persen = Satuan.objects.get_or_create(nama="Persen (%)")[0]

    pk = PerjanjianKinerja.objects.create(unit_kerja=plan.unit, tahun=2026)
    s1 = SasaranStrategis.objects.create(
        perjanjian=pk, teks="Meningkatnya pelaksanaan area perubahan manajemen SDM", urutan=1
    )
    IndikatorKinerja.objects.create(
        sasaran=s1, teks="Nilai penataan sistem manajemen SDM", target=Decimal("12.67"), satuan=indeks, urutan=1
    )
    IndikatorKinerja.objects.create(
        sasaran=s1, teks="Indeks sistem merit", target=Decimal("0.8"), satuan=indeks, urutan=2
    )
    s2 = SasaranStrategis.objects.create(perjanjian=pk, teks="Terselenggaranya layanan internal BKD", urutan=2)
    IndikatorKinerja.objects.create(
        sasaran=s2, teks="Tingkat pemenuhan layanan internal", target=Decimal("86"), satuan=persen, urutan=1
    )

    skp_jpt = skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.jpt.user,
    )
    rhk_jpt = Rhk.objects.create(
        skp=skp_jpt, jenis="utama", teks="Meningkatnya kualitas manajemen ASN", penugasan_dari="Sekretaris Daerah"
    )
    iki_jpt = Iki.objects.create(
        rhk=rhk_jpt,
        teks="Indeks profesionalitas ASN",
        perspektif="penerima_layanan",
        target_min=Decimal("75"),
        satuan=indeks,
        urutan=1,
    )
    iki_jpt2 = Iki.objects.create(
        rhk=rhk_jpt,
        teks="Persentase ASN yang dinilai kinerjanya",
        perspektif="proses_bisnis",
        target_min=Decimal("100"),
        satuan=persen,
        urutan=2,
    )
    rhk_jpt_tambahan = Rhk.objects.create(skp=skp_jpt, jenis="tambahan", teks="Terlaksananya seleksi JPT")
    Iki.objects.create(
        rhk=rhk_jpt_tambahan,
        teks="Jumlah seleksi JPT terlaksana",
        perspektif="anggaran",
        target_min=Decimal("2"),
        satuan=Satuan.objects.get(nama="Dokumen"),
    )
    ManualIndikator.objects.create(
        iki=iki_jpt,
        deskripsi_rencana_kerja="Manajemen ASN yang profesional dan berbasis merit",
        definisi="Ukuran kualitas ASN dari kualifikasi, kompetensi, kinerja dan disiplin",
        formula="(Kualifikasi × 25%) + (Kompetensi × 40%) + (Kinerja × 30%) + (Disiplin × 5%)",
        tujuan="Mengukur profesionalitas ASN pemerintah provinsi",
        satuan_pengukuran="Indeks",
        jenis_kendali=ManualIndikator.JenisKendali.OUTCOME_ANTARA,
        penanggung_jawab="Kepala Bidang Pengembangan Pegawai",
        penyedia_data="Sub Bidang Data dan Informasi",
        sumber_data="Aplikasi SIASN BKN",
        periode_pelaporan=ManualIndikator.PeriodePelaporan.SEMESTERAN,
    )
    ManualIndikator.objects.create(
        iki=iki_jpt2,
        definisi="Perbandingan ASN yang dinilai kinerjanya dengan seluruh ASN",
        tujuan="Memastikan seluruh ASN dinilai kinerjanya",
        satuan_pengukuran="Persen",
        jenis_kendali=ManualIndikator.JenisKendali.OUTPUT_SEDANG,
        penanggung_jawab="Kepala Bidang Penilaian Kinerja",
        penyedia_data="Operator kepegawaian",
        sumber_data="Aplikasi e-Kinerja",
        periode_pelaporan=ManualIndikator.PeriodePelaporan.TRIWULANAN,
    )
    skp_jpt = skp_submit(skp=skp_jpt, by=plan.jpt.user)
    skp_jpt = skp_approve(skp=skp_jpt, by=sekda.user)

    wb = Workblock.objects.create(
        skp=skp_jpt,
        judul="Digitalisasi penilaian kinerja",
        pemilik_strategi="Kepala BKD",
        waktu_penyelesaian="Desember 2026",
        tujuan="Penilaian kinerja seluruh ASN secara daring",
        indikator_target="Indeks profesionalitas ASN 75",
        pihak_terlibat="Diskominfo",
        penerima_manfaat="Seluruh ASN",
        anggaran="Rp 250.000.000",
    )
    for jenis, sifat, teks in (
        ("strategi", "rutin", "Pendampingan penyusunan SKP"),
        ("strategi", "transformatif", "Integrasi aplikasi dengan SIASN"),
        ("keluaran", "rutin", "Laporan pendampingan triwulanan"),
        ("keluaran", "transformatif", "Aplikasi kinerja terintegrasi"),
    ):
        WorkblockItem.objects.create(workblock=wb, jenis=jenis, sifat=sifat, teks=teks)
    Workblock.objects.create(
        skp=skp_jpt,
        judul="Penguatan sistem merit",
        pemilik_strategi="Kepala Bidang Mutasi",
        waktu_penyelesaian="Juni 2026",
        tujuan="Sistem merit kategori sangat baik",
        indikator_target="Indeks sistem merit 0,8",
    )
    for jenis, teks in (
        ("dukungan_sumber_daya", "Tenaga pendamping teknis aplikasi"),
        ("dukungan_sumber_daya", "Anggaran bimbingan teknis"),
        ("skema_pertanggungjawaban", "Hasil kerja dilaporkan setiap bulan berupa laporan kemajuan"),
        ("konsekuensi", "Apabila memenuhi ekspektasi pimpinan maka diusulkan penghargaan"),
    ):
        LampiranSkp.objects.create(skp=skp_jpt, jenis=jenis, teks=teks)
    RencanaAksi.objects.create(rhk=rhk_jpt, teks="Menyusun peta jabatan", target_periode="Triwulan I", urutan=1)
    RencanaAksi.objects.create(rhk=rhk_jpt, teks="Melaksanakan uji kompetensi", target_periode="Triwulan III", urutan=2)

    skp_kabid = skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.kabid.user,
    )
    rhk_kabid = Rhk.objects.create(
        skp=skp_kabid, jenis="utama", teks="Terlaksananya penerapan tool kinerja", intervensi=rhk_jpt
    )

    matriks_jpt = MatriksPeranHasil.objects.create(rhk=rhk_jpt)
    k1 = KolomMatriks.objects.create(matriks=matriks_jpt, nama="Indeks profesionalitas ASN", urutan=1)
    k2 = KolomMatriks.objects.create(matriks=matriks_jpt, nama="Persentase ASN yang dinilai kinerjanya", urutan=2)
    b_kabid = BarisMatriks.objects.create(matriks=matriks_jpt, pegawai=plan.kabid, jabatan_tim="ketua_tim", urutan=1)
    b_jf = BarisMatriks.objects.create(matriks=matriks_jpt, pegawai=jf, jabatan_tim="jf_langsung", urutan=2)
    PeranHasil.objects.create(
        baris=b_kabid,
        kolom=k1,
        teks="Terlaksananya penilaian kompetensi ASN\nTerlaksananya pelayanan assessment JPT",
    )
    PeranHasil.objects.create(baris=b_kabid, kolom=k2, teks="Terlaksananya penerapan tool kinerja")
    PeranHasil.objects.create(baris=b_jf, kolom=k2, teks="Terlaksananya pendampingan tool kinerja")

    matriks_kabid = MatriksPeranHasil.objects.create(rhk=rhk_kabid)
    c1 = KolomMatriks.objects.create(matriks=matriks_kabid, nama="Pendampingan aplikasi kinerja", urutan=1)
    c2 = KolomMatriks.objects.create(matriks=matriks_kabid, nama="Perawatan sistem", urutan=2)
    b_staf = BarisMatriks.objects.create(matriks=matriks_kabid, pegawai=plan.staf, jabatan_tim="anggota_tim", urutan=1)
    b_staf2 = BarisMatriks.objects.create(
        matriks=matriks_kabid, pegawai=plan.staf2, jabatan_tim="anggota_tim", urutan=2
    )
    PeranHasil.objects.create(baris=b_staf, kolom=c1, teks="Terlaksananya sosialisasi tool kinerja")
    PeranHasil.objects.create(baris=b_staf, kolom=c2, teks="Terlaksananya backup sistem")
    PeranHasil.objects.create(baris=b_staf2, kolom=c1, teks="Tersusunnya panduan pengguna")

    return DokumenWorld(
        plan=plan,
        sekda=sekda,
        jf=jf,
        pk=pk,
        skp_jpt=skp_jpt,
        rhk_jpt=rhk_jpt,
        rhk_jpt_tambahan=rhk_jpt_tambahan,
        iki_jpt=iki_jpt,
        skp_kabid=skp_kabid,
        rhk_kabid=rhk_kabid,
        matriks_jpt=matriks_jpt,
        matriks_kabid=matriks_kabid,
    )
