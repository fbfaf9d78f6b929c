"""Pages of the users inside the reader's scope: the list and one user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user, user_get, user_list
from lindungi.core.errors import NotFound


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = request.GET.get("q", "")
    return render(
        request,
        "accounts/users.html",
        {"users": user_list(scope=scope, search=query)[:200], "query": query},
    )


@login_required
@require_GET
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        shown = user_get(scope=scope_for_user(request.user), user_id=user_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(request, "accounts/user_detail.html", {"shown": shown})
