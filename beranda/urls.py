from django.urls import path

from . import views

app_name = "beranda"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("perilaku-skp/", views.not_yet_available, {"key": "perilaku_skp"}, name="perilaku_skp"),
    path("monitoring/", views.not_yet_available, {"key": "monitoring"}, name="monitoring"),
]
