"""Rows for the rekap, monitoring and export tests, made directly (the services are written by
other hands at the same time) and in bulk where the tests need many."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.utils import timezone

from organisasi.models import Golongan, Instansi, Jabatan, Pegawai, UnitKerja
from pelaksanaan.models import Periode, Realisasi
from pelaksanaan.periode import periode_ensure
from penilaian.models import Evaluasi, Keberatan, Rating, StatusEvaluasi, StatusKeberatan
from penilaian.rules import predikat_from_ratings
from perencanaan.models import JenisFormSkp, Pendekatan, Skp, StatusSkp
from tests.factories import PegawaiFactory, RhkFactory, UnitKerjaFactory, make_nip

# One rating pair for each predikat (SPEC §6.2).
RATINGS_FOR = {
    "sangat_baik": (Rating.DI_ATAS, Rating.DI_ATAS),
    "baik": (Rating.SESUAI, Rating.SESUAI),
    "butuh_perbaikan": (Rating.DI_BAWAH, Rating.SESUAI),
    "kurang": (Rating.SESUAI, Rating.DI_BAWAH),
    "sangat_kurang": (Rating.DI_BAWAH, Rating.DI_BAWAH),
}

_nip_counter = itertools.count(50_000)


def periods(instansi: Instansi, tahun: int = 2026) -> dict[str, Periode]:
    """The instansi's periods by name ("Triwulan I" …, "Tahunan")."""
    return {p.nama: p for p in periode_ensure(instansi=instansi, tahun=tahun)}


def annual(instansi: Instansi, tahun: int = 2026) -> Periode:
    return next(p for p in periode_ensure(instansi=instansi, tahun=tahun) if p.is_tahunan)


def periodic(instansi: Instansi, nomor: int, tahun: int = 2026) -> Periode:
    return next(p for p in periode_ensure(instansi=instansi, tahun=tahun) if not p.is_tahunan and p.nomor == nomor)


def set_skp(
    pegawai: Pegawai,
    *,
    mulai: dt.date = dt.date(2026, 1, 1),
    selesai: dt.date = dt.date(2026, 12, 31),
    status: str = StatusSkp.DITETAPKAN,
    jabatan: Jabatan | None = None,
    ditetapkan_pada: dt.datetime | None = None,
) -> Skp:
    jabatan = jabatan or pegawai.jabatan
    assert jabatan is not None
    if status == StatusSkp.DITETAPKAN and ditetapkan_pada is None:
        ditetapkan_pada = timezone.make_aware(dt.datetime(mulai.year, 1, 20, 9, 0))
    return Skp.objects.create(
        pegawai=pegawai,
        jabatan=jabatan,
        unit_kerja=pegawai.unit_kerja,
        pejabat_penilai=pegawai.atasan,
        periode_mulai=mulai,
        periode_selesai=selesai,
        pendekatan=Pendekatan.KUANTITATIF,
        jenis_form=JenisFormSkp.JPT if jabatan.is_jpt_form else JenisFormSkp.JAJF,
        status=status,
        ditetapkan_pada=ditetapkan_pada,
    )


def give(
    skp: Skp,
    periode: Periode,
    predikat: str,
    *,
    status: str = StatusEvaluasi.DIBERIKAN,
    sebelumnya: Evaluasi | None = None,
) -> Evaluasi:
    """A given (or draft) evaluation of the SKP in the period with ratings that make the predikat."""
    hasil, perilaku = RATINGS_FOR[predikat]
    assert predikat_from_ratings(hasil_kerja=hasil, perilaku_kerja=perilaku) == predikat
    penilai = skp.pejabat_penilai or skp.pegawai
    if sebelumnya is not None:  # a keberatan changed the result: the original is kept, replaced
        sebelumnya.diganti_pada = timezone.now()
        sebelumnya.save(update_fields=["diganti_pada"])
    return Evaluasi.objects.create(
        skp=skp,
        periode=periode,
        versi=sebelumnya.versi + 1 if sebelumnya is not None else 1,
        sebelumnya=sebelumnya,
        status=status,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        predikat=predikat,
        penilai=penilai,
        diberikan_pada=timezone.now() if status == StatusEvaluasi.DIBERIKAN else None,
    )


def bulk_pegawai(
    *,
    instansi: Instansi,
    unit: UnitKerja,
    jabatan: Jabatan,
    n: int,
    atasan: Pegawai | None = None,
    prefix: str = "Pegawai",
) -> list[Pegawai]:
    golongan = Golongan.objects.get(jenis="PNS", kode="III/a")
    made = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=instansi,
            nip=make_nip(next(_nip_counter)),
            nama=f"{prefix} {i:04d}",
            status=Pegawai.Status.PNS,
            golongan=golongan,
            jabatan=jabatan,
            unit_kerja=unit,
            atasan=atasan,
        )
        for i in range(n)
    )
    return list(Pegawai.objects.filter(pk__in=[p.pk for p in made]).order_by("nama"))


def bulk_rated(pegawai: list[Pegawai], periode: Periode, *, every: int = 1) -> None:
    """A set full-year SKP for each pegawai and, for every `every`-th, a given evaluation cycling
    through the five predikat."""
    jabatan = pegawai[0].jabatan
    assert jabatan is not None
    skps = Skp.objects.bulk_create(
        Skp(
            pegawai=p,
            jabatan=jabatan,
            unit_kerja=p.unit_kerja,
            pejabat_penilai=p.atasan,
            periode_mulai=dt.date(periode.tahun, 1, 1),
            periode_selesai=dt.date(periode.tahun, 12, 31),
            pendekatan=Pendekatan.KUANTITATIF,
            jenis_form=JenisFormSkp.JAJF,
            status=StatusSkp.DITETAPKAN,
            ditetapkan_pada=timezone.make_aware(dt.datetime(periode.tahun, 1, 20)),
        )
        for p in pegawai
    )
    codes = list(RATINGS_FOR)
    Evaluasi.objects.bulk_create(
        Evaluasi(
            skp=skp,
            periode=periode,
            status=StatusEvaluasi.DIBERIKAN,
            rating_hasil=RATINGS_FOR[codes[i % 5]][0],
            rating_perilaku=RATINGS_FOR[codes[i % 5]][1],
            predikat=codes[i % 5],
            penilai=skp.pegawai,
            diberikan_pada=timezone.now(),
        )
        for i, skp in enumerate(skps)
        if i % every == 0
    )


# --- A small organisation for the monitoring tests ---------------------------------------------


@dataclass
class Org:
    root: UnitKerja
    a: UnitKerja
    a1: UnitKerja
    b: UnitKerja
    kepala: Pegawai
    kepala_a: Pegawai
    people: dict[str, Pegawai]


def late(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def build_org() -> Org:
    """Root R (kepala), A (kepala_a) with sub-unit A1, and B; pegawai in every SKP state."""
    root = UnitKerjaFactory(kode="1", nama="Dinas")
    instansi = root.instansi
    a = UnitKerjaFactory(instansi=instansi, induk=root, kode="1.1", nama="Bidang A")
    a1 = UnitKerjaFactory(instansi=instansi, induk=a, kode="1.1.1", nama="Seksi A1")
    b = UnitKerjaFactory(instansi=instansi, induk=root, kode="1.2", nama="Bidang B")
    kepala = PegawaiFactory(instansi=instansi, unit_kerja=root, nama="Kepala Dinas")
    root.kepala = kepala
    root.save()
    kepala_a = PegawaiFactory(instansi=instansi, unit_kerja=a, atasan=kepala, nama="Kepala A")
    a.kepala = kepala_a
    a.save()
    tw1 = periodic(instansi, 1)
    people: dict[str, Pegawai] = {"kepala": kepala, "kepala_a": kepala_a}

    def add(key: str, unit: UnitKerja) -> Pegawai:
        people[key] = PegawaiFactory(instansi=instansi, unit_kerja=unit, atasan=kepala_a, nama=key)
        return people[key]

    set_skp(kepala)  # set on 20 January: on time
    set_skp(kepala_a, ditetapkan_pada=late(dt.date(2026, 2, 5)))  # set late
    set_skp(add("draf", a), status=StatusSkp.DRAFT)
    set_skp(add("kembali", a), status=StatusSkp.DIKEMBALIKAN)
    set_skp(add("diajukan", a1), status=StatusSkp.DIAJUKAN)
    add("tanpa_skp", a1)
    tepat = set_skp(add("tepat", a1))
    mutasi = add("mutasi", b)
    # Two SKP in the year: the first (set on time) ended in June, the second is still a draft.
    set_skp(mutasi, selesai=dt.date(2026, 6, 30))
    set_skp(mutasi, mulai=dt.date(2026, 7, 1), status=StatusSkp.DRAFT)
    PegawaiFactory(instansi=instansi, unit_kerja=b, aktif=False)  # not counted

    # Realisasi in Triwulan I: the root's head (current) and `tepat` (only a replaced one).
    skp_kepala = kepala.skp.get()
    Realisasi.objects.create(skp=skp_kepala, periode=tw1, rhk=RhkFactory(skp=skp_kepala), teks="Selesai")
    Realisasi.objects.create(
        skp=tepat, periode=tw1, rhk=RhkFactory(skp=tepat), teks="Diganti", diganti_pada=timezone.now()
    )
    # Evaluations in Triwulan I: given for the kepala, a draft for `tepat`.
    given = give(skp_kepala, tw1, "baik")
    give(tepat, tw1, "sangat_baik", status=StatusEvaluasi.DRAFT)
    Keberatan.objects.create(evaluasi=given, alasan="Tidak sesuai", diajukan_oleh=kepala)
    decided = give(kepala_a.skp.get(), tw1, "kurang")
    Keberatan.objects.create(evaluasi=decided, alasan="x", diajukan_oleh=kepala_a, status=StatusKeberatan.DIPUTUSKAN)
    return Org(root, a, a1, b, kepala, kepala_a, people)
