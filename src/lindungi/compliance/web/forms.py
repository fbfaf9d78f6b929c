"""Forms of the Inpres 2/2021 pages (tasks, team, agreements, activities, employers and their
referral cases): they parse and check shapes; the compliance services decide. The choices (the
regency's agencies, villages and employers) are given by the view."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lindungi.compliance import referrals as workflow
from lindungi.compliance.models import (
    ActivityKind,
    AgreementKind,
    ReferralStep,
    TaskStatus,
    TeamRole,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
Choices = list[tuple[Any, str]]


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class MemberForm(forms.Form):
    """A member of the coordination team."""

    name = forms.CharField(label=_("Name"), max_length=150)
    team_role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    position = forms.CharField(label=_("Position"), required=False, max_length=200)
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("When not an agency of the regency: BPJS, the prosecutor's office…"),
    )
    contact = forms.CharField(label=_("Contact"), required=False, max_length=200)

    def __init__(self, *args: Any, agencies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "agency").choices = [("", "—"), *agencies]


class AgreementForm(forms.Form):
    """A cooperation agreement (KSO/PKS/MoU), its parties and period, and its document."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Empty: until revoked"),
    )
    with_bpjs = forms.BooleanField(
        label=_("With BPJS Ketenagakerjaan"), required=False, initial=True
    )
    village = forms.ChoiceField(label=_("Village"), required=False)
    employer = forms.TypedChoiceField(
        label=_("Company"), required=False, coerce=int, empty_value=None
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    other_parties = forms.CharField(label=_("Other parties"), required=False, max_length=300)
    scope_text = forms.CharField(
        label=_("Scope"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Signed document (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(
        self,
        *args: Any,
        villages: Choices,
        employers: Choices,
        agencies: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "village").choices = [("", "—"), *villages]
        _choice(self, "employer").choices = [("", "—"), *employers]
        _choice(self, "agency").choices = [("", "—"), *agencies]


class ActivityForm(forms.Form):
    """An FGD, socialisation, audience or meeting, its audience and attendance."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    organiser = forms.CharField(label=_("Organiser"), required=False, max_length=200)
    villages = forms.MultipleChoiceField(
        label=_("Villages in the audience"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose several"),
    )
    agencies = forms.TypedMultipleChoiceField(
        label=_("Agencies in the audience"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    asn_present = forms.IntegerField(
        label=_("Civil servants present"), min_value=0, max_value=10_000_000, initial=0
    )
    workers_present = forms.IntegerField(
        label=_("Workers present"), min_value=0, max_value=10_000_000, initial=0
    )
    attendance = forms.IntegerField(
        label=_("Attendance"), min_value=0, max_value=10_000_000, initial=0
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, villages: Choices, agencies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "villages").choices = villages
        _choice(self, "agencies").choices = agencies


def clean_text(value: str) -> str:
    return value.replace("\x00", "")


class TaskForm(forms.Form):
    duty = forms.CharField(label=_("Duty"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)
    agency = forms.TypedChoiceField(
        label=_("Responsible agency"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    evidence_link = forms.URLField(
        label=_("Evidence link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=_("Evidence document (PDF, JPEG or PNG)"),
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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Employers' list (CSV or Excel)"),
        help_text=_(
            "Columns: NIB, name (nama), status; optional: sector, address, workers, arrears, "
            "region code"
        ),
    )


class OpenForm(forms.Form):
    day = forms.DateField(label=_("Date of the first warning (SP1)"), widget=DATE_INPUT)
    reference = forms.CharField(label=_("Letter number"), required=False, max_length=100)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = forms.FileField(
        label=_("Letter (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class StepForm(OpenForm):
    step = forms.ChoiceField(label=_("Next step"), choices=())
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    skk_number = forms.CharField(
        label=_("Special power of attorney (SKK) number"),
        required=False,
        max_length=100,
    )
    prosecutor_office = forms.CharField(
        label=_("Prosecutor's office"), required=False, max_length=200
    )
    field_order = ["step", "day", "reference", "skk_number", "prosecutor_office", "note"]

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [  # type: ignore[attr-defined]
            (step, ReferralStep(step).label) for step in workflow.allowed_after(current)
        ]
