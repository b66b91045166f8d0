"""Demo plans for the demo cast (seed 004, BKD Prov. NTT, is the model for the content).

Builds a PK, an SKP JPT set by the Sekda, a two-level Matriks Peran Hasil, and SKP JA/JF in
every state: ditetapkan, revised (a set version plus a submitted revision), diajukan,
dikembalikan and draft. Idempotent: once the Kepala Badan has an SKP for the year, nothing is
built again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from organisasi.demo import DemoCast
from organisasi.models import Pegawai

from .models import (
    AspekPerilaku,
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    ManualIndikator,
    MatriksPeranHasil,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    RencanaAksi,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
    Workblock,
    WorkblockItem,
)
from .services.skp import skp_approve, skp_create, skp_return, skp_revise, skp_submit


@dataclass
class PlanCast:
    tahun: int
    skp: dict[str, Skp] = field(default_factory=dict)
    rhk: dict[str, Rhk] = field(default_factory=dict)


def _satuan(nama: str) -> Satuan:
    return Satuan.objects.get(nama=nama)


def _iki(rhk: Rhk, teks: str, target: str | None, satuan: str | None, **extra: object) -> Iki:
    target_max = extra.pop("target_max", None)
    return Iki.objects.create(
        rhk=rhk,
        teks=teks,
        target_min=Decimal(target) if target is not None else None,
        target_max=Decimal(str(target_max)) if target_max is not None else None,
        satuan=_satuan(satuan) if satuan else None,
        urutan=Iki.objects.filter(rhk=rhk).count(),
        **extra,
    )


def _rhk(skp: Skp, teks: str, jenis: str = "utama", **extra: object) -> Rhk:
    return Rhk.objects.create(skp=skp, teks=teks, jenis=jenis, urutan=Rhk.objects.filter(skp=skp).count(), **extra)


def _new_skp(pegawai: Pegawai, tahun: int, pendekatan: str) -> Skp:
    return skp_create(
        pegawai=pegawai,
        periode_mulai=date(tahun, 1, 1),
        periode_selesai=date(tahun, 12, 31),
        pendekatan=pendekatan,
        by=pegawai.user,
    )


def _ekspektasi(skp: Skp, texts: dict[str, str], penilai: dict[str, tuple[str, Pegawai | None]] | None = None) -> None:
    aspek = {a.kode: a for a in AspekPerilaku.objects.all()}
    for kode, teks in texts.items():
        PerilakuSkp.objects.filter(skp=skp, aspek=aspek[kode]).update(ekspektasi_khusus=teks)
    for kode, (jenis, orang) in (penilai or {}).items():
        PerilakuSkp.objects.filter(skp=skp, aspek=aspek[kode]).update(jenis_penilai=jenis, penilai=orang)


EKSPEKTASI_NTT = {
    "berorientasi_pelayanan": "Penyelesaian pekerjaan dan pelayanan mengedepankan 5S",
    "akuntabel": "Bekerjalah dengan jujur dan adil",
    "kompeten": "Gunakan kompetensi yang dimiliki seoptimal mungkin",
    "harmonis": "Prioritaskan kerja sama dalam pelayanan untuk menciptakan suasana yang kondusif",
    "loyal": "Loyalitas adalah prioritas dalam bekerja",
    "adaptif": "Mampu beradaptasi dengan perubahan dan regulasi baru",
    "kolaboratif": "Ciptakan kolaborasi antar rekan kerja dan ASN dari perangkat daerah lain",
}


def _matriks(
    rhk: Rhk, kolom: list[str], baris: list[tuple[Pegawai, str, list[str]]]
) -> dict[tuple[int, int], PeranHasil]:
    """Cells by (row index, column index); an empty text is "tidak ada peran"."""
    matriks = MatriksPeranHasil.objects.create(rhk=rhk)
    columns = [KolomMatriks.objects.create(matriks=matriks, nama=nama, urutan=i) for i, nama in enumerate(kolom)]
    cells: dict[tuple[int, int], PeranHasil] = {}
    for r, (pegawai, jabatan_tim, peran) in enumerate(baris):
        row = BarisMatriks.objects.create(matriks=matriks, pegawai=pegawai, jabatan_tim=jabatan_tim, urutan=r)
        for c, teks in enumerate(peran):
            if teks:
                cells[(r, c)] = PeranHasil.objects.create(baris=row, kolom=columns[c], teks=teks)
    return cells


@transaction.atomic
def seed_perencanaan(cast: DemoCast, *, tahun: int | None = None) -> PlanCast:
    tahun = tahun or date.today().year
    p = cast.pegawai
    plans = PlanCast(tahun=tahun)
    if Skp.objects.filter(pegawai=p["kepala_badan"], periode_mulai__year=tahun).exists():
        for key, pegawai in p.items():
            skp = Skp.objects.current().filter(pegawai=pegawai, periode_mulai__year=tahun).first()
            if skp is not None:
                plans.skp[key] = skp
        return plans

    # --- Perjanjian Kinerja of the Badan and of the Bidang -------------------------------------
    pk_bkd = PerjanjianKinerja.objects.create(unit_kerja=cast.units["bkd"], tahun=tahun)
    s1 = SasaranStrategis.objects.create(
        perjanjian=pk_bkd,
        teks="Meningkatnya kualitas manajemen ASN berbasis sistem merit di lingkungan Pemerintah Provinsi NTT",
        urutan=0,
    )
    s1_i1 = IndikatorKinerja.objects.create(
        sasaran=s1, teks="Indeks Sistem Merit", target=Decimal("0.75"), satuan=_satuan("Indeks"), urutan=0
    )
    s1_i2 = IndikatorKinerja.objects.create(
        sasaran=s1,
        teks="Persentase ASN yang SKP-nya ditetapkan tepat waktu",
        target=Decimal(95),
        satuan=_satuan("Persen (%)"),
        urutan=1,
    )
    s2 = SasaranStrategis.objects.create(perjanjian=pk_bkd, teks="Meningkatnya kompetensi dan kinerja ASN", urutan=1)
    s2_i1 = IndikatorKinerja.objects.create(
        sasaran=s2,
        teks="Persentase ASN yang memenuhi standar kompetensi jabatan",
        target=Decimal(70),
        satuan=_satuan("Persen (%)"),
        urutan=0,
    )
    IndikatorKinerja.objects.create(
        sasaran=s2, teks="Indeks Profesionalitas ASN", target=Decimal(75), satuan=_satuan("Nilai"), urutan=1
    )
    pk_bidang = PerjanjianKinerja.objects.create(unit_kerja=cast.units["bkd_pengembangan"], tahun=tahun)
    sb = SasaranStrategis.objects.create(
        perjanjian=pk_bidang, teks="Terlaksananya pengelolaan kinerja pegawai berbasis aplikasi", urutan=0
    )
    IndikatorKinerja.objects.create(
        sasaran=sb,
        teks="Jumlah perangkat daerah yang menerapkan aplikasi kinerja",
        target=Decimal(39),
        satuan=_satuan("Perangkat Daerah"),
        urutan=0,
    )

    # --- SKP JPT of the Kepala Badan, set by the Sekda ------------------------------------------
    jpt = _new_skp(p["kepala_badan"], tahun, "kuantitatif")
    r1 = _rhk(jpt, s1.teks, sasaran_pk=s1)
    iki_merit = _iki(r1, s1_i1.teks, "0.75", "Indeks", perspektif="penerima_layanan", indikator_pk=s1_i1)
    _iki(r1, s1_i2.teks, "95", "Persen (%)", perspektif="proses_bisnis", indikator_pk=s1_i2)
    r2 = _rhk(jpt, s2.teks, sasaran_pk=s2)
    _iki(r2, s2_i1.teks, "70", "Persen (%)", perspektif="penguatan_internal", indikator_pk=s2_i1)
    r3 = _rhk(jpt, "Terlaksananya seleksi terbuka JPT lingkup Pemerintah Provinsi NTT", jenis="tambahan")
    _iki(r3, "Jumlah JPT yang terisi melalui seleksi terbuka", "6", "Orang", perspektif="penerima_layanan")
    ManualIndikator.objects.create(
        iki=iki_merit,
        deskripsi_rencana_kerja="Penerapan sistem merit dalam seluruh aspek manajemen ASN provinsi.",
        definisi="Nilai hasil penilaian mandiri penerapan sistem merit yang diverifikasi KASN.",
        formula="Nilai indeks hasil evaluasi KASN tahun berjalan",
        tujuan="Mengukur kualitas penerapan sistem merit dalam manajemen ASN.",
        satuan_pengukuran="Indeks (0–1)",
        jenis_kendali="outcome",
        penanggung_jawab="Kepala Badan Kepegawaian Daerah",
        penyedia_data="Bidang Pengembangan Pegawai",
        sumber_data="Laporan evaluasi sistem merit KASN",
        periode_pelaporan="tahunan",
    )
    wb = Workblock.objects.create(
        skp=jpt,
        judul="Digitalisasi pengelolaan kinerja pegawai lingkup Pemerintah Provinsi NTT",
        pemilik_strategi="Kepala Badan Kepegawaian Daerah",
        waktu_penyelesaian="Januari – Desember",
        tujuan="Seluruh ASN menyusun, merealisasikan dan dievaluasi kinerjanya melalui aplikasi.",
        indikator_target="Persentase ASN yang SKP-nya ditetapkan tepat waktu: 95 %",
        pihak_terlibat="Bidang Pengembangan Pegawai; perangkat daerah; Diskominfo",
        penerima_manfaat="ASN dan pimpinan perangkat daerah",
        anggaran="Rp 350.000.000",
    )
    for jenis, sifat, teks in [
        ("strategi", "rutin", "Pendampingan penyusunan SKP bagi perangkat daerah"),
        ("strategi", "transformatif", "Integrasi aplikasi kinerja dengan perhitungan TPP"),
        ("keluaran", "rutin", "SKP seluruh ASN ditetapkan paling lambat akhir Januari"),
        ("keluaran", "transformatif", "TPP dibayarkan berdasarkan predikat kinerja mulai triwulan III"),
    ]:
        WorkblockItem.objects.create(workblock=wb, jenis=jenis, sifat=sifat, teks=teks)
    for jenis, teks in [
        ("dukungan_sumber_daya", "Anggaran pendampingan aplikasi kinerja"),
        ("dukungan_sumber_daya", "Tenaga pranata komputer untuk layanan konsultasi"),
        ("skema_pertanggungjawaban", "Laporan capaian kinerja triwulanan kepada Sekretaris Daerah"),
        ("konsekuensi", "Jika ekspektasi terpenuhi: rekomendasi pengembangan kompetensi dan penghargaan"),
        ("konsekuensi", "Jika ekspektasi tidak terpenuhi: pembinaan kinerja oleh pimpinan"),
    ]:
        LampiranSkp.objects.create(skp=jpt, jenis=jenis, teks=teks)
    _ekspektasi(jpt, {"berorientasi_pelayanan": "Jadikan layanan kepegawaian cepat dan tanpa biaya"})
    skp_submit(skp=jpt, by=p["kepala_badan"].user)
    jpt = skp_approve(skp=jpt, by=p["sekda"].user)
    plans.skp["kepala_badan"], plans.rhk["jpt_merit"] = jpt, r1

    # --- Matriks level 1: the Kepala Badan divides RHK 1 --------------------------------------
    l1 = _matriks(
        r1,
        ["Terlaksananya penilaian kinerja berbasis aplikasi", "Terlaksananya penilaian kompetensi ASN"],
        [
            (
                p["kabid"],
                "ketua_tim",
                [
                    "Terlaksananya penerapan pengelolaan kinerja pegawai berbasis aplikasi pada seluruh perangkat daerah",
                    "Terlaksananya penilaian kompetensi manajerial ASN",
                ],
            ),
            (p["sekretaris"], "ketua_tim", ["Tersedianya dukungan administrasi penilaian kinerja", ""]),
        ],
    )

    # --- Kepala Bidang: JA kuantitatif, set by the Kepala Badan --------------------------------
    kabid = _new_skp(p["kabid"], tahun, "kuantitatif")
    jabatan_kaban = p["kepala_badan"].jabatan.nama if p["kepala_badan"].jabatan else ""
    k1 = _rhk(kabid, l1[(0, 0)].teks, intervensi=r1, peran_asal=l1[(0, 0)], penugasan_dari=jabatan_kaban)
    _iki(k1, "Jumlah perangkat daerah yang menerapkan aplikasi kinerja", "39", "Perangkat Daerah", aspek="kuantitas")
    _iki(k1, "Persentase SKP yang ditetapkan tepat waktu", "90", "Persen (%)", aspek="kualitas", target_max=95)
    _iki(k1, "Waktu penyelesaian pendampingan seluruh perangkat daerah", "12", "Bulan", aspek="waktu")
    k2 = _rhk(kabid, l1[(0, 1)].teks, intervensi=r1, peran_asal=l1[(0, 1)], penugasan_dari=jabatan_kaban)
    _iki(k2, "Jumlah ASN yang dinilai kompetensinya", "250", "Orang", aspek="kuantitas")
    _ekspektasi(kabid, EKSPEKTASI_NTT)
    skp_submit(skp=kabid, by=p["kabid"].user)
    plans.skp["kabid"] = skp_approve(skp=kabid, by=p["kepala_badan"].user)
    plans.rhk["kabid_kinerja"] = k1

    # --- Matriks level 2: the Kepala Bidang divides their RHK 1 (seed 004) --------------------
    l2 = _matriks(
        k1,
        ["Pendampingan dan konsultasi aplikasi kinerja", "Pengelolaan sistem aplikasi kinerja"],
        [
            (p["ketua_tim"], "ketua_tim", ["Terlaksananya penerapan tool kinerja", ""]),
            (
                p["pranata_komputer"],
                "anggota_tim",
                [
                    "Terlaksananya pendampingan Tool Kinerja\n"
                    "Terselesaikannya pelayanan konsultasi Tool Kinerja dan penyusunan SKP",
                    "Terselesaikannya perawatan sistem\nTerlaksananya backup sistem",
                ],
            ),
            (p["pelaksana"], "anggota_tim", ["Tersusunnya telaah kebijakan teknis pengelolaan kinerja", ""]),
            (p["pppk"], "anggota_tim", ["", "Tersedianya data kinerja pegawai yang mutakhir pada aplikasi"]),
        ],
    )
    jabatan_kabid = p["kabid"].jabatan.nama if p["kabid"].jabatan else ""

    # --- Ketua tim: kuantitatif, set ------------------------------------------------------------
    ketua = _new_skp(p["ketua_tim"], tahun, "kuantitatif")
    g1 = _rhk(ketua, l2[(0, 0)].teks, intervensi=k1, peran_asal=l2[(0, 0)], penugasan_dari=jabatan_kabid)
    _iki(
        g1,
        "Jumlah perangkat daerah yang didampingi penerapan tool kinerja",
        "39",
        "Perangkat Daerah",
        aspek="kuantitas",
    )
    _iki(g1, "Persentase perangkat daerah yang puas terhadap pendampingan", "90", "Persen (%)", aspek="kualitas")
    skp_submit(skp=ketua, by=p["ketua_tim"].user)
    plans.skp["ketua_tim"] = skp_approve(skp=ketua, by=p["kabid"].user)

    # --- Pranata Komputer: set, then revised for a new assignment; the revision is submitted ---
    santi = _new_skp(p["pranata_komputer"], tahun, "kuantitatif")
    a1 = _rhk(
        santi,
        "Kegiatan sosialisasi dan pendampingan aplikasi tool kinerja terselenggara secara tepat waktu dan berkualitas",
        intervensi=k1,
        peran_asal=l2[(1, 0)],
        penugasan_dari=jabatan_kabid,
    )
    _iki(
        a1,
        "Jumlah perangkat daerah yang telah mendapat pendampingan dan sosialisasi",
        "20",
        "Perangkat Daerah",
        aspek="kuantitas",
    )
    _iki(
        a1,
        "Persentase materi yang disampaikan dapat dipahami oleh penerima manfaat",
        "95",
        "Persen (%)",
        aspek="kualitas",
    )
    _iki(a1, "Kesesuaian waktu pelaksanaan kegiatan dengan jadwal", "12", "Bulan", aspek="waktu")
    RencanaAksi.objects.create(
        rhk=a1, teks="Menyusun jadwal pendampingan 20 perangkat daerah", target_periode="Januari"
    )
    RencanaAksi.objects.create(rhk=a1, teks="Melaksanakan sosialisasi gelombang I", target_periode="Triwulan I")
    a2 = _rhk(
        santi,
        "Pelayanan konsultasi Tool Kinerja kepada ASN dapat terselesaikan secara optimal dan cepat",
        intervensi=k1,
        peran_asal=l2[(1, 0)],
        penugasan_dari=jabatan_kabid,
    )
    _iki(a2, "Jumlah konsultasi yang diselesaikan setiap hari", "10", "Kali", aspek="kuantitas")
    _iki(
        a2, "Persentase kepuasan pelayanan yang diberikan kepada penerima manfaat", "95", "Persen (%)", aspek="kualitas"
    )
    _iki(a2, "Ketepatan dan kecepatan penyelesaian konsultasi dan keluhan", "1", "Hari", aspek="waktu")
    a3 = _rhk(
        santi,
        "Sistem aplikasi kinerja terpelihara dan tercadangkan secara berkala",
        intervensi=k1,
        peran_asal=l2[(1, 1)],
        penugasan_dari=jabatan_kabid,
    )
    _iki(a3, "Jumlah pencadangan sistem yang berhasil dipulihkan saat uji", "12", "Kali", aspek="kuantitas")
    a4 = _rhk(
        santi,
        "Pelayanan administrasi pelaksanaan kegiatan seleksi JPT lingkup Pemprov. NTT yang berkualitas",
        jenis="tambahan",
    )
    _iki(
        a4,
        "Ketepatan waktu pengiriman dokumen pengumuman seleksi JPT ke kabupaten/kota",
        "97",
        "Persen (%)",
        aspek="kualitas",
    )
    _ekspektasi(
        santi,
        EKSPEKTASI_NTT,
        penilai={"adaptif": ("rekan", p["ketua_tim"]), "kolaboratif": ("rekan", p["ketua_tim"])},
    )
    for jenis, teks in [
        ("dukungan_sumber_daya", "Akses server aplikasi dan kendaraan dinas untuk pendampingan"),
        ("skema_pertanggungjawaban", "Laporan kemajuan pendampingan setiap akhir bulan kepada Kepala Bidang"),
        ("konsekuensi", "Jika ekspektasi terpenuhi: diusulkan mengikuti pelatihan administrator sistem"),
    ]:
        LampiranSkp.objects.create(skp=santi, jenis=jenis, teks=teks)
    skp_submit(skp=santi, by=p["pranata_komputer"].user)
    santi_v1 = skp_approve(skp=santi, by=p["kabid"].user)
    santi_v2 = skp_revise(
        skp=santi_v1, by=p["pranata_komputer"].user, alasan="Penugasan baru sebagai administrator sistem TPP"
    )
    a5 = _rhk(
        santi_v2,
        "Terlaksananya integrasi data predikat kinerja ke sistem TPP",
        intervensi=k1,
        peran_asal=l2[(1, 1)],
        penugasan_dari=jabatan_kabid,
    )
    _iki(a5, "Jumlah periode TPP yang dihitung dari data predikat kinerja", "6", "Bulan", aspek="kuantitas")
    plans.skp["pranata_komputer"] = skp_submit(skp=santi_v2, by=p["pranata_komputer"].user)
    plans.skp["pranata_komputer_v1"] = Skp.objects.get(pk=santi_v1.pk)

    # --- Pelaksana: kualitatif, returned with a note ------------------------------------------
    yakobus = _new_skp(p["pelaksana"], tahun, "kualitatif")
    y1 = _rhk(yakobus, l2[(2, 0)].teks, intervensi=k1, peran_asal=l2[(2, 0)], penugasan_dari=jabatan_kabid)
    _iki(
        y1, "Telaah kebijakan diterima pimpinan tanpa revisi mayor", None, None, target_teks="2 telaah setiap semester"
    )
    skp_submit(skp=yakobus, by=p["pelaksana"].user)
    plans.skp["pelaksana"] = skp_return(
        skp=yakobus,
        by=p["kabid"].user,
        catatan="Lengkapi ukuran keberhasilan dengan ukuran kualitas dan waktu penyelesaian telaah.",
    )

    # --- PPPK: a draft in progress ------------------------------------------------------------
    fransiska = _new_skp(p["pppk"], tahun, "kuantitatif")
    f1 = _rhk(fransiska, l2[(3, 1)].teks, intervensi=k1, peran_asal=l2[(3, 1)], penugasan_dari=jabatan_kabid)
    _iki(f1, "Persentase data kinerja pegawai yang mutakhir", "100", "Persen (%)", aspek="kualitas")
    plans.skp["pppk"] = fransiska

    # --- Sekretaris: kualitatif, submitted ----------------------------------------------------
    sekretaris = _new_skp(p["sekretaris"], tahun, "kualitatif")
    t1 = _rhk(sekretaris, l1[(1, 0)].teks, intervensi=r1, peran_asal=l1[(1, 0)], penugasan_dari=jabatan_kaban)
    _iki(
        t1,
        "Dukungan administrasi penilaian kinerja tersedia tepat waktu",
        None,
        None,
        target_teks="Setiap periode evaluasi",
    )
    plans.skp["sekretaris"] = skp_submit(skp=sekretaris, by=p["sekretaris"].user)

    # --- Karimun: drafts of its own, unrelated to NTT -----------------------------------------
    krm = _new_skp(p["penilai_krm"], tahun, "kuantitatif")
    m1 = _rhk(krm, "Terlaksananya evaluasi kinerja pegawai lingkup Pemerintah Kabupaten Karimun")
    _iki(
        m1,
        "Jumlah perangkat daerah yang melaksanakan evaluasi kinerja triwulanan",
        "25",
        "Perangkat Daerah",
        aspek="kuantitas",
    )
    plans.skp["penilai_krm"] = krm
    plans.skp["pegawai_krm"] = _new_skp(p["pegawai_krm"], tahun, "kualitatif")
    return plans
