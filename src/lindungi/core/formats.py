"""Figures as Indonesian offices write them, one function per kind, in the reader's language:
`317.423`, `37,7 %`, `Rp 16.800`, `7 Des 2026`, `Des 2026`, `7 Des 2026 09.51`. Pages use them
through the template filters of `web/templatetags/lindungi.py` (`angka`, `persen`, `rupiah`,
`tanggal`, `bulan`, `waktu`); PDFs, workbooks, CSV notes and chart labels call them directly, so a
figure reads the same wherever it is shown."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format

from lindungi.core.money import format_rupiah

__all__ = ["count", "day", "moment", "month", "percent", "rupiah"]

rupiah = format_rupiah


def count(value: int | str | None) -> str:
    """A whole number with the language's thousands separator: `317.423` in Indonesian."""
    if value is None or value == "":
        return ""
    return number_format(int(value), use_l10n=True, force_grouping=True)


def percent(value: Decimal | float | str | None, places: int = 1) -> str:
    """A percentage with the language's decimal separator and a space before the sign:
    `37,7 %` in Indonesian."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{text} %"


def day(value: date | datetime | None) -> str:
    """`7 Des 2026` (an aware moment is read in the deployment's time zone first)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, "j M Y")


def month(value: date | None) -> str:
    """`Des 2026`: the month a bill, an enrolment or a snapshot counts."""
    return date_format(value, "M Y") if value else ""


def moment(value: datetime | None) -> str:
    """`7 Des 2026 09.51` in the deployment's time zone: when something happened."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, 'j M Y')} {local:%H.%M}"
