"""Every address of Lindungi. The shell (`web/`, `api/`) serves the home, sign-in, the audit trail
and the public pages; each domain app serves its own pages (`<app>/web/urls.py`, under the `web`
namespace) and its own API (`<app>/api`, a router under `/api/v1/`)."""

from importlib import import_module

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from lindungi.api.api import api, not_found
from lindungi.config.domain import DOMAIN_APPS
from lindungi.web import urls as shell

handler400 = "lindungi.api.api.bad_request"
handler500 = "lindungi.api.api.server_error"

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
