from .views import operator_tokens, profil_tokens

app_name = "api"

urlpatterns = [
    *profil_tokens.urlpatterns,
    *operator_tokens.urlpatterns,
]
