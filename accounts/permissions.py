"""Who may do what with clinician verification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .roles import can_moderate, can_post

if TYPE_CHECKING:
    from .models import ClinicianApplication


def can_apply_as_clinician(user) -> bool:
    """Members who may write (email confirmed, not suspended or banned) and
    are not already verified (nor suspended or revoked as clinicians)."""
    if not can_post(user):
        return False
    from .models import ClinicianProfile

    profile = ClinicianProfile.objects.filter(user=user).only("status").first()
    return profile is None or profile.status == ClinicianProfile.Status.PENDING


def can_review_application(user, application: ClinicianApplication) -> bool:
    """Moderators review others' applications, never their own."""
    return can_moderate(user) and application.user_id != user.pk
