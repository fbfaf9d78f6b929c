"""Pages of the Inpres 2/2021 coordination of a regency: the task checklist per responsible
agency (status, due date, evidence, history) and its editing by the regional admin, the
coordination team, cooperation agreements with their expiry warnings, activities with their
measured outcome, the six-monthly report, and a stored document's download. Employers and the
referral workflow are in `employer_views.py`.

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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.access import REGION_READERS, may_write
from lindungi.compliance.coordination import (
    activity_create,
    activity_update,
    agreement_create,
    agreement_update,
    member_create,
    member_leave,
    member_update,
)
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx
from lindungi.compliance.models import Employer, InpresTask, TaskStatus
from lindungi.compliance.selectors import (
    EXPIRY_WARNING_DAYS,
    activity_get,
    activity_list,
    activity_outcomes,
    agreement_get,
    agreement_list,
    document_get,
    member_get,
    task_get,
    task_history,
    task_list,
    team_list,
)
from lindungi.compliance.services import task_update, tasks_seed
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level, Region
from lindungi.web.compliance_forms import ActivityForm, AgreementForm, MemberForm
from lindungi.web.helpers import XLSX, download, or_404, signed_in

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
SHOWN_ACTIVITIES = 100


def regency_of(request: HttpRequest, scope: Scope) -> Region | None:
    """The regency a page is about: the reader's own, or the one a superuser names."""
    if scope.role == "superuser":
        code = request.GET.get("region", "").replace("\x00", "").strip()[:20]
        return Region.objects.filter(code=code, level=Level.REGENCY).first() if code else None
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


def _readers_only(scope: Scope) -> HttpResponse | None:
    if scope.role not in REGION_READERS:
        return HttpResponseForbidden(_("This page is for the regency's officers"))
    return None


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
        return HttpResponseForbidden(_("Only the regional admin changes the Inpres records"))
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
        )

    if _saved(request, form, save, _("The task is saved"), file_field="evidence_file"):
        return redirect("web:inpres_task", task_id=task.pk)
    return render(request, "web/inpres_task_form.html", {"task": task, "form": form})


# Team, agreements, activities


def _refused_write() -> HttpResponse:
    return HttpResponseForbidden(_("Only the regional admin changes the Inpres records"))


def _error_on(form: forms.Form, error: DomainError, file_field: str = "document") -> None:
    """A service's refusal next to the field it names (the document's check names `file`)."""
    field = str(error.details.get("field", ""))
    field = file_field if field == "file" else field
    form.add_error(field if field in form.fields else None, error.message)


def _saved(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], object],
    message: str,
    file_field: str = "document",
) -> bool:
    """When a valid form was posted, `save` it: True with `message` shown, or False with the
    service's refusal on the form, next to its field."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except DomainError as error:
        _error_on(form, error, file_field)
        return False
    messages.success(request, message)
    return True


def _back(name: str, scope: Scope, region_code: str) -> str:
    """A list page after a change; a superuser's lists are per regency (`?region=`)."""
    url = reverse(name)
    return f"{url}?region={region_code}" if scope.role == "superuser" else url


def _agencies_of(region_code: str) -> dict[int, Agency]:
    return {a.pk: a for a in Agency.objects.filter(region_id=region_code).order_by("name")}


def _villages_of(region_code: str) -> dict[str, Region]:
    """The regency's villages by code, ordered by district and name."""
    found = (
        Region.objects.filter(
            level=Level.VILLAGE, code__startswith=region_code + ".", is_active=True
        )
        .select_related("parent")
        .order_by("parent__name", "name", "code")
    )
    return {village.code: village for village in found}


def _village_labels(villages: dict[str, Region]) -> list[tuple[str, str]]:
    return [
        (code, f"{v.name} ({v.parent.name})" if v.parent else v.name)
        for code, v in villages.items()
    ]


def _employers_of(region_code: str) -> dict[int, Employer]:
    return {e.pk: e for e in Employer.objects.filter(region_id=region_code).order_by("name", "id")}


def _labels(objects: dict[Any, Any]) -> list[tuple[Any, str]]:
    return [(key, str(value)) for key, value in objects.items()]


def _edit_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "web/inpres_coordination_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    """The team; the regional admin adds members (POST here)."""
    scope = scope_for_user(request.user)
    refused = _readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return _refused_write()
    form = None
    if region is not None and may_edit:
        agencies = _agencies_of(region.code)
        form = MemberForm(request.POST or None, agencies=_labels(agencies))

        def save() -> object:
            return member_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_member_values(form, agencies),
            )

        if _saved(request, form, save, _("The member is added to the team")):
            return redirect(request.get_full_path())
    return render(
        request,
        "web/inpres_team.html",
        {
            "members": list(team_list(scope=scope)),
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


def _member_values(form: MemberForm, agencies: dict[int, Agency]) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "team_role": data["team_role"],
        "position": data["position"],
        "agency": agencies.get(data["agency"]) if data["agency"] else None,
        "organisation": data["organisation"],
        "contact": data["contact"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    """The regional admin corrects a member, or records that they left the team."""
    scope = scope_for_user(request.user)
    member = or_404(member_get, scope=scope, member_id=member_id)
    if not may_write(scope, member.region_id):
        return _refused_write()
    back = _back("web:inpres_team", scope, member.region_id)
    if request.method == "POST" and request.POST.get("action") == "leave":
        member_leave(actor=signed_in(request), scope=scope, member=member)
        messages.success(request, _("The member has left the team"))
        return redirect(back)
    agencies = _agencies_of(member.region_id)
    initial = {
        "name": member.name,
        "team_role": member.team_role,
        "position": member.position,
        "agency": member.agency_id,
        "organisation": member.organisation,
        "contact": member.contact,
    }
    form = MemberForm(request.POST or None, initial=initial, agencies=_labels(agencies))

    def save() -> object:
        return member_update(
            actor=signed_in(request),
            scope=scope,
            member=member,
            **_member_values(form, agencies),
        )

    if _saved(request, form, save, _("The member is saved")):
        return redirect(back)
    return _edit_page(
        request,
        {
            "title": _("Edit the team member"),
            "form": form,
            "back": back,
            "may_leave": member.is_active,
        },
    )


def _agreement_form(request: HttpRequest, region_code: str, **kwargs: Any) -> AgreementForm:
    return AgreementForm(
        request.POST or None,
        request.FILES or None,
        villages=_village_labels(_villages_of(region_code)),
        employers=_labels(_employers_of(region_code)),
        agencies=_labels(_agencies_of(region_code)),
        **kwargs,
    )


def _agreement_values(form: AgreementForm) -> dict[str, Any]:
    """The service's arguments from a valid form (its choices are the regency's own)."""
    data = form.cleaned_data
    village = Region.objects.filter(code=data["village"]).first() if data["village"] else None
    return {
        "kind": data["kind"],
        "number": data["number"],
        "title": data["title"],
        "signed_on": data["signed_on"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "with_bpjs": data["with_bpjs"],
        "village": village,
        "employer": Employer.objects.filter(pk=data["employer"]).first()
        if data["employer"]
        else None,
        "agency": Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None,
        "other_parties": data["other_parties"],
        "scope_text": data["scope_text"],
        "document": data["document"] or None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreements(request: HttpRequest) -> HttpResponse:
    """Agreements with their period; those ending within 90 days are flagged to renew. The
    regional admin records one (POST here), with its signed document."""
    scope = scope_for_user(request.user)
    refused = _readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return _refused_write()
    form = None
    if region is not None and may_edit:
        form = _agreement_form(request, region.code)

        def save() -> object:
            return agreement_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_agreement_values(form),
            )

        if _saved(request, form, save, _("The agreement is recorded")):
            return redirect(request.get_full_path())
    today = timezone.localdate()
    rows = []
    for agreement in agreement_list(scope=scope):
        left = (agreement.ends_on - today).days if agreement.ends_on else None
        rows.append(
            {
                "agreement": agreement,
                "days_left": left,
                "ended": left is not None and left < 0,
                "expiring": left is not None and 0 <= left <= EXPIRY_WARNING_DAYS,
            }
        )
    return render(
        request,
        "web/inpres_agreements.html",
        {
            "rows": rows,
            "expiring": [row for row in rows if row["expiring"]],
            "warning_days": EXPIRY_WARNING_DAYS,
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The regional admin corrects an agreement or attaches its signed document."""
    scope = scope_for_user(request.user)
    agreement = or_404(agreement_get, scope=scope, agreement_id=agreement_id)
    if not may_write(scope, agreement.region_id):
        return _refused_write()
    initial = {
        "kind": agreement.kind,
        "number": agreement.number,
        "title": agreement.title,
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "with_bpjs": agreement.with_bpjs,
        "village": agreement.village_id or "",
        "employer": agreement.employer_id,
        "agency": agreement.agency_id,
        "other_parties": agreement.other_parties,
        "scope_text": agreement.scope_text,
    }
    form = _agreement_form(request, agreement.region_id, initial=initial)
    back = _back("web:inpres_agreements", scope, agreement.region_id)

    def save() -> object:
        return agreement_update(
            actor=signed_in(request),
            scope=scope,
            agreement=agreement,
            **_agreement_values(form),
        )

    if _saved(request, form, save, _("The agreement is saved")):
        return redirect(back)
    return _edit_page(
        request,
        {
            "title": _("Edit the agreement"),
            "form": form,
            "back": back,
            "document": agreement.document,
        },
    )


def _activity_form(request: HttpRequest, region_code: str, **kwargs: Any) -> ActivityForm:
    return ActivityForm(
        request.POST or None,
        villages=_village_labels(_villages_of(region_code)),
        agencies=_labels(_agencies_of(region_code)),
        **kwargs,
    )


def _activity_values(form: ActivityForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title"],
        "held_on": data["held_on"],
        "place": data["place"],
        "organiser": data["organiser"],
        "villages": list(Region.objects.filter(code__in=data["villages"]).order_by("code")),
        "agencies": list(Agency.objects.filter(pk__in=data["agencies"]).order_by("pk")),
        "asn_present": data["asn_present"],
        "workers_present": data["workers_present"],
        "attendance": data["attendance"],
        "notes": data["notes"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest) -> HttpResponse:
    """Activities, latest first, with their outcome: enrolments within 60 days after them. The
    regional admin records one (POST here) with its audience and attendance."""
    scope = scope_for_user(request.user)
    refused = _readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return _refused_write()
    form = None
    if region is not None and may_edit:
        form = _activity_form(request, region.code)

        def save() -> object:
            return activity_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_activity_values(form),
            )

        if _saved(request, form, save, _("The activity is recorded")):
            return redirect(request.get_full_path())
    found = list(activity_list(scope=scope)[:SHOWN_ACTIVITIES])
    outcomes = activity_outcomes(found)
    rows = [{"activity": a, "outcome": outcomes[a.pk]} for a in found]
    return render(
        request,
        "web/inpres_activities.html",
        {
            "rows": rows,
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The regional admin corrects an activity, its audience or its attendance."""
    scope = scope_for_user(request.user)
    activity = or_404(activity_get, scope=scope, activity_id=activity_id)
    if not may_write(scope, activity.region_id):
        return _refused_write()
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "place": activity.place,
        "organiser": activity.organiser,
        "villages": [village.code for village in activity.villages.all()],
        "agencies": [agency.pk for agency in activity.agencies.all()],
        "asn_present": activity.asn_present,
        "workers_present": activity.workers_present,
        "attendance": activity.attendance,
        "notes": activity.notes,
    }
    form = _activity_form(request, activity.region_id, initial=initial)
    back = _back("web:inpres_activities", scope, activity.region_id)

    def save() -> object:
        return activity_update(
            actor=signed_in(request),
            scope=scope,
            activity=activity,
            **_activity_values(form),
        )

    if _saved(request, form, save, _("The activity is saved")):
        return redirect(back)
    return _edit_page(request, {"title": _("Edit the activity"), "form": form, "back": back})


# The six-monthly report


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Choose a half-year; `?format=xlsx|pdf` downloads the report (recorded)."""
    scope = scope_for_user(request.user)
    refused = _readers_only(scope)
    if refused:
        return refused
    today = timezone.localdate()
    region = regency_of(request, scope)
    year_text, half_text = request.GET.get("year", ""), request.GET.get("half", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
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
