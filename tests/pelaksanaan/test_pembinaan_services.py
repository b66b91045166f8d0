"""pembinaan_add: bimbingan/konseling kinerja by the pejabat penilai; every refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from pelaksanaan.models import Pembinaan
from pelaksanaan.services.pembinaan import MAX_CATATAN, MAX_TINDAK_LANJUT, pembinaan_add
from perencanaan.models import Skp, StatusSkp
from tests.kinerja_world import Kinerja


def add(kinerja: Kinerja, **kwargs: Any) -> Pembinaan:
    args: dict[str, Any] = {
        "skp": kinerja.skp,
        "jenis": "bimbingan",
        "tanggal": dt.date(2026, 3, 5),
        "catatan": "Membahas keterlambatan dokumen rencana.",
        "tindak_lanjut": "Pendampingan mingguan.",
        "by": kinerja.kabid.user,
    }
    args.update(kwargs)
    return pembinaan_add(**args)


@pytest.mark.parametrize("jenis", ["bimbingan", "konseling"])
def test_pejabat_penilai_records_pembinaan(kinerja: Kinerja, jenis: str) -> None:
    p = add(kinerja, jenis=jenis, catatan="  Catatan  ", tindak_lanjut="")
    assert p.jenis == jenis and p.dicatat_oleh == kinerja.kabid and p.catatan == "Catatan" and p.tindak_lanjut == ""
    assert p.dibuat_pada is not None


def test_a_correction_is_a_new_record(kinerja: Kinerja) -> None:
    first = add(kinerja)
    second = add(kinerja, catatan="Koreksi: tanggal pertemuan 5 Maret.")
    assert Pembinaan.objects.count() == 2 and first.pk != second.pk
    first.refresh_from_db()
    assert first.catatan == "Membahas keterlambatan dokumen rencana."


@pytest.mark.parametrize("who", ["staf", "staf2", "jpt", "operator", "outsider", "stranger"])
def test_only_the_pejabat_penilai(kinerja: Kinerja, who: str) -> None:
    with pytest.raises(ValidationError, match="pejabat penilai"):
        add(kinerja, by=getattr(kinerja.plan, who).user)
    admin = User.objects.create_superuser("admin-pb", password="Rahasia-123")
    with pytest.raises(ValidationError, match="pejabat penilai"):
        add(kinerja, by=admin)
    assert not Pembinaan.objects.exists()


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.DIAJUKAN, StatusSkp.DIREVISI])
def test_refused_on_an_skp_not_in_force(kinerja: Kinerja, status: str) -> None:
    Skp.objects.filter(pk=kinerja.skp.pk).update(status=status)
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        add(kinerja, skp=Skp.objects.get(pk=kinerja.skp.pk))
    assert not Pembinaan.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"jenis": "teguran"}, "jenis"),
        ({"jenis": ""}, "jenis"),
        ({"tanggal": dt.date(2025, 12, 31)}, "tanggal"),
        ({"tanggal": dt.date(2027, 1, 1)}, "tanggal"),
        ({"catatan": ""}, "catatan"),
        ({"catatan": " \n "}, "catatan"),
        ({"catatan": "c" * (MAX_CATATAN + 1)}, "catatan"),
        ({"tindak_lanjut": "t" * (MAX_TINDAK_LANJUT + 1)}, "tindak_lanjut"),
    ],
)
def test_refusals(kinerja: Kinerja, kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        add(kinerja, **kwargs)
    assert field in exc.value.message_dict
    assert not Pembinaan.objects.exists()


def test_date_in_the_future_is_refused(kinerja: Kinerja) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        add(kinerja, tanggal=tomorrow)
    assert "masa depan" in exc.value.message_dict["tanggal"][0]
