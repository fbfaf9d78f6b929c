from django.contrib import admin

from lindungi.contributions.models import RateVersion
from lindungi.core.admin import ReadOnlyAdmin


@admin.register(RateVersion)
class RateVersionAdmin(ReadOnlyAdmin):
    """Read-only: new versions go through `lindungi rates add`, which keeps the past intact."""

    list_display = ("key", "berlaku_mulai", "berlaku_sampai", "value", "confidence", "rule")
    list_filter = ("confidence",)
    search_fields = ("key", "rule", "source")
