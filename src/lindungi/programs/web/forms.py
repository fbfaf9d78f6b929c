"""Forms of the programs pages: they parse and check shapes; the services decide the rules."""

from typing import Any, cast

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SchemeForm(forms.Form):
    """The regional admin starts a program from one of the ready schemes."""

    scheme = forms.ChoiceField(label=_("Scheme"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)

    def __init__(self, *args: Any, schemes: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scheme"]).choices = [
            (key, (str(s.name) % {"year": ""}).strip()) for key, s in schemes.items()
        ]
        self.fields["year"].initial = timezone.localdate().year


class SponsorRegisterForm(forms.Form):
    """A village (with its village meeting's decision) or an agency registers as a sponsor."""

    name = forms.CharField(label=_("Sponsor name"), max_length=200)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=())
    decision_number = forms.CharField(
        label=_("Village meeting (musyawarah desa) decision number"), max_length=100
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, village: bool, sources: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["funding_source"]).choices = sources
        if not village:
            del self.fields["decision_number"]
            del self.fields["decision_date"]


class CandidateFilterForm(forms.Form):
    """Filters of the list of residents a sponsor may enrol. `filtered` tells a submitted form
    from a first visit, so that "only not yet protected" can be on by default and still be
    switched off (an unticked box is not sent)."""

    q = forms.CharField(label=_("Name or NIK"), required=False, max_length=100)
    occupation = forms.ChoiceField(label=_("Occupation"), required=False, choices=())
    listed = forms.BooleanField(label=_("Only listed in P3KE or DTKS"), required=False)
    unprotected = forms.BooleanField(label=_("Only not yet protected"), required=False)
    filtered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, occupations: list[str]) -> None:
        data = data if data.get("filtered") else {"unprotected": "on", "filtered": "1"}
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["occupation"]).choices = [
            ("", _("All occupations")),
            *((value, value) for value in occupations),
        ]

    def values(self) -> dict[str, Any]:
        """The arguments of `selectors.candidates`; the defaults when the form is invalid."""
        if not self.is_valid():
            return {"search": "", "occupation": "", "listed_only": False, "unprotected_only": True}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "occupation": data["occupation"],
            "listed_only": data["listed"],
            "unprotected_only": data["unprotected"],
        }


class EnrolmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIK"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=())
    program = forms.TypedChoiceField(
        label=_("Program"), required=False, choices=(), coerce=int, empty_value=None
    )

    def __init__(self, data: Any, *, statuses: Any, programs: Any) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *statuses,
        ]
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", _("All programs")),
            *((program.pk, str(program)) for program in programs),
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=300)


class BatchCreateForm(forms.Form):
    program = forms.TypedChoiceField(label=_("Program"), choices=(), coerce=int)

    def __init__(self, *args: Any, programs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["program"]).choices = programs


class ExportPurposeForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose of this download"),
        max_length=200,
        help_text=_("Recorded with your name: the file holds full NIKs."),
    )


class ConfirmationUploadForm(forms.Form):
    file = forms.FileField(label=_("BPJS confirmation file (Excel or CSV)"))


HOUSEHOLD_OCCUPATIONS = ["asisten rumah tangga", "sopir", "tukang kebun", "pengasuh anak", "satpam"]


class HouseholdWorkerForm(forms.Form):
    """A civil servant protects a worker of their household by NIK: one already registered in
    the regency is found by it, another is registered in the same step. The village is picked
    from the villages of the regency by name (htmx fills the list as she types) or typed as a
    Kemendagri code; without JavaScript a name only one village bears, or a code, is enough."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        help_text=_("A worker already registered in your regency is found by the NIK"),
    )
    name = forms.CharField(label=_("Name (as on the KTP)"), max_length=150)
    village = forms.CharField(
        label=_("Village where the worker lives"),
        max_length=200,
        required=False,
        help_text=_(
            "Type the village's name and pick it from the list, or its code "
            "(for example 32.11.15.2001); not needed for a worker already registered"
        ),
        widget=forms.TextInput(
            attrs={
                "list": "village-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("web:village_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#village-options",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
                "data-testid": "village",
            }
        ),
    )
    occupation = forms.CharField(
        label=_("Occupation"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "household-occupations"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the monthly deduction of the contribution from my TPP"),
    )


class ParticipationConfirmForm(forms.Form):
    """A village confirms its program of the year with its village meeting's decision (an
    agency with its budget document)."""

    participation = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    decision_number = forms.CharField(
        label=_("Decision number (musdes, or the agency's budget document)"),
        max_length=100,
        required=False,
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    quota = forms.IntegerField(
        label=_("Workers agreed"), min_value=1, max_value=10_000_000, required=False
    )


class EndForm(forms.Form):
    """Why and when a protection ends (a life event)."""

    reason = forms.ChoiceField(label=_("Reason"), choices=())
    event_date = forms.DateField(
        label=_("Date of the event"),
        widget=forms.DateInput(
            attrs={"type": "date", "data-testid": "end-date"}, format="%Y-%m-%d"
        ),
        help_text=_("Protection ends after this month; months billed after it are credited."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, reasons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reason"]).choices = reasons


class DeathForm(forms.Form):
    died_on = forms.DateField(
        label=_("Date of death"),
        widget=forms.DateInput(attrs={"type": "date", "data-testid": "died-on"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example the number of the death certificate"),
    )


class DeathsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of deaths (Excel or CSV)"),
        help_text=_("One row per worker: NIK and date of death (tanggal meninggal)."),
    )


class EndingsCreateForm(forms.Form):
    region = forms.ChoiceField(label=_("Regency/city"), choices=())

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = regions


# The funding sources each kind of sponsor may name (the first is the default).
SPONSOR_SOURCES: dict[str, list[str]] = {
    "DESA": ["DANA_DESA", "ADD", "PADES"],
    "OPD": ["APBD"],
    "ASN": ["TPP"],
    "PERUSAHAAN": ["CSR"],
    "BAZNAS": ["ZAKAT"],
    "DONATUR": ["DONATION", "APBD", "CSR"],
    "MANDIRI": ["SELF"],
}


class SponsorCreateForm(forms.Form):
    """The regional admin registers a sponsor of any kind: the fields are those the kind needs
    (`SPONSOR_SOURCES` for the funding sources); the service checks the rest."""

    name = forms.CharField(label=_("Sponsor name"), max_length=200)
    village_code = forms.CharField(
        label=_("Village code"),
        max_length=13,
        help_text=_("The Kemendagri code of the village, for example 32.11.15.2001"),
    )
    agency = forms.TypedChoiceField(label=_("Agency (OPD)"), choices=(), coerce=int)
    account = forms.TypedChoiceField(label=_("Civil servant's account"), choices=(), coerce=int)
    tpp = forms.IntegerField(
        label=_("Monthly allowance (TPP), Rupiah"), required=False, min_value=0, max_value=10**12
    )
    worker_nik = forms.CharField(
        label=_("NIK of the worker who pays for themself"), min_length=16, max_length=16
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=())
    decision_number = forms.CharField(
        label=_("Village meeting (musyawarah desa) decision number"),
        max_length=100,
        required=False,
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    contact = forms.CharField(
        label=_("Contact (person, phone or e-mail)"), max_length=200, required=False
    )

    FIELDS: dict[str, tuple[str, ...]] = {
        "DESA": ("village_code", "decision_number", "decision_date"),
        "OPD": ("agency",),
        "ASN": ("account", "tpp"),
        "PERUSAHAAN": (),
        "BAZNAS": (),
        "DONATUR": (),
        "MANDIRI": ("worker_nik",),
    }
    OPTIONAL = ("village_code", "agency", "account", "tpp", "worker_nik")

    def __init__(
        self,
        *args: Any,
        kind: str,
        sources: list[tuple[str, Any]],
        agencies: list[tuple[int, str]],
        accounts: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        wanted = self.FIELDS[kind]
        for name in (*self.OPTIONAL, "decision_number", "decision_date"):
            if name not in wanted:
                del self.fields[name]
        cast(forms.ChoiceField, self.fields["funding_source"]).choices = sources
        if "agency" in self.fields:
            cast(forms.ChoiceField, self.fields["agency"]).choices = agencies
        if "account" in self.fields:
            cast(forms.ChoiceField, self.fields["account"]).choices = accounts
