"""The integration API v1: `/api/v1/`, its OpenAPI document at `/api/v1/openapi.json` and the
interactive docs at `/api/v1/docs`."""

from __future__ import annotations

from ninja import NinjaAPI

from .auth import TokenAuth, UserSessionAuth
from .errors import install_error_handlers
from .routers import organisasi, pelaksanaan, penilaian, perencanaan

api = NinjaAPI(
    title="Kinerja ASN API",
    version="1.0.0",
    description=(
        "API integrasi Kinerja ASN: data organisasi dan pegawai (sinkronisasi SIASN), perencanaan, realisasi, "
        "evaluasi, rekap, angka kredit dan faktor TPP untuk penggajian. Autentikasi: `Authorization: Bearer <token>` "
        "(token pribadi dari Profil, atau token sistem dari operator). Semua galat berbentuk "
        '`{"detail": …, "code": …}`.\n\n'
        "Integration API of Kinerja ASN: organisation and employee data (SIASN sync), planning, realisation, "
        "evaluations, summaries, credit points and TPP factors for payroll. Authenticate with "
        "`Authorization: Bearer <token>` (a personal token from Profil, or a system token from the operator). "
        'Every error is `{"detail": …, "code": …}`.'
    ),
    auth=[TokenAuth(), UserSessionAuth()],
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/", organisasi.router)
api.add_router("/", perencanaan.router)
api.add_router("/", pelaksanaan.router)
api.add_router("/", penilaian.router)
