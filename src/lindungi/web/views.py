"""Pages. Each view parses input, calls one selector or service, and renders."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user, user_get, user_list
from lindungi.accounts.services import login_failure_record, login_record
from lindungi.contributions.calculator import contribution_as_dict, quote_contribution
from lindungi.core.errors import DomainError, NotFound
from lindungi.regions.models import Region
from lindungi.regions.selectors import (
    region_ancestors,
    region_children,
    region_get,
    region_search,
)
from lindungi.web.dashboard import dashboard_for
from lindungi.web.forms import ContributionForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        login_record(user=form.get_user(), ip_address=_client_ip(self.request))
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        login_failure_record(
            username=form.data.get("username", ""), ip_address=_client_ip(self.request)
        )
        return super().form_invalid(form)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", dashboard_for(request.user))


@login_required
@require_GET
def regions(request: HttpRequest, code: str | None = None) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = request.GET.get("q", "").strip()
    if code is None and not request.GET.get("all"):
        code = scope.region_codes[0] if scope.region_codes else None
    context: dict[str, Any] = {
        "query": query,
        "results": region_search(query=query, limit=15) if len(query) >= 2 else None,
    }
    if code:
        region = _region_or_404(code)
        context.update(
            region=region,
            ancestors=region_ancestors(region=region),
            children=region_children(code=region.code),
        )
    else:
        context.update(region=None, children=Region.objects.filter(parent=None, is_active=True))
    return render(request, "web/regions.html", context)


@login_required
@require_GET
def regions_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = region_search(query=query, limit=15) if len(query) >= 2 else []
    return render(request, "web/_region_results.html", {"results": results, "query": query})


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = request.GET.get("q", "")
    return render(
        request,
        "web/users.html",
        {"users": user_list(scope=scope, search=query)[:200], "query": query},
    )


@login_required
@require_GET
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        shown = user_get(scope=scope_for_user(request.user), user_id=user_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(request, "web/user_detail.html", {"shown": shown})


@require_GET
def contribution_simulation(request: HttpRequest) -> HttpResponse:
    """Public "Simulasi Iuran": anyone may compute a contribution, no login, no personal data."""
    form = ContributionForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        try:
            context["result"] = contribution_as_dict(quote_contribution(**form.quote_arguments()))
        except DomainError as error:
            context["error"] = error.message
    return render(request, "web/simulasi_iuran.html", context)


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _region_or_404(code: str) -> Region:
    try:
        return region_get(code=code)
    except NotFound as error:
        raise Http404(error.message) from error
