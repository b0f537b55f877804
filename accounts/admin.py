from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ClinicianProfile, User


class ReadOnlyClinicianProfile:
    """Verification status is decided on the moderators' review pages
    (``moderation.clinicians``), which log each decision and tell the
    clinician; the admin shows it and cannot change it, so no badge comes
    or goes without a log entry."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClinicianProfileInline(ReadOnlyClinicianProfile, admin.StackedInline):
    model = ClinicianProfile
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "date_joined")
    search_fields = ("username", "display_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Public profile", {"fields": ("display_name", "bio")}),
        ("Email confirmation", {"fields": ("email_verified_at",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "display_name",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    inlines = [ClinicianProfileInline]


@admin.register(ClinicianProfile)
class ClinicianProfileAdmin(ReadOnlyClinicianProfile, admin.ModelAdmin):
    list_display = ("user", "profession", "specialty", "status", "verified_at")
    list_filter = ("status", "profession")
    search_fields = ("user__display_name", "specialty")
    raw_id_fields = ("user",)
