"""Accounts in the Django admin. The regional admin manages users through the product; the
superuser may still fix a user here, and every such change is in the audit trail with the
before and after of what makes a scope (role, region, agency, active, superuser). Tokens are
read-only here: revoking one goes through the service (and its audit event)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.accounts.models import Agency, ApiToken, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import check_role_fit, token_revoke
from lindungi.core.admin import AuditedModelAdmin, ReadOnlyAdmin, admin_record
from lindungi.core.audit import Action
from lindungi.core.errors import DomainError

SCOPE_FIELDS = ("role", "region", "agency", "is_active", "is_staff", "is_superuser")


class RoleFitMixin(forms.ModelForm):  # type: ignore[type-arg]
    """A user edited here fits their role as one created by the service does."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, region = data.get("role"), data.get("region")
        if role or region:
            if not (role and region):
                raise forms.ValidationError(
                    _("A user other than a superuser has a role and a region")
                )
            try:
                check_role_fit(role=role, region=region, agency=data.get("agency"))
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        elif not data.get("is_superuser", getattr(self.instance, "is_superuser", False)):
            raise forms.ValidationError(_("A user other than a superuser has a role and a region"))
        return data


class UserChangeForm(RoleFitMixin, auth_forms.UserChangeForm):  # type: ignore[type-arg]
    pass


class UserCreationForm(RoleFitMixin, auth_forms.AdminUserCreationForm):
    pass


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):  # type: ignore[misc,type-arg]
    form = UserChangeForm
    add_form = UserCreationForm
    audited_values = SCOPE_FIELDS
    list_display = ("username", "full_name", "role", "region", "agency", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "region__code")
    raw_id_fields = ("region", "agency")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        ("Lindungi", {"fields": ("full_name", "role", "region", "agency", "nip")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Lindungi", {"fields": ("full_name", "role", "region", "agency", "nip")}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # The password page saves without `save_model`: record it here (never the password).
        if request.path.rstrip("/").endswith("/password"):
            admin_record(
                request, action=Action.ADMIN_CHANGE, obj=obj, details={"fields": ["password"]}
            )
        return super().log_change(request, obj, message)


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    """Editable (agencies are set up here), and audited with the before and after."""

    audited_values = ("region", "code", "name")
    list_display = ("name", "code", "region")
    search_fields = ("name", "code", "region__code")
    raw_id_fields = ("region",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = (
        "prefix",
        "user",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    exclude = ("digest",)
    actions = ("revoke",)

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        scope = scope_for_user(request.user)
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                token_revoke(actor=request.user, scope=scope, token_id=token.pk)  # type: ignore[arg-type]
            except DomainError as error:
                messages.error(request, error.message)
            else:
                revoked += 1
        messages.success(request, _("Tokens revoked: %(count)d") % {"count": revoked})
