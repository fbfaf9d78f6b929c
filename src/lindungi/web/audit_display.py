"""The audit trail as a person reads it: each kind of event by its name ("Kepesertaan
diverifikasi", not `enrolment.approve`), the object by its kind ("Pengguna #12"), and the details
with their labels and their values in the user's formats ("Jumlah: 16.800", "Dibayar pada: 12 Nov
2026", "Peran: Operator desa"). The trail itself is stored as written (`core.audit`); the export
for an auditor keeps the codes."""

from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lindungi.core.models import AuditEvent
from lindungi.web.changes import EMPTY, changes_read, shown_value

# Every kind of event (`core.audit.Action`) by its name; tests/web/test_audit_trail.py checks
# that a new kind gets one.
ACTIONS: dict[str, Any] = {
    "activity.create": _("Coordination activity recorded"),
    "activity.update": _("Coordination activity changed"),
    "admin.action": _("Bulk action in the Django admin"),
    "admin.add": _("Added in the Django admin"),
    "admin.change": _("Changed in the Django admin"),
    "admin.delete": _("Deleted in the Django admin"),
    "agency.create": _("Agency added"),
    "agreement.create": _("Agreement recorded"),
    "agreement.extend": _("Agreement extended"),
    "agreement.update": _("Agreement changed"),
    "audit.export": _("Audit trail exported"),
    "auth.login": _("Signed in"),
    "auth.login_failed": _("Sign-in refused"),
    "award.compute": _("Award list computed"),
    "award.publish": _("Award list published"),
    "batch.create": _("Shipment to BPJS made"),
    "batch.export": _("Shipment file downloaded"),
    "batch.handover": _("Handover record downloaded"),
    "bill.export": _("Bill downloaded"),
    "billing.corrections": _("Bill corrections made"),
    "billing.cost_share": _("Cost share recorded"),
    "billing.cost_share_end": _("Cost share ended"),
    "billing.lapse": _("Unpaid memberships lapsed"),
    "billing.reminders": _("Payment reminders sent"),
    "billing.run": _("Monthly bills made"),
    "claim.amount_propose": _("Claim amount proposed"),
    "claim.amount_refuse": _("Claim amount refused"),
    "claim.decide": _("Claim decided by BPJS"),
    "claim.document_add": _("Claim document added"),
    "claim.document_download": _("Claim document downloaded"),
    "claim.draft": _("Claim drafted"),
    "claim.pay": _("Claim paid"),
    "claim.report": _("Claim reported"),
    "claim.submit": _("Claim sent to BPJS"),
    "consent.give": _("Consent given"),
    "consent.withdraw": _("Consent withdrawn"),
    "coverage.denominators_imported": _("Coverage bases imported"),
    "coverage.participants_imported": _("BPJS participant counts imported"),
    "coverage.snapshot_taken": _("Coverage snapshot taken"),
    "coverage.targets_imported": _("Coverage targets imported"),
    "database.backup": _("Database backed up"),
    "database.restore": _("Database restored"),
    "employer.create": _("Employer added"),
    "employer.import": _("Employers imported"),
    "employer.status": _("Employer's compliance changed"),
    "enrolment.approve": _("Enrolment verified"),
    "enrolment.cancel": _("Enrolment cancelled"),
    "enrolment.confirm": _("Enrolment confirmed by BPJS"),
    "enrolment.continue": _("Enrolment continued"),
    "enrolment.create": _("Enrolment proposed"),
    "enrolment.end": _("Enrolment ended"),
    "enrolment.renew": _("Enrolment renewed"),
    "enrolment.return": _("Enrolment returned for correction"),
    "enrolment.submit": _("Enrolment submitted"),
    "endings.create": _("Non-active list made"),
    "endings.export": _("Non-active list downloaded"),
    "import.error_report_download": _("Import error report downloaded"),
    "inpres_report.export": _("Inpres report downloaded"),
    "inpres_task.create": _("Inpres task added"),
    "inpres_task.not_applicable": _("Inpres task marked not applicable"),
    "inpres_task.seed": _("Inpres task added from the checklist"),
    "inpres_task.update": _("Inpres task changed"),
    "participation.confirm": _("Civil servant's participation confirmed"),
    "payment.confirm": _("Payment confirmed"),
    "payment.hold": _("Payment held"),
    "payment.record": _("Payment recorded"),
    "payment.refuse": _("Payment refused"),
    "payment.statement": _("BPJS statement imported"),
    "program.create": _("Program created"),
    "program.year_open": _("Program year opened"),
    "rate.add": _("Rate added"),
    "referral.closed": _("Referral closed"),
    "referral.in_court": _("Referral taken to court"),
    "referral.referred": _("Employer referred to the prosecutor"),
    "referral.settled": _("Referral settled"),
    "referral.sp1": _("First warning letter sent"),
    "referral.sp2": _("Second warning letter sent"),
    "regions.load": _("Region list loaded"),
    "sponsor.create": _("Sponsor added"),
    "sponsor.update": _("Sponsor changed"),
    "statement_line.allocate": _("Statement row matched to a bill"),
    "statement_line.not_ours": _("Statement row marked not ours"),
    "statement_line.refund": _("Statement row refunded"),
    "team_member.create": _("Team member added"),
    "team_member.leave": _("Team member left"),
    "team_member.update": _("Team member changed"),
    "token.create": _("API token made"),
    "token.revoke": _("API token revoked"),
    "tpp.export": _("TPP deductions downloaded"),
    "user.create": _("User added"),
    "user.deactivate": _("User deactivated"),
    "user.reactivate": _("User reactivated"),
    "user.password_reset": _("Temporary password given"),
    "user.password_change": _("Password changed by its user"),
    "user.unlock": _("Lock-out lifted"),
    "worker.create": _("Worker registered"),
    "worker.death": _("Worker's death recorded"),
    "worker.duplicate_decide": _("Possible duplicate decided"),
    "worker.reveal": _("Personal data shown"),
    "worker.search_nik": _("Search by NIK"),
    "worker.update": _("Worker changed"),
    "workers.import": _("Workers imported"),
}

# The keys services write into an event's details, by their label.
DETAILS: dict[str, Any] = {
    "agencies": _("agencies"),
    "agency": _("agency"),
    "allocated": _("allocated"),
    "allocations": _("allocations"),
    "amount": _("amount"),
    "amount_text": _("amount"),
    "approved_amount": _("approved amount"),
    "benefit_total": _("benefit total"),
    "bill": _("bill"),
    "bills": _("bills"),
    "cancelled": _("cancelled"),
    "categories": _("categories"),
    "changes": _("changes"),
    "channel": _("channel"),
    "checksum": _("checksum"),
    "code": _("code"),
    "computed_at": _("computed at"),
    "content_type": _("file type"),
    "count": _("count"),
    "created": _("created"),
    "credit_notes": _("credit notes"),
    "date": _("date"),
    "dates": _("dates"),
    "decision": _("decision"),
    "differs_from_approved": _("differs from the approved amount"),
    "document": _("document"),
    "documents": _("documents"),
    "employer": _("employer"),
    "ended": _("ended"),
    "ends_on": _("ends on"),
    "enrolment": _("enrolment"),
    "enrolments": _("enrolments"),
    "event_date": _("event date"),
    "file": _("file"),
    "first_month": _("first month"),
    "generated": _("made by the system"),
    "lockout_lifted": _("lock-out lifted"),
    "must_change_password": _("chooses a new password at sign-in"),
    "format": _("format"),
    "held_on": _("held on"),
    "is_late": _("late"),
    "jkk_kind": _("JKK kind"),
    "kind": _("kind"),
    "last_month": _("last month"),
    "line": _("row"),
    "lines": _("rows"),
    "marked": _("marked"),
    "matched": _("matched"),
    "matched_amount": _("matched amount"),
    "mismatch": _("mismatch"),
    "month": _("month"),
    "months_ahead": _("months ahead"),
    "months_paid": _("months paid"),
    "name": _("name"),
    "number": _("number"),
    "outcome": _("outcome"),
    "paid_on": _("paid on"),
    "payment": _("payment"),
    "plausible_up_to": _("plausible up to"),
    "purpose": _("purpose"),
    "reason": _("reason"),
    "reference": _("reference"),
    "replaced": _("replaced"),
    "resumed": _("resumed"),
    "retired": _("retired"),
    "role": _("role"),
    "rows": _("rows"),
    "size": _("size (bytes)"),
    "source": _("source"),
    "sponsor": _("sponsor"),
    "sponsors": _("sponsors"),
    "team_role": _("team role"),
    "trigger": _("trigger"),
    "type": _("type"),
    "unmatched": _("unmatched"),
    "updated": _("updated"),
    "username": _("username"),
    "villages": _("villages"),
    "winners": _("winners"),
    "workers": _("workers"),
}
# Words services store in details as they are (a reveal's purpose written by the page itself).
STORED_WORDS = {"edit form": _("to edit the worker's record"), "claim": _("claim")}
# Details kept for the auditor's export only: a server path, a file's hash.
HIDDEN_DETAILS = frozenset({"checksum", "amount_text", "file"})
# Details that are a name as its owner wrote it (an uploaded file's name).
NAMED_DETAILS = frozenset({"file"})


@cache
def _models_by_name() -> dict[str, type[models.Model]]:
    """Every model by its name as events name their objects (`inprestask`, `billing_run`)."""
    return {model._meta.model_name or "": model for model in apps.get_models()}


def _model(object_type: str) -> type[models.Model] | None:
    return _models_by_name().get(object_type.replace("_", ""))


@cache
def _choice_labels() -> dict[str, str]:
    """Every stored choice value of every model by its label (`operator_desa` → "Operator
    desa"): details name statuses, roles and kinds by their values."""
    labels: dict[str, str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                for value, label in field.flatchoices:
                    labels.setdefault(str(value), str(label))
    return labels


def action_choices() -> list[tuple[str, str]]:
    """Every kind of event as (code, name), by name: the trail's filter."""
    return sorted(((str(code), str(label)) for code, label in ACTIONS.items()), key=lambda c: c[1])


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


# Objects that are not rows of a model, by their kind.
OBJECTS = {
    "file": _("file"),
    "region": _("region"),
    "billing": _("billing"),
    "batch": _("submission batch"),
}


def object_label(event: AuditEvent) -> str:
    """The kind of object an event is about ("Pengguna"); the page adds its number or name."""
    if not event.object_type:
        return ""
    model = _model(event.object_type)
    if model is not None:
        return str(capfirst(model._meta.verbose_name))
    return str(capfirst(OBJECTS.get(event.object_type, event.object_type)))


def _value(value: Any) -> str:
    if isinstance(value, str) and value in STORED_WORDS:
        return str(STORED_WORDS[value])
    if isinstance(value, str) and value in _choice_labels():
        return _choice_labels()[value]
    if isinstance(value, str) and value in ACTIONS:
        return action_label(value)
    if isinstance(value, list):
        return ", ".join(_value(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{_key(key)}: {_value(item)}" for key, item in value.items())
    return shown_value(value)


def _key(key: str) -> str:
    return str(capfirst(DETAILS.get(key, key.replace("_", " "))))


def details_read(event: AuditEvent) -> list[str]:
    """The event's details, one "Label: value" each; a change of fields one line per field."""
    shown = []
    for key, value in (event.details or {}).items():
        if key in HIDDEN_DETAILS or (isinstance(value, str) and value.startswith("/")):
            continue  # a path on the server means nothing to the reader
        if key == "changes" and isinstance(value, dict):
            model = _model(event.object_type)
            for change in changes_read(model, value):
                before = _value(change.before) if change.before != EMPTY else EMPTY
                shown.append(f"{change.field}: {before} → {_value(change.after)}")
            continue
        shown.append(f"{_key(key)}: {_value(value)}")
    return shown


def names_read(event: AuditEvent) -> list[str]:
    """The names of files an event kept (an import's original file name): shown as written."""
    return [str(value) for key, value in (event.details or {}).items() if key in NAMED_DETAILS]
