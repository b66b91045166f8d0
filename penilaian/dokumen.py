"""The data of the Dokumen Evaluasi Kinerja Pegawai (SPEC §6.4, seed 000 lampiran), in three variants:

- "penilai": the result as the pejabat penilai gave it, signed by the pejabat penilai (6) and the
  pegawai (7);
- "atasan_penilai": the result after the atasan pejabat penilai changed it on a keberatan, signed
  by the atasan pejabat penilai (6) and the pegawai (7);
- "keberatan": the result with the keberatan (6), the penilai's explanation (7) and the atasan's
  decision and recommendation (8), signed by the pejabat penilai (9), the pegawai (10) and the
  atasan pejabat penilai (11).

Identities are those frozen when the evaluation was given (falling back to the SKP's, then to the
people as they are now), because people change jabatan and pangkat later (SPEC §3). This module
only reads; the HTML page prints it and the documents issue renders the same data to PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from organisasi.identitas import Identitas, identitas_of
from organisasi.models import Pegawai

from .models import CapaianOrganisasi, Evaluasi, Keberatan, Predikat, Rating, StatusEvaluasi

Varian = Literal["penilai", "atasan_penilai", "keberatan"]
VARIAN: tuple[Varian, ...] = ("penilai", "atasan_penilai", "keberatan")

_IDENTITAS_KOSONG = Identitas(nama="", nip="", pangkat_golongan="", jabatan="", unit_kerja="", instansi="")


@dataclass(frozen=True)
class BagianTeks:
    """One keberatan section: the text, who wrote it and when (None while it is not written yet)."""

    teks: str
    oleh: str
    nip: str
    pada: date | None


@dataclass(frozen=True)
class BagianKeberatan:
    """Sections 6–8 of the keberatan variant."""

    status: str  # diajukan | dijelaskan | diputuskan
    status_label: str
    keberatan: BagianTeks
    penjelasan: BagianTeks | None
    keputusan: str  # "" | tetap | ubah
    keputusan_label: str
    rekomendasi: BagianTeks | None
    predikat_awal: str  # label
    predikat_akhir: str  # label; the same as the original when kept, "" while undecided


@dataclass(frozen=True)
class TandaTangan:
    """A signature block: its number on the form, role, place, date, and the signer's name and NIP.

    The list is in the form's reading order (the pegawai on the left, the penilai on the right, the
    atasan pejabat penilai below)."""

    nomor: int
    peran: str
    tempat: str
    tanggal: date | None
    nama: str
    nip: str


@dataclass(frozen=True)
class DokumenEvaluasi:
    evaluasi_pk: int
    versi: int
    varian: Varian
    varian_tersedia: tuple[Varian, ...]
    is_draf: bool
    instansi: str
    tempat: str
    periode_nama: str
    periode_label: str  # "TRIWULAN I", "TAHUNAN": after "PERIODE:" on the form
    periode_tahunan: bool
    periode_mulai: date
    periode_selesai: date
    pegawai: Identitas
    pejabat_penilai: Identitas
    atasan_pejabat_penilai: Identitas | None
    capaian_organisasi: str  # label, "" when not set
    rating_hasil: str  # label
    rating_perilaku: str  # label
    predikat_kode: str
    predikat: str  # label: the predikat of this variant (the final one for atasan_penilai)
    catatan: str
    diubah: bool  # the result was changed on a keberatan
    predikat_awal: str  # label of the original (versi 1) predikat
    predikat_akhir: str  # label of the predikat in force
    keberatan: BagianKeberatan | None
    tanda_tangan: list[TandaTangan] = field(default_factory=list)


def _label(choices: type[Rating] | type[Predikat] | type[CapaianOrganisasi], value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _local(value: datetime | None) -> date | None:
    if value is not None:
        return timezone.localdate(value)
    return None


def _original_of(evaluasi: Evaluasi) -> Evaluasi:
    """Version 1 of the evaluation chain (walking `sebelumnya`)."""
    node = evaluasi
    seen = {node.pk}
    while node.sebelumnya_id is not None and node.sebelumnya_id not in seen:
        node = Evaluasi.objects.select_related("periode", "penilai").get(pk=node.sebelumnya_id)
        seen.add(node.pk)
    return node


def _identitas(evaluasi: Evaluasi, key: str, fallback: Pegawai | None) -> Identitas | None:
    for snapshot in (evaluasi.identitas or {}, evaluasi.skp.identitas or {}):
        found = snapshot.get(key)
        if found:
            return Identitas(**{**_IDENTITAS_KOSONG, **found})
    if fallback is None:
        return None
    return identitas_of(Pegawai.objects.with_identity().get(pk=fallback.pk))


def _teks(teks: str, oleh: Pegawai | None, pada: datetime | None) -> BagianTeks:
    return BagianTeks(
        teks=teks,
        oleh=oleh.nama_lengkap if oleh is not None else "",
        nip=oleh.nip if oleh is not None else "",
        pada=_local(pada),
    )


def _bagian_keberatan(keberatan: Keberatan, original: Evaluasi, akhir: Evaluasi | None) -> BagianKeberatan:
    predikat_awal = _label(Predikat, original.predikat)
    predikat_akhir = ""
    if keberatan.keputusan == Keberatan.Keputusan.TETAP:
        predikat_akhir = predikat_awal
    elif akhir is not None:
        predikat_akhir = _label(Predikat, akhir.predikat)
    return BagianKeberatan(
        status=keberatan.status,
        status_label=keberatan.get_status_display(),
        keberatan=_teks(keberatan.alasan, keberatan.diajukan_oleh, keberatan.diajukan_pada),
        penjelasan=_teks(keberatan.penjelasan, keberatan.penjelasan_oleh, keberatan.penjelasan_pada)
        if keberatan.penjelasan
        else None,
        keputusan=keberatan.keputusan,
        keputusan_label=keberatan.get_keputusan_display() if keberatan.keputusan else "",
        rekomendasi=_teks(keberatan.rekomendasi, keberatan.diputuskan_oleh, keberatan.diputuskan_pada)
        if keberatan.keputusan
        else None,
        predikat_awal=predikat_awal,
        predikat_akhir=predikat_akhir,
    )


def varian_default(*, evaluasi: Evaluasi, ada_keberatan: bool) -> Varian:
    """A changed result prints as the atasan's document; an original with a keberatan prints with
    its keberatan sections; anything else as the pejabat penilai's document."""
    if evaluasi.sebelumnya_id is not None:
        return "atasan_penilai"
    return "keberatan" if ada_keberatan else "penilai"


def dokumen_evaluasi_data(evaluasi: Evaluasi, varian: str | None = None) -> DokumenEvaluasi:
    """Everything the Dokumen Evaluasi Kinerja Pegawai prints for this evaluation.

    `varian` picks one of `varian_tersedia`; anything else (or None) gives the default for the
    evaluation (see `varian_default`).
    """
    original = _original_of(evaluasi)
    keberatan = (
        Keberatan.objects.select_related("diajukan_oleh", "penjelasan_oleh", "diputuskan_oleh", "hasil")
        .filter(evaluasi=original)
        .first()
    )
    akhir = keberatan.hasil if keberatan is not None and keberatan.hasil_id is not None else None
    diubah = akhir is not None

    tersedia: list[Varian] = ["penilai"]
    if diubah:
        tersedia.append("atasan_penilai")
    if keberatan is not None:
        tersedia.append("keberatan")
    chosen: Varian = varian_default(evaluasi=evaluasi, ada_keberatan=keberatan is not None)
    for option in tersedia:
        if option == varian:
            chosen = option

    # The result this variant prints: the changed one for the atasan's document, otherwise the original.
    shown = akhir if chosen == "atasan_penilai" and akhir is not None else original
    skp = evaluasi.skp
    pegawai_now = skp.pegawai
    instansi = pegawai_now.instansi
    atasan_now = original.penilai.atasan
    pegawai = _identitas(shown, "pegawai", pegawai_now) or _IDENTITAS_KOSONG
    penilai = _identitas(shown, "pejabat_penilai", original.penilai) or _IDENTITAS_KOSONG
    decider = keberatan.diputuskan_oleh if keberatan is not None else None
    atasan = _identitas(shown, "atasan_pejabat_penilai", decider or atasan_now)
    if decider is not None and (atasan is None or atasan["nip"] != decider.nip):
        # Someone else than the atasan frozen at the time decided: print who really decided.
        atasan = identitas_of(Pegawai.objects.with_identity().get(pk=decider.pk))

    periode = original.periode
    tempat = instansi.tempat_tanda_tangan
    bagian = _bagian_keberatan(keberatan, original, akhir) if keberatan is not None else None
    pegawai_ttd = (pegawai["nama"], pegawai["nip"])
    penilai_ttd = (penilai["nama"], penilai["nip"])
    atasan_ttd = (atasan["nama"], atasan["nip"]) if atasan else ("", "")
    if chosen == "penilai":
        tanda_tangan = [
            TandaTangan(7, _("Pegawai yang Dinilai"), tempat, _local(original.diterima_pada), *pegawai_ttd),
            TandaTangan(6, _("Pejabat Penilai Kinerja"), tempat, _local(original.diberikan_pada), *penilai_ttd),
        ]
    elif chosen == "atasan_penilai":
        assert akhir is not None
        tanda_tangan = [
            TandaTangan(7, _("Pegawai yang Dinilai"), tempat, _local(akhir.diterima_pada), *pegawai_ttd),
            TandaTangan(6, _("Atasan Pejabat Penilai Kinerja"), tempat, _local(akhir.diberikan_pada), *atasan_ttd),
        ]
    else:
        assert keberatan is not None
        tanda_tangan = [
            TandaTangan(10, _("Pegawai yang Dinilai"), tempat, _local(keberatan.diajukan_pada), *pegawai_ttd),
            TandaTangan(9, _("Pejabat Penilai Kinerja"), tempat, _local(keberatan.penjelasan_pada), *penilai_ttd),
            TandaTangan(
                11, _("Atasan Pejabat Penilai Kinerja"), tempat, _local(keberatan.diputuskan_pada), *atasan_ttd
            ),
        ]

    return DokumenEvaluasi(
        evaluasi_pk=evaluasi.pk,
        versi=shown.versi,
        varian=chosen,
        varian_tersedia=tuple(tersedia),
        is_draf=shown.status != StatusEvaluasi.DIBERIKAN,
        instansi=instansi.nama,
        tempat=tempat,
        periode_nama=periode.nama,
        periode_label=(_("Tahunan") if periode.is_tahunan else periode.nama).upper(),
        periode_tahunan=periode.is_tahunan,
        periode_mulai=max(periode.mulai, skp.periode_mulai),
        periode_selesai=min(periode.selesai, skp.periode_selesai),
        pegawai=pegawai,
        pejabat_penilai=penilai,
        atasan_pejabat_penilai=atasan,
        capaian_organisasi=_label(CapaianOrganisasi, shown.capaian_organisasi),
        rating_hasil=_label(Rating, shown.rating_hasil),
        rating_perilaku=_label(Rating, shown.rating_perilaku),
        predikat_kode=shown.predikat,
        predikat=_label(Predikat, shown.predikat),
        catatan=shown.catatan,
        diubah=diubah,
        predikat_awal=_label(Predikat, original.predikat),
        predikat_akhir=_label(Predikat, (akhir or original).predikat),
        keberatan=bagian,
        tanda_tangan=tanda_tangan,
    )
