"""Search forms that may carry a NIK: posted, never in the address, and recorded; and the
workers the header's search finds (`found`).

A list page's search form is posted (its `SEARCH_FORM` field marks the post). The page answers
with a redirect to itself by GET with the same filters: the text of `q` kept when it is a name,
a NIK (or any number) replaced by a token (a keyed hash of it) that stands for it in the user's
session, so that the result still pages and can be reloaded while access logs never hold the
NIK. Each search by NIK is an audit event (`worker.search_nik`). The page reads its search with
`searched(request)`; a NIK typed into the address by hand is not searched.
"""

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.web.helpers import signed_in
from lindungi.web.parts import SearchGroup, SearchHit, columns
from lindungi.workers.search import looks_like_nik, search_parse
from lindungi.workers.selectors import worker_page
from lindungi.workers.services import nik_search_record

SEARCH_FORM = "search_form"
TOKEN = "nik"  # noqa: S105 - the query parameter holding a token in place of the NIK
FIELD = "q"
SESSION_KEY = "lindungi_nik_searches"
KEPT = 20  # the latest searches by number a session remembers
NO_MATCH = "0"  # digits that are no NIK match nothing (`workers.search`): a forgotten token
_NOT_CARRIED = {"csrfmiddlewaretoken", SEARCH_FORM, FIELD, TOKEN, "page"}

View = Callable[..., HttpResponse]


def nik_searchable(where: str) -> Callable[[View], View]:
    """The page's search form posts here; `where` names the page in the audit trail."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and SEARCH_FORM in request.POST:
                return _posted(request, where)
            if looks_like_nik(request.GET.get(FIELD, "")):
                query = request.GET.copy()
                query.pop(FIELD, None)
                query.pop("page", None)
                messages.error(
                    request,
                    _(
                        "To search by NIK, type it in the search box: "
                        "a NIK is not sent in the address"
                    ),
                )
                return redirect(_address(request, query))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def searched(request: HttpRequest) -> str:
    """The search text of a GET: a name from `q`, or the number a token stands for."""
    token = request.GET.get(TOKEN, "")
    if token:
        return str(request.session.get(SESSION_KEY, {}).get(token, NO_MATCH))
    return request.GET.get(FIELD, "")


def shown(search: str) -> str:
    """A search as the search box shows it again: a NIK masked."""
    term = search_parse(search)
    return term.masked if term.is_nik else search


def _posted(request: HttpRequest, where: str) -> HttpResponse:
    query = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        if key not in _NOT_CARRIED:
            query.setlist(key, values)
    text = " ".join(request.POST.get(FIELD, "").split())
    if looks_like_nik(text):
        query[TOKEN] = _remember(request, text)
        nik_search_record(
            actor=signed_in(request), scope=scope_for_user(request.user), search=text, where=where
        )
    elif text:
        query[FIELD] = text
    return redirect(_address(request, query))


def _remember(request: HttpRequest, text: str) -> str:
    token = hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept.pop(token, None)
    kept[token] = text
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return token


def _address(request: HttpRequest, query: QueryDict) -> str:
    return f"{request.path}?{query.urlencode()}" if query else request.path


FOUND_LIMIT = 10  # workers the header's search shows; the worker list has the rest


def found(request: HttpRequest, scope: Scope, text: str) -> list[SearchGroup]:
    """Workers by a whole NIK (the unique index; recorded in the audit trail), its masked form,
    or part of a name (the first few by name). A role that reads no personal data (the
    prosecutor's office) finds none, and its search is not run."""
    term = search_parse(text)
    if not scope.reads_personal_data or term.nothing or not (term.is_nik or term.name):
        return []
    if term.is_nik:
        nik_search_record(actor=signed_in(request), scope=scope, search=text, where="search")
    added = columns("worker")
    rows = worker_page(
        scope=scope,
        search=text,
        columns={column.key: column.value() for column in added},
        limit=FOUND_LIMIT + 1,
    )

    def note(row: dict[str, Any]) -> str:
        return " · ".join(
            [row["village_name"], *(column.label_of(row[column.key]) for column in added)]
        )

    hits = [
        SearchHit(
            label=f"{row['name']} · {mask_nik(row['nik'])}",
            url=reverse("web:worker", kwargs={"worker_id": row["pk"]}),
            note=note(row),
        )
        for row in rows[:FOUND_LIMIT]
    ]
    more = ""
    if len(rows) > FOUND_LIMIT and term.name:
        more = reverse("web:workers") + "?" + urlencode({FIELD: term.name})
    return [SearchGroup(10, gettext_lazy("Workers"), hits, more)]
