"""`lindungi benefit --type JKM …`: what BPJS pays, component by component, with its rule."""

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindungi.claims.benefits import BenefitType, Route
from lindungi.claims.calculator import benefit_as_dict, quote_benefit
from lindungi.contributions.rules import Category
from lindungi.contributions.tables import print_rule_table
from lindungi.core.cli import refuse_together, refuse_without
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "Compute a JKM, JKK death, scholarship or STMB benefit from the rules in force."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--type", required=True, type=str.upper, choices=list(BenefitType))
        parser.add_argument("--category", required=True, type=str.upper, choices=list(Category))
        parser.add_argument("--income", type=int, help="declared monthly income (BPU)")
        parser.add_argument("--wage", type=int, help="monthly wage")
        parser.add_argument("--months-paid", type=int, help="months of contributions paid")
        parser.add_argument("--months-off", type=int, help="STMB: months unable to work")
        parser.add_argument("--children", type=int, help="scholarship: children (default 2)")
        parser.add_argument(
            "--route", type=str.upper, choices=list(Route), help="scholarship: JKM (default) or JKK"
        )
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        self._refuse_meaningless(options)
        try:
            result = quote_benefit(
                type=options["type"],
                category=options["category"],
                on=options["date"] or timezone.localdate(),
                income=options["income"],
                wage=options["wage"],
                months_paid=options["months_paid"],
                months_off=options["months_off"],
                children=2 if options["children"] is None else options["children"],
                route=options["route"] or Route.JKM,
            )
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        shown = benefit_as_dict(result)
        if options["as_json"]:
            self.stdout.write(json.dumps(shown))
            return
        print_rule_table(
            cast(TextIO, self.stdout),  # an OutputWrapper writes text as a TextIO does
            title=f"Manfaat {shown['type']} · {shown['category']} · {shown['date']}",
            labels=["Komponen", "Jumlah", "Aturan"],
            parts=shown["components"],
            name_key="name",
            amount_keys=["amount"],
            totals=[shown["total"]],
            notes=shown["notes"],
        )

    def _refuse_meaningless(self, options: dict[str, Any]) -> None:
        """Each option feeds some benefits only (PP 82/2019): one given to another would be
        ignored and the amount would silently differ from what the user meant."""
        kind, category = options["type"], options["category"]
        wage_based = kind in {BenefitType.JKK_DEATH, BenefitType.STMB}
        needs_wage = f"--type {BenefitType.JKK_DEATH} or {BenefitType.STMB}"
        refuse_without(options, "income", when=wage_based, needs=needs_wage)
        refuse_without(options, "wage", when=wage_based, needs=needs_wage)
        refuse_without(options, "income", when=category == Category.BPU, needs="--category BPU")
        refuse_together(options, "income", "wage")
        refuse_without(
            options, "months_off", when=kind == BenefitType.STMB, needs=f"--type {BenefitType.STMB}"
        )
        for dest in ("children", "route"):
            refuse_without(
                options,
                dest,
                when=kind == BenefitType.BEASISWA,
                needs=f"--type {BenefitType.BEASISWA}",
            )
        if kind == BenefitType.BEASISWA:
            refuse_without(
                options,
                "months_paid",
                when=options["route"] in {None, Route.JKM},
                needs=f"--route {Route.JKM}",
            )
        else:
            refuse_without(
                options,
                "months_paid",
                when=kind == BenefitType.JKM and category == Category.BPU,
                needs=f"--type {BenefitType.JKM} --category BPU, or --type {BenefitType.BEASISWA}",
            )
