"""`lindungi audit export`: the audit trail for an auditor, as CSV or JSON lines.

Run on the server, it reads the whole trail unless `--as USERNAME` limits it to what that user
may audit. The export itself is recorded in the trail.
"""

import csv
import json
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import DomainError
from lindungi.core.masking import mask_personal
from lindungi.core.scopes import Scope
from lindungi.core.selectors import audit_list

COLUMNS = [
    "id",
    "occurred_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "region_code",
    "details",
]
SYSTEM = Scope(user_id=None, role="system", region_codes=None, may_audit=True)


class Command(BaseCommand):
    help = "Export the audit trail (who did what, when) as CSV or JSON lines."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action_name", required=True)
        export = sub.add_parser("export", help="write the events that match the filters")
        export.add_argument("--since", type=date.fromisoformat, help="first day, YYYY-MM-DD")
        export.add_argument("--until", type=date.fromisoformat, help="last day, YYYY-MM-DD")
        export.add_argument("--action", default="", help="an action or its prefix: worker.")
        export.add_argument("--actor", default="", help="a username")
        export.add_argument("--region", default="", help="a region code and what lies below")
        export.add_argument("--as", dest="username", help="limit to what this user may audit")
        export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
        export.add_argument("--out", type=Path, help="a file (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        scope = SYSTEM
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {options['username']}", returncode=2)
            scope = scope_for_user(actor)
        filters = {key: options[key] for key in ("since", "until", "action", "actor", "region")}
        try:
            events = audit_list(scope=scope, **filters)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        if options["out"]:
            with options["out"].open("w", newline="", encoding="utf-8") as handle:
                count = self._write(events, handle, options["format"])
        else:
            count = self._write(events, self.stdout, options["format"])
        audit_record(
            actor=actor,
            action=Action.AUDIT_EXPORT,
            details={
                "count": count,
                "format": options["format"],
                **{key: str(value) for key, value in filters.items() if value},
            },
        )
        self.stderr.write(f"{count} events exported")

    def _write(self, events: Any, handle: TextIO | Any, form: str) -> int:
        writer = csv.writer(handle) if form == "csv" else None
        if writer is not None:
            writer.writerow(COLUMNS)
        count = 0
        for event in events.iterator(chunk_size=5000):
            # Events written before their services masked are masked here (never rewritten).
            details = mask_personal(event.details)
            row = [
                event.pk,
                event.occurred_at.isoformat(),
                event.actor.username if event.actor else "",
                event.action,
                event.object_type,
                event.object_id,
                event.region_code,
                json.dumps(details, ensure_ascii=False, sort_keys=True),
            ]
            if writer is not None:
                writer.writerow(row)
            else:
                record = dict(zip(COLUMNS, row, strict=True))
                record["details"] = details
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
