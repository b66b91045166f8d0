"""Perencanaan rows: Perjanjian Kinerja per unit; per pegawai the SKP, RHK, IKI, perilaku, matriks."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from organisasi.models import Jabatan
from perencanaan.models import (
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    JenisFormSkp,
    JenisRhk,
    KolomMatriks,
    MatriksPeranHasil,
    Pendekatan,
    PeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    Perspektif,
    Rhk,
    RiwayatSkp,
    SasaranStrategis,
    Skp,
    StatusSkp,
)

from .. import catalog as c
from ..writer import JsonValue, Table, is_postgres
from .base import GeneratorState, _aware


class PlanPhases(GeneratorState):
    """Writes the Perjanjian Kinerja and generates each pegawai's set SKP, leaders before bawahan."""

    # --- Perjanjian Kinerja -----------------------------------------------------------------------

    def _write_pk(self) -> None:
        rng, s = self.rng, self.stamp
        pk_rows, sas_rows, ind_rows = [], [], []
        for u in self.units:
            pk_id = self.ids[PerjanjianKinerja].one()
            pk_rows.append((pk_id, u.id, self.tahun))
            for k in range(rng.randint(2, 3)):
                sid = self.ids[SasaranStrategis].one()
                teks = c.SASARAN[(k + rng.randrange(4)) % len(c.SASARAN)].format(unit=u.nama)
                sas_rows.append((sid, pk_id, teks, k))
                ind_ids = []
                for j in range(rng.randint(1, 3)):
                    iid = self.ids[IndikatorKinerja].one()
                    ind_teks, satuan = c.INDIKATOR[(k + j) % len(c.INDIKATOR)]
                    target = Decimal(rng.choice(("3.5", "80", "85", "90", "95", "100", "12")))
                    ind_rows.append((iid, sid, ind_teks, target, self.satuan[satuan], j))
                    ind_ids.append(iid)
                u.sasaran.append((sid, teks, ind_ids))
        w = self.writer
        w.write(Table(PerjanjianKinerja, ["id", "unit_kerja_id", "tahun"], stamp=s), iter(pk_rows))
        w.write(Table(SasaranStrategis, ["id", "perjanjian_id", "teks", "urutan"], stamp=s), iter(sas_rows))
        w.write(
            Table(IndikatorKinerja, ["id", "sasaran_id", "teks", "target", "satuan_id", "urutan"], stamp=s),
            iter(ind_rows),
        )

    # --- SKP, RHK, IKI, perilaku, Matriks Peran Hasil ---------------------------------------------

    def _plan_tables(self) -> dict[str, Table]:
        s = self.stamp
        return {
            "skp": Table(
                Skp,
                [
                    "id",
                    "pegawai_id",
                    "jabatan_id",
                    "unit_kerja_id",
                    "pejabat_penilai_id",
                    "periode_mulai",
                    "periode_selesai",
                    "pendekatan",
                    "jenis_form",
                    "status",
                    "versi_rencana",
                    "diajukan_pada",
                    "ditetapkan_pada",
                    "ditetapkan_oleh_id",
                    "identitas",
                ],
                stamp=s,
            ),
            "riwayat": Table(RiwayatSkp, ["skp_id", "dari_status", "ke_status", "oleh_id", "pada", "catatan"], stamp=s),
            "perilaku": Table(PerilakuSkp, ["id", "skp_id", "aspek_id", "ekspektasi_khusus", "jenis_penilai"], stamp=s),
            "rhk": Table(
                Rhk,
                [
                    "id",
                    "skp_id",
                    "jenis",
                    "teks",
                    "penugasan_dari",
                    "intervensi_id",
                    "sasaran_pk_id",
                    "peran_asal_id",
                    "urutan",
                ],
                stamp=s,
            ),
            "iki": Table(
                Iki,
                [
                    "id",
                    "rhk_id",
                    "teks",
                    "aspek",
                    "perspektif",
                    "target_min",
                    "target_max",
                    "target_teks",
                    "satuan_id",
                    "indikator_pk_id",
                    "urutan",
                ],
                stamp=s,
            ),
            "matriks": Table(MatriksPeranHasil, ["id", "rhk_id"], stamp=s),
            "kolom": Table(KolomMatriks, ["id", "matriks_id", "nama", "urutan"], stamp=s),
            "baris": Table(BarisMatriks, ["id", "matriks_id", "pegawai_id", "jabatan_tim", "urutan"], stamp=s),
            "peran": Table(PeranHasil, ["id", "baris_id", "kolom_id", "teks"], stamp=s),
        }

    def _plan_skp(
        self,
        idx: int,
        mulai: date,
        selesai: date,
        skp_rows: list[tuple[Any, ...]],
        riwayat: list[tuple[Any, ...]],
        perilaku: list[tuple[Any, ...]],
        rhk_rows: list[tuple[Any, ...]],
        iki_rows: list[tuple[Any, ...]],
        matriks: list[tuple[Any, ...]],
        kolom: list[tuple[Any, ...]],
        baris: list[tuple[Any, ...]],
        peran: list[tuple[Any, ...]],
    ) -> None:
        rng, people, tahun = self.rng, self.people, self.tahun
        p = people[idx]
        atasan = people[p.parent] if p.parent >= 0 else None
        atasan2 = people[atasan.parent] if atasan is not None and atasan.parent >= 0 else None
        jpt = p.jenis in Jabatan.JPT_FORM_KINDS
        kuantitatif = rng.random() < (0.7 if jpt else 0.6)
        skp_id = self.ids[Skp].one()
        diajukan = _aware(date(tahun, 1, rng.randint(3, 20)), rng.randint(8, 15), rng.randint(0, 59))
        late = rng.random() < 0.05
        ditetapkan = diajukan + timedelta(days=rng.randint(1, 10) + (30 if late else 0), hours=rng.randint(0, 5))
        identitas = JsonValue(
            None,
            '{{"pegawai": {}, "pejabat_penilai": {}, "atasan_pejabat_penilai": {}}}'.format(
                p.identitas, atasan.identitas if atasan else "null", atasan2.identitas if atasan2 else "null"
            ),
        )
        if not is_postgres():  # bulk_create wants the object, COPY the text
            identitas = JsonValue(json.loads(identitas.text), identitas.text)
        unit = self.units_by_id[p.unit]
        n_rhk = rng.randint(4, 6)
        n_utama = min(n_rhk, rng.randint(3, 5))
        skp_start = len(rhk_rows)
        iki_count = 0
        for r in range(n_rhk):
            rid = self.ids[Rhk].one()
            utama = r < n_utama
            keg = c.KEGIATAN[rng.randrange(len(c.KEGIATAN))]
            sasaran_pk = None
            peran_asal = None
            if jpt and utama and unit.sasaran:
                sasaran = unit.sasaran[r % len(unit.sasaran)]
                sasaran_pk = sasaran[0]
                teks = sasaran[1]
            elif jpt:
                teks = f"{c.HASIL_JPT[rng.randrange(len(c.HASIL_JPT))]} melalui {keg}"
            else:
                teks = f"{c.HASIL_JA[rng.randrange(len(c.HASIL_JA))]} {keg} pada {unit.nama}"
            intervensi = None
            if utama and atasan is not None and atasan.rhk_utama:
                intervensi = atasan.rhk_utama[r % len(atasan.rhk_utama)]
            if r == 0 and p.peran is not None:
                peran_asal, teks, intervensi = p.peran
            if not utama:
                teks = f"Tugas tambahan: {keg}"
            penugasan = "" if utama else (f"Penugasan dari {atasan.nama}" if atasan else "Penugasan pimpinan")
            rhk_rows.append(
                (
                    rid,
                    skp_id,
                    JenisRhk.UTAMA if utama else JenisRhk.TAMBAHAN,
                    teks,
                    penugasan,
                    intervensi,
                    sasaran_pk,
                    peran_asal,
                    r,
                    keg,
                    utama,
                )
            )
            if utama:
                p.rhk_utama.append(rid)
            ind_ids = unit.sasaran[r % len(unit.sasaran)][2] if sasaran_pk is not None else []
            for k in range(rng.randint(2, 4)):
                iid = self.ids[Iki].one()
                iki_count += 1
                perspektif = Perspektif.values[(r + k) % 4] if jpt else ""
                indikator = ind_ids[k] if k < len(ind_ids) else None
                if kuantitatif:
                    tmpl, satuan, aspek = c.IKI_KUANTITATIF[rng.randrange(len(c.IKI_KUANTITATIF))]
                    target = self.targets[rng.randrange(len(self.targets))]
                    if satuan == "Persen (%)":
                        target = self.targets[rng.randrange(6, len(self.targets))]
                    elif satuan == "Rupiah":
                        target = Decimal(rng.randint(5, 50) * 1_000_000)
                    target_max = target * Decimal("1.1") if rng.random() < 0.15 and satuan != "Rupiah" else None
                    iki_rows.append(
                        (
                            iid,
                            rid,
                            tmpl.format(k=keg),
                            "" if jpt else aspek,
                            perspektif,
                            target,
                            target_max,
                            "",
                            self.satuan[satuan],
                            indikator,
                            k,
                            aspek,
                        )
                    )
                else:
                    tmpl = c.IKI_KUALITATIF[rng.randrange(len(c.IKI_KUALITATIF))]
                    target_teks = c.TARGET_KUALITATIF[rng.randrange(len(c.TARGET_KUALITATIF))]
                    iki_rows.append(
                        (
                            iid,
                            rid,
                            tmpl.format(K=keg.capitalize()),
                            "",
                            perspektif,
                            None,
                            None,
                            target_teks,
                            None,
                            indikator,
                            k,
                            "",
                        )
                    )
        penilai_user = atasan.user_id if atasan else None
        skp_rows.append(
            (
                skp_id,
                p.id,
                p.jabatan,
                p.unit,
                atasan.id if atasan else None,
                mulai,
                selesai,
                Pendekatan.KUANTITATIF if kuantitatif else Pendekatan.KUALITATIF,
                JenisFormSkp.JPT if jpt else JenisFormSkp.JAJF,
                StatusSkp.DITETAPKAN,
                n_rhk + iki_count,
                diajukan,
                ditetapkan,
                penilai_user,
                identitas,
                idx,
                kuantitatif,
                skp_start,
            )
        )
        created = diajukan - timedelta(days=rng.randint(1, 5))
        riwayat.append((skp_id, "", StatusSkp.DRAFT, p.user_id, created, ""))
        riwayat.append((skp_id, StatusSkp.DRAFT, StatusSkp.DIAJUKAN, p.user_id, diajukan, ""))
        riwayat.append((skp_id, StatusSkp.DIAJUKAN, StatusSkp.DITETAPKAN, penilai_user, ditetapkan, ""))
        for k, aspek_id in enumerate(self.aspek):
            ekspektasi = c.EKSPEKTASI[k] if rng.random() < 0.5 else ""
            perilaku.append((self.ids[PerilakuSkp].one(), skp_id, aspek_id, ekspektasi, "atasan", k))
        # Matriks Peran Hasil: some leaders divide their first RHK utama among their bawahan.
        if p.leader and p.rhk_utama and rng.random() < 0.4:
            leader_rhk = p.rhk_utama[0]
            mid = self.ids[MatriksPeranHasil].one()
            matriks.append((mid, leader_rhk))
            cols = []
            for k, nama in enumerate(rng.sample(c.KOLOM_MATRIKS, rng.randint(2, 3))):
                kid = self.ids[KolomMatriks].one()
                kolom.append((kid, mid, nama, k))
                cols.append((kid, nama))
            for r, child_idx in enumerate(p.children):
                child = people[child_idx]
                if child.leader:
                    jabatan_tim = BarisMatriks.JabatanTim.KETUA_TIM
                elif jpt and child.jenis == Jabatan.Jenis.FUNGSIONAL:
                    jabatan_tim = BarisMatriks.JabatanTim.JF_LANGSUNG
                else:
                    jabatan_tim = BarisMatriks.JabatanTim.ANGGOTA_TIM
                bid = self.ids[BarisMatriks].one()
                baris.append((bid, mid, child.id, jabatan_tim, r))
                for kid, nama in cols:
                    if rng.random() < 0.75:
                        pid = self.ids[PeranHasil].one()
                        teks = f"{nama} bagian {child.nama.split()[0]} ({r + 1})"
                        peran.append((pid, bid, kid, teks))
                        if child.peran is None:
                            child.peran = (pid, f"Tersedianya {nama.lower()} sesuai peran dalam tim", leader_rhk)
