"""Being written (issue 4); the routes exist so that links across the pages resolve."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def _pending(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("keberatan/", _pending, name="keberatan_list"),
    path("evaluasi/<int:pk>/keberatan/", _pending, name="keberatan_ajukan"),
    path("evaluasi/<int:pk>/dokumen/", _pending, name="dokumen_evaluasi"),
]
