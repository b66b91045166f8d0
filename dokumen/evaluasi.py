"""Forms 11–14 of seed 000 (SPEC §8) as PDF:

11. Pendokumentasian Kinerja of an SKP: RHK, rencana aksi, realisasi and bukti dukung per period.
12. Rekaman Informasi Umpan Balik Berkelanjutan of an SKP in a period — kualitatif; kuantitatif JPT;
    kuantitatif JA/JF.
13. Hasil Evaluasi Kinerja Pegawai of an evaluation — the same three variants — with capaian kinerja
    organisasi, the pola distribusi chart, realisasi, feedback, ratings and predikat.
14. Dokumen Evaluasi Kinerja Pegawai of an evaluation — signed by the pejabat penilai; by the atasan
    pejabat penilai (result changed on a keberatan); with keberatan, penjelasan and keputusan — from
    `penilaian.dokumen.dokumen_evaluasi_data`, the data of the screen's printable page.

The sheet is `pelaksanaan.selectors.lembar_kinerja`, the chart `penilaian.charts.pola_distribusi_svg`
— the same ones the screens use. The chart box of form 13 holds the guideline curve of the unit's
capaian kinerja organisasi (SPEC §6.3: "the forms have a 'Pola Distribusi' box that shows this
curve"), as the evaluated pegawai's screen draws it: the paper goes to the pegawai, and in a small
unit the unit's actual bars would tell colleagues' predikat.

Bulk printing calls `hasil_evaluasi_pdf` and `dokumen_evaluasi_pdf` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from organisasi.identitas import Identitas
from pelaksanaan.models import Periode
from pelaksanaan.selectors import lembar_kinerja
from penilaian.charts import pola_distribusi_svg
from penilaian.dokumen import DokumenEvaluasi, TandaTangan, dokumen_evaluasi_data
from penilaian.models import CapaianOrganisasi, Evaluasi
from penilaian.selectors import capaian_unit_current
from penilaian.services.evaluasi import unit_id_of_skp
from perencanaan.models import Skp

from .lembar import (
    KUALITATIF,
    LembarCetak,
    PendokumentasianForm,
    judul_pendekatan,
    lembar_cetak,
    pendokumentasian_form,
    periode_label,
    periode_skp,
)
from .render import periode_penilaian, render_pdf, safe_filename, tanggal_cetak
from .skp import SET_STATUSES, identitas_pair

TEMPLATES = "dokumen/evaluasi/"

# What `load_evaluasi` reads with the evaluation (the SKP and the people its forms print).
EVALUASI_RELATED = (
    "periode",
    "penilai__atasan",
    "skp__pegawai__instansi",
    "skp__pegawai__golongan",
    "skp__pegawai__jabatan",
    "skp__pegawai__unit_kerja",
    "skp__jabatan",
    "skp__unit_kerja",
    "skp__pejabat_penilai__instansi",
    "skp__pejabat_penilai__golongan",
    "skp__pejabat_penilai__jabatan",
    "skp__pejabat_penilai__unit_kerja",
)


def load_evaluasi(pk: int) -> Evaluasi:
    return Evaluasi.objects.select_related(*EVALUASI_RELATED).get(pk=pk)


def _nip_of(skp: Skp) -> str:
    snapshot = (skp.identitas or {}).get("pegawai") or {}
    return str(snapshot.get("nip") or skp.pegawai.nip)


def _ttd(peran: str, identitas: dict[str, str] | Identitas | None) -> dict[str, str]:
    identitas = identitas or {}
    return {"jabatan_ttd": peran, "nama": str(identitas.get("nama", "")), "nip": str(identitas.get("nip", ""))}


def _tanggal_atau_titik(value: date | None, tahun: int) -> str:
    return tanggal_cetak(value) if value is not None else f"…………………… {tahun}"


# --- 11. Pendokumentasian Kinerja -----------------------------------------------------------------


def pendokumentasian_filename(skp: Skp) -> str:
    versi = f"v{skp.versi}" if skp.versi > 1 else ""
    base = safe_filename(
        "Pendokumentasian-Kinerja",
        _nip_of(skp),
        f"{skp.periode_mulai:%d-%m-%Y}",
        f"{skp.periode_selesai:%d-%m-%Y}",
        versi,
    )
    return f"{base}.pdf"


def pendokumentasian_pdf(skp: Skp) -> bytes:
    with translation.override("id"):
        form: PendokumentasianForm = pendokumentasian_form(skp)
    return render_pdf(TEMPLATES + "pendokumentasian.html", {"form": form})


# --- 12. Rekaman Umpan Balik Berkelanjutan --------------------------------------------------------


@dataclass
class LembarForm:
    """Heading, identities and signatures around the sheet: what forms 12 and 13 share."""

    judul: list[str]
    draf: str  # the DRAF line under the title, "" for a document in force
    instansi: str
    periode_label: str  # after "PERIODE:"
    periode: str  # "PERIODE PENILAIAN: 1 JANUARI 2026 SD 31 DESEMBER 2026"
    pegawai: dict[str, str] | Identitas
    penilai: dict[str, str] | Identitas
    kolom_kanan: str
    nip_penilai_opsional: bool
    lembar: LembarCetak
    tempat: str
    tanggal: str
    ttd_kiri: dict[str, str] | None
    ttd_kanan: dict[str, str]
    catatan_kaki: list[str]
    nip: str
    # Form 13 only.
    capaian: str = ""
    pola_distribusi: SafeString | None = None
    rating_hasil: str = ""
    rating_perilaku: str = ""
    predikat: str = ""
    versi: int = 1
    keterangan_versi: str = ""

    @property
    def landscape(self) -> bool:
        return True


def umpan_balik_filename(skp: Skp, periode: Periode) -> str:
    versi = f"v{skp.versi}" if skp.versi > 1 else ""
    return f"{safe_filename('Rekaman-Umpan-Balik', _nip_of(skp), periode.nama, periode.tahun, versi)}.pdf"


def umpan_balik_form(skp: Skp, periode: Periode) -> LembarForm:
    with translation.override("id"):
        lembar = lembar_kinerja(skp, periode)
        cetak = lembar_cetak(lembar)
        pegawai, penilai = identitas_pair(skp)
        # The record is dated by its last feedback in the period.
        dates = [ub.tanggal for ub in lembar.insidental]
        dates += [ub.tanggal for b in lembar.rhk_rows for ub in b.umpan_balik]
        dates += [ub.tanggal for b in lembar.iki_rows for ub in b.umpan_balik]
        dates += [ub.tanggal for b in lembar.perilaku for ub in b.umpan_balik]
        jpt_kuantitatif = cetak.variant == "jpt_kuantitatif"
        return LembarForm(
            judul=["REKAMAN INFORMASI UMPAN BALIK BERKELANJUTAN", *judul_pendekatan(cetak.variant)],
            draf="" if skp.status in SET_STATUSES else "DRAF — SKP BELUM DITETAPKAN",
            instansi=(pegawai["instansi"] or skp.pegawai.instansi.nama).upper(),
            periode_label=periode_label(periode),
            periode=periode_skp(skp),
            pegawai=pegawai,
            penilai=penilai,
            kolom_kanan="instansi" if jpt_kuantitatif else "unit_kerja",
            nip_penilai_opsional=jpt_kuantitatif,
            lembar=cetak,
            tempat=skp.pegawai.instansi.tempat_tanda_tangan,
            tanggal=_tanggal_atau_titik(max(dates) if dates else None, periode.tahun),
            ttd_kiri=_ttd("Pegawai yang Dinilai", pegawai),
            ttd_kanan=_ttd("Pejabat Penilai Kinerja", penilai),
            catatan_kaki=[
                "* periode disesuaikan dengan periode evaluasi siklus pendek yang ditetapkan Instansi Pemerintah"
            ],
            nip=_nip_of(skp),
        )


def umpan_balik_pdf(skp: Skp, periode: Periode) -> bytes:
    return render_pdf(TEMPLATES + "umpan_balik.html", {"form": umpan_balik_form(skp, periode)})


# --- 13. Hasil Evaluasi Kinerja -------------------------------------------------------------------


def evaluasi_filename(jenis: str, evaluasi: Evaluasi, *extra: object, versi: int | None = None) -> str:
    """`Hasil-Evaluasi_<NIP>_Triwulan-I_2026.pdf`, with `v2` for the result changed on a keberatan."""
    periode = evaluasi.periode
    nomor = evaluasi.versi if versi is None else versi
    versi_label = f"v{nomor}" if nomor > 1 else ""
    return f"{safe_filename(jenis, _nip_of(evaluasi.skp), periode.nama, periode.tahun, versi_label, *extra)}.pdf"


def _capaian_kode(evaluasi: Evaluasi) -> str:
    """The capaian frozen when the evaluation was given; for a draft, the unit's current one."""
    if evaluasi.capaian_organisasi:
        return evaluasi.capaian_organisasi
    unit_id = unit_id_of_skp(evaluasi.skp)
    if unit_id is None:
        return ""
    row = capaian_unit_current(unit_id, evaluasi.periode)
    return row.capaian if row is not None else ""


def _signer(data: DokumenEvaluasi) -> TandaTangan:
    """The pejabat penilai's block (6.) of the Dokumen Evaluasi: the atasan's for a changed result."""
    return next(t for t in data.tanda_tangan if t.nomor == 6)


def hasil_evaluasi_form(evaluasi: Evaluasi) -> LembarForm:
    with translation.override("id"):
        return _hasil_evaluasi_form(evaluasi)


def _hasil_evaluasi_form(evaluasi: Evaluasi) -> LembarForm:
    skp = evaluasi.skp
    # The identities, labels and signer as the Dokumen Evaluasi prints them for this version.
    data = dokumen_evaluasi_data(evaluasi, "atasan_penilai" if evaluasi.sebelumnya_id is not None else "penilai")
    lembar = lembar_cetak(lembar_kinerja(skp, evaluasi.periode))
    capaian = _capaian_kode(evaluasi)
    svg = (
        pola_distribusi_svg(capaian=capaian, counts={}, ident="pola-distribusi-cetak", hanya_pedoman=True)
        if capaian
        else ""
    )
    signer = _signer(data)
    jpt = skp.is_jpt
    kuantitatif = lembar.variant != KUALITATIF
    footnotes = [
        "* rating hasil dan rating perilaku kerja Pegawai ditetapkan dengan mempertimbangkan pola distribusi "
        "predikat Kinerja Pegawai berdasarkan capaian kinerja organisasi serta kontribusi Pegawai terhadap "
        "Kinerja Organisasi",
        "** periode disesuaikan dengan periode evaluasi kinerja Pegawai yang berlaku pada Instansi Pemerintah",
    ]
    if lembar.variant == KUALITATIF:
        footnotes.append("*** perspektif hanya digunakan untuk pejabat pimpinan tinggi dan pimpinan unit kerja mandiri")
    keterangan = ""
    if evaluasi.versi > 1:
        keterangan = (
            f"Hasil evaluasi versi {evaluasi.versi}: diubah atas keberatan oleh atasan pejabat penilai kinerja; "
            f"predikat semula {data.predikat_awal}."
        )
    capaian_label = str(CapaianOrganisasi(capaian).label) if capaian in CapaianOrganisasi.values else ""
    return LembarForm(
        judul=["HASIL EVALUASI KINERJA PEGAWAI", *judul_pendekatan(lembar.variant)],
        draf="DRAF — EVALUASI BELUM DIBERIKAN KEPADA PEGAWAI" if data.is_draf else "",
        instansi=data.instansi.upper(),
        periode_label=data.periode_label,
        periode=periode_skp(skp),
        pegawai=data.pegawai,
        penilai=data.pejabat_penilai,
        kolom_kanan="instansi" if jpt and kuantitatif else "unit_kerja",
        nip_penilai_opsional=jpt or not kuantitatif,
        lembar=lembar,
        tempat=signer.tempat,
        tanggal=_tanggal_atau_titik(signer.tanggal, evaluasi.periode.tahun),
        ttd_kiri=None,
        ttd_kanan={"jabatan_ttd": signer.peran, "nama": signer.nama, "nip": signer.nip},
        catatan_kaki=footnotes,
        nip=_nip_of(skp),
        capaian=capaian_label.upper(),
        pola_distribusi=mark_safe(svg) if svg else None,  # noqa: S308 — built from escaped text only (penilaian.charts)
        rating_hasil=data.rating_hasil.upper(),
        rating_perilaku=data.rating_perilaku.upper(),
        predikat=data.predikat.upper(),
        versi=evaluasi.versi,
        keterangan_versi=keterangan,
    )


def hasil_evaluasi_filename(evaluasi: Evaluasi) -> str:
    return evaluasi_filename("Hasil-Evaluasi", evaluasi)


def hasil_evaluasi_pdf(evaluasi: Evaluasi) -> bytes:
    return render_pdf(TEMPLATES + "hasil_evaluasi.html", {"form": hasil_evaluasi_form(evaluasi)})


# --- 14. Dokumen Evaluasi Kinerja Pegawai ---------------------------------------------------------

VARIAN_FILE = {"penilai": "", "atasan_penilai": "atasan", "keberatan": "keberatan"}


def dokumen_evaluasi_context(evaluasi: Evaluasi, varian: str | None = None) -> dict[str, Any]:
    with translation.override("id"):
        data = dokumen_evaluasi_data(evaluasi, varian)
    tahun = data.periode_selesai.year
    tanda_tangan = [
        {
            "nomor": t.nomor,
            "peran": t.peran,
            "tempat": t.tempat,
            "tanggal": _tanggal_atau_titik(t.tanggal, tahun),
            "nama": t.nama,
            "nip": t.nip,
        }
        for t in data.tanda_tangan
    ]
    keputusan = ""
    if data.keberatan is not None and data.keberatan.rekomendasi is not None:
        keputusan = data.keberatan.keputusan_label
        if data.keberatan.keputusan == "ubah":
            keputusan += f" — predikat {data.keberatan.predikat_awal} menjadi {data.keberatan.predikat_akhir}"
    return {
        "dokumen": data,
        "periode": periode_penilaian(data.periode_mulai, data.periode_selesai),
        "ttd_atas": tanda_tangan[:2],
        "ttd_bawah": tanda_tangan[2:],
        "keputusan": keputusan,
        "tanggal_bagian": {
            key: tanggal_cetak(b.pada)
            for key, b in (
                ("keberatan", data.keberatan.keberatan if data.keberatan else None),
                ("penjelasan", data.keberatan.penjelasan if data.keberatan else None),
                ("rekomendasi", data.keberatan.rekomendasi if data.keberatan else None),
            )
            if b is not None and b.pada is not None
        },
    }


def dokumen_evaluasi_filename(evaluasi: Evaluasi, data: DokumenEvaluasi) -> str:
    """Named after the version the variant prints (the original for "penilai" and "keberatan")."""
    return evaluasi_filename("Dokumen-Evaluasi", evaluasi, VARIAN_FILE.get(data.varian, ""), versi=data.versi)


def dokumen_evaluasi_pdf(evaluasi: Evaluasi, varian: str | None = None) -> tuple[str, bytes]:
    """(file name, PDF) of the variant asked for, or the evaluation's default one."""
    context = dokumen_evaluasi_context(evaluasi, varian)
    data: DokumenEvaluasi = context["dokumen"]
    return dokumen_evaluasi_filename(evaluasi, data), render_pdf(TEMPLATES + "dokumen_evaluasi.html", context)
