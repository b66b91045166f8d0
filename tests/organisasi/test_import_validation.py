"""The dry run: every bad row with its spreadsheet row number and the reasons, in Indonesian."""

from __future__ import annotations

import pytest

from organisasi.models import ImportJob, Pegawai, UnitKerja
from tests.conftest import World
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory

from .test_import_support import (
    PEGAWAI_HEADERS,
    csv_bytes,
    errors_by_row,
    import_setup,
    nip,
    pegawai_csv,
    pegawai_row,
    validate,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def only_error(job: ImportJob, row: int) -> str:
    errors = errors_by_row(job)
    assert list(errors) == [row], errors
    assert len(errors[row]) == 1, errors[row]
    return errors[row][0]


# --- pegawai ----------------------------------------------------------------------------------


def test_valid_file_reports_counts_and_no_errors(world: World) -> None:
    import_setup(world.instansi)
    changed = pegawai_row(world.pegawai.nip, NAMA=world.pegawai.nama, GOL_RUANG="III/b", KODE_JABATAN="J-PEL")
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1)), changed]))
    assert job.status == ImportJob.Status.TERVALIDASI
    assert job.total_baris == 2
    assert job.laporan["jumlah"] == {"dibuat": 1, "diubah": 1, "tetap": 0, "baris_salah": 0}
    perubahan = {p["kunci"]: p for p in job.laporan["perubahan"]}
    assert perubahan[nip(1)]["aksi"] == "dibuat"
    kolom = {k["kolom"]: (k["lama"], k["baru"]) for k in perubahan[world.pegawai.nip]["kolom"]}
    assert kolom["GOL_RUANG"] == ("III/a", "III/b")
    assert kolom["KODE_JABATAN"] == (world.pegawai.jabatan.kode, "J-PEL")
    assert kolom["NIP_ATASAN"] == (world.atasan.nip, "")
    assert Pegawai.objects.filter(nip=nip(1)).count() == 0  # a dry run changes nothing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19850312201001200", "NIP harus terdiri atas 18 angka (tertulis 17 karakter)."),
        ("198502302010012003", "Tanggal lahir pada NIP (digit 1–8: 19850230) bukan tanggal yang ada."),
        ("198503122010013003", "Digit jenis kelamin pada NIP (digit 15: 3) harus 1 atau 2."),
        ("19850312201013200A", "NIP harus terdiri atas 18 angka (tertulis 18 karakter)."),
    ],
)
def test_bad_nip_structure(world: World, value: str, expected: str) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1)), pegawai_row(nip(2)), pegawai_row(value)]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.status == ImportJob.Status.DITOLAK
    assert only_error(job, 4) == expected
    assert job.laporan["galat"][0]["kunci"] == value


def test_nip_with_spaces_is_normalised(world: World) -> None:
    import_setup(world.instansi)
    spaced = f"{nip(1)[:8]} {nip(1)[8:14]} {nip(1)[14]} {nip(1)[15:]}"
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(spaced)]))
    assert job.status == ImportJob.Status.TERVALIDASI
    assert job.laporan["perubahan"][0]["kunci"] == nip(1)


def test_every_reason_of_a_row_is_reported(world: World) -> None:
    import_setup(world.instansi)
    row = pegawai_row("198513322010012003", NAMA="", GOL_RUANG="V/z", KODE_UNOR="X-9", TUGAS_BELAJAR="mungkin")
    job = validate(world.instansi, "pegawai", pegawai_csv([row]))
    reasons = errors_by_row(job)[2]
    assert "Tanggal lahir pada NIP (digit 1–8: 19851332) bukan tanggal yang ada." in reasons
    assert "NAMA wajib diisi." in reasons
    assert any(r.startswith("GOL_RUANG “V/z” tidak dikenal") for r in reasons)
    assert any(r.startswith("KODE_UNOR X-9 tidak ditemukan di unit kerja instansi ini") for r in reasons)
    assert "TUGAS_BELAJAR harus Ya atau Tidak (tertulis “mungkin”)." in reasons
    assert job.laporan["jumlah"]["baris_salah"] == 1


def test_duplicate_nip_in_file_names_both_rows(world: World) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1)), pegawai_row(nip(2)), pegawai_row(nip(1))]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    errors = errors_by_row(job)
    message = f"NIP_BARU {nip(1)} tertulis lebih dari sekali: baris 2, 4."
    assert errors == {2: [message], 4: [message]}


def test_nip_of_another_instansi(world: World) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1)), pegawai_row(world.other_pegawai.nip)]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    assert "sudah terdaftar di instansi lain" in only_error(job, 3)
    assert world.other_instansi.nama not in only_error(job, 3)


def test_account_name_owned_by_someone_else(world: World) -> None:
    import_setup(world.instansi)
    # An account whose username is the new NIP but belongs to another pegawai already.
    owner = PegawaiFactory(instansi=world.instansi)
    owner.user.username = nip(5)
    owner.user.save()
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(5))]))
    assert "Sudah ada akun lain dengan nama pengguna" in only_error(job, 2)


@pytest.mark.parametrize(
    ("status", "golongan", "expected"),
    [
        ("PPPK", "III/c", "GOL_RUANG III/c adalah golongan ruang PNS, tidak sesuai dengan status PPPK"),
        ("PNS", "IX", "GOL_RUANG IX adalah golongan PPPK, tidak sesuai dengan status PNS"),
        ("CPNS", "XI", "GOL_RUANG XI adalah golongan PPPK, tidak sesuai dengan status CPNS"),
        ("PNS", "III/z", "GOL_RUANG “III/z” tidak dikenal"),
        ("PPPK", "XVIII", "GOL_RUANG “XVIII” tidak dikenal"),
    ],
)
def test_golongan_unknown_or_not_matching_status(world: World, status: str, golongan: str, expected: str) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(1)), pegawai_row(nip(2), STATUS_PEGAWAI=status, GOL_RUANG=golongan)]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    assert only_error(job, 3).startswith(expected)


@pytest.mark.parametrize(
    ("status", "golongan"),
    [("PNS", "iii/C"), ("P", "3c"), ("C", "III-b"), ("PPPK", "ix"), ("P3K", "9"), ("pppk", "XVII")],
)
def test_golongan_and_status_spellings_accepted(world: World, status: str, golongan: str) -> None:
    import_setup(world.instansi)
    job = validate(
        world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1), STATUS_PEGAWAI=status, GOL_RUANG=golongan)])
    )
    assert job.status == ImportJob.Status.TERVALIDASI, job.laporan["galat"]


def test_unknown_status(world: World) -> None:
    import_setup(world.instansi)
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1), STATUS_PEGAWAI="Honorer")]))
    reasons = errors_by_row(job)[2]
    assert reasons[0] == "STATUS_PEGAWAI “Honorer” tidak dikenal; isi PNS, CPNS atau PPPK."


def test_unknown_jabatan_and_unit_codes(world: World) -> None:
    import_setup(world.instansi)
    JabatanFactory(instansi=world.other_instansi, kode="J-LAIN")  # another instansi's code is unknown here
    rows = [pegawai_row(nip(1), KODE_JABATAN="J-LAIN"), pegawai_row(nip(2), KODE_UNOR="U-404")]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    errors = errors_by_row(job)
    assert errors[2] == ["KODE_JABATAN J-LAIN tidak ditemukan di jabatan instansi ini; impor jabatan terlebih dahulu."]
    assert errors[3] == [
        "KODE_UNOR U-404 tidak ditemukan di unit kerja instansi ini; impor unit kerja terlebih dahulu."
    ]


def test_codes_match_without_regard_to_case(world: World) -> None:
    import_setup(world.instansi)
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1), KODE_JABATAN="j-pel", KODE_UNOR="u-1")]))
    assert job.status == ImportJob.Status.TERVALIDASI


def test_unknown_atasan_and_atasan_self(world: World) -> None:
    import_setup(world.instansi)
    rows = [
        pegawai_row(nip(1), NIP_ATASAN=nip(99)),
        pegawai_row(nip(2), NIP_ATASAN=nip(2)),
        pegawai_row(nip(3), NIP_ATASAN=world.other_pegawai.nip),
        pegawai_row(nip(4), NIP_ATASAN="123"),
        pegawai_row(nip(5), NIP_ATASAN=world.kepala.nip),  # in the database: fine
        pegawai_row(nip(6), NIP_ATASAN=nip(1)),  # in the file: fine
    ]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    errors = errors_by_row(job)
    assert errors[2] == [f"NIP_ATASAN {nip(99)} tidak ditemukan di berkas ini maupun di data pegawai instansi."]
    assert errors[3] == ["Pegawai tidak dapat menjadi atasan dirinya sendiri."]
    assert errors[4] == [
        f"NIP_ATASAN {world.other_pegawai.nip} tidak ditemukan di berkas ini maupun di data pegawai instansi."
    ]
    assert errors[5][0].startswith("NIP_ATASAN 123 tidak valid: NIP harus terdiri atas 18 angka")
    assert set(errors) == {2, 3, 4, 5}


def test_atasan_cycle_inside_the_file(world: World) -> None:
    import_setup(world.instansi)
    rows = [
        pegawai_row(nip(1), NIP_ATASAN=nip(2)),
        pegawai_row(nip(2), NIP_ATASAN=nip(3)),
        pegawai_row(nip(3), NIP_ATASAN=nip(1)),
        pegawai_row(nip(4), NIP_ATASAN=nip(1)),  # under the loop, but not on it
    ]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    errors = errors_by_row(job)
    assert set(errors) == {2, 3, 4}
    assert errors[2] == [
        f"Rantai atasan berputar (pegawai menjadi atasan dari atasannya sendiri): {nip(1)} → {nip(2)} → {nip(3)} → {nip(1)}."
    ]
    assert f"{nip(2)} → {nip(3)} → {nip(1)} → {nip(2)}" in errors[3][0]


def test_atasan_cycle_across_file_and_database(world: World) -> None:
    """Database: pegawai → atasan → kepala. The file makes the kepala report to the pegawai."""
    import_setup(world.instansi)
    kepala = world.kepala
    row = pegawai_row(
        kepala.nip,
        NAMA=kepala.nama,
        GELAR_BELAKANG="",
        KODE_JABATAN="J-PEL",
        NIP_ATASAN=world.pegawai.nip,
    )
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1)), row]))
    chain = f"{kepala.nip} → {world.pegawai.nip} → {world.atasan.nip} → {kepala.nip}"
    assert only_error(job, 3) == f"Rantai atasan berputar (pegawai menjadi atasan dari atasannya sendiri): {chain}."


def test_cycle_broken_by_the_file_itself_is_fine(world: World) -> None:
    """The file moves the atasan to the top at the same time: no loop in the resulting tree."""
    import_setup(world.instansi)
    rows = [
        pegawai_row(world.kepala.nip, NAMA=world.kepala.nama, NIP_ATASAN=world.pegawai.nip),
        pegawai_row(world.atasan.nip, NAMA=world.atasan.nama, NIP_ATASAN=""),
    ]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.status == ImportJob.Status.TERVALIDASI, job.laporan["galat"]


def test_too_long_values(world: World) -> None:
    import_setup(world.instansi)
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1), NAMA="A" * 151, GELAR_DEPAN="G" * 41)]))
    assert errors_by_row(job)[2] == [
        "NAMA terlalu panjang: 151 karakter, paling banyak 150.",
        "GELAR_DEPAN terlalu panjang: 41 karakter, paling banyak 40.",
    ]


def test_missing_required_values(world: World) -> None:
    import_setup(world.instansi)
    row = pegawai_row("", NAMA="", STATUS_PEGAWAI="", GOL_RUANG="", KODE_JABATAN="", KODE_UNOR="")
    job = validate(world.instansi, "pegawai", pegawai_csv([pegawai_row(nip(1)), row]))
    assert errors_by_row(job) == {
        3: [
            "NIP_BARU wajib diisi.",
            "NAMA wajib diisi.",
            "STATUS_PEGAWAI wajib diisi.",
            "GOL_RUANG wajib diisi.",
            "KODE_JABATAN wajib diisi.",
            "KODE_UNOR wajib diisi.",
        ]
    }


def test_float_nip_from_excel_asks_for_text_format(world: World) -> None:
    import_setup(world.instansi)
    lossy = 1.98503122010012e17
    data = xlsx_bytes(PEGAWAI_HEADERS, [pegawai_row(nip(1)), pegawai_row(lossy)])
    job = validate(world.instansi, "pegawai", data, name="pegawai.xlsx")
    message = only_error(job, 3)
    assert message.startswith("NIP_BARU tersimpan sebagai angka (1.98503122010012E+17)")
    assert "Format kolom NIP_BARU sebagai Teks di Excel" in message


def test_integer_nip_from_excel_is_accepted(world: World) -> None:
    import_setup(world.instansi)
    data = xlsx_bytes(PEGAWAI_HEADERS, [pegawai_row(900001)], raw_numbers={900001: nip(1)})
    job = validate(world.instansi, "pegawai", data, name="pegawai.xlsx")
    assert job.status == ImportJob.Status.TERVALIDASI
    assert job.laporan["perubahan"][0]["kunci"] == nip(1)


def test_file_level_problem_rejects_the_job_with_a_message(world: World, settings) -> None:
    import_setup(world.instansi)
    from django.core.files.base import ContentFile

    from organisasi.services.impor import import_job_create, import_job_validate

    job = import_job_create(
        instansi=world.instansi,
        jenis="pegawai",
        file=ContentFile(pegawai_csv([pegawai_row(nip(1))]), name="x.csv"),
        diunggah_oleh=None,
    )
    job.file.save("x.csv", ContentFile(b"%PDF-1.4 not a table"), save=True)  # replaced on disk since upload
    job = import_job_validate(job=job)
    assert job.status == ImportJob.Status.DITOLAK
    assert job.pesan_galat == "Berkas ini bukan CSV atau XLSX."


def test_report_keeps_every_error_but_caps_the_change_list(world: World) -> None:
    import_setup(world.instansi)
    rows = [pegawai_row(nip(i)) for i in range(1, 603)] + [pegawai_row("1"), pegawai_row("2")]
    job = validate(world.instansi, "pegawai", pegawai_csv(rows))
    assert job.laporan["jumlah"] == {"dibuat": 602, "diubah": 0, "tetap": 0, "baris_salah": 2}
    assert len(job.laporan["perubahan"]) == 500
    assert job.laporan["perubahan_terpotong"] == 102
    assert [g["baris"] for g in job.laporan["galat"]] == [604, 605]


# --- unit kerja -------------------------------------------------------------------------------

UNIT_HEADERS = ("KODE_UNOR", "NAMA_UNOR", "KODE_UNOR_INDUK", "NIP_KEPALA")


def test_units_duplicate_unknown_parent_self_parent(world: World) -> None:
    rows = [
        ("A", "Badan", "", ""),
        ("B", "Sekretariat", "A", ""),
        ("a", "Badan lagi", "", ""),
        ("C", "Bidang", "Z", ""),
        ("D", "Seksi", "D", ""),
        ("E", "Seksi E", world.unit.kode, ""),  # parent already in the database
    ]
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, rows))
    errors = errors_by_row(job)
    assert errors[2] == ["KODE_UNOR A tertulis lebih dari sekali: baris 2, 4."]
    assert errors[4] == errors[2]
    assert errors[5] == ["KODE_UNOR_INDUK Z tidak ditemukan di berkas ini maupun di unit kerja instansi."]
    assert errors[6] == ["Unit kerja tidak dapat menjadi induk dirinya sendiri."]
    assert set(errors) == {2, 4, 5, 6}


def test_unit_parent_cycle_in_file(world: World) -> None:
    rows = [("A", "Satu", "C", ""), ("B", "Dua", "A", ""), ("C", "Tiga", "B", ""), ("D", "Empat", "", "")]
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, rows))
    errors = errors_by_row(job)
    assert set(errors) == {2, 3, 4}
    assert errors[2] == ["Unit induk berputar (unit menjadi sub-unit dari dirinya sendiri): A → C → B → A."]


def test_unit_parent_cycle_across_database(world: World) -> None:
    root = UnitKerjaFactory(instansi=world.instansi, kode="ROOT")
    UnitKerjaFactory(instansi=world.instansi, kode="CHILD", induk=root)
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, [("ROOT", "Akar", "CHILD", "")]))
    assert errors_by_row(job) == {
        2: ["Unit induk berputar (unit menjadi sub-unit dari dirinya sendiri): ROOT → CHILD → ROOT."]
    }


def test_unit_kepala_must_be_pegawai_of_the_instansi(world: World) -> None:
    rows = [
        ("A", "Satu", "", world.kepala.nip),
        ("B", "Dua", "", world.other_pegawai.nip),
        ("C", "Tiga", "", "12345"),
    ]
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, rows))
    errors = errors_by_row(job)
    assert set(errors) == {3, 4}
    assert errors[3][0].startswith(f"NIP_KEPALA {world.other_pegawai.nip} bukan pegawai instansi ini")
    assert errors[4][0].startswith("NIP_KEPALA: NIP harus terdiri atas 18 angka")


def test_unit_required_and_too_long(world: World) -> None:
    rows = [("", "Tanpa kode", "", ""), ("K" * 41, "", "", "")]
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, rows))
    assert errors_by_row(job) == {
        2: ["KODE_UNOR wajib diisi."],
        3: ["KODE_UNOR terlalu panjang: 41 karakter, paling banyak 40.", "NAMA_UNOR wajib diisi."],
    }


def test_unit_change_report(world: World) -> None:
    other = UnitKerjaFactory(instansi=world.instansi, kode="LAIN")
    rows = [(world.unit.kode, "Nama Baru", "LAIN", world.kepala.nip), ("LAIN", other.nama, "", "")]
    job = validate(world.instansi, "unit_kerja", csv_bytes(UNIT_HEADERS, rows))
    assert job.laporan["jumlah"] == {"dibuat": 0, "diubah": 1, "tetap": 1, "baris_salah": 0}
    kolom = {k["kolom"]: (k["lama"], k["baru"]) for k in job.laporan["perubahan"][0]["kolom"]}
    assert kolom == {
        "NAMA_UNOR": (world.unit.nama, "Nama Baru"),
        "KODE_UNOR_INDUK": ("", "LAIN"),
        "NIP_KEPALA": ("", world.kepala.nip),
    }
    assert UnitKerja.objects.get(pk=world.unit.pk).nama == world.unit.nama


# --- jabatan ----------------------------------------------------------------------------------

JABATAN_HEADERS = ("KODE_JABATAN", "NAMA_JABATAN", "JENIS_JABATAN", "JENJANG", "URAIAN_TUGAS")


def test_jabatan_kinds_and_jenjang_spellings(world: World) -> None:
    rows = [
        ("K1", "Kepala Badan", "JPT Pratama", "", ""),
        ("K2", "Sekretaris", "administrator", "", ""),
        ("K3", "Kasubbag", "JA Pengawas", "", ""),
        ("K4", "Pengadministrasi", "pelaksana", "", ""),
        ("K5", "Analis", "Fungsional", "Ahli Pertama", ""),
        ("K6", "Pranata Komputer", "jabatan fungsional", "terampil", ""),
        ("K7", "Kepala UPT", "pimpinan_mandiri", "", ""),
        ("K8", "Analis Madya", "JFT", "Madya", ""),
        ("K9", "Sekda", "jpt_madya", "", ""),
    ]
    job = validate(world.instansi, "jabatan", csv_bytes(JABATAN_HEADERS, rows))
    assert job.status == ImportJob.Status.TERVALIDASI, job.laporan["galat"]
    assert job.laporan["jumlah"]["dibuat"] == 9


def test_jabatan_errors(world: World) -> None:
    rows = [
        ("K1", "Kepala", "Eselon Tiga", "", ""),
        ("K2", "Analis", "Fungsional", "", ""),
        ("K3", "Sekretaris", "Administrator", "Ahli Muda", ""),
        ("K4", "Analis", "Fungsional", "Ahli Super", ""),
        ("K5", "Pranata", "Fungsional", "Mahir", ""),
        ("k5", "Pranata lagi", "Fungsional", "Mahir", ""),
    ]
    job = validate(world.instansi, "jabatan", csv_bytes(JABATAN_HEADERS, rows))
    errors = errors_by_row(job)
    assert errors[2][0].startswith("JENIS_JABATAN “Eselon Tiga” tidak dikenal. Pilihan: JPT Utama, JPT Madya")
    assert errors[3] == ["JENJANG wajib diisi untuk jabatan fungsional (misalnya Ahli Pertama atau Terampil)."]
    assert errors[4] == ["JENJANG hanya diisi untuk jabatan fungsional; kosongkan untuk JA Administrator."]
    assert errors[5][0].startswith("JENJANG “Ahli Super” tidak dikenal. Pilihan: Ahli Pertama, Ahli Muda")
    assert errors[6] == errors[7] == ["KODE_JABATAN K5 tertulis lebih dari sekali: baris 6, 7."]


def test_jabatan_fungsional_without_jenjang_column(world: World) -> None:
    job = validate(
        world.instansi, "jabatan", csv_bytes(("KODE_JABATAN", "NAMA_JABATAN", "JENIS_JABATAN"), [("K", "Analis", "JF")])
    )
    assert errors_by_row(job)[2] == [
        "JENJANG wajib diisi untuk jabatan fungsional (misalnya Ahli Pertama atau Terampil)."
    ]
