"""The program year: opening next year's programs for the regency in one step, a village
confirming its part with its village meeting's decision, renewing a sponsor's enrolments in
bulk (with every exclusion and its reason) and the continuity guarantee."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.models import AuditEvent
from lindungi.programs.models import (
    EndReason,
    Enrolment,
    EnrolmentStatus,
    Participation,
    ParticipationStatus,
    Program,
)
from lindungi.programs.selectors import (
    continuity_gap_count,
    continuity_gap_enrolments,
    continuity_gaps,
)
from lindungi.programs.services.continuity import enrolment_continue, enrolments_renew
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.transitions import enrolment_end, enrolments_verify
from lindungi.programs.services.year import participation_confirm, year_open
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker

DECEMBER = date(2026, 12, 7)
JANUARY = date(2027, 1, 1)


def _open(admin, year=2027):
    return year_open(
        actor=admin, scope=scope_for_user(admin), region=region_get(code="32.11"), year=year
    )


def _confirm(user, participation, number="141/01/Musdes/XII/2026", day=date(2026, 12, 3)):
    return participation_confirm(
        actor=user,
        scope=scope_for_user(user),
        participation=participation,
        decision_number=number,
        decision_date=day,
        today=DECEMBER,
    )


def _renew(user, sponsor, **options):
    return enrolments_renew(
        actor=user,
        scope=scope_for_user(user),
        sponsor=sponsor,
        year=2027,
        today=DECEMBER,
        **options,
    )


def test_opening_the_year_drafts_next_years_programs_and_participations_once(
    admin, demo_workers, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, cikeruh, 3)
    enrol(village_program, gudang, 2)
    opened = _open(admin)
    assert (opened.programs_created, opened.participations_created) == (1, 2)
    program = Program.objects.get(year=2027)
    assert (program.template, program.name, program.quota_per_sponsor) == (
        "desa_100",
        "1 Desa Melindungi 100 Pekerja Rentan 2027",
        100,
    )
    drafts = Participation.objects.filter(program=program)
    assert {p.sponsor_id for p in drafts} == {cikeruh.pk, gudang.pk}
    assert {p.status for p in drafts} == {ParticipationStatus.DRAFT}
    assert {p.previous_id for p in drafts} == {village_program.pk}
    event = AuditEvent.objects.get(action="program.year_open")
    assert event.details["participations_created"] == 2
    # Twice: nothing new, and it says what it kept.
    again = _open(admin)
    assert (again.programs_created, again.programs_kept) == (0, 1)
    assert (again.participations_created, again.participations_kept) == (0, 2)
    assert Program.objects.filter(year=2027).count() == 1
    assert Participation.objects.count() == 2


def test_opening_the_year_takes_a_bounded_number_of_queries(
    admin, demo_workers, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, cikeruh, 2)
    with CaptureQueriesContext(connection) as few:
        _open(admin)
    enrol(village_program, gudang, 2)
    Participation.objects.all().delete()
    Program.objects.filter(year=2027).delete()
    with CaptureQueriesContext(connection) as more:
        _open(admin)
    assert len(more) == len(few)


def test_only_the_admin_opens_a_year_and_only_a_year_with_programs_to_continue(
    admin, demo_workers, village_program
):
    with pytest.raises(PermissionDenied):
        _open(demo_workers["desa.cikeruh"])
    with pytest.raises(InvalidState, match="nothing to continue"):
        _open(admin, year=2031)


def test_a_village_confirms_its_program_with_its_musdes_decision_and_then_enrols(
    admin, demo_workers, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, cikeruh, 1)
    enrol(village_program, gudang, 1)
    _open(admin)
    program = Program.objects.get(year=2027)
    operator = demo_workers["desa.cikeruh"]
    worker = Worker.objects.filter(village_id="32.11.15.2001").exclude(enrolments__isnull=False)[0]

    def enrol_one():
        return enrolments_create(
            actor=operator,
            scope=scope_for_user(operator),
            program=program,
            sponsor=cikeruh,
            workers=[worker],
            today=DECEMBER,
        )

    with pytest.raises(InvalidState, match="not confirmed"):
        enrol_one()
    mine = Participation.objects.get(sponsor=cikeruh)
    with pytest.raises(ValidationFailed, match="number"):
        _confirm(operator, mine, number=" ")
    with pytest.raises(ValidationFailed, match="future"):
        _confirm(operator, mine, day=date(2026, 12, 24))
    # Another village's participation is absent for Cikeruh's operator.
    with pytest.raises(NotFound):
        _confirm(operator, Participation.objects.get(sponsor=gudang))
    confirmed = _confirm(operator, mine)
    assert confirmed.status == ParticipationStatus.CONFIRMED
    cikeruh.refresh_from_db()
    assert cikeruh.decision_number == "141/01/Musdes/XII/2026"
    assert len(enrol_one()) == 1
    with pytest.raises(InvalidState, match="already confirmed"):
        _confirm(operator, mine)


def test_bulk_renewal_continues_the_eligible_and_lists_the_others_with_their_reason(
    admin, demo_workers, enrol, village_program, cikeruh
):
    enrolments = enrol(village_program, cikeruh, 8)
    dead, moved, pu, aged, *rest = enrolments
    enrolment_end(
        actor=admin,
        scope=scope_for_user(admin),
        enrolment=dead,
        reason=EndReason.DIED,
        last_month=date(2026, 9, 1),
    )
    Worker.objects.filter(pk=moved.worker_id).update(village_id="32.11.11.2001")
    Worker.objects.filter(pk=pu.worker_id).update(category="PU")
    Worker.objects.filter(pk=aged.worker_id).update(birth_date=date(1955, 1, 1))
    # One is already funded in 2027 by another sponsor's enrolment.
    _open(admin)
    program = Program.objects.get(year=2027)
    operator = demo_workers["desa.cikeruh"]
    _confirm(operator, Participation.objects.get(sponsor=cikeruh))
    funded = rest[0]
    enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=program,
        sponsor=cikeruh,
        workers=[funded.worker],
        today=DECEMBER,
    )
    renewal = _renew(operator, cikeruh)
    assert {e.worker_id for e in renewal.created} == {e.worker_id for e in rest[1:]}
    assert {(e.first_month, e.last_month, e.status) for e in renewal.created} == {
        (JANUARY, date(2027, 12, 1), EnrolmentStatus.SUBMITTED)
    }
    assert {e.submitted_by_id for e in renewal.created} == {operator.pk}
    reasons = {item.worker_id: item.reason for item in renewal.left_out}
    assert reasons == {
        dead.worker_id: "dead",
        moved.worker_id: "moved",
        pu.worker_id: "pu",
        aged.worker_id: "ineligible",
        funded.worker_id: "already_funded",
    }
    assert all(
        item.text and item.nik == mask_nik(Worker.objects.get(pk=item.worker_id).nik)
        for item in renewal.left_out
    )
    event = AuditEvent.objects.get(action="enrolment.renew")
    assert event.details["continued"] == 3 and event.details["reasons"]["dead"] == 1
    # Nothing left to continue: a second run creates nothing.
    assert _renew(operator, cikeruh).created == []
    # The checker verifies the renewal (maker-checker as for any enrolment).
    verifier = demo_workers["verifikator"]
    enrolments_verify(
        actor=verifier, scope=scope_for_user(verifier), enrolments=renewal.created, approve=True
    )
    assert set(
        Enrolment.objects.filter(pk__in=[e.pk for e in renewal.created]).values_list(
            "status", flat=True
        )
    ) == {EnrolmentStatus.VERIFIED}


def test_bulk_renewal_waits_for_the_villages_confirmation(
    admin, demo_workers, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 2)
    _open(admin)
    with pytest.raises(InvalidState, match="not confirmed"):
        _renew(demo_workers["desa.cikeruh"], cikeruh)
    assert not Enrolment.objects.filter(program__year=2027).exists()


def test_bulk_renewal_stops_at_the_quota_and_the_budget(
    admin, demo_workers, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 5)
    admin_scope = scope_for_user(admin)
    program_from_scheme(
        actor=admin,
        scope=admin_scope,
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2027,
        quota_per_sponsor=4,
        quota_rule="at_most",
        budget=3 * 16_800 * 12,
    )
    renewal = _renew(admin, cikeruh, submit=False)
    assert len(renewal.created) == 3
    assert {e.status for e in renewal.created} == {EnrolmentStatus.DRAFT}
    assert sorted(item.reason for item in renewal.left_out) == ["over_budget", "over_quota"]


def test_a_village_renews_only_its_own_sponsors_enrolments(
    admin, demo_workers, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, gudang, 1)
    _open(admin)
    with pytest.raises(NotFound):
        _renew(demo_workers["desa.cikeruh"], gudang)


def test_bulk_renewal_without_next_years_program_says_so(
    demo_workers, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 2)
    renewal = _renew(demo_workers["desa.cikeruh"], cikeruh)
    assert renewal.created == []
    assert {item.reason for item in renewal.left_out} == {"no_program"}


def test_single_continue_applies_the_same_exclusion(
    admin, demo_workers, enrol, village_program, cikeruh
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    Worker.objects.filter(pk=enrolment.worker_id).update(category="PU")
    enrolment.refresh_from_db()
    next_year = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2027,
    )
    with pytest.raises(InvalidState, match="wage earner") as raised:
        enrolment_continue(
            actor=admin,
            scope=scope_for_user(admin),
            enrolment=enrolment,
            choice="renew",
            program=next_year,
            today=DECEMBER,
        )
    assert raised.value.code == "enrolment.pu"


def test_continuity_gaps_per_sponsor_for_the_coming_three_months(
    admin, demo_workers, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, cikeruh, 3)
    enrol(village_program, gudang, 2)
    admin_scope = scope_for_user(admin)
    gaps = continuity_gaps(scope=admin_scope, today=DECEMBER)
    assert [(g.sponsor.pk, g.count, g.by_month) for g in gaps] == [
        (cikeruh.pk, 3, [(JANUARY, 3)]),
        (gudang.pk, 2, [(JANUARY, 2)]),
    ]
    assert continuity_gap_count(scope=admin_scope, today=DECEMBER) == 5
    # In September, January is more than three months away.
    assert continuity_gap_count(scope=admin_scope, today=date(2026, 9, 20)) == 0
    # A village sees its own.
    cikeruh_scope = scope_for_user(demo_workers["desa.cikeruh"])
    assert continuity_gap_count(scope=cikeruh_scope, today=DECEMBER) == 3
    # Renewed (submitted for verification): no gap left for Cikeruh.
    _open(admin)
    _confirm(demo_workers["desa.cikeruh"], Participation.objects.get(sponsor=cikeruh))
    _renew(demo_workers["desa.cikeruh"], cikeruh)
    assert continuity_gap_count(scope=admin_scope, today=DECEMBER) == 2
    assert not continuity_gap_enrolments(scope=cikeruh_scope, today=DECEMBER).exists()
