"""On the seeded demo, a reported death ends protection and the money follows: no worker with
a reported death has an enrolment that still holds a month after his death, and every month
billed after it is credited back (issue 18)."""

from collections import Counter

import pytest
from django.db.models import Q

from lindungi.billing.models import BillLine, LineKind
from lindungi.claims.models import Claim, ClaimStatus, ClaimType, JkkKind
from lindungi.core.months import month_start
from lindungi.programs.models import RELEASED, EndReason, Enrolment, EnrolmentStatus
from lindungi.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_every_death_claim_marks_the_worker_dead(demo_billed):
    claims = Claim.objects.filter(
        Q(type=ClaimType.JKM) | Q(type=ClaimType.JKK, jkk_kind=JkkKind.DEATH)
    ).exclude(status=ClaimStatus.DRAFT)
    assert claims.count() >= 3  # Ade Kurniawan's JKM, the fatal accident, November's death
    for claim in claims:
        assert claim.worker.died_on == claim.event_date, claim.worker.name


def test_no_dead_worker_is_protected_or_billed_after_his_death(demo_billed):
    dead = list(Worker.objects.filter(died_on__isnull=False))
    assert len(dead) >= 3
    for worker in dead:
        death_month = month_start(worker.died_on)
        still = Enrolment.objects.filter(worker=worker, last_month__gt=death_month).exclude(
            status__in=RELEASED
        )
        assert not still.exists(), (worker.name, list(still.values("status", "last_month")))
        ended = Enrolment.objects.filter(worker=worker, status=EnrolmentStatus.ENDED)
        assert ended.filter(end_reason=EndReason.DIED, event_date=worker.died_on).exists()
        lines = BillLine.objects.filter(enrolment__worker=worker, month__gt=death_month)
        charged = Counter(
            lines.filter(kind=LineKind.CHARGE).values_list("enrolment_id", "sponsor_id", "month")
        )
        credited = Counter(
            lines.filter(kind=LineKind.CREDIT).values_list("enrolment_id", "sponsor_id", "month")
        )
        assert charged == credited, worker.name
        assert sum(lines.values_list("amount", flat=True)) == 0, worker.name


def test_ade_kurniawans_months_after_september_are_credited(demo_billed):
    jkm = Claim.objects.get(type=ClaimType.JKM, status=ClaimStatus.PAID)
    worker = jkm.worker
    assert worker.died_on.month == 9
    (ended,) = Enrolment.objects.filter(worker=worker, status=EnrolmentStatus.ENDED)
    assert ended.last_month.month == 9
    credits = BillLine.objects.filter(enrolment=ended, kind=LineKind.CREDIT)
    assert sorted(line.month.month for line in credits) == [10, 11]
    assert all(line.bill.kind == "credit" for line in credits)
