"""Searching lists by NIK through the API: never in a GET's address, always recorded.

A GET's `search` is part of a name: addresses land in access logs and proxies, so a NIK (or any
search by number) there is refused with a 422 that names the POST operation to use instead, whose
JSON body carries it. Every search by NIK is an audit event (`workers.search`)."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import ValidationFailed
from lindungi.workers.search import looks_like_nik
from lindungi.workers.services import nik_search_record

SearchText = Annotated[
    str,
    Field(max_length=100, description="a whole NIK, its masked form (3211••••••••0001) or a name"),
]


class SearchIn(Schema):
    search: SearchText = ""


def name_only(search: str, operation: str) -> str:
    """A GET's `search`, refused (422) when it is a NIK or a number."""
    if looks_like_nik(search):
        raise ValidationFailed(
            _("To search by NIK, use POST %(operation)s with the NIK in the body")
            % {"operation": operation},
            field="search",
            rule="nik_in_address",
        )
    return search


def searched(request: HttpRequest, search: str, where: str) -> str:
    """A POSTed `search`, recorded when it is a search by NIK."""
    actor = request.user if isinstance(request.user, User) else None
    nik_search_record(actor=actor, scope=scope_for_user(request.user), search=search, where=where)
    return search
