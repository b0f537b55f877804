from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone

from .models import ClinicianProfile, User


class ClinicianProfileInline(admin.StackedInline):
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
class ClinicianProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "profession", "specialty", "status", "verified_at")
    list_filter = ("status", "profession")
    search_fields = ("user__display_name", "specialty")
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        if obj.is_verified and obj.verified_at is None:
            obj.verified_at = timezone.now()
        super().save_model(request, obj, form, change)
