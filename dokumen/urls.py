from .views import evaluasi_forms, massal, perencanaan_forms, skp_forms

app_name = "dokumen"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [
    *perencanaan_forms.urlpatterns,
    *skp_forms.urlpatterns,
    *evaluasi_forms.urlpatterns,
    *massal.urlpatterns,
]
