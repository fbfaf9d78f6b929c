"""The home page's count of the registered workers in the reader's area, and for those who
review the registry the possible duplicates waiting for a decision."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.core.scopes import Scope
from lindungi.web.parts import HomeCard, QueueItem, queue_card
from lindungi.workers.permissions import may_write_workers, sees_own_registrations_only
from lindungi.workers.selectors import duplicate_list, worker_list
from lindungi.workers.web.duplicates import MAX_COUNTED


def cards(scope: Scope) -> list[HomeCard]:
    if not scope.reads_personal_data or (scope.region_codes is not None and not scope.region_codes):
        return []
    # One pass over the scope's workers for both figures.
    workers = worker_list(scope=scope).aggregate(
        total=Count("pk"), poorest=Count("pk", filter=Q(in_p3ke=True) | Q(desil__lte=2))
    )
    found = [HomeCard(30, "workers/_home_workers.html", {"workers": workers})]
    if may_write_workers(scope) and not sees_own_registrations_only(scope):
        # Counted as the review page counts them: past MAX_COUNTED, "more than".
        pairs = duplicate_list(scope=scope)[: MAX_COUNTED + 1].count()
        item = QueueItem(
            "duplicates",
            min(pairs, MAX_COUNTED),
            ngettext(
                "possible duplicate pair to decide", "possible duplicate pairs to decide", pairs
            ),
            reverse("web:duplicates"),
            capped=pairs > MAX_COUNTED,
        )
        found += queue_card(8, _("Worker registry"), [item], "workers")
    return found
