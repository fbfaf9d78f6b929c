"""Reporting a claim: the enrolment that protected the worker on the event date, the paid
months, the benefit due with its rules, the JKK deadlines (REGULATIONS.md §4, §5)."""

from datetime import date, time

import pytest

from lindungi.claims.models import Claim, ClaimStatus
from lindungi.claims.services.reporting import claim_confirm, claim_report
from lindungi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus

from .conftest import at, scope_of

JANUARY = date(2026, 1, 1)


def report(user, enrolment, **fields):
    fields.setdefault("type", "JKM")
    fields.setdefault("now", at(2026, 12, 22))
    return claim_report(actor=user, scope=scope_of(user), worker=enrolment.worker, **fields)


@pytest.fixture
def operator(demo_workers):
    return demo_workers["desa.cikeruh"]


@pytest.fixture
def member(enrol, village_program, cikeruh):
    """One Cikeruh worker, protected January to December 2026."""
    (enrolment,) = enrol(village_program, cikeruh, 1)
    assert enrolment.worker.category == "BPU"
    return enrolment


def test_jkm_for_a_member_with_12_paid_months_is_rp_42_million(
    operator, member, cikeruh, pay_months
):
    pay_months(cikeruh, JANUARY, 12)
    claim = report(operator, member, event_date=date(2026, 12, 20))
    assert claim.status == ClaimStatus.REPORTED
    assert claim.enrolment == member
    assert claim.months_paid == 12
    assert claim.benefit_total == 42_000_000
    assert [(part["name"], part["amount"]) for part in claim.benefit["components"]] == [
        ("santunan_sekaligus", 20_000_000),
        ("santunan_berkala", 12_000_000),
        ("biaya_pemakaman", 10_000_000),
    ]
    assert all(part["rule"] for part in claim.benefit["components"])
    event = AuditEvent.objects.get(action="claim.report")
    assert event.object_id == str(claim.pk)
    assert event.details["benefit_total"] == 42_000_000
    assert event.region_code == "32.11.15.2001"


def test_jkm_for_a_bpu_member_with_2_paid_months_is_rp_10_million(
    operator, member, cikeruh, pay_months
):
    # January to March billed, January and February paid: March is still owed on the 20th.
    pay_months(cikeruh, JANUARY, 3, paid=2)
    claim = report(operator, member, event_date=date(2026, 3, 20), now=at(2026, 3, 21))
    assert claim.months_paid == 2
    assert claim.benefit_total == 10_000_000
    assert claim.benefit["notes"] == ["bpu_short_membership"]
    assert [part["name"] for part in claim.benefit["components"]] == ["biaya_pemakaman"]


def test_months_paid_ahead_of_the_event_do_not_count(operator, member, cikeruh, pay_months):
    pay_months(cikeruh, JANUARY, 12)
    claim = report(operator, member, event_date=date(2026, 2, 14), now=at(2026, 2, 15))
    assert claim.months_paid == 2
    assert claim.benefit_total == 10_000_000


def test_an_event_outside_every_protected_period_is_refused_with_the_reason(operator, member):
    Enrolment.objects.filter(pk=member.pk).update(
        status=EnrolmentStatus.ENDED, last_month=date(2026, 6, 1), end_reason="period_over"
    )
    with pytest.raises(ValidationFailed) as refused:
        report(operator, member, event_date=date(2026, 8, 3), now=at(2026, 8, 4))
    assert refused.value.message == (
        "No enrolment protected the worker on that day: the enrolment held Jan\N{EN DASH}Jun "
        "2026; the event was on 3 Aug 2026"
    )
    assert refused.value.details["rule"] == "outside_protection"
    assert refused.value.code == "claim.not_protected"
    assert not Claim.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="claim.").exists()


def test_an_event_inside_an_ended_enrolment_is_claimed_on_it(operator, member):
    Enrolment.objects.filter(pk=member.pk).update(
        status=EnrolmentStatus.ENDED, last_month=date(2026, 6, 1), end_reason="died"
    )
    claim = report(operator, member, event_date=date(2026, 6, 30), now=at(2026, 7, 2))
    assert claim.enrolment_id == member.pk
    assert claim.months_paid == 0  # nothing was billed, let alone paid
    assert claim.benefit_total == 10_000_000


def test_an_enrolment_not_active_at_bpjs_yet_is_refused(operator, member):
    Enrolment.objects.filter(pk=member.pk).update(status=EnrolmentStatus.SENT)
    with pytest.raises(ValidationFailed, match="was not active at BPJS"):
        report(operator, member, event_date=date(2026, 3, 3), now=at(2026, 3, 4))


def test_a_worker_never_protected_is_refused(operator, member):
    Enrolment.objects.filter(pk=member.pk).update(status=EnrolmentStatus.CANCELLED, kpj="")
    with pytest.raises(ValidationFailed, match="no enrolment active at BPJS"):
        report(operator, member, event_date=date(2026, 3, 3), now=at(2026, 3, 4))


def test_an_event_in_the_future_is_refused(operator, member):
    with pytest.raises(ValidationFailed, match="in the future"):
        report(operator, member, event_date=date(2026, 12, 23), now=at(2026, 12, 22))


def test_a_work_accident_reported_after_48_hours_is_flagged_not_refused(operator, member):
    claim = report(
        operator,
        member,
        type="JKK",
        jkk_kind="care",
        event_date=date(2026, 3, 2),
        event_time=time(9, 0),
        now=at(2026, 3, 4, 9, 1),
    )
    assert claim.status == ClaimStatus.REPORTED
    assert claim.is_late is True
    assert claim.report_deadline == at(2026, 3, 4, 9, 0)
    assert claim.benefit_total is None
    assert claim.benefit["notes"] == ["care_in_kind"]
    assert AuditEvent.objects.get(action="claim.report").details["is_late"] is True


@pytest.mark.parametrize(
    ("event_time", "reported", "late"),
    [
        (time(9, 0), at(2026, 3, 4, 9, 0), False),
        (None, at(2026, 3, 4, 23, 0), False),  # the hour unknown: the end of the day counts
        (None, at(2026, 3, 5, 0, 1), True),
    ],
)
def test_the_48_hours_run_from_the_accident(operator, member, event_time, reported, late):
    claim = report(
        operator,
        member,
        type="JKK",
        jkk_kind="stmb",
        months_off=2,
        event_date=date(2026, 3, 2),
        event_time=event_time,
        now=reported,
    )
    assert claim.is_late is late


def test_stmb_pays_the_declared_income_for_the_months_off(operator, member):
    claim = report(
        operator,
        member,
        type="JKK",
        jkk_kind="stmb",
        months_off=3,
        event_date=date(2026, 3, 2),
        now=at(2026, 3, 3),
    )
    income = member.program.income_basis
    assert claim.benefit["income"] == income
    assert claim.benefit_total == 3 * income


def test_stmb_needs_the_months_off_work(operator, member):
    with pytest.raises(ValidationFailed) as refused:
        report(
            operator,
            member,
            type="JKK",
            jkk_kind="stmb",
            event_date=date(2026, 3, 2),
            now=at(2026, 3, 3),
        )
    assert refused.value.details["field"] == "months_off"


def test_a_work_accident_needs_its_kind(operator, member):
    with pytest.raises(ValidationFailed) as refused:
        report(operator, member, type="JKK", event_date=date(2026, 3, 2), now=at(2026, 3, 3))
    assert refused.value.details["field"] == "jkk_kind"


def test_death_from_a_work_accident_is_48_times_the_income_and_more(operator, member):
    claim = report(
        operator,
        member,
        type="JKK",
        jkk_kind="death",
        event_date=date(2026, 5, 5),
        now=at(2026, 5, 6),
    )
    parts = {part["name"]: part["amount"] for part in claim.benefit["components"]}
    assert parts["santunan_kematian"] == 48 * member.program.income_basis
    assert claim.benefit_total == sum(parts.values())
    assert claim.expires_on == date(2031, 5, 5)


def test_a_work_accident_older_than_5_years_is_refused(operator, member):
    with pytest.raises(ValidationFailed) as refused:
        report(
            operator,
            member,
            type="JKK",
            jkk_kind="care",
            event_date=date(2026, 3, 2),
            now=at(2031, 3, 3),
        )
    assert refused.value.details["rule"] == "jkk_expired"
    assert "expired on 2 Mar 2031" in refused.value.message
    on_the_last_day = report(
        operator,
        member,
        type="JKK",
        jkk_kind="care",
        event_date=date(2026, 3, 2),
        now=at(2031, 3, 2),
    )
    assert on_the_last_day.expires_on == date(2031, 3, 2)
    assert on_the_last_day.is_late is True


def test_the_jkm_scholarship_needs_3_years_of_contributions(operator, member):
    with pytest.raises(ValidationFailed, match="36 paid months"):
        report(operator, member, type="BEASISWA", event_date=date(2026, 5, 5), now=at(2026, 5, 6))


def test_the_jkk_scholarship_has_no_waiting_period(operator, member):
    claim = report(
        operator,
        member,
        type="BEASISWA",
        scholarship_route="JKK",
        children=1,
        event_date=date(2026, 5, 5),
        now=at(2026, 5, 6),
    )
    assert claim.benefit_total == 87_000_000


def test_a_worker_dies_once(operator, member):
    report(operator, member, event_date=date(2026, 5, 5), now=at(2026, 5, 6))
    with pytest.raises(Conflict) as duplicate:
        report(operator, member, event_date=date(2026, 5, 5), now=at(2026, 5, 6))
    assert duplicate.value.code == "claim.duplicate"
    with pytest.raises(Conflict) as second_death:
        report(
            operator,
            member,
            type="JKK",
            jkk_kind="death",
            event_date=date(2026, 5, 4),
            now=at(2026, 5, 6),
        )
    assert second_death.value.code == "claim.death_already_claimed"


def test_a_draft_is_computed_again_when_reported(operator, member, cikeruh, pay_months):
    draft = report(operator, member, event_date=date(2026, 3, 20), now=at(2026, 3, 21), draft=True)
    assert (draft.status, draft.benefit_total, draft.reported_at) == ("draft", 10_000_000, None)
    pay_months(cikeruh, JANUARY, 3)
    claim = claim_confirm(
        actor=operator, scope=scope_of(operator), claim=draft, now=at(2026, 3, 25)
    )
    assert (claim.status, claim.months_paid, claim.benefit_total) == ("reported", 3, 42_000_000)
    assert [
        e.action for e in AuditEvent.objects.filter(action__startswith="claim.").order_by("id")
    ] == ["claim.draft", "claim.report"]


def test_the_coordination_team_and_bpjs_do_not_report(demo_workers, member):
    for username in ("tim.koordinasi", "bpjs.sumedang"):
        with pytest.raises(PermissionDenied):
            report(demo_workers[username], member, event_date=date(2026, 5, 5))


def test_a_worker_of_another_village_or_regency_looks_missing(demo_workers, bandung, member):
    for user in (demo_workers["desa.gudang"], bandung["admin"], bandung["village"]):
        with pytest.raises(NotFound):
            report(user, member, event_date=date(2026, 5, 5))


def test_an_agency_operator_reports_only_for_the_workers_their_agency_protects(
    demo_workers, member
):
    with pytest.raises(NotFound):
        report(demo_workers["opd.dppkbp3a"], member, event_date=date(2026, 5, 5))


def test_the_admin_reports_for_any_worker_of_the_regency(demo_workers, member):
    claim = report(demo_workers["disnaker"], member, event_date=date(2026, 5, 5))
    assert claim.reporter_region_id == "32.11"
    assert claim.region_id == member.worker.village_id
