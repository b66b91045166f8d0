"""Matriks Peran Hasil services (SPEC §4.3): opening, columns, rows for both levels, cells, and the
protection of a peran hasil already copied into a subordinate's RHK."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organisasi.konflik import STALE_CODE, StaleEditError, versi_of
from organisasi.models import Pegawai, TimKerja
from perencanaan.models import BarisMatriks, KolomMatriks, MatriksPeranHasil, PeranHasil, Rhk, Skp, StatusSkp
from perencanaan.services.matriks import (
    MAX_KOLOM,
    KonfirmasiDiperlukan,
    baris_add,
    baris_delete,
    baris_update,
    eligible_subordinates,
    kolom_add,
    kolom_delete,
    kolom_rename,
    matriks_open_for_rhk,
    peran_lines,
    peran_set,
)
from perencanaan.services.skp import skp_create
from tests.factories import IkiFactory, JabatanFactory, PegawaiFactory, RhkFactory

from .conftest import Plan

KETUA = BarisMatriks.JabatanTim.KETUA_TIM
ANGGOTA = BarisMatriks.JabatanTim.ANGGOTA_TIM
JF = BarisMatriks.JabatanTim.JF_LANGSUNG


def skp_of(pegawai: Pegawai) -> Skp:
    return skp_create(
        pegawai=pegawai,
        periode_mulai=dt.date(2026, 1, 1),
        periode_selesai=dt.date(2026, 12, 31),
        pendekatan="kuantitatif",
        by=pegawai.user,
    )


def leader_matriks(plan: Plan, *, kolom: int = 2) -> MatriksPeranHasil:
    """The kabid's matrix on an RHK of their SKP in force."""
    rhk = RhkFactory(skp=skp_of(plan.kabid), teks="Terlaksananya pengembangan kompetensi pegawai")
    return matriks_open_for_rhk(rhk=rhk, jumlah_kolom=kolom)


def copy_into_rhk(cell: PeranHasil, skp: Skp) -> Rhk:
    """What the subordinate's "Salin" does: an RHK pointing at the cell and the leader's RHK."""
    return RhkFactory(skp=skp, teks=cell.teks, peran_asal=cell, intervensi=cell.baris.matriks.rhk)


# --- Opening --------------------------------------------------------------------------------------


def test_open_creates_n_columns_named_after_the_iki_then_numbered(plan: Plan) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    IkiFactory(rhk=rhk, teks="Persentase pegawai yang mengikuti pengembangan kompetensi", urutan=1)
    matriks = matriks_open_for_rhk(rhk=rhk, jumlah_kolom=3)
    assert matriks.rhk == rhk
    assert list(matriks.kolom.order_by("urutan").values_list("nama", "urutan")) == [
        ("Persentase pegawai yang mengikuti pengembangan kompetensi", 1),
        ("Produk/layanan 2", 2),
        ("Produk/layanan 3", 3),
    ]


@pytest.mark.parametrize("jumlah", [0, -1, MAX_KOLOM + 1])
def test_column_count_must_be_between_1_and_max(plan: Plan, jumlah: int) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    with pytest.raises(ValidationError) as exc:
        matriks_open_for_rhk(rhk=rhk, jumlah_kolom=jumlah)
    assert "Jumlah kolom produk/layanan harus antara 1 dan 12" in str(exc.value)
    assert not MatriksPeranHasil.objects.exists()


@pytest.mark.parametrize("jumlah", ["3", 2.0, True, None])
def test_column_count_must_be_an_integer(plan: Plan, jumlah: object) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    with pytest.raises(ValidationError, match="bilangan bulat"):
        matriks_open_for_rhk(rhk=rhk, jumlah_kolom=jumlah)  # type: ignore[arg-type]


def test_one_matrix_per_rhk(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    with pytest.raises(ValidationError, match="sudah memiliki matriks"):
        matriks_open_for_rhk(rhk=matriks.rhk, jumlah_kolom=2)
    assert MatriksPeranHasil.objects.count() == 1


def test_no_matrix_on_an_rhk_of_a_revised_skp(plan: Plan) -> None:
    rhk = RhkFactory(skp=skp_of(plan.kabid))
    Skp.objects.filter(pk=rhk.skp_id).update(status=StatusSkp.DIREVISI)
    with pytest.raises(ValidationError, match="digantikan revisi"):
        matriks_open_for_rhk(rhk=rhk, jumlah_kolom=2)


def test_a_matrix_of_a_revised_skp_is_read_only(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    Skp.objects.filter(pk=matriks.rhk.skp_id).update(status=StatusSkp.DIREVISI)
    with pytest.raises(ValidationError, match="digantikan revisi"):
        kolom_add(matriks=matriks, nama="Layanan baru")
    with pytest.raises(ValidationError, match="digantikan revisi"):
        baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)


# --- Columns --------------------------------------------------------------------------------------


def test_add_rename_and_limit_columns(plan: Plan) -> None:
    matriks = leader_matriks(plan, kolom=MAX_KOLOM - 1)
    kolom = kolom_add(matriks=matriks, nama="  Terlaksananya   penilaian kompetensi ")
    assert kolom.nama == "Terlaksananya penilaian kompetensi"
    assert kolom.urutan == MAX_KOLOM
    with pytest.raises(ValidationError, match="paling banyak memiliki 12 kolom"):
        kolom_add(matriks=matriks, nama="Satu lagi")
    renamed = kolom_rename(kolom=kolom, nama="Terlaksananya penilaian kinerja")
    assert KolomMatriks.objects.get(pk=renamed.pk).nama == "Terlaksananya penilaian kinerja"
    with pytest.raises(ValidationError, match="Isi nama produk/layanan"):
        kolom_rename(kolom=kolom, nama="   ")


def test_the_last_column_cannot_be_deleted(plan: Plan) -> None:
    matriks = leader_matriks(plan, kolom=1)
    with pytest.raises(ValidationError, match="paling sedikit satu kolom"):
        kolom_delete(kolom=matriks.kolom.get(), konfirmasi=True)


def test_an_empty_column_goes_at_once_a_filled_one_asks_first(plan: Plan) -> None:
    matriks = leader_matriks(plan, kolom=3)
    k1, k2, k3 = matriks.kolom.order_by("urutan")
    kolom_delete(kolom=k3)
    assert not KolomMatriks.objects.filter(pk=k3.pk).exists()
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    peran_set(baris=baris, kolom=k2, teks="Tersusunnya laporan")
    with pytest.raises(KonfirmasiDiperlukan, match="berisi 1 peran hasil"):
        kolom_delete(kolom=k2)
    assert PeranHasil.objects.filter(kolom=k2).exists()
    kolom_delete(kolom=k2, konfirmasi=True)
    assert list(matriks.kolom.all()) == [k1]
    assert not PeranHasil.objects.exists()


# --- Rows: who may be given a peran ---------------------------------------------------------------


def test_first_level_rows_are_the_leaders_active_bawahan(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=KETUA)
    assert (baris.pegawai, baris.jabatan_tim, baris.urutan) == (plan.staf, KETUA, 1)
    assert baris_add(matriks=matriks, pegawai=plan.staf2, jabatan_tim=ANGGOTA).urutan == 2
    assert set(eligible_subordinates(plan.kabid)) == {plan.staf, plan.staf2, plan.outsider}


@pytest.mark.parametrize("who", ["jpt", "kabid", "operator", "stranger"])
def test_someone_who_is_not_a_subordinate_is_refused(plan: Plan, who: str) -> None:
    matriks = leader_matriks(plan)
    with pytest.raises(ValidationError) as exc:
        baris_add(matriks=matriks, pegawai=getattr(plan, who), jabatan_tim=ANGGOTA)
    assert "bukan bawahan Anda maupun anggota tim kerja yang Anda pimpin" in str(exc.value)
    assert not BarisMatriks.objects.exists()


def test_an_inactive_bawahan_is_refused(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    Pegawai.objects.filter(pk=plan.staf2.pk).update(aktif=False)
    with pytest.raises(ValidationError, match="bukan bawahan"):
        baris_add(matriks=matriks, pegawai=plan.staf2, jabatan_tim=ANGGOTA)


def test_a_pegawai_is_a_row_only_once(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    with pytest.raises(ValidationError, match="sudah ada pada matriks ini"):
        baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=KETUA)
    assert BarisMatriks.objects.count() == 1


def test_second_level_a_ketua_tim_gives_rows_to_the_anggota_of_their_tim(plan: Plan) -> None:
    first = leader_matriks(plan)
    baris_add(matriks=first, pegawai=plan.staf, jabatan_tim=KETUA)
    tim = TimKerja.objects.create(instansi=plan.unit.instansi, unit_kerja=plan.bidang, nama="Tim SKP", ketua=plan.staf)
    tim.anggota.add(plan.staf2)
    own = RhkFactory(skp=plan.skp_staf, teks="Terlaksananya pendampingan aplikasi kinerja")
    second = matriks_open_for_rhk(rhk=own, jumlah_kolom=2)
    assert baris_add(matriks=second, pegawai=plan.staf2, jabatan_tim=ANGGOTA).matriks == second
    # A colleague in the bidang who is neither their bawahan nor in their tim is not theirs to task.
    with pytest.raises(ValidationError, match="bukan bawahan"):
        baris_add(matriks=second, pegawai=plan.outsider, jabatan_tim=ANGGOTA)
    # Their own leader is not either, even though they share the kabid's matrix.
    with pytest.raises(ValidationError, match="bukan bawahan"):
        baris_add(matriks=second, pegawai=plan.kabid, jabatan_tim=ANGGOTA)


def test_jf_di_bawah_jpt_only_for_a_jf_directly_under_a_jpt(plan: Plan) -> None:
    jf = PegawaiFactory(
        instansi=plan.unit.instansi,
        unit_kerja=plan.unit,
        atasan=plan.jpt,
        jabatan=JabatanFactory(instansi=plan.unit.instansi, fungsional=True),
    )
    jpt_matriks = matriks_open_for_rhk(rhk=RhkFactory(skp=skp_of(plan.jpt)), jumlah_kolom=2)
    assert baris_add(matriks=jpt_matriks, pegawai=jf, jabatan_tim=JF).jabatan_tim == JF
    with pytest.raises(ValidationError, match="JF di bawah JPT"):
        baris_add(matriks=jpt_matriks, pegawai=plan.kabid, jabatan_tim=JF)  # an administrator
    kabid_matriks = leader_matriks(plan)
    with pytest.raises(ValidationError, match="JF di bawah JPT"):
        baris_add(matriks=kabid_matriks, pegawai=plan.staf, jabatan_tim=JF)  # a JF, but under a kabid
    with pytest.raises(ValidationError, match="Pilih jabatan tim kerja"):
        baris_add(matriks=kabid_matriks, pegawai=plan.staf, jabatan_tim="kepala")


def test_update_jabatan_tim(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    assert baris_update(baris=baris, jabatan_tim=KETUA).jabatan_tim == KETUA
    with pytest.raises(ValidationError, match="JF di bawah JPT"):
        baris_update(baris=baris, jabatan_tim=JF)
    assert BarisMatriks.objects.get(pk=baris.pk).jabatan_tim == KETUA


def test_a_row_with_peran_asks_before_it_goes(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    empty = baris_add(matriks=matriks, pegawai=plan.staf2, jabatan_tim=ANGGOTA)
    baris_delete(baris=empty)
    assert not BarisMatriks.objects.filter(pk=empty.pk).exists()
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    peran_set(baris=baris, kolom=matriks.kolom.first(), teks="Tersusunnya laporan")
    with pytest.raises(KonfirmasiDiperlukan, match="memiliki 1 peran hasil"):
        baris_delete(baris=baris)
    baris_delete(baris=baris, konfirmasi=True)
    assert not BarisMatriks.objects.exists() and not PeranHasil.objects.exists()


# --- Cells ----------------------------------------------------------------------------------------


def test_peran_is_one_per_line_and_empty_means_tidak_ada_peran(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    kolom = matriks.kolom.first()
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    cell = peran_set(
        baris=baris,
        kolom=kolom,
        teks="- Terlaksananya pendampingan Tool Kinerja\r\n\r\n  • Terselesaikannya perawatan sistem  \n",
    )
    assert cell is not None
    assert cell.teks == "Terlaksananya pendampingan Tool Kinerja\nTerselesaikannya perawatan sistem"
    assert peran_lines(cell.teks) == ["Terlaksananya pendampingan Tool Kinerja", "Terselesaikannya perawatan sistem"]
    same = peran_set(baris=baris, kolom=kolom, teks="Terlaksananya backup sistem")
    assert same is not None and same.pk == cell.pk and PeranHasil.objects.count() == 1
    assert peran_set(baris=baris, kolom=kolom, teks=" \n - \n") is None
    assert not PeranHasil.objects.exists()
    assert peran_set(baris=baris, kolom=kolom, teks="") is None  # nothing to delete: still fine


def test_peran_length_and_matching_matrix(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    with pytest.raises(ValidationError, match="paling banyak 4000 karakter"):
        peran_set(baris=baris, kolom=matriks.kolom.first(), teks="x" * 4001)
    other = matriks_open_for_rhk(rhk=RhkFactory(skp=matriks.rhk.skp), jumlah_kolom=1)
    with pytest.raises(ValidationError, match="tidak berada pada matriks yang sama"):
        peran_set(baris=baris, kolom=other.kolom.get(), teks="Peran")
    assert not PeranHasil.objects.exists()


# --- A peran already copied into an RHK is never lost silently -------------------------------------


def test_copied_cell_protects_its_column_its_row_and_itself(plan: Plan) -> None:
    matriks = leader_matriks(plan, kolom=2)
    k1, k2 = matriks.kolom.order_by("urutan")
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    cell = peran_set(baris=baris, kolom=k1, teks="Terlaksananya pendampingan Tool Kinerja")
    assert cell is not None
    copied = copy_into_rhk(cell, plan.skp_staf)

    with pytest.raises(ValidationError) as exc:
        kolom_delete(kolom=k1, konfirmasi=True)
    assert "tidak dapat dihapus" in str(exc.value) and plan.staf.nama_lengkap in str(exc.value)
    with pytest.raises(ValidationError, match="tidak dapat dihapus dari matriks"):
        baris_delete(baris=baris, konfirmasi=True)
    with pytest.raises(ValidationError, match="tidak dapat dikosongkan"):
        peran_set(baris=baris, kolom=k1, teks="")
    # The other column has no copied cell: it may go.
    kolom_delete(kolom=k2, konfirmasi=True)
    # Editing the copied text is allowed; the copy in the RHK keeps its own text.
    peran_set(baris=baris, kolom=k1, teks="Terlaksananya pendampingan Tool Kinerja di 39 OPD")
    copied.refresh_from_db()
    assert copied.peran_asal_id == cell.pk and copied.teks == "Terlaksananya pendampingan Tool Kinerja"
    assert KolomMatriks.objects.filter(pk=k1.pk).exists() and BarisMatriks.objects.filter(pk=baris.pk).exists()


def test_once_the_copy_is_gone_the_cell_may_go(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    cell = peran_set(baris=baris, kolom=matriks.kolom.first(), teks="Peran")
    assert cell is not None
    copy_into_rhk(cell, plan.skp_staf).delete()
    baris_delete(baris=baris, konfirmasi=True)
    assert not PeranHasil.objects.exists()


# --- No silent overwrite --------------------------------------------------------------------------


def stale_message(exc: pytest.ExceptionInfo[StaleEditError]) -> str:
    assert exc.value.code == STALE_CODE
    return " ".join(exc.value.messages)


def test_a_stale_jabatan_tim_change_is_refused_naming_the_current_value_and_the_input(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    opened = versi_of(baris)
    other_tab = baris_update(baris=BarisMatriks.objects.get(pk=baris.pk), jabatan_tim=KETUA, versi=opened)
    with pytest.raises(StaleEditError) as exc:
        baris_update(baris=baris, jabatan_tim=ANGGOTA, versi=opened)
    message = stale_message(exc)
    assert f"jabatan tim kerja {plan.staf.nama_lengkap}: Anggota Tim → Ketua Tim" in message
    assert "isian Anda: jabatan tim kerja Anggota Tim" in message
    row = BarisMatriks.objects.get(pk=baris.pk)
    assert row.jabatan_tim == KETUA and versi_of(row) == versi_of(other_tab)
    # Opened again on the current version, the change goes through; without a version it is unchecked.
    assert baris_update(baris=row, jabatan_tim=ANGGOTA, versi=versi_of(row)).jabatan_tim == ANGGOTA
    assert baris_update(baris=baris, jabatan_tim=KETUA, versi=None).jabatan_tim == KETUA


def test_a_stale_column_rename_is_refused_naming_the_current_name_and_the_input(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    kolom = matriks.kolom.order_by("urutan").first()
    assert kolom is not None
    opened = versi_of(kolom)
    kolom_rename(kolom=kolom, nama="Terlaksananya penilaian kinerja", versi=opened)
    with pytest.raises(StaleEditError) as exc:
        kolom_rename(kolom=kolom, nama="Terlaksananya   seleksi JPT", versi=opened)
    message = stale_message(exc)
    assert f"nama kolom: “{kolom.nama}” → “Terlaksananya penilaian kinerja”" in message
    assert "isian Anda: nama kolom “Terlaksananya seleksi JPT”" in message
    current = KolomMatriks.objects.get(pk=kolom.pk)
    assert current.nama == "Terlaksananya penilaian kinerja"
    assert kolom_rename(kolom=current, nama="Seleksi JPT", versi=versi_of(current)).nama == "Seleksi JPT"
    assert kolom_rename(kolom=kolom, nama="Seleksi terbuka", versi=None).nama == "Seleksi terbuka"


def test_a_cell_written_by_someone_else_after_the_empty_editor_opened_is_not_overwritten(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    kolom = matriks.kolom.order_by("urutan").first()
    assert kolom is not None
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    first = peran_set(baris=baris, kolom=kolom, teks="Terlaksananya rapat koordinasi", versi=0)
    assert first is not None
    for teks in ("- Terlaksananya backup sistem\n- Tersusunnya laporan", ""):
        with pytest.raises(StaleEditError) as exc:
            peran_set(baris=baris, kolom=kolom, teks=teks, versi=0)
        message = stale_message(exc)
        assert f"peran hasil {plan.staf.nama_lengkap} pada “{kolom.nama}” kini “Terlaksananya rapat koordinasi”" in (
            message
        )
    assert "isian Anda: tidak ada peran" in message
    with pytest.raises(StaleEditError) as exc:
        peran_set(baris=baris, kolom=kolom, teks="- Terlaksananya backup sistem\n- Tersusunnya laporan", versi=0)
    assert "isian Anda: peran hasil “Terlaksananya backup sistem / Tersusunnya laporan”" in stale_message(exc)
    assert list(PeranHasil.objects.values_list("pk", "teks")) == [(first.pk, "Terlaksananya rapat koordinasi")]
    assert versi_of(PeranHasil.objects.get()) == versi_of(first)


def test_a_cell_changed_or_cleared_since_the_editor_opened_is_not_overwritten(plan: Plan) -> None:
    matriks = leader_matriks(plan)
    kolom = matriks.kolom.order_by("urutan").first()
    assert kolom is not None
    baris = baris_add(matriks=matriks, pegawai=plan.staf, jabatan_tim=ANGGOTA)
    cell = peran_set(baris=baris, kolom=kolom, teks="Peran lama")
    assert cell is not None
    opened = versi_of(cell)
    changed = peran_set(baris=baris, kolom=kolom, teks="Peran baru", versi=opened)
    assert changed is not None and versi_of(changed) != opened
    with pytest.raises(StaleEditError) as exc:
        peran_set(baris=baris, kolom=kolom, teks="Peran saya", versi=opened)
    assert "kini “Peran baru”" in stale_message(exc) and "isian Anda: peran hasil “Peran saya”" in stale_message(exc)
    assert PeranHasil.objects.get().teks == "Peran baru"
    # Cleared by the other tab: the editor opened on the old text does not bring it back.
    assert peran_set(baris=baris, kolom=kolom, teks="", versi=versi_of(changed)) is None
    with pytest.raises(StaleEditError) as exc:
        peran_set(baris=baris, kolom=kolom, teks="Peran saya", versi=versi_of(changed))
    assert "kini tidak ada peran" in stale_message(exc)
    assert not PeranHasil.objects.exists()
    # An editor opened on the empty cell writes it; without a version nothing is checked.
    assert peran_set(baris=baris, kolom=kolom, teks="Peran saya", versi=0) is not None
    assert peran_set(baris=baris, kolom=kolom, teks="Peran kode", versi=None) is not None
    assert PeranHasil.objects.get().teks == "Peran kode"
