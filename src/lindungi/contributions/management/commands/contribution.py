"""`lindungi contribution --category BPU …`: what protection costs, line by line, with its rule."""

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindungi.contributions.calculator import contribution_as_dict, quote_contribution
from lindungi.contributions.rules import Category, Program, Risk, Stage
from lindungi.contributions.tables import print_rule_table
from lindungi.core.cli import refuse_without
from lindungi.core.errors import DomainError


def programs_list(text: str) -> list[str]:
    names = [name.strip().upper() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in Program.__members__]
    if unknown:
        raise ValueError(", ".join(unknown))
    return names


class Command(BaseCommand):
    help = "Compute a contribution from the rates in force on a date."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--category", required=True, type=str.upper, choices=list(Category))
        parser.add_argument("--income", type=int, help="declared monthly income (BPU)")
        parser.add_argument("--wage", type=int, help="monthly wage (PU)")
        parser.add_argument("--risk", choices=list(Risk), help="JKK risk group (PU)")
        parser.add_argument("--contract-value", type=int, help="contract value (JAKON)")
        parser.add_argument("--contract-months", type=int, help="contract length (PMI)")
        parser.add_argument("--stage", choices=list(Stage), help="PMI: pre or placement")
        parser.add_argument("--programs", type=programs_list, help="e.g. JKK,JKM,JHT")
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        self._refuse_meaningless(options)
        try:
            result = quote_contribution(
                category=options["category"],
                on=options["date"] or timezone.localdate(),
                programs=options["programs"],
                income=options["income"],
                wage=options["wage"],
                risk=options["risk"],
                contract_value=options["contract_value"],
                contract_months=options["contract_months"],
                stage=options["stage"],
            )
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        shown = contribution_as_dict(result)
        if options["as_json"]:
            self.stdout.write(json.dumps(shown))
            return
        print_rule_table(
            self.stdout,
            title=f"Iuran {shown['category']} · {shown['date']}",
            labels=["Program", "Pemberi kerja", "Pekerja", "Jumlah", "Aturan"],
            parts=shown["lines"],
            name_key="program",
            amount_keys=["employer", "worker", "amount"],
            totals=[shown["employer"], shown["worker"], shown["total"]],
            notes=shown["notes"],
        )

    def _refuse_meaningless(self, options: dict[str, Any]) -> None:
        """Each basis belongs to one category (and the contract to the placement stage): one
        given to another category would be ignored and the quote would silently differ."""
        category = options["category"]
        programs = options["programs"]
        for dest, owner in (
            ("income", Category.BPU),
            ("wage", Category.PU),
            ("risk", Category.PU),
            ("contract_value", Category.JAKON),
            ("stage", Category.PMI),
        ):
            refuse_without(options, dest, when=category == owner, needs=f"--category {owner}")
        refuse_without(
            options,
            "risk",
            when=programs is None or Program.JKK in programs,
            needs="--programs JKK",
        )
        refuse_without(
            options,
            "contract_months",
            when=category == Category.PMI and options["stage"] == Stage.PLACEMENT,
            needs=f"--category {Category.PMI} --stage {Stage.PLACEMENT}",
        )
