from .views import bawahan, matriks, pk, rencana, skp, skp_sections, skp_sections_aksi

app_name = "perencanaan"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [
    *pk.urlpatterns,
    *skp.urlpatterns,
    *rencana.urlpatterns,
    *skp_sections.urlpatterns,
    *skp_sections_aksi.urlpatterns,
    *matriks.urlpatterns,
    *bawahan.urlpatterns,
]
