"""How every form of the product is drawn: one field group (label with its required mark,
widget, help and error tied to it by `aria-describedby`) and one summary of errors at the top
naming each field. `{{ form }}` and `{{ field.as_field_group }}` use them (`FORM_RENDERER`);
a page that lays its fields out itself includes `web/forms/_summary.html`."""

from django import forms
from django.forms.renderers import DjangoTemplates


class Renderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def has_required(form: forms.BaseForm) -> bool:
    """Whether the form shows a required mark, and so the legend that explains it."""
    return any(field.required for field in form.fields.values() if not field.widget.is_hidden)
