"""Eligibility: the pure rules, and the SQL filter of the enrolment page agreeing with them."""

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.months import add_months, months_between
from lindungi.programs.eligibility import Candidate, Rules, age_on, refusals
from lindungi.programs.selectors import candidates
from lindungi.programs.services.enrolling import candidate_of, rules_of
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker

VILLAGE = Rules(
    categories=("BPU",),
    min_age=18,
    max_age=65,
    must_live_in_sponsor_village=True,
    poverty_rule="required",
    region_code="32.11",
)


def person(**changes) -> Candidate:
    values = {
        "category": "BPU",
        "birth_date": date(1980, 5, 1),
        "village_code": "32.11.15.2001",
        "in_p3ke": True,
        "in_dtks": False,
    }
    return Candidate(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({}, []),
        ({"category": "PU"}, ["category"]),
        ({"birth_date": date(2008, 1, 2)}, ["too_young"]),
        ({"birth_date": date(2008, 1, 1)}, []),  # 18 on the first day of the month
        ({"birth_date": date(1960, 1, 1)}, ["too_old"]),  # 66
        ({"birth_date": date(1960, 1, 2)}, []),  # 65
        ({"village_code": "32.11.11.2001"}, ["other_village"]),
        ({"village_code": "32.04.05.2001"}, ["outside_region"]),
        ({"in_p3ke": False}, ["not_listed"]),
        ({"in_p3ke": False, "in_dtks": True}, []),
        ({"is_duplicate": True, "category": "PMI"}, ["duplicate", "category"]),
    ],
)
def test_each_rule_is_named(changes, codes):
    found = refusals(
        VILLAGE, person(**changes), on=date(2026, 1, 1), sponsor_village="32.11.15.2001"
    )
    assert [reason.code for reason in found] == codes


def test_reasons_read_as_sentences():
    (reason,) = refusals(
        VILLAGE, person(birth_date=date(1950, 6, 1)), on=date(2026, 1, 1), sponsor_village=None
    )
    assert reason.text() == "75 years old, older than 65"


def _birthday(birth: date, year: int) -> date:
    """A 29 February birthday falls on 1 March in other years."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2020, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_age_counts_birthdays_passed(birth, on):
    assume(birth <= on)
    passed = sum(1 for year in range(birth.year + 1, on.year + 1) if _birthday(birth, year) <= on)
    assert age_on(birth, on) == passed


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 1)), st.integers(0, 40))
def test_month_arithmetic(start, count):
    first = start.replace(day=1)
    last = add_months(first, count)
    assert last.day == 1
    assert months_between(first, last) == count + 1


def test_the_enrolment_page_lists_exactly_the_workers_the_rules_accept(demo, make_user):
    """Birth dates around every age boundary (29 February included), every category, listed or
    not, inside and outside the village: the SQL filter and the pure rules agree on each one."""
    admin = demo["disnaker"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2028,
        poverty_rule="required",
        start_month=date(2028, 3, 1),
    )
    sponsor = sponsor_create(
        actor=admin,
        scope=scope_for_user(admin),
        kind="DESA",
        name="Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
    )
    chooser = random.Random(7)
    first_month = date(2028, 3, 1)
    edges = [
        date(2010, 3, 1),
        date(1962, 3, 2),
        date(2010, 2, 28),
        date(2010, 3, 2),
        date(1962, 3, 1),
        date(2008, 2, 29),
        date(1963, 2, 28),
    ]
    births = edges + [
        date(1955, 1, 1) + timedelta(days=chooser.randrange(0, 365 * 60)) for _ in range(150)
    ]
    now = timezone.now()
    rows = []
    for index, born in enumerate(births):
        village = chooser.choice(["32.11.15.2001", "32.11.15.2001", "32.11.11.2001"])
        rows.append(
            Worker(
                nik=f"3211{index:012d}",
                name=f"Orang {index}",
                name_normalised=f"ORANG {index}",
                birth_date=born,
                sex="L",
                village_id=village,
                province_code="32",
                category=chooser.choice(["BPU", "BPU", "PU", "PMI"]),
                in_p3ke=chooser.random() < 0.5,
                in_dtks=chooser.random() < 0.3,
                created_at=now,
                updated_at=now,
            )
        )
    Worker.objects.bulk_create(rows)
    listed = set(
        candidates(
            scope=scope_for_user(admin), program=program, sponsor=sponsor, first_month=first_month
        ).values_list("nik", flat=True)
    )
    rules = rules_of(program)
    accepted = {
        worker.nik
        for worker in Worker.objects.filter(nik__in=[row.nik for row in rows])
        if not refusals(
            rules, candidate_of(worker), on=first_month, sponsor_village=sponsor.region_id
        )
    }
    assert listed == accepted
    assert 10 < len(accepted) < len(rows)
