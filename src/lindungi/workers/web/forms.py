"""Forms of the worker pages: they parse and check shapes; the services decide the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindungi.core.errors import DomainError, NotFound
from lindungi.regions.models import Level, Region
from lindungi.workers.models import Worker


class WorkerForm(forms.ModelForm[Worker]):
    village_code = forms.CharField(label=_("Village code"), max_length=13)

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
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["sex"].required = False
        if editing:
            del self.fields["nik"]
        if self.instance.pk:
            self.initial["village_code"] = self.instance.village_id

    def village(self) -> Region:
        code = self.cleaned_data["village_code"].strip()
        region = Region.objects.filter(code=code, level=Level.VILLAGE).first()
        if region is None:
            raise NotFound(str(_("Village %(code)s not found")) % {"code": code})
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
