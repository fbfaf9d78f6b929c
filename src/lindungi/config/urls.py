from django.contrib import admin
from django.urls import include, path, re_path

from lindungi.api.api import api, not_found

handler400 = "lindungi.api.api.bad_request"
handler500 = "lindungi.api.api.server_error"

admin.site.site_header = "Lindungi"
admin.site.site_title = "Lindungi"

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),  # any other address, a newline in it too
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("", include("lindungi.web.urls")),
]
