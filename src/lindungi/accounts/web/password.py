"""The user's own password: chosen after a temporary one (the middleware leads here until it
is), or changed whenever they wish."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.services import password_change
from lindungi.accounts.web.forms import FirstPasswordForm, OwnPasswordForm
from lindungi.core.errors import DomainError
from lindungi.web.helpers import signed_in


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    first = user.must_change_password
    form_class = FirstPasswordForm if first else OwnPasswordForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_change(user=user, password=form.cleaned_data["new_password1"])
        except DomainError as error:
            form.add_error("new_password1", error.message)
        else:
            # The password changed: keep this session signed in (Django would end it).
            update_session_auth_hash(request, user)
            messages.success(request, _("Your new password is saved."))
            return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form, "first": first})
