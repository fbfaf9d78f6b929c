"""Pages of the Inpres 2/2021 coordination of a regency: the task checklist per responsible
agency (status, due date, evidence, history) and its editing by the regional admin, the
six-monthly report, a stored document's download, and what the Inpres pages share (the
regency a page is about, who may read, saving a posted form). The team, agreements and
activities are in `coordination_views.py`; employers and referrals in `employer_views.py`.

As everywhere: views parse input, call the compliance selectors (reads) and services (writes)
with the user's scope; `NotFound` is a 404, an action the role may not take a 403.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.access import REGION_READERS, may_write
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx
from lindungi.compliance.models import InpresTask, TaskStatus
from lindungi.compliance.selectors import (
    document_get,
    task_get,
    task_history,
    task_list,
)
from lindungi.compliance.services import task_update, tasks_seed
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import XLSX, download, or_404, signed_in, year_number
from lindungi.web.versions import form_version, stale_reshown, versioned

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def regency_of(request: HttpRequest, scope: Scope) -> Region | None:
    """The regency a page is about: the reader's own, or the one a superuser names."""
    if scope.role == "superuser":
        code = request.GET.get("region", "").replace("\x00", "").strip()[:20]
        return Region.objects.filter(code=code, level=Level.REGENCY).first() if code else None
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


def readers_only(scope: Scope) -> HttpResponse | None:
    if scope.role not in REGION_READERS:
        return HttpResponseForbidden(_("This page is for the regency's officers"))
    return None


def refused_write() -> HttpResponse:
    return HttpResponseForbidden(_("Only the regional admin changes the Inpres records"))


def _error_on(form: forms.Form, error: DomainError, file_field: str = "document") -> None:
    """A service's refusal next to the field it names (the document's check names `file`)."""
    field = str(error.details.get("field", ""))
    field = file_field if field == "file" else field
    form.add_error(field if field in form.fields else None, error.message)


def saved(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], object],
    message: str,
    file_field: str = "document",
) -> bool:
    """When a valid form was posted, `save` it: True with `message` shown, or False with the
    service's refusal on the form, next to its field. An edit of a record changed since the
    form was opened (`StaleEdit`) is the caller's to show (`web/versions.py`)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except StaleEdit:
        raise
    except DomainError as error:
        _error_on(form, error, file_field)
        return False
    messages.success(request, message)
    return True


# Tasks


@login_required
@require_http_methods(["GET", "POST"])
def tasks(request: HttpRequest) -> HttpResponse:
    """The checklist grouped by responsible agency; the admin seeds it from the instruction."""
    scope = scope_for_user(request.user)
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST":
        if not may_edit or region is None or request.POST.get("action") != "seed":
            return HttpResponseForbidden(_("Only the regional admin changes the Inpres records"))
        created = tasks_seed(actor=signed_in(request), scope=scope, region=region)
        messages.success(request, _("%(count)s duties added") % {"count": len(created)})
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    found = task_list(scope=scope, status=status if status in TaskStatus.values else None)
    groups: dict[str, list[InpresTask]] = {}
    for task in found:
        groups.setdefault(task.agency.name if task.agency else "", []).append(task)
    today = timezone.localdate()
    return render(
        request,
        "web/inpres_tasks.html",
        {
            "groups": sorted(groups.items(), key=lambda item: (item[0] == "", item[0])),
            "total": sum(len(rows) for rows in groups.values()),
            "statuses": TaskStatus.choices,
            "status": status,
            "may_edit": may_edit,
            "today": today,
        },
    )


@login_required
@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    task = or_404(task_get, scope=scope, task_id=task_id)
    return render(
        request,
        "web/inpres_task.html",
        {
            "task": task,
            "history": list(task_history(scope=scope, task_id=task.pk).order_by("-id")),
            "may_edit": may_write(scope, task.region_id),
        },
    )


class TaskForm(forms.Form):
    duty = forms.CharField(label=gettext_lazy("Duty"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=gettext_lazy("Legal basis"), required=False, max_length=300)
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Responsible agency"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=TaskStatus.choices)
    due_date = forms.DateField(label=gettext_lazy("Due date"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)
    evidence_link = forms.URLField(
        label=gettext_lazy("Evidence link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=gettext_lazy("Evidence document (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—"), *agencies]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field in ("duty", "legal_basis", "note", "evidence_link"):
            if isinstance(data.get(field), str):
                data[field] = data[field].replace("\x00", "")
        return data


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    """The regional admin changes a task; each change is kept in its history."""
    scope = scope_for_user(request.user)
    task = or_404(task_get, scope=scope, task_id=task_id)
    if not may_write(scope, task.region_id):
        return refused_write()
    agencies = {a.pk: a for a in Agency.objects.filter(region_id=task.region_id).order_by("name")}
    initial = {
        "duty": task.duty,
        "legal_basis": task.legal_basis,
        "agency": task.agency_id,
        "status": task.status,
        "due_date": task.due_date,
        "note": task.note,
        "evidence_link": task.evidence_link,
    }
    form = TaskForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        agencies=[(pk, agency.name) for pk, agency in agencies.items()],
    )
    form = versioned(form, task.version)

    def save() -> object:
        data = form.cleaned_data
        return task_update(
            actor=signed_in(request),
            scope=scope,
            task=task,
            duty=data["duty"],
            legal_basis=data["legal_basis"],
            agency=agencies.get(data["agency"]) if data["agency"] else None,
            status=data["status"],
            due_date=data["due_date"],
            note=data["note"],
            evidence_link=data["evidence_link"],
            evidence_file=data["evidence_file"],
            expected_version=form_version(form),
        )

    try:
        if saved(request, form, save, _("The task is saved"), file_field="evidence_file"):
            return redirect("web:inpres_task", task_id=task.pk)
    except StaleEdit as error:
        return stale_reshown(request, error)
    return render(request, "web/inpres_task_form.html", {"task": task, "form": form})


# The six-monthly report


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Choose a half-year; `?format=xlsx|pdf` downloads the report (recorded)."""
    scope = scope_for_user(request.user)
    refused = readers_only(scope)
    if refused:
        return refused
    today = timezone.localdate()
    region = regency_of(request, scope)
    year_text, half_text = request.GET.get("year", ""), request.GET.get("half", "")
    year = year_number(year_text, today.year)
    half = int(half_text) if half_text in ("1", "2") else (1 if today.month <= 6 else 2)
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in ("xlsx", "pdf") or region is None:
            raise Http404
        write = inpres_report_xlsx if file_format == "xlsx" else inpres_report_pdf
        content = or_404(
            write, actor=signed_in(request), scope=scope, region=region, half=(year, half)
        )
        return download(
            content,
            XLSX if file_format == "xlsx" else "application/pdf",
            f"laporan-inpres-{region.code}-{year}-s{half}.{file_format}",
        )
    return render(
        request,
        "web/inpres_report.html",
        {
            "region": region,
            "year": year,
            "half": half,
            "years": list(range(today.year - 3, today.year + 1)),
            "superuser": scope.role == "superuser",
        },
    )


# Documents


@login_required
@require_GET
def document(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """A stored document, as an attachment of its checked type (never rendered inline)."""
    scope = scope_for_user(request.user)
    found = or_404(document_get, scope=scope, document_id=file_id)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Document not found")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=found.original_name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
