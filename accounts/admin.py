# Imported so that django-otp's admin registers before we replace it below.
import django_otp.plugins.otp_static.admin  # noqa: F401
import django_otp.plugins.otp_totp.admin  # noqa: F401
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    # Switching an account off here would be a ban nobody logged or told the
    # member about: bans, suspensions and erasure go through the moderation
    # pages and account deletion, which log them.
    readonly_fields = ("is_active",)


@admin.register(ClinicianProfile)
class ClinicianProfileAdmin(ReadOnlyClinicianProfile, admin.ModelAdmin):
    list_display = ("user", "profession", "specialty", "status", "verified_at")
    list_filter = ("status", "profession")
    search_fields = ("user__display_name", "specialty")
    raw_id_fields = ("user",)


# Two-factor devices: an administrator may see who has one and delete it (a
# member who lost both phone and recovery codes sets it up again), never see
# a key or its QR code, which would let them act as that member. django-otp's
# own admin pages show both, so they are replaced.

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice, StaticDevice)
class SecondFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
