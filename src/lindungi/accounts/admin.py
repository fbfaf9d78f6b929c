from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from lindungi.accounts.models import Agency, ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "region", "agency", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "nip", "region__code")
    raw_id_fields = ("region", "agency")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Lindungi", {"fields": ("full_name", "role", "region", "agency", "nip")}),
    )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region")
    search_fields = ("name", "code", "region__code")
    raw_id_fields = ("region",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
    raw_id_fields = ("user",)
