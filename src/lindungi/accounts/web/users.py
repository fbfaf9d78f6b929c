"""Pages of the users inside the reader's scope: the list and one user; for the regional admin
(and the superuser) adding a user, deactivating and reactivating one, giving a temporary
password and lifting a lock-out. Every change is a service of `accounts.services`, audited."""

from typing import Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindungi.accounts.models import User
from lindungi.accounts.permissions import may_manage_user, may_manage_users
from lindungi.accounts.selectors import (
    is_locked,
    locked_usernames,
    scope_for_user,
    user_get,
    user_list,
    villages_in_scope,
)
from lindungi.accounts.services import (
    user_add,
    user_deactivate,
    user_password_reset,
    user_reactivate,
    user_unlock,
)
from lindungi.accounts.web.forms import PasswordChoiceForm, UserAddForm
from lindungi.core import errors
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.web.helpers import or_404, paged, report, signed_in

STATUSES = {"active": True, "inactive": False}


@login_required
@require_GET
def users(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = request.GET.get("q", "")
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    rows = user_list(
        scope=scope,
        search=query,
        role=role if role in Role.values else None,
        is_active=STATUSES.get(status),
    )
    page = paged(request, rows)
    context = {
        **page,
        "search": query,
        "role": role,
        "status": status,
        "roles": Role.choices,
        "locked": locked_usernames(usernames=[user.username for user in page["rows"]]),
        "may_add": may_manage_users(scope),
    }
    return render(request, "accounts/users.html", context)


@login_required
@require_GET
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    shown = or_404(user_get, scope=scope, user_id=user_id)
    return render(request, "accounts/user_detail.html", _detail_context(scope, shown))


def _detail_context(scope: Scope, shown: User) -> dict[str, object]:
    return {
        "shown": shown,
        "is_locked": is_locked(user=shown),
        "is_self": shown.pk == scope.user_id,
        "manages": may_manage_user(
            scope, role=shown.role, is_superuser=shown.is_superuser, user_id=shown.pk
        ),
        "password_form": PasswordChoiceForm(),
    }


def _manager_scope(request: HttpRequest) -> Scope:
    """The reader's scope when they manage accounts; a 403 page with the reason otherwise."""
    scope = scope_for_user(request.user)
    if not may_manage_users(scope):
        raise PermissionDenied(_("Only the regional admin manages users"))
    return scope


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    scope = _manager_scope(request)
    form = UserAddForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added, password = user_add(
                actor=signed_in(request),
                scope=scope,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                region=data["region"],
                agency=data["agency"],
                password=data["password"] or None,
            )
        except errors.PermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except errors.DomainError as error:
            # The service names the region; the form asks for it as the village.
            field = str(error.details.get("field", "")).replace("region", "village")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            return _password_shown(request, added, password, created=True)
    return render(
        request,
        "accounts/user_new.html",
        {"form": form, "villages": villages_in_scope(scope=scope)},
    )


def _password_shown(
    request: HttpRequest, shown: User, password: str, *, created: bool
) -> HttpResponse:
    """The temporary password, once: this answer is not kept by the browser (no-store) and
    the password is nowhere else."""
    return render(
        request,
        "accounts/user_password.html",
        {"shown": shown, "password": password, "created": created},
    )


class AccountChange(Protocol):
    def __call__(self, *, actor: User | None, scope: Scope, user_id: int) -> User: ...


def _act(request: HttpRequest, user_id: int, change: AccountChange, done: str) -> HttpResponse:
    """One change of a user's account, then their page with what was done; its refusal as a
    message, or the 404 page (outside the scope) or the 403 page (a user not theirs to manage)."""
    scope = _manager_scope(request)
    try:
        changed = change(actor=signed_in(request), scope=scope, user_id=user_id)
    except errors.NotFound as error:
        raise Http404(error.message) from error
    except errors.PermissionDenied as error:
        raise PermissionDenied(error.message) from error
    except errors.DomainError as error:
        report(request, error)
    else:
        messages.success(request, done % {"user": changed.display_name})
    return redirect("web:user", user_id=user_id)


@login_required
@require_POST
def user_deactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _act(
        request,
        user_id,
        user_deactivate,
        _("%(user)s can no longer sign in. Reactivate the account to let them in again."),
    )


@login_required
@require_POST
def user_reactivate_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _act(request, user_id, user_reactivate, _("%(user)s can sign in again."))


@login_required
@require_POST
def user_unlock_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _act(request, user_id, user_unlock, _("%(user)s can try to sign in again now."))


@login_required
@require_POST
def user_password_view(request: HttpRequest, user_id: int) -> HttpResponse:
    scope = _manager_scope(request)
    form = PasswordChoiceForm(request.POST)
    if form.is_valid():
        try:
            shown, password = user_password_reset(
                actor=signed_in(request),
                scope=scope,
                user_id=user_id,
                password=form.cleaned_data["password"] or None,
            )
        except errors.NotFound as error:
            raise Http404(error.message) from error
        except errors.PermissionDenied as error:
            raise PermissionDenied(error.message) from error
        except errors.DomainError as error:
            form.add_error("password", error.message)
        else:
            return _password_shown(request, shown, password, created=False)
    shown = or_404(user_get, scope=scope, user_id=user_id)
    context = {**_detail_context(scope, shown), "password_form": form}
    return render(request, "accounts/user_detail.html", context)
