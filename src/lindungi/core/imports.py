"""The record of every file a user imports (`ImportRecord`): started when the import begins,
finished with its counts, or marked refused with the reason. Each import service wraps its work
in `import_recorded`; the list of imports reads them through `import_list`, within the
reader's scope.

The record is written outside the import's own transaction, so that a refused file stays on the
list with its reason while nothing of its rows is written."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.core.errors import DomainError
from lindungi.core.models import ImportRecord
from lindungi.core.scopes import Scope
from lindungi.core.uploads import upload_name

MAX_MESSAGE = 300


def file_name_kept(name: str | None, default: str = "file") -> str:
    """The name the user's browser sent, without folders or odd characters, at most 100
    characters (its end kept: the extension says what the file is).

    >>> file_name_kept("C:\\\\Users\\\\ops\\\\Data Warga RT 03.xlsx")
    'Data Warga RT 03.xlsx'
    """
    return upload_name(name, default)


def import_start(
    *,
    kind: str,
    name: str | None,
    actor: Any,
    scope: Scope,
    status: str = ImportRecord.Status.RUNNING,
    object_id: str = "",
) -> ImportRecord:
    """A new record of an import under way (or `queued` for a background job)."""
    return ImportRecord.objects.create(
        kind=kind,
        file_name=file_name_kept(name),
        started_by=actor if getattr(actor, "pk", None) else None,
        region_code=scope.region_codes[0] if scope.region_codes else "",
        status=status,
        object_id=object_id,
    )


def import_finish(
    record: ImportRecord,
    *,
    status: str = ImportRecord.Status.DONE,
    rows: int = 0,
    created: int = 0,
    refused: int = 0,
    message: str = "",
    object_id: str | None = None,
) -> None:
    """The outcome of an import: its counts, or why it was refused or failed."""
    record.status = status
    record.rows, record.created, record.refused = rows, created, refused
    record.message = message[:MAX_MESSAGE]
    if object_id is not None:
        record.object_id = object_id
    record.finished_at = timezone.now()
    record.save()


@contextmanager
def import_recorded(
    *, kind: str, name: str | None, actor: Any, scope: Scope
) -> Iterator[ImportRecord]:
    """Record an import around its work. The work sets `rows`, `created`, `refused` (and
    `object_id`) on the record it is given; a DomainError marks it refused with its message,
    any other error failed; either is raised again."""
    record = import_start(kind=kind, name=name, actor=actor, scope=scope)
    try:
        yield record
    except DomainError as error:
        import_finish(record, status=ImportRecord.Status.REFUSED, message=error.message)
        raise
    except Exception:
        import_finish(
            record, status=ImportRecord.Status.FAILED, message=_("The import failed unexpectedly")
        )
        raise
    import_finish(
        record,
        rows=record.rows,
        created=record.created,
        refused=record.refused,
        object_id=record.object_id,
    )


def import_list(*, scope: Scope, kinds: list[str] | None = None) -> QuerySet[ImportRecord]:
    """The imports the reader may see, newest first: their own, and their region's when the
    role reads personal data there (file names may name people); everything for superusers.
    An agency's operator sees only their own."""
    records = ImportRecord.objects.select_related("started_by")
    if kinds is not None:
        records = records.filter(kind__in=kinds)
    if scope.is_nationwide:
        return records
    own = Q(started_by_id=scope.user_id) if scope.user_id else Q(pk__in=[])
    if scope.agency_id is not None:
        return records.filter(own)
    return records.filter(own | scope.personal_q("region_code"))
