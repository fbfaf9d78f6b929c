"""The public "Simulasi Manfaat": what BPJS pays, computed from the rules in force."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.claims.calculator import benefit_as_dict, component_label, quote_benefit
from lindungi.claims.web.forms import BENEFIT_CHOICES, BenefitForm
from lindungi.core.errors import DomainError


@require_GET
def benefit_simulation(request: HttpRequest) -> HttpResponse:
    """Public "Simulasi Manfaat": what BPJS pays, computed from the rules in force."""
    form = BenefitForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            result = benefit_as_dict(quote_benefit(**form.quote_arguments()))
            context["result"] = {
                **result,
                "type_label": dict(BENEFIT_CHOICES)[result["type"]],
                "components": [
                    {**part, "label": component_label(part["name"])}
                    for part in result["components"]
                ],
            }
        except DomainError as error:
            context["error"] = error.message
    return render(request, "claims/simulasi_manfaat.html", context)
