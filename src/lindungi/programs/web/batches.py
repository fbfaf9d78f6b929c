"""Pages of the exchange with BPJS: batches of verified enrolments (registration file,
handover) and the import of BPJS's confirmations."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.uploads import upload_name
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import registration_xlsx
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.permissions import may_send_batches
from lindungi.programs.selectors import (
    batch_get,
    batch_list,
    batches_awaiting_confirmation,
    enrolment_list,
    program_get,
    program_list,
)
from lindungi.programs.services.batches import batch_create
from lindungi.programs.web.common import purpose_download, report_refusals
from lindungi.programs.web.forms import BatchCreateForm, ConfirmationUploadForm
from lindungi.web.helpers import download, or_404, signed_in

MAX_CONFIRMATION_BYTES = 20 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    """Verified enrolments of a program put in one batch for BPJS, and the batches so far."""
    scope = scope_for_user(request.user)
    waiting = dict(
        enrolment_list(scope=scope, status=EnrolmentStatus.VERIFIED)
        .order_by()
        .values_list("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    programs = list(program_list(scope=scope).filter(pk__in=waiting))
    choices = [
        (
            program.pk,
            ngettext(
                "%(program)s (%(count)s verified)",
                "%(program)s (%(count)s verified)",
                waiting[program.pk],
            )
            % {"program": program.name, "count": waiting[program.pk]},
        )
        for program in programs
    ]
    form = BatchCreateForm(request.POST or None, programs=choices)
    if request.method == "POST" and form.is_valid():
        program = or_404(program_get, scope=scope, program_id=form.cleaned_data["program"])
        try:
            batch = batch_create(actor=signed_in(request), scope=scope, program=program)
        except DomainError as error:
            report_refusals(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Batch %(number)s made with %(count)s enrolment",
                    "Batch %(number)s made with %(count)s enrolments",
                    batch.enrolment_count,
                )
                % {"number": batch.number, "count": batch.enrolment_count},
            )
        return redirect("web:batches")
    # `?status=sent`: only the batches BPJS has still to confirm (the home page's queue).
    awaiting = request.GET.get("status") == EnrolmentStatus.SENT
    listed = batches_awaiting_confirmation(scope=scope) if awaiting else batch_list(scope=scope)
    found = list(listed[:100])
    counts: dict[int, dict[str, int]] = {}
    for batch_id, status, count in (
        enrolment_list(scope=scope)
        .filter(batch__in=found)
        .order_by()
        .values_list("batch_id", "status")
        .annotate(n=Count("id"))
        .values_list("batch_id", "status", "n")
    ):
        counts.setdefault(batch_id, {})[status] = count
    rows = [{"batch": batch, "counts": counts.get(batch.pk, {})} for batch in found]
    return render(
        request,
        "programs/enrolment_batches.html",
        {
            "form": form if choices else None,
            "rows": rows,
            "may_send": may_send_batches(scope),
            "awaiting": awaiting,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_file(request: HttpRequest, batch_id: int) -> HttpResponse:
    """BPJS's collective-registration file of a batch; it holds full NIKs, so the download
    asks its purpose and is recorded."""
    scope = scope_for_user(request.user)
    batch = or_404(batch_get, scope=scope, batch_id=batch_id)
    return purpose_download(
        request,
        make=lambda purpose: registration_xlsx(
            actor=signed_in(request), scope=scope, batch=batch, purpose=purpose
        ),
        filename=f"{batch.number}.xlsx",
        template="programs/enrolment_batch_file.html",
        context={"batch": batch},
    )


@login_required
@require_GET
def batch_handover(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The Berita Acara Serah Terima Data of a batch, to sign and hand over with the file."""
    scope = scope_for_user(request.user)
    batch = or_404(batch_get, scope=scope, batch_id=batch_id)
    try:
        content = handover_pdf(actor=signed_in(request), scope=scope, batch=batch)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:batches")
    return download(content, "application/pdf", f"berita-acara-{batch.number}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def confirmations(request: HttpRequest) -> HttpResponse:
    """Upload BPJS's answer to a batch: who is active (with a KPJ), who was rejected, and the
    rows that match nobody we sent."""
    scope = scope_for_user(request.user)
    form = ConfirmationUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_CONFIRMATION_BYTES:
            form.add_error("file", _("The file is larger than 20 MB"))
        else:
            with tempfile.TemporaryDirectory(prefix="konfirmasi-") as folder:
                path = Path(folder) / upload_name(upload.name, "konfirmasi.csv")
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    result = confirmations_import(actor=signed_in(request), scope=scope, path=path)
                except DomainError as error:
                    form.add_error("file", error.message)
    return render(
        request,
        "programs/enrolment_confirmations.html",
        {
            "form": form,
            "result": result,
            "may_import": may_send_batches(scope),
        },
    )
