"""Writing the Inpres 2/2021 checklist of a regency, and what every compliance write shares
(documents, checks): one transaction per call, checked against `permissions.py`, with an audit
event.
Every change of a task also leaves a `TaskChange` row (who, when, each field before and after).

The team, agreements and activities are written in `coordination.py`; employers and referrals
in `enforcement.py`; the employers' file in `importing.py`.
"""

import datetime as dt
from enum import Enum
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency, User
from lindungi.compliance.inpres import DUTIES
from lindungi.compliance.models import (
    Document,
    InpresTask,
    TaskChange,
    TaskStatus,
)
from lindungi.compliance.permissions import write_checked
from lindungi.compliance.selectors import task_get
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.uploads import UploadRefused, check_upload
from lindungi.core.versioning import saved_changed, version_checked
from lindungi.regions.models import Level, Region

DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class Unset(Enum):
    """A field a caller leaves as it is (None may be a value: "no due date")."""

    UNSET = "unset"


UNSET = Unset.UNSET


class Upload(Protocol):
    """What a document upload offers: Django's UploadedFile or File."""

    name: str | None

    def chunks(self, chunk_size: int | None = ...) -> Any: ...

    def seek(self, offset: int, whence: int = ...) -> Any: ...


# Shared helpers ----------------------------------------------------------------------------


def regency_checked(region: Region) -> None:
    if region.level != Level.REGENCY:
        raise ValidationFailed(
            _("Inpres 2/2021 records belong to a regency or city, not to %(region)s")
            % {"region": region.name},
            field="region",
        )


def agency_checked(agency: Agency | None, region: Region, field: str = "agency") -> None:
    if agency is not None and agency.region_id != region.code:
        raise ValidationFailed(
            _("Agency %(agency)s is not in %(region)s") % {"agency": agency, "region": region},
            field=field,
        )


def text_checked(value: str, field: str, *, required: bool = True, max_length: int = 0) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise ValidationFailed(_("This field is required"), field=field)
    if max_length and len(cleaned) > max_length:
        raise ValidationFailed(_("This text is too long"), field=field, max_length=max_length)
    return cleaned


def document_store(*, actor: User | None, region: Region, file: Upload) -> Document:
    """Check and store one document (PDF, JPEG or PNG by its first bytes, within the size
    limit) under its content hash. Called inside the caller's transaction."""
    max_bytes = getattr(settings, "COMPLIANCE_UPLOAD_MAX_BYTES", DEFAULT_MAX_DOCUMENT_BYTES)
    try:
        checked = check_upload(
            name=file.name or "",
            content_type=getattr(file, "content_type", "") or "",
            chunks=file.chunks(),
            max_bytes=max_bytes,
        )
    except UploadRefused as refused:
        raise ValidationFailed(
            _(refused.template) % refused.params, field="file", rule=refused.code
        ) from refused
    document = Document(
        region=region,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    file.seek(0)
    # Named by its hash: a file left by a rolled-back transaction is overwritten when the same
    # document is stored again, never duplicated.
    document.file.save(checked.name, file, save=False)
    document.save()
    return document


def audit(
    actor: User | None, action: Action, obj: Any, region_code: str, details: dict[str, Any]
) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=obj.pk,
        region_code=region_code,
        details=details,
    )


def shown(value: Any) -> Any:
    """A field's value as the history keeps it (JSON)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Agency | Document):
        return str(value)
    return value


# Tasks -------------------------------------------------------------------------------------


def _task_locked(scope: Scope, task: InpresTask) -> InpresTask:
    """The task as stored, locked; NotFound when it lies outside the actor's scope."""
    task_get(scope=scope, task_id=task.pk)
    return InpresTask.objects.select_for_update().select_related("region").get(pk=task.pk)


def _history(actor: User | None, task: InpresTask, action: str, changes: dict[str, Any]) -> None:
    TaskChange.objects.create(task=task, action=action, changes=changes, changed_by=actor)
    audit(actor, Action(f"inpres_task.{action}"), task, task.region_id, {"changes": changes})


@transaction.atomic
def tasks_seed(*, actor: User | None, scope: Scope, region: Region) -> list[InpresTask]:
    """The checklist of a regency from Inpres 2/2021 and its follow-ups (`inpres.DUTIES`),
    each duty with its legal basis, source and confidence. Duties already seeded (by their key)
    are left as the admin edited them: seeding twice adds nothing."""
    regency_checked(region)
    write_checked(scope, region.code)
    present = set(InpresTask.objects.filter(region=region).values_list("key", flat=True))
    created = []
    for duty in DUTIES:  # six duties: a loop over a constant, not over rows
        if duty.key in present:
            continue
        task = InpresTask.objects.create(
            region=region,
            key=duty.key,
            duty=duty.duty,
            legal_basis=duty.legal_basis,
            source=duty.source,
            confidence=duty.confidence,
            note=duty.note,
        )
        _history(actor, task, "seed", {"duty": [None, duty.duty]})
        created.append(task)
    return created


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    duty: str,
    legal_basis: str = "",
    agency: Agency | None = None,
    due_date: dt.date | None = None,
    note: str = "",
) -> InpresTask:
    """A duty the admin adds to the regency's checklist by hand."""
    regency_checked(region)
    write_checked(scope, region.code)
    agency_checked(agency, region)
    task = InpresTask.objects.create(
        region=region,
        duty=text_checked(duty, "duty"),
        legal_basis=text_checked(legal_basis, "legal_basis", required=False, max_length=300),
        agency=agency,
        due_date=due_date,
        note=text_checked(note, "note", required=False, max_length=300),
    )
    _history(actor, task, "create", {"duty": [None, task.duty]})
    return task


@transaction.atomic
def task_update(
    *,
    actor: User | None,
    scope: Scope,
    task: InpresTask,
    duty: str | Unset = UNSET,
    legal_basis: str | Unset = UNSET,
    agency: Agency | Unset | None = UNSET,
    status: str | Unset = UNSET,
    due_date: dt.date | Unset | None = UNSET,
    note: str | Unset = UNSET,
    evidence_link: str | Unset = UNSET,
    evidence_file: Upload | None = None,
    expected_version: int | None = None,
) -> InpresTask:
    """Change a task; the fields given and changed are recorded with their values before and
    after. Evidence is an uploaded document (PDF/JPEG/PNG) or a link (http/https). A change
    made on an older `expected_version` is refused (`core/versioning.py`)."""
    task = _task_locked(scope, task)
    write_checked(scope, task.region_id)
    version_checked(task, expected_version)
    region = task.region
    wanted: dict[str, Any] = {}
    if not isinstance(duty, Unset):
        wanted["duty"] = text_checked(duty, "duty")
    if not isinstance(legal_basis, Unset):
        wanted["legal_basis"] = text_checked(
            legal_basis, "legal_basis", required=False, max_length=300
        )
    if not isinstance(agency, Unset):
        agency_checked(agency, region)
        wanted["agency"] = agency
    if not isinstance(status, Unset):
        if status not in TaskStatus.values:
            raise ValidationFailed(_("Unknown task status"), field="status")
        wanted["status"] = status
    if not isinstance(due_date, Unset):
        wanted["due_date"] = due_date
    if not isinstance(note, Unset):
        wanted["note"] = text_checked(note, "note", required=False, max_length=300)
    if not isinstance(evidence_link, Unset):
        link = evidence_link.strip()
        if link:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except DjangoValidationError as error:
                raise ValidationFailed(
                    _("The evidence link must be a web address (http or https)"),
                    field="evidence_link",
                ) from error
        wanted["evidence_link"] = link
    if evidence_file is not None:
        wanted["evidence"] = document_store(actor=actor, region=region, file=evidence_file)
    changes = {
        field: [shown(getattr(task, field)), shown(value)]
        for field, value in wanted.items()
        if getattr(task, field) != value
    }
    if not changes:
        return task
    for field, value in wanted.items():
        setattr(task, field, value)
    saved_changed(task, changes)
    _history(actor, task, "update", changes)
    return task


@transaction.atomic
def task_delete(*, actor: User | None, scope: Scope, task: InpresTask, reason: str) -> InpresTask:
    """A task is never removed (its history stays): it is marked not applicable, with why."""
    task = _task_locked(scope, task)
    write_checked(scope, task.region_id)
    if task.status == TaskStatus.NOT_APPLICABLE:
        raise InvalidState(
            _("The task is already marked not applicable"),
            code="inpres_task.not_applicable",
            status=task.status,
        )
    why = text_checked(reason, "reason", max_length=300)
    changes = {"status": [task.status, TaskStatus.NOT_APPLICABLE.value], "note": [task.note, why]}
    task.status = TaskStatus.NOT_APPLICABLE
    task.note = why
    saved_changed(task, changes)
    _history(actor, task, "not_applicable", changes)
    return task
