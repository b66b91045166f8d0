from .views import impor, operator, profil

app_name = "organisasi"

# Each views module owns its routes; this file only puts them together.
urlpatterns = [*profil.urlpatterns, *operator.urlpatterns, *impor.urlpatterns]
