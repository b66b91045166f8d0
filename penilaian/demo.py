"""Demo pelaksanaan and penilaian for the demo cast (`seed_demo`): realisasi with bukti dukung,
umpan balik, pembinaan, capaian organisasi, periodic and annual evaluations across all five
predikat, one keberatan decided and one open. Everything goes through the services, as a user would.

Idempotent: a second run finds the evaluations and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisasi.demo import DemoCast
from organisasi.models import Pegawai
from pelaksanaan.models import JenisPeriode, Periode
from pelaksanaan.periode import periode_ensure
from pelaksanaan.services.bukti import bukti_link_add, bukti_replace, bukti_upload
from pelaksanaan.services.pembinaan import pembinaan_add
from pelaksanaan.services.periode import periode_close
from pelaksanaan.services.realisasi import realisasi_save, realisasi_teks_add
from pelaksanaan.services.umpan_balik import (
    umpan_balik_hasil_add,
    umpan_balik_insidental_add,
    umpan_balik_perilaku_add,
)
from perencanaan.demo import PlanCast
from perencanaan.models import Iki, PenilaiPerilaku, PerilakuSkp, Rhk, Skp, StatusSkp
from perencanaan.services.skp import skp_approve, skp_create, skp_submit

from .models import CapaianOrganisasi, Evaluasi, Keberatan, Rating
from .services.capaian import capaian_unit_set
from .services.evaluasi import evaluasi_acknowledge, evaluasi_give, evaluasi_save
from .services.keberatan import keberatan_ajukan, keberatan_jelaskan, keberatan_putuskan

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH

# (rating hasil, rating perilaku) per pegawai for Triwulan I, II, III: all five predikat appear.
PERIODIC_RATINGS: dict[str, list[tuple[str, str]]] = {
    "kepala_badan": [(S, S), (A, A), (A, S)],  # Baik, Sangat Baik, Baik
    "kabid": [(A, A), (S, S), (B, S)],  # Sangat Baik, Baik, Butuh Perbaikan
    "ketua_tim": [(S, S), (B, B), (S, B)],  # Baik, Sangat Kurang, Kurang (keberatan open)
    "pranata_komputer": [(A, A), (B, S), (A, S)],  # Sangat Baik, Butuh Perbaikan (changed), Baik
}
# Realisasi as a share of the target per period, so that capaian differs.
REALISASI_FACTOR: dict[str, list[str]] = {
    "kepala_badan": ["1.00", "1.10", "1.05"],
    "kabid": ["1.20", "1.00", "1.00"],
    "ketua_tim": ["0.90", "0.50", "0.80"],
    "pranata_komputer": ["1.25", "0.70", "1.10"],
}
ANNUAL_PREVIOUS_YEAR: dict[str, tuple[str, str]] = {
    "kepala_badan": (S, S),
    "kabid": (A, A),
    "ketua_tim": (S, A),
    "pranata_komputer": (S, S),
}
CAPAIAN = {
    "bkd": [CapaianOrganisasi.BAIK, CapaianOrganisasi.ISTIMEWA, CapaianOrganisasi.BAIK],
    "bkd_pengembangan": [CapaianOrganisasi.BAIK, CapaianOrganisasi.BUTUH_PERBAIKAN, CapaianOrganisasi.BAIK],
}
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class PenilaianCast:
    periods: list[Periode] = field(default_factory=list)
    evaluasi: dict[tuple[str, int], Evaluasi] = field(default_factory=dict)
    keberatan: dict[str, Keberatan] = field(default_factory=dict)


def _user(pegawai: Pegawai) -> User:
    assert pegawai.user is not None, f"demo pegawai {pegawai.nip} has no account"
    return pegawai.user


def _iki_of(skp: Skp) -> list[Iki]:
    return list(Iki.objects.filter(rhk__skp=skp).select_related("rhk").order_by("rhk__urutan", "rhk__pk", "urutan"))


def _fill_realisasi(skp: Skp, periode: Periode, factor: Decimal, owner: Pegawai) -> None:
    by = owner.user
    for iki in _iki_of(skp):
        if iki.target_min is None or not skp.is_kuantitatif:
            continue
        nilai = (iki.target_min * factor).quantize(Decimal("0.01"))
        realisasi_save(
            iki=iki,
            periode=periode,
            nilai=nilai,
            keterangan=f"Capaian {periode.nama} sesuai laporan bulanan",
            by=by,
        )
    for rhk in Rhk.objects.filter(skp=skp).order_by("urutan", "pk"):
        if not skp.is_kuantitatif:
            realisasi_teks_add(rhk=rhk, periode=periode, teks=f"{rhk.teks[:80]} — terlaksana {periode.nama}", by=by)
        bukti_link_add(
            rhk=rhk,
            periode=periode,
            tautan=f"https://drive.ntt.example/kinerja/{skp.pegawai.nip}/{periode.nomor}",
            nama=f"Folder bukti {periode.nama}",
            by=by,
        )


def _feedback(skp: Skp, periode: Periode, today: date) -> None:
    penilai = skp.pejabat_penilai
    assert penilai is not None
    for n, iki in enumerate(_iki_of(skp)[:3]):
        teks = ["Realisasi sesuai bukti dukung, pertahankan.", "Lengkapi bukti dukung per kegiatan.", "Baik."][n]
        umpan_balik_hasil_add(skp=skp, periode=periode, teks=teks, by=_user(penilai), iki=iki)
    for perilaku in PerilakuSkp.objects.filter(skp=skp).select_related("aspek", "penilai")[:3]:
        rater = perilaku.penilai if perilaku.penilai_id else penilai
        if perilaku.jenis_penilai != PenilaiPerilaku.ATASAN and perilaku.penilai is None:
            continue
        assert rater is not None
        umpan_balik_perilaku_add(
            perilaku=perilaku,
            periode=periode,
            teks=f"{perilaku.aspek.nama.capitalize()}: konsisten ditunjukkan dalam pekerjaan sehari-hari.",
            by=_user(rater),
        )
    for perilaku in PerilakuSkp.objects.filter(skp=skp, penilai__isnull=False).exclude(
        jenis_penilai=PenilaiPerilaku.ATASAN
    ):
        assert perilaku.penilai is not None
        umpan_balik_perilaku_add(
            perilaku=perilaku,
            periode=periode,
            teks="Cepat menyesuaikan diri dan terbuka bekerja sama dengan tim.",
            by=_user(perilaku.penilai),
        )


def _evaluate(skp: Skp, periode: Periode, ratings: tuple[str, str], catatan: str) -> Evaluasi:
    penilai = skp.pejabat_penilai
    assert penilai is not None
    draft = evaluasi_save(
        skp=skp, periode=periode, rating_hasil=ratings[0], rating_perilaku=ratings[1], catatan=catatan, by=penilai.user
    )
    return evaluasi_give(evaluasi=draft, by=penilai.user)


def _previous_year(cast: DemoCast, tahun: int, result: PenilaianCast) -> None:
    """A short SKP of last year for four people, with the annual evaluation given."""
    p = cast.pegawai
    instansi = cast.instansi["ntt"]
    annual = next(x for x in periode_ensure(instansi=instansi, tahun=tahun) if x.jenis == JenisPeriode.TAHUNAN)
    for key, ratings in ANNUAL_PREVIOUS_YEAR.items():
        pegawai = p[key]
        skp = skp_create(
            pegawai=pegawai,
            periode_mulai=date(tahun, 1, 1),
            periode_selesai=date(tahun, 12, 31),
            pendekatan="kualitatif",
            by=pegawai.user,
        )
        rhk = Rhk.objects.create(skp=skp, jenis="utama", teks="Terlaksananya tugas jabatan tahun " + str(tahun))
        Iki.objects.create(
            rhk=rhk,
            teks="Tugas jabatan selesai tepat waktu dan diterima pimpinan",
            perspektif="proses_bisnis" if skp.is_jpt else "",
        )
        skp = skp_submit(skp=skp, by=pegawai.user)
        assert pegawai.atasan is not None
        skp = skp_approve(skp=skp, by=pegawai.atasan.user)
        realisasi_teks_add(
            rhk=rhk, periode=annual, teks="Seluruh tugas jabatan tahun ini diselesaikan", by=pegawai.user
        )
        evaluasi = _evaluate(skp, annual, ratings, "Evaluasi tahunan.")
        evaluasi_acknowledge(evaluasi=evaluasi, by=pegawai.user)
        result.evaluasi[(key, 0)] = evaluasi


@transaction.atomic
def seed_penilaian(cast: DemoCast, plans: PlanCast) -> PenilaianCast:
    result = PenilaianCast()
    p = cast.pegawai
    tahun = plans.tahun
    instansi = cast.instansi["ntt"]
    result.periods = periode_ensure(instansi=instansi, tahun=tahun)
    triwulan = [x for x in result.periods if x.jenis == JenisPeriode.PERIODIK][:3]
    if Evaluasi.objects.filter(skp__pegawai=p["kabid"], periode__in=triwulan).exists():
        for e in Evaluasi.objects.current().filter(periode__in=triwulan).select_related("skp__pegawai"):
            key = next((k for k, v in p.items() if v.pk == e.skp.pegawai_id), "")
            result.evaluasi[(key, e.periode.nomor)] = e
        return result
    today = timezone.localdate()

    # The Kepala Bidang sets Santi's revised SKP, so that it is the one in force.
    santi = Skp.objects.current().get(pegawai=p["pranata_komputer"], periode_mulai__year=tahun)
    if santi.status == StatusSkp.DIAJUKAN:
        santi = skp_approve(skp=santi, by=p["kabid"].user)
    skps = {key: Skp.objects.current().get(pegawai=p[key], periode_mulai__year=tahun) for key in PERIODIC_RATINGS}
    skps["pranata_komputer"] = santi

    for n, periode in enumerate(triwulan):
        for key, skp in skps.items():
            _fill_realisasi(skp, periode, Decimal(REALISASI_FACTOR[key][n]), p[key])
            if key in ("ketua_tim", "pranata_komputer"):
                _feedback(skp, periode, today)
        for unit_key, values in CAPAIAN.items():
            capaian_unit_set(
                unit=cast.units[unit_key],
                periode=periode,
                capaian=values[n],
                catatan="Berdasarkan realisasi Perjanjian Kinerja " + periode.nama,
                by=None,
            )

    # Evidence as a file, replaced once: both versions stay in the history.
    rhk_santi = Rhk.objects.filter(skp=santi).order_by("urutan", "pk").first()
    assert rhk_santi is not None
    first = bukti_upload(
        rhk=rhk_santi,
        periode=triwulan[2],
        berkas=SimpleUploadedFile("laporan-triwulan-3.pdf", PDF, "application/pdf"),
        keterangan="Laporan kegiatan",
        by=p["pranata_komputer"].user,
    )
    bukti_replace(
        bukti=first,
        berkas=SimpleUploadedFile("laporan-triwulan-3-final.pdf", PDF, "application/pdf"),
        by=p["pranata_komputer"].user,
    )

    # Incidental feedback and pembinaan.
    kabid = _user(p["kabid"])
    umpan_balik_insidental_add(
        skp=santi,
        periode=triwulan[0],
        kategori="apresiasi",
        teks="Terima kasih atas dukungan aplikasi e-Kinerja saat penetapan SKP massal.",
        tanggal=min(triwulan[0].selesai, today),
        by=kabid,
    )
    ketua = skps["ketua_tim"]
    rhk_ketua = Rhk.objects.filter(skp=ketua).order_by("urutan", "pk").first()
    umpan_balik_insidental_add(
        skp=ketua,
        periode=triwulan[1],
        kategori="tidak_selesai",
        teks="Penyusunan pola karier tertunda karena data jabatan belum lengkap.",
        tanggal=min(triwulan[1].selesai, today),
        by=kabid,
        rhk=rhk_ketua,
        tindak_lanjut="pembinaan",
    )
    pembinaan_add(
        skp=ketua,
        jenis="bimbingan",
        tanggal=min(triwulan[1].selesai, today),
        catatan="Membahas kendala data jabatan dan jadwal penyelesaian pola karier.",
        tindak_lanjut="Koordinasi dengan Bidang Mutasi setiap pekan.",
        by=kabid,
    )

    # Periodic evaluations.
    for n, periode in enumerate(triwulan):
        for key, skp in skps.items():
            evaluasi = _evaluate(
                skp, periode, PERIODIC_RATINGS[key][n], "Pertahankan kinerja dan lengkapi bukti dukung."
            )
            if n < 2:
                evaluasi_acknowledge(evaluasi=evaluasi, by=p[key].user)
            result.evaluasi[(key, periode.nomor)] = evaluasi
    # A draft for the current period: the Kepala Bidang has started but not given it.
    current = next(
        (x for x in result.periods if x.jenis == JenisPeriode.PERIODIK and x.mulai <= today <= x.selesai), None
    )
    if current is not None and current not in triwulan:
        evaluasi_save(skp=santi, periode=current, rating_hasil=S, rating_perilaku=S, catatan="", by=kabid)

    # Keberatan decided: Santi objects to Butuh Perbaikan; the Kepala Badan changes it to Baik.
    decided = keberatan_ajukan(
        evaluasi=result.evaluasi[("pranata_komputer", triwulan[1].nomor)],
        alasan="Realisasi integrasi data TPP tertunda karena akses server dari BKN belum dibuka, bukan karena kinerja saya.",
        by=p["pranata_komputer"].user,
    )
    decided = keberatan_jelaskan(
        keberatan=decided,
        penjelasan="Benar, keterlambatan akses server berada di luar kendali pegawai; kendala sudah dilaporkan.",
        by=kabid,
    )
    result.keberatan["diputuskan"] = keberatan_putuskan(
        keberatan=decided,
        keputusan="ubah",
        rekomendasi="Rating hasil kerja diubah menjadi sesuai ekspektasi; perhitungkan kendala eksternal.",
        by=p["kepala_badan"].user,
        rating_hasil=S,
        rating_perilaku=S,
    )
    # Keberatan open: the ketua tim objects to Kurang; the Kepala Bidang has explained, the Kepala Badan decides.
    open_one = keberatan_ajukan(
        evaluasi=result.evaluasi[("ketua_tim", triwulan[2].nomor)],
        alasan="Perilaku kerja saya pada triwulan ini sudah sesuai ekspektasi; mohon ditinjau kembali.",
        by=p["ketua_tim"].user,
    )
    result.keberatan["terbuka"] = keberatan_jelaskan(
        keberatan=open_one,
        penjelasan="Terdapat dua kali keterlambatan laporan tim tanpa pemberitahuan.",
        by=kabid,
    )

    # The first two quarters are closed for realisasi.
    operator = p["operator"].user
    for periode in triwulan[:2]:
        periode_close(periode=periode, by=operator, alasan="Evaluasi triwulan selesai.")

    _previous_year(cast, tahun - 1, result)
    return result
