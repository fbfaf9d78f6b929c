"""Forms of the billing pages: they parse and check shapes; the billing services decide."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindungi.billing.models import BillKind, Channel, LineOutcome
from lindungi.billing.rules import PREPAY_MONTHS
from lindungi.core.months import month_start, parse_month

# Channels an officer records by hand (a statement's payments come from the import).
HAND_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.STATEMENT]


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class MonthField(forms.DateField):
    """A month as `2026-01` (the browser's month picker), the first day of it once cleaned."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value: Any) -> date | None:
        """Read as everywhere else (`core.months.parse_month`): `2026-01` or a day of it."""
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return month_start(value.date())
        if isinstance(value, date):
            return month_start(value)
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


class BillFilterForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
    state = forms.ChoiceField(
        label=_("Paid or open"),
        required=False,
        choices=[("", _("All bills")), ("open", _("Open")), ("paid", _("Paid"))],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Bills and credit notes")), *BillKind.choices],
    )

    def values(self) -> dict[str, Any]:
        """The arguments of `selectors.bill_list`; none when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "month": data["month"],
            "kind": data["kind"] or None,
            "is_open": {"open": True, "paid": False}.get(data["state"]),
        }


class PaymentForm(forms.Form):
    """An officer records money a sponsor paid."""

    sponsor = forms.TypedChoiceField(label=_("Sponsor"), choices=(), coerce=int)
    amount = forms.IntegerField(label=_("Amount (Rupiah)"), min_value=1, max_value=10**13)
    paid_on = forms.DateField(
        label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=HAND_CHANNELS)
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=60,
        help_text=_("The bank's or BPJS's transaction reference, or the SP2D number"),
    )

    def __init__(self, *args: Any, sponsors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "sponsor").choices = [("", "—"), *sponsors]
        self.fields["paid_on"].initial = timezone.localdate()


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("BPJS payment statement (CSV or Excel)"),
        help_text=_("Columns: bill number (No Tagihan), amount (Jumlah) and date (Tanggal)"),
    )


class TppForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Agency"), choices=(), coerce=int)
    month = MonthField(label=_("Month"))

    def __init__(self, data: Any, *, agencies: list[tuple[int, str]]) -> None:
        super().__init__(data)
        _choice(self, "agency").choices = agencies


CONTINUE_CHOICES = [
    ("renew", _("Renew with the same sponsor")),
    ("move", _("Move to another sponsor")),
    ("self_pay", _("The worker continues paying for themself")),
]


class ContinueForm(forms.Form):
    """One step to continue an enrolment whose sponsored period ends soon."""

    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label=_("Continue how"), choices=CONTINUE_CHOICES)
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, choices=(), coerce=int, empty_value=None
    )
    sponsor = forms.TypedChoiceField(
        label=_("New sponsor (when moving)"),
        required=False,
        choices=(),
        coerce=int,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        programs: list[tuple[int, str]],
        sponsors: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "program").choices = [("", _("The same program")), *programs]
        _choice(self, "sponsor").choices = [("", "—"), *sponsors]


class BillingRunForm(forms.Form):
    """The regional admin bills a month (or several ahead) to the sponsors of their regency."""

    month = MonthField(label=_("First month billed"))
    months_ahead = forms.TypedChoiceField(
        label=_("Months on one bill"),
        coerce=int,
        choices=[(months, str(months)) for months in PREPAY_MONTHS],
        initial=1,
        help_text=_("3, 6 or 12 when sponsors pay ahead"),
    )
    region = forms.CharField(
        label=_("Region code (regency or province)"),
        max_length=13,
        help_text=_("For example 32.11"),
    )

    def __init__(self, *args: Any, choose_region: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = month_start(timezone.localdate())
        if not choose_region:
            del self.fields["region"]


class CorrectionsForm(forms.Form):
    region = forms.CharField(label=_("Region code (regency or province)"), max_length=13)

    def __init__(self, *args: Any, choose_region: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_region:
            del self.fields["region"]


class StatementLineResolveForm(forms.Form):
    """How a statement line that matched no bill is resolved; the service checks the bill,
    the amount and the reason."""

    outcome = forms.ChoiceField(label=_("Resolution"), choices=LineOutcome.choices)
    bill = forms.CharField(
        label=_("Bill number"),
        required=False,
        max_length=60,
        help_text=_("Only when the line is allocated to a bill"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CostShareForm(forms.Form):
    """A co-sponsor's share of one enrolment, in percent of each month (two decimals). The
    choices only help the page: the service checks the enrolment and the sponsor in scope."""

    enrolment = forms.IntegerField(label=_("Enrolment"), min_value=1, max_value=2**62)
    sponsor = forms.IntegerField(label=_("Co-sponsor"), min_value=1, max_value=2**62)
    percent = forms.DecimalField(
        label=_("Share of each month (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99.99"),
        decimal_places=2,
        localize=True,
    )

    def __init__(
        self,
        *args: Any,
        enrolments: list[tuple[int, str]] | None = None,
        sponsors: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].widget = forms.Select(choices=enrolments or [])
        self.fields["sponsor"].widget = forms.Select(choices=sponsors or [])

    def basis_points(self) -> int:
        return int(self.cleaned_data["percent"] * 100)


class CostShareEndForm(forms.Form):
    enrolment = forms.IntegerField(min_value=1, max_value=2**62)
    sponsor = forms.IntegerField(min_value=1, max_value=2**62)
