"""The REST API at `/api/v1/`: one router per app, domain errors rendered in one place."""

import logging
from importlib import import_module
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from lindungi.api.auth import AUTH
from lindungi.config.apps import DOMAIN_APPS
from lindungi.core.errors import DomainError

logger = logging.getLogger(__name__)

ERROR_SCHEMA = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}


class LindungiAPI(NinjaAPI):
    """The answers the framework gives to any operation, documented on every operation they
    can come from: 422 when the input does not match its schema, 400 when a body cannot be
    read at all, 401 without a session or token. Routes declare their own (403, 404, 409)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(
                        "422", {"description": "Invalid input", "content": ERROR_SCHEMA}
                    )
                if operation.get("requestBody"):
                    responses.setdefault(
                        "400", {"description": "Unreadable body", "content": ERROR_SCHEMA}
                    )
                if operation.get("security"):
                    responses.setdefault(
                        "401", {"description": "Not signed in", "content": ERROR_SCHEMA}
                    )
        return schema


class ObjectBodies(Parser):
    """A JSON body is an object, as every operation's body schema is: Django Ninja would read
    a list as an object with no field set (a PATCH of `[null]` changing nothing, answered 200).
    Anything else is a body that cannot be read (400)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        return data


api = LindungiAPI(
    parser=ObjectBodies(),
    title="Lindungi API",
    version="1",
    description=(
        "Jamsostek protection for vulnerable workers. Authenticate with a session (browser, "
        "with CSRF) or `Authorization: Bearer <token>` from `lindungi create-token USERNAME`. "
        "Objects outside your scope answer 404, exactly as missing ones do."
    ),
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": error.code, "message": error.message, "details": error.details},
        status=error.http_status,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    """No session and no valid bearer token, whatever the method: 401 in the API's shape."""
    response = api.create_response(
        request,
        {
            "code": "unauthenticated",
            "message": _("Sign in, or send a valid bearer token"),
            "details": {},
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RequestInvalid)
def request_invalid(request: HttpRequest, error: RequestInvalid) -> HttpResponse:
    """Requests that do not match the schema answer in the same shape as domain errors."""
    fields = sorted({str(problem["loc"][-1]) for problem in error.errors if problem.get("loc")})
    return api.create_response(
        request,
        {
            "code": "validation_failed",
            "message": _("The request is invalid: %(fields)s") % {"fields": ", ".join(fields)},
            "details": {"errors": error.errors},
        },
        status=422,
    )


HTTP_ERROR_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 429: "throttled"}


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """The framework's own refusals (a body that is not JSON, too many requests) in the API's
    error shape rather than Django Ninja's `{"detail": …}`."""
    status = error.status_code
    message = _("The request cannot be read") if status == 400 else error.message
    return api.create_response(
        request,
        {"code": HTTP_ERROR_CODES.get(status, "error"), "message": message, "details": {}},
        status=status,
    )


@api.exception_handler(Http404)
def http_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(
        request, {"code": "not_found", "message": _("Not found"), "details": {}}, status=404
    )


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    """A bug: logged with its traceback, answered in the API's error shape, never with the
    exception's text (it can name tables, paths or values)."""
    logger.exception("Unexpected error in %s %s", request.method, request.path, exc_info=error)
    return server_error_json()


def server_error_json() -> HttpResponse:
    return JsonResponse(
        {"code": "server_error", "message": _("Something went wrong on our side"), "details": {}},
        status=500,
    )


@csrf_exempt  # it changes nothing, whatever the method
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /api/ answers in the API's own shape, never an HTML page."""
    return JsonResponse({"code": "not_found", "message": _("Not found"), "details": {}}, status=404)


# Every domain app's router (`<app>/api`), in layer order. Added here rather than in
# `config/urls.py`: whoever imports the API (its OpenAPI document, a test) gets all of it, and
# django-ninja refuses a router added after its URLs were generated.
for _app in DOMAIN_APPS:
    api.add_router("", import_module(f"lindungi.{_app}.api").router)
