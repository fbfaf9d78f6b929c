"""`lindungi rates list [--key KEY]` and `lindungi rates add KEY VALUE --from DATE --rule …`."""

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.contributions.selectors import rate_versions
from lindungi.contributions.services import rate_version_add
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "List the dated rate tables, or add a new version of a rate from a later day."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="every version of every rate")
        listing.add_argument("--key", help="only this rate, e.g. pu.jp.cap")
        add = sub.add_parser("add", help="a new version, in force from a day")
        add.add_argument("key", help="e.g. pu.jp.cap")
        add.add_argument("value", type=json.loads, help='JSON: 11086300, "0.0036", [...]')
        add.add_argument("--from", dest="berlaku_mulai", type=date.fromisoformat, required=True)
        add.add_argument("--rule", required=True, help="regulation and article, as users read it")
        add.add_argument("--source", default="", help="where the figure was checked")
        add.add_argument("--confidence", choices=["H", "M", "L"], default="H")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            for version in rate_versions(key=options["key"]):
                until = version.berlaku_sampai.isoformat() if version.berlaku_sampai else "…"
                self.stdout.write(
                    f"{version.key:<34} {version.berlaku_mulai.isoformat()} .. {until:<10} "
                    f"[{version.confidence}] {json.dumps(version.value)}"
                )
            return
        try:
            version = rate_version_add(
                actor=None,
                key=options["key"],
                value=options["value"],
                berlaku_mulai=options["berlaku_mulai"],
                rule=options["rule"],
                source=options["source"],
                confidence=options["confidence"],
            )
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(f"Added {version}")
