"""Being written (issue 4); the routes exist so that links across the pages resolve."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def _pending(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("skp/<int:pk>/realisasi/", _pending, name="realisasi"),
    path("bukti/<int:pk>/unduh/", _pending, name="bukti_unduh"),
]
