"""A coverage figure as one sentence in the reader's language, always with its base and date:
"38,09 % dari 397.749 pekerja yang eligible, Des 2024" (issue 7)."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.core import formats
from lindungi.coverage.models import DenominatorKind
from lindungi.coverage.rules import Base


def format_percent(value: Decimal) -> str:
    """Two decimals in the active language's format ("38,09" in Indonesian)."""
    return formats.percent(value, 2).removesuffix(" %")


format_count = formats.count


def coverage_sentence(*, percent: Decimal | None, base: Base | None, month: date) -> str:
    """The share with its base and the month it counts, or why it is unknown."""
    when = date_format(month, "M Y")
    if base is None or percent is None:
        return _("coverage unknown: no base of workers for %(month)s") % {"month": when}
    values = {"percent": format_percent(percent), "base": format_count(base.value), "month": when}
    if base.kind == DenominatorKind.ELIGIBLE:
        return _("%(percent)s %% of %(base)s eligible workers, %(month)s") % values
    return _("%(percent)s %% of %(base)s working people, %(month)s") % values


def base_sentence(base: Base) -> str:
    """Where a base comes from: "397.749 eligible workers (BPJS Sumedang, 31 Dec 2024)"."""
    values = {
        "base": format_count(base.value),
        "source": base.source,
        "date": date_format(base.as_of, "j M Y"),
    }
    if base.kind == DenominatorKind.ELIGIBLE:
        return _("%(base)s eligible workers (%(source)s, %(date)s)") % values
    return _("%(base)s working people (%(source)s, %(date)s)") % values
