"""Sending verified enrolments to BPJS in a batch."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, PermissionDenied
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor, SubmissionBatch
from lindungi.programs.permissions import may_send_batches
from lindungi.regions.models import Region


def _batch_number(region: Region, on: date) -> str:
    prefix = f"LND-{region.code.replace('.', '')}-{on:%Y%m}-"
    taken = SubmissionBatch.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


@transaction.atomic
def batch_create(
    *,
    actor: User | None,
    scope: Scope,
    program: Program,
    sponsor: Sponsor | None = None,
) -> SubmissionBatch:
    """Put every verified enrolment of a program (or of one of its sponsors) in one batch for
    BPJS; they become SENT. The file and the handover statement are made from the batch."""
    if not may_send_batches(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS sends batches"), code="batch.not_handler"
        )
    if not scope.covers_region(program.region_id):
        raise PermissionDenied(
            _("You cannot send batches of another region"), code="batch.other_region"
        )
    verified = Enrolment.objects.select_for_update().filter(
        program=program, status=EnrolmentStatus.VERIFIED
    )
    if sponsor is not None:
        verified = verified.filter(sponsor=sponsor)
    ids = list(verified.values_list("pk", flat=True))
    if not ids:
        raise InvalidState(
            _("No verified enrolments are waiting to be sent"), code="batch.nothing_verified"
        )
    batch = SubmissionBatch.objects.create(
        number=_batch_number(program.region, timezone.localdate()),
        program=program,
        region=program.region,
        created_by=actor,
        enrolment_count=len(ids),
    )
    Enrolment.objects.filter(pk__in=ids, status=EnrolmentStatus.VERIFIED).update(
        status=EnrolmentStatus.SENT, batch=batch, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=Action.BATCH_CREATE,
        object_type="batch",
        object_id=batch.pk,
        region_code=program.region_id,
        details={"number": batch.number, "count": len(ids), "program": program.pk},
    )
    return batch
