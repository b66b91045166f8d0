from django.urls import URLPattern, URLResolver

app_name = "perencanaan"

# Each views module owns its routes; this file only puts them together.
urlpatterns: list[URLPattern | URLResolver] = []
