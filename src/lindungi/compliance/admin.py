"""Inpres records in the Django admin: read-only. Tasks, the team, agreements, activities,
employers and referrals change only through their services (with their history and audit
events), from the Inpres pages, the API and the commands."""

from django.contrib import admin

from lindungi.compliance.models import (
    Activity,
    Agreement,
    Employer,
    InpresTask,
    Referral,
    TeamMember,
)
from lindungi.core.admin import ReadOnlyAdmin


@admin.register(InpresTask)
class InpresTaskAdmin(ReadOnlyAdmin):
    list_display = ("duty", "region", "agency", "status", "due_date", "confidence")
    list_filter = ("status", "confidence")
    raw_id_fields = ("region", "agency", "evidence")


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "team_role", "position", "region", "is_active")
    raw_id_fields = ("region", "agency")


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ("kind", "number", "title", "region", "starts_on", "ends_on")
    raw_id_fields = ("region", "village", "employer", "agency", "document")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("kind", "title", "held_on", "region", "attendance")
    raw_id_fields = ("region", "villages", "agencies")


@admin.register(Employer)
class EmployerAdmin(ReadOnlyAdmin):
    list_display = ("name", "nib", "region", "status", "arrears")
    list_filter = ("status",)
    search_fields = ("name", "nib")
    raw_id_fields = ("region",)


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("employer", "step", "step_date", "skk_number", "region")
    list_filter = ("step",)
    raw_id_fields = ("region", "employer")
