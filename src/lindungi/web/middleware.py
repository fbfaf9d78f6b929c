"""Middleware of our own: security headers Django 5.2 does not set, and the users' language."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# No inline scripts or styles anywhere: every script is a vendored or own static file.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class LanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user chose English with the language switch.

    Django's own middleware follows the browser's Accept-Language, and many office computers run
    an English browser: the users' language is Bahasa Indonesia whatever their browser says.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


NUL_ESCAPES = re.compile(r"%00|\x00", re.IGNORECASE)


class NulByteMiddleware:
    """No NUL character reaches the database (PostgreSQL refuses them in text and would answer
    with a server error). Query strings and form posts lose them; a JSON body holding one is
    refused with the API's 422. Found by schemathesis."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if NUL_ESCAPES.search(query):
            request.GET = QueryDict(NUL_ESCAPES.sub("", query))
        if request.method in {"POST", "PUT", "PATCH"}:
            if request.content_type == "application/json" and (
                b"\\u0000" in request.body or b"\x00" in request.body
            ):
                return JsonResponse(
                    {
                        "code": "validation_failed",
                        "message": translation.gettext("The request contains a NUL character"),
                        "details": {},
                    },
                    status=422,
                )
            if request.content_type == "application/x-www-form-urlencoded" and NUL_ESCAPES.search(
                request.body.decode("latin-1")
            ):
                request.POST = QueryDict(NUL_ESCAPES.sub("", request.body.decode()))
        return self.get_response(request)
