"""Pages where protection ends for a life event: one enrolment or many ticked ones ended with
a reason and the date of the event, a worker's death recorded, a list of deaths imported, and
the non-aktif lists for BPJS. Every write is `programs.services.endings` (billing credits the
months billed after the end at once)."""

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.core.uploads import upload_name
from lindungi.programs.exchange.endings import (
    endings_file_create,
    endings_file_get,
    endings_file_list,
    endings_xlsx,
    untold_counts,
)
from lindungi.programs.models import EndReason
from lindungi.programs.permissions import may_end, may_record_death, may_send_endings
from lindungi.programs.selectors import enrolment_get, enrolment_list
from lindungi.programs.services.deaths_import import deaths_import
from lindungi.programs.services.endings import (
    LIFE_EVENTS,
    Ended,
    deaths_record,
    enrolments_end,
    visible_workers,
)
from lindungi.programs.web.common import purpose_download, ticked
from lindungi.programs.web.forms import (
    DeathForm,
    DeathsUploadForm,
    EndForm,
    EndingsCreateForm,
)
from lindungi.regions.models import Region
from lindungi.web.helpers import or_404, signed_in
from lindungi.workers.models import Worker

MAX_DEATHS_BYTES = 20 * 1024 * 1024


def end_reasons() -> list[tuple[str, str]]:
    return [(value, str(EndReason(value).label)) for value in LIFE_EVENTS]


def _ended_message(request: HttpRequest, done: Ended) -> None:
    text = ngettext(
        "%(count)s enrolment ended or cancelled",
        "%(count)s enrolments ended or cancelled",
        done.count,
    ) % {"count": done.count}
    if done.deaths:
        text += " · " + ngettext(
            "%(count)s death recorded", "%(count)s deaths recorded", done.deaths
        ) % {"count": done.deaths}
    messages.success(
        request, text + ". " + _("Months billed after the end are credited on credit notes.")
    )


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_end(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """End one enrolment with the reason and the date of the event."""
    scope = scope_for_user(request.user)
    enrolment = or_404(enrolment_get, scope=scope, enrolment_id=enrolment_id)
    if not may_end(scope, enrolment.sponsor):
        raise PermissionDenied(_("You cannot end enrolments for this sponsor"))
    form = EndForm(request.POST or None, reasons=end_reasons())
    if request.method == "POST" and form.is_valid():
        try:
            done = enrolments_end(
                actor=signed_in(request),
                scope=scope,
                enrolments=[enrolment],
                reason=form.cleaned_data["reason"],
                event_date=form.cleaned_data["event_date"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(
                error.details.get("field") if error.details.get("field") in form.fields else None,
                error.message,
            )
        else:
            _ended_message(request, done)
            return redirect("web:worker", worker_id=enrolment.worker_id)
    return render(request, "programs/enrolment_end.html", {"enrolment": enrolment, "form": form})


@login_required
@require_POST
def enrolments_end_many(request: HttpRequest) -> HttpResponse:
    """End the enrolments ticked on the list, for one event (reason and date)."""
    scope = scope_for_user(request.user)
    chosen = ticked(enrolment_list(scope=scope), request.POST.getlist("enrolment"))
    back = _back(request, reverse("web:enrolments"))
    form = EndForm(request.POST, reasons=end_reasons())
    if not chosen:
        messages.error(request, _("Tick the enrolments to end"))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Choose the reason and give the date of the event"))
        return redirect(back)
    try:
        done = enrolments_end(
            actor=signed_in(request),
            scope=scope,
            enrolments=chosen,
            reason=form.cleaned_data["reason"],
            event_date=form.cleaned_data["event_date"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _ended_message(request, done)
    return redirect(back)


def _visible_worker(request: HttpRequest, worker_id: int) -> tuple[Any, Worker]:
    scope = scope_for_user(request.user)
    worker = visible_workers(scope).filter(pk=worker_id).select_related("village").first()
    if worker is None:
        raise Http404(_("Worker not found"))
    return scope, worker


@login_required
@require_http_methods(["GET", "POST"])
def worker_death(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Record a worker's death: every enrolment of his ends after the month of his death."""
    scope, worker = _visible_worker(request, worker_id)
    if not may_record_death(scope):
        raise PermissionDenied(_("Your role does not record a worker's death"))
    form = DeathForm(request.POST or None, initial={"died_on": worker.died_on})
    if request.method == "POST" and form.is_valid():
        try:
            done = deaths_record(
                actor=signed_in(request),
                scope=scope,
                deaths=[(worker, form.cleaned_data["died_on"])],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error("died_on", error.message)
        else:
            _ended_message(request, done)
            return redirect("web:worker", worker_id=worker.pk)
    return render(request, "programs/worker_death.html", {"worker": worker, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def deaths_upload(request: HttpRequest) -> HttpResponse:
    """Import a list of deaths (NIK, date of death): all or nothing."""
    scope = scope_for_user(request.user)
    if not may_record_death(scope):
        raise PermissionDenied(_("Your role does not record a worker's death"))
    form = DeathsUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_DEATHS_BYTES:
            form.add_error("file", _("The file is larger than 20 MB"))
        else:
            with tempfile.TemporaryDirectory(prefix="kematian-") as folder:
                path = Path(folder) / upload_name(upload.name, "kematian.csv")
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    result = deaths_import(
                        actor=signed_in(request), scope=scope, path=path, name=upload.name
                    )
                except DomainError as error:
                    form.add_error("file", error.message)
    return render(request, "programs/deaths_import.html", {"form": form, "result": result})


@login_required
@require_http_methods(["GET", "POST"])
def endings(request: HttpRequest) -> HttpResponse:
    """The non-aktif lists for BPJS: what the next list of each regency would carry, made in
    one step, and the lists so far (each downloadable again)."""
    scope = scope_for_user(request.user)
    if not may_send_endings(scope):
        raise PermissionDenied(_("Only the regional admin or BPJS reads the non-active lists"))
    waiting = untold_counts(scope=scope)
    regions = {region.code: region for region in Region.objects.filter(code__in=waiting)}
    choices = [
        (code, f"{regions[code].name} ({waiting[code]})")
        for code in sorted(waiting)
        if code in regions
    ]
    form = EndingsCreateForm(request.POST or None, regions=choices)
    if request.method == "POST":
        if form.is_valid():
            try:
                made = endings_file_create(
                    actor=signed_in(request),
                    scope=scope,
                    region=regions[form.cleaned_data["region"]],
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "List %(number)s made with %(count)s membership",
                        "List %(number)s made with %(count)s memberships",
                        made.row_count,
                    )
                    % {"number": made.number, "count": made.row_count},
                )
        else:
            messages.error(request, _("Choose the regency"))
        return redirect("web:endings")
    return render(
        request,
        "programs/endings.html",
        {
            "form": form if choices else None,
            "files": endings_file_list(scope=scope)[:100],
            "may_create": scope.can_write,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def endings_file(request: HttpRequest, file_id: int) -> HttpResponse:
    """Download a non-aktif list (full NIKs: the purpose is asked and recorded)."""
    scope = scope_for_user(request.user)
    found = or_404(endings_file_get, scope=scope, file_id=file_id)
    return purpose_download(
        request,
        make=lambda purpose: endings_xlsx(
            actor=signed_in(request), scope=scope, endings=found, purpose=purpose
        ),
        filename=f"{found.number}.xlsx",
        template="programs/endings_file.html",
        context={"endings": found},
    )
