from .views import capaian, evaluasi, keberatan, monitoring, pengaturan, rekap

app_name = "penilaian"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [
    *evaluasi.urlpatterns,
    *capaian.urlpatterns,
    *keberatan.urlpatterns,
    *rekap.urlpatterns,
    *monitoring.urlpatterns,
    *pengaturan.urlpatterns,
]
