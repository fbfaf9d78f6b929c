"""`lindungi seed-demo`: the Kabupaten Sumedang demo and its logins (idempotent)."""

from typing import IO, Any, cast

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from lindungi.demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Seed the demo regency (Kabupaten Sumedang) and print its logins."

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = seed_demo()
        table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
        for column in ("username", "role", "scope"):
            table.add_column(column)
        for login, user in seeded:
            scope = f"{user.region} " + (f"· {user.agency}" if user.agency else "")
            table.add_row(login.username, user.get_role_display(), scope.strip())
        table.add_row("admin", "Superuser (Django admin)", "Indonesia")
        Console(file=cast(IO[str], self.stdout), width=120).print(table)
