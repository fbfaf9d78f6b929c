"""Starting programs: described in full, or from one of the ready schemes."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, PermissionDenied, ValidationFailed
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, SponsorKind
from lindungi.programs.permissions import may_start_programs
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import monthly_amount
from lindungi.regions.models import Level, Region


def program_built(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    name: str,
    year: int,
    sponsor_kinds: Sequence[str],
    income_basis: int,
    months: int = 12,
    start_month: date | None = None,
    categories: Sequence[str] = ("BPU",),
    template: str = "",
    **fields: Any,
) -> Program:
    """A program of a regency checked against every rule, not saved yet (only its admin may
    start one): `program_create` saves one, the year's opening several."""
    if not may_start_programs(scope, region.code):
        raise PermissionDenied(
            _("Only the regional admin can set up programs"), code="program.not_admin"
        )
    if region.level != Level.REGENCY:
        raise ValidationFailed(_("A program belongs to a regency or city"), field="region")
    unknown_kinds = set(sponsor_kinds) - set(SponsorKind.values)
    if not sponsor_kinds or unknown_kinds:
        raise ValidationFailed(_("Name the kinds of sponsor that may join"), field="sponsor_kinds")
    if not 1 <= months <= 12:
        raise ValidationFailed(_("A program lasts 1 to 12 months"), field="months")
    start = month_start(start_month or date(year, 1, 1))
    program = Program(
        region=region,
        name=" ".join(name.split()),
        year=year,
        template=template,
        sponsor_kinds=list(sponsor_kinds),
        income_basis=income_basis,
        months=months,
        start_month=start,
        categories=list(categories),
        created_by=actor,
        **fields,
    )
    if (
        program.min_age is not None
        and program.max_age is not None
        and program.min_age > program.max_age
    ):
        raise ValidationFailed(_("The minimum age is above the maximum age"), field="min_age")
    # The income basis must be one the rules accept: quoting now refuses a wrong one.
    monthly_amount(program, start)
    return program


def program_saved(program: Program) -> Program:
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError as error:
        raise Conflict(
            _("A program with this name already exists"), code="program.name_taken", field="name"
        ) from error
    return program


@transaction.atomic
def program_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    name: str,
    year: int,
    sponsor_kinds: Sequence[str],
    income_basis: int,
    template: str = "",
    **fields: Any,
) -> Program:
    """Start a program of a regency (only its admin may)."""
    program = program_saved(
        program_built(
            actor=actor,
            scope=scope,
            region=region,
            name=name,
            year=year,
            sponsor_kinds=sponsor_kinds,
            income_basis=income_basis,
            template=template,
            **fields,
        )
    )
    audit_record(
        actor=actor,
        action=Action.PROGRAM_CREATE,
        object_type="program",
        object_id=program.pk,
        region_code=region.code,
        details={"name": program.name, "template": template},
    )
    return program


def scheme_values(scheme: str, year: int) -> dict[str, Any]:
    """A ready scheme's values (`schemes.SCHEMES`) for a year: what a program starts from."""
    try:
        chosen = SCHEMES[scheme]
    except KeyError as error:
        raise ValidationFailed(
            _("Unknown scheme: %(scheme)s") % {"scheme": scheme}, field="scheme"
        ) from error
    return {
        "name": str(chosen.name) % {"year": year},
        "sponsor_kinds": list(chosen.sponsor_kinds),
        "income_basis": chosen.income_basis,
        "months": chosen.months,
        "start_month": date(year, chosen.start_month, 1),
        "categories": list(chosen.categories),
        "min_age": chosen.min_age,
        "max_age": chosen.max_age,
        "must_live_in_sponsor_village": chosen.must_live_in_sponsor_village,
        "poverty_rule": chosen.poverty_rule,
        "quota_per_sponsor": chosen.quota_per_sponsor,
        "quota_rule": chosen.quota_rule,
        "includes_jht": chosen.includes_jht,
    }


def program_from_scheme(
    *, actor: User | None, scope: Scope, region: Region, scheme: str, year: int, **overrides: Any
) -> Program:
    """A program from one of the ready schemes (`schemes.SCHEMES`), for a year."""
    values = scheme_values(scheme, year)
    values.update(overrides)
    return program_create(
        actor=actor, scope=scope, region=region, year=year, template=scheme, **values
    )
