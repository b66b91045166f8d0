"""The demo cast (README lists it). Idempotent: running it again changes nothing.

Later stages build on `seed_organisasi()`'s result (SKP, evaluations …), so it returns the
people by role.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User

from .models import Golongan, Instansi, Jabatan, JenjangFungsional, OperatorRole, Pegawai, TimKerja, UnitKerja

DEMO_PASSWORD = "KinerjaDemo2026!"  # noqa: S105 - documented in the README, demo data only
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    status: str
    golongan: str
    jabatan: str
    unit: str
    atasan: str | None
    peran: str  # the role described in the README


@dataclass
class DemoCast:
    instansi: dict[str, Instansi] = field(default_factory=dict)
    units: dict[str, UnitKerja] = field(default_factory=dict)
    jabatan: dict[str, Jabatan] = field(default_factory=dict)
    pegawai: dict[str, Pegawai] = field(default_factory=dict)
    admin: User | None = None


INSTANSI = [
    ("ntt", "PROV-NTT", "Pemerintah Provinsi Nusa Tenggara Timur", "daerah", "Kupang"),
    ("krm", "KAB-KRM", "Pemerintah Kabupaten Karimun", "daerah", "Tanjung Balai Karimun"),
]

# (key, instansi, kode, nama, induk)
UNITS = [
    ("setda", "ntt", "SETDA", "Sekretariat Daerah", None),
    ("bkd", "ntt", "BKD", "Badan Kepegawaian Daerah", None),
    ("bkd_sekretariat", "ntt", "BKD.01", "Sekretariat", "bkd"),
    ("bkd_pengembangan", "ntt", "BKD.02", "Bidang Pengembangan Pegawai", "bkd"),
    ("bkd_mutasi", "ntt", "BKD.03", "Bidang Mutasi dan Promosi", "bkd"),
    ("bkpsdm", "krm", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", None),
    ("bkpsdm_kinerja", "krm", "BKPSDM.02", "Bidang Penilaian Kinerja dan Penghargaan", "bkpsdm"),
]

# (key, instansi, kode, nama, jenis, jenjang, uraian tugas)
JABATAN = [
    (
        "sekda",
        "ntt",
        "J-000",
        "Sekretaris Daerah",
        "jpt_madya",
        None,
        "Membantu Gubernur menyusun kebijakan dan mengoordinasikan perangkat daerah; atasan para kepala badan.",
    ),
    (
        "kaban",
        "ntt",
        "J-001",
        "Kepala Badan Kepegawaian Daerah",
        "jpt_pratama",
        None,
        "Memimpin, merumuskan kebijakan teknis, mengoordinasikan dan mengendalikan penyelenggaraan manajemen ASN "
        "di lingkungan Pemerintah Provinsi.",
    ),
    (
        "sekban",
        "ntt",
        "J-002",
        "Sekretaris Badan",
        "administrator",
        None,
        "Mengoordinasikan urusan umum, kepegawaian, keuangan, perencanaan dan pelaporan Badan.",
    ),
    (
        "kabid_bangpeg",
        "ntt",
        "J-003",
        "Kepala Bidang Pengembangan Pegawai",
        "administrator",
        None,
        "Menyiapkan perumusan dan pelaksanaan kebijakan teknis pengembangan kompetensi, penilaian kompetensi "
        "dan penilaian kinerja pegawai.",
    ),
    (
        "assessor_muda",
        "ntt",
        "J-004",
        "Assessor SDM Aparatur Ahli Muda",
        "fungsional",
        "ahli_muda",
        "Melaksanakan penilaian kompetensi manajerial dan sosial kultural ASN; sebagai subkoordinator "
        "memimpin tim penilaian kompetensi dan kinerja.",
    ),
    (
        "prakom_muda",
        "ntt",
        "J-005",
        "Pranata Komputer Ahli Muda",
        "fungsional",
        "ahli_muda",
        "Melaksanakan pengelolaan sistem informasi kepegawaian, perawatan dan pencadangan sistem, serta "
        "pendampingan penggunaan aplikasi kinerja.",
    ),
    (
        "prakom_pertama",
        "ntt",
        "J-006",
        "Pranata Komputer Ahli Pertama",
        "fungsional",
        "ahli_pertama",
        "Melaksanakan pengolahan data dan dukungan teknis aplikasi kepegawaian.",
    ),
    (
        "penelaah",
        "ntt",
        "J-007",
        "Penelaah Teknis Kebijakan",
        "pelaksana",
        None,
        "Menelaah bahan kebijakan teknis pengembangan pegawai dan menyusun laporan hasil telaah.",
    ),
    (
        "pengelola_kepeg",
        "ntt",
        "J-008",
        "Pengelola Kepegawaian",
        "pelaksana",
        None,
        "Mengelola data kepegawaian, akun dan periode pada aplikasi kinerja.",
    ),
    (
        "kaban_krm",
        "krm",
        "J-101",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "jpt_pratama",
        None,
        "Memimpin penyelenggaraan manajemen ASN di lingkungan Pemerintah Kabupaten.",
    ),
    (
        "kabid_kinerja_krm",
        "krm",
        "J-102",
        "Kepala Bidang Penilaian Kinerja dan Penghargaan",
        "administrator",
        None,
        "Menyiapkan kebijakan teknis penilaian kinerja dan penghargaan pegawai.",
    ),
    (
        "analis_sdm_krm",
        "krm",
        "J-103",
        "Analis SDM Aparatur Ahli Pertama",
        "fungsional",
        "ahli_pertama",
        "Menganalisis data kinerja pegawai dan menyusun rekomendasi pengembangan.",
    ),
    (
        "operator_krm",
        "krm",
        "J-104",
        "Pengolah Data dan Informasi",
        "pelaksana",
        None,
        "Mengolah data kepegawaian pada aplikasi kinerja.",
    ),
]

PEOPLE = [
    DemoPerson(
        "sekda",
        "196805121990031013",
        "Benediktus Nahak",
        "Dr.",
        "M.Si.",
        "PNS",
        "IV/d",
        "sekda",
        "setda",
        None,
        "Sekretaris Daerah (JPT Madya), pejabat penilai Kepala Badan",
    ),
    DemoPerson(
        "kepala_badan",
        "197203151998031001",
        "Yohanes Bria Manek",
        "Dr.",
        "S.H., M.Si.",
        "PNS",
        "IV/c",
        "kaban",
        "bkd",
        "sekda",
        "Kepala Badan (JPT Pratama), pejabat penilai para kepala bidang",
    ),
    DemoPerson(
        "sekretaris",
        "197505051999031003",
        "Paulus Kolo",
        "Drs.",
        "M.Si.",
        "PNS",
        "IV/b",
        "sekban",
        "bkd_sekretariat",
        "kepala_badan",
        "Sekretaris Badan, atasan operator",
    ),
    DemoPerson(
        "kabid",
        "197808122003122002",
        "Maria Goreti Lake",
        "",
        "S.Sos., M.AP.",
        "PNS",
        "IV/a",
        "kabid_bangpeg",
        "bkd_pengembangan",
        "kepala_badan",
        "Kepala Bidang Pengembangan Pegawai, pejabat penilai",
    ),
    DemoPerson(
        "ketua_tim",
        "198304172008011004",
        "Gregorius Nenobais",
        "",
        "S.Psi., M.Psi.",
        "PNS",
        "III/d",
        "assessor_muda",
        "bkd_pengembangan",
        "kabid",
        "Subkoordinator / Assessor SDM Aparatur Ahli Muda, ketua tim",
    ),
    DemoPerson(
        "pranata_komputer",
        "198611232010012005",
        "Santi Anggraeni Tallo",
        "",
        "S.Kom.",
        "PNS",
        "III/c",
        "prakom_muda",
        "bkd_pengembangan",
        "kabid",
        "Pranata Komputer Ahli Muda (pegawai)",
    ),
    DemoPerson(
        "pelaksana",
        "199102142015031006",
        "Yakobus Ndun",
        "",
        "A.Md.",
        "PNS",
        "II/d",
        "penelaah",
        "bkd_pengembangan",
        "kabid",
        "Penelaah Teknis Kebijakan (pelaksana)",
    ),
    DemoPerson(
        "pppk",
        "199507092022122007",
        "Fransiska Nona Seran",
        "",
        "S.Kom.",
        "PPPK",
        "IX",
        "prakom_pertama",
        "bkd_pengembangan",
        "kabid",
        "PPPK, Pranata Komputer Ahli Pertama",
    ),
    DemoPerson(
        "operator",
        "198901302014022008",
        "Agustina Mbura",
        "",
        "S.E.",
        "PNS",
        "III/b",
        "pengelola_kepeg",
        "bkd_sekretariat",
        "sekretaris",
        "Operator kepegawaian Pemprov NTT",
    ),
    DemoPerson(
        "kepala_krm",
        "197011201995031009",
        "Raden Harsono Wibowo",
        "Ir.",
        "M.M.",
        "PNS",
        "IV/c",
        "kaban_krm",
        "bkpsdm",
        None,
        "Kepala BKPSDM Karimun (JPT Pratama), instansi kedua",
    ),
    DemoPerson(
        "penilai_krm",
        "198002022005011010",
        "Siti Rahmawati",
        "",
        "S.E., M.Si.",
        "PNS",
        "IV/a",
        "kabid_kinerja_krm",
        "bkpsdm_kinerja",
        "kepala_krm",
        "Kepala Bidang di Karimun, pejabat penilai",
    ),
    DemoPerson(
        "pegawai_krm",
        "199306152019032011",
        "Nurul Aini",
        "",
        "S.Psi.",
        "CPNS",
        "III/a",
        "analis_sdm_krm",
        "bkpsdm_kinerja",
        "penilai_krm",
        "Analis SDM Aparatur Ahli Pertama di Karimun",
    ),
    DemoPerson(
        "operator_krm",
        "199012122015031012",
        "Hendra Saputra",
        "",
        "S.Kom.",
        "PNS",
        "III/b",
        "operator_krm",
        "bkpsdm",
        "kepala_krm",
        "Operator kepegawaian Kabupaten Karimun",
    ),
]

UNIT_HEADS = {
    "setda": "sekda",
    "bkd": "kepala_badan",
    "bkd_sekretariat": "sekretaris",
    "bkd_pengembangan": "kabid",
    "bkpsdm": "kepala_krm",
    "bkpsdm_kinerja": "penilai_krm",
}
REKAN_KERJA = {"pranata_komputer": ["ketua_tim"], "ketua_tim": ["pranata_komputer"]}
OPERATORS = {"operator": "ntt", "operator_krm": "krm"}


def _golongan(status: str, kode: str) -> Golongan:
    return Golongan.objects.get(jenis="PPPK" if status == "PPPK" else "PNS", kode=kode)


@transaction.atomic
def seed_organisasi() -> DemoCast:
    cast = DemoCast()
    password_hash = make_password(DEMO_PASSWORD)
    for key, kode, nama, jenis, tempat in INSTANSI:
        cast.instansi[key], _ = Instansi.objects.update_or_create(
            kode=kode, defaults={"nama": nama, "jenis": jenis, "tempat_tanda_tangan": tempat}
        )
    for key, inst, kode, nama, induk in UNITS:
        cast.units[key], _ = UnitKerja.objects.update_or_create(
            instansi=cast.instansi[inst],
            kode=kode,
            defaults={"nama": nama, "induk": cast.units[induk] if induk else None},
        )
    for key, inst, kode, nama, jenis, jenjang, uraian in JABATAN:
        cast.jabatan[key], _ = Jabatan.objects.update_or_create(
            instansi=cast.instansi[inst],
            kode=kode,
            defaults={
                "nama": nama,
                "jenis": jenis,
                "jenjang": JenjangFungsional.objects.get(kode=jenjang) if jenjang else None,
                "uraian_tugas": uraian,
            },
        )
    for person in PEOPLE:
        unit = cast.units[person.unit]
        user, _created = User.objects.get_or_create(
            username=person.nip, defaults={"first_name": person.nama[:150], "password": password_hash}
        )
        cast.pegawai[person.key], _ = Pegawai.objects.update_or_create(
            nip=person.nip,
            defaults={
                "instansi": unit.instansi,
                "nama": person.nama,
                "gelar_depan": person.gelar_depan,
                "gelar_belakang": person.gelar_belakang,
                "status": person.status,
                "golongan": _golongan(person.status, person.golongan),
                "jabatan": cast.jabatan[person.jabatan],
                "unit_kerja": unit,
                "atasan": cast.pegawai[person.atasan] if person.atasan else None,
                "user": user,
            },
        )
    for unit_key, head_key in UNIT_HEADS.items():
        unit = cast.units[unit_key]
        if unit.kepala_id != cast.pegawai[head_key].pk:
            unit.kepala = cast.pegawai[head_key]
            unit.save(update_fields=["kepala", "updated_at"])
    for key, rekan_keys in REKAN_KERJA.items():
        cast.pegawai[key].rekan_kerja.add(*(cast.pegawai[k] for k in rekan_keys))
    for person_key, inst_key in OPERATORS.items():
        operator_user = cast.pegawai[person_key].user
        assert operator_user is not None
        OperatorRole.objects.get_or_create(user=operator_user, instansi=cast.instansi[inst_key], unit_kerja=None)
    tim, _ = TimKerja.objects.update_or_create(
        instansi=cast.instansi["ntt"],
        nama="Tim Penilaian Kompetensi dan Kinerja",
        defaults={"unit_kerja": cast.units["bkd_pengembangan"], "ketua": cast.pegawai["ketua_tim"]},
    )
    tim.anggota.add(cast.pegawai["pranata_komputer"], cast.pegawai["pelaksana"], cast.pegawai["pppk"])
    cast.admin, _created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"first_name": "Administrator", "password": password_hash, "is_staff": True, "is_superuser": True},
    )
    return cast
