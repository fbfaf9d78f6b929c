"""The calculators' readable output on the command line: amounts with the rule behind each."""

from collections.abc import Sequence
from typing import Any, TextIO, cast

from django.core.management.base import OutputWrapper
from rich.console import Console
from rich.table import Table

from lindungi.core.money import format_rupiah


def print_rule_table(
    out: TextIO | OutputWrapper,
    *,
    title: str,
    labels: Sequence[str],
    parts: Sequence[dict[str, Any]],
    name_key: str,
    amount_keys: Sequence[str],
    totals: Sequence[int],
    notes: Sequence[str],
) -> None:
    """One row per part (name, its Rupiah amounts, its rule with an H/M/L mark when not H),
    a bold total row, then the notes."""
    table = Table(title=title)
    table.add_column(labels[0])
    for label in labels[1:-1]:
        table.add_column(label, justify="right")
    table.add_column(labels[-1])
    for part in parts:
        mark = "" if part["confidence"] == "H" else f" [{part['confidence']}]"
        amounts = [format_rupiah(part[key]) for key in amount_keys]
        table.add_row(str(part[name_key]), *amounts, part["rule"] + mark)
    table.add_row("Total", *[format_rupiah(total) for total in totals], "", style="bold")
    # A command's `self.stdout` is a text stream too (a TextIOBase forwarding to its own).
    console = Console(file=cast(TextIO, out), width=140)
    console.print(table)
    for note in notes:
        console.print(f"• {note}")
