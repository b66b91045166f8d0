from django.urls import path

from . import views

app_name = "beranda"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("perjanjian-kinerja/", views.not_yet_available, {"key": "perjanjian_kinerja"}, name="perjanjian_kinerja"),
    path("skp/", views.not_yet_available, {"key": "skp_saya"}, name="skp_saya"),
    path("matriks-peran-hasil/", views.not_yet_available, {"key": "matriks_peran_hasil"}, name="matriks_peran_hasil"),
    path("skp-bawahan/", views.not_yet_available, {"key": "skp_bawahan"}, name="skp_bawahan"),
    path("perilaku-skp/", views.not_yet_available, {"key": "perilaku_skp"}, name="perilaku_skp"),
    path("monitoring/", views.not_yet_available, {"key": "monitoring"}, name="monitoring"),
]
