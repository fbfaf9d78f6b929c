"""The one set of formats every page, PDF, workbook and chart uses (`core/formats.py`)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from lindungi.core import formats


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ["317.423", "37,7 %", "Rp 16.800", "7 Des 2026", "Des 2026", "7 Des 2026 16.51"]),
        ("en", ["317,423", "37.7 %", "Rp 16.800", "7 Dec 2026", "Dec 2026", "7 Dec 2026 16.51"]),
    ],
)
def test_each_kind_of_figure_in_the_readers_language(language: str, expected: list[str]) -> None:
    with translation.override(language):
        shown = [
            formats.count(317423),
            formats.percent(Decimal("37.66")),
            formats.rupiah(16800),
            formats.day(date(2026, 12, 7)),
            formats.month(date(2026, 12, 1)),
            formats.moment(datetime(2026, 12, 7, 9, 51, tzinfo=UTC)),  # Jakarta is UTC+7
        ]
    assert shown == expected


def test_the_template_filters_are_the_same_functions() -> None:
    template = Template(
        "{% load lindungi %}{{ n|angka }} | {{ p|persen }} | {{ p|persen:2 }} | {{ d|tanggal }}"
        " | {{ d|bulan }} | {{ none|angka }}{{ none|tanggal }}"
    )
    with translation.override("id"):
        text = template.render(Context({"n": 20000, "p": Decimal("0.9"), "d": date(2026, 11, 3)}))
    assert text == "20.000 | 0,9 % | 0,90 % | 3 Nov 2026 | Nov 2026 | "
