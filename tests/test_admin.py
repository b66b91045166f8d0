import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from organisasi.demo import seed_organisasi

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "organisasi", "perencanaan", "pelaksanaan", "penilaian", "dokumen"}


def project_models():
    return [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_in_the_admin() -> None:
    from django.apps import apps

    registered = set(project_models())
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.auto_created:
                continue
            assert model in registered, f"{model.__name__} is missing from the admin"


def test_admin_pages_render_with_search_and_filters(client: Client) -> None:
    cast = seed_organisasi()
    assert cast.admin is not None
    client.force_login(cast.admin)
    for model in project_models():
        opts = model._meta
        model_admin = admin.site._registry[model]
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist, {"q": "a"} if model_admin.search_fields else {})
        assert response.status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        # Records that are never changed (evidence, evaluations …) have no add page.
        assert client.get(add).status_code == (200 if model_admin.has_add_permission(_request(cast.admin)) else 403)
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change


def _request(user):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_admin_is_closed_to_a_pegawai(client: Client) -> None:
    cast = seed_organisasi()
    client.force_login(cast.pegawai["pranata_komputer"].user)
    response = client.get(reverse("admin:organisasi_pegawai_changelist"))
    assert response.status_code == 302
