"""Answers that Django gives before the API sees a request — an unknown address under /api/v1/
(404) or a method the address does not take (405) — in the API's error body too."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

PREFIX = "/api/v1/"


class ApiErrorBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code not in (404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 404:
            body = {"detail": _("Alamat API tidak dikenal."), "code": "not_found"}
        else:
            body = {"detail": _("Metode ini tidak diterima pada alamat ini."), "code": "method_not_allowed"}
        replacement = HttpResponse(json.dumps(body), status=response.status_code, content_type="application/json")
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement
