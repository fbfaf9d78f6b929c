"""The search in the header (`/cari/`): one box for a NIK, a name, a KPJ, a bill's or a batch's
number, answered with what each app finds within the reader's scope, grouped by kind.

The shell knows no kind of thing: each app's `web/search.py` offers `found(request, scope,
text)` (`web.parts.search_groups`), bounded (a few hits a kind, a link to its own list for the
rest) and within the scope; workers records a search by NIK in the audit trail. A search with
digits in it (a NIK, a KPJ, a number) is posted and answered in place, never redirected into an
address, where access logs would keep it; a search of words alone answers at `/cari/?q=…`, an
address one may reload and share.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.web.parts import search_groups

MAX_LENGTH = 100


def _kept_out_of_address(text: str) -> bool:
    """Whether a search must not travel in an address (nor be shown again on the page): any
    digit (a NIK, its masked form, a KPJ, a bill's number; digits of other scripts too)."""
    return any(character.isdigit() for character in text)


@login_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    text = " ".join(source.get("q", "").split())[:MAX_LENGTH]
    if request.method == "GET" and _kept_out_of_address(text):
        messages.error(
            request,
            _("To search by a number, type it in the search box: it is not sent in the address"),
        )
        return redirect("web:search")
    if request.method == "POST" and text and not _kept_out_of_address(text):
        return redirect(reverse("web:search") + "?" + urlencode({"q": text}))
    groups = search_groups(request, scope_for_user(request.user), text) if text else []
    return render(
        request,
        "web/search.html",
        {
            "groups": groups,
            "searched": bool(text),
            # The box and the heading show the words searched, never a number (a NIK).
            "search_query": "" if _kept_out_of_address(text) else text,
        },
    )
