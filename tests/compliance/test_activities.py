import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.selectors import (
    activity_get,
    activity_list,
    activity_outcome,
    activity_outcomes,
)
from lindungi.core.errors import ValidationFailed
from lindungi.programs.models import Enrolment
from lindungi.regions.selectors import region_get

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")
CIKERUH, GUDANG = "32.11.15.2001", "32.11.11.2001"


def _created(sponsor_q: dict, count: int, when: dt.datetime, status: str | None = None) -> None:
    """Move `count` untouched enrolments of the sponsor to a creation time."""
    ids = list(
        Enrolment.objects.filter(**sponsor_q, created_at__year=2025).values_list("pk", flat=True)[
            :count
        ]
    )
    assert len(ids) == count
    changes: dict = {"created_at": when}
    if status:
        changes["status"] = status
    Enrolment.objects.filter(pk__in=ids).update(**changes)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA)


def test_an_activity_counts_the_enrolments_of_its_audience_within_60_days(
    demo_full, sumedang, django_assert_num_queries
):
    Enrolment.objects.update(created_at=_at(dt.date(2025, 1, 1)))
    held = dt.date(2026, 3, 1)
    cikeruh = {"sponsor__kind": "DESA", "sponsor__region_id": CIKERUH}
    gudang = {"sponsor__kind": "DESA", "sponsor__region_id": GUDANG}
    dppkbp3a = {"sponsor__kind": "OPD", "sponsor__agency__code": "dppkbp3a"}
    _created(cikeruh, 5, _at(held + dt.timedelta(days=4)))  # counted
    _created(cikeruh, 1, _at(held + dt.timedelta(days=5)), status="cancelled")  # not counted
    _created(cikeruh, 3, _at(dt.date(2026, 5, 15)))  # 75 days after: too late
    _created(cikeruh, 2, _at(dt.date(2026, 2, 27)))  # before the activity
    _created(dppkbp3a, 4, _at(dt.date(2026, 4, 30), hour=23))  # the 60th day, Jakarta time
    _created(gudang, 7, _at(held + dt.timedelta(days=3)))  # a village that did not attend
    admin = demo_full["disnaker"]
    scope = scope_for_user(admin)
    activity = activity_create(
        actor=admin,
        scope=scope,
        region=sumedang,
        kind="sosialisasi",
        title="Sosialisasi 1 Desa Melindungi 100 Pekerja Rentan",
        held_on=held,
        place="Aula Desa Cikeruh",
        organiser="Disnakertrans",
        villages=[region_get(code=CIKERUH)],
        agencies=[Agency.objects.get(region_id="32.11", code="dppkbp3a")],
        workers_present=80,
        asn_present=12,
        attendance=95,
    )
    activity = activity_get(scope=scope, activity_id=activity.pk)
    with django_assert_num_queries(1):
        outcome = activity_outcome(activity)
    assert outcome.enrolments == 9
    assert outcome.end == dt.date(2026, 4, 30)


def test_an_activity_reaches_only_villages_of_its_regency(demo, sumedang):
    admin = demo["disnaker"]
    with pytest.raises(ValidationFailed) as refused:
        activity_create(
            actor=admin,
            scope=scope_for_user(admin),
            region=sumedang,
            kind="fgd",
            title="FGD",
            held_on=dt.date(2026, 3, 1),
            villages=[region_get(code="32.04.05.2001")],
        )
    assert refused.value.details["field"] == "villages"


def test_the_outcomes_of_many_activities_come_in_one_query(
    demo_full, sumedang, django_assert_num_queries
):
    """Each activity its own audience and window, counted together."""
    Enrolment.objects.update(created_at=_at(dt.date(2025, 1, 1)))
    cikeruh = {"sponsor__kind": "DESA", "sponsor__region_id": CIKERUH}
    gudang = {"sponsor__kind": "DESA", "sponsor__region_id": GUDANG}
    _created(cikeruh, 5, _at(dt.date(2026, 3, 5)))  # A's window only
    _created(gudang, 7, _at(dt.date(2026, 3, 4)))  # before B: not counted
    active = Enrolment.objects.filter(
        sponsor__kind="DESA", status="active", sponsor__region__code__startswith="32.11."
    ).exclude(sponsor__region_id=CIKERUH)
    village = active.values_list("sponsor__region_id", flat=True).first()
    active_q = {"sponsor__kind": "DESA", "sponsor__region_id": village, "status": "active"}
    _created(active_q, 2, _at(dt.date(2026, 5, 20)))  # B's, and active
    _created(cikeruh, 3, _at(dt.date(2026, 5, 21)))  # after A's window, and not B's audience
    admin = demo_full["disnaker"]
    scope = scope_for_user(admin)

    def held(day: dt.date, villages: list[str]):
        return activity_create(
            actor=admin,
            scope=scope,
            region=sumedang,
            kind="fgd",
            title=f"FGD {day}",
            held_on=day,
            villages=[region_get(code=code) for code in villages],
        )

    a = held(dt.date(2026, 3, 1), [CIKERUH])
    b = held(dt.date(2026, 5, 1), [GUDANG, village])
    c = held(dt.date(2026, 5, 2), [])  # no audience recorded: nothing to count
    activities = list(activity_list(scope=scope))
    with django_assert_num_queries(1):
        outcomes = activity_outcomes(activities)
    active_a = Enrolment.objects.filter(created_at=_at(dt.date(2026, 3, 5)), status="active")
    assert {pk: (o.enrolments, o.active) for pk, o in outcomes.items() if pk >= a.pk} == {
        a.pk: (5, active_a.count()),
        b.pk: (2, 2),
        c.pk: (0, 0),
    }
    assert outcomes[b.pk].end == dt.date(2026, 6, 30)
    assert all(outcomes[x.pk] == activity_outcome(x) for x in activities)
