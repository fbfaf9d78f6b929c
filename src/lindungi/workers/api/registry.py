"""`/api/v1/workers`: the registry, within the caller's scope."""

import datetime as dt
from functools import partial
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, left_out
from lindungi.api.versions import expected_version, stale_shows_current
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.masking import mask_nik, mask_phone
from lindungi.core.versioning import MAX_VERSION
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get
from lindungi.web.parts import columns
from lindungi.workers.api.search import SearchIn, SearchText, name_only, searched
from lindungi.workers.importing.messages import describe
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_get, worker_list
from lindungi.workers.services import worker_create, worker_update, workers_reveal

router = Router(tags=["workers"])


class WorkerOut(Schema):
    id: int
    nik: str
    name: str
    birth_date: dt.date | None  # only when revealed; otherwise the year alone
    birth_year: int
    sex: str
    village_code: str
    village_name: str
    address: str
    phone: str
    occupation: str
    income: int | None
    category: str
    in_p3ke: bool
    in_dtks: bool
    desil: int | None
    version: int  # send it back with a PATCH (or as `If-Match`) to refuse a stale edit
    # active, proposed, ended or unprotected (programs' rule: `programs.protection`); absent
    # from the answer of a write
    protection: str | None = None

    @staticmethod
    def resolve_protection(worker: Worker) -> str | None:
        return getattr(worker, "protection", None)

    @staticmethod
    def resolve_nik(worker: Worker, context: dict[str, Any]) -> str:
        return worker.nik if _revealed(context) else mask_nik(worker.nik)

    @staticmethod
    def resolve_phone(worker: Worker, context: dict[str, Any]) -> str:
        return worker.phone if _revealed(context) else mask_phone(worker.phone)

    @staticmethod
    def resolve_birth_date(worker: Worker, context: dict[str, Any]) -> dt.date | None:
        return worker.birth_date if _revealed(context) else None

    @staticmethod
    def resolve_birth_year(worker: Worker) -> int:
        return worker.birth_date.year

    @staticmethod
    def resolve_village_code(worker: Worker) -> str:
        return worker.village_id

    @staticmethod
    def resolve_village_name(worker: Worker) -> str:
        return worker.village.name


class WorkerIn(Schema):
    nik: str
    name: str
    village_code: str
    birth_date: dt.date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    occupation: str = ""
    income: int | None = None
    category: str = "BPU"
    in_p3ke: bool = False
    in_dtks: bool = False
    desil: int | None = None


class WorkerPatch(Schema):
    # Left out, a field stays as it is; null only empties the two that may be empty.
    name: str = left_out()
    village_code: str = left_out()
    birth_date: dt.date = left_out()
    sex: str = left_out()
    address: str = left_out()
    phone: str = left_out()
    occupation: str = left_out()
    income: int | None = None
    category: str = left_out()
    in_p3ke: bool = left_out()
    in_dtks: bool = left_out()
    desil: int | None = None
    # The version the change was made on (or an `If-Match` header): a worker changed since
    # answers 409 with the worker as it now is. Without it, only the fields sent change.
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION)


@router.get(
    "/workers",
    response={200: list[WorkerOut], 422: ErrorOut},
    summary="Workers in your scope; `search` is part of a name (by NIK: POST /workers/search)",
)
@paginate
def workers_list(
    request: HttpRequest,
    search: SearchText = "",
    village: str | None = None,
    protection: str | None = None,
) -> object:
    return _with_columns(
        worker_list(
            scope=scope_for_user(request.user),
            search=name_only(search, "/api/v1/workers/search"),
            village=village,
            where=_chosen({"protection": protection or ""}),
        )
    )


def _chosen(values: dict[str, str]) -> Q:
    """The condition of the other apps' filters (`protection=active`); an unknown value is
    refused rather than ignored."""
    where = Q()
    for column in columns("worker"):
        value = values.get(column.key, "")
        if not value:
            continue
        if value not in dict(column.choices):
            raise ValidationFailed(
                _("Choose one of: %(choices)s") % {"choices": ", ".join(dict(column.choices))},
                field=column.key,
            )
        where &= column.where(value)
    return where


def _with_columns(workers: QuerySet[Worker]) -> QuerySet[Worker]:
    """Workers with the values the other apps add (each worker's `protection`), computed in
    the same query for the page's rows only."""
    return workers.annotate(**{column.key: column.value() for column in columns("worker")})


class WorkerSearchIn(SearchIn):
    village: str | None = None


@router.post(
    "/workers/search",
    response={200: list[WorkerOut], 422: ErrorOut},
    summary="Workers in your scope found by a whole NIK, its masked form or a name; a search by "
    "NIK is recorded",
)
@paginate
def workers_search(request: HttpRequest, payload: WorkerSearchIn) -> object:
    return _with_columns(
        worker_list(
            scope=scope_for_user(request.user),
            search=searched(request, payload.search, "api workers"),
            village=payload.village,
        )
    )


@router.get(
    "/workers/{int:worker_id}",
    response={200: WorkerOut, 403: ErrorOut, 404: ErrorOut},
    summary="One worker; `reveal=true` shows the full NIK and phone, and is recorded",
)
def workers_get(request: HttpRequest, worker_id: int, reveal: bool = False) -> Worker:
    scope = scope_for_user(request.user)
    worker = worker_get(scope=scope, worker_id=worker_id)
    if reveal:
        workers_reveal(actor=_actor(request), scope=scope, workers=[worker], purpose="api")
        request.lindungi_reveal = True  # type: ignore[attr-defined]
    return _with_columns(worker_list(scope=scope).filter(pk=worker.pk)).get()


def _village(code: str) -> Region:
    """The village a request names; an unknown code is invalid input (422), not a 404."""
    try:
        return region_get(code=code)
    except NotFound as error:
        raise ValidationFailed(
            describe("village", "unknown_village"), field="village_code"
        ) from error


def _actor(request: HttpRequest) -> User:
    """The signed-in user of an operation behind the API's authentication."""
    return cast(User, request.user)


def _revealed(context: dict[str, Any] | None) -> bool:
    """Whether this response may carry full NIKs: only after `workers_reveal` recorded it."""
    request = (context or {}).get("request")
    return bool(getattr(request, "lindungi_reveal", False))


@router.post(
    "/workers",
    response={201: WorkerOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a worker",
)
def workers_create(request: HttpRequest, payload: WorkerIn) -> Status[Worker]:
    fields = payload.dict()
    village = _village(fields.pop("village_code"))
    worker = worker_create(
        actor=_actor(request), scope=scope_for_user(request.user), village=village, **fields
    )
    return Status(201, worker)


@router.patch(
    "/workers/{int:worker_id}",
    response={200: WorkerOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a worker's details (not the NIK); only the fields sent change",
)
def workers_update(request: HttpRequest, worker_id: int, payload: WorkerPatch) -> Worker:
    scope = scope_for_user(request.user)
    worker = worker_get(scope=scope, worker_id=worker_id)
    changes = payload.dict(exclude_unset=True)
    changes.pop("version", None)
    if "village_code" in changes:
        changes["village"] = _village(changes.pop("village_code"))
    current = partial(worker_get, scope=scope, worker_id=worker_id)
    with stale_shows_current(request, WorkerOut, current):
        return worker_update(
            actor=_actor(request),
            scope=scope,
            worker=worker,
            expected_version=expected_version(request, payload.version),
            **changes,
        )
