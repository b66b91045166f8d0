from .views import impor, operator, operator_akun, operator_pegawai, profil

app_name = "organisasi"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [
    *profil.urlpatterns,
    *operator.urlpatterns,
    *operator_pegawai.urlpatterns,
    *operator_akun.urlpatterns,
    *impor.urlpatterns,
]
