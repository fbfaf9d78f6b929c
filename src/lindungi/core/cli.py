"""What every `lindungi …` command asks of its options: an option that means nothing without
another one (or with another one's value) is refused with the reason, never quietly ignored.
`lindungi contribution --category PMI --contract-months 12` used to compute the pre-placement
fee, as if the contract had not been given; now it says that `--contract-months` needs
`--stage placement`.

The options are named as the user typed them (`--contract-months`), from the `dest` the
command's parser gave them (`contract_months`)."""

from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

# The exit status of a refusal, as for a DomainError (architecture.md: "exits non-zero").
REFUSED = 2


def flag(dest: str) -> str:
    """`contract_months` -> `--contract-months`."""
    return "--" + dest.replace("_", "-")


def is_given(value: Any) -> bool:
    """An option the user typed: argparse leaves a missing one None (False for a switch)."""
    return value is not None and value is not False


def refuse_without(
    options: Mapping[str, Any], dest: str, *, when: bool, needs: str, name: str = ""
) -> None:
    """Refuse option `dest` when it was given and `when` does not hold; `needs` says, in the
    command line's own words, what gives it a meaning (`--stage placement`). `name` is how the
    user typed the option when its `dest` differs (`--as` for `username`)."""
    if is_given(options.get(dest)) and not when:
        raise CommandError(
            _("%(option)s means nothing without %(needs)s: add %(needs)s or leave %(option)s out")
            % {"option": name or flag(dest), "needs": needs},
            returncode=REFUSED,
        )


def refuse_together(options: Mapping[str, Any], first: str, second: str) -> None:
    """Refuse two options that exclude each other (`--draft` with `--dry-run`), or one that
    means nothing once the other is given. Each is a `dest`, or `dest=--name` when the user
    types it otherwise (`username=--as`)."""
    (first_dest, first_name), (second_dest, second_name) = _named(first), _named(second)
    if is_given(options.get(first_dest)) and is_given(options.get(second_dest)):
        raise CommandError(
            _("%(first)s and %(second)s cannot be used together: leave one of them out")
            % {"first": first_name, "second": second_name},
            returncode=REFUSED,
        )


def _named(option: str) -> tuple[str, str]:
    dest, _sep, name = option.partition("=")
    return dest, name or flag(dest)
