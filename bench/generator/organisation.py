"""Instansi, unit kerja, jabatan, pegawai and their accounts: planned in memory, then written."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password

from accounts.models import User
from organisasi.models import Golongan, Instansi, Jabatan, Pegawai, UnitKerja
from organisasi.rules import nama_lengkap

from .. import catalog as c
from ..writer import JsonValue, Table
from .base import GeneratorState, Person, UnitPlan
from .tree import plan_tree

KODE_PREFIX = "BENCH"
LEADER_JENIS = {
    0: Jabatan.Jenis.JPT_MADYA,
    1: Jabatan.Jenis.JPT_PRATAMA,
    2: Jabatan.Jenis.ADMINISTRATOR,
    3: Jabatan.Jenis.PENGAWAS,
}


def random_nip(rng: random.Random, *, birth_year: int, tmt_year: int, male: bool, taken: set[str]) -> str:
    """A structurally valid NIP (organisasi.rules.nip_errors) not in `taken`."""
    while True:
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        tmt_month = rng.randint(1, 12)
        nip = f"{birth_year:04d}{month:02d}{day:02d}{tmt_year:04d}{tmt_month:02d}{1 if male else 2}{rng.randint(1, 999):03d}"
        if nip not in taken:
            taken.add(nip)
            return nip


def _json_identitas(nama: str, nip: str, golongan: str, jabatan: str, unit: str, instansi: str) -> str:
    return JsonValue.of(
        {
            "nama": nama,
            "nip": nip,
            "pangkat_golongan": golongan,
            "jabatan": jabatan,
            "unit_kerja": unit,
            "instansi": instansi,
        }
    ).text


class OrganisationPhases(GeneratorState):
    """Plans the people of every instansi (names, NIP, golongan, jabatan, units) and writes them."""

    def kode_instansi(self, i: int) -> str:
        return f"{KODE_PREFIX}-{self.seed}-{i + 1}"

    def _gol(self, jenis: str, lo: str, hi: str) -> Golongan:
        rows = self.golongan_urut[jenis]
        a = self.golongan[(jenis, lo)].urutan
        b = self.golongan[(jenis, hi)].urutan
        return rows[self.rng.randint(a, b) - 1]

    # --- planning -------------------------------------------------------------------------------

    def _plan_people(self, n_instansi: int) -> None:
        rng = self.rng
        base, extra = divmod(self.n, n_instansi)
        self.instansi = []
        self.units = []
        self.jabatan_rows = []
        self.people = []
        self.units_by_id = {}
        for i in range(n_instansi):
            size = base + (1 if i < extra else 0)
            daerah = c.DAERAH[(self.seed + i) % len(c.DAERAH)]
            inst: dict[str, Any] = {
                "id": self.ids[Instansi].one(),
                "kode": self.kode_instansi(i),
                "nama": f"Pemerintah Kabupaten {daerah} {self.seed}-{i + 1}",
                "jenis": Instansi.Jenis.DAERAH,
                "periode_evaluasi": ("triwulanan", "semesteran")[i % 2],
                "tempat": rng.choice(c.IBUKOTA),
            }
            self.instansi.append(inst)
            staff_jabatan = self._plan_staff_jabatan(i, inst["id"])
            parent, depth, leader = plan_tree(size, rng)
            offset = len(self.people)
            counters: dict[int, int] = {}
            for j in range(size):
                p_global = parent[j] + offset if parent[j] >= 0 else -1
                person = Person(
                    id=self.ids[Pegawai].one(),
                    user_id=self.ids[User].one(),
                    instansi=i,
                    parent=p_global,
                    depth=depth[j],
                    leader=leader[j],
                    unit=0,
                    jabatan=0,
                    jenis="",
                    jenjang="",
                    golongan=0,
                )
                self.people.append(person)
                idx = offset + j
                if p_global >= 0:
                    self.people[p_global].children.append(idx)
                if leader[j]:
                    self._plan_leader(idx, inst, counters)
                else:
                    self._plan_staff(idx, staff_jabatan)

    def _plan_staff_jabatan(self, i: int, instansi_id: int) -> dict[str, list[tuple[int, str, str, str]]]:
        """Shared JF and pelaksana jabatan of an instansi: kind → [(id, nama, jenis, jenjang)]."""
        out: dict[str, list[tuple[int, str, str, str]]] = {"fungsional": [], "pelaksana": []}
        for k, (nama, kategori) in enumerate(c.JF):
            for jenjang in c.JENJANG[kategori]:
                jid = self.ids[Jabatan].one()
                label = c.JENJANG_LABEL[jenjang]
                full = f"{nama} {label}"
                self.jabatan_rows.append(
                    (
                        jid,
                        instansi_id,
                        f"JF{k:02d}-{jenjang}",
                        full,
                        Jabatan.Jenis.FUNGSIONAL,
                        self.jenjang[jenjang],
                        "",
                    )
                )
                out["fungsional"].append((jid, full, Jabatan.Jenis.FUNGSIONAL, jenjang))
        for k, nama in enumerate(c.PELAKSANA):
            jid = self.ids[Jabatan].one()
            self.jabatan_rows.append((jid, instansi_id, f"PL{k:02d}", nama, Jabatan.Jenis.PELAKSANA, None, ""))
            out["pelaksana"].append((jid, nama, Jabatan.Jenis.PELAKSANA, ""))
        return out

    def _plan_leader(self, idx: int, inst: dict[str, Any], counters: dict[int, int]) -> None:
        person = self.people[idx]
        d = person.depth
        parent_unit = self.units_by_id[self.people[person.parent].heads] if person.parent >= 0 else None  # type: ignore[index]
        n = counters.get(person.parent, 0)
        counters[person.parent] = n + 1
        if d == 0:
            kode, nama, jab = "SETDA", "Sekretariat Daerah", "Sekretaris Daerah"
        elif d == 1:
            base = c.PERANGKAT_DAERAH[n % len(c.PERANGKAT_DAERAH)]
            nama = base if n < len(c.PERANGKAT_DAERAH) else f"{base} {n // len(c.PERANGKAT_DAERAH) + 1}"
            kode, jab = f"PD{n + 1:02d}", f"Kepala {nama}"
        elif d == 2:
            assert parent_unit is not None
            kode = f"{parent_unit.kode}.{n + 1:02d}"
            if n == 0:
                nama, jab = "Sekretariat", f"Sekretaris {parent_unit.nama}"
            else:
                bidang = c.BIDANG[(n - 1) % len(c.BIDANG)]
                nama = f"Bidang {bidang}" + (f" {(n - 1) // len(c.BIDANG) + 1}" if n > len(c.BIDANG) else "")
                jab = f"Kepala {nama} {parent_unit.nama}"
        else:
            assert parent_unit is not None
            kode = f"{parent_unit.kode}.{n + 1:02d}"
            words = c.SUBBAGIAN if parent_unit.nama == "Sekretariat" else c.SEKSI
            kind = "Subbagian" if parent_unit.nama == "Sekretariat" else "Seksi"
            nama = f"{kind} {words[n % len(words)]}" + (f" {n // len(words) + 1}" if n >= len(words) else "")
            jab = f"Kepala {nama}"
        unit = UnitPlan(
            id=self.ids[UnitKerja].one(),
            instansi=person.instansi,
            induk=parent_unit.id if parent_unit is not None and d >= 2 else None,
            kode=kode,
            nama=nama,
            kepala=idx,
        )
        self.units.append(unit)
        self.units_by_id[unit.id] = unit
        jenis = LEADER_JENIS[d]
        jid = self.ids[Jabatan].one()
        self.jabatan_rows.append((jid, inst["id"], f"S-{kode}", jab, jenis, None, f"Memimpin {nama}."))
        person.unit = person.heads = unit.id
        person.jabatan, person.jenis = jid, jenis
        person.status = Pegawai.Status.PNS
        person.golongan = self._gol("PNS", *c.GOL_STRUKTURAL[jenis]).pk
        self._plan_name(person, leader=True, birth=(1966, 1982))

    def _plan_staff(self, idx: int, staff_jabatan: dict[str, list[tuple[int, str, str, str]]]) -> None:
        rng = self.rng
        person = self.people[idx]
        person.unit = self.people[person.parent].unit
        kind = "fungsional" if rng.random() < 0.55 else "pelaksana"
        r = rng.random()
        status = Pegawai.Status.PPPK if r < 0.15 else Pegawai.Status.CPNS if r < 0.2 else Pegawai.Status.PNS
        options = staff_jabatan[kind]
        if status == Pegawai.Status.CPNS and kind == "fungsional":
            options = [o for o in options if o[3] in c.CPNS_JENJANG]
        jid, _nama, jenis, jenjang = rng.choice(options)
        person.jabatan, person.jenis, person.jenjang, person.status = jid, jenis, jenjang, status
        if status == Pegawai.Status.PPPK:
            kode = c.PPPK_JF[jenjang] if jenjang else rng.choice(c.PPPK_PELAKSANA)
            person.golongan = self.golongan[("PPPK", kode)].pk
        elif status == Pegawai.Status.CPNS:
            kode = "III/a" if jenjang == "ahli_pertama" or (not jenjang and rng.random() < 0.5) else "II/c"
            if not jenjang and kode == "II/c":
                kode = "II/a"
            person.golongan = self.golongan[("PNS", kode)].pk
        else:
            lo, hi = c.GOL_JF[jenjang] if jenjang else c.GOL_PELAKSANA
            person.golongan = self._gol("PNS", lo, hi).pk
        self._plan_name(person, leader=False, birth=(1968, 2000))

    def _plan_name(self, person: Person, *, leader: bool, birth: tuple[int, int]) -> None:
        rng = self.rng
        male = rng.random() < 0.5
        first = rng.choice(c.NAMA_DEPAN_L if male else c.NAMA_DEPAN_P)
        last = rng.choice(c.NAMA_BELAKANG)
        person.nama = f"{first} {last}" if rng.random() < 0.85 else f"{first} {rng.choice(c.NAMA_BELAKANG)} {last}"
        if person.status == Pegawai.Status.CPNS:
            birth_year = rng.randint(max(birth[0], self.tahun - 35), self.tahun - 22)
            tmt_year = self.tahun - 1
        else:
            latest = min(birth[1], self.tahun - (40 if leader else 25))  # old enough for a TMT before tahun
            birth_year = rng.randint(min(birth[0], latest), latest)
            tmt_year = min(self.tahun - 2, birth_year + rng.randint(21, 30))
            if person.status == Pegawai.Status.PPPK:
                tmt_year = max(tmt_year, min(self.tahun - 2, 2019 + rng.randint(0, 4)))
        person.nip = random_nip(rng, birth_year=birth_year, tmt_year=tmt_year, male=male, taken=self.taken_nip)
        if leader:
            person.gelar_belakang = f"{rng.choice(c.GELAR_S1)}, {rng.choice(c.GELAR_S2)}"
            person.gelar_depan = "Dr." if rng.random() < 0.1 else ("Ir." if rng.random() < 0.1 else "")
        elif person.jenjang.startswith("ahli"):
            person.gelar_belakang = rng.choice(c.GELAR_S1)
        elif person.jenjang or rng.random() < 0.4:
            person.gelar_belakang = rng.choice(c.GELAR_D3)

    # --- organisation rows ------------------------------------------------------------------------

    def _write_organisasi(self) -> None:
        w, s = self.writer, self.stamp
        t_inst = Table(Instansi, ["id", "kode", "nama", "jenis", "periode_evaluasi", "tempat_tanda_tangan"], stamp=s)
        w.write(
            t_inst,
            ((i["id"], i["kode"], i["nama"], i["jenis"], i["periode_evaluasi"], i["tempat"]) for i in self.instansi),
        )
        t_unit = Table(UnitKerja, ["id", "instansi_id", "induk_id", "kode", "nama", "kepala_id"], stamp=s)
        w.write(
            t_unit,
            (
                (u.id, self.instansi[u.instansi]["id"], u.induk, u.kode, u.nama, self.people[u.kepala].id)
                for u in self.units
            ),
        )
        t_jab = Table(Jabatan, ["id", "instansi_id", "kode", "nama", "jenis", "jenjang_id", "uraian_tugas"], stamp=s)
        w.write(t_jab, iter(self.jabatan_rows))
        self._identities()

    def _identities(self) -> None:
        jab_nama = {row[0]: row[3] for row in self.jabatan_rows}
        unit_nama = {u.id: u.nama for u in self.units}
        gol_label = {g.pk: g.label for g in self.golongan.values()}
        for person in self.people:
            person.identitas = _json_identitas(
                nama_lengkap(person.nama, person.gelar_depan, person.gelar_belakang),
                person.nip,
                str(gol_label[person.golongan]),
                jab_nama[person.jabatan],
                unit_nama[person.unit],
                self.instansi[person.instansi]["nama"],
            )

    def _write_users(self) -> None:
        password_hash = make_password(self.password)  # once: every account shares it
        t = Table(User, ["id", "username", "password", "first_name", "date_joined"], stamp=self.stamp)
        self.writer.write(t, ((p.user_id, p.nip, password_hash, p.nama[:150], self.stamp) for p in self.people))

    def _write_pegawai(self) -> None:
        cols = [
            "id",
            "instansi_id",
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status",
            "golongan_id",
            "jabatan_id",
            "unit_kerja_id",
            "atasan_id",
            "user_id",
        ]
        t = Table(Pegawai, cols, stamp=self.stamp)
        people = self.people
        self.writer.write(
            t,
            (
                (
                    p.id,
                    self.instansi[p.instansi]["id"],
                    p.nip,
                    p.nama,
                    p.gelar_depan,
                    p.gelar_belakang,
                    p.status,
                    p.golongan,
                    p.jabatan,
                    p.unit,
                    people[p.parent].id if p.parent >= 0 else None,
                    p.user_id,
                )
                for p in people
            ),
        )
