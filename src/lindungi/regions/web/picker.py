"""The village picker of every form that names a village: a text input whose suggestions
(`<datalist id="village-options">`) htmx fills from `/wilayah/pilih-desa/` as the user types,
at most 20 villages of her own region. Without JavaScript, a Kemendagri code or a name only one
village of the region bears is enough (`regions.selectors.village_from_text` reads either)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.regions.models import Region
from lindungi.regions.selectors import village_from_text

PICKER_HELP = _(
    "Type the village's name and pick it from the list, or its code (for example 32.11.15.2001)"
)


def village_label(village: Region) -> str:
    """What the picker shows for a chosen village, and reads back: `Cikeruh · Jatinangor ·
    32.11.15.2001` (the district tells apart villages of one name)."""
    district = village.parent.name.title() if village.parent else ""
    return " · ".join(part for part in (village.name.title(), district, village.code) if part)


class VillagePicker(forms.TextInput):
    """A text input with the village suggestions beside it (one picker on a page)."""

    template_name = "regions/widgets/village_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "list": "village-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("web:village_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#village-options",
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
                **(attrs or {}),
            }
        )


class VillageField(forms.CharField):
    """A village of the reader's region, picked or typed; `clean` gives the `Region`.
    `scope` is set by the form that knows the reader (`picker_scope`)."""

    widget = VillagePicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", PICKER_HELP)
        super().__init__(**kwargs)
        self.scope: Scope | None = None

    def prepare_value(self, value: Any) -> Any:
        return village_label(value) if isinstance(value, Region) else value

    def clean(self, value: Any) -> Region | None:
        text = super().clean(value)
        if not text:
            return None
        if self.scope is None:
            raise ValidationError(_("No village can be chosen here"), code="no_scope")
        try:
            return village_from_text(scope=self.scope, text=text)
        except DomainError as error:
            raise ValidationError(error.message, code="village") from error


def picker_scope(form: forms.BaseForm, scope: Scope) -> None:
    """Let the form's village pickers search the reader's region."""
    for field in form.fields.values():
        if isinstance(field, VillageField):
            field.scope = scope
