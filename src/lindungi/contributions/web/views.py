"""The public "Simulasi Iuran" page: what protection costs, computed from the rules in force."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.contributions.calculator import contribution_as_dict, quote_contribution
from lindungi.contributions.web.forms import ContributionForm
from lindungi.core.errors import DomainError


@require_GET
def contribution_simulation(request: HttpRequest) -> HttpResponse:
    """Public "Simulasi Iuran": anyone may compute a contribution, no login, no personal data."""
    form = ContributionForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            context["result"] = contribution_as_dict(quote_contribution(**form.quote_arguments()))
        except DomainError as error:
            context["error"] = error.message
    return render(request, "contributions/simulasi_iuran.html", context)
