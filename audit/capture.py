"""Signal handlers that write an audit row for every create/update/delete of domain data, in the
same transaction as the change: post_save/post_delete run inside the caller's transaction, and
the project's services are atomic. (A bare save() in autocommit commits before its signal runs;
no service does that.)"""

from __future__ import annotations

import datetime
import decimal
import functools
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps as global_apps
from django.db import connections, models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from organisasi.bulk import insert_many

from . import context
from .models import Aksi, CatatanAudit
from .rantai import link, lock_head

AUDITED_APPS = frozenset({"accounts", "organisasi", "perencanaan", "pelaksanaan", "penilaian", "dokumen", "api"})

# Values never written to the trail; a change to them is recorded as a fact only.
REDACTED_FIELDS = frozenset({"password", "secret_sha256", "session_data", "session_key"})
REDACTED = "[disamarkan]"

# Bookkeeping, not domain data: a change of only these fields writes no row.
IGNORED_FIELDS = frozenset(
    {
        "updated_at",  # set on every save by auto_now
        "last_login",  # every login; axes and the session record logins
        "last_used_at",  # API token use, at most once a minute (api.auth._touch)
    }
)

# Writes that bypass the signals (QuerySet.update/bulk_*) and are consciously not audited.
EXCLUDED_BULK_WRITES: dict[str, str] = {
    "organisasi.ImportJob status/progress (services.impor)": "job bookkeeping; the applied rows are audited",
    "dokumen.CetakMassal status/counters (dokumen.services)": "print-job progress, no domain data",
    "api tokens last_used_at (api.auth._touch)": "usage timestamp, minute precision",
    "Versioned diganti_pada/pengganti (realisasi, umpan balik)": (
        "the change is audited as the create of the new version, which names the row it replaces"
    ),
    "PerilakuSkp/RencanaAksi/LampiranSkp/WorkblockItem/KolomMatriks bulk_create": (
        "default rows and revision copies created together with an audited SKP/matriks"
    ),
    "penilaian.Evaluasi draft reset (services.capaian)": "recomputed drafts after an audited CapaianUnit change",
}

# Per model: ORM paths from the row to the pegawai and to the instansi it is about.
SUBJECT_PATHS: dict[str, tuple[str | None, str | None]] = {
    "accounts.user": ("pegawai", "pegawai__instansi"),
    "organisasi.golongan": (None, None),
    "organisasi.jenjangfungsional": (None, None),
    "organisasi.instansi": (None, "pk"),
    "organisasi.unitkerja": (None, "instansi"),
    "organisasi.jabatan": (None, "instansi"),
    "organisasi.pegawai": ("pk", "instansi"),
    "organisasi.timkerja": (None, "instansi"),
    "organisasi.operatorrole": ("user__pegawai", "instansi"),
    "organisasi.importjob": (None, "instansi"),
    "perencanaan.aspekperilaku": (None, None),
    "perencanaan.panduanperilaku": (None, None),
    "perencanaan.satuan": (None, None),
    "perencanaan.perjanjiankinerja": (None, "unit_kerja__instansi"),
    "perencanaan.sasaranstrategis": (None, "perjanjian__unit_kerja__instansi"),
    "perencanaan.indikatorkinerja": (None, "sasaran__perjanjian__unit_kerja__instansi"),
    "perencanaan.skp": ("pegawai", "pegawai__instansi"),
    "perencanaan.riwayatskp": ("skp__pegawai", "skp__pegawai__instansi"),
    "perencanaan.rhk": ("skp__pegawai", "skp__pegawai__instansi"),
    "perencanaan.iki": ("rhk__skp__pegawai", "rhk__skp__pegawai__instansi"),
    "perencanaan.manualindikator": ("iki__rhk__skp__pegawai", "iki__rhk__skp__pegawai__instansi"),
    "perencanaan.perilakuskp": ("skp__pegawai", "skp__pegawai__instansi"),
    "perencanaan.lampiranskp": ("skp__pegawai", "skp__pegawai__instansi"),
    "perencanaan.rencanaaksi": ("rhk__skp__pegawai", "rhk__skp__pegawai__instansi"),
    "perencanaan.workblock": ("skp__pegawai", "skp__pegawai__instansi"),
    "perencanaan.workblockitem": ("workblock__skp__pegawai", "workblock__skp__pegawai__instansi"),
    "perencanaan.matriksperanhasil": ("rhk__skp__pegawai", "rhk__skp__pegawai__instansi"),
    "perencanaan.kolommatriks": ("matriks__rhk__skp__pegawai", "matriks__rhk__skp__pegawai__instansi"),
    "perencanaan.barismatriks": ("pegawai", "pegawai__instansi"),
    "perencanaan.peranhasil": ("baris__pegawai", "baris__pegawai__instansi"),
    "pelaksanaan.periode": (None, "instansi"),
    "pelaksanaan.riwayatperiode": (None, "periode__instansi"),
    "pelaksanaan.realisasi": ("skp__pegawai", "skp__pegawai__instansi"),
    "pelaksanaan.buktidukung": ("skp__pegawai", "skp__pegawai__instansi"),
    "pelaksanaan.umpanbalik": ("skp__pegawai", "skp__pegawai__instansi"),
    "pelaksanaan.pembinaan": ("skp__pegawai", "skp__pegawai__instansi"),
    "penilaian.persentaseangkakredit": (None, None),
    "penilaian.aturanpoladistribusi": (None, "instansi"),
    "penilaian.faktortpp": (None, "instansi"),
    "penilaian.capaianunit": (None, "unit_kerja__instansi"),
    "penilaian.evaluasi": ("skp__pegawai", "skp__pegawai__instansi"),
    "penilaian.keberatan": ("evaluasi__skp__pegawai", "evaluasi__skp__pegawai__instansi"),
    "dokumen.cetakmassal": (None, "instansi"),
    "api.personaltoken": ("user__pegawai", "user__pegawai__instansi"),
    "api.systemtoken": (None, "instansi"),
}

EVIDENCE_MODEL = "pelaksanaan.buktidukung"
SUBJECT_BATCH = 5000  # rows per query of subjects() (at most the backend's parameter limit)


def is_audited(model: type[models.Model]) -> bool:
    meta = model._meta
    if meta.apps is not global_apps:
        # A historical model of a migration (reference data loading): the audit tables may not
        # exist yet, and reference data is not a user's change.
        return False
    return meta.app_label in AUDITED_APPS and not meta.abstract and not meta.proxy and meta.managed


_SCALARS = frozenset({type(None), bool, int, float, str})


def _json(value: Any) -> Any:
    if type(value) in _SCALARS or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return str(value)


@functools.cache
def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {f.attname: _json(f.value_from_object(instance)) for f in _fields(type(instance))}


def _shown(name: str, value: Any) -> Any:
    return REDACTED if name in REDACTED_FIELDS and value not in (None, "") else value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [_shown(name, old.get(name)), _shown(name, value)]
        for name, value in new.items()
        if old.get(name) != value
    }


def _attnames(model: type[models.Model], names: Iterable[str]) -> set[str]:
    result = set()
    for name in names:
        field = model._meta.get_field(name)
        result.add(field.attname if isinstance(field, models.Field) else name)
    return result


def _label(instance: models.Model) -> str:
    try:
        return str(instance)[:255]
    except Exception:  # a __str__ reaching a just-deleted relation must not break the write
        return f"{instance._meta.verbose_name} #{instance.pk}"


def _local_attname(model: type[models.Model], path: str) -> str | None:
    """The attribute of the row itself that holds `path` ("pk" or a foreign key's id), if any."""
    if path == "pk":
        return "pk"
    try:
        field = model._meta.get_field(path)
    except Exception:
        return None
    if isinstance(field, models.Field) and field.concrete and field.is_relation:
        return field.attname
    return None


def _local_id(instance: models.Model, path: str) -> tuple[bool, int | None]:
    attname = _local_attname(type(instance), path)
    return (True, getattr(instance, attname)) if attname else (False, None)


def subject(instance: models.Model, using: str) -> tuple[int | None, int | None]:
    """(pegawai id, instansi id) the row is about; one query when a path crosses a relation."""
    paths = SUBJECT_PATHS.get(instance._meta.label_lower, (None, None))
    result: list[int | None] = [None, None]
    remote: list[tuple[int, str]] = []
    for i, path in enumerate(paths):
        if path is None:
            continue
        local, value = _local_id(instance, path)
        if local:
            result[i] = value
        else:
            remote.append((i, path))
    if remote and instance.pk is not None:
        row = (
            type(instance)
            ._base_manager.using(using)
            .filter(pk=instance.pk)
            .values_list(*(p for _, p in remote))
            .first()
        )
        if row is not None:
            for (i, _), value in zip(remote, row, strict=True):
                result[i] = value
    return result[0], result[1]


def _actor() -> dict[str, Any]:
    konteks = context.current()
    if konteks is None:
        return {"sumber": context.default_sumber(), "aktor": None, "aktor_nama": "", "ip": None}
    user = getattr(konteks.request, "user", None)
    authenticated = bool(getattr(user, "is_authenticated", False))
    return {
        "sumber": konteks.sumber,
        "aktor": user if authenticated else None,
        "aktor_nama": (user.get_username() if authenticated and user is not None else konteks.label_pemanggil),
        "ip": konteks.ip,
        "metode": konteks.request.method or "",
        "path": konteks.request.path[:500],
    }


def _aktor_pegawai_id(user: Any) -> int | None:
    if user is None:
        return None
    try:
        pegawai = user.pegawai  # cached on the request's user after the first write
    except Exception:
        return None
    return getattr(pegawai, "pk", None)


def write(
    *,
    aksi: str,
    rows: Sequence[tuple[models.Model, dict[str, Any], tuple[int | None, int | None]]],
    using: str,
) -> list[CatatanAudit]:
    """Append audit rows for (object, changes, subject) triples, linking each into the chain."""
    if not rows:
        return []
    actor = _actor()
    aktor = actor.pop("aktor")
    aktor_pegawai_id = _aktor_pegawai_id(aktor)
    now = timezone.now()
    written: list[CatatanAudit] = []
    # Every column by attname, in field order: positional construction is several times faster
    # than keywords, which counts for the 200,000 rows of a big import.
    values: dict[str, Any] = {f.attname: f.get_default() for f in CatatanAudit._meta.concrete_fields}
    values.update(waktu=now, aktor_id=getattr(aktor, "pk", None), aktor_pegawai_id=aktor_pegawai_id, aksi=aksi)
    values.update(actor)
    attnames = list(values)
    # No savepoint: a failing audit write must fail the change with it, and inside the caller's
    # transaction a savepoint would only cost two more queries per write.
    with transaction.atomic(using=using, savepoint=False):
        head = lock_head(using)
        previous = head.rantai
        for instance, changes, (pegawai_id, instansi_id) in rows:
            label = instance._meta.label_lower
            values["model"] = label
            values["objek_pk"] = str(instance.pk)
            values["label"] = _label(instance)
            values["instansi_id"] = instansi_id
            values["pegawai_id"] = pegawai_id
            values["changes"] = changes
            values["bukti_sha256"] = str(getattr(instance, "sha256", "") or "") if label == EVIDENCE_MODEL else ""
            catatan = CatatanAudit(*[values[name] for name in attnames])  # type: ignore[misc]
            if aktor is not None:
                catatan.aktor = aktor  # the cached object, as with aktor=aktor
            catatan.rantai = link(previous, catatan)
            previous = catatan.rantai
            written.append(catatan)
        if len(written) == 1:
            written[0].save(using=using)
        else:
            insert_many(written, using=using, batch_size=500)
        head.rantai = previous
        head.catatan_id = _last_pk(written, using)
        head.save(using=using, update_fields=["rantai", "catatan_id"])
    return written


def _last_pk(written: list[CatatanAudit], using: str) -> int | None:
    if written[-1].pk is not None:
        return written[-1].pk
    # Backends without RETURNING for bulk inserts: the rows just written are the newest ones.
    return CatatanAudit.objects.using(using).order_by("-pk").values_list("pk", flat=True).first()


def subjects(
    objs: Sequence[models.Model], using: str, *, created: bool = False
) -> dict[Any, tuple[int | None, int | None]]:
    """(pegawai id, instansi id) of many rows of one model, from one query per SUBJECT_BATCH rows
    (none for `created` rows whose ids are their own columns)."""
    if not objs:
        return {}
    model = type(objs[0])
    paths = SUBJECT_PATHS.get(model._meta.label_lower, (None, None))
    result: dict[Any, tuple[int | None, int | None]] = {}
    local = [None if path is None else _local_attname(model, path) for path in paths]
    if created and all(path is None or attname for path, attname in zip(paths, local, strict=True)):
        # Rows just inserted from these objects, and both ids are columns of the row itself (a
        # pegawai's own pk and instansi): read them from the objects instead of the database.
        for obj in objs:
            pegawai_id, instansi_id = (getattr(obj, attname) if attname else None for attname in local)
            result[obj.pk] = (pegawai_id, instansi_id)
        return result
    wanted = [p or "pk" for p in paths]
    pks = [o.pk for o in objs if o.pk is not None]
    size = min(SUBJECT_BATCH, connections[using].features.max_query_params or SUBJECT_BATCH)
    for start in range(0, len(pks), size):
        for pk, pegawai_id, instansi_id in (
            model._base_manager.using(using).filter(pk__in=pks[start : start + size]).values_list("pk", *wanted)
        ):
            result[pk] = (pegawai_id if paths[0] else None, instansi_id if paths[1] else None)
    return result


def record_bulk(
    objs: Iterable[models.Model], *, aksi: str, fields: Iterable[str] | None = None, using: str = "default"
) -> None:
    """One audit row per object written by bulk_create/bulk_update (no model signals), in the
    caller's transaction. For an update only `fields` are recorded, with their new values: the old
    ones were not read, and reading them would double the cost of a 5,000-row import."""
    audited = [o for o in objs if is_audited(type(o))]
    if not audited:
        return
    names = None if fields is None else _attnames(type(audited[0]), fields)
    who = subjects(audited, using, created=aksi == Aksi.CREATE)
    recorded = [f for f in _fields(type(audited[0])) if names is None or f.attname in names]
    created = names is None and aksi == Aksi.CREATE
    rows = []
    for obj in audited:  # snapshot() of the recorded fields, inline: this runs for every imported row
        changes = {}
        for field in recorded:
            value = _json(field.value_from_object(obj))
            if created and value in (None, "", [], {}):
                continue
            changes[field.attname] = [None, _shown(field.attname, value)]
        rows.append((obj, changes, who.get(obj.pk, (None, None))))
    write(aksi=aksi, rows=rows, using=using)


def _bulk_saved(
    sender: type[models.Model], objs: Sequence[models.Model], action: str, fields: Iterable[str] | None, **kwargs: Any
) -> None:
    record_bulk(objs, aksi=Aksi.CREATE if action == "create" else Aksi.UPDATE, fields=fields)


# --- signal handlers ----------------------------------------------------------------------


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool, using: str, **kwargs: Any) -> None:
    if raw or not is_audited(sender) or instance._state.adding or instance.pk is None:
        return
    old = sender._base_manager.using(using).filter(pk=instance.pk).values(*(f.attname for f in _fields(sender))).first()
    instance._audit_old = None if old is None else {k: _json(v) for k, v in old.items()}  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool, using: str, **kwargs: Any
) -> None:
    if raw or not is_audited(sender):
        return
    new = snapshot(instance)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not created:
        # Only these columns were written; other in-memory values did not reach the database.
        names = _attnames(sender, update_fields)
        new = {k: v for k, v in new.items() if k in names}
    old: dict[str, Any] | None = None if created else getattr(instance, "_audit_old", None)
    if old is None:
        changes = {k: [None, _shown(k, v)] for k, v in new.items() if v not in (None, "", [], {})}
        aksi = Aksi.CREATE
    else:
        changes = diff(old, new)
        aksi = Aksi.UPDATE
        if not changes:
            return
    instance.__dict__.pop("_audit_old", None)
    write(aksi=aksi, rows=[(instance, changes, subject(instance, using))], using=using)


def _pre_delete(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    if is_audited(sender):
        # After the delete the row (and its path to the pegawai) is gone.
        instance._audit_subject = subject(instance, using)  # type: ignore[attr-defined]


def _post_delete(sender: type[models.Model], instance: models.Model, using: str, **kwargs: Any) -> None:
    if not is_audited(sender):
        return
    old = snapshot(instance)
    changes = {k: [_shown(k, v), None] for k, v in old.items() if v not in (None, "", [], {})}
    who = getattr(instance, "_audit_subject", (None, None))
    write(aksi=Aksi.DELETE, rows=[(instance, changes, who)], using=using)


def connect() -> None:
    from organisasi.signals import bulk_saved

    bulk_saved.connect(_bulk_saved, dispatch_uid="audit_bulk_saved")
    pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="audit_post_save")
    pre_delete.connect(_pre_delete, dispatch_uid="audit_pre_delete")
    post_delete.connect(_post_delete, dispatch_uid="audit_post_delete")
