"""The writes of awards: computing a round's draft (again, until it is published) and publishing
it. One transaction and one audit event each; the regency admin alone (a superuser anywhere)."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.coverage import permissions
from lindungi.coverage.awards import (
    MAX_WINNERS,
    award_get,
    award_ranking,
    categories_checked,
    period_of,
)
from lindungi.coverage.models import AwardEntry, AwardRound, AwardStatus
from lindungi.regions.models import Level, Region

TITLE_MAX = 200


def default_title(period_label: str) -> str:
    return _("Awards for protecting vulnerable workers %(period)s") % {"period": period_label}


def _regency_checked(scope: Scope, code: str) -> Region:
    region = Region.objects.filter(code=code, level=Level.REGENCY).first()
    if region is None or not scope.covers_region(region.code):
        raise NotFound(
            _("Regency %(code)s not found") % {"code": code}, code="region.not_found", region=code
        )
    return region


def award_compute(
    *,
    actor: User | None,
    scope: Scope,
    region: str,
    year: int | None = None,
    first_month: date | None = None,
    last_month: date | None = None,
    categories: Iterable[str] | None = None,
    winners: int = 3,
    title: str = "",
    today: date | None = None,
) -> AwardRound:
    """Compute the ranking of a regency's awards for a period and keep it as the round's draft
    (creating the round, or replacing the draft computed before). A published round is never
    computed again (InvalidState)."""
    permissions.awards_checked(scope)
    regency = _regency_checked(scope, region)
    period = period_of(year=year, first=first_month, last=last_month)
    wanted = categories_checked(categories)
    if not 1 <= winners <= MAX_WINNERS:
        raise ValidationFailed(
            _("Winners per category: 1 to %(most)s") % {"most": MAX_WINNERS},
            code="award.winners",
            field="winners",
        )
    title = (title or "").strip() or default_title(period.label)
    if len(title) > TITLE_MAX:
        raise ValidationFailed(
            _("The title has at most %(most)s characters") % {"most": TITLE_MAX},
            code="award.title",
            field="title",
        )
    today = today or timezone.localdate()
    if period.first > today:
        raise ValidationFailed(
            _("The period has not started yet"), code="award.period", field="first_month"
        )
    now = timezone.now()
    with transaction.atomic():
        award = (
            AwardRound.objects.select_for_update()
            .filter(region=regency, first_month=period.first, last_month=period.last)
            .first()
        )
        if award is not None and award.status == AwardStatus.PUBLISHED:
            raise InvalidState(
                _("This award list is published and no longer changes"),
                code="award.published",
                id=award.pk,
            )
        ranking = award_ranking(
            scope=scope,
            regency=regency.code,
            period=period,
            categories=wanted,
            winners=winners,
            as_of=today,
        )
        if award is None:
            award = AwardRound(region=regency, first_month=period.first, last_month=period.last)
        award.title = title
        award.categories = wanted
        award.winners = winners
        award.as_of = today
        award.computed_by = actor
        award.computed_at = now
        award.save()
        award.entries.all().delete()
        AwardEntry.objects.bulk_create(
            AwardEntry(
                round=award,
                category=category,
                position=position,
                rank=row.rank,
                is_winner=row.is_winner,
                agency_id=row.agency_id,
                village_id=row.village_code,
                name=row.name,
                score=row.score,
                figures=row.figures,
            )
            for category, rows in ranking.items()
            for position, row in enumerate(rows, start=1)
        )
        audit_record(
            actor=actor,
            action=Action.AWARD_COMPUTE,
            object_type="award",
            object_id=award.pk,
            region_code=regency.code,
            details={
                "first_month": f"{period.first:%Y-%m}",
                "last_month": f"{period.last:%Y-%m}",
                "categories": wanted,
                "winners": sum(1 for rows in ranking.values() for row in rows if row.is_winner),
            },
        )
    return award


def award_recompute(
    *, actor: User | None, scope: Scope, award_id: int, today: date | None = None
) -> AwardRound:
    """Compute a draft round again with its own period, categories and winners."""
    permissions.awards_checked(scope)
    award = award_get(scope=scope, award_id=award_id)
    return award_compute(
        actor=actor,
        scope=scope,
        region=award.region_id,
        first_month=award.first_month,
        last_month=award.last_month,
        categories=award.categories,
        winners=award.winners,
        title=award.title,
        today=today,
    )


def award_publish(*, actor: User | None, scope: Scope, award_id: int) -> AwardRound:
    """Publish a draft as it was last computed: from now on its entries are the award list,
    the public page shows its winners, and nothing changes it."""
    permissions.awards_checked(scope)
    award_get(scope=scope, award_id=award_id)  # NotFound outside the scope
    with transaction.atomic():
        award = AwardRound.objects.select_for_update().get(pk=award_id)
        if award.status == AwardStatus.PUBLISHED:
            raise InvalidState(
                _("This award list is published already"), code="award.published", id=award.pk
            )
        winners = award.entries.filter(is_winner=True).count()
        if not winners:
            raise InvalidState(
                _("This award list has no winner: nobody to publish"),
                code="award.no_winner",
                id=award.pk,
            )
        award.status = AwardStatus.PUBLISHED
        award.published_by = actor
        award.published_at = timezone.now()
        award.save(update_fields=["status", "published_by", "published_at"])
        audit_record(
            actor=actor,
            action=Action.AWARD_PUBLISH,
            object_type="award",
            object_id=award.pk,
            region_code=award.region_id,
            details={
                "first_month": f"{award.first_month:%Y-%m}",
                "last_month": f"{award.last_month:%Y-%m}",
                "winners": winners,
                "computed_at": award.computed_at.isoformat(),
            },
        )
    return award
