"""Error pages a person understands: 400, 403, 404 and 500 in the product's layout, with the
reason when there is one (a refusal's message) and a way back, in production and with DEBUG on.

Django's handlers (`config/urls.py`: handler400 … handler500, and `CSRF_FAILURE_VIEW`) call the
views below; `ErrorPagesMiddleware` renders the same pages where Django would not call them:
with DEBUG on (a 404 is Django's technical page there), and for a domain refusal a view let
through (`core.errors.NotFound`, `core.errors.PermissionDenied`). Under `/api/` the answer is
the API's JSON error; to an htmx request, a small fragment to swap in; the 500 page needs
neither the database nor the signed-in user (it may be what failed)."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lindungi.core import errors

logger = logging.getLogger(__name__)

API_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}


class ErrorPage(HttpResponse):
    """An error page of ours (the middleware leaves it as it is)."""


def _titles() -> dict[int, str]:
    return {
        400: _("The request cannot be read"),
        403: _("Not allowed"),
        404: _("Page not found"),
        500: _("Something went wrong on our side"),
    }


def _explanations() -> dict[int, str]:
    return {
        400: _("The page received something it cannot read. Go back and try again."),
        403: _("Your role does not open this page or do this."),
        404: _(
            "The address does not exist, or what it names is outside your area. Check the "
            "address, or go back."
        ),
        500: _(
            "The error is recorded. Try again in a moment; if it happens again, tell the "
            "regional admin what you were doing."
        ),
    }


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _back_url(request: HttpRequest) -> str:
    """The page the reader came from, when it is one of ours and not this one."""
    referer = str(request.META.get("HTTP_REFERER", ""))
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a host Django refuses (DisallowedHost) names no way back
        return ""
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer.endswith(request.get_full_path()) else referer


def error_page(request: HttpRequest, status: int, reason: str = "") -> HttpResponse:
    """The error page for `status`, with `reason` (a refusal's own message) when there is one."""
    if is_api(request):
        message = reason or _titles()[status]
        return JsonResponse(
            {"code": API_CODES[status], "message": message, "details": {}}, status=status
        )
    context = {
        "status": status,
        "title": _titles()[status],
        "explanation": _explanations()[status],
        "reason": reason,
        "back": _back_url(request),
    }
    fragment = request.headers.get("HX-Request") == "true"
    template = "web/_error.html" if fragment else "web/error.html"
    return ErrorPage(loader.render_to_string(template, context, request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler400`: a request Django could not read (a malformed body, a refused host)."""
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler403`: a refusal, with its message (`PermissionDenied(message)`) as the reason."""
    reason = str(exception) if isinstance(exception, PermissionDenied) else ""
    return error_page(request, 403, reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """`handler404`: no such page, or an object outside the reader's scope (the same answer)."""
    return error_page(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: a form sent from a stale page (or another site)."""
    return error_page(
        request,
        403,
        _(
            "This form has expired (the page was open too long, or you signed in again "
            "meanwhile). Reload the page and send it again."
        ),
    )


MINIMAL_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Lindungi</title></head><body><main><h1>{title}</h1><p>{explanation}</p>"
    '<p><a href="/">Lindungi</a></p></main></body></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a page that needs no database, no signed-in user and no context processor
    (any of them may be what failed); the bare minimum if even the template fails."""
    if is_api(request):
        return error_page(request, 500)
    context = {
        "title": _titles()[500],
        "explanation": _explanations()[500],
        "home": "/",
        "home_label": _("Home page"),
    }
    try:
        context["home"] = reverse("web:home")
        content = loader.get_template("web/500.html").render(context)
    except Exception:
        logger.exception("The 500 page could not be rendered")
        content = MINIMAL_500.format(
            title=escape(context["title"]), explanation=escape(context["explanation"])
        )
    return ErrorPage(content, status=500)


class ErrorPagesMiddleware:
    """The product's error pages where Django's handlers are not called: a view's domain
    refusal it did not turn into a page (`NotFound`, `PermissionDenied`), an `Http404` with
    DEBUG on, and with DEBUG on a 404 of an address no page has (Django's technical page).
    A 500 with DEBUG on stays Django's technical page (the developer wants the traceback)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not isinstance(response, ErrorPage)
            and not is_api(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_api(request):
            return None
        if isinstance(exception, errors.NotFound | Http404):
            return page_not_found(request, exception)
        if isinstance(exception, errors.PermissionDenied):
            return error_page(request, 403, exception.message)
        return None
