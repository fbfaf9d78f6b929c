"""The demo in December 2026: the 2027 programs are ready to open, and once the admin opens
the year and Cikeruh confirms with its village meeting's decision, its workers continue in one
action."""

import datetime as dt
from zoneinfo import ZoneInfo

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Participation,
    Program,
    Sponsor,
)
from lindungi.programs.selectors import continuity_gaps, year_plan
from lindungi.programs.services.continuity import enrolments_renew
from lindungi.programs.services.transitions import enrolments_verify
from lindungi.programs.services.year import participation_confirm, year_open
from lindungi.regions.selectors import region_get

DECEMBER = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_in_december_the_2027_programs_are_ready_to_open_and_cikeruh_continues_in_one_action(
    demo_billed, time_machine
):
    time_machine.move_to(DECEMBER, tick=False)
    regency = region_get(code="32.11")
    plan = year_plan(region=regency, year=2027)
    assert [(row.next_name, row.next_program, row.monthly) for row in plan.rows] == [
        ("1 Desa Melindungi 100 Pekerja Rentan 2027", None, 16_800),
        ("ASN Peduli Pekerja Rentan 2027", None, 16_800),
        ("Mitra Kerja Instansi 2027", None, 16_800),
    ]
    admin = demo_billed["disnaker"]
    cikeruh = Sponsor.objects.get(region_id="32.11.15.2001")
    gaps = {g.sponsor.pk: g for g in continuity_gaps(scope=scope_for_user(admin))}
    # Cikeruh's 63 protected workers but the two whose deaths ended their protection.
    active = Enrolment.objects.filter(sponsor=cikeruh, status=EnrolmentStatus.ACTIVE).count()
    assert active == 61
    assert gaps[cikeruh.pk].count == active
    assert gaps[cikeruh.pk].by_month == [(dt.date(2027, 1, 1), active)]

    opened = year_open(actor=admin, scope=scope_for_user(admin), region=regency, year=2027)
    assert opened.programs_created == 3
    assert opened.participations_created == plan.rows[0].sponsors + plan.rows[2].sponsors
    operator = demo_billed["desa.cikeruh"]
    participation_confirm(
        actor=operator,
        scope=scope_for_user(operator),
        participation=Participation.objects.get(sponsor=cikeruh),
        decision_number="141/07/Musdes/XII/2026",
        decision_date=dt.date(2026, 12, 4),
    )
    renewal = enrolments_renew(
        actor=operator, scope=scope_for_user(operator), sponsor=cikeruh, year=2027
    )
    assert len(renewal.created) == active
    # The two who died are named as left out, with their reason.
    assert sorted(item.reason for item in renewal.left_out) == ["dead", "dead"]
    assert {e.program_id for e in renewal.created} == {
        Program.objects.get(year=2027, template="desa_100").pk
    }
    checker = demo_billed["verifikator"]
    verified = enrolments_verify(
        actor=checker, scope=scope_for_user(checker), enrolments=renewal.created, approve=True
    )
    assert verified == active
    assert cikeruh.pk not in {g.sponsor.pk for g in continuity_gaps(scope=scope_for_user(admin))}
    assert {e.status for e in renewal.created} == {EnrolmentStatus.SUBMITTED}
