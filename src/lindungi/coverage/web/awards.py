"""The award pages: the lists the reader sees (and, for the regency admin, the form that computes
a period's draft), one list with its rankings per category (recompute and publish while it is a
draft), and a winner's certificate. What a page offers is what `coverage.permissions` allows,
the predicates the services enforce."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.coverage import permissions
from lindungi.coverage.awards import (
    award_entries,
    award_get,
    award_list,
    category_label,
    measure,
    period_label,
)
from lindungi.coverage.awards_certificate import award_certificate, certificate_filename
from lindungi.coverage.awards_services import award_compute, award_publish, award_recompute
from lindungi.coverage.models import AwardCategory, AwardEntry, AwardRound, AwardStatus
from lindungi.regions.codes import regency_of
from lindungi.web.helpers import download, or_404, report, signed_in

SHOWN_PER_CATEGORY = 20  # rows of a category shown beyond the winners


class AwardForm(forms.Form):
    region = forms.RegexField(
        label=gettext_lazy("Regency code"), regex=r"^[0-9]{2}\.[0-9]{2}$", max_length=5
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=gettext_lazy("A whole year, or the first and last month below"),
    )
    first_month = forms.DateField(
        label=gettext_lazy("First month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    last_month = forms.DateField(
        label=gettext_lazy("Last month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categories"),
        choices=AwardCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    winners = forms.IntegerField(
        label=gettext_lazy("Winners per category"), min_value=1, max_value=10, initial=3
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Empty: named after the period"),
    )


@dataclass(frozen=True)
class Row:
    entry: AwardEntry
    measure: str


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    rows: list[Row]
    hidden: int


def _categories(award: AwardRound, *, winners_only: bool = False) -> list[Category]:
    grouped: dict[str, list[AwardEntry]] = {}
    for entry in award_entries(award, winners_only=winners_only):
        grouped.setdefault(entry.category, []).append(entry)
    found = []
    for key in award.categories:
        entries = grouped.get(key, [])
        shown = [
            entry
            for index, entry in enumerate(entries)
            if entry.is_winner or index < SHOWN_PER_CATEGORY
        ]
        found.append(
            Category(
                key=key,
                label=category_label(key),
                rows=[Row(entry, measure(entry.category, entry.figures)) for entry in shown],
                hidden=len(entries) - len(shown),
            )
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def awards(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    manages = permissions.may_manage_awards(scope)
    if not (manages or permissions.reads_awards(scope)):
        return HttpResponseForbidden(_("Your role reads no award lists"))
    user = signed_in(request)
    form: AwardForm | None = None
    if manages:
        initial = {
            "region": regency_of(user.region_id or ""),
            "year": timezone.localdate().year,
            "categories": AwardCategory.values,
            "winners": 3,
        }
        form = AwardForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                award = award_compute(
                    actor=user,
                    scope=scope,
                    region=data["region"],
                    year=None if data["first_month"] or data["last_month"] else data["year"],
                    first_month=data["first_month"],
                    last_month=data["last_month"],
                    categories=data["categories"],
                    winners=data["winners"],
                    title=data["title"],
                )
            except DomainError as error:
                report(request, error)
            else:
                messages.success(request, _("Draft computed: review it, then publish it"))
                return redirect("web:award", award_id=award.pk)
    elif request.method == "POST":
        return HttpResponseForbidden(_("Only the regency admin computes and publishes the awards"))
    rounds = [
        {"award": award, "period": period_label(award)}
        for award in award_list(scope=scope).select_related("published_by")[:100]
    ]
    return render(
        request, "coverage/awards.html", {"rounds": rounds, "form": form, "manages": manages}
    )


@login_required
@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, award_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("recompute", "publish"):
            raise Http404
        user = signed_in(request)
        try:
            if action == "publish":
                award_publish(actor=user, scope=scope, award_id=award_id)
                messages.success(request, _("The award list is published"))
            else:
                award_recompute(actor=user, scope=scope, award_id=award_id)
                messages.success(request, _("Draft computed again with today's figures"))
        except PermissionDenied as error:
            return HttpResponseForbidden(error.message)
        except NotFound as error:
            raise Http404(error.message) from error
        except DomainError as error:
            report(request, error)
        return redirect("web:award", award_id=award_id)
    found = or_404(award_get, scope=scope, award_id=award_id)
    context: dict[str, Any] = {
        "award": found,
        "period": period_label(found),
        "categories": _categories(found),
        "is_draft": found.status == AwardStatus.DRAFT,
        "manages": permissions.may_manage_awards(scope),
    }
    return render(request, "coverage/award.html", context)


@login_required
@require_GET
def certificate(request: HttpRequest, award_id: int, entry_id: int) -> HttpResponse:
    entry, content = or_404(
        award_certificate,
        scope=scope_for_user(request.user),
        award_id=award_id,
        entry_id=entry_id,
    )
    return download(content, "application/pdf", certificate_filename(entry))


def public_categories(award: AwardRound) -> list[Category]:
    """The winners of a published list, per category (the public page)."""
    return _categories(award, winners_only=True)
