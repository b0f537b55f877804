"""Who may do what with clinician verification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .roles import can_moderate

if TYPE_CHECKING:
    from .models import ClinicianApplication


def can_apply_as_clinician(user) -> bool:
    """Members who are not verified (nor suspended/revoked) may apply."""
    if not user.is_authenticated or not user.is_active:
        return False
    from .models import ClinicianProfile

    profile = ClinicianProfile.objects.filter(user=user).only("status").first()
    return profile is None or profile.status == ClinicianProfile.Status.PENDING


def can_review_application(user, application: ClinicianApplication) -> bool:
    """Moderators review others' applications, never their own."""
    return can_moderate(user) and application.user_id != user.pk
