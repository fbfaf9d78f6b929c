"""The columns of an import's file, declared once: what the importer reads (the title it looks
for and the other titles it accepts, in Bahasa Indonesia and English), whether the column must
be there, how a value is written, an example, and the rule the importer checks. The importer
maps a file's titles with `header_map`; the template a user downloads (`core.import_templates`)
is written from the same declaration, so that the two cannot drift apart.

>>> columns = (Column("nik", "NIK", ("no_ktp",), required=True), Column("name", "Nama", ("name",)))
>>> header_map(columns)
{'nik': 'nik', 'no_ktp': 'nik', 'nama': 'name', 'name': 'name'}
>>> normalise_header(" Tgl. Lahir ")
'tgl_lahir'
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    """One column of an import's file. `header` is the title the template writes (read as
    well, like every title in `aliases`, after `normalise_header`); `fmt` says how a value is
    written, `rule` what the importer checks (both translated); `example` is one valid value."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    fmt: str | Promise = ""
    example: str = ""
    rule: str | Promise = ""


def normalise_header(header: str) -> str:
    """A column title as the importers compare it: lower case, words joined by "_"."""
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


def header_map(columns: Iterable[Column]) -> dict[str, str]:
    """Normalised title -> field, for every title each column accepts (its own first)."""
    mapped: dict[str, str] = {}
    for column in columns:
        for title in (column.header, *column.aliases):
            mapped.setdefault(normalise_header(title), column.field)
    return mapped
