"""The Django admin's base classes: every change made there is an audit event, and domain
records (written only by their services) are read-only there."""

from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponseBase

from lindungi.core.audit import Action, audit_record
from lindungi.core.models import AuditEvent


def _values(obj: models.Model | None, fields: tuple[str, ...]) -> dict[str, Any]:
    if obj is None:
        return {}
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, getattr(field, "attname", name))
        values[name] = value if isinstance(value, bool | int | None) else str(value)
    return values


def _region_code(obj: models.Model) -> str:
    code = getattr(obj, "region_id", "")
    return code if isinstance(code, str) else ""


def admin_record(
    request: HttpRequest, *, action: Action, obj: models.Model, details: dict[str, Any]
) -> None:
    """One admin change in the audit trail: which object, which fields (never their values,
    which may be personal, unless the admin class names them in `audited_values`)."""
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk if obj.pk is not None else "",
        region_code=_region_code(obj),
        details=details,
    )


class AuditedMixin:
    """Records every add, change and delete made through the admin (and any other bulk action)
    as an audit event, in the transaction of the change: `admin.add`, `admin.change` with the
    changed field names (and the before/after of `audited_values`), `admin.delete`,
    `admin.action`. Mixed into third-party admin classes too (`audit_every_admin`)."""

    audited_values: tuple[str, ...] = ()

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = _values(stored, self.audited_values)
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        details: dict[str, Any] = {"fields": sorted(form.changed_data)}
        after = _values(obj, self.audited_values)
        changed = [name for name in self.audited_values if before.get(name) != after[name]]
        if changed:
            details["before"] = {name: before.get(name) for name in changed}
            details["after"] = {name: after[name] for name in changed}
        admin_record(
            request,
            action=Action.ADMIN_CHANGE if change else Action.ADMIN_ADD,
            obj=obj,
            details=details,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            admin_record(request, action=Action.ADMIN_DELETE, obj=obj, details={})
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The bulk "delete selected" action: one event naming every deleted id."""
        with transaction.atomic():
            ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=Action.ADMIN_DELETE,
                object_type=queryset.model._meta.label_lower,
                details={"ids": ids, "count": len(ids)},
            )
            super().delete_queryset(request, queryset)  # type: ignore[misc]

    def response_action(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponseBase | None:
        """Any other action (a third party's own, such as axes' clean-up) is recorded with
        the ids it was run on; "delete selected" is recorded by `delete_queryset`."""
        with transaction.atomic():
            response = super().response_action(request, queryset)  # type: ignore[misc]
            action = request.POST.get("action", "")
            ids = request.POST.getlist(ACTION_CHECKBOX_NAME)
            if (
                action
                and action != "delete_selected"
                and (ids or request.POST.get("select_across"))
            ):
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]
                    action=Action.ADMIN_ACTION,
                    object_type=queryset.model._meta.label_lower,
                    details={"name": action[:100], "ids": ids[:1000], "count": len(ids)},
                )
            return cast(HttpResponseBase | None, response)


class AuditedModelAdmin(AuditedMixin, admin.ModelAdmin):  # type: ignore[type-arg,misc]
    """For the few records an administrator may still fix by hand (users, agencies)."""


class ReadOnlyAdmin(AuditedModelAdmin):
    """For records that change only through their service or command, never by hand: they can
    be read here; adding, changing and deleting answer 403."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: the trail can be read here, never edited or deleted."""

    list_display = ("occurred_at", "actor", "action", "object_type", "object_id", "region_code")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "region_code", "actor__username")
    date_hierarchy = "occurred_at"


def audit_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Give the audit trail every admin class registered by other packages (Django's groups,
    axes' sign-in locks, task results): each is registered again with `AuditedMixin` mixed in.
    Called once the admin has discovered every app's `admin.py` (CoreConfig.ready)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedMixin):
            continue
        base = type(model_admin)
        audited = type(f"Audited{base.__name__}", (AuditedMixin, base), {})
        site.unregister(model)
        site.register(model, audited)
