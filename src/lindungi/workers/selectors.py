"""Reading the registry, always within the reader's scope."""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from lindungi.accounts.roles import Role
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.workers.models import DuplicateCandidate, Worker


def _visible(scope: Scope) -> Q:
    """Region roles see the workers living in their region; an OPD operator the workers their
    agency registered; an ASN the workers they registered themselves."""
    visible = scope.personal_q("village__code")
    if scope.role == Role.ASN:
        visible &= Q(added_by_id=scope.user_id)
    elif scope.agency_id is not None:
        visible &= Q(added_by__agency_id=scope.agency_id)
    return visible


def worker_list(*, scope: Scope, search: str = "", village: str | None = None) -> QuerySet[Worker]:
    """Workers in scope; `search` is a NIK (or its start) or part of a name."""
    workers = Worker.objects.filter(_visible(scope)).select_related("village")
    text = " ".join(search.split())
    if text.isdigit():
        workers = workers.filter(nik__startswith=text)
    elif text:
        workers = workers.filter(name__icontains=text)
    if village:
        workers = workers.filter(village_id=village)
    return workers.order_by("name", "nik")


def worker_page(
    *, scope: Scope, search: str = "", village: str | None = None, offset: int = 0, limit: int = 50
) -> list[dict[str, Any]]:
    """One page of `worker_list` as plain rows (pk, name, nik, category, village_name). The page
    is chosen by ids alone, read from the village/name index without the table's rows, and
    only its rows are read and joined: the list page under load spent more on reading and
    building every worker of the regency than on anything else (BENCHMARKS.md)."""
    found = worker_list(scope=scope, search=search, village=village)
    page = found.values("pk")[offset : offset + limit]
    rows = (
        Worker.objects.filter(pk__in=page)
        .order_by("name", "nik")
        .values("pk", "name", "nik", "category", village_name=F("village__name"))
    )
    return [dict(row) for row in rows]


def worker_get(*, scope: Scope, worker_id: int) -> Worker:
    """One worker in scope; missing and out-of-scope workers raise the same `NotFound`."""
    worker = worker_list(scope=scope).filter(pk=worker_id).first()
    if worker is None:
        raise NotFound(_("Worker not found"), id=worker_id)
    return worker


def duplicate_list(
    *, scope: Scope, status: str = DuplicateCandidate.Status.OPEN
) -> QuerySet[DuplicateCandidate]:
    """Candidate pairs of which the reader can see both workers."""
    visible = worker_list(scope=scope)
    return (
        DuplicateCandidate.objects.filter(status=status, first__in=visible, second__in=visible)
        .select_related("first__village", "second__village")
        .order_by("-similarity", "id")
    )


def duplicate_get(*, scope: Scope, candidate_id: int) -> DuplicateCandidate:
    candidate = (
        duplicate_list(scope=scope, status=DuplicateCandidate.Status.OPEN)
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None:
        raise NotFound(_("Possible duplicate not found"), id=candidate_id)
    return candidate
