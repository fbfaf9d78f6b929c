"""Reading the registry, always within the reader's scope."""

from collections.abc import Mapping
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Expression, F, Q, QuerySet
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope, below_q
from lindungi.regions.codes import regency_of
from lindungi.workers.models import DuplicateCandidate, Worker
from lindungi.workers.permissions import sees_own_registrations_only
from lindungi.workers.search import search_parse


def _visible(scope: Scope, prefix: str = "") -> Q:
    """Region roles see the workers living in their region; an OPD operator the workers their
    agency registered; an ASN the workers they registered themselves. `prefix` names the worker
    from another table (`"first__"`), so that a join, not a list of ids, applies the scope."""
    visible = scope.personal_q(prefix + "village__code")
    if sees_own_registrations_only(scope):
        visible &= Q(**{prefix + "added_by_id": scope.user_id})
    elif scope.agency_id is not None:
        visible &= Q(**{prefix + "added_by__agency_id": scope.agency_id})
    return visible


def worker_list(
    *, scope: Scope, search: str = "", village: str | None = None, where: Q | None = None
) -> QuerySet[Worker]:
    """Workers in scope; `search` is a whole NIK, its masked form or part of a name; `where` a
    condition a higher app adds (programs' protection status: `web.parts.Column`)."""
    workers = Worker.objects.filter(_visible(scope), search_q(search)).select_related("village")
    if where is not None:
        workers = workers.filter(where)
    if village:
        workers = workers.filter(village_id=village)
    return workers.order_by("name", "nik")


def search_q(search: str, worker: str = "") -> Q:
    """The filter of a search text on workers (`worker` = `"worker__"` from a table pointing
    at them): a whole NIK, the masked form's visible ends, part of a name; other digits match
    nothing (`workers.search`: no search by part of a NIK)."""
    term = search_parse(search)
    if term.nik:
        return Q(**{worker + "nik": term.nik})
    if term.prefix:
        return Q(**{worker + "nik__startswith": term.prefix, worker + "nik__endswith": term.suffix})
    if term.nothing:
        return Q(pk__in=[])
    if term.name:
        return Q(**{worker + "name__icontains": term.name})
    return Q()


def worker_page(
    *,
    scope: Scope,
    search: str = "",
    village: str | None = None,
    where: Q | None = None,
    columns: Mapping[str, Expression] | None = None,
    offset: int = 0,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """One page of `worker_list` as plain rows (pk, name, nik, category, village_name, and each
    of `columns`, values a higher app computes per row in the same query). The page is chosen
    by ids alone, read from the village/name index without the table's rows, and only its rows
    are read and joined (and their `columns` computed): the list page under load spent more on
    reading and building every worker of the regency than on anything else (BENCHMARKS.md)."""
    found = worker_list(scope=scope, search=search, village=village, where=where)
    page = found.values("pk")[offset : offset + limit]
    rows = (
        Worker.objects.filter(pk__in=page)
        .order_by("name", "nik")
        .values("pk", "name", "nik", "category", village_name=F("village__name"), **(columns or {}))
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
    """Candidate pairs of which the reader can see both workers, the most alike first. The scope
    is a join on each worker (an `IN` list of every visible worker took minutes at 23,000
    pairs), and the pair's regency narrows the queue first through its index."""
    candidates = DuplicateCandidate.objects.filter(
        _regencies(scope), _visible(scope, "first__"), _visible(scope, "second__"), status=status
    )
    return candidates.select_related("first__village", "second__village").order_by(
        "-similarity", "id"
    )


def _regencies(scope: Scope) -> Q:
    """The pairs of the regencies a scope touches (a pair lies in one regency)."""
    if scope.region_codes is None:
        return Q()
    return reduce(
        or_,
        (
            Q(regency_code=regency_of(code)) if regency_of(code) else below_q("regency_code", code)
            for code in scope.region_codes
        ),
        Q(pk__in=[]),
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
