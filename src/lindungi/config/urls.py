"""Every address of Lindungi. The shell (`web/`, `api/`) serves the home, sign-in, the audit trail
and the public pages; each domain app serves its own pages (`<app>/web/urls.py`, under the `web`
namespace) and its own API (`<app>/api`, a router that `api/api.py` adds under `/api/v1/`)."""

from importlib import import_module

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from lindungi.api.api import api, not_found
from lindungi.config.apps import DOMAIN_APPS
from lindungi.web import urls as shell

# The product's error pages (the API's JSON errors under /api/): `web/errors.py`.
handler400 = "lindungi.web.errors.bad_request"
handler403 = "lindungi.web.errors.permission_denied"
handler404 = "lindungi.web.errors.page_not_found"
handler500 = "lindungi.web.errors.server_error"

admin.site.site_header = "Lindungi"
admin.site.site_title = "Lindungi"


pages: list[URLPattern | URLResolver] = list(shell.urlpatterns)
for app in DOMAIN_APPS:
    pages += import_module(f"lindungi.{app}.web.urls").urlpatterns

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),  # any other address, a newline in it too
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", include((pages, "web"))),
]
