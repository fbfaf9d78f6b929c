"""What a page, PDF, workbook or CSV shown in Indonesian must not contain (issue 19): English
words, snake_case identifiers, internal file names and five-digit or longer numbers written
without a thousands separator. The crawl of every page (tests/scope/test_crawl.py) and the tests
of every file the product produces read their text through `findings`.

Codes and identifiers users need are allowed: NIK (16 digits), KK, KPJ, NPWP, phone numbers,
Kemendagri region codes (`32.11.01.2001`), bill and batch numbers (letters with digits), years
and months written `2026`, `2026-12` in inputs."""

import re
from html.parser import HTMLParser

# Words that are English and not Indonesian (a word both languages use, such as "status",
# "data", "program", "menu", "total", "demo", "target" (KBBI: sasaran), the banks' "virtual
# account" or the "No" of "No KK", is not here). Extend, don't shorten.
ENGLISH = frozenset(
    """
    the and of with without from for to not yes none unknown derived release labour force
    published own worker workers enrolment enrolments bill bills payment payments
    sponsor sponsors village villages regency agency coverage arrears claim claims batch
    batches import imports export upload download file files report reports page pages home
    login logout sign password username user users error errors warning required invalid
    field fields value values row rows column columns totals month months year years
    date dates amount amounts active inactive pending approved rejected verified confirmed
    submitted draft paid unpaid due overdue ended expired started until since before after
    search filter filters sort next previous more less show hide edit save cancel delete
    add remove new open close closed view details summary list settings help about
    found requested resource method allowed forbidden denied changed added created
    updated deleted record recorded region regions name names role roles
    unemployed participants participant task tasks team employer employers referral
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:md|py|csv|xlsx|json|txt|pdf|html)\b", re.IGNORECASE)
RANDOM_NAME = re.compile(
    r"\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{12,}\b"
)
# A run of five or more digits not inside a code: not joined to letters, dots, dashes, slashes
# or other digits; a NIK/KK (16), KPJ (11), phone numbers (10-13, often with +62 or 08) and
# years are codes, so only 5 to 9 bare digits count as an unformatted number.
BARE_NUMBER = re.compile(r"(?<![\w./:+#-])\d{5,9}(?![\w./:-])")


def findings(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Every foreign word, identifier, internal file name and unformatted number in `text`
    (already stripped of markup), each once, in order of appearance."""
    found: list[str] = []
    for pattern, kind in (
        (SNAKE, "identifier"),
        (FILE_NAME, "file name"),
        (RANDOM_NAME, "stored name"),
        (BARE_NUMBER, "number"),
    ):
        found += [f"{kind}: {match}" for match in pattern.findall(text) if match not in allowed]
    found += [
        f"English: {word}"
        for word in WORD.findall(text)
        if word.lower() in ENGLISH and word not in allowed
    ]
    return list(dict.fromkeys(found))


class _Shown(HTMLParser):
    """The text a person sees on a page: its words outside markup, scripts and styles, and
    the attributes a browser shows or reads aloud. What the page marks `translate="no"` (HTML's
    own mark, which browsers' translators respect too) is a name kept as its owner wrote it —
    an uploaded file's name, a licence's title, a command to type — and is not read."""

    SHOWN = frozenset({"title", "placeholder", "aria-label", "alt"})
    BUTTONS = frozenset({"submit", "button", "reset"})
    HIDDEN = frozenset({"script", "style", "template"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.verbatim: list[str] = []  # the open elements from a translate="no" one down

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.verbatim or values.get("translate") == "no":
            if tag not in self.VOID:
                self.verbatim.append(tag)
            return
        if tag in self.HIDDEN:
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN and value]
        if tag == "input" and values.get("type") in self.BUTTONS and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.verbatim:
            if tag in self.verbatim:
                del self.verbatim[len(self.verbatim) - 1 - self.verbatim[::-1].index(tag) :]
            return
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.verbatim and data.strip():
            self.parts.append(data.strip())


def shown_text(html: str) -> str:
    """A page's text as a person sees it, one piece a line."""
    reader = _Shown()
    reader.feed(html)
    reader.close()
    return "\n".join(reader.parts)
