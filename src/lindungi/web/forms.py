"""How every form of the product is drawn: one field group (label with its required mark,
widget, help and error tied to it by `aria-describedby`) and one summary of errors at the top
naming each field. `{{ form }}` and `{{ field.as_field_group }}` use them (`FORM_RENDERER`);
a page that lays its fields out itself includes `web/forms/_summary.html`."""

from typing import TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import F, Model, Q, UniqueConstraint
from django.db.models.constraints import BaseConstraint
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _


class Renderer(DjangoTemplates):
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"


def has_required(form: forms.BaseForm) -> bool:
    """Whether the form shows a required mark, and so the legend that explains it."""
    return any(field.required for field in form.fields.values() if not field.widget.is_hidden)


M = TypeVar("M", bound=Model)


class ConstraintsExplained(forms.ModelForm[M]):
    """A model form whose table constraints, should one still be broken after the fields'
    own checks, are reported next to the field they concern in words, never by the
    constraint's name (Django's default "Constraint “worker_nik_16_characters” is violated")."""

    def full_clean(self) -> None:
        super().full_clean()
        shown = [str(message) for message in self.errors.get(NON_FIELD_ERRORS, [])]
        named = {
            str(c.get_violation_error_message()): c for c in self._meta.model._meta.constraints
        }
        broken = [named[message] for message in shown if message in named]
        if not broken:
            return
        kept = [message for message in shown if message not in named]
        if kept:
            self.errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
        else:
            del self.errors[NON_FIELD_ERRORS]
        for constraint in broken:
            fields = [name for name in constraint_fields(constraint) if name in self.fields]
            if not fields:
                self.add_error(None, _("These values are not allowed together"))
            for name in fields:
                message = _("%(field)s: this value is not allowed")
                self.add_error(name, message % {"field": self.fields[name].label})


def constraint_fields(constraint: BaseConstraint) -> list[str]:
    """The fields a constraint reads: a unique constraint's own, a check's condition's."""
    if isinstance(constraint, UniqueConstraint) and constraint.fields:
        return list(constraint.fields)
    condition = getattr(constraint, "condition", None)
    names: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            names.append(str(node[0]).split("__")[0])
        elif isinstance(node, F):
            names.append(node.name.split("__")[0])
        elif hasattr(node, "get_source_expressions"):
            for source in node.get_source_expressions():
                walk(source)

    walk(condition)
    return list(dict.fromkeys(names))
