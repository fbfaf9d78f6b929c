"""Writing audit events. Services call `audit_record` inside their own transaction."""

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractUser

from lindungi.core.masking import mask_personal
from lindungi.core.models import AuditEvent


class Action(StrEnum):
    """Every kind of audit event, as `AuditEvent.action` stores it (`subject.verb`). A new kind
    is added here first: `audit_record` refuses a name it does not know."""

    ACTIVITY_CREATE = "activity.create"
    ACTIVITY_UPDATE = "activity.update"
    ADMIN_ACTION = "admin.action"
    ADMIN_ADD = "admin.add"
    ADMIN_CHANGE = "admin.change"
    ADMIN_DELETE = "admin.delete"
    AGENCY_CREATE = "agency.create"
    AGREEMENT_CREATE = "agreement.create"
    AGREEMENT_EXTEND = "agreement.extend"
    AGREEMENT_UPDATE = "agreement.update"
    AUDIT_EXPORT = "audit.export"
    AUTH_LOGIN = "auth.login"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AWARD_COMPUTE = "award.compute"
    AWARD_PUBLISH = "award.publish"
    BATCH_CREATE = "batch.create"
    BATCH_EXPORT = "batch.export"
    BATCH_HANDOVER = "batch.handover"
    BILL_EXPORT = "bill.export"
    BILLING_CORRECTIONS = "billing.corrections"
    BILLING_COST_SHARE = "billing.cost_share"
    BILLING_COST_SHARE_END = "billing.cost_share_end"
    BILLING_LAPSE = "billing.lapse"
    BILLING_REMINDERS = "billing.reminders"
    BILLING_RUN = "billing.run"
    CLAIM_AMOUNT_PROPOSE = "claim.amount_propose"
    CLAIM_AMOUNT_REFUSE = "claim.amount_refuse"
    CLAIM_DECIDE = "claim.decide"
    CLAIM_DOCUMENT_ADD = "claim.document_add"
    CLAIM_DOCUMENT_DOWNLOAD = "claim.document_download"
    CLAIM_DRAFT = "claim.draft"
    CLAIM_PAY = "claim.pay"
    CLAIM_REPORT = "claim.report"
    CLAIM_SUBMIT = "claim.submit"
    CONSENT_GIVE = "consent.give"
    CONSENT_WITHDRAW = "consent.withdraw"
    COVERAGE_DENOMINATORS_IMPORTED = "coverage.denominators_imported"
    COVERAGE_PARTICIPANTS_IMPORTED = "coverage.participants_imported"
    COVERAGE_SNAPSHOT_TAKEN = "coverage.snapshot_taken"
    COVERAGE_TARGETS_IMPORTED = "coverage.targets_imported"
    DATABASE_BACKUP = "database.backup"
    DATABASE_RESTORE = "database.restore"
    EMPLOYER_CREATE = "employer.create"
    EMPLOYER_IMPORT = "employer.import"
    EMPLOYER_STATUS = "employer.status"
    ENROLMENT_APPROVE = "enrolment.approve"
    ENROLMENT_CANCEL = "enrolment.cancel"
    ENROLMENT_CONFIRM = "enrolment.confirm"
    ENROLMENT_CONTINUE = "enrolment.continue"
    ENROLMENT_CREATE = "enrolment.create"
    ENROLMENT_END = "enrolment.end"
    ENROLMENT_RENEW = "enrolment.renew"
    ENROLMENT_RETURN = "enrolment.return"
    ENROLMENT_SUBMIT = "enrolment.submit"
    ENDINGS_CREATE = "endings.create"
    ENDINGS_EXPORT = "endings.export"
    IMPORT_ERROR_REPORT_DOWNLOAD = "import.error_report_download"
    INPRES_REPORT_EXPORT = "inpres_report.export"
    INPRES_TASK_CREATE = "inpres_task.create"
    INPRES_TASK_NOT_APPLICABLE = "inpres_task.not_applicable"
    INPRES_TASK_SEED = "inpres_task.seed"
    INPRES_TASK_UPDATE = "inpres_task.update"
    PARTICIPATION_CONFIRM = "participation.confirm"
    PAYMENT_CONFIRM = "payment.confirm"
    PAYMENT_HOLD = "payment.hold"
    PAYMENT_RECORD = "payment.record"
    PAYMENT_REFUSE = "payment.refuse"
    PAYMENT_STATEMENT = "payment.statement"
    PROGRAM_CREATE = "program.create"
    PROGRAM_YEAR_OPEN = "program.year_open"
    RATE_ADD = "rate.add"
    REFERRAL_CLOSED = "referral.closed"
    REFERRAL_IN_COURT = "referral.in_court"
    REFERRAL_REFERRED = "referral.referred"
    REFERRAL_SETTLED = "referral.settled"
    REFERRAL_SP1 = "referral.sp1"
    REFERRAL_SP2 = "referral.sp2"
    REGIONS_LOAD = "regions.load"
    SPONSOR_CREATE = "sponsor.create"
    SPONSOR_UPDATE = "sponsor.update"
    STATEMENT_LINE_ALLOCATE = "statement_line.allocate"
    STATEMENT_LINE_NOT_OURS = "statement_line.not_ours"
    STATEMENT_LINE_REFUND = "statement_line.refund"
    TEAM_MEMBER_CREATE = "team_member.create"
    TEAM_MEMBER_LEAVE = "team_member.leave"
    TEAM_MEMBER_UPDATE = "team_member.update"
    TOKEN_CREATE = "token.create"  # noqa: S105 (an event name)
    TOKEN_REVOKE = "token.revoke"  # noqa: S105 (an event name)
    TPP_EXPORT = "tpp.export"
    USER_CREATE = "user.create"
    USER_DEACTIVATE = "user.deactivate"
    USER_PASSWORD_CHANGE = "user.password_change"  # noqa: S105 (an event name)
    USER_PASSWORD_RESET = "user.password_reset"  # noqa: S105 (an event name)
    USER_REACTIVATE = "user.reactivate"
    USER_UNLOCK = "user.unlock"
    WORKER_CREATE = "worker.create"
    WORKER_DEATH = "worker.death"
    WORKER_DUPLICATE_DECIDE = "worker.duplicate_decide"
    WORKER_REVEAL = "worker.reveal"
    WORKER_SEARCH_NIK = "worker.search_nik"
    WORKER_UPDATE = "worker.update"
    WORKERS_IMPORT = "workers.import"


def audit_record(
    *,
    actor: AbstractUser | None,
    action: Action,
    object_type: str = "",
    object_id: str | int = "",
    region_code: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` is None for the system (a command run without a user).
    Personal values in `details` (NIKs, phone numbers, birth dates) are stored masked: the trail
    says what changed and who saw what, never the values themselves."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=Action(action).value,
        object_type=object_type,
        object_id=str(object_id),
        region_code=region_code,
        details=mask_personal(details or {}),
    )
