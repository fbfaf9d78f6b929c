from django.contrib import admin

from lindungi.core.admin import ReadOnlyAdmin
from lindungi.regions.models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Read-only: the list changes only through `lindungi load-regions`."""

    list_display = ("code", "name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    show_full_result_count = False
