"""`lindungi tokens list [--user USERNAME]` and `lindungi tokens revoke ID`: the API tokens,
run on the server with the whole country in view. A revocation is in the audit trail."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lindungi.accounts.models import ApiToken
from lindungi.accounts.selectors import token_list
from lindungi.accounts.services import token_revoke
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope

SYSTEM = Scope(user_id=None, role="system", region_codes=None, can_write=True)


def _state(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return f"revoked {token.revoked_at:%Y-%m-%d}"
    if token.is_expired:
        return "expired"
    return "active"


class Command(BaseCommand):
    help = "List API tokens or revoke one."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action_name", required=True)
        listing = sub.add_parser("list", help="every token (never the token itself)")
        listing.add_argument("--user", default="", help="only this username's tokens")
        revoke = sub.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("token_id", type=int, metavar="ID")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action_name"] == "revoke":
            try:
                token = token_revoke(actor=None, scope=SYSTEM, token_id=options["token_id"])
            except DomainError as error:
                raise CommandError(error.message, returncode=2) from error
            self.stdout.write(
                f"revoked token {token.pk} ({token.prefix}…) of {token.user.username}"
            )
            return
        self.stdout.write("id\tuser\tname\tprefix\tcreated\texpires\tlast used\tstate")
        for token in token_list(scope=SYSTEM, username=options["user"]):
            last = timezone.localtime(token.last_used_at) if token.last_used_at else None
            self.stdout.write(
                "\t".join(
                    [
                        str(token.pk),
                        token.user.username,
                        token.name,
                        token.prefix,
                        f"{timezone.localtime(token.created_at):%Y-%m-%d %H:%M}",
                        f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}",
                        f"{last:%Y-%m-%d %H:%M}" if last else "-",
                        _state(token),
                    ]
                )
            )
