"""`lindungi load-regions [--from DIR] [--force]`: load or refresh the official region list."""

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from lindungi.core.errors import DomainError
from lindungi.regions.loading import DATA_DIR, load_regions

STEPS = {
    "read": "Membaca berkas",
    "insert": "Menambah",
    "update": "Memperbarui",
    "retire": "Menonaktifkan",
}


class Command(BaseCommand):
    help = "Load or refresh the Kemendagri region list (provinces to villages)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--from",
            dest="directory",
            type=Path,
            default=DATA_DIR,
            help="folder with provinces.csv, regencies.csv, districts.csv, villages.csv "
            "(default: the list shipped with Lindungi)",
        )
        parser.add_argument("--force", action="store_true", help="reload even if unchanged")

    def handle(self, *args: Any, directory: Path, force: bool, **options: Any) -> None:
        started = time.perf_counter()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            disable=options["verbosity"] < 1,
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def on_progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(STEPS[step], total=total)
                bar.update(tasks[step], completed=done, total=total)

            try:
                result = load_regions(directory=directory, force=force, on_progress=on_progress)
            except DomainError as error:
                raise CommandError(error.message) from error
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{level}: {total}" for level, total in result.counts.items())
        if result.skipped:
            self.stdout.write(
                f"Region list unchanged ({counts}); nothing to do. Use --force to reload."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions loaded in {seconds:.1f} s: {result.created} new, "
                f"{result.updated} changed, {result.retired} retired, "
                f"{result.unchanged} unchanged ({counts})."
            )
        )
