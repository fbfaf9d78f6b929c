"""Coverage's background work: the monthly snapshot."""

from typing import Any

from django.utils import timezone
from django_tasks import task

from lindungi.core.months import add_months, month_start, parse_month
from lindungi.coverage.services import snapshot_take


@task()
def coverage_snapshot_task(
    month: str | None = None, region: str | None = None, force: bool = False
) -> dict[str, Any]:
    """Once a month (and from `lindungi coverage snapshot`): take last month's snapshot of the
    whole country as the system. `month` (YYYY-MM or an ISO date) catches up on a missed month;
    `region` limits it to a region and below; `force` counts a month already taken again.
    Taking a month already taken changes nothing (`is_new` false)."""
    if month:
        asked = parse_month(month)
        if asked is None:
            raise ValueError(f"Not a month: {month} (use YYYY-MM)")
        wanted = asked
    else:
        wanted = add_months(month_start(timezone.localdate()), -1)
    taken = snapshot_take(month=wanted, actor=None, region_prefix=region or None, force=force)
    run = taken.run
    return {
        "month": run.month.isoformat(),
        "region": run.region_code,
        "is_new": taken.is_new,
        "taken_at": run.taken_at.isoformat(),
        "villages": run.villages,
        "protected": run.protected,
        "rows": run.rows,
        "seconds": run.seconds,
    }
