from django.contrib import admin

from lindungi.core.admin import ReadOnlyAdmin
from lindungi.coverage.models import BpjsParticipants, CoverageTarget, Denominator, SnapshotRun


@admin.register(Denominator)
class DenominatorAdmin(ReadOnlyAdmin):
    """Read-only: bases come in through `lindungi coverage denominators` (checked, audited)."""

    list_display = ("region", "year", "kind", "value", "source", "as_of")
    list_filter = ("kind", "year")
    search_fields = ("region__code", "region__name", "source")


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ReadOnlyAdmin):
    list_display = ("region", "year", "percent", "source")
    list_filter = ("year",)
    search_fields = ("region__code", "region__name")


@admin.register(BpjsParticipants)
class BpjsParticipantsAdmin(ReadOnlyAdmin):
    list_display = ("region", "month", "category", "count", "source")
    search_fields = ("region__code", "region__name")


@admin.register(SnapshotRun)
class SnapshotRunAdmin(ReadOnlyAdmin):
    """Read-only: a snapshot is taken by `lindungi coverage snapshot` and never edited."""

    list_display = ("month", "region_code", "taken_at", "taken_by", "forced", "protected", "rows")
    list_filter = ("forced",)
