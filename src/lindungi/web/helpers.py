"""Small pieces the pages share: a selector's object or the 404 page, ids and page numbers from
the query string, a page of rows, a file to download, a service's refusal as messages."""

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


def number(value: str | None) -> int | None:
    """An id from the query string; a 404 when it is not a number."""
    try:
        return int(value) if value else None
    except ValueError as error:
        raise Http404 from error


def page_number(request: HttpRequest) -> int:
    """The `page` query parameter; anything that is not a positive number is page 1."""
    text = request.GET.get("page", "")
    return min(max(int(text), 1), 100_000) if text.isdigit() else 1


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
