"""The home page's count of the registered workers in the reader's area."""

from django.db.models import Count, Q

from lindungi.core.scopes import Scope
from lindungi.web.parts import HomeCard
from lindungi.workers.selectors import worker_list


def cards(scope: Scope) -> list[HomeCard]:
    if scope.region_codes is not None and not scope.region_codes:
        return []
    # One pass over the scope's workers for both figures.
    workers = worker_list(scope=scope).aggregate(
        total=Count("pk"), poorest=Count("pk", filter=Q(in_p3ke=True) | Q(desil__lte=2))
    )
    return [HomeCard(10, "workers/_home_workers.html", {"workers": workers})]
