"""A recorded change read by a person: `{"status": ["not_started", "in_progress"], "due_date":
[None, "2027-02-05"]}` becomes "Status: belum dimulai → sedang berjalan" and "Tanggal
tenggat: — → 5 Feb 2027". Field names become the model's field labels, stored choice values
their labels, ISO days `7 Des 2026`, whole numbers `317.423`; a field the model does not know
keeps its value as stored (a history outlives a renamed field)."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lindungi.core import formats

EMPTY = "—"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class Change:
    field: str  # the field's label
    before: str
    after: str


def shown_value(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return formats.count(value)
    if isinstance(value, datetime):
        return formats.moment(value)
    if isinstance(value, date):
        return formats.day(value)
    if isinstance(value, str) and ISO_MOMENT.fullmatch(value[:16]):
        try:
            return formats.moment(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        try:
            return formats.day(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return ", ".join(shown_value(item, field) for item in value) or EMPTY
    return str(value)


def model_field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = model_field(model, name)
    return str(capfirst(field.verbose_name)) if field is not None else name


def changes_read(model: type[models.Model] | None, changes: dict[str, Any]) -> list[Change]:
    """Each changed field of `model` with its value before and after."""
    rows = []
    for name, values in changes.items():
        field = model_field(model, name)
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        rows.append(
            Change(field_label(model, name), shown_value(before, field), shown_value(after, field))
        )
    return rows
