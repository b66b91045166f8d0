"""Access tokens of the integration API: personal ones (act as their user) and system ones (act
within one instansi, limited to scopes). Only a SHA-256 of a token is stored; the token itself is
shown once, when it is made, and its prefix identifies it in lists afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisasi.models import Instansi


class Scope(models.TextChoices):
    ORGANISASI_READ = "organisasi:read", _("Baca data organisasi dan pegawai")
    ORGANISASI_SYNC = "organisasi:sync", _("Sinkronisasi pegawai (tulis)")
    EVALUASI_READ = "evaluasi:read", _("Baca evaluasi, rekap, angka kredit dan faktor TPP")


class BaseToken(models.Model):
    nama = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=16)
    secret_sha256 = models.CharField(_("SHA-256 token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired


class PersonalToken(BaseToken):
    """Acts as its user: the same data the user sees in the web pages, nothing more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("akun")
    )

    class Meta(BaseToken.Meta):
        verbose_name = _("token akses pribadi")
        verbose_name_plural = _("token akses pribadi")
        indexes = [models.Index(fields=["user", "-created_at"], name="personaltoken_user_created")]


class SystemToken(BaseToken):
    """For another system (SIASN sync, payroll, a dashboard): the whole instansi, only its scopes."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="system_tokens", verbose_name=_("instansi")
    )
    scopes = models.JSONField(_("cakupan"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    class Meta(BaseToken.Meta):
        verbose_name = _("token sistem")
        verbose_name_plural = _("token sistem")
        indexes = [models.Index(fields=["instansi", "-created_at"], name="systemtoken_instansi_created")]

    def scope_labels(self) -> list[str]:
        return [str(Scope(s).label) for s in self.scopes if s in Scope.values]
