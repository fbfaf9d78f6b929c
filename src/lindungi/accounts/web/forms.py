"""The forms of the accounts' pages: adding a user, resetting a password, choosing one's own."""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency, User
from lindungi.accounts.permissions import roles_given_by
from lindungi.accounts.roles import ROLE_RULES
from lindungi.accounts.selectors import agencies_in_scope
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.regions.codes import regency_of
from lindungi.regions.models import Level, Region
from lindungi.regions.selectors import region_get, village_from_text

USERNAME_HELP = _("Letters, digits and . - _ only, e.g. desa.cikeruh")


class PasswordChoiceForm(forms.Form):
    """A temporary password: generated (shown once) or typed by the admin."""

    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        help_text=_("Leave empty and Lindungi makes one. It is shown once."),
    )


class UserAddForm(PasswordChoiceForm):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9._-]{3,150}$",
        help_text=USERNAME_HELP,
        error_messages={"invalid": USERNAME_HELP},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    village = forms.CharField(
        label=_("Village"),
        required=False,
        max_length=200,
        help_text=_("For a village operator: type the village's name or code and pick it."),
        widget=forms.TextInput(attrs={"list": "user-villages", "autocomplete": "off"}),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency (OPD)"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label="—",
        help_text=_("For an agency operator or a civil servant."),
    )
    field_order = ["full_name", "username", "role", "village", "agency", "password"]

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        roles = [(role.value, role.label) for role in roles_given_by(scope)]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies_in_scope(scope=scope)  # type: ignore[attr-defined]
        if scope.is_nationwide:
            self.fields["village"].label = _("Region code")
            self.fields["village"].help_text = _(
                "The village's code for a village operator, the regency's for any other role."
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        role = data.get("role")
        if not role:
            return data
        rule = ROLE_RULES[role]
        text = (data.get("village") or "").strip()
        if rule.region_level == Level.VILLAGE or (self.scope.is_nationwide and text):
            if not text:
                self.add_error("village", gettext("Choose the village"))
                return data
            try:
                data["region"] = self._region_from(text, rule.region_level)
            except NotFound as error:
                self.add_error("village", error.message)
        else:
            data["region"] = self._own_regency()
            if data["region"] is None:
                self.add_error("village", gettext("Type the regency's code"))
        if rule.needs_agency and data.get("agency") is None:
            self.add_error("agency", gettext("Choose the agency"))
        if not rule.needs_agency:
            data["agency"] = None
        return data

    def _region_from(self, text: str, level: str) -> Region:
        if level == Level.VILLAGE:
            return village_from_text(scope=self.scope, text=text)
        return region_get(code=regency_of(text.strip()))

    def _own_regency(self) -> Region | None:
        codes = self.scope.region_codes or ()
        return region_get(code=codes[0]) if len(codes) == 1 else None


class _NotTheCurrentPassword(forms.Form):
    """A new password may not be the one the user has now (a temporary password given by the
    admin stays temporary)."""

    user: User

    def clean_new_password1(self) -> str:
        password: str = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise forms.ValidationError(gettext("Choose a password other than your current one"))
        return password


class FirstPasswordForm(_NotTheCurrentPassword, SetPasswordForm):  # type: ignore[type-arg]
    """After a temporary password: the new one, twice (the user has just signed in with the
    temporary one)."""


class OwnPasswordForm(_NotTheCurrentPassword, PasswordChangeForm):
    """Whenever the user wishes: their current password, then the new one twice."""
