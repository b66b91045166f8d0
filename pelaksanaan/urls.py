from .views import perilaku, periode, realisasi, umpan_balik

app_name = "pelaksanaan"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [
    *periode.urlpatterns,
    *realisasi.urlpatterns,
    *umpan_balik.urlpatterns,
    *perilaku.urlpatterns,
]
