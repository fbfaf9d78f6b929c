"""The pages of regions, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.regions.web import views

urlpatterns: list[URLPattern] = [
    path("wilayah/", views.regions, name="regions"),
    path("wilayah/cari/", views.regions_search, name="regions_search"),
    path("wilayah/pilih-desa/", views.village_options, name="village_options"),
    path("wilayah/<str:code>/", views.regions, name="region"),
]
