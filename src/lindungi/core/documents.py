"""What every printed document shares: Indonesian month names and dates, and text the PDF core
fonts can draw. Bills, the BPJS handover letter, TPP lists and the Inpres and coverage reports
use these."""

import unicodedata
from datetime import date

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
