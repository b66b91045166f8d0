from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenilaianConfig(AppConfig):
    name = "penilaian"
    verbose_name = _("Penilaian kinerja")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from perencanaan.models import Skp

        from .forms_rekap import forget_skp_years

        # The year list of the reports caches each instansi's SKP years (penilaian.forms_rekap).
        post_save.connect(forget_skp_years, sender=Skp, dispatch_uid="penilaian_forget_skp_years")
