from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ..access import get_own_pegawai


@login_required
def profil(request: HttpRequest) -> HttpResponse:
    pegawai = get_own_pegawai(request.user)
    return render(request, "organisasi/profil.html", {"active_menu": "profil", "pegawai": pegawai})


urlpatterns = [
    path("profil/", profil, name="profil"),
]
