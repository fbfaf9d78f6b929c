"""Edits that never silently overwrite each other (optimistic concurrency).

Every record a person edits in a form or through `PATCH` carries a `version`, the number of
times it was written. A form carries the version it was opened at, in a hidden field; a `PATCH`
may send it (`version` in the body, or an `If-Match` header). The service locks the row, and:

- when the caller's version is not the stored one, somebody else saved meanwhile: it refuses
  with `StaleEdit` and writes nothing, and the caller shows the record as it now is;
- otherwise it writes only the fields that changed and the next version (`saved_changed`), so
  two writers who change different fields of one record (two `PATCH`es without a version)
  both keep their change.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.core.errors import Conflict

# What a form or a request may name as a version (the column is a 32-bit integer everywhere).
MAX_VERSION = 2**31 - 1


class Versioned(models.Model):
    """A record edited by people: its `version` counts its writes (1 when created)."""

    version = models.PositiveIntegerField(
        gettext_lazy("version"), default=1, db_default=1, editable=False
    )

    class Meta:
        abstract = True


class StaleEdit(Conflict):
    """The caller edited the record as it was at `version`; it has been saved since."""

    code = "stale_version"

    def __init__(self, *, current_version: int, **details: Any) -> None:
        super().__init__(
            _(
                "This record was changed by another user since you opened it. "
                "Check their changes and save again."
            ),
            version=current_version,
            **details,
        )


def version_checked(record: Versioned, expected: int | None) -> None:
    """Refuse an edit made on an older version of the (locked) record; `None`: the caller
    sent no version (an API client changing single fields), nothing to compare."""
    if expected is not None and expected != record.version:
        raise StaleEdit(current_version=record.version)


def saved_changed(record: Versioned, fields: Iterable[str]) -> None:
    """Write `fields` of the (locked) record and its next version, and nothing else: a field
    another writer changed meanwhile is left as they wrote it. `updated_at` is written too
    when the model has one."""
    names = list(dict.fromkeys(fields))
    if "updated_at" not in names and any(
        field.name == "updated_at" for field in record._meta.concrete_fields
    ):
        names.append("updated_at")
    record.version += 1
    record.save(update_fields=[*names, "version"])
