from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelaksanaanConfig(AppConfig):
    name = "pelaksanaan"
    verbose_name = _("Pelaksanaan kinerja")
