"""`lindungi backup OUT`: an online, consistent copy of the embedded SQLite database."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.core.backup import database_backup
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "Copy the embedded SQLite database to a new file while it keeps serving."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("out", type=Path, help="the backup file to create")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        try:
            info = database_backup(out=out)
        except DomainError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(
            f"Backed up to {info.path} ({info.size:,} bytes, {info.workers:,} workers)"
        )
