"""The pages of contributions, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.contributions.web import views

urlpatterns: list[URLPattern] = [
    path("simulasi-iuran/", views.contribution_simulation, name="simulasi_iuran"),
]
