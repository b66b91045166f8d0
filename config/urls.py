from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.api import api
from beranda.views import healthz

admin.site.site_header = _("Administrasi Kinerja ASN")
admin.site.site_title = _("Kinerja ASN")
admin.site.index_title = _("Administrasi")

handler500 = "beranda.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("audit.urls")),
    path("", include("organisasi.urls")),
    path("", include("perencanaan.urls")),
    path("", include("pelaksanaan.urls")),
    path("", include("penilaian.urls")),
    path("dokumen/", include("dokumen.urls")),
    path("api/v1/", api.urls),
    path("", include("api.urls")),
    path("", include("beranda.urls")),
]
