from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. For a pegawai the username is their NIP; the person lives in organisasi.Pegawai."""

    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Diset saat operator membuat kata sandi sementara."),
    )

    class Meta:
        verbose_name = _("akun")
        verbose_name_plural = _("akun")

    def __str__(self) -> str:
        return self.username
