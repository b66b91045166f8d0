"""Services of the SKP sections: Set Penilai, ekspektasi khusus pimpinan, Lampiran, Rencana Aksi, Workblock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organisasi.models import Pegawai
from perencanaan.models import (
    LampiranSkp,
    PenilaiPerilaku,
    PerilakuSkp,
    RencanaAksi,
    Skp,
    StatusSkp,
    Workblock,
    WorkblockItem,
)
from perencanaan.services.sections import (
    lampiran_add,
    lampiran_delete,
    lampiran_update,
    penilai_bawahan_choices,
    penilai_rekan_choices,
    perilaku_set_ekspektasi,
    perilaku_set_penilai,
    rencana_aksi_add,
    rencana_aksi_delete,
    rencana_aksi_update,
    workblock_create,
    workblock_delete,
    workblock_item_add,
    workblock_item_delete,
    workblock_item_update,
    workblock_update,
)
from perencanaan.services.skp import SkpTransitionError, skp_create
from tests.factories import PegawaiFactory, RhkFactory

from .conftest import Plan

WB = {
    "judul": "Percepatan digitalisasi layanan kepegawaian",
    "pemilik_strategi": "Kepala Badan",
    "waktu_penyelesaian": "Desember 2026",
    "tujuan": "Layanan kepegawaian selesai dalam satu hari",
    "indikator_target": "Indeks kepuasan layanan 85",
}


def _aspek(skp: Skp, urutan: int = 1) -> PerilakuSkp:
    return PerilakuSkp.objects.get(skp=skp, aspek__urutan=urutan)


def _set_status(skp: Skp, status: str) -> Skp:
    skp.status = status
    skp.save(update_fields=["status"])
    return skp


def _jpt_skp(plan: Plan) -> Skp:
    return skp_create(
        pegawai=plan.jpt,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.jpt.user,
    )


def _kabid_skp(plan: Plan) -> Skp:
    return skp_create(
        pegawai=plan.kabid,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=plan.kabid.user,
    )


# --- Set Penilai ------------------------------------------------------------------------------


def test_penilai_lists_are_the_active_rekan_kerja_and_the_active_bawahan(plan: Plan) -> None:
    inactive = PegawaiFactory(instansi=plan.staf.instansi, atasan=plan.staf, aktif=False)
    plan.staf.rekan_kerja.add(plan.staf2, inactive)
    bawahan = PegawaiFactory(instansi=plan.staf.instansi, atasan=plan.staf)
    assert list(penilai_rekan_choices(plan.staf)) == [plan.staf2]
    assert list(penilai_bawahan_choices(plan.staf)) == [bawahan]
    assert set(penilai_bawahan_choices(plan.kabid)) == {plan.staf, plan.staf2, plan.outsider}


def test_owner_sets_a_rekan_kerja_then_back_to_atasan(plan: Plan) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    perilaku = _aspek(plan.skp_staf)
    perilaku_set_penilai(perilaku=perilaku, jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user)
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai) == (PenilaiPerilaku.REKAN, plan.staf2)
    perilaku_set_penilai(perilaku=perilaku, jenis_penilai="atasan", penilai=plan.staf2, by=plan.staf.user)
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai) == (PenilaiPerilaku.ATASAN, None)


def test_owner_sets_a_bawahan(plan: Plan) -> None:
    skp = _kabid_skp(plan)
    perilaku = _aspek(skp, 7)
    perilaku_set_penilai(perilaku=perilaku, jenis_penilai="bawahan", penilai=plan.staf, by=plan.kabid.user)
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai) == (PenilaiPerilaku.BAWAHAN, plan.staf)


@pytest.mark.parametrize(
    ("jenis", "who", "fragment"),
    [
        ("rekan", "staf2", "bukan rekan kerja aktif"),  # not on the Profil list
        ("rekan", "none", "Pilih rekan kerja"),
        ("bawahan", "staf2", "bukan bawahan aktif"),  # a colleague, not a subordinate
        ("bawahan", "kabid", "bukan bawahan aktif"),  # the atasan
        ("bawahan", "none", "Pilih bawahan"),
        ("rekan", "stranger", "bukan rekan kerja aktif"),  # another instansi
        ("teman", "none", "Pilih penilai"),
    ],
)
def test_a_penilai_outside_the_right_list_is_refused(plan: Plan, jenis: str, who: str, fragment: str) -> None:
    perilaku = _aspek(plan.skp_staf)
    penilai: Pegawai | None = None if who == "none" else getattr(plan, who)
    with pytest.raises(ValidationError) as exc:
        perilaku_set_penilai(perilaku=perilaku, jenis_penilai=jenis, penilai=penilai, by=plan.staf.user)
    assert fragment in str(exc.value)
    perilaku.refresh_from_db()
    assert (perilaku.jenis_penilai, perilaku.penilai_id) == (PenilaiPerilaku.ATASAN, None)


def test_an_inactive_rekan_kerja_cannot_be_set(plan: Plan) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    Pegawai.objects.filter(pk=plan.staf2.pk).update(aktif=False)
    with pytest.raises(ValidationError, match="bukan rekan kerja aktif"):
        perilaku_set_penilai(
            perilaku=_aspek(plan.skp_staf), jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user
        )


def test_only_the_owner_sets_the_penilai(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="Hanya pegawai pemilik"):
        perilaku_set_penilai(perilaku=_aspek(plan.skp_staf), jenis_penilai="atasan", penilai=None, by=plan.kabid.user)


@pytest.mark.parametrize("status", [StatusSkp.DIAJUKAN, StatusSkp.DITETAPKAN, StatusSkp.DIREVISI])
def test_penilai_cannot_change_once_the_skp_is_not_editable(plan: Plan, status: str) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    _set_status(plan.skp_staf, status)
    with pytest.raises(SkpTransitionError, match="tidak dapat diubah"):
        perilaku_set_penilai(
            perilaku=_aspek(plan.skp_staf), jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user
        )
    assert _aspek(plan.skp_staf).penilai_id is None


def test_a_returned_skp_is_editable_again(plan: Plan) -> None:
    plan.staf.rekan_kerja.add(plan.staf2)
    _set_status(plan.skp_staf, StatusSkp.DIKEMBALIKAN)
    perilaku_set_penilai(perilaku=_aspek(plan.skp_staf), jenis_penilai="rekan", penilai=plan.staf2, by=plan.staf.user)
    assert _aspek(plan.skp_staf).penilai == plan.staf2


# --- Ekspektasi khusus pimpinan -------------------------------------------------------------


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIKEMBALIKAN])
def test_the_pejabat_penilai_writes_the_ekspektasi_until_the_skp_is_set(plan: Plan, status: str) -> None:
    _set_status(plan.skp_staf, status)
    perilaku = perilaku_set_ekspektasi(
        perilaku=_aspek(plan.skp_staf), teks="  Penyelesaian pekerjaan mengedepankan 5S  ", by=plan.kabid.user
    )
    assert perilaku.ekspektasi_khusus == "Penyelesaian pekerjaan mengedepankan 5S"
    perilaku_set_ekspektasi(perilaku=perilaku, teks="   ", by=plan.kabid.user)
    assert _aspek(plan.skp_staf).ekspektasi_khusus == ""


@pytest.mark.parametrize("status", [StatusSkp.DITETAPKAN, StatusSkp.DIREVISI])
def test_no_ekspektasi_after_the_skp_is_set(plan: Plan, status: str) -> None:
    perilaku_set_ekspektasi(perilaku=_aspek(plan.skp_staf), teks="Bekerjalah dengan jujur", by=plan.kabid.user)
    _set_status(plan.skp_staf, status)
    with pytest.raises(SkpTransitionError, match="tidak dapat diubah lagi"):
        perilaku_set_ekspektasi(perilaku=_aspek(plan.skp_staf), teks="Lain", by=plan.kabid.user)
    assert _aspek(plan.skp_staf).ekspektasi_khusus == "Bekerjalah dengan jujur"


@pytest.mark.parametrize("who", ["staf", "jpt", "staf2", "operator", "stranger"])
def test_only_the_pejabat_penilai_writes_the_ekspektasi(plan: Plan, who: str) -> None:
    with pytest.raises(ValidationError, match="hanya dapat diisi oleh pejabat penilai"):
        perilaku_set_ekspektasi(perilaku=_aspek(plan.skp_staf), teks="Saya mau baik", by=getattr(plan, who).user)
    assert _aspek(plan.skp_staf).ekspektasi_khusus == ""


def test_an_overlong_ekspektasi_is_refused(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="Paling banyak 2000 karakter"):
        perilaku_set_ekspektasi(perilaku=_aspek(plan.skp_staf), teks="x" * 2001, by=plan.kabid.user)


# --- Lampiran SKP ---------------------------------------------------------------------------


def test_lampiran_lines_are_added_in_order_per_list_edited_and_deleted(plan: Plan) -> None:
    skp = plan.skp_staf
    a = lampiran_add(skp=skp, jenis="dukungan_sumber_daya", teks="Akses server aplikasi")
    b = lampiran_add(skp=skp, jenis="dukungan_sumber_daya", teks="Pelatihan Python")
    c = lampiran_add(skp=skp, jenis="konsekuensi", teks="Apabila memenuhi ekspektasi, diprioritaskan pelatihan")
    assert (a.urutan, b.urutan, c.urutan) == (0, 1, 0)
    lampiran_update(lampiran=a, teks="  Akses server dan basis data ")
    a.refresh_from_db()
    assert a.teks == "Akses server dan basis data"
    lampiran_delete(lampiran=b)
    assert list(LampiranSkp.objects.filter(skp=skp).values_list("jenis", "teks")) == [
        ("dukungan_sumber_daya", "Akses server dan basis data"),
        ("konsekuensi", "Apabila memenuhi ekspektasi, diprioritaskan pelatihan"),
    ]


@pytest.mark.parametrize(
    ("jenis", "teks", "fragment"),
    [
        ("dukungan_sumber_daya", "   ", "wajib diisi"),
        ("dukungan_sumber_daya", "x" * 2001, "Paling banyak"),
        ("lain_lain", "Teks", "Pilih bagian lampiran"),
    ],
)
def test_bad_lampiran_is_refused(plan: Plan, jenis: str, teks: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as exc:
        lampiran_add(skp=plan.skp_staf, jenis=jenis, teks=teks)
    assert fragment in str(exc.value)
    assert not LampiranSkp.objects.exists()


def test_lampiran_cannot_change_when_the_skp_is_not_editable(plan: Plan) -> None:
    line = lampiran_add(skp=plan.skp_staf, jenis="konsekuensi", teks="Sanksi sesuai ketentuan")
    _set_status(plan.skp_staf, StatusSkp.DITETAPKAN)
    with pytest.raises(SkpTransitionError):
        lampiran_add(skp=plan.skp_staf, jenis="konsekuensi", teks="Lagi")
    with pytest.raises(SkpTransitionError):
        lampiran_update(lampiran=line, teks="Diubah")
    with pytest.raises(SkpTransitionError):
        lampiran_delete(lampiran=line)
    line.refresh_from_db()
    assert line.teks == "Sanksi sesuai ketentuan"


def test_a_line_deleted_meanwhile_is_reported(plan: Plan) -> None:
    line = lampiran_add(skp=plan.skp_staf, jenis="konsekuensi", teks="Sanksi sesuai ketentuan")
    LampiranSkp.objects.filter(pk=line.pk).delete()
    with pytest.raises(ValidationError, match="sudah dihapus"):
        lampiran_update(lampiran=line, teks="Baru")
    with pytest.raises(ValidationError, match="sudah dihapus"):
        lampiran_delete(lampiran=line)
    assert not LampiranSkp.objects.exists()


# --- Rencana Aksi ---------------------------------------------------------------------------


def test_rencana_aksi_per_rhk_with_an_optional_target_periode(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    a = rencana_aksi_add(rhk=rhk, teks="Menyusun jadwal pendampingan", target_periode="Triwulan I")
    b = rencana_aksi_add(rhk=rhk, teks="Melaksanakan pendampingan")
    assert (a.urutan, a.target_periode, b.urutan, b.target_periode) == (0, "Triwulan I", 1, "")
    rencana_aksi_update(aksi=b, teks="Melaksanakan pendampingan ke 20 OPD", target_periode="Maret")
    b.refresh_from_db()
    assert (b.teks, b.target_periode) == ("Melaksanakan pendampingan ke 20 OPD", "Maret")
    rencana_aksi_delete(aksi=a)
    assert list(RencanaAksi.objects.values_list("pk", flat=True)) == [b.pk]


@pytest.mark.parametrize(
    ("teks", "target", "field"),
    [("", "Maret", "teks"), ("Menyusun jadwal", "x" * 61, "target_periode")],
)
def test_bad_rencana_aksi_is_refused(plan: Plan, teks: str, target: str, field: str) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    with pytest.raises(ValidationError) as exc:
        rencana_aksi_add(rhk=rhk, teks=teks, target_periode=target)
    assert field in exc.value.error_dict
    assert not RencanaAksi.objects.exists()


def test_rencana_aksi_cannot_change_when_the_skp_is_not_editable(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    aksi = rencana_aksi_add(rhk=rhk, teks="Menyusun jadwal")
    _set_status(plan.skp_staf, StatusSkp.DIAJUKAN)
    with pytest.raises(SkpTransitionError):
        rencana_aksi_add(rhk=rhk, teks="Lagi")
    with pytest.raises(SkpTransitionError):
        rencana_aksi_update(aksi=aksi, teks="Diubah")
    with pytest.raises(SkpTransitionError):
        rencana_aksi_delete(aksi=aksi)
    assert RencanaAksi.objects.get().teks == "Menyusun jadwal"


def test_rencana_aksi_deleted_meanwhile_is_reported(plan: Plan) -> None:
    aksi = rencana_aksi_add(rhk=RhkFactory(skp=plan.skp_staf), teks="Menyusun jadwal")
    RencanaAksi.objects.all().delete()
    with pytest.raises(ValidationError, match="sudah dihapus"):
        rencana_aksi_update(aksi=aksi, teks="Baru")


# --- Workblock ------------------------------------------------------------------------------


def test_workblock_only_on_a_jpt_skp(plan: Plan) -> None:
    with pytest.raises(ValidationError, match="hanya untuk SKP JPT"):
        workblock_create(skp=plan.skp_staf, **WB)
    assert not Workblock.objects.exists()


def test_workblock_with_its_2x2_items(plan: Plan) -> None:
    skp = _jpt_skp(plan)
    wb = workblock_create(skp=skp, **WB, anggaran="Rp 150.000.000")
    assert (wb.judul, wb.anggaran, wb.pihak_terlibat) == (WB["judul"], "Rp 150.000.000", "")
    items = [
        workblock_item_add(workblock=wb, jenis=jenis, sifat=sifat, teks=f"{jenis} {sifat} {n}")
        for jenis in ("strategi", "keluaran")
        for sifat in ("rutin", "transformatif")
        for n in (1, 2)
    ]
    assert [i.urutan for i in items] == [0, 1] * 4
    workblock_item_update(item=items[0], teks="Rapat koordinasi bulanan")
    workblock_item_delete(item=items[1])
    assert WorkblockItem.objects.filter(workblock=wb).count() == 7
    workblock_update(workblock=wb, **{**WB, "judul": "Inisiatif baru"}, penerima_manfaat="ASN daerah")
    wb.refresh_from_db()
    assert (wb.judul, wb.penerima_manfaat, wb.anggaran) == ("Inisiatif baru", "ASN daerah", "")
    workblock_delete(workblock=wb)
    assert not Workblock.objects.exists() and not WorkblockItem.objects.exists()


def test_workblock_requires_its_main_fields(plan: Plan) -> None:
    skp = _jpt_skp(plan)
    with pytest.raises(ValidationError) as exc:
        workblock_create(
            skp=skp, judul=" ", pemilik_strategi="", waktu_penyelesaian="x" * 101, tujuan="", indikator_target=""
        )
    assert set(exc.value.error_dict) == {
        "judul",
        "pemilik_strategi",
        "waktu_penyelesaian",
        "tujuan",
        "indikator_target",
    }
    assert not Workblock.objects.exists()


@pytest.mark.parametrize(
    ("jenis", "sifat", "teks", "field"),
    [("kegiatan", "rutin", "A", "jenis"), ("strategi", "harian", "A", "sifat"), ("strategi", "rutin", "", "teks")],
)
def test_bad_workblock_items_are_refused(plan: Plan, jenis: str, sifat: str, teks: str, field: str) -> None:
    wb = workblock_create(skp=_jpt_skp(plan), **WB)
    with pytest.raises(ValidationError) as exc:
        workblock_item_add(workblock=wb, jenis=jenis, sifat=sifat, teks=teks)
    assert field in exc.value.error_dict
    assert not WorkblockItem.objects.exists()


def test_workblock_cannot_change_when_the_skp_is_not_editable(plan: Plan) -> None:
    skp = _jpt_skp(plan)
    wb = workblock_create(skp=skp, **WB)
    item = workblock_item_add(workblock=wb, jenis="strategi", sifat="rutin", teks="Rapat")
    _set_status(skp, StatusSkp.DITETAPKAN)
    for call in (
        lambda: workblock_create(skp=skp, **WB),
        lambda: workblock_update(workblock=wb, **WB),
        lambda: workblock_delete(workblock=wb),
        lambda: workblock_item_add(workblock=wb, jenis="strategi", sifat="rutin", teks="Lagi"),
        lambda: workblock_item_update(item=item, teks="Diubah"),
        lambda: workblock_item_delete(item=item),
    ):
        with pytest.raises(SkpTransitionError):
            call()
    assert Workblock.objects.count() == 1 and WorkblockItem.objects.get().teks == "Rapat"
