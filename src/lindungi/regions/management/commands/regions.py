"""`lindungi regions stats [--json]`, `regions show CODE`, `regions search TEXT`."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.core.errors import DomainError
from lindungi.regions.selectors import region_children, region_get, region_search, region_stats


class Command(BaseCommand):
    help = "Look at the region list in the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        stats = sub.add_parser("stats", help="active regions per level")
        stats.add_argument(
            "--json", dest="as_json", action="store_true", help="print one JSON object"
        )
        show = sub.add_parser("show", help="a region and its children")
        show.add_argument("code")
        search = sub.add_parser("search", help="regions by name or code")
        search.add_argument("text")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"handle_{action}")(**options)
        except DomainError as error:
            raise CommandError(error.message) from error

    def handle_stats(self, *, as_json: bool = False, **options: Any) -> None:
        counts = region_stats()
        if as_json:
            self.stdout.write(json.dumps(counts))
            return
        for level, total in counts.items():
            self.stdout.write(f"{level:<9} {total:>7,}")

    def handle_show(self, *, code: str, **options: Any) -> None:
        region = region_get(code=code)
        self.stdout.write(f"{region.code}  {region.name}  ({region.get_level_display()})")
        for child in region_children(code=code):
            self.stdout.write(f"  {child.code}  {child.name}")

    def handle_search(self, *, text: str, **options: Any) -> None:
        for region in region_search(query=text):
            self.stdout.write(f"{region.code:<14} {region.name}  ({region.get_level_display()})")
