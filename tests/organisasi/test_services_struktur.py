"""Services for the structure of an instansi: unit kerja, jabatan, pegawai (with their account)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from organisasi.models import Golongan, Jabatan, JenjangFungsional, OperatorRole, Pegawai, TimKerja, UnitKerja
from organisasi.services import struktur
from tests.conftest import World
from tests.factories import (
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
    make_nip,
)

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def golongan(jenis: str, kode: str) -> Golongan:
    return Golongan.objects.get(jenis=jenis, kode=kode)


# --- Unit kerja -------------------------------------------------------------------------------


def test_unit_create_and_duplicate_kode_is_refused_with_a_clear_message(world: World) -> None:
    unit = struktur.unit_kerja_create(
        instansi=world.instansi, kode=" BKD.05 ", nama="Bidang Informasi", induk=world.unit, kepala=world.kepala
    )
    assert (unit.kode, unit.induk, unit.kepala) == ("BKD.05", world.unit, world.kepala)
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_create(instansi=world.instansi, kode="bkd.05", nama="Lain")
    assert "sudah dipakai" in messages_of(exc, "kode")
    assert "Bidang Informasi" in messages_of(exc, "kode")
    # The same kode in another instansi is fine.
    struktur.unit_kerja_create(instansi=world.other_instansi, kode="BKD.05", nama="Bidang Informasi")


def test_unit_parent_and_head_must_be_of_the_same_instansi(world: World) -> None:
    other_unit = UnitKerjaFactory(instansi=world.other_instansi)
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_create(instansi=world.instansi, kode="X1", nama="X", induk=other_unit)
    assert "instansi yang sama" in messages_of(exc, "induk")
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_create(instansi=world.instansi, kode="X1", nama="X", kepala=world.other_pegawai)
    assert "Kepala unit harus pegawai instansi ini" in messages_of(exc, "kepala")
    assert not UnitKerja.objects.filter(kode="X1").exists()


def test_unit_cannot_be_moved_under_itself_or_a_descendant(world: World) -> None:
    child = UnitKerjaFactory(instansi=world.instansi, induk=world.unit)
    grandchild = UnitKerjaFactory(instansi=world.instansi, induk=child)
    for induk in (world.unit, grandchild):
        with pytest.raises(ValidationError) as exc:
            struktur.unit_kerja_update(
                unit=world.unit, kode=world.unit.kode, nama=world.unit.nama, induk=induk, kepala=None
            )
        assert "sub-unitnya" in messages_of(exc, "induk")
    world.unit.refresh_from_db()
    assert world.unit.induk_id is None


def test_unit_update_refuses_a_parent_whose_chain_already_loops(world: World) -> None:
    a = UnitKerjaFactory(instansi=world.instansi)
    b = UnitKerjaFactory(instansi=world.instansi, induk=a)
    UnitKerja.objects.filter(pk=a.pk).update(induk=b)  # broken data, as an old import could leave
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_update(unit=world.unit, kode=world.unit.kode, nama="X", induk=a, kepala=None)
    assert "berputar" in messages_of(exc, "induk")


def test_unit_update_changes_fields(world: World) -> None:
    new_parent = UnitKerjaFactory(instansi=world.instansi)
    unit = struktur.unit_kerja_update(
        unit=world.unit, kode="SET", nama="Sekretariat", induk=new_parent, kepala=world.atasan
    )
    unit.refresh_from_db()
    assert (unit.kode, unit.nama, unit.induk, unit.kepala) == ("SET", "Sekretariat", new_parent, world.atasan)


def test_unit_delete_is_refused_while_it_has_sub_units_pegawai_teams_or_roles(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_delete(unit=world.unit)
    assert "pegawai" in exc.value.messages[0]

    parent = UnitKerjaFactory(instansi=world.instansi)
    UnitKerjaFactory(instansi=world.instansi, induk=parent)
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_delete(unit=parent)
    assert "1 sub-unit" in exc.value.messages[0]

    with_role = UnitKerjaFactory(instansi=world.instansi)
    OperatorRole.objects.create(user=world.operator, instansi=world.instansi, unit_kerja=with_role)
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_delete(unit=with_role)
    assert "peran operator" in exc.value.messages[0]

    with_team = UnitKerjaFactory(instansi=world.instansi)
    TimKerja.objects.create(instansi=world.instansi, unit_kerja=with_team, nama="Tim", ketua=world.kepala)
    with pytest.raises(ValidationError) as exc:
        struktur.unit_kerja_delete(unit=with_team)
    assert "tim kerja" in exc.value.messages[0]

    assert UnitKerja.objects.filter(pk__in=[world.unit.pk, parent.pk, with_role.pk, with_team.pk]).count() == 4


def test_empty_unit_is_deleted(world: World) -> None:
    unit = UnitKerjaFactory(instansi=world.instansi, induk=world.unit, kepala=world.kepala)
    struktur.unit_kerja_delete(unit=unit)
    assert not UnitKerja.objects.filter(pk=unit.pk).exists()


# --- Jabatan ----------------------------------------------------------------------------------


def test_jabatan_blank_kode_gets_the_next_free_code(world: World) -> None:
    first = struktur.jabatan_create(instansi=world.instansi, nama="Analis Kepegawaian", jenis="pelaksana")
    second = struktur.jabatan_create(instansi=world.instansi, nama="Pengadministrasi Umum", jenis="pelaksana")
    assert (first.kode, second.kode) == ("JAB-0001", "JAB-0002")
    JabatanFactory(instansi=world.instansi, kode="JAB-0041")
    third = struktur.jabatan_create(instansi=world.instansi, nama="Pranata Komputer", jenis="pelaksana", kode="  ")
    assert third.kode == "JAB-0042"
    # Codes are per instansi.
    assert struktur.jabatan_create(instansi=world.other_instansi, nama="X", jenis="pelaksana").kode == "JAB-0001"


def test_jabatan_duplicate_kode_is_refused(world: World) -> None:
    JabatanFactory(instansi=world.instansi, kode="J-001", nama="Kepala Badan")
    with pytest.raises(ValidationError) as exc:
        struktur.jabatan_create(instansi=world.instansi, nama="Lain", jenis="pelaksana", kode="j-001")
    assert "Kepala Badan" in messages_of(exc, "kode")
    assert not Jabatan.objects.filter(nama="Lain").exists()


def test_jabatan_jenjang_only_and_always_for_fungsional(world: World) -> None:
    jenjang = JenjangFungsional.objects.get(kode="ahli_muda")
    with pytest.raises(ValidationError) as exc:
        struktur.jabatan_create(instansi=world.instansi, nama="Pranata Komputer", jenis="fungsional")
    assert "wajib memiliki jenjang" in messages_of(exc, "jenjang")
    with pytest.raises(ValidationError) as exc:
        struktur.jabatan_create(instansi=world.instansi, nama="Penelaah", jenis="pelaksana", jenjang=jenjang)
    assert "hanya untuk jabatan fungsional" in messages_of(exc, "jenjang")
    jf = struktur.jabatan_create(
        instansi=world.instansi,
        nama="Pranata Komputer Ahli Muda",
        jenis="fungsional",
        jenjang=jenjang,
        uraian_tugas="Mengelola sistem informasi.",
    )
    assert jf.skp_form_label == "JA/JF"
    jpt = struktur.jabatan_update(
        jabatan=jf, nama="Kepala Badan", jenis="jpt_pratama", jenjang=None, uraian_tugas="Memimpin.", kode=jf.kode
    )
    jpt.refresh_from_db()
    assert (jpt.jenis, jpt.jenjang, jpt.skp_form_label) == ("jpt_pratama", None, "JPT")


def test_jabatan_delete_refused_while_held(world: World) -> None:
    held = world.pegawai.jabatan
    assert held is not None
    with pytest.raises(ValidationError) as exc:
        struktur.jabatan_delete(jabatan=held)
    assert "dipangku oleh 1 pegawai" in exc.value.messages[0]
    assert Jabatan.objects.filter(pk=held.pk).exists()
    free = JabatanFactory(instansi=world.instansi)
    struktur.jabatan_delete(jabatan=free)
    assert not Jabatan.objects.filter(pk=free.pk).exists()


# --- Pegawai ----------------------------------------------------------------------------------


def pegawai_kwargs(world: World, **overrides: object) -> dict[str, object]:
    kwargs: dict[str, object] = {
        "instansi": world.instansi,
        "nip": make_nip(7001),
        "nama": "Santi Anggraeni Tallo",
        "gelar_belakang": "S.Kom.",
        "status": "PNS",
        "golongan": golongan("PNS", "III/c"),
        "jabatan": world.pegawai.jabatan,
        "unit_kerja": world.unit,
        "atasan": world.atasan,
    }
    kwargs.update(overrides)
    return kwargs


def test_pegawai_create_makes_the_account_in_the_same_transaction(world: World) -> None:
    nip = make_nip(7001)
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    pegawai = struktur.pegawai_create(**pegawai_kwargs(world, nip=spaced))  # type: ignore[arg-type]
    pegawai.refresh_from_db()
    assert pegawai.nip == nip
    assert pegawai.user is not None
    assert pegawai.user.username == nip
    assert not pegawai.user.has_usable_password()
    assert pegawai.user.is_active
    assert pegawai.nama_lengkap == "Santi Anggraeni Tallo, S.Kom."


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"nip": "19851312201001200"}, "nip", "18 angka"),
        ({"nip": "198513122010012003"}, "nip", "bukan tanggal yang ada"),
        ({"nip": "198503122010013003"}, "nip", "harus 1 atau 2"),
        ({"status": "PPPK"}, "golongan", "Golongan tidak sesuai"),
        ({"golongan": "PPPK-IX"}, "golongan", "Golongan tidak sesuai"),
    ],
)
def test_pegawai_create_refuses_bad_input_and_saves_nothing(
    world: World, overrides: dict[str, object], field: str, fragment: str
) -> None:
    if overrides.get("golongan") == "PPPK-IX":
        overrides = {**overrides, "golongan": golongan("PPPK", "IX")}
    users, pegawai = User.objects.count(), Pegawai.objects.count()
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_create(**pegawai_kwargs(world, **overrides))  # type: ignore[arg-type]
    assert fragment in messages_of(exc, field)
    assert (User.objects.count(), Pegawai.objects.count()) == (users, pegawai)


def test_pegawai_create_refuses_a_taken_nip(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_create(**pegawai_kwargs(world, nip=world.pegawai.nip))  # type: ignore[arg-type]
    assert world.pegawai.nama in messages_of(exc, "nip")
    # Another instansi's pegawai: the NIP is taken, but their name is not revealed.
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_create(**pegawai_kwargs(world, nip=world.other_pegawai.nip))  # type: ignore[arg-type]
    assert "instansi lain" in messages_of(exc, "nip")
    assert world.other_pegawai.nama not in messages_of(exc, "nip")


def test_pegawai_create_refuses_when_the_username_is_taken(world: World) -> None:
    UserFactory(username=make_nip(7001))
    count = Pegawai.objects.count()
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_create(**pegawai_kwargs(world))  # type: ignore[arg-type]
    assert "akun lain" in messages_of(exc, "nip")
    assert Pegawai.objects.count() == count


def test_pegawai_atasan_must_be_of_the_same_instansi(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_create(**pegawai_kwargs(world, atasan=world.other_pegawai))  # type: ignore[arg-type]
    assert "instansi yang sama" in messages_of(exc, "atasan")


def update_kwargs(pegawai: Pegawai, **overrides: object) -> dict[str, object]:
    kwargs: dict[str, object] = {
        "pegawai": pegawai,
        "nip": pegawai.nip,
        "nama": pegawai.nama,
        "gelar_depan": pegawai.gelar_depan,
        "gelar_belakang": pegawai.gelar_belakang,
        "status": pegawai.status,
        "golongan": pegawai.golongan,
        "jabatan": pegawai.jabatan,
        "unit_kerja": pegawai.unit_kerja,
        "atasan": pegawai.atasan,
        "tugas_belajar": pegawai.tugas_belajar,
        "aktif": pegawai.aktif,
    }
    kwargs.update(overrides)
    return kwargs


def test_pegawai_update_refuses_an_atasan_cycle(world: World) -> None:
    # kepala → atasan → pegawai: making pegawai the kepala's atasan would loop.
    for atasan in (world.pegawai, world.atasan, world.kepala):
        with pytest.raises(ValidationError) as exc:
            struktur.pegawai_update(**update_kwargs(world.kepala, atasan=atasan))  # type: ignore[arg-type]
        assert "atasan" in exc.value.message_dict
    world.kepala.refresh_from_db()
    assert world.kepala.atasan_id is None


def test_pegawai_update_refuses_an_atasan_whose_chain_already_loops(world: World) -> None:
    Pegawai.objects.filter(pk=world.kepala.pk).update(atasan=world.atasan)  # broken data
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_update(**update_kwargs(world.rekan, atasan=world.kepala))  # type: ignore[arg-type]
    assert "berputar" in messages_of(exc, "atasan")


def test_pegawai_update_renames_the_account_with_the_nip(world: World) -> None:
    new_nip = make_nip(7002)
    struktur.pegawai_update(**update_kwargs(world.pegawai, nip=new_nip, nama="Nama Baru"))  # type: ignore[arg-type]
    world.pegawai.refresh_from_db()
    assert world.pegawai.nip == new_nip
    assert world.pegawai.user is not None
    assert world.pegawai.user.username == new_nip
    assert world.pegawai.user.first_name == "Nama Baru"


def test_pegawai_update_keeps_a_username_that_is_not_the_nip(world: World) -> None:
    user = world.pegawai.user
    assert user is not None
    User.objects.filter(pk=user.pk).update(username="santi")
    struktur.pegawai_update(**update_kwargs(world.pegawai, nip=make_nip(7003)))  # type: ignore[arg-type]
    user.refresh_from_db()
    assert user.username == "santi"


def test_pegawai_update_refuses_a_nip_used_as_another_username(world: World) -> None:
    UserFactory(username=make_nip(7004))
    old = world.pegawai.nip
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_update(**update_kwargs(world.pegawai, nip=make_nip(7004)))  # type: ignore[arg-type]
    assert "akun lain" in messages_of(exc, "nip")
    world.pegawai.refresh_from_db()
    assert world.pegawai.nip == old


def test_pegawai_update_golongan_follows_status(world: World) -> None:
    pppk = struktur.pegawai_update(
        **update_kwargs(world.pegawai, status="PPPK", golongan=golongan("PPPK", "IX"))  # type: ignore[arg-type]
    )
    assert pppk.golongan.kode == "IX"
    with pytest.raises(ValidationError):
        struktur.pegawai_update(**update_kwargs(world.pegawai, status="CPNS"))  # type: ignore[arg-type]


def test_pegawai_unit_and_jabatan_must_be_of_the_instansi(world: World) -> None:
    other_unit = UnitKerjaFactory(instansi=world.other_instansi)
    other_jabatan = JabatanFactory(instansi=InstansiFactory())
    with pytest.raises(ValidationError) as exc:
        struktur.pegawai_update(
            **update_kwargs(world.pegawai, unit_kerja=other_unit, jabatan=other_jabatan)  # type: ignore[arg-type]
        )
    assert {"unit_kerja", "jabatan"} <= set(exc.value.message_dict)


def test_factories_still_make_valid_pegawai(world: World) -> None:
    extra = PegawaiFactory(instansi=world.instansi)
    extra.full_clean()


# --- Stale saves --------------------------------------------------------------------------------


def test_stale_unit_and_jabatan_updates_are_refused_and_write_nothing(world: World) -> None:
    from organisasi.konflik import StaleEditError, versi_of

    unit = UnitKerja.objects.get(pk=world.unit.pk)
    opened = versi_of(unit)
    struktur.unit_kerja_update(unit=unit, kode=unit.kode, nama="Sekretariat A", induk=None, kepala=None, versi=opened)
    with pytest.raises(StaleEditError) as refused:
        struktur.unit_kerja_update(
            unit=UnitKerja.objects.get(pk=unit.pk),
            kode=unit.kode,
            nama="Sekretariat B",
            induk=None,
            kepala=None,
            versi=opened,
        )
    assert "Sekretariat A" in refused.value.messages[0] and "Sekretariat B" in refused.value.messages[0]
    assert UnitKerja.objects.get(pk=unit.pk).nama == "Sekretariat A"
    # None: code without a form in front of a person (seed data) is not checked.
    struktur.unit_kerja_update(
        unit=UnitKerja.objects.get(pk=unit.pk), kode=unit.kode, nama="Sekretariat C", induk=None, kepala=None
    )

    jabatan = JabatanFactory(instansi=world.instansi, kode="J-1", nama="Analis")
    opened = versi_of(jabatan)
    kwargs = {"jenis": "pelaksana", "jenjang": None, "uraian_tugas": "", "kode": "J-1"}
    struktur.jabatan_update(jabatan=Jabatan.objects.get(pk=jabatan.pk), nama="Analis Data", versi=opened, **kwargs)
    with pytest.raises(StaleEditError) as refused:
        struktur.jabatan_update(jabatan=Jabatan.objects.get(pk=jabatan.pk), nama="Analis SDM", versi=opened, **kwargs)
    assert "Analis Data" in refused.value.messages[0] and "Analis SDM" in refused.value.messages[0]
    assert Jabatan.objects.get(pk=jabatan.pk).nama == "Analis Data"
