"""`lindungi seed-demo`: the Kabupaten Sumedang demo and its logins (idempotent)."""

import time
from typing import IO, Any, cast

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from lindungi.core.formats import count
from lindungi.demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Seed the demo regency (Kabupaten Sumedang) and print its logins."

    def handle(self, *args: Any, **options: Any) -> None:
        started = last = time.perf_counter()

        def progress(what: str, held: int) -> None:
            # One line per part as it is done: the first seeding takes minutes.
            nonlocal last
            now = time.perf_counter()
            if options["verbosity"] >= 1:
                self.stdout.write(f"    {count(held):>7} {what} ({now - last:.0f} dtk)")
            last = now

        seeded = seed_demo(progress=progress)
        if options["verbosity"] >= 1:
            self.stdout.write(f"    Data demo siap dalam {time.perf_counter() - started:.0f} dtk")
        table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
        for column in ("username", "role", "scope"):
            table.add_column(column)
        for login, user in seeded:
            scope = f"{user.region} " + (f"· {user.agency}" if user.agency else "")
            table.add_row(login.username, user.get_role_display(), scope.strip())
        table.add_row("admin", "Superuser (Django admin)", "Indonesia")
        Console(file=cast(IO[str], self.stdout), width=120).print(table)
