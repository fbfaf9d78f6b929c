"""Pages of a regency's Inpres 2/2021 task checklist: the tasks per responsible agency (status,
due date, evidence, history) and their editing by the regional admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.models import InpresTask, TaskStatus
from lindungi.compliance.permissions import may_write
from lindungi.compliance.selectors import (
    TASK_DUE_DAYS,
    task_get,
    task_history,
    task_list,
    tasks_due,
)
from lindungi.compliance.services import task_update, tasks_seed
from lindungi.compliance.web.common import page_regency, refused_write, saved
from lindungi.compliance.web.forms import TaskForm
from lindungi.core.versioning import StaleEdit
from lindungi.web.changes import changes_read
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.versions import form_version, stale_reshown, versioned


@login_required
@require_http_methods(["GET", "POST"])
def tasks(request: HttpRequest) -> HttpResponse:
    """The checklist grouped by responsible agency; the admin seeds it from the instruction."""
    scope = scope_for_user(request.user)
    region = page_regency(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST":
        if not may_edit or region is None or request.POST.get("action") != "seed":
            raise PermissionDenied(_("Only the regional admin changes the Inpres records"))
        created = tasks_seed(actor=signed_in(request), scope=scope, region=region)
        messages.success(request, _("%(count)s duties added") % {"count": len(created)})
        return redirect(request.get_full_path())
    status = request.GET.get("status", "")
    # `?due=1`: only the open tasks due within TASK_DUE_DAYS or late (the home page's queue).
    due = request.GET.get("due") == "1"
    found = tasks_due(scope=scope) if due else task_list(scope=scope)
    if status in TaskStatus.values:
        found = found.filter(status=status)
    groups: dict[str, list[InpresTask]] = {}
    for task in found:
        groups.setdefault(task.agency.name if task.agency else "", []).append(task)
    today = timezone.localdate()
    return render(
        request,
        "compliance/inpres_tasks.html",
        {
            "groups": sorted(groups.items(), key=lambda item: (item[0] == "", item[0])),
            "total": sum(len(rows) for rows in groups.values()),
            "statuses": TaskStatus.choices,
            "status": status,
            "may_edit": may_edit,
            "today": today,
            "due": due,
            "due_days": TASK_DUE_DAYS,
        },
    )


# What each kind of history row did (`TaskChange.action`, as the services write it).
HISTORY_ACTIONS = {
    "seed": gettext_lazy("Added from the Inpres checklist"),
    "create": gettext_lazy("Added"),
    "update": gettext_lazy("Changed"),
    "not_applicable": gettext_lazy("Marked not applicable"),
}


@login_required
@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    task = or_404(task_get, scope=scope, task_id=task_id)
    return render(
        request,
        "compliance/inpres_task.html",
        {
            "task": task,
            "history": [
                {
                    "at": change.changed_at,
                    "by": change.changed_by,
                    "what": HISTORY_ACTIONS.get(change.action, change.action),
                    "lines": changes_read(InpresTask, change.changes),
                }
                for change in task_history(scope=scope, task_id=task.pk).order_by("-id")
            ],
            "may_edit": may_write(scope, task.region_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    """The regional admin changes a task; each change is kept in its history."""
    scope = scope_for_user(request.user)
    task = or_404(task_get, scope=scope, task_id=task_id)
    if not may_write(scope, task.region_id):
        refused_write()
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
    return render(request, "compliance/inpres_task_form.html", {"task": task, "form": form})
