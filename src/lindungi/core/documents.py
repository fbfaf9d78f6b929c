"""What every printed document and workbook shares: Indonesian month names and dates, figures
as Indonesian offices write them whatever the reader's language (`number`, `rupiah`), the
number formats a workbook gives its cells so that Excel shows `239.050.000`, `37,68 %`,
`Des 2026` (and keeps numbers and dates as numbers and dates), and text the PDF core fonts can
draw. Bills, the BPJS handover letter, TPP lists, the Inpres and coverage reports use these."""

import unicodedata
from datetime import date
from decimal import Decimal

from django.utils import translation

from lindungi.core import formats

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def long_date(day: date) -> str:
    """`24 November 2026`, the way Indonesian letters date themselves."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(month: date) -> str:
    """`November 2026`."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def number(value: int) -> str:
    """`239.050.000`: a count in an Indonesian document, whatever the reader's language."""
    with translation.override("id"):
        return formats.count(value)


def percent(value: Decimal | float, places: int = 2) -> str:
    """`37,68 %` in an Indonesian document, whatever the reader's language."""
    with translation.override("id"):
        return formats.percent(value, places)


rupiah = formats.rupiah  # `Rp 239.050.000` (the same in every language)

# Number formats of workbook cells (xlsxwriter `num_format`). Excel draws the separators of the
# reader's computer: an Indonesian Excel shows `#,##0` as `239.050.000`. Months and days are
# dates in Indonesian (`[$-421]`: Bahasa Indonesia) whatever the computer's language.
COUNT_FORMAT = "#,##0"
RUPIAH_FORMAT = '"Rp "#,##0'
PERCENT_FORMAT = '0.00" %"'
MONTH_FORMAT = "[$-421]mmm yyyy"
DAY_FORMAT = "[$-421]d mmm yyyy"


# Typographic characters people paste into names, and their plain equivalents.
PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "*",
    }
)


def latin1(text: str) -> str:
    """What the core fonts can draw: Latin-1 as it is, other letters without their accents,
    anything else as `?` (a sponsor's name is never lost for want of a glyph)."""
    return "".join(
        char
        if ord(char) < 256
        else unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
        for char in str(text).translate(PLAIN)
    )
