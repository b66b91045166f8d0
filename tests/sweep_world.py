"""The world of the access sweep and the fuzz test (issue 8): every URL pattern of the app, filled with ids of objects of one instansi
(the demo's NTT), requested by people SPEC §2 gives nothing of them — the four Karimun demo users
(pegawai, pejabat penilai, kepala unit, operator of another instansi) and a pegawai of NTT who is
nobody's atasan, rater or operator — must answer 404, by GET and by POST; anonymous callers are sent
to the login page. Pages without ids must not show a Karimun user any NIP of NTT.

The object behind each id is found from the route itself (`ANCHOR`: the text before `<int:pk>`;
`CHILD`: named ids such as `rhk_pk` taken from the anchor's own children), so a new URL under a
known prefix is swept without touching this file; a route this file cannot fill fails
`test_every_route_is_swept` until it is mapped here or listed in `NOT_SWEPT` with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import Count, Model, Q
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from api.models import PersonalToken, SystemToken
from api.services import personal_token_create, system_token_create
from dokumen.models import CetakMassal
from organisasi.models import ImportJob, Instansi, Jabatan, OperatorRole, Pegawai, UnitKerja
from pelaksanaan.models import BuktiDukung, Periode, Realisasi, UmpanBalik
from penilaian.models import Evaluasi, Keberatan
from perencanaan.models import (
    BarisMatriks,
    Iki,
    IndikatorKinerja,
    KolomMatriks,
    LampiranSkp,
    MatriksPeranHasil,
    PerilakuSkp,
    PerjanjianKinerja,
    RencanaAksi,
    Rhk,
    SasaranStrategis,
    Skp,
    Workblock,
    WorkblockItem,
)
from tests.factories import PegawaiFactory

# Routes answered the same for everyone, or not by this app's access rules.
PUBLIC = {
    "healthz": "the load balancer's health check, no data",
    "login": "the login page",
    "logout": "POST only; ends the caller's own session",
    "set_language": "switches the caller's own interface language",
}
# The API's own description, readable without a token (it holds no data).
API_PUBLIC = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}
NOT_SWEPT = {
    "admin/": "Django admin: staff only (`is_staff`), answered by the admin's own login page",
    "operator/riwayat/<str:model>/": (
        "audit history of any kind of record (model label in the path): 404s for other instansi, unit "
        "scopes and non-operators are tested in tests/audit/test_views.py"
    ),
}

# The model behind `<int:pk>`, by the route text before it.
ANCHOR: dict[str, type[Model]] = {
    "profil/rekan-kerja/": Pegawai,
    "operator/unit/": UnitKerja,
    "operator/jabatan/": Jabatan,
    "operator/pegawai/": Pegawai,
    "operator/peran/": OperatorRole,
    "operator/impor/": ImportJob,
    "operator/periode/": Periode,
    "perjanjian-kinerja/": PerjanjianKinerja,
    "perjanjian-kinerja/sasaran/": SasaranStrategis,
    "perjanjian-kinerja/indikator/": IndikatorKinerja,
    "skp/": Skp,
    "skp/rhk/": Rhk,
    "skp/iki/": Iki,
    "skp/perilaku/": PerilakuSkp,
    "skp/lampiran/": LampiranSkp,
    "skp/rencana-aksi/": RencanaAksi,
    "skp/workblock/": Workblock,
    "skp/workblock/butir/": WorkblockItem,
    "matriks-peran-hasil/": MatriksPeranHasil,
    "skp-bawahan/": Skp,
    "bukti/": BuktiDukung,
    "umpan-balik/": UmpanBalik,
    "perilaku-skp/aspek/": PerilakuSkp,
    "perilaku-skp/umpan-balik/": UmpanBalik,
    "evaluasi/": Evaluasi,
    "capaian-organisasi/": UnitKerja,
    "keberatan/": Keberatan,
    "monitoring/unit/": UnitKerja,
    "dokumen/pk/": PerjanjianKinerja,
    "dokumen/matriks/": MatriksPeranHasil,
    "dokumen/skp/": Skp,
    "dokumen/evaluasi/": Evaluasi,
    "dokumen/cetak-massal/": CetakMassal,
    "profil/token-api/": PersonalToken,
    "operator/token-sistem/": SystemToken,
    # REST API v1 (its routes name the id `<pk>` without a converter).
    "api/v1/instansi/": Instansi,
    "api/v1/unit-kerja/": UnitKerja,
    "api/v1/jabatan/": Jabatan,
    "api/v1/pegawai/": Pegawai,
    "api/v1/pk/": PerjanjianKinerja,
    "api/v1/skp/": Skp,
    "api/v1/rhk/": Rhk,
    "api/v1/iki/": Iki,
    "api/v1/realisasi/": Realisasi,
    "api/v1/evaluasi/": Evaluasi,
}
# Named ids: (model, the field that ties it to the anchor); as the first id of a route, the anchor.
CHILD: dict[str, tuple[type[Model], str, Q]] = {
    "rhk_pk": (Rhk, "skp", Q()),
    "iki_pk": (Iki, "rhk__skp", Q()),
    "r_pk": (Realisasi, "skp", Q(iki__isnull=True, diganti_pada__isnull=True)),  # a kualitatif statement
    "b_pk": (BuktiDukung, "skp", Q(dihapus_pada__isnull=True)),
    "kolom_pk": (KolomMatriks, "matriks", Q()),
    "baris_pk": (BarisMatriks, "matriks", Q()),
    "skp_pk": (Skp, "", Q()),
}
# Values of the string parts of routes (valid ones, so that the view's own checks are reached).
STRINGS = {"jenis": "pegawai", "capaian": "baik", "bagian": "lampiran"}

# How each model reaches its instansi.
INSTANSI_OF: dict[type[Model], str] = {
    Instansi: "pk",
    PersonalToken: "user__pegawai__instansi",
    SystemToken: "instansi",
    UnitKerja: "instansi",
    Jabatan: "instansi",
    Pegawai: "instansi",
    OperatorRole: "instansi",
    ImportJob: "instansi",
    Periode: "instansi",
    CetakMassal: "instansi",
    PerjanjianKinerja: "unit_kerja__instansi",
    SasaranStrategis: "perjanjian__unit_kerja__instansi",
    IndikatorKinerja: "sasaran__perjanjian__unit_kerja__instansi",
    Skp: "pegawai__instansi",
    Rhk: "skp__pegawai__instansi",
    Iki: "rhk__skp__pegawai__instansi",
    PerilakuSkp: "skp__pegawai__instansi",
    LampiranSkp: "skp__pegawai__instansi",
    RencanaAksi: "rhk__skp__pegawai__instansi",
    Workblock: "skp__pegawai__instansi",
    WorkblockItem: "workblock__skp__pegawai__instansi",
    MatriksPeranHasil: "rhk__skp__pegawai__instansi",
    KolomMatriks: "matriks__rhk__skp__pegawai__instansi",
    BarisMatriks: "matriks__rhk__skp__pegawai__instansi",
    Realisasi: "skp__pegawai__instansi",
    BuktiDukung: "skp__pegawai__instansi",
    UmpanBalik: "skp__pegawai__instansi",
    Evaluasi: "skp__pegawai__instansi",
    Keberatan: "evaluasi__skp__pegawai__instansi",
}
# Prefer the objects that make a page show the most: an SKP with realisasi and evidence, feedback
# on a perilaku aspect under Perilaku SKP, an aspect with a named rater.
PREFER: dict[tuple[str, type[Model]], Q] = {
    ("skp/", Skp): Q(bukti_dukung__isnull=False, evaluasi__isnull=False),
    ("perilaku-skp/umpan-balik/", UmpanBalik): Q(perilaku__isnull=False),
    ("umpan-balik/", UmpanBalik): Q(perilaku__isnull=True, jenis="hasil"),
    ("perilaku-skp/aspek/", PerilakuSkp): Q(penilai__isnull=False),
    ("matriks-peran-hasil/", MatriksPeranHasil): Q(kolom__isnull=False, baris__isnull=False),
    ("bukti/", BuktiDukung): Q(jenis="berkas", dihapus_pada__isnull=True),  # a link has nothing to download
    ("api/v1/realisasi/", Realisasi): Q(iki__isnull=True, diganti_pada__isnull=True),  # statements only
}
PREFER_ROUTE: dict[str, Q] = {
    "perencanaan:skp_periode": Q(status="draft"),  # a set SKP's period cannot be changed by anyone
    "pelaksanaan:realisasi_teks_ubah": Q(pendekatan="kualitatif"),
    "pelaksanaan:realisasi_teks_hapus": Q(pendekatan="kualitatif"),
}
# What the NTT pegawai unrelated to everyone may still read: the unit's Perjanjian Kinerja is the
# instansi's public agreement (perencanaan.access.get_pk_for_user).
# The API also lists the instansi's directory (its units, jabatan and active pegawai, as the Profil
# colleague search shows them).
SAME_INSTANSI_MAY_READ = {
    "perencanaan:pk_detail",
    "dokumen:pk_pdf",
    "api-v1:pk_detail",
    "api-v1:instansi_detail",
    "api-v1:unit_detail",
    "api-v1:jabatan_detail",
    "api-v1:pegawai_detail",
    "api-v1:pegawai_by_nip",
}

NTT_OPERATOR = "198901302014022008"
PEGAWAI_NTT = "198611232010012005"

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # "skp/<int:pk>/realisasi/rhk/<int:rhk_pk>/"
    name: str  # "pelaksanaan:realisasi_rhk"

    @property
    def params(self) -> list[tuple[str, str]]:
        def conv(m: re.Match[str]) -> str:
            if m["conv"]:
                return m["conv"]
            return "int" if m["name"] == "pk" else "str"

        return [(conv(m), m["name"]) for m in CONVERTER.finditer(self.route)]

    @property
    def has_ids(self) -> bool:
        return any(conv == "int" or name == "nip" for conv, name in self.params)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def routes() -> Iterator[Route]:
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[Route]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield Route(prefix + str(pattern.pattern), name)

    yield from walk(get_resolver().url_patterns, "", "")


def swept_routes() -> list[Route]:
    return [r for r in routes() if r.name not in PUBLIC and not any(r.route.startswith(p) for p in NOT_SWEPT)]


# --- Filling a route with objects of NTT ----------------------------------------------------------


def _of(model: type[Model], instansi: Instansi) -> Any:
    return model._default_manager.filter(**{INSTANSI_OF[model]: instansi.pk}).order_by("pk")


def _anchor(route: Route) -> tuple[str, type[Model]] | None:
    if route.params and route.params[0][1] == "nip":
        return "nip", Pegawai
    for conv, name in route.params:
        if conv != "int":
            continue
        if name == "pk":
            prefix = re.split(r"<(?:int:)?pk>", route.route)[0]
            model = ANCHOR.get(prefix)
            return (prefix, model) if model is not None else None
        if name in CHILD:
            return name, CHILD[name][0]
        return None
    return None


def fill(route: Route, instansi: Instansi) -> tuple[dict[str, Any], Model | None] | None:
    """kwargs for `reverse`, with ids of objects of `instansi` that belong together, and the object
    of the first id; None when the route has an id this file does not know."""
    kwargs: dict[str, Any] = {name: STRINGS[name] for conv, name in route.params if conv != "int" and name in STRINGS}
    ints = [name for conv, name in route.params if conv == "int" or name == "nip"]
    if not ints:
        return (kwargs, None) if len(kwargs) == len(route.params) else None
    anchor = _anchor(route)
    if anchor is None:
        return None
    key, model = anchor
    candidates = _of(model, instansi)
    preferred = PREFER_ROUTE.get(route.name, PREFER.get((key, model)))
    for obj in [*(candidates.filter(preferred).distinct()[:3] if preferred is not None else []), *candidates[:20]]:
        values = dict(kwargs)
        values[ints[0]] = obj.nip if ints[0] == "nip" else obj.pk
        for name in ints[1:]:
            if name not in CHILD:
                return None
            child_model, link, condition = CHILD[name]
            children = child_model._default_manager.filter(condition, **{link: obj})
            child = children.order_by("pk").first()
            if child is None:
                break
            values[name] = child.pk
        else:
            return values, obj
    return None


# --- The world ---------------------------------------------------------------------------------


@dataclass
class Sweep:
    ntt: Instansi
    outsiders: dict[str, User]  # who must get 404 everywhere
    same_instansi: User  # an NTT pegawai related to nobody
    admin: User
    ntt_nips: set[str]
    periode: Periode  # NTT's open period with the most realisasi


@pytest.fixture
def sweep() -> Sweep:
    call_command("seed_demo", verbosity=0)
    ntt = Instansi.objects.get(kode="PROV-NTT")
    operator = User.objects.get(username=NTT_OPERATOR)
    ImportJob.objects.create(
        instansi=ntt, jenis="pegawai", file="imports/x.csv", nama_berkas="x.csv", diunggah_oleh=operator
    )
    unit = UnitKerja.objects.filter(instansi=ntt).order_by("pk").first()
    assert unit is not None
    job = CetakMassal.objects.create(dibuat_oleh=operator, instansi=ntt, unit=unit, tahun=2026, status="selesai")
    job.berkas.save("SKP_BKD_2026.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    personal_token_create(user=User.objects.get(username=PEGAWAI_NTT), nama="Dasbor", berlaku_hari=30)
    system_token_create(instansi=ntt, nama="SIASN", scopes=["organisasi:read"], berlaku_hari=30, by=operator)
    outsiders = {
        key: User.objects.get(pegawai__nip=nip)
        for key, nip in {
            "kepala_krm": "197011201995031009",
            "penilai_krm": "198002022005011010",
            "pegawai_krm": "199306152019032011",
            "operator_krm": "199012122015031012",
        }.items()
    }
    lone = cast(
        Pegawai,
        PegawaiFactory(instansi=ntt, unit_kerja=UnitKerja.objects.get(instansi=ntt, kode="BKD.02"), atasan=None),
    )
    assert lone.user is not None
    return Sweep(
        ntt=ntt,
        outsiders=outsiders,
        same_instansi=lone.user,
        admin=User.objects.create_superuser(username="sweep-admin", password="x-Sweep-2026!"),
        ntt_nips=set(Pegawai.objects.filter(instansi=ntt).values_list("nip", flat=True)),
        # An open period, so that the pages show their write forms (the fuzz test posts those).
        periode=Periode.objects.filter(instansi=ntt).annotate(n=Count("realisasi")).order_by("-terbuka", "-n", "pk")[0],
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _filled(sweep: Sweep, *, with_objects: bool = False) -> list[Any]:
    out = []
    for route in swept_routes():
        filled = fill(route, sweep.ntt)
        assert filled is not None, f"{route.route} ({route.name}): map it in ANCHOR/CHILD or list it in NOT_SWEPT"
        kwargs, obj = filled
        # Pages of one evaluation period take it from the query; every other view ignores it.
        url = reverse(route.name, kwargs=kwargs) + f"?periode={sweep.periode.pk}"
        out.append((route, url, obj) if with_objects else (route, url))
    return out


def _people_of(obj: Model | None) -> list[User]:
    """The pegawai an object is about, their atasan (the pejabat penilai) and the atasan's atasan
    (who decides a keberatan)."""
    if obj is None:
        return []
    path = INSTANSI_OF[type(obj)].removesuffix("instansi").removesuffix("__")
    if not path.endswith("pegawai"):
        return []
    pegawai = Pegawai.objects.filter(pk__in=type(obj)._default_manager.filter(pk=obj.pk).values(f"{path}__pk")).first()
    atasan = pegawai.atasan if pegawai is not None else None
    people = [pegawai, atasan, atasan.atasan if atasan is not None else None]
    return [p.user for p in people if p is not None and p.user is not None]
