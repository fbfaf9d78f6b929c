"""What the home page shows each role: their scope, its regions, and the shortcuts they use."""

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.selectors.accounts import sponsor_dues
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level
from lindungi.regions.selectors import (
    region_ancestors,
    region_counts_within,
    region_get,
    villages_per_district,
)
from lindungi.workers.selectors import worker_list

# Who sees the regency's arrears on their home page: whoever calls the sponsors before their
# workers lapse.
ARREARS_READERS = {Role.ADMIN_PEMDA, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI}


ARREARS_SECONDS = 60
REGION_SECONDS = 600  # the region list changes when it is reloaded, a few times a year


def _key(part: str, scope: Scope) -> str:
    return f"dashboard:{part}:" + ",".join(scope.region_codes or ("*",))


def _arrears(scope: Scope) -> dict[str, Any]:
    overdue = overdue_sponsors(scope=scope)
    return {
        "sponsors": len(overdue),
        "owed": sum(item.owed for item in overdue),
        "workers": sum(item.workers for item in overdue),
        "first": overdue[:5],
    }


def dashboard_for(user: User) -> dict[str, Any]:
    scope = scope_for_user(user)
    context: dict[str, Any] = {"scope": scope, "region": None}
    if scope.region_codes is None or scope.region_codes:
        # One pass over the scope's workers for both figures.
        context["workers"] = worker_list(scope=scope).aggregate(
            total=Count("pk"), poorest=Count("pk", filter=Q(in_p3ke=True) | Q(desil__lte=2))
        )
    context["dues"] = sponsor_dues(scope=scope)
    if scope.role in ARREARS_READERS or user.is_superuser:
        # A summary: the arrears page (`/tunggakan/`) is always current, this at most a minute
        # behind (computing it on every visit halved the home page's throughput).
        context["overdue"] = cache.get_or_set(
            _key("arrears", scope), lambda: _arrears(scope), ARREARS_SECONDS
        )
    if not scope.region_codes:
        return context
    # The area's regions and figures change when the region list is reloaded: one cache read.
    code = scope.region_codes[0]
    area: dict[str, Any] = cache.get_or_set(  # type: ignore[assignment]
        _key("area", scope), lambda: _area(code), REGION_SECONDS
    )
    context.update(region=area["region"], ancestors=area["ancestors"], counts=area["counts"])
    if area["districts"] is not None:
        context["chart"] = {
            "type": "bar",
            "labels": [name for name, _ in area["districts"]],
            "series": [
                {"label": str(_("Villages")), "data": [total for _, total in area["districts"]]}
            ],
        }
    return context


def _area(code: str) -> dict[str, Any]:
    region = region_get(code=code)
    return {
        "region": region,
        "ancestors": region_ancestors(region=region),
        "counts": region_counts_within(code=code),
        "districts": villages_per_district(code=code)
        if region.level in {Level.REGENCY, Level.PROVINCE}
        else None,
    }
