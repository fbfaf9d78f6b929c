"""The product's addresses and one that fails, for the 500 page's tests (`pytest.mark.urls`)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from lindungi.config.urls import (  # noqa: F401 - Django reads the handlers from the urlconf
    handler400,
    handler403,
    handler404,
    handler500,
)
from lindungi.config.urls import urlpatterns as product


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret table name and /srv/path")


urlpatterns = [path("rusak/", broken), *product]
