from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("operator/riwayat/", views.riwayat_instansi, name="riwayat_instansi"),
    path("operator/pegawai/<int:pk>/riwayat/", views.riwayat_pegawai, name="riwayat_pegawai"),
    path("operator/riwayat/<str:model>/<str:pk>/", views.riwayat_objek, name="riwayat_objek"),
]
