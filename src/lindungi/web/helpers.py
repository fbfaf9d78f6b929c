"""Small pieces the pages share: a selector's object or the 404 page, ids and page numbers from
the query string, a page of rows, a file to download, a service's refusal as messages."""

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from lindungi.accounts.models import User
from lindungi.core.errors import DomainError, NotFound

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_REFUSALS_SHOWN = 50

T = TypeVar("T")


def or_404(get: Callable[..., T], **arguments: Any) -> T:
    """A selector's object, or the 404 page when it is missing or out of scope."""
    try:
        return get(**arguments)
    except NotFound as error:
        raise Http404(error.message) from error


# The largest id the database holds (a 64-bit integer): a larger one overflows the query.
MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def whole_number(value: str | None, *, low: int, high: int) -> int | None:
    """`value` as a number when it is written in ASCII digits alone and lies in [low, high];
    otherwise None. Every number a page reads from a request goes through here: `str.isdigit`
    accepts "²" (which `int` refuses), `int` accepts "٣", " 7" and "1_0", and an id beyond
    the database's integers overflows the query.

    >>> whole_number("12", low=1, high=100), whole_number("²", low=1, high=100)
    (12, None)
    >>> whole_number("٣", low=1, high=100), whole_number("101", low=1, high=100)
    (None, None)
    """
    if value is None or not ASCII_DIGITS.fullmatch(value):
        return None
    found = int(value)
    return found if low <= found <= high else None


def number(value: str | None) -> int | None:
    """An id from the query string (None when absent); a 404 when it is not an id."""
    if not value:
        return None
    found = whole_number(value, low=1, high=MAX_ID)
    if found is None:
        raise Http404
    return found


def numbers(values: list[str]) -> list[int]:
    """Ids from a form's repeated field, sorted and without repeats; a 404 when one is not."""
    found = {whole_number(value, low=1, high=MAX_ID) for value in values}
    if None in found:
        raise Http404
    return sorted(cast(set[int], found))


def page_number(request: HttpRequest) -> int:
    """The `page` query parameter; anything that is not a positive number is page 1."""
    page = whole_number(request.GET.get("page"), low=1, high=MAX_ID) or 1
    return min(page, MAX_PAGE)


def year_number(value: str | None, default: int) -> int:
    """A year between 2000 and 2100 from the query string; `default` for anything else."""
    return whole_number(value, low=2000, high=2100) or default


def report(request: HttpRequest, error: DomainError) -> None:
    """A service's refusal as messages; refused workers one per line, with their rules."""
    messages.error(request, error.message)
    for item in (error.details.get("refused") or [])[:MAX_REFUSALS_SHOWN]:
        messages.error(request, f"{item['name']} ({item['nik']}): {'; '.join(item['reasons'])}")


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def signed_in(request: HttpRequest) -> User:
    """The user of a page behind `login_required`."""
    return cast(User, request.user)


def paged(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of a queryset: its rows, the page number and whether another follows."""
    page = page_number(request)
    found = list(rows[(page - 1) * size : page * size + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "rows": found[:size],
        "page": page,
        "has_next": len(found) > size,
        "query": query.urlencode(),
    }


# An id no row has: reversed once, then replaced by each row's own.
_PLACEHOLDER = 987654321987


def id_url(url_name: str) -> Callable[[int], str]:
    """The address of `url_name` for any id, reversing the pattern once instead of once per row
    of a long list (reversing cost the worker list a tenth of its time under load).

    >>> worker = id_url("web:worker")
    >>> worker(42)
    '/pekerja/42/'
    """
    pattern = reverse(url_name, args=[_PLACEHOLDER])
    head, tail = pattern.split(str(_PLACEHOLDER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"
