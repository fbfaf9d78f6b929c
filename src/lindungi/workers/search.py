"""What a search box's text means for the registry: part of a name, a whole NIK, or nothing.

A search of digits is a search by NIK only when it is a whole, valid NIK, or the masked form the
pages show (`3211••••••••0001`: it matches the visible beginning and end). A search by the start
of a NIK let a role that may not reveal NIKs read a whole NIK (and so the birth date) digit by
digit in about 38 requests; other digits therefore match nothing, for every role: no list offers
a search by part of a number. Letters (with or without digits) search the name.

>>> search_parse("siti  aminah")
Search(name='siti aminah', nik='', prefix='', suffix='', nothing=False)
>>> search_parse("3211 1555 0890 0001").nik
'3211155508900001'
>>> search_parse("3211••••••••0001").masked
'3211••••••••0001'
>>> search_parse("32111555").nothing, search_parse("3211155508900000").nothing
(True, True)
>>> looks_like_nik("32111555"), looks_like_nik("Siti"), looks_like_nik("")
(True, False, False)
"""

import re
from dataclasses import dataclass

from lindungi.core.masking import DOT, mask_nik
from lindungi.workers import nik as nik_rules

# The masked form as pages show it (also typed with asterisks): 4 digits, 8 dots, 4 digits.
_MASKED = re.compile(r"^(\d{4})[•*]{8}(\d{4})$")


@dataclass(frozen=True, slots=True)
class Search:
    name: str = ""  # part of a name
    nik: str = ""  # a whole, valid NIK
    prefix: str = ""  # the masked form's visible beginning and end
    suffix: str = ""
    nothing: bool = False  # digits that are no whole NIK: match nothing

    @property
    def is_nik(self) -> bool:
        """Whether this is a search by NIK (recorded in the audit trail)."""
        return bool(self.nik or self.prefix)

    @property
    def masked(self) -> str:
        """The NIK searched for as the audit trail and the pages may show it."""
        if self.nik:
            return mask_nik(self.nik)
        return self.prefix + DOT * 8 + self.suffix if self.prefix else ""


def search_parse(text: str) -> Search:
    """The meaning of a search text (the rule above)."""
    spaced = " ".join(text.split())
    if not spaced:
        return Search()
    found = _MASKED.match(spaced.replace(" ", ""))
    if found:
        return Search(prefix=found.group(1), suffix=found.group(2))
    digits = nik_rules.compact(spaced)
    if digits.isascii() and digits.isdigit():
        if nik_rules.is_valid(digits):
            return Search(nik=digits)
        return Search(nothing=True)
    return Search(name=spaced)


def looks_like_nik(text: str) -> bool:
    """Whether a text is a search by number (a NIK, its masked form or part of one): what must
    not travel in an address (GET query string), where access logs keep it."""
    parsed = search_parse(text)
    return parsed.is_nik or parsed.nothing
