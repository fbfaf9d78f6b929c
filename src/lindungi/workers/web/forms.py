"""Forms of the worker pages: they parse and check shapes; the services decide the rules."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.regions.models import Region
from lindungi.regions.web.picker import VillageField, picker_scope
from lindungi.web.forms import ConstraintsExplained
from lindungi.workers import nik as nik_rules
from lindungi.workers.importing.messages import RULES
from lindungi.workers.models import Category, Worker


class WorkerForm(ConstraintsExplained[Worker]):
    """A worker's details, checked field by field before the service (and the database) sees
    them: the NIK by the rules of `workers/nik.py`, the decile and income by the table's own
    constraints, the village inside the reader's region."""

    village_code = VillageField(label=_("Village"))

    class Meta:
        model = Worker
        fields = [
            "nik",
            "name",
            "birth_date",
            "sex",
            "address",
            "phone",
            "occupation",
            "income",
            "category",
            "in_p3ke",
            "in_dtks",
            "desil",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        help_texts = {
            "nik": _("16 digits, as on the KTP"),
            "birth_date": _("Empty: the date the NIK encodes"),
            "sex": _("Empty: the sex the NIK encodes"),
        }

    def __init__(self, *args: Any, scope: Scope, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["sex"].required = False
        # Most workers a village registers are informal, the vulnerable the programs protect.
        self.fields["category"].initial = Category.BPU
        # The bounds of the table's constraints (worker_income_not_negative,
        # worker_desil_1_to_10), said next to the field instead of by the constraint's name.
        for name, low, high in (("income", 0, 10**12), ("desil", 1, 10)):
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update(min=low, max=high)
        picker_scope(self, scope)
        if editing:
            del self.fields["nik"]
        if self.instance.pk:
            self.initial["village_code"] = self.instance.village

    def clean_nik(self) -> str:
        """The NIK compacted, or the rule it breaks (a 15-digit NIK never reaches the table's
        length constraint, whose name means nothing to a user)."""
        value: str = self.cleaned_data["nik"]
        try:
            return nik_rules.parse(value).nik
        except nik_rules.InvalidNik as error:
            if isinstance(error, nik_rules.InvalidLength):
                raise ValidationError(
                    _("a NIK has exactly 16 digits, not %(count)s"),
                    code="nik_length",
                    params={"count": len(error.value)},
                ) from error
            raise ValidationError(RULES[f"nik_{error.rule}"], code=f"nik_{error.rule}") from error

    def village(self) -> Region:
        region: Region = self.cleaned_data["village_code"]
        return region


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
    on_existing = forms.ChoiceField(
        label=_("Workers already registered"),
        choices=[("skip", _("leave them as they are")), ("update", _("update them"))],
    )
    strict = forms.BooleanField(
        label=_("Refuse the whole file if one row is invalid"), required=False
    )
    dry_run = forms.BooleanField(label=_("Only check, save nothing"), required=False)


def show_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)
