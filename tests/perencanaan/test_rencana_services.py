"""Services of the SKP plan (perencanaan.services.rencana): RHK, IKI, Salin and Manual Indikator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from organisasi.konflik import StaleEditError
from organisasi.models import Pegawai
from perencanaan.models import (
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    ManualIndikator,
    MatriksPeranHasil,
    PeranHasil,
    PerjanjianKinerja,
    Rhk,
    SasaranStrategis,
    Satuan,
    Skp,
)
from perencanaan.services.rencana import (
    format_number,
    iki_copy_from_indikator,
    iki_create,
    iki_delete,
    iki_update,
    manual_indikator_save,
    pk_sasaran_choices,
    rhk_copy_from_peran,
    rhk_copy_from_sasaran,
    rhk_create,
    rhk_delete,
    rhk_update,
    unit_and_ancestor_ids,
)
from perencanaan.services.sections import lampiran_add
from perencanaan.services.skp import SkpTransitionError, skp_create, skp_submit
from tests.factories import (
    IkiFactory,
    IndikatorKinerjaFactory,
    JabatanFactory,
    PegawaiFactory,
    PerjanjianKinerjaFactory,
    RhkFactory,
    SasaranStrategisFactory,
    UnitKerjaFactory,
)

from .conftest import Plan

# --- helpers shared with the view tests -------------------------------------------------------


def satuan(nama: str) -> Satuan:
    return Satuan.objects.get(nama=nama)


def new_skp(pegawai: Pegawai, pendekatan: str = "kuantitatif", tahun: int = 2026) -> Skp:
    return skp_create(
        pegawai=pegawai,
        periode_mulai=dt.date(tahun, 1, 1),
        periode_selesai=dt.date(tahun, 12, 31),
        pendekatan=pendekatan,
        by=pegawai.user,
    )


def give_jpt_an_atasan(plan: Plan) -> Pegawai:
    """The JPT of the plan world reports to a sekda, so their SKP has a pejabat penilai."""
    sekda = PegawaiFactory(
        instansi=plan.unit.instansi,
        unit_kerja=plan.unit,
        jabatan=JabatanFactory(instansi=plan.unit.instansi, jpt=True),
    )
    plan.jpt.atasan = sekda
    plan.jpt.save()
    return sekda


def unit_pk(plan: Plan, tahun: int = 2026) -> tuple[PerjanjianKinerja, SasaranStrategis, IndikatorKinerja]:
    """The PK of the JPT's unit with one sasaran and two indikator (Indeks 85; Persen 90)."""
    perjanjian = PerjanjianKinerjaFactory(unit_kerja=plan.unit, tahun=tahun)
    sasaran = SasaranStrategisFactory(perjanjian=perjanjian, teks="Meningkatnya profesionalitas ASN")
    indikator = IndikatorKinerjaFactory(sasaran=sasaran, teks="Indeks profesionalitas ASN", target=Decimal("85"))
    IndikatorKinerjaFactory(
        sasaran=sasaran, teks="Persentase ASN yang dinilai", target=Decimal("90.5"), satuan=satuan("Persen (%)")
    )
    return perjanjian, sasaran, indikator


def kabid_rhk(plan: Plan, teks: str = "Terlaksananya penerapan Tool Kinerja") -> Rhk:
    """An RHK of the staf's pejabat penilai (the kabid), for an overlapping period."""
    skp = Skp.objects.filter(pegawai=plan.kabid).first() or new_skp(plan.kabid)
    return RhkFactory(skp=skp, teks=teks)


def peran_for(leader_rhk: Rhk, pegawai: Pegawai, teks: str = "Terlaksananya pendampingan Tool Kinerja") -> PeranHasil:
    matriks, _created = MatriksPeranHasil.objects.get_or_create(rhk=leader_rhk)
    kolom = KolomMatriks.objects.create(matriks=matriks, nama="Terlaksananya penilaian kinerja")
    baris, _created = BarisMatriks.objects.get_or_create(
        matriks=matriks, pegawai=pegawai, defaults={"jabatan_tim": BarisMatriks.JabatanTim.ANGGOTA_TIM}
    )
    return PeranHasil.objects.create(baris=baris, kolom=kolom, teks=teks)


def iki_kwargs(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "teks": "Jumlah perangkat daerah yang didampingi",
        "aspek": "kuantitas",
        "target_min": Decimal("20"),
        "satuan": satuan("Perangkat Daerah"),
    }
    values.update(overrides)
    return values


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def submitted(skp: Skp, leader: Rhk) -> Skp:
    rhk = RhkFactory(skp=skp, intervensi=leader)
    IkiFactory(rhk=rhk)
    return skp_submit(skp=skp, by=None)


# --- RHK ------------------------------------------------------------------------------------------


def test_rhk_create_numbers_rhk_per_kind_and_trims(plan: Plan) -> None:
    skp = plan.skp_staf
    leader = kabid_rhk(plan)
    a = rhk_create(skp=skp, jenis="utama", teks="  Pendampingan aplikasi  ", intervensi=leader)
    b = rhk_create(skp=skp, jenis="utama", teks="Pelayanan konsultasi")
    c = rhk_create(skp=skp, jenis="tambahan", teks="Seleksi JPT", penugasan_dari="Kepala Badan")
    assert (a.teks, a.urutan, a.intervensi) == ("Pendampingan aplikasi", 1, leader)
    assert (b.urutan, c.urutan) == (2, 1)
    assert c.penugasan_dari == "Kepala Badan" and c.intervensi is None  # tambahan without intervensi is fine


def test_rhk_needs_text_and_a_known_kind(plan: Plan) -> None:
    with pytest.raises(ValidationError) as exc:
        rhk_create(skp=plan.skp_staf, jenis="lainnya", teks="   ")
    assert errors_of(exc) == {
        "jenis": ["Pilih kinerja utama atau kinerja tambahan."],
        "teks": ["Rencana hasil kerja wajib diisi."],
    }
    assert not Rhk.objects.filter(skp=plan.skp_staf).exists()


def test_intervensi_must_be_an_rhk_of_the_pejabat_penilai(plan: Plan) -> None:
    colleague_rhk = RhkFactory(skp=new_skp(plan.staf2))
    with pytest.raises(ValidationError) as exc:
        rhk_create(skp=plan.skp_staf, jenis="utama", teks="Pendampingan", intervensi=colleague_rhk)
    assert "intervensi" in errors_of(exc)
    other_year = RhkFactory(skp=new_skp(plan.kabid, tahun=2025))
    with pytest.raises(ValidationError):
        rhk_create(skp=plan.skp_staf, jenis="utama", teks="Pendampingan", intervensi=other_year)
    assert not Rhk.objects.filter(skp=plan.skp_staf).exists()


def test_a_jpt_rhk_has_no_intervensi(plan: Plan) -> None:
    skp = new_skp(plan.jpt)
    with pytest.raises(ValidationError) as exc:
        rhk_create(skp=skp, jenis="utama", teks="Sasaran", intervensi=RhkFactory())
    assert errors_of(exc)["intervensi"] == ["SKP JPT tidak memuat RHK pimpinan yang diintervensi."]


def test_rhk_update_keeps_its_intervensi_even_when_it_is_no_longer_offered(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    rhk = rhk_create(skp=plan.skp_staf, jenis="utama", teks="Pendampingan", intervensi=leader)
    Skp.objects.filter(pk=leader.skp_id).update(status="direvisi")  # the leader's SKP moved on
    rhk = rhk_update(rhk=rhk, jenis="tambahan", teks="Pendampingan aplikasi", intervensi=leader)
    rhk.refresh_from_db()
    assert (rhk.jenis, rhk.teks, rhk.intervensi_id) == ("tambahan", "Pendampingan aplikasi", leader.pk)


def test_rhk_delete_removes_its_iki_but_not_an_rhk_subordinates_build_on(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    IkiFactory(rhk=rhk)
    rhk_delete(rhk=rhk)
    assert not Iki.objects.filter(rhk__skp=plan.skp_staf).exists()
    leader = kabid_rhk(plan)
    RhkFactory(skp=plan.skp_staf, intervensi=leader)
    with pytest.raises(ValidationError) as exc:
        rhk_delete(rhk=leader)
    assert "Matriks Peran Hasil" in exc.value.messages[0]
    assert Rhk.objects.filter(pk=leader.pk).exists()
    leader2 = kabid_rhk(plan, teks="RHK kedua")
    peran_for(leader2, plan.staf2)
    with pytest.raises(ValidationError):
        rhk_delete(rhk=leader2)


# --- IKI ------------------------------------------------------------------------------------------


def test_jajf_kuantitatif_iki_single_value_and_range(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    single = iki_create(rhk=rhk, **iki_kwargs())
    ranged = iki_create(
        rhk=rhk,
        **iki_kwargs(
            teks="Persentase materi yang dipahami",
            aspek="kualitas",
            target_min=Decimal("90"),
            target_max=Decimal("95"),
            satuan=satuan("Persen (%)"),
        ),
    )
    same = iki_create(rhk=rhk, **iki_kwargs(aspek="waktu", target_min=Decimal(1), target_max=Decimal(1)))
    assert (single.target_min, single.target_max, single.urutan) == (Decimal(20), None, 1)
    assert ranged.is_range and (ranged.target_min, ranged.target_max) == (Decimal(90), Decimal(95))
    assert same.target_max is None and not same.is_range  # "1–1" is simply 1


def test_range_min_above_max_is_refused(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    with pytest.raises(ValidationError) as exc:
        iki_create(rhk=rhk, **iki_kwargs(target_min=Decimal(95), target_max=Decimal(90)))
    assert errors_of(exc) == {"target_max": ["Target maksimum tidak boleh lebih kecil dari target minimum."]}
    assert not Iki.objects.filter(rhk=rhk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"aspek": ""}, "aspek", "Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya."),
        ({"aspek": "mutu"}, "aspek", "Pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya."),
        ({"perspektif": "anggaran"}, "perspektif", "Perspektif hanya diisi pada SKP JPT."),
        ({"satuan": None}, "satuan", "Pilih satuan target."),
        ({"target_min": None}, "target_min", "Target wajib diisi dengan angka."),
        ({"target_min": Decimal("-1")}, "target_min", "Target tidak boleh negatif."),
        ({"target_min": Decimal("1.00001")}, "target_min", "Target paling banyak memiliki 4 angka di belakang koma."),
        ({"target_min": Decimal("1e20")}, "target_min", "Target terlalu besar."),
        ({"target_teks": "banyak"}, "target_teks", "Pada pendekatan kuantitatif target diisi dengan angka dan satuan."),
        ({"teks": " "}, "teks", "Indikator kinerja individu wajib diisi."),
    ],
)
def test_jajf_kuantitatif_iki_rules(plan: Plan, overrides: dict[str, Any], field: str, message: str) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    with pytest.raises(ValidationError) as exc:
        iki_create(rhk=rhk, **iki_kwargs(**overrides))
    assert errors_of(exc)[field] == [message]
    assert not Iki.objects.filter(rhk=rhk).exists()


def test_jpt_kuantitatif_iki_needs_perspektif_and_has_no_aspek(plan: Plan) -> None:
    rhk = RhkFactory(skp=new_skp(plan.jpt))
    with pytest.raises(ValidationError) as exc:
        iki_create(rhk=rhk, **iki_kwargs())
    assert set(errors_of(exc)) == {"aspek", "perspektif"}
    iki = iki_create(rhk=rhk, **iki_kwargs(aspek="", perspektif="penerima_layanan"))
    assert (iki.perspektif, iki.aspek) == ("penerima_layanan", "")


def test_kualitatif_iki_is_descriptive(plan: Plan) -> None:
    rhk = RhkFactory(skp=new_skp(plan.staf2, "kualitatif"))
    iki = iki_create(rhk=rhk, teks="Materi dapat dipahami penerima manfaat", target_teks="90% peserta memahami")
    assert (iki.target_teks, iki.target_min, iki.satuan) == ("90% peserta memahami", None, None)
    with pytest.raises(ValidationError) as exc:
        iki_create(rhk=rhk, teks="Jumlah", target_min=Decimal(5), satuan=satuan("Dokumen"))
    assert "target_min" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        iki_create(rhk=rhk, teks="Jumlah", aspek="kuantitas")
    assert errors_of(exc)["aspek"] == ["Aspek hanya diisi pada SKP JA/JF pendekatan kuantitatif."]
    jpt_rhk = RhkFactory(skp=new_skp(plan.jpt, "kualitatif"))
    with pytest.raises(ValidationError):
        iki_create(rhk=jpt_rhk, teks="Indeks kepuasan meningkat")  # a JPT adds perspektif
    assert iki_create(rhk=jpt_rhk, teks="Indeks kepuasan meningkat", perspektif="penerima_layanan").pk


def test_iki_update_and_delete(plan: Plan) -> None:
    rhk = RhkFactory(skp=plan.skp_staf)
    iki = iki_create(rhk=rhk, **iki_kwargs())
    iki_update(iki=iki, **iki_kwargs(teks="Jumlah OPD", target_min=Decimal(39), target_max=Decimal(40)))
    iki.refresh_from_db()
    assert (iki.teks, iki.target_min, iki.target_max) == ("Jumlah OPD", Decimal(39), Decimal(40))
    with pytest.raises(ValidationError):
        iki_update(iki=iki, **iki_kwargs(target_min=Decimal(50), target_max=Decimal(40)))
    iki.refresh_from_db()
    assert iki.target_min == Decimal(39)
    iki_delete(iki=iki)
    assert not Iki.objects.filter(pk=iki.pk).exists()


def test_format_number() -> None:
    assert [format_number(Decimal(v)) for v in ("20.0000", "95.5000", "100", "0.0001", "1E+2")] == [
        "20",
        "95,5",
        "100",
        "0,0001",
        "100",
    ]


# --- Salin from the Perjanjian Kinerja ------------------------------------------------------------


def test_jpt_copies_a_sasaran_and_its_indikator(plan: Plan) -> None:
    _perjanjian, sasaran, indikator = unit_pk(plan)
    skp = new_skp(plan.jpt)
    rhk = rhk_copy_from_sasaran(skp=skp, sasaran=sasaran)
    assert (rhk.teks, rhk.sasaran_pk, rhk.jenis) == ("Meningkatnya profesionalitas ASN", sasaran, "utama")
    iki = iki_copy_from_indikator(rhk=rhk, indikator=indikator, perspektif="proses_bisnis")
    assert (iki.teks, iki.target_min, iki.satuan, iki.indikator_pk, iki.perspektif) == (
        "Indeks profesionalitas ASN",
        Decimal(85),
        satuan("Indeks"),
        indikator,
        "proses_bisnis",
    )
    with pytest.raises(ValidationError) as exc:
        rhk_copy_from_sasaran(skp=skp, sasaran=sasaran)
    assert "sudah disalin" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        iki_copy_from_indikator(rhk=rhk, indikator=indikator, perspektif="proses_bisnis")
    assert Rhk.objects.filter(skp=skp).count() == 1 and Iki.objects.filter(rhk=rhk).count() == 1


def test_copied_indikator_needs_a_perspektif(plan: Plan) -> None:
    _perjanjian, sasaran, indikator = unit_pk(plan)
    rhk = rhk_copy_from_sasaran(skp=new_skp(plan.jpt), sasaran=sasaran)
    with pytest.raises(ValidationError) as exc:
        iki_copy_from_indikator(rhk=rhk, indikator=indikator, perspektif="")
    assert "perspektif" in errors_of(exc)


def test_kualitatif_jpt_copies_the_target_as_text(plan: Plan) -> None:
    _perjanjian, sasaran, _indikator = unit_pk(plan)
    persen = IndikatorKinerja.objects.get(teks="Persentase ASN yang dinilai")
    rhk = rhk_copy_from_sasaran(skp=new_skp(plan.jpt, "kualitatif"), sasaran=sasaran)
    iki = iki_copy_from_indikator(rhk=rhk, indikator=persen, perspektif="penguatan_internal")
    assert (iki.target_teks, iki.target_min, iki.satuan_id) == ("90,5 Persen (%)", None, None)


def test_a_unit_below_sees_the_pk_of_the_units_above(plan: Plan) -> None:
    _perjanjian, sasaran, indikator = unit_pk(plan)
    seksi = UnitKerjaFactory(instansi=plan.unit.instansi, induk=plan.bidang)
    assert unit_and_ancestor_ids(seksi) == [seksi.pk, plan.bidang.pk, plan.unit.pk]
    bidang_pk = PerjanjianKinerjaFactory(unit_kerja=plan.bidang, tahun=2026)
    own = SasaranStrategisFactory(perjanjian=bidang_pk)
    mandiri = PegawaiFactory(
        instansi=plan.unit.instansi,
        unit_kerja=seksi,
        atasan=plan.kabid,
        jabatan=JabatanFactory(instansi=plan.unit.instansi, jenis="pimpinan_mandiri"),
    )
    skp = new_skp(mandiri)
    assert list(pk_sasaran_choices(skp)) == [own, sasaran]  # the nearest unit first
    rhk = rhk_copy_from_sasaran(skp=skp, sasaran=sasaran)
    assert iki_copy_from_indikator(rhk=rhk, indikator=indikator, perspektif="anggaran").indikator_pk == indikator


def test_salin_refuses_a_pk_of_another_unit_year_or_instansi(plan: Plan) -> None:
    skp = new_skp(plan.jpt)
    sibling = UnitKerjaFactory(instansi=plan.unit.instansi)
    foreign = [
        SasaranStrategisFactory(perjanjian=PerjanjianKinerjaFactory(unit_kerja=sibling, tahun=2026)),
        SasaranStrategisFactory(perjanjian=PerjanjianKinerjaFactory(unit_kerja=plan.bidang, tahun=2026)),  # below
        SasaranStrategisFactory(perjanjian=PerjanjianKinerjaFactory(unit_kerja=plan.unit, tahun=2025)),
        SasaranStrategisFactory(),  # another instansi
    ]
    for sasaran in foreign:
        with pytest.raises(ValidationError) as exc:
            rhk_copy_from_sasaran(skp=skp, sasaran=sasaran)
        assert "bukan bagian Perjanjian Kinerja" in exc.value.messages[0]
        indikator = IndikatorKinerjaFactory(sasaran=sasaran)
        rhk = RhkFactory(skp=skp)
        with pytest.raises(ValidationError) as exc:
            iki_copy_from_indikator(rhk=rhk, indikator=indikator, perspektif="anggaran")
        assert "bukan bagian Perjanjian Kinerja" in exc.value.messages[0]
    assert not Rhk.objects.filter(skp=skp, sasaran_pk__isnull=False).exists()
    assert not Iki.objects.filter(rhk__skp=skp).exists()


def test_salin_from_pk_is_for_jpt_only(plan: Plan) -> None:
    _perjanjian, sasaran, _indikator = unit_pk(plan)
    with pytest.raises(ValidationError) as exc:
        rhk_copy_from_sasaran(skp=plan.skp_staf, sasaran=sasaran)
    assert "hanya untuk SKP JPT" in exc.value.messages[0]


# --- Salin from the Matriks Peran Hasil -----------------------------------------------------------


def test_jajf_copies_a_peran_with_its_intervensi(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    peran = peran_for(leader, plan.staf)
    rhk = rhk_copy_from_peran(skp=plan.skp_staf, peran=peran)
    assert (rhk.teks, rhk.peran_asal, rhk.intervensi, rhk.jenis) == (peran.teks, peran, leader, "utama")
    assert rhk.penugasan_dari == plan.kabid.jabatan.nama
    with pytest.raises(ValidationError) as exc:
        rhk_copy_from_peran(skp=plan.skp_staf, peran=peran)
    assert "sudah disalin" in exc.value.messages[0]


def test_a_peran_given_to_someone_else_or_for_another_period_is_refused(plan: Plan) -> None:
    leader = kabid_rhk(plan)
    other = peran_for(leader, plan.staf2)
    old_leader_rhk = RhkFactory(skp=new_skp(plan.kabid, tahun=2025))
    old = peran_for(old_leader_rhk, plan.staf)
    for peran in (other, old):
        with pytest.raises(ValidationError) as exc:
            rhk_copy_from_peran(skp=plan.skp_staf, peran=peran)
        assert errors_of(exc)["peran"] == ["Peran hasil ini tidak diberikan kepada Anda untuk periode SKP ini."]
    assert not Rhk.objects.filter(skp=plan.skp_staf).exists()


def test_a_peran_from_another_instansi_is_refused(plan: Plan) -> None:
    stranger_rhk = RhkFactory(skp=new_skp(plan.stranger))
    with pytest.raises(ValidationError):
        rhk_copy_from_peran(skp=plan.skp_staf, peran=peran_for(stranger_rhk, plan.staf))


# --- Locked SKP -----------------------------------------------------------------------------------


def test_no_change_to_a_plan_that_is_not_editable(plan: Plan) -> None:
    _perjanjian, sasaran, indikator = unit_pk(plan)
    leader = kabid_rhk(plan)
    skp = submitted(plan.skp_staf, leader)
    rhk = Rhk.objects.get(skp=skp)
    iki = Iki.objects.get(rhk=rhk)
    attempts = [
        lambda: rhk_create(skp=skp, jenis="utama", teks="Baru"),
        lambda: rhk_update(rhk=rhk, jenis="utama", teks="Diubah", intervensi=leader),
        lambda: rhk_delete(rhk=rhk),
        lambda: iki_create(rhk=rhk, **iki_kwargs()),
        lambda: iki_update(iki=iki, **iki_kwargs(teks="Diubah")),
        lambda: iki_delete(iki=iki),
        lambda: rhk_copy_from_peran(skp=skp, peran=peran_for(leader, plan.staf)),
    ]
    for attempt in attempts:
        with pytest.raises(SkpTransitionError) as exc:
            attempt()
        assert exc.value.message.startswith("SKP berstatus Diajukan tidak dapat diubah.")
    rhk.refresh_from_db()
    iki.refresh_from_db()
    assert rhk.teks != "Diubah" and iki.teks != "Diubah"
    assert Rhk.objects.filter(skp=skp).count() == 1 and Iki.objects.filter(rhk__skp=skp).count() == 1

    give_jpt_an_atasan(plan)
    jpt_skp = new_skp(plan.jpt)
    jpt_rhk = rhk_copy_from_sasaran(skp=jpt_skp, sasaran=sasaran)
    jpt_iki = iki_copy_from_indikator(rhk=jpt_rhk, indikator=indikator, perspektif="anggaran")
    skp_submit(skp=jpt_skp, by=None)
    with pytest.raises(SkpTransitionError):
        rhk_copy_from_sasaran(skp=jpt_skp, sasaran=SasaranStrategisFactory(perjanjian=sasaran.perjanjian))
    with pytest.raises(SkpTransitionError):
        manual_indikator_save(iki=jpt_iki, **manual_kwargs())
    assert not ManualIndikator.objects.exists()


# --- Manual indikator -----------------------------------------------------------------------------


def manual_kwargs(**overrides: str) -> dict[str, str]:
    values = {
        "deskripsi_rencana_kerja": "Profesionalitas ASN diukur tiap tahun",
        "definisi": "Indeks yang mengukur kualifikasi, kompetensi, kinerja dan disiplin ASN",
        "formula": "Rata-rata tertimbang empat dimensi",
        "tujuan": "Mengukur profesionalitas ASN",
        "satuan_pengukuran": "Indeks",
        "jenis_kendali": "outcome",
        "penanggung_jawab": "Kepala Bidang Pengembangan Pegawai",
        "penyedia_data": "Bidang Pengembangan Pegawai",
        "sumber_data": "Laporan IP ASN BKN",
        "periode_pelaporan": "tahunan",
    }
    values.update(overrides)
    return values


def test_manual_indikator_is_saved_and_replaced(plan: Plan) -> None:
    iki = IkiFactory(rhk=RhkFactory(skp=new_skp(plan.jpt)), aspek="", perspektif="anggaran")
    manual = manual_indikator_save(iki=iki, **manual_kwargs())
    assert (manual.jenis_kendali, manual.periode_pelaporan) == ("outcome", "tahunan")
    manual_indikator_save(iki=iki, **manual_kwargs(periode_pelaporan="triwulanan", definisi="  Baru  "))
    manual = ManualIndikator.objects.get(iki=iki)
    assert (manual.periode_pelaporan, manual.definisi) == ("triwulanan", "Baru")
    assert ManualIndikator.objects.count() == 1


def test_manual_indikator_rules(plan: Plan) -> None:
    iki = IkiFactory(rhk=RhkFactory(skp=new_skp(plan.jpt)), aspek="", perspektif="anggaran")
    with pytest.raises(ValidationError) as exc:
        manual_indikator_save(
            iki=iki, **manual_kwargs(formula="", definisi=" ", jenis_kendali="x", periode_pelaporan="")
        )
    assert set(errors_of(exc)) == {"formula", "definisi", "jenis_kendali", "periode_pelaporan"}
    kualitatif = IkiFactory(
        rhk=RhkFactory(skp=new_skp(plan.kabid, "kualitatif")), aspek="", target_min=None, satuan=None
    )
    with pytest.raises(ValidationError) as exc:
        manual_indikator_save(iki=kualitatif, **manual_kwargs())
    assert "hanya untuk SKP JPT" in exc.value.messages[0]
    assert not ManualIndikator.objects.exists()


def test_manual_indikator_of_a_kualitatif_jpt_may_leave_formula_and_satuan_empty(plan: Plan) -> None:
    iki = IkiFactory(
        rhk=RhkFactory(skp=new_skp(plan.jpt, "kualitatif")),
        aspek="",
        target_min=None,
        satuan=None,
        perspektif="anggaran",
    )
    manual = manual_indikator_save(iki=iki, **manual_kwargs(formula="", satuan_pengukuran=""))
    assert (manual.formula, manual.satuan_pengukuran) == ("", "")


def test_every_plan_change_counts_the_version_and_a_stale_iki_edit_is_refused(plan: Plan) -> None:
    skp = plan.skp_staf
    rhk = rhk_create(skp=skp, jenis="utama", teks="Pendampingan")
    iki = iki_create(rhk=rhk, **iki_kwargs())
    opened = Skp.objects.get(pk=skp.pk).versi_rencana
    assert opened == 2
    # Another tab saves first from the same version; the second save from it is refused.
    iki_update(iki=Iki.objects.get(pk=iki.pk), **iki_kwargs(target_min=Decimal(15)), versi=opened)
    with pytest.raises(StaleEditError) as refused:
        iki_update(iki=Iki.objects.get(pk=iki.pk), **iki_kwargs(target_min=Decimal(12)), versi=opened)
    message = refused.value.messages[0]
    assert "target 15 Perangkat Daerah" in message and "isian Anda" in message and "target 12" in message
    assert Iki.objects.get(pk=iki.pk).target_min == Decimal(15)
    assert Skp.objects.get(pk=skp.pk).versi_rencana == opened + 1
    # A change elsewhere in the plan (a lampiran) also makes the old form stale.
    lampiran_add(skp=Skp.objects.get(pk=skp.pk), jenis="dukungan_sumber_daya", teks="Laptop")
    with pytest.raises(StaleEditError):
        iki_update(iki=Iki.objects.get(pk=iki.pk), **iki_kwargs(), versi=opened + 1)
    iki_update(iki=Iki.objects.get(pk=iki.pk), **iki_kwargs(target_min=Decimal(12)), versi=opened + 2)
    assert Iki.objects.get(pk=iki.pk).target_min == Decimal(12)
