"""The REST API at `/api/v1/`: one router per app, domain errors rendered in one place."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid

from lindungi.api import accounts, billing, calculator, coverage, programs, regions, workers
from lindungi.api.auth import AUTH
from lindungi.api.claims import router as claims_router
from lindungi.api.compliance import router as compliance_router
from lindungi.api.matching import router as matching_router
from lindungi.core.errors import DomainError

api = NinjaAPI(
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
api.add_router("", regions.router)
api.add_router("", accounts.router)
api.add_router("", calculator.router)
api.add_router("", workers.router)
api.add_router("", programs.router)
api.add_router("", billing.router)
api.add_router("", matching_router)
api.add_router("", coverage.router)
api.add_router("", claims_router)
api.add_router("", compliance_router)


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


@csrf_exempt  # it changes nothing, whatever the method
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other address under /api/ answers in the API's own shape, never an HTML page."""
    return JsonResponse({"code": "not_found", "message": _("Not found"), "details": {}}, status=404)
