"""Pelaksanaan and penilaian rows: periods, capaian unit, realisasi, umpan balik and evaluations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import translation

from pelaksanaan.models import JenisPeriode, Periode, Realisasi, RiwayatPeriode, UmpanBalik
from pelaksanaan.rules import periode_ranges
from penilaian.models import CapaianOrganisasi, CapaianUnit, Evaluasi, Rating, StatusEvaluasi
from penilaian.rules import predikat_from_ratings, rating_hasil_from_capaian

from .. import catalog as c
from ..writer import Table
from .base import GeneratorState, _aware


class ExecutionPhases(GeneratorState):
    """Writes the periods and capaian unit, and generates every SKP's results period by period."""

    # --- Periods and capaian unit ----------------------------------------------------------------

    def _write_periode_capaian(self) -> None:
        rng, s = self.rng, self.stamp
        rows, riwayat = [], []
        self.periods = []  # per instansi: (id, jenis, nomor, mulai, selesai)
        for inst in self.instansi:
            ranges = periode_ranges(tahun=self.tahun, skema=inst["periode_evaluasi"])
            mine: list[tuple[int, str, int, date, date]] = []
            for r in ranges:
                pid = self.ids[Periode].one()
                rows.append(
                    (
                        pid,
                        inst["id"],
                        self.tahun,
                        JenisPeriode.PERIODIK,
                        inst["periode_evaluasi"],
                        r.nomor,
                        r.nama,
                        r.mulai,
                        r.selesai,
                        s,
                    )
                )
                mine.append((pid, JenisPeriode.PERIODIK, r.nomor, r.mulai, r.selesai))
            pid = self.ids[Periode].one()
            nama = str(translation.gettext("Tahunan"))
            rows.append(
                (pid, inst["id"], self.tahun, JenisPeriode.TAHUNAN, "", 0, nama, ranges[0].mulai, ranges[-1].selesai, s)
            )
            mine.append((pid, JenisPeriode.TAHUNAN, 0, ranges[0].mulai, ranges[-1].selesai))
            self.periods.append(mine)
            riwayat += [(p[0], RiwayatPeriode.Aksi.DIBUAT, None, s) for p in mine]
        cols = ["id", "instansi_id", "tahun", "jenis", "skema", "nomor", "nama", "mulai", "selesai", "created_at"]
        self.writer.write(Table(Periode, cols, stamp=s), iter(rows))
        self.writer.write(Table(RiwayatPeriode, ["periode_id", "aksi", "oleh_id", "pada"], stamp=s), iter(riwayat))

        # Capaian kinerja organisasi of every unit in every period, set by the leader above.
        weights = [
            (CapaianOrganisasi.ISTIMEWA, 15),
            (CapaianOrganisasi.BAIK, 55),
            (CapaianOrganisasi.BUTUH_PERBAIKAN, 18),
            (CapaianOrganisasi.KURANG, 8),
            (CapaianOrganisasi.SANGAT_KURANG, 4),
        ]
        values = [v for v, _w in weights]
        cum = [w for _v, w in weights]
        self.capaian = {}
        cap_rows = []
        for u in self.units:
            head = self.people[u.kepala]
            setter = self.people[head.parent] if head.parent >= 0 else None
            for pid, _jenis, _nomor, _mulai, selesai in self.periods[u.instansi]:
                capaian = rng.choices(values, cum)[0]
                saran = capaian if rng.random() < 0.7 else rng.choice(values)
                self.capaian[(u.id, pid)] = capaian
                cap_rows.append(
                    (
                        u.id,
                        pid,
                        capaian,
                        saran,
                        f"Berdasarkan realisasi Perjanjian Kinerja {u.nama}",
                        setter.id if setter else None,
                        setter.user_id if setter else None,
                        _aware(selesai + timedelta(days=3), 10),
                    )
                )
        cols = ["unit_kerja_id", "periode_id", "capaian", "saran", "catatan", "ditetapkan_oleh_id", "dibuat_oleh_id"]
        self.writer.write(Table(CapaianUnit, [*cols, "dibuat_pada"], stamp=s), iter(cap_rows))

    # --- Realisasi, umpan balik, evaluations ---------------------------------------------------

    def _result_tables(self) -> dict[str, Table]:
        s = self.stamp
        return {
            "realisasi": Table(
                Realisasi,
                [
                    "skp_id",
                    "periode_id",
                    "rhk_id",
                    "iki_id",
                    "nilai",
                    "teks",
                    "keterangan",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                ],
                stamp=s,
            ),
            "umpan_balik": Table(
                UmpanBalik,
                [
                    "skp_id",
                    "periode_id",
                    "jenis",
                    "rhk_id",
                    "iki_id",
                    "perilaku_id",
                    "tanggal",
                    "teks",
                    "penulis_id",
                    "peran_penulis",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                ],
                stamp=s,
            ),
            "evaluasi": Table(
                Evaluasi,
                [
                    "skp_id",
                    "periode_id",
                    "status",
                    "capaian_organisasi",
                    "rating_hasil",
                    "rating_perilaku",
                    "predikat",
                    "catatan",
                    "penilai_id",
                    "identitas",
                    "dibuat_oleh_id",
                    "dibuat_pada",
                    "diubah_pada",
                    "diberikan_pada",
                    "diterima_pada",
                ],
                stamp=s,
            ),
        }

    def _results(
        self,
        skp_rows: list[tuple[Any, ...]],
        rhk_rows: list[tuple[Any, ...]],
        iki_rows: list[tuple[Any, ...]],
        perilaku: list[tuple[Any, ...]],
        realisasi: list[tuple[Any, ...]],
        umpan: list[tuple[Any, ...]],
        evaluasi: list[tuple[Any, ...]],
    ) -> None:
        rng, people = self.rng, self.people
        factors = self.factors
        n_factors = len(factors)
        # Group RHK and IKI rows by SKP / RHK (rows were appended SKP by SKP, RHK by RHK).
        iki_by_rhk: dict[int, list[tuple[Any, ...]]] = {}
        for row in iki_rows:
            iki_by_rhk.setdefault(row[1], []).append(row)
        rhk_by_skp: dict[int, list[tuple[Any, ...]]] = {}
        for row in rhk_rows:
            rhk_by_skp.setdefault(row[1], []).append(row)
        perilaku_by_skp: dict[int, list[int]] = {}
        for row in perilaku:
            perilaku_by_skp.setdefault(row[1], []).append(row[0])
        q = Decimal("0.01")
        for row in skp_rows:
            skp_id, unit_id, penilai_id = row[0], row[3], row[4]
            identitas = row[14]
            idx, kuantitatif = row[15], row[16]
            p = people[idx]
            atasan = people[p.parent] if p.parent >= 0 else None
            rhks = rhk_by_skp[skp_id]
            feedback = atasan is not None and rng.random() < 0.25
            periods = self.periods[p.instansi]
            periodic_levels: list[int] = []
            base_level = rng.randint(8, 22)  # this pegawai's usual share of target (index into factors)
            for pid, jenis, nomor, _mulai, selesai in periods:
                tahunan = jenis == JenisPeriode.TAHUNAN
                if tahunan:
                    level = round(sum(periodic_levels) / len(periodic_levels)) if periodic_levels else base_level
                else:
                    level = max(0, min(n_factors - 1, base_level + rng.randint(-6, 6)))
                    periodic_levels.append(level)
                factor = factors[level]
                entered = _aware(selesai + timedelta(days=rng.randint(1, 6)), rng.randint(8, 16))
                label = "tahun " + str(self.tahun) if tahunan else f"periode {nomor}"
                for rhk in rhks:
                    rhk_id = rhk[0]
                    if kuantitatif:
                        for iki in iki_by_rhk[rhk_id]:
                            nilai = (iki[5] * factor).quantize(q)
                            realisasi.append(
                                (skp_id, pid, rhk_id, iki[0], nilai, "", f"Capaian {label}", p.user_id, entered)
                            )
                    else:
                        realisasi.append(
                            (
                                skp_id,
                                pid,
                                rhk_id,
                                None,
                                None,
                                f"{rhk[9].capitalize()} terlaksana {label}",
                                "",
                                p.user_id,
                                entered,
                            )
                        )
                if atasan is None:
                    continue  # the top of the tree has no pejabat penilai among the pegawai
                if feedback and not tahunan:
                    rhk = rhks[rng.randrange(len(rhks))]
                    ikis = iki_by_rhk[rhk[0]]
                    iki = ikis[rng.randrange(len(ikis))]
                    tanggal = selesai - timedelta(days=rng.randint(0, 20))
                    umpan.append(
                        (
                            skp_id,
                            pid,
                            UmpanBalik.Jenis.HASIL,
                            rhk[0],
                            iki[0],
                            None,
                            tanggal,
                            c.UMPAN_BALIK_HASIL[rng.randrange(len(c.UMPAN_BALIK_HASIL))],
                            atasan.id,
                            UmpanBalik.Peran.PIMPINAN,
                            atasan.user_id,
                            _aware(tanggal, 14),
                        )
                    )
                    if rng.random() < 0.5:
                        perilaku_id = perilaku_by_skp[skp_id][rng.randrange(7)]
                        umpan.append(
                            (
                                skp_id,
                                pid,
                                UmpanBalik.Jenis.PERILAKU,
                                None,
                                None,
                                perilaku_id,
                                tanggal,
                                c.UMPAN_BALIK_PERILAKU[rng.randrange(len(c.UMPAN_BALIK_PERILAKU))],
                                atasan.id,
                                UmpanBalik.Peran.ATASAN,
                                atasan.user_id,
                                _aware(tanggal, 15),
                            )
                        )
                # Evaluation: hasil from the realisasi level (or, for a unit head, the unit's capaian).
                capaian = self.capaian.get((unit_id, pid), "")
                hasil: str
                if p.heads is not None and capaian and rng.random() < 0.9:
                    hasil = str(rating_hasil_from_capaian(capaian))
                elif level >= 20:
                    hasil = Rating.DI_ATAS
                elif level >= 10:
                    hasil = Rating.SESUAI
                else:
                    hasil = Rating.DI_BAWAH
                x = rng.random()
                perilaku_rating: str = Rating.DI_ATAS if x < 0.25 else Rating.SESUAI if x < 0.88 else Rating.DI_BAWAH
                if self.forced_pairs:
                    hasil, perilaku_rating = self.forced_pairs.pop(0)
                predikat = str(predikat_from_ratings(hasil_kerja=hasil, perilaku_kerja=perilaku_rating))
                given = _aware(selesai + timedelta(days=rng.randint(7, 20)), rng.randint(8, 16))
                diterima = given + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.7 else None
                evaluasi.append(
                    (
                        skp_id,
                        pid,
                        StatusEvaluasi.DIBERIKAN,
                        capaian,
                        str(hasil),
                        str(perilaku_rating),
                        predikat,
                        "Evaluasi " + label,
                        penilai_id,
                        identitas,
                        atasan.user_id,
                        given - timedelta(days=1),
                        given,
                        given,
                        diterima,
                    )
                )
