from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ..access import require_operator


@login_required
def operator_home(request: HttpRequest) -> HttpResponse:
    scope = require_operator(request)
    return render(request, "organisasi/operator/home.html", {"active_menu": "operator", "scope": scope})


urlpatterns = [
    path("operator/", operator_home, name="operator_home"),
]
