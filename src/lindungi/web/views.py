"""Pages. Each view parses input, calls one selector or service, and renders."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.accounts.services import login_failure_record, login_record
from lindungi.web.dashboard import dashboard_for


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


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))
