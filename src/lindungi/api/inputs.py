"""What the API's routes read the same way: a month from the query string, and an uploaded file
(size-checked, then saved under its own cleaned name, whose suffix tells CSV from Excel)."""

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _
from ninja.files import UploadedFile

from lindungi.api.schemas import MAX_UPLOAD_BYTES
from lindungi.core.errors import ValidationFailed
from lindungi.core.months import parse_month
from lindungi.core.uploads import upload_name


def month(text: str | None, field: str = "month") -> dt.date:
    """`2026-01` or `2026-01-15` -> 1 January 2026; anything else is invalid input (422).

    >>> month("2026-03-15")
    datetime.date(2026, 3, 1)
    """
    value = parse_month(text)
    if value is None:
        raise ValidationFailed(
            _("Not a month: %(value)s (use YYYY-MM)") % {"value": text or "-"}, field=field
        )
    return value


def upload_checked(file: UploadedFile, field: str = "file") -> None:
    """Refuse a file above the API's upload limit before anything reads it."""
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(_("The file is larger than 100 MB"), field=field)


@contextmanager
def saved_upload(file: UploadedFile, *, default_name: str) -> Iterator[Path]:
    """The upload, size-checked and written to a temporary folder that is removed afterwards."""
    upload_checked(file)
    with tempfile.TemporaryDirectory(prefix="lindungi-upload-") as folder:
        path = Path(folder) / upload_name(file.name, default_name)
        with path.open("wb") as handle:
            for chunk in file.chunks():
                handle.write(chunk)
        yield path
