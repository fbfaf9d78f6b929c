"""Reading the audit trail: only for roles that audit, and only their region's events.

An event belongs to a region through its own region code or, for events without one (sign-ins,
exports), through the region of the user who acted.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.core.errors import PermissionDenied
from lindungi.core.models import AuditEvent
from lindungi.core.scopes import Scope, below_q


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_list(
    *,
    scope: Scope,
    since: date | None = None,
    until: date | None = None,
    action: str = "",
    actor: str = "",
    region: str = "",
    object_type: str = "",
    object_id: str = "",
) -> QuerySet[AuditEvent]:
    """Events newest first; `action` matches a prefix (`worker.` = every worker event),
    `actor` a username, `region` a region code and everything below it."""
    if not scope.may_audit:
        raise PermissionDenied(_("Your role does not read the audit trail"))
    events = AuditEvent.objects.select_related("actor")
    if not scope.is_nationwide:
        events = events.filter(
            scope.region_q("region_code") | scope.region_q("actor__region__code")
        )
    if since:
        events = events.filter(occurred_at__gte=_start_of(since))
    if until:
        events = events.filter(occurred_at__lt=_start_of(until + timedelta(days=1)))
    if action.strip():
        events = events.filter(action__startswith=action.strip())
    if actor.strip():
        events = events.filter(actor__username=actor.strip())
    if region.strip():
        code = region.strip()
        events = events.filter(Q(region_code=code) | below_q("region_code", code))
    if object_type.strip():
        events = events.filter(object_type=object_type.strip())
    if object_id.strip():
        events = events.filter(object_id=object_id.strip())
    return events.order_by("-occurred_at", "-id")
