"""`lindungi create-token USERNAME [--name NAME] [--days N]`: print a new API bearer token."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindungi.accounts.models import User
from lindungi.accounts.services import TOKEN_DAYS, token_create
from lindungi.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--days", type=int, default=TOKEN_DAYS, help=f"valid for (default {TOKEN_DAYS})"
        )

    def handle(self, *args: Any, username: str, name: str, days: int, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}")
        try:
            token = token_create(actor=None, user=user, name=name, days=days)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(token)
        self.stderr.write(f"valid for {days} days; revoke it with `lindungi tokens revoke ID`")
