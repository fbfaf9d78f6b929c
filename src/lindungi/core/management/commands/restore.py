"""`lindungi restore IN`: replace the embedded SQLite database with a backup (stop the server)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.core.backup import database_restore
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "Restore the embedded SQLite database from a backup made by `lindungi backup`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("source", type=Path, help="a file made by `lindungi backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, source: Path, yes: bool, **options: Any) -> None:
        if not yes:
            answer = input("This replaces every record with the backup's. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored", returncode=1)
        try:
            info = database_restore(source=source)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(f"Restored {info.path} ({info.workers:,} workers)")
