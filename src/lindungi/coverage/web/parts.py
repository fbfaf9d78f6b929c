"""What the coverage pages show, read once through the coverage selectors: the dashboard's
figure, tables and charts (also the PDF report's and the public page's), and the tables of
the rankings and the budget planner."""

from collections.abc import Callable, Sequence
from datetime import date
from itertools import dropwhile
from typing import Any

from django.utils.translation import gettext as _

from lindungi.core.scopes import Scope
from lindungi.coverage.budget import BudgetPlan, CostToReach
from lindungi.coverage.children import ChildFigure, coverage_children
from lindungi.coverage.rankings import AgencyRank, VillageRank
from lindungi.coverage.selectors import Area, Figure, coverage_for, months_until
from lindungi.coverage.trend import TrendPoint, coverage_trend
from lindungi.coverage.web.tables import (
    COUNT,
    PERCENT,
    RUPIAH,
    Column,
    Table,
    category_chart,
    category_table,
    children_table,
    gap_chart,
    gap_table,
    ranking_chart,
    sponsor_chart,
    sponsor_kind_label,
    sponsor_table,
    trend_chart,
    trend_table,
)
from lindungi.coverage.wording import base_sentence
from lindungi.programs.models import FundingSource

TREND_MONTHS = 12


def figure_parts(
    figure: Figure,
    points: Sequence[TrendPoint],
    children: Sequence[ChildFigure],
    link: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The tables and charts of one region's month, whoever reads it (the trend starts at the
    first month taken)."""
    points = list(dropwhile(lambda point: point.protected is None, points))
    regions = children_table(children, link)
    tables = {
        "trend": trend_table(points),
        "categories": category_table(figure),
        "sponsors": sponsor_table(figure),
        "regions": regions,
        "gap": gap_table(figure),
    }
    if not children:
        del tables["regions"]
    titles = {
        "trend": _("Coverage against the target, month by month"),
        "categories": _("By category"),
        "sponsors": _("By who pays"),
        "regions": _("Regions below, by coverage"),
        "gap": _("Workers still to protect to reach the target"),
    }
    charts = {
        "trend": trend_chart(points),
        "categories": category_chart(figure) if figure.by_category else None,
        "sponsors": sponsor_chart(figure) if figure.by_sponsor_kind else None,
        "regions": ranking_chart(children) if children else None,
        "gap": gap_chart(figure, children),
    }
    return {
        "figure": figure,
        "bases": [base_sentence(base) for base in figure.bases],
        "tables": tables,
        "charts": [
            {"key": key, "title": titles[key], "spec": chart}
            for key, chart in charts.items()
            if chart
        ],
    }


def dashboard_parts(
    *, scope: Scope, area: Area, month: date, link: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """A region's month within the reader's scope (NotFound outside it or for a month not
    taken): the figure, the last twelve months, the regions directly below."""
    figure = coverage_for(scope=scope, region=area.code, month=month)
    points = coverage_trend(scope=scope, region=area.code, months=months_until(month, TREND_MONTHS))
    children = coverage_children(scope=scope, region=area.code, month=month)
    return figure_parts(figure, points, children, link)


def village_table(villages: Sequence[VillageRank]) -> Table:
    return Table(
        "villages",
        _("Villages by protected workers against their quota"),
        [
            Column(_("Rank"), COUNT),
            Column(_("Village")),
            Column(_("Code")),
            Column(_("Protected residents"), COUNT),
            Column(_("Paid by the village"), COUNT),
            Column(_("Quota"), COUNT),
            Column(_("Quota filled"), PERCENT),
            Column(_("Room left"), COUNT),
        ],
        [
            (
                village.rank,
                village.name,
                village.code,
                village.protected,
                village.by_village,
                village.quota,
                village.fill_percent,
                village.room,
            )
            for village in villages
        ],
    )


def agency_table(agencies: Sequence[AgencyRank]) -> Table:
    return Table(
        "agencies",
        _("Agencies by the share of their civil servants protecting a worker"),
        [
            Column(_("Rank"), COUNT),
            Column(_("Agency")),
            Column(_("Regency/City")),
            Column(_("Civil servants"), COUNT),
            Column(_("Protecting a worker"), COUNT),
            Column(_("Share"), PERCENT),
            Column(_("Workers protected"), COUNT),
        ],
        [
            (
                agency.rank,
                agency.name,
                agency.region_code,
                agency.asn_count,
                agency.asn_protecting,
                agency.share_percent,
                agency.workers,
            )
            for agency in agencies
        ],
    )


def regency_table(regencies: Sequence[ChildFigure]) -> Table:
    return Table(
        "regencies",
        _("Regencies and cities of the province by coverage"),
        [
            Column(_("Rank"), COUNT),
            Column(_("Regency/City")),
            Column(_("Code")),
            Column(_("Protected workers"), COUNT),
            Column(_("Base (workers)"), COUNT),
            Column(_("Coverage"), PERCENT),
            Column(_("Target"), PERCENT),
        ],
        [
            (
                regency.rank,
                regency.name,
                regency.code,
                regency.protected,
                regency.base.value if regency.base else None,
                regency.percent,
                regency.target_percent,
            )
            for regency in regencies
        ],
    )


def budget_table(plan: BudgetPlan) -> Table:
    sources = dict(FundingSource.choices)
    return Table(
        "budget",
        _("Budget lines for %(year)s") % {"year": plan.year},
        [
            Column(_("Line")),
            Column(_("Sponsor kind")),
            Column(_("Funding source")),
            Column(_("Workers"), COUNT),
            Column(_("Monthly contribution"), RUPIAH),
            Column(_("Months"), COUNT),
            Column(_("Amount"), RUPIAH),
        ],
        [
            (
                line.label,
                sponsor_kind_label(line.sponsor_kind),
                str(sources.get(line.funding_source, line.funding_source)),
                line.workers,
                line.monthly_contribution,
                line.months,
                line.amount,
            )
            for line in plan.lines
        ],
    )


def reach_table(reach: CostToReach) -> Table:
    return Table(
        "room",
        _("Villages with room in their quota"),
        [
            Column(_("Village")),
            Column(_("Code")),
            Column(_("Paid by the village"), COUNT),
            Column(_("Quota"), COUNT),
            Column(_("Room left"), COUNT),
        ],
        [
            (village.name, village.code, village.by_village, village.quota, village.room)
            for village in reach.villages_with_room
        ],
    )
