"""The coverage pages' tables and charts, built once from the coverage selectors and shown three
ways: as HTML tables, as sheets of a workbook and in the regent's PDF report.

A table keeps typed values (counts, percentages, Rupiah, months; `None` is unknown) and says
how each column reads; the page formats them in the reader's language, the workbook writes
them as numbers, and no cell is ever a formula. A chart is the small JSON spec that
`static/web/app.js` draws with the vendored Chart.js.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.core.money import format_rupiah
from lindungi.coverage import rules
from lindungi.coverage.children import ChildFigure
from lindungi.coverage.selectors import Figure
from lindungi.coverage.trend import TrendPoint
from lindungi.coverage.wording import format_count, format_percent
from lindungi.programs.models import SponsorKind
from lindungi.workers.models import Category

Cell = str | int | Decimal | date | None

TEXT, COUNT, PERCENT, RUPIAH, MONTH = "text", "count", "percent", "rupiah", "month"
NUMERIC = {COUNT, PERCENT, RUPIAH}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass(frozen=True)
class Shown:
    text: str
    numeric: bool
    link: str | None = None


@dataclass
class Table:
    key: str  # the sheet's name and the HTML id
    title: str
    columns: list[Column]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # the first cell's link, per row
    shown_limit: int | None = None  # the page shows the first rows; the workbook all

    def display_rows(self) -> list[list[Shown]]:
        rows = self.rows[: self.shown_limit] if self.shown_limit else self.rows
        shown = []
        for index, row in enumerate(rows):
            link = self.links[index] if index < len(self.links) else None
            shown.append(
                [
                    Shown(
                        show(value, column.kind),
                        column.kind in NUMERIC,
                        link if position == 0 else None,
                    )
                    for position, (value, column) in enumerate(zip(row, self.columns, strict=True))
                ]
            )
        return shown

    @property
    def hidden(self) -> int:
        return max(0, len(self.rows) - self.shown_limit) if self.shown_limit else 0


def show(value: Cell, kind: str) -> str:
    """A cell as the reader reads it; unknown percentages say so, never 0 %."""
    if value is None:
        return _("unknown") if kind == PERCENT else "—"
    if kind == COUNT and isinstance(value, int):
        return format_count(value)
    if kind == PERCENT and isinstance(value, (Decimal, int)):
        return f"{format_percent(Decimal(value))} %"
    if kind == RUPIAH and isinstance(value, int):
        return format_rupiah(value)
    if kind == MONTH and isinstance(value, date):
        return date_format(value, "M Y")
    if isinstance(value, date):
        return date_format(value, "j M Y")
    return str(value)


def category_label(code: str) -> str:
    return str(dict(Category.choices).get(code, code))


def sponsor_kind_label(code: str) -> str:
    return str(dict(SponsorKind.choices).get(code, code))


def _base_text(base: rules.Base | None) -> str:
    if base is None:
        return ""
    return f"{base.source} ({date_format(base.as_of, 'j M Y')})"


def trend_table(points: Sequence[TrendPoint]) -> Table:
    return Table(
        "trend",
        _("Coverage month by month"),
        [
            Column(_("Month"), MONTH),
            Column(_("Protected workers"), COUNT),
            Column(_("Base (workers)"), COUNT),
            Column(_("Coverage"), PERCENT),
            Column(_("Target"), PERCENT),
            Column(_("Base source"), TEXT),
        ],
        [
            (
                point.month,
                point.protected,
                point.base.value if point.base else None,
                point.percent,
                point.target_percent,
                _base_text(point.base),
            )
            for point in points
        ],
    )


def _shares(counts: dict[str, int], total: int) -> list[tuple[str, int, Decimal | None]]:
    return [(code, count, rules.share(count, total)) for code, count in counts.items()]


def category_table(figure: Figure) -> Table:
    return Table(
        "categories",
        _("Protected workers by category"),
        [Column(_("Category")), Column(_("Protected workers"), COUNT), Column(_("Share"), PERCENT)],
        [
            (category_label(code), count, part)
            for code, count, part in _shares(figure.by_category, figure.protected)
        ],
    )


def sponsor_table(figure: Figure) -> Table:
    return Table(
        "sponsors",
        _("Protected workers by who pays"),
        [
            Column(_("Sponsor kind")),
            Column(_("Protected workers"), COUNT),
            Column(_("Share"), PERCENT),
        ],
        [
            (sponsor_kind_label(code), count, part)
            for code, count, part in _shares(figure.by_sponsor_kind, figure.protected)
        ],
    )


def children_table(children: Sequence[ChildFigure], link: Any = None) -> Table:
    """The regions below, highest coverage first (unknown last); `link(code)` names a row's
    page."""
    ordered = sorted(
        children,
        key=lambda c: (c.percent is None, -(c.percent or 0), -c.protected, c.code),
    )
    return Table(
        "regions",
        _("Regions below, by coverage"),
        [
            Column(_("Region")),
            Column(_("Code")),
            Column(_("Protected workers"), COUNT),
            Column(_("Base (workers)"), COUNT),
            Column(_("Coverage"), PERCENT),
            Column(_("Target"), PERCENT),
            Column(_("Still to protect"), COUNT),
        ],
        [
            (
                child.name,
                child.code,
                child.protected,
                child.base.value if child.base else None,
                child.percent,
                child.target_percent,
                child.gap_workers,
            )
            for child in ordered
        ],
        [link(child.code) if link else None for child in ordered],
    )


def gap_table(figure: Figure) -> Table:
    """The area's headline figure and what reaching the year's target takes."""
    target_workers = (
        rules.workers_for(figure.target.percent, figure.base.value)
        if figure.target and figure.base
        else None
    )
    return Table(
        "gap",
        _("Gap to the target"),
        [
            Column(_("Region")),
            Column(_("Protected workers"), COUNT),
            Column(_("Base (workers)"), COUNT),
            Column(_("Coverage"), PERCENT),
            Column(_("Target"), PERCENT),
            Column(_("Workers at the target"), COUNT),
            Column(_("Still to protect"), COUNT),
            Column(_("Cost for a year"), RUPIAH),
        ],
        [
            (
                figure.area.name,
                figure.protected,
                figure.base.value if figure.base else None,
                figure.percent,
                figure.target.percent if figure.target else None,
                target_workers,
                figure.gap.workers if figure.gap else None,
                figure.gap.rupiah if figure.gap else None,
            )
        ],
    )


# Charts: {"type", "labels", "series": [{"label", "data", "dashed"?}], "percent"?}


def _number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def trend_chart(points: Sequence[TrendPoint]) -> dict[str, Any]:
    """Coverage against the target month by month; protected workers when no base is known."""
    labels = [date_format(point.month, "M Y") for point in points]
    if any(point.percent is not None for point in points):
        series: list[dict[str, Any]] = [
            {"label": _("Coverage (%)"), "data": [_number(p.percent) for p in points]},
        ]
        if any(point.target_percent is not None for point in points):
            series.append(
                {
                    "label": _("Target (%)"),
                    "data": [_number(p.target_percent) for p in points],
                    "dashed": True,
                }
            )
        return {"type": "line", "labels": labels, "series": series, "percent": True}
    return {
        "type": "line",
        "labels": labels,
        "series": [{"label": _("Protected workers"), "data": [p.protected for p in points]}],
    }


def category_chart(figure: Figure) -> dict[str, Any]:
    return {
        "type": "doughnut",
        "labels": [category_label(code) for code in figure.by_category],
        "series": [{"label": _("Protected workers"), "data": list(figure.by_category.values())}],
    }


def sponsor_chart(figure: Figure) -> dict[str, Any]:
    return {
        "type": "bar",
        "labels": [sponsor_kind_label(code) for code in figure.by_sponsor_kind],
        "series": [
            {"label": _("Protected workers"), "data": list(figure.by_sponsor_kind.values())}
        ],
    }


def ranking_chart(children: Sequence[ChildFigure]) -> dict[str, Any]:
    """The regions below by coverage, highest first, or by protected workers when no region
    has a base."""
    known = sorted(
        (child for child in children if child.percent is not None),
        key=lambda child: (-(child.percent or 0), child.code),
    )
    if known:
        return {
            "type": "bar",
            "labels": [child.name for child in known],
            "series": [
                {"label": _("Coverage (%)"), "data": [_number(child.percent) for child in known]}
            ],
            "percent": True,
        }
    by_count = sorted(children, key=lambda child: (-child.protected, child.code))
    return {
        "type": "bar",
        "labels": [child.name for child in by_count],
        "series": [
            {"label": _("Protected workers"), "data": [child.protected for child in by_count]}
        ],
    }


def gap_chart(figure: Figure, children: Sequence[ChildFigure]) -> dict[str, Any] | None:
    """Workers still to protect per region below; the area's own protected and missing workers
    when no region below has a base and a target; None when nothing is known."""
    known = sorted(
        (child for child in children if child.gap_workers is not None),
        key=lambda child: (-(child.gap_workers or 0), child.code),
    )
    if known:
        return {
            "type": "bar",
            "labels": [child.name for child in known],
            "series": [
                {"label": _("Still to protect"), "data": [child.gap_workers for child in known]}
            ],
        }
    if figure.gap is None:
        return None
    return {
        "type": "bar",
        "labels": [figure.area.name],
        "series": [
            {"label": _("Protected workers"), "data": [figure.protected]},
            {"label": _("Still to protect"), "data": [figure.gap.workers]},
        ],
        "stacked": True,
    }
