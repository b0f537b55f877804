"""What a clinician's verification means over time: how long a check holds,
when the reminders go out, and what the public may see of the registration
that was checked."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

# Days before ``verified_until`` the first and second reminders go out; the
# moderators' re-check queue lists clinicians from the first one.
REMINDER_DAYS = (30, 7)
RECHECK_WINDOW_DAYS = REMINDER_DAYS[0]

MASK = "•••••"
# A number shorter than this is masked whole: three characters of a short
# number would be most of it.
MASK_MIN_LENGTH = 6
MASK_KEEP = 3


def verification_period() -> timedelta:
    """How long a moderator's check holds (``CLINICIAN_VERIFICATION_DAYS``),
    read at each use so an operator's change applies to the next check."""
    return timedelta(days=settings.CLINICIAN_VERIFICATION_DAYS)


def verified_until_from(checked_at: datetime) -> datetime:
    """Until when a check made at ``checked_at`` holds."""
    return checked_at + verification_period()


def mask_registration_number(number: str) -> str:
    """A registration number as the public sees it: enough to tell that a
    real number was checked (the last three characters), never enough to
    look the clinician up on a register. Short numbers are masked whole."""
    compact = "".join((number or "").split())
    if not compact:
        return ""
    if len(compact) < MASK_MIN_LENGTH:
        return MASK
    return MASK + compact[-MASK_KEEP:]
