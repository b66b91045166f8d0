"""factory_boy factories for the whole project; valid NIPs are generated from a counter."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from organisasi.models import Golongan, Instansi, Jabatan, JenjangFungsional, OperatorRole, Pegawai, UnitKerja


def make_nip(n: int, *, sex: int = 1) -> str:
    """A structurally valid NIP, unique per n below 9,000,000: the birth date walks through days from
    1970 (n mod 9000) and the sequence number carries the rest."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
    tmt_year = birth.year + 20 + (n % 5)
    sequence = (n % 1000 + n // 9000) % 1000
    return f"{birth:%Y%m%d}{tmt_year:04d}{birth.month:02d}{sex}{sequence:03d}"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Rahasia-123")


class InstansiFactory(DjangoModelFactory[Instansi]):
    class Meta:
        model = Instansi

    kode = factory.Sequence(lambda n: f"INS-{n}")
    nama = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    jenis = Instansi.Jenis.DAERAH
    tempat_tanda_tangan = "Kupang"


class UnitKerjaFactory(DjangoModelFactory[UnitKerja]):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"U{n:04d}")
    nama = factory.Sequence(lambda n: f"Bidang Contoh {n}")


class JabatanFactory(DjangoModelFactory[Jabatan]):
    class Meta:
        model = Jabatan

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"J{n:04d}")
    nama = factory.Sequence(lambda n: f"Penelaah Teknis Kebijakan {n}")
    jenis = Jabatan.Jenis.PELAKSANA
    uraian_tugas = "Menelaah bahan kebijakan teknis."

    class Params:
        fungsional = factory.Trait(
            jenis=Jabatan.Jenis.FUNGSIONAL,
            jenjang=factory.LazyFunction(lambda: JenjangFungsional.objects.get(kode="ahli_muda")),
            nama=factory.Sequence(lambda n: f"Pranata Komputer Ahli Muda {n}"),
        )
        jpt = factory.Trait(jenis=Jabatan.Jenis.JPT_PRATAMA, nama=factory.Sequence(lambda n: f"Kepala Badan {n}"))


class PegawaiFactory(DjangoModelFactory[Pegawai]):
    class Meta:
        model = Pegawai

    instansi = factory.SubFactory(InstansiFactory)
    nip = factory.Sequence(lambda n: make_nip(n + 1))
    nama = factory.Faker("name", locale="id_ID")
    status = Pegawai.Status.PNS
    golongan = factory.LazyFunction(lambda: Golongan.objects.get(jenis="PNS", kode="III/a"))
    unit_kerja = factory.SubFactory(UnitKerjaFactory, instansi=factory.SelfAttribute("..instansi"))
    jabatan = factory.SubFactory(JabatanFactory, instansi=factory.SelfAttribute("..instansi"))
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..nip"))


class OperatorRoleFactory(DjangoModelFactory[OperatorRole]):
    class Meta:
        model = OperatorRole

    user = factory.SubFactory(UserFactory)
    instansi = factory.SubFactory(InstansiFactory)


# --- perencanaan -----------------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from perencanaan.models import (  # noqa: E402
    Iki,
    IndikatorKinerja,
    JenisFormSkp,
    Pendekatan,
    PerjanjianKinerja,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
)


class PerjanjianKinerjaFactory(DjangoModelFactory[PerjanjianKinerja]):
    class Meta:
        model = PerjanjianKinerja

    unit_kerja = factory.SubFactory(UnitKerjaFactory)
    tahun = 2026


class SasaranStrategisFactory(DjangoModelFactory[SasaranStrategis]):
    class Meta:
        model = SasaranStrategis

    perjanjian = factory.SubFactory(PerjanjianKinerjaFactory)
    teks = factory.Sequence(lambda n: f"Meningkatnya kualitas pengelolaan kinerja ASN {n}")


class IndikatorKinerjaFactory(DjangoModelFactory[IndikatorKinerja]):
    class Meta:
        model = IndikatorKinerja

    sasaran = factory.SubFactory(SasaranStrategisFactory)
    teks = factory.Sequence(lambda n: f"Indeks sistem merit {n}")
    target = Decimal("85")
    satuan = factory.LazyFunction(lambda: Satuan.objects.get(nama="Indeks"))


class SkpFactory(DjangoModelFactory[Skp]):
    """A draft SKP for the pegawai's current jabatan; no perilaku rows (use skp_create for those)."""

    class Meta:
        model = Skp

    pegawai = factory.SubFactory(PegawaiFactory)
    jabatan = factory.SelfAttribute("pegawai.jabatan")
    unit_kerja = factory.SelfAttribute("pegawai.unit_kerja")
    pejabat_penilai = factory.SelfAttribute("pegawai.atasan")
    periode_mulai = dt.date(2026, 1, 1)
    periode_selesai = dt.date(2026, 12, 31)
    pendekatan = Pendekatan.KUANTITATIF
    jenis_form = factory.LazyAttribute(
        lambda o: JenisFormSkp.JPT if o.jabatan is not None and o.jabatan.is_jpt_form else JenisFormSkp.JAJF
    )


class RhkFactory(DjangoModelFactory[Rhk]):
    class Meta:
        model = Rhk

    skp = factory.SubFactory(SkpFactory)
    jenis = "utama"
    teks = factory.Sequence(lambda n: f"Terlaksananya pendampingan aplikasi kinerja {n}")


class IkiFactory(DjangoModelFactory[Iki]):
    class Meta:
        model = Iki

    rhk = factory.SubFactory(RhkFactory)
    teks = factory.Sequence(lambda n: f"Jumlah perangkat daerah yang didampingi {n}")
    aspek = "kuantitas"
    target_min = Decimal("20")
    satuan = factory.LazyFunction(lambda: Satuan.objects.get(nama="Perangkat Daerah"))


def versi_now(record: object) -> str:
    """The version an edit form opened now would carry for `record` (read fresh from the database)."""
    from organisasi.konflik import versi_of

    return str(versi_of(type(record)._default_manager.get(pk=record.pk)))  # type: ignore[attr-defined]
