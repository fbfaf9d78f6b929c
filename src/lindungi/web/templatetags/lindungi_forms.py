"""Template filters of the shared form rendering (`web/forms/`)."""

from django import forms, template

from lindungi.web.forms import has_required

register = template.Library()
register.filter("has_required", has_required)


@register.filter
def filterable(field: forms.BoundField) -> bool:
    """Whether a filter field can change what a list shows: a choice with one value or none
    to pick (beyond "all") filters nothing, and is not drawn."""
    return useful(field.field)


def useful(field: forms.Field) -> bool:
    choices = getattr(field, "choices", None)
    if choices is None:
        return True
    return sum(1 for value, _label in choices if value not in ("", None)) > 1
