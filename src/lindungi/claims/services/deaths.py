"""A death claim ends the worker's protection: once a JKM claim or a JKK death claim is
reported (or confirmed from a draft) or approved by BPJS, the worker's death is recorded on its
event date through `programs.services.endings.death_from_claim`. Every enrolment of his ends
after the month of his death, months billed after it become credit notes (billing follows), and
the next non-aktif list tells BPJS. A death already recorded is left as it is."""

from datetime import datetime

from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.claims.models import Claim, ClaimType, JkkKind
from lindungi.programs.services.endings import death_from_claim


def is_death(claim: Claim) -> bool:
    return claim.type == ClaimType.JKM or (
        claim.type == ClaimType.JKK and claim.jkk_kind == JkkKind.DEATH
    )


def death_followed(actor: User | None, claim: Claim, now: datetime) -> None:
    """Record the death a claim reports (nothing for a claim of another benefit)."""
    if not is_death(claim):
        return
    death_from_claim(
        actor=actor,
        worker=claim.worker,
        died_on=claim.event_date,
        claim_id=claim.pk,
        today=timezone.localdate(now),
    )
