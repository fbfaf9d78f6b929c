"""The program year: the admin opens next year's programs from the schemes for the whole
regency in one step, and each village (with its village meeting's decision, the musyawarah
desa) or agency confirms its part.

Opening a year, for every current program started from a scheme (`schemes.SCHEMES`): next
year's program from the same scheme, at the new year's rules and quota (its contributions
quoted at the rates in force in its first month, `contributions.ratebook`), keeping the current
program's target; and for every village and agency that holds enrolments in the current
program, its draft participation in the new one. Idempotent: what exists is kept, so opening
twice creates nothing new. The queries are bounded (a handful whatever the number of sponsors).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.programs.models import (
    Participation,
    ParticipationStatus,
    Program,
    QuotaRule,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.permissions import acts_for, may_start_programs
from lindungi.programs.selectors import participation_list, year_plan
from lindungi.programs.services.setup import program_built, program_saved, scheme_values
from lindungi.regions.models import Region


@dataclass(frozen=True)
class YearOpened:
    """What opening a year did: programs and participations created, and those that existed."""

    year: int
    programs_created: int
    programs_kept: int
    participations_created: int
    participations_kept: int
    program_ids: tuple[int, ...]


@transaction.atomic
def year_open(*, actor: User | None, scope: Scope, region: Region, year: int) -> YearOpened:
    """Open `year` for the regency: next year's program of every current scheme program and
    every village's and agency's draft participation in it. One audit event with the counts."""
    if not may_start_programs(scope, region.code):
        raise PermissionDenied(
            _("Only the regional admin can set up programs"), code="program.not_admin"
        )
    plan = year_plan(region=region, year=year)
    if not plan.rows:
        raise InvalidState(
            _("No program of %(year)s was started from a scheme: nothing to continue")
            % {"year": year - 1},
            code="program.nothing_to_open",
        )
    created = 0
    by_template: dict[str, Program] = {}
    programs: dict[int, Program] = {}
    for row in plan.rows:
        template = row.current.template
        program = by_template.get(template) or row.next_program
        if program is None:
            values = scheme_values(template, year)
            values["target"] = row.current.target
            program = program_saved(
                program_built(
                    actor=actor, scope=scope, region=region, year=year, template=template, **values
                )
            )
            created += 1
        by_template[template] = programs[row.current.pk] = program
    existing = set(
        Participation.objects.filter(program__in=list(programs.values())).values_list(
            "program_id", "sponsor_id"
        )
    )
    new = [
        Participation(
            program=programs[current_id],
            sponsor_id=sponsor_id,
            previous_id=current_id,
            quota=programs[current_id].quota_per_sponsor,
            created_by=actor,
        )
        for current_id, sponsor_id in plan.sponsors
        if (programs[current_id].pk, sponsor_id) not in existing
    ]
    # A sponsor in two current programs of one scheme joins next year's once.
    unique = list({(p.program.pk, p.sponsor_id): p for p in new}.values())
    Participation.objects.bulk_create(unique, ignore_conflicts=True)
    opened = YearOpened(
        year=year,
        programs_created=created,
        programs_kept=len(by_template) - created,
        participations_created=len(unique),
        participations_kept=len(existing),
        program_ids=tuple(sorted(program.pk for program in programs.values())),
    )
    audit_record(
        actor=actor,
        action=Action.PROGRAM_YEAR_OPEN,
        object_type="region",
        object_id=region.code,
        region_code=region.code,
        details={
            "year": year,
            "programs_created": opened.programs_created,
            "programs_kept": opened.programs_kept,
            "participations_created": opened.participations_created,
            "participations_kept": opened.participations_kept,
            "programs": list(opened.program_ids),
        },
    )
    return opened


@transaction.atomic
def participation_confirm(
    *,
    actor: User | None,
    scope: Scope,
    participation: Participation,
    decision_number: str,
    decision_date: date | None,
    quota: int | None = None,
    today: date | None = None,
) -> Participation:
    """The sponsor confirms its program of the year with its decision: a village with its
    village meeting's (musdes) number and date, an agency with its budget document's. From then
    on it enrols (and renews) its workers in that program."""
    today = today or timezone.localdate()
    locked = (
        participation_list(scope=scope)
        .select_for_update(of=("self",))
        .filter(pk=participation.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Program participation not found"), id=participation.pk)
    participation = locked
    sponsor, program = participation.sponsor, participation.program
    if not acts_for(scope, sponsor):
        raise PermissionDenied(
            _("You cannot confirm the program of this sponsor"), code="participation.not_yours"
        )
    if participation.status != ParticipationStatus.DRAFT:
        raise InvalidState(
            _("%(program)s is already confirmed") % {"program": program.name},
            code="participation.confirmed",
        )
    number = " ".join(decision_number.split())
    is_village = sponsor.kind == SponsorKind.DESA
    if is_village and not number:
        raise ValidationFailed(
            _("Give the number of the village meeting's (musdes) decision"),
            field="decision_number",
        )
    if is_village and decision_date is None:
        raise ValidationFailed(
            _("Give the date of the village meeting's (musdes) decision"), field="decision_date"
        )
    if decision_date is not None and decision_date > today:
        raise ValidationFailed(_("The decision date is in the future"), field="decision_date")
    quota = quota if quota is not None else participation.quota
    _quota_checked(program, quota)
    participation.status = ParticipationStatus.CONFIRMED
    participation.decision_number = number
    participation.decision_date = decision_date
    participation.quota = quota
    participation.confirmed_by = actor
    participation.confirmed_at = timezone.now()
    participation.save(
        update_fields=[
            "status",
            "decision_number",
            "decision_date",
            "quota",
            "confirmed_by",
            "confirmed_at",
        ]
    )
    if is_village:
        # The village's legal basis is now this meeting's decision (the handover statement
        # and the sponsor's page name it).
        Sponsor.objects.filter(pk=sponsor.pk).update(
            decision_number=number, decision_date=decision_date
        )
    audit_record(
        actor=actor,
        action=Action.PARTICIPATION_CONFIRM,
        object_type="participation",
        object_id=participation.pk,
        region_code=sponsor.region_id,
        details={
            "program": program.pk,
            "sponsor": sponsor.pk,
            "decision_number": number,
            "decision_date": decision_date.isoformat() if decision_date else None,
            "quota": quota,
        },
    )
    return participation


def _quota_checked(program: Program, quota: int | None) -> None:
    if quota is not None and quota < 1:
        raise ValidationFailed(_("The quota is at least 1 worker"), field="quota")
    if quota is None or program.quota_per_sponsor is None:
        return
    if program.quota_rule == QuotaRule.AT_LEAST and quota < program.quota_per_sponsor:
        raise ValidationFailed(
            _("The program asks for at least %(quota)s workers per sponsor")
            % {"quota": program.quota_per_sponsor},
            field="quota",
        )
    if program.quota_rule == QuotaRule.AT_MOST and quota > program.quota_per_sponsor:
        raise ValidationFailed(
            _("The program admits at most %(quota)s workers per sponsor")
            % {"quota": program.quota_per_sponsor},
            field="quota",
        )
