"""Forms of the claim pages and of the public benefit calculator: they only parse; the services
and the calculator decide and explain."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lindungi.claims.benefits import BenefitType, Route
from lindungi.claims.models import ClaimStatus, ClaimType, DocumentKind, JkkKind, ScholarshipRoute
from lindungi.claims.selectors import IN_PROGRESS
from lindungi.contributions.web.forms import CATEGORY_CHOICES, RUPIAH

YEARS = (2000, 2100)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
BENEFIT_CHOICES = [
    (BenefitType.JKM, gettext_lazy("JKM: death")),
    (BenefitType.JKK_DEATH, gettext_lazy("JKK: death from a work accident")),
    (BenefitType.BEASISWA, gettext_lazy("Scholarship for children")),
    (BenefitType.STMB, gettext_lazy("STMB: pay while unable to work")),
]


def blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


def text(value: str) -> str:
    """Free text from a form or the query string, without the NUL characters no database
    stores."""
    return value.replace("\x00", "")


IN_PROGRESS_LABEL = gettext_lazy("in progress (not paid, not rejected)")


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("NIK or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=blank(
            [
                *ClaimStatus.choices,
                (IN_PROGRESS, IN_PROGRESS_LABEL),
            ],
            gettext_lazy("All statuses"),
        ),
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=blank(ClaimType.choices, gettext_lazy("All types")),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the event"),
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
    )


class ClaimReportForm(forms.Form):
    worker = forms.IntegerField(label=gettext_lazy("Worker"), min_value=1, max_value=2**63 - 1)
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=ClaimType.choices)
    jkk_kind = forms.ChoiceField(
        label=gettext_lazy("Work accident benefit"),
        required=False,
        choices=blank(JkkKind.choices),
        help_text=gettext_lazy("For a work accident (JKK) only"),
    )
    scholarship_route = forms.ChoiceField(
        label=gettext_lazy("Scholarship route"),
        required=False,
        choices=blank(ScholarshipRoute.choices),
        help_text=gettext_lazy("For a scholarship only"),
    )
    children = forms.IntegerField(
        label=gettext_lazy("Children at school"), required=False, min_value=1, max_value=20
    )
    months_off = forms.IntegerField(
        label=gettext_lazy("Months unable to work"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=gettext_lazy("For temporary incapacity to work (STMB) only"),
    )
    event_date = forms.DateField(label=gettext_lazy("Event date"), widget=DATE_INPUT)
    event_time = forms.TimeField(
        label=gettext_lazy("Event time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy(
            "For a work accident: the 2 x 24 hour reporting deadline counts from it"
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=2000, widget=forms.Textarea
    )

    def clean_notes(self) -> str:
        return text(self.cleaned_data["notes"])


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("BPJS's decision"),
        choices=[("approve", gettext_lazy("approved")), ("reject", gettext_lazy("rejected"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Required for a rejection"),
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Amount approved (Rupiah)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=gettext_lazy(
            "Leave empty to approve the benefit computed above; another amount needs its "
            "reason and a second officer's approval, and never exceeds the maximum shown"
        ),
    )

    def clean_reason(self) -> str:
        return text(self.cleaned_data["reason"])


class PayForm(forms.Form):
    amount = forms.IntegerField(
        label=gettext_lazy("Amount paid (Rupiah)"), min_value=1, max_value=10**15
    )
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DATE_INPUT)
    reference = forms.CharField(label=gettext_lazy("Transfer reference"), max_length=100)

    def clean_reference(self) -> str:
        return text(self.cleaned_data["reference"])


class BenefitForm(forms.Form):
    """The public "Simulasi Manfaat"."""

    type = forms.ChoiceField(label=gettext_lazy("Benefit"), choices=BENEFIT_CHOICES, initial="JKM")
    category = forms.ChoiceField(
        label=gettext_lazy("Category"), choices=CATEGORY_CHOICES, initial="BPU"
    )
    income = forms.IntegerField(
        label=gettext_lazy("Declared monthly income (BPU)"),
        required=False,
        min_value=RUPIAH["min_value"],
        max_value=RUPIAH["max_value"],
    )
    wage = forms.IntegerField(
        label=gettext_lazy("Monthly wage"),
        required=False,
        min_value=RUPIAH["min_value"],
        max_value=RUPIAH["max_value"],
    )
    months_paid = forms.IntegerField(
        label=gettext_lazy("Months of contributions paid"),
        required=False,
        min_value=0,
        max_value=1200,
    )
    months_off = forms.IntegerField(
        label=gettext_lazy("Months unable to work (STMB)"),
        required=False,
        min_value=0,
        max_value=600,
    )
    children = forms.IntegerField(
        label=gettext_lazy("Children (scholarship)"), required=False, min_value=1, max_value=20
    )
    route = forms.ChoiceField(
        label=gettext_lazy("Scholarship through"),
        choices=[(Route.JKM, "JKM"), (Route.JKK, "JKK")],
        required=False,
    )
    date = forms.DateField(
        label=gettext_lazy("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def quote_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["on"] = data.pop("date") or timezone.localdate()
        data["children"] = data["children"] or 2
        data["route"] = data["route"] or Route.JKM
        return data
