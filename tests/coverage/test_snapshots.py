"""Taking a month's snapshot: what counts as protected, the roll-up to every level, and why a
past month never moves."""

from datetime import date

import pytest

from lindungi.billing.models import Lapse
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.coverage.models import CoverageSnapshot, SnapshotRun
from lindungi.programs.models import Enrolment, EnrolmentStatus
from tests.coverage.conftest import FEBRUARY, JANUARY, MARCH, take


def headline(month: date, code: str) -> int | None:
    return (
        CoverageSnapshot.objects.filter(month=month, region_code=code, category="", sponsor_kind="")
        .values_list("protected", flat=True)
        .first()
    )


def test_every_level_adds_up_from_the_villages(protected):
    taken = take()
    assert taken.is_new
    assert (taken.run.protected, taken.run.villages) == (8, 2)
    expected = {
        "32.11.15.2001": 5,
        "32.11.11.2001": 3,
        "32.11.15": 5,
        "32.11.11": 3,
        "32.11": 8,
        "32": 8,
        "": 8,
    }
    assert {code: headline(JANUARY, code) for code in expected} == expected
    levels = dict(
        CoverageSnapshot.objects.filter(month=JANUARY, category="", sponsor_kind="").values_list(
            "region_code", "level"
        )
    )
    assert levels["32.11.15"] == "district"
    assert levels[""] == "national"
    cells = CoverageSnapshot.objects.filter(month=JANUARY, region_code="32.11")
    assert {(c.category, c.sponsor_kind): c.protected for c in cells} == {
        ("BPU", "DESA"): 8,
        ("BPU", ""): 8,
        ("", "DESA"): 8,
        ("", ""): 8,
    }
    assert cells.get(category="", sponsor_kind="").contributions == 8 * 16_800


def test_only_enrolments_bpjs_accepted_count_for_the_months_they_hold(
    enrol, village_program, cikeruh
):
    _active, ended, lapsed_unpaid, draft = enrol(village_program, cikeruh, 4)
    Enrolment.objects.filter(pk=ended.pk).update(status=EnrolmentStatus.ENDED, last_month=JANUARY)
    Enrolment.objects.filter(pk=lapsed_unpaid.pk).update(
        status=EnrolmentStatus.LAPSED, last_month=JANUARY
    )
    Lapse.objects.create(
        enrolment=lapsed_unpaid,
        lapsed_on=date(2026, 3, 1),
        oldest_unpaid_month=JANUARY,
        period_last_month=date(2026, 12, 1),
        created_at=ended.created_at,
    )
    Enrolment.objects.filter(pk=draft.pk).update(status=EnrolmentStatus.DRAFT, kpj="")
    take(JANUARY)
    take(FEBRUARY)
    # January: the active one and the one that ended after January; the lapsed one was never
    # paid and the draft was never accepted. February: only the active one.
    assert headline(JANUARY, "32.11.15.2001") == 2
    assert headline(FEBRUARY, "32.11.15.2001") == 1


def test_a_past_month_never_changes_when_enrolments_change_afterwards(
    protected, enrol, village_program, cikeruh
):
    take(JANUARY)
    # A late BPJS activation for January, and an ending, after January was taken.
    enrol(village_program, cikeruh, 2, skip=5)
    first = protected["cikeruh"][0]
    Enrolment.objects.filter(pk=first.pk).update(status=EnrolmentStatus.CANCELLED)
    again = take(JANUARY)
    assert not again.is_new
    take(FEBRUARY)
    assert headline(JANUARY, "32.11") == 8
    assert headline(FEBRUARY, "32.11") == 9  # 8 + 2 late - 1 cancelled
    assert SnapshotRun.objects.filter(month=JANUARY).count() == 1


def test_force_counts_the_month_again(protected, enrol, village_program, cikeruh, superuser):
    take(JANUARY)
    enrol(village_program, cikeruh, 2, skip=5)
    taken = take(JANUARY, actor=superuser, force=True)
    assert taken.is_new and taken.run.forced
    assert headline(JANUARY, "32.11") == headline(JANUARY, "") == 10
    assert SnapshotRun.objects.filter(month=JANUARY).count() == 1


def test_a_region_taken_first_is_kept_when_the_country_is_taken(
    protected, enrol, village_program, cikeruh, admin
):
    district = take(JANUARY, actor=admin, region_prefix="32.11.15")
    assert district.run.protected == 5
    assert headline(JANUARY, "32.11") is None  # above the district: not taken yet
    enrol(village_program, cikeruh, 2, skip=5)
    country = take(JANUARY)
    assert country.run.protected == 3  # Gudang only: Cikeruh's district was taken already
    assert headline(JANUARY, "32.11.15") == 5
    assert headline(JANUARY, "32.11") == headline(JANUARY, "") == 8
    assert not take(JANUARY, actor=admin, region_prefix="32.11.15").is_new


def test_forcing_a_region_inside_a_country_run_keeps_the_levels_above_consistent(
    protected, enrol, village_program, cikeruh, superuser
):
    take(JANUARY)
    enrol(village_program, cikeruh, 2, skip=5)
    take(JANUARY, actor=superuser, region_prefix="32.11.15", force=True)
    assert headline(JANUARY, "32.11.15.2001") == 7
    assert headline(JANUARY, "32.11.11.2001") == 3
    assert headline(JANUARY, "32.11") == headline(JANUARY, "32") == headline(JANUARY, "") == 10
    assert set(SnapshotRun.objects.values_list("region_code", flat=True)) == {"", "32.11.15"}


def test_each_snapshot_is_one_audit_event(protected, admin):
    take(JANUARY, actor=admin, region_prefix="32.11")
    take(JANUARY, actor=admin, region_prefix="32.11")  # already taken: no event
    events = AuditEvent.objects.filter(action="coverage.snapshot_taken")
    assert events.count() == 1
    (event,) = events
    assert (event.actor_id, event.region_code) == (admin.pk, "32.11")
    assert event.details["protected"] == 8


def test_a_month_not_started_is_refused(protected):
    with pytest.raises(ValidationFailed):
        take(date(2026, 4, 1))
    assert take(MARCH).run.protected == 8


def test_only_admins_take_snapshots_and_only_of_their_region(demo_workers, bandung):
    with pytest.raises(PermissionDenied):
        take(JANUARY, actor=demo_workers["desa.cikeruh"], region_prefix="32.11.15.2001")
    with pytest.raises(PermissionDenied):
        take(JANUARY, actor=bandung["admin"], region_prefix="32.11")
    with pytest.raises(PermissionDenied):
        take(JANUARY, actor=demo_workers["disnaker"])  # the whole country
    with pytest.raises(PermissionDenied):
        take(JANUARY, actor=demo_workers["disnaker"], region_prefix="32.11", force=True)
    assert not SnapshotRun.objects.exists()
