from django.contrib import admin

from lindungi.contributions.models import RateVersion


@admin.register(RateVersion)
class RateVersionAdmin(admin.ModelAdmin):
    """Read-only: new versions go through `lindungi rates add`, which keeps the past intact."""

    list_display = ("key", "berlaku_mulai", "berlaku_sampai", "value", "confidence", "rule")
    list_filter = ("confidence",)
    search_fields = ("key", "rule", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
