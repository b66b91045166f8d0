"""Every SKP variant as XLSX laid out like the official Excel template, read back with openpyxl."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dokumen.skp import skp_xlsx
from perencanaan.models import Skp
from tests.dokumen.skp_data import SkpVarian, varian  # noqa: F401

pytestmark = pytest.mark.django_db

JUDUL = {
    "jpt_kualitatif": ("KUALITATIF", "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"),
    "jajf_kualitatif": ("KUALITATIF", "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"),
    "jpt_kuantitatif": ("KUANTITATIF", "BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI"),
    "jajf_kuantitatif": ("KUANTITATIF", "BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"),
}
HEADINGS = {
    "jpt_kuantitatif": ["NO", "RENCANA HASIL KERJA", "INDIKATOR KINERJA INDIVIDU", "TARGET", "PERSPEKTIF"],
    "jajf_kuantitatif": [
        "NO.",
        "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI*",
        "RENCANA HASIL KERJA",
        "ASPEK",
        "INDIKATOR KINERJA INDIVIDU",
        "TARGET",
    ],
}


def sheet(skp: Skp) -> Worksheet:
    ws = load_workbook(io.BytesIO(skp_xlsx(skp))).active
    assert isinstance(ws, Worksheet)
    return ws


def find(ws: Worksheet, value: str) -> Any:
    """The cell holding exactly `value` (first found)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in the sheet")


def merged_range_of(ws: Worksheet, coordinate: str) -> str:
    for merged in ws.merged_cells.ranges:
        if coordinate in merged:
            return str(merged)
    return coordinate


def row_values(ws: Worksheet, row: int) -> list[Any]:
    return [c.value for c in ws[row] if c.value is not None]


def texts(ws: Worksheet) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("name", list(JUDUL))
def test_each_variant_as_xlsx(varian: SkpVarian, name: str) -> None:  # noqa: F811
    skp: Skp = getattr(varian, name)
    ws = sheet(skp)
    last_col = ws.max_column
    last_letter = get_column_letter(last_col)

    # Title lines: merged across the whole width, bold and centred.
    pendekatan, bagi = JUDUL[name]
    assert [ws.cell(row=r, column=1).value for r in (1, 2, 3)] == [
        "SASARAN KINERJA PEGAWAI",
        f"PENDEKATAN HASIL KERJA {pendekatan}",
        bagi,
    ]
    for r in (1, 2, 3):
        assert merged_range_of(ws, f"A{r}") == f"A{r}:{last_letter}{r}"
        assert ws.cell(row=r, column=1).font.b
        assert ws.cell(row=r, column=1).alignment.horizontal == "center"
    all_text = texts(ws)
    assert "DRAF" not in all_text
    assert skp.pegawai.instansi.nama.upper() in row_values(ws, 5)
    assert "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026" in row_values(ws, 5)

    # Identity blocks side by side, from the snapshot.
    pegawai, penilai = skp.identitas["pegawai"], skp.identitas["pejabat_penilai"]
    assert row_values(ws, 7) == ["NO", "PEGAWAI YANG DINILAI", "NO", "PEJABAT PENILAI KINERJA"]
    assert row_values(ws, 8) == ["1", "NAMA", pegawai["nama"], "1", "NAMA", penilai["nama"]]
    nip_label = "NIP (*opsional)" if skp.is_jpt else "NIP"
    assert row_values(ws, 9) == ["2", "NIP", pegawai["nip"], "2", nip_label, penilai["nip"]]
    kanan = ["INSTANSI", penilai["instansi"]] if skp.is_jpt else ["UNIT KERJA", penilai["unit_kerja"]]
    assert row_values(ws, 12) == ["5", "UNIT KERJA", pegawai["unit_kerja"], "5", *kanan]
    assert find(ws, pegawai["nama"]).border.left.style == "thin"

    # Hasil kerja: heading rows (repeated on every printed page), sections, rows.
    hasil = find(ws, "HASIL KERJA")
    assert merged_range_of(ws, hasil.coordinate) == f"A{hasil.row}:{last_letter}{hasil.row}"
    if skp.is_kuantitatif:
        assert row_values(ws, hasil.row + 1) == HEADINGS[name]
        assert row_values(ws, hasil.row + 2) == [f"({n})" for n in range(1, len(HEADINGS[name]) + 1)]
        assert ws.print_title_rows == f"${hasil.row}:${hasil.row + 2}"
    else:
        assert ws.print_title_rows == f"${hasil.row}:${hasil.row}"
    utama = "A. KINERJA UTAMA" if name == "jpt_kuantitatif" else "A. UTAMA"
    tambahan = "B. KINERJA TAMBAHAN" if name == "jpt_kuantitatif" else "B. TAMBAHAN"
    assert (
        find(ws, utama).row
        < find(ws, tambahan).row
        < find(ws, "PERILAKU KERJA" + ("**" if name == "jajf_kuantitatif" else "*")).row
    )

    # Perilaku: seven aspects with their guides and the ekspektasi cell.
    assert all_text.count("Ekspektasi Khusus Pimpinan:") == 7
    for aspek in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"):
        assert aspek in all_text
    assert "- Memahami dan memenuhi kebutuhan masyarakat" in all_text

    # Signatures and footnote.
    assert find(ws, "Pegawai yang Dinilai").row == find(ws, "Pejabat Penilai Kinerja").row
    assert find(ws, f"NIP {pegawai['nip']}").row == find(ws, f"NIP {penilai['nip']}").row
    assert any(str(v).startswith("Kupang, ") for v in row_values(ws, find(ws, "Pejabat Penilai Kinerja").row - 1))
    assert "* Pimpinan dapat memberikan Ekspektasi khusus" in all_text

    # Page setup: print area over everything, A4, orientation, one page wide, wrapped text.
    assert ws.print_area == f"'SKP'!$A$1:${last_letter}${ws.max_row}"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == ("landscape" if skp.is_kuantitatif else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert all((ws.column_dimensions[get_column_letter(c)].width or 0) >= 4 for c in range(1, last_col + 1))
    assert find(ws, pegawai["jabatan"]).alignment.wrap_text


def test_jajf_kuantitatif_rows_merge_the_rhk_over_its_iki(varian: SkpVarian) -> None:  # noqa: F811
    ws = sheet(varian.jajf_kuantitatif)
    rhk = find(ws, "Tersusunnya rencana pengembangan kompetensi\nPenugasan dari: Kepala Bidang Pengembangan Pegawai")
    first, second = rhk.row, rhk.row + 1
    assert row_values(ws, first) == [
        "1",
        "Terlaksananya pengembangan kompetensi pegawai",
        rhk.value,
        "Kuantitas",
        "Jumlah dokumen rencana",
        "12 Dokumen",
    ]
    assert row_values(ws, second) == ["Waktu", "Waktu penyusunan tiap dokumen", "2–3 Hari"]
    # NO, RHK pimpinan and RHK each span the RHK's two IKI rows.
    assert merged_range_of(ws, f"A{first}") == f"A{first}:A{second}"
    intervensi = find(ws, "Terlaksananya pengembangan kompetensi pegawai")
    assert merged_range_of(ws, intervensi.coordinate).endswith(str(second))
    assert merged_range_of(ws, rhk.coordinate).endswith(str(second))
    assert row_values(ws, find(ws, "B. TAMBAHAN").row + 1) == [
        "1",
        "-",
        "Menjadi narasumber sosialisasi",
        "Kuantitas",
        "Laporan sosialisasi",
        "1 Laporan",
    ]
    ekspektasi = find(ws, "Ekspektasi Khusus Pimpinan: Penyelesaian pekerjaan dan pelayanan mengedepankan 5S")
    assert ekspektasi.row == find(ws, "Berorientasi Pelayanan").row + 1
    # Wrapped text gets a row tall enough for its lines.
    assert (ws.row_dimensions[ekspektasi.row].height or 0) >= 24


def test_jpt_kuantitatif_rows(varian: SkpVarian) -> None:  # noqa: F811
    ws = sheet(varian.jpt_kuantitatif)
    rhk = find(ws, "Meningkatnya kualitas ASN\nPenugasan dari: Sekretaris Daerah")
    assert row_values(ws, rhk.row) == ["1", rhk.value, "Indeks sistem merit", "85 Indeks", "Penerima Layanan"]
    assert row_values(ws, rhk.row + 1) == [
        "Persentase ASN yang memenuhi standar kompetensi",
        "90 Persen (%)",
        "Proses Bisnis",
    ]
    assert find(ws, "Ekspektasi Khusus Pimpinan: Laporkan capaian setiap triwulan tepat waktu")


def test_kualitatif_rows(varian: SkpVarian) -> None:  # noqa: F811
    ws = sheet(varian.jpt_kualitatif)
    cell = find(
        ws,
        "Meningkatnya mutu layanan pendidikan dasar\nPenugasan dari: Bupati\n"
        "Ukuran keberhasilan/ Indikator Kinerja Individu, Target, dan Perspektif:\n"
        "- Sekolah dasar terakreditasi minimal B (seluruh sekolah dasar negeri) — Penerima Layanan",
    )
    assert ws.cell(row=cell.row, column=1).value == "1"
    assert cell.alignment.wrap_text
    assert (ws.row_dimensions[cell.row].height or 0) >= 48
    ws2 = sheet(varian.jajf_kualitatif)
    assert find(
        ws2,
        "Terkelolanya arsip kepegawaian\nUkuran keberhasilan/ indikator kinerja individu dan Target:\n"
        "- Arsip tertata dan mudah ditemukan kembali (100% arsip 2025)",
    )
    assert find(ws2, "Tidak ada rencana hasil kerja tambahan.")


def test_draft_xlsx_is_marked(varian: SkpVarian) -> None:  # noqa: F811
    skp = varian.jajf_kuantitatif
    Skp.objects.filter(pk=skp.pk).update(status="draft", identitas={})
    ws = sheet(Skp.objects.get(pk=skp.pk))
    assert ws.cell(row=4, column=1).value == "DRAF — BELUM DITETAPKAN"
    assert "DRAF" in ws.oddFooter.left.text
