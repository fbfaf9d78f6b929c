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
        parser.add_argument("--children", type=int, default=2, help="scholarship: children")
        parser.add_argument("--route", type=str.upper, choices=list(Route), default=Route.JKM)
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = quote_benefit(
                type=options["type"],
                category=options["category"],
                on=options["date"] or timezone.localdate(),
                income=options["income"],
                wage=options["wage"],
                months_paid=options["months_paid"],
                months_off=options["months_off"],
                children=options["children"],
                route=options["route"],
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
