"""Forms of the contribution pages: they only parse; the calculator computes and explains."""

from typing import Any, TypedDict

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindungi.contributions.rules import Category, Program, Risk, Stage


class Bounds(TypedDict):
    min_value: int
    max_value: int


RUPIAH: Bounds = {"min_value": 0, "max_value": 10**13}

CATEGORY_CHOICES = [
    (Category.BPU, _("BPU: informal worker")),
    (Category.PU, _("PU: wage earner")),
    (Category.JAKON, _("JAKON: construction project")),
    (Category.PMI, _("PMI: migrant worker")),
]
RISK_CHOICES = [
    ("", "—"),
    (Risk.SANGAT_RENDAH, _("very low")),
    (Risk.RENDAH, _("low")),
    (Risk.SEDANG, _("medium")),
    (Risk.TINGGI, _("high")),
    (Risk.SANGAT_TINGGI, _("very high")),
]
STAGE_CHOICES = [(Stage.PRE, _("before placement")), (Stage.PLACEMENT, _("placement"))]


class ContributionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, initial="BPU")
    programs = forms.MultipleChoiceField(
        label=_("Programs"),
        choices=[(program.value, program.value) for program in Program],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the usual programs of the category."),
    )
    income = forms.IntegerField(label=_("Declared monthly income (BPU)"), required=False, **RUPIAH)
    wage = forms.IntegerField(label=_("Monthly wage (PU)"), required=False, **RUPIAH)
    risk = forms.ChoiceField(
        label=_("Work-accident risk group (PU)"), choices=RISK_CHOICES, required=False
    )
    contract_value = forms.IntegerField(label=_("Contract value (JAKON)"), required=False, **RUPIAH)
    stage = forms.ChoiceField(label=_("Stage (PMI)"), choices=STAGE_CHOICES, required=False)
    contract_months = forms.IntegerField(
        label=_("Contract months (PMI)"), required=False, min_value=1, max_value=240
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def quote_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["on"] = data.pop("date") or timezone.localdate()
        data["programs"] = data["programs"] or None
        data["risk"] = data["risk"] or None
        data["stage"] = data["stage"] or None
        return data
