"""The Django admin: every change made there is in the audit trail, and the domain's records
(written only by their services) are read-only there, even for a superuser."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from lindungi.accounts.models import Agency, ApiToken, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.compliance.models import (
    Activity,
    Agreement,
    Employer,
    InpresTask,
    Referral,
    TeamMember,
)
from lindungi.compliance.services import tasks_seed
from lindungi.core.admin import AuditedMixin
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.regions.selectors import region_get
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _change_form(user: User) -> dict[str, object]:
    """What the admin's user form posts for `user` unchanged."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "region": user.region_id or "",
        "agency": user.agency_id or "",
        "nip": user.nip,
        "is_active": "on" if user.is_active else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }


def test_raising_a_user_in_the_admin_is_an_audit_event_with_before_and_after(demo):
    superuser, village = demo["admin"], demo["desa.cikeruh"]
    browser = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[village.pk])
    form = _change_form(village) | {"role": Role.ADMIN_PEMDA, "region": "32.11"}
    response = browser.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    village.refresh_from_db()
    assert (village.role, village.region_id) == (Role.ADMIN_PEMDA, "32.11")
    event = AuditEvent.objects.get(action="admin.change")
    assert (event.actor, event.object_type, event.object_id) == (
        superuser,
        "accounts.user",
        str(village.pk),
    )
    assert {"role", "region"} <= set(event.details["fields"])
    assert event.details["before"] == {"role": Role.OPERATOR_DESA, "region": "32.11.15.2001"}
    assert event.details["after"] == {"role": Role.ADMIN_PEMDA, "region": "32.11"}


def test_a_role_that_does_not_fit_its_region_is_refused_in_the_admin(demo):
    village = demo["desa.cikeruh"]
    browser = client_for(demo["admin"])
    url = reverse("admin:accounts_user_change", args=[village.pk])
    response = browser.post(
        url, _change_form(village) | {"role": Role.OPERATOR_DESA, "region": "32.11"}
    )
    assert response.status_code == 200  # the form again, with the error
    village.refresh_from_db()
    assert village.region_id == "32.11.15.2001"
    assert not AuditEvent.objects.filter(action="admin.change").exists()


def test_a_password_set_in_the_admin_is_recorded_without_the_password(demo):
    village = demo["desa.cikeruh"]
    browser = client_for(demo["admin"])
    url = reverse("admin:auth_user_password_change", args=[village.pk])
    response = browser.post(
        url,
        {
            "password1": "a-new-long-passphrase",
            "password2": "a-new-long-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change")
    assert event.details == {"fields": ["password"]}
    assert "a-new-long-passphrase" not in str(event.details)


def test_deleting_in_the_admin_is_recorded_one_by_one_and_in_bulk(demo):
    superuser = demo["admin"]
    browser = client_for(superuser)
    regency = region_get(code="32.11")
    first, second, third = (
        Agency.objects.create(region=regency, code=f"x{n}", name=f"Dinas X{n}") for n in (1, 2, 3)
    )
    response = browser.post(
        reverse("admin:accounts_agency_delete", args=[first.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    response = browser.post(
        reverse("admin:accounts_agency_changelist"),
        {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [second.pk, third.pk]},
    )
    assert response.status_code == 302
    assert not Agency.objects.filter(code__in=["x1", "x2", "x3"]).exists()
    single, bulk = AuditEvent.objects.filter(action="admin.delete").order_by("pk")
    assert (single.object_type, single.object_id) == ("accounts.agency", str(first.pk))
    assert sorted(bulk.details["ids"]) == sorted([str(second.pk), str(third.pk)])


def test_a_token_revoked_in_the_admin_goes_through_the_service(demo):
    token_create(actor=None, user=demo["disnaker"], name="laporan")
    token = ApiToken.objects.get(name="laporan")
    browser = client_for(demo["admin"])
    change = browser.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]), {"name": "renamed"}
    )
    assert change.status_code == 403
    browser.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.name == "laporan"
    assert AuditEvent.objects.filter(action="token.revoke", actor=demo["admin"]).exists()


@pytest.mark.parametrize("model", [InpresTask, TeamMember, Agreement, Activity, Employer, Referral])
def test_inpres_records_are_read_only_in_the_admin_even_for_a_superuser(demo, model):
    browser = client_for(demo["admin"])
    opts = model._meta
    assert (
        browser.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    assert browser.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    assert (
        browser.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {}).status_code
        == 403
    )


def test_an_inpres_task_cannot_be_changed_or_deleted_in_the_admin(demo):
    admin_user = demo["disnaker"]
    task = tasks_seed(
        actor=admin_user, scope=scope_for_user(admin_user), region=region_get(code="32.11")
    )[0]
    browser = client_for(demo["admin"])
    url = reverse("admin:compliance_inprestask_change", args=[task.pk])
    page = browser.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # shown, not editable
    assert browser.post(url, {"status": "DONE"}).status_code == 403
    delete = reverse("admin:compliance_inprestask_delete", args=[task.pk])
    assert browser.post(delete, {"post": "yes"}).status_code == 403
    assert InpresTask.objects.get(pk=task.pk).status == task.status


def test_every_model_in_the_admin_is_audited():
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedMixin)
    ]
    assert unaudited == []
