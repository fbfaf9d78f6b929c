"""The pages of compliance, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
