from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Load-testing helpers (synthetic data); no models."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
