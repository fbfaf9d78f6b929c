from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lindungi.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """For records that change only through their service or command, never by hand."""

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
