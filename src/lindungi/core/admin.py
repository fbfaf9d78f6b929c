from django.contrib import admin

from lindungi.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: the trail can be read here, never edited or deleted."""

    list_display = ("occurred_at", "actor", "action", "object_type", "object_id", "region_code")
    list_filter = ("action",)
    search_fields = ("action", "object_id", "region_code", "actor__username")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
