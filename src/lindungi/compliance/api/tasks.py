"""`/api/v1/compliance/tasks`: the Inpres 2/2021 checklist of a regency, with each task's
history and evidence."""

import datetime as dt
from functools import partial
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import upload_checked
from lindungi.api.schemas import ErrorOut, Id
from lindungi.api.versions import expected_version, stale_shows_current
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    WRITE_RESPONSES,
    Day,
    Text,
    Version,
    actor_of,
    agencies_of,
    region_named,
)
from lindungi.compliance.api.documents import DocumentOut
from lindungi.compliance.models import (
    InpresTask,
    TaskChange,
    TaskStatus,
)
from lindungi.compliance.selectors import (
    task_get,
    task_list,
)
from lindungi.compliance.services import UNSET, task_create, task_update
from lindungi.core.scopes import Scope

router = Router(tags=["compliance"])


class TaskOut(Schema):
    id: int
    region_code: str
    key: str
    duty: str
    legal_basis: str
    source: str
    confidence: str
    note: str
    agency_id: int | None
    agency_name: str | None
    status: str
    due_date: dt.date | None
    evidence_link: str
    evidence: DocumentOut | None
    version: int  # send it back with a PATCH (or as `If-Match`) to refuse a stale change
    updated_at: dt.datetime

    @staticmethod
    def resolve_region_code(task: InpresTask) -> str:
        return task.region_id

    @staticmethod
    def resolve_agency_name(task: InpresTask) -> str | None:
        return task.agency.name if task.agency else None


class TaskChangeOut(Schema):
    action: str
    changes: dict[str, Any]
    changed_by: str | None
    changed_at: dt.datetime

    @staticmethod
    def resolve_changed_by(change: TaskChange) -> str | None:
        return change.changed_by.username if change.changed_by else None


class TaskDetailOut(TaskOut):
    history: list[TaskChangeOut]

    @staticmethod
    def resolve_history(task: InpresTask) -> list[TaskChange]:
        """The task is the reader's (`task_get`): so is its history."""
        return list(
            TaskChange.objects.filter(task=task).select_related("changed_by").order_by("id")
        )


class TaskIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    duty: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)]
    legal_basis: Text = ""
    agency_id: Id | None = None
    due_date: Day | None = None
    note: Text = ""


class TaskPatch(Schema):
    """Only the fields sent change; `agency_id` and `due_date` may be cleared with null."""

    duty: Annotated[str, Field(min_length=1, max_length=2000, pattern=NO_NUL)] | None = None
    legal_basis: Text | None = None
    agency_id: Id | None = None
    status: TaskStatus | None = None
    due_date: Day | None = None
    note: Text | None = None
    evidence_link: Annotated[str, Field(max_length=500, pattern=NO_NUL)] | None = Field(
        None, description="an http(s) address; empty to remove"
    )
    version: Version | None = None


@router.get(
    f"{PREFIX}/tasks",
    response={200: list[TaskOut], 422: ErrorOut},
    summary="The Inpres 2/2021 checklist of your regency (an agency operator: its own tasks)",
    operation_id=OPERATION_ID.format("tasks_list"),
)
@paginate
def tasks_list(request: HttpRequest, status: TaskStatus | None = None) -> QuerySet[InpresTask]:
    return task_list(scope=scope_for_user(request.user), status=status)


@router.post(
    f"{PREFIX}/tasks",
    response={201: TaskDetailOut, **WRITE_RESPONSES},
    summary="Add a duty to the checklist (regional admin)",
    operation_id=OPERATION_ID.format("tasks_create"),
)
def tasks_create(request: HttpRequest, payload: TaskIn) -> Status[InpresTask]:
    scope = scope_for_user(request.user)
    region = region_named(request, payload.region_code)
    agency = agencies_of(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    task = task_create(
        actor=actor_of(request),
        scope=scope,
        region=region,
        duty=payload.duty,
        legal_basis=payload.legal_basis,
        agency=agency,
        due_date=payload.due_date,
        note=payload.note,
    )
    return Status(201, _detail_of(scope, task))


def _detail_of(scope: Scope, task: InpresTask) -> InpresTask:
    return task_get(scope=scope, task_id=task.pk)


@router.get(
    f"{PREFIX}/tasks/{{int:task_id}}",
    response={200: TaskDetailOut, 404: ErrorOut},
    summary="One task with its history (who changed what, before and after)",
    operation_id=OPERATION_ID.format("tasks_get"),
)
def tasks_get(request: HttpRequest, task_id: int) -> InpresTask:
    scope = scope_for_user(request.user)
    return _detail_of(scope, task_get(scope=scope, task_id=task_id))


@router.patch(
    f"{PREFIX}/tasks/{{int:task_id}}",
    response={200: TaskDetailOut, **WRITE_RESPONSES},
    summary="Change a task: status, due date, agency, evidence link, text (regional admin)",
    operation_id=OPERATION_ID.format("tasks_patch"),
)
def tasks_patch(request: HttpRequest, task_id: int, payload: TaskPatch) -> InpresTask:
    scope = scope_for_user(request.user)
    task = task_get(scope=scope, task_id=task_id)
    sent = payload.model_fields_set
    agency: Agency | Any | None = UNSET
    if "agency_id" in sent:
        agency = (
            agencies_of(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
        )
    with stale_shows_current(request, TaskDetailOut, partial(_detail_of, scope, task)):
        updated = task_update(
            actor=actor_of(request),
            scope=scope,
            task=task,
            duty=payload.duty if payload.duty is not None else UNSET,
            legal_basis=payload.legal_basis if payload.legal_basis is not None else UNSET,
            agency=agency,
            status=payload.status.value if payload.status is not None else UNSET,
            due_date=payload.due_date if "due_date" in sent else UNSET,
            note=payload.note if payload.note is not None else UNSET,
            evidence_link=payload.evidence_link if payload.evidence_link is not None else UNSET,
            expected_version=expected_version(request, payload.version),
        )
    return _detail_of(scope, updated)


@router.post(
    f"{PREFIX}/tasks/{{int:task_id}}/evidence",
    response={200: TaskDetailOut, **WRITE_RESPONSES},
    summary="Upload a task's evidence (PDF, JPEG or PNG, recognised by its content)",
    operation_id=OPERATION_ID.format("tasks_evidence"),
)
def tasks_evidence(request: HttpRequest, task_id: int, file: File[UploadedFile]) -> InpresTask:
    upload_checked(file)
    scope = scope_for_user(request.user)
    task = task_get(scope=scope, task_id=task_id)
    updated = task_update(actor=actor_of(request), scope=scope, task=task, evidence_file=file)
    return _detail_of(scope, updated)
