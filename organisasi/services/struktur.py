"""Writes to an instansi's structure by its operator: unit kerja tree, jabatan and pegawai (SPEC §3).

Every service is keyword-only and atomic, checks the many-object rules itself (kode unique per
instansi, no loops in the unit tree or the atasan chain, same instansi everywhere), then lets the
model's `full_clean()` check the single-object ones. A broken rule is a `ValidationError` keyed by
field, in Indonesian, and nothing is saved.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from accounts.models import User

from ..konflik import refuse_if_changed
from ..models import Golongan, Instansi, Jabatan, JenjangFungsional, Pegawai, UnitKerja
from ..rules import nip_normalize

JABATAN_KODE_PREFIX = "JAB-"
_JABATAN_KODE_RE = re.compile(rf"^{JABATAN_KODE_PREFIX}(\d+)$")


# --- Unit kerja -------------------------------------------------------------------------------


def check_unit_kode(*, instansi: Instansi, kode: str, exclude_pk: int | None) -> None:
    if not kode:
        raise ValidationError({"kode": _("Kode unit kerja wajib diisi.")}, code="required")
    clash = UnitKerja.objects.filter(instansi=instansi, kode__iexact=kode).exclude(pk=exclude_pk or 0).first()
    if clash is not None:
        raise ValidationError(
            {
                "kode": ValidationError(
                    _("Kode %(kode)s sudah dipakai oleh unit kerja “%(nama)s” di instansi ini."),
                    code="kode_terpakai",
                    params={"kode": kode, "nama": clash.nama},
                )
            }
        )


def check_unit_induk(*, instansi: Instansi, unit_pk: int | None, induk: UnitKerja | None) -> None:
    """The parent is in the same instansi and is neither the unit itself nor one of its sub-units."""
    if induk is None:
        return
    if induk.instansi_id != instansi.pk:
        raise ValidationError({"induk": _("Unit induk harus berada di instansi yang sama.")}, code="beda_instansi")
    if unit_pk is None:
        return
    parent_of = dict(UnitKerja.objects.filter(instansi=instansi).values_list("pk", "induk_id"))
    seen: set[int] = set()
    node: int | None = induk.pk
    while node is not None:
        if node == unit_pk:
            raise ValidationError(
                {"induk": _("Unit induk tidak boleh unit ini sendiri atau sub-unitnya.")}, code="siklus"
            )
        if node in seen:  # the tree above is already broken; refuse rather than loop
            raise ValidationError(
                {"induk": _("Susunan unit di atas unit induk ini berputar. Perbaiki unit induknya lebih dulu.")},
                code="siklus",
            )
        seen.add(node)
        node = parent_of.get(node)


def _check_kepala(*, instansi: Instansi, kepala: Pegawai | None) -> None:
    if kepala is not None and kepala.instansi_id != instansi.pk:
        raise ValidationError({"kepala": _("Kepala unit harus pegawai instansi ini.")}, code="beda_instansi")


@transaction.atomic
def unit_kerja_create(
    *,
    instansi: Instansi,
    kode: str,
    nama: str,
    induk: UnitKerja | None = None,
    kepala: Pegawai | None = None,
) -> UnitKerja:
    kode = kode.strip()
    check_unit_kode(instansi=instansi, kode=kode, exclude_pk=None)
    check_unit_induk(instansi=instansi, unit_pk=None, induk=induk)
    _check_kepala(instansi=instansi, kepala=kepala)
    unit = UnitKerja(instansi=instansi, kode=kode, nama=nama.strip(), induk=induk, kepala=kepala)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_kerja_update(
    *,
    unit: UnitKerja,
    kode: str,
    nama: str,
    induk: UnitKerja | None,
    kepala: Pegawai | None,
    versi: int | None = None,
) -> UnitKerja:
    """Change a unit. `versi` is the unit's version the edit form was opened on (None: unchecked)."""
    kode = kode.strip()
    stored = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    refuse_if_changed(
        stored,
        versi=versi,
        model=UnitKerja,
        pk=unit.pk,
        changes=lambda: [
            _("unit kerja tersimpan kini “%(kode)s — %(nama)s”") % {"kode": stored.kode, "nama": stored.nama}
        ],
        isian=[f"{kode} — {nama.strip()}"],
    )
    instansi = unit.instansi
    check_unit_kode(instansi=instansi, kode=kode, exclude_pk=unit.pk)
    check_unit_induk(instansi=instansi, unit_pk=unit.pk, induk=induk)
    _check_kepala(instansi=instansi, kepala=kepala)
    unit.kode = kode
    unit.nama = nama.strip()
    unit.induk = induk
    unit.kepala = kepala
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_kerja_delete(*, unit: UnitKerja) -> None:
    """Delete an empty unit; refused while anything still hangs on it (its FKs are PROTECT)."""
    reasons: list[str] = []
    jumlah_sub = UnitKerja.objects.filter(induk=unit).count()
    if jumlah_sub:
        reasons.append(
            _("masih memiliki %(n)d sub-unit; hapus atau pindahkan sub-unit tersebut lebih dulu") % {"n": jumlah_sub}
        )
    jumlah_pegawai = Pegawai.objects.filter(unit_kerja=unit).count()
    if jumlah_pegawai:
        reasons.append(
            _("masih memiliki %(n)d pegawai; pindahkan pegawai tersebut ke unit lain lebih dulu")
            % {"n": jumlah_pegawai}
        )
    jumlah_tim = unit.tim_kerja.count()
    if jumlah_tim:
        reasons.append(_("masih memiliki %(n)d tim kerja") % {"n": jumlah_tim})
    jumlah_peran = unit.operator_roles.count()
    if jumlah_peran:
        reasons.append(_("menjadi cakupan %(n)d peran operator; cabut peran tersebut lebih dulu") % {"n": jumlah_peran})
    if reasons:
        raise ValidationError(
            _("Unit kerja “%(nama)s” tidak dapat dihapus: %(alasan)s.")
            % {"nama": unit.nama, "alasan": "; ".join(reasons)},
            code="masih_dipakai",
        )
    try:
        unit.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Unit kerja “%(nama)s” tidak dapat dihapus karena masih dipakai oleh data lain.") % {"nama": unit.nama},
            code="masih_dipakai",
        ) from None


# --- Jabatan ----------------------------------------------------------------------------------


def jabatan_next_kode(*, instansi: Instansi) -> str:
    """The next free `JAB-0001`-style code of the instansi."""
    taken = set(
        Jabatan.objects.filter(instansi=instansi, kode__istartswith=JABATAN_KODE_PREFIX).values_list("kode", flat=True)
    )
    numbers = [int(m.group(1)) for k in taken if (m := _JABATAN_KODE_RE.match(k.upper()))]
    n = max(numbers, default=0) + 1
    taken_upper = {k.upper() for k in taken}
    while f"{JABATAN_KODE_PREFIX}{n:04d}" in taken_upper:
        n += 1
    return f"{JABATAN_KODE_PREFIX}{n:04d}"


def check_jabatan_kode(*, instansi: Instansi, kode: str, exclude_pk: int | None) -> None:
    clash = Jabatan.objects.filter(instansi=instansi, kode__iexact=kode).exclude(pk=exclude_pk or 0).first()
    if clash is not None:
        raise ValidationError(
            {
                "kode": ValidationError(
                    _("Kode %(kode)s sudah dipakai oleh jabatan “%(nama)s” di instansi ini."),
                    code="kode_terpakai",
                    params={"kode": kode, "nama": clash.nama},
                )
            }
        )


def _check_jenjang(*, jenis: str, jenjang: JenjangFungsional | None) -> None:
    if jenis == Jabatan.Jenis.FUNGSIONAL and jenjang is None:
        raise ValidationError({"jenjang": _("Jabatan fungsional wajib memiliki jenjang.")}, code="required")
    if jenis != Jabatan.Jenis.FUNGSIONAL and jenjang is not None:
        raise ValidationError({"jenjang": _("Jenjang hanya untuk jabatan fungsional.")}, code="invalid")


@transaction.atomic
def jabatan_create(
    *,
    instansi: Instansi,
    nama: str,
    jenis: str,
    jenjang: JenjangFungsional | None = None,
    uraian_tugas: str = "",
    kode: str = "",
) -> Jabatan:
    """A new jabatan; a blank kode gets the next free `JAB-0001`-style code."""
    kode = kode.strip() or jabatan_next_kode(instansi=instansi)
    check_jabatan_kode(instansi=instansi, kode=kode, exclude_pk=None)
    _check_jenjang(jenis=jenis, jenjang=jenjang)
    jabatan = Jabatan(
        instansi=instansi,
        kode=kode,
        nama=nama.strip(),
        jenis=jenis,
        jenjang=jenjang,
        uraian_tugas=uraian_tugas.strip(),
    )
    jabatan.full_clean()
    jabatan.save()
    return jabatan


@transaction.atomic
def jabatan_update(
    *,
    jabatan: Jabatan,
    nama: str,
    jenis: str,
    jenjang: JenjangFungsional | None,
    uraian_tugas: str,
    kode: str = "",
    versi: int | None = None,
) -> Jabatan:
    """Change a jabatan. `versi` is its version the edit form was opened on (None: unchecked)."""
    stored = Jabatan.objects.select_for_update().get(pk=jabatan.pk)
    refuse_if_changed(
        stored,
        versi=versi,
        model=Jabatan,
        pk=jabatan.pk,
        changes=lambda: [
            _("jabatan tersimpan kini “%(nama)s” (%(kode)s)") % {"nama": stored.nama, "kode": stored.kode}
        ],
        isian=[nama.strip()],
    )
    instansi = jabatan.instansi
    kode = kode.strip() or jabatan_next_kode(instansi=instansi)
    check_jabatan_kode(instansi=instansi, kode=kode, exclude_pk=jabatan.pk)
    _check_jenjang(jenis=jenis, jenjang=jenjang)
    jabatan.kode = kode
    jabatan.nama = nama.strip()
    jabatan.jenis = jenis
    jabatan.jenjang = jenjang
    jabatan.uraian_tugas = uraian_tugas.strip()
    jabatan.full_clean()
    jabatan.save()
    return jabatan


@transaction.atomic
def jabatan_delete(*, jabatan: Jabatan) -> None:
    """Delete a jabatan nobody holds; refused while a pegawai (active or not) still holds it."""
    jumlah = Pegawai.objects.filter(jabatan=jabatan).count()
    if jumlah:
        raise ValidationError(
            _(
                "Jabatan “%(nama)s” tidak dapat dihapus: masih dipangku oleh %(n)d pegawai. "
                "Ganti jabatan pegawai tersebut lebih dulu."
            )
            % {"nama": jabatan.nama, "n": jumlah},
            code="masih_dipakai",
        )
    try:
        jabatan.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Jabatan “%(nama)s” tidak dapat dihapus karena masih dipakai oleh data lain.") % {"nama": jabatan.nama},
            code="masih_dipakai",
        ) from None


# --- Pegawai ----------------------------------------------------------------------------------


def check_nip_free(*, nip: str, instansi: Instansi, exclude_pk: int | None) -> None:
    clash = Pegawai.objects.filter(nip=nip).exclude(pk=exclude_pk or 0).only("pk", "nama", "instansi_id").first()
    if clash is None:
        return
    if clash.instansi_id == instansi.pk:
        message = _("NIP %(nip)s sudah terdaftar atas nama %(nama)s.") % {"nip": nip, "nama": clash.nama}
    else:
        # Another instansi's pegawai: say no more than that the NIP is taken.
        message = _("NIP %(nip)s sudah terdaftar di instansi lain. Mutasi antarinstansi dilakukan oleh admin.") % {
            "nip": nip
        }
    raise ValidationError({"nip": message}, code="nip_terdaftar")


def check_atasan(*, pegawai_pk: int | None, instansi: Instansi, atasan: Pegawai | None) -> None:
    """Same instansi, not the pegawai themself, and no loop in the chain of atasan."""
    if atasan is None:
        return
    if atasan.instansi_id != instansi.pk:
        raise ValidationError({"atasan": _("Atasan harus pegawai instansi yang sama.")}, code="beda_instansi")
    if pegawai_pk is None:
        return
    if atasan.pk == pegawai_pk:
        raise ValidationError({"atasan": _("Pegawai tidak dapat menjadi atasan dirinya sendiri.")}, code="diri_sendiri")
    seen: set[int] = set()
    node: int | None = atasan.pk
    while node is not None:
        if node == pegawai_pk:
            raise ValidationError(
                {
                    "atasan": ValidationError(
                        _(
                            "%(nama)s adalah bawahan (langsung atau tidak langsung) pegawai ini, "
                            "sehingga tidak dapat menjadi atasannya."
                        ),
                        code="siklus",
                        params={"nama": atasan.nama_lengkap},
                    )
                }
            )
        if node in seen:
            raise ValidationError(
                {
                    "atasan": _("Rantai atasan di atas %(nama)s berputar. Perbaiki atasannya lebih dulu.")
                    % {"nama": atasan.nama_lengkap}
                },
                code="siklus",
            )
        seen.add(node)
        node = Pegawai.objects.filter(pk=node).values_list("atasan_id", flat=True).first()


def _check_username_free(*, username: str, own_user_id: int | None) -> None:
    if User.objects.filter(username=username).exclude(pk=own_user_id or 0).exists():
        raise ValidationError(
            {"nip": _("Sudah ada akun lain dengan nama pengguna %(nip)s. Hubungi admin.") % {"nip": username}},
            code="akun_terpakai",
        )


@transaction.atomic
def pegawai_create(
    *,
    instansi: Instansi,
    nip: str,
    nama: str,
    status: str,
    golongan: Golongan,
    gelar_depan: str = "",
    gelar_belakang: str = "",
    jabatan: Jabatan | None = None,
    unit_kerja: UnitKerja | None = None,
    atasan: Pegawai | None = None,
    tugas_belajar: bool = False,
    aktif: bool = True,
) -> Pegawai:
    """A new pegawai with their account (username = NIP, no usable password until an operator sets one)."""
    nip = nip_normalize(nip)
    check_nip_free(nip=nip, instansi=instansi, exclude_pk=None)
    _check_username_free(username=nip, own_user_id=None)
    check_atasan(pegawai_pk=None, instansi=instansi, atasan=atasan)
    pegawai = Pegawai(
        instansi=instansi,
        nip=nip,
        nama=nama.strip(),
        gelar_depan=gelar_depan.strip(),
        gelar_belakang=gelar_belakang.strip(),
        status=status,
        golongan=golongan,
        jabatan=jabatan,
        unit_kerja=unit_kerja,
        atasan=atasan,
        tugas_belajar=tugas_belajar,
        aktif=aktif,
    )
    pegawai.full_clean()
    user = User(username=nip, first_name=pegawai.nama[:150])
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    pegawai.user = user
    pegawai.save()
    return pegawai


@transaction.atomic
def pegawai_update(
    *,
    pegawai: Pegawai,
    nip: str,
    nama: str,
    status: str,
    golongan: Golongan,
    gelar_depan: str,
    gelar_belakang: str,
    jabatan: Jabatan | None,
    unit_kerja: UnitKerja | None,
    atasan: Pegawai | None,
    tugas_belajar: bool,
    aktif: bool,
    versi: int | None = None,
) -> Pegawai:
    """Change a pegawai; a new NIP renames the account's username when it was the old NIP.
    `versi` is the pegawai's version the edit form was opened on (None: unchecked)."""
    nip = nip_normalize(nip)
    instansi = pegawai.instansi
    stored = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    refuse_if_changed(
        stored,
        versi=versi,
        model=Pegawai,
        pk=pegawai.pk,
        changes=lambda: [_("data pegawai %(nama)s (NIP %(nip)s)") % {"nama": stored.nama_lengkap, "nip": stored.nip}],
        isian=[_("NIP %(nip)s, nama %(nama)s") % {"nip": nip, "nama": nama.strip()}],
    )
    old_nip = stored.nip
    user = User.objects.filter(pk=pegawai.user_id).first() if pegawai.user_id else None
    rename_account = user is not None and nip != old_nip and user.username == old_nip
    check_nip_free(nip=nip, instansi=instansi, exclude_pk=pegawai.pk)
    if rename_account:
        assert user is not None
        _check_username_free(username=nip, own_user_id=user.pk)
    check_atasan(pegawai_pk=pegawai.pk, instansi=instansi, atasan=atasan)
    pegawai.nip = nip
    pegawai.nama = nama.strip()
    pegawai.gelar_depan = gelar_depan.strip()
    pegawai.gelar_belakang = gelar_belakang.strip()
    pegawai.status = status
    pegawai.golongan = golongan
    pegawai.jabatan = jabatan
    pegawai.unit_kerja = unit_kerja
    pegawai.atasan = atasan
    pegawai.tugas_belajar = tugas_belajar
    pegawai.aktif = aktif
    pegawai.full_clean()
    pegawai.save()
    if user is not None:
        fields = []
        if rename_account:
            user.username = nip
            fields.append("username")
        if user.first_name != pegawai.nama[:150]:
            user.first_name = pegawai.nama[:150]
            fields.append("first_name")
        if fields:
            user.save(update_fields=fields)
        pegawai.user = user
    return pegawai
