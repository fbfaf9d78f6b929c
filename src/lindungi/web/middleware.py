"""Middleware of our own: security headers Django 5.2 does not set, and the users' language."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from lindungi.web.errors import error_page

if TYPE_CHECKING:  # the stubs' type of a request's GET and POST
    from django.http.request import _ImmutableQueryDict

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


class NoStoreWhenSignedInMiddleware:
    """Nothing answered to a signed-in user (by session or bearer token) is kept by a browser,
    a shared office computer's cache or a proxy: pages and API answers with personal data,
    exports and downloads alike. Static files (served before this, by WhiteNoise) and the
    public pages seen anonymously keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Read after the view: a bearer token signs the user in inside the API's view.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not request.path.startswith(f"/{settings.STATIC_URL.strip('/')}/"):
            add_never_cache_headers(response)
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
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _without_nul(query: QueryDict) -> "_ImmutableQueryDict":
    """`query` with every NUL character taken out of its names and values."""
    cleaned = QueryDict(mutable=True)
    for name, values in query.lists():
        cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cast("_ImmutableQueryDict", cleaned)


def _refused(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """A refusal in the API's error shape for the API, the product's error page for a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "details": {}}, status=status)
    return error_page(request, status if status in {403, 404} else 400, message)


class NulByteMiddleware:
    """No NUL character reaches the database (PostgreSQL refuses them in text and would answer
    with a server error). A page's query string and form fields lose them (whatever bytes a
    form post holds: Django decodes it, replacing what is not UTF-8); the API refuses a query
    string holding one with its 422, as its schema says; any other body holding one (JSON,
    or JSON sent as `text/plain`, which the API reads all the same) is refused with the API's
    422. A body Django cannot read (a multipart body without its boundary, one too large) is
    a 400.
    Found by schemathesis and an outside audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL_ESCAPES.search(request.META.get("QUERY_STRING", "")):
            if request.path.startswith("/api/"):  # its schema refuses them: so does the API
                return _refused(
                    request,
                    422,
                    "validation_failed",
                    translation.gettext("The request contains a NUL character"),
                )
            request.GET = _without_nul(request.GET)
        try:
            if request.method == "POST" and request.content_type in FORM_TYPES:
                request.POST = _without_nul(request.POST)
            elif request.method in {"POST", "PUT", "PATCH", "DELETE"} and (
                request.content_type not in FORM_TYPES
                and (b"\\u0000" in request.body or b"\x00" in request.body)
            ):
                return _refused(
                    request,
                    422,
                    "validation_failed",
                    translation.gettext("The request contains a NUL character"),
                )
        except (MultiPartParserError, SuspiciousOperation):
            # A multipart body without its boundary, a body above the size Django reads.
            return _refused(
                request,
                400,
                "bad_request",
                translation.gettext("The request cannot be read: it is malformed or too large"),
            )
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A user given a temporary password (`User.must_change_password`) chooses their own before
    anything else: every page leads to the password page (an htmx request is told to go there),
    the API answers 403 to their session. Signing out and the language switch stay open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        target = reverse("web:password_change")
        if request.path in {target, reverse("web:logout")} or request.path.startswith(
            (f"/{settings.STATIC_URL.strip('/')}/", "/i18n/")
        ):
            return self.get_response(request)
        message = translation.gettext("Choose your own password first")
        if request.path.startswith("/api/"):
            return _refused(request, 403, "password_change_required", message)
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
