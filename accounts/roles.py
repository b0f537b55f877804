"""Roles, in one place: who is a moderator, who may write, who is a verified
clinician, who is a new account. Pure functions over the member (and the
group membership the authentication backend loads with it); every app's
permission module builds on these."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

MODERATORS_GROUP = "Moderators"


def can_moderate(user) -> bool:
    """Moderators (members of the Moderators group) and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return second_factor_passed(user)
    if user.is_banned or user.suspended_until is not None:
        return False
    return _in_moderators_group(user) and second_factor_passed(user)


def _in_moderators_group(user) -> bool:
    # Loaded with the member on each request (accounts.backends), else asked
    # once and kept on the user object.
    cached = getattr(user, "_can_moderate", None)
    if cached is None:
        cached = getattr(user, "annotated_in_moderators_group", None)
    if cached is None:
        cached = user.groups.filter(name=MODERATORS_GROUP).exists()
        user._can_moderate = cached
    return bool(cached)


def is_staff_role(user) -> bool:
    """Moderators, administrators and verified clinicians, whatever the
    session: their powers wait for a second factor (``accounts.twofactor``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff or user.verified_clinician is not None:
        return True
    return _in_moderators_group(user)


def second_factor_passed(user) -> bool:
    """This request's session passed a second factor, or the rule doesn't
    apply: switched off (``ACCOUNTS_STAFF_2FA``), or a user object that didn't
    come through a request (a command, a task, a service called directly),
    which has no ``is_verified`` (django-otp's middleware adds it)."""
    if not settings.ACCOUNTS_STAFF_2FA:
        return True
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def can_post(user) -> bool:
    """Signed-in, active members with a confirmed email may write, unless
    suspended or banned."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "email_verified_at", None) is None:
        return False
    return not user.is_banned and user.suspended_until is None


def is_verified_clinician(user) -> bool:
    """Clinicians verified right now."""
    return bool(user.is_authenticated and user.verified_clinician)


def can_use_clinician_powers(user) -> bool:
    """A verified clinician in a session that passed a second factor: the
    inbox, and answering under the badge."""
    return is_verified_clinician(user) and second_factor_passed(user)


def is_trusted(user) -> bool:
    """Moderators and verified clinicians skip pre-moderation."""
    return can_moderate(user) or user.verified_clinician is not None


def is_new_account(user) -> bool:
    """Joined less than ``FORUM_NEW_ACCOUNT_DAYS`` ago: stricter limits."""
    days = settings.FORUM_NEW_ACCOUNT_DAYS
    return (timezone.now() - user.date_joined).days < days


def needs_email_confirmation(user) -> bool:
    """Members whose only obstacle to posting is an unconfirmed email."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.email_verified_at is None
        and not user.is_banned
        and user.suspended_until is None
    )


def refuse_if_suspended(user) -> None:
    """Tell a suspended member when they can post again."""
    if user.is_authenticated and user.suspended_until:
        raise PermissionDenied(
            _("You are suspended until %(until)s UTC and can't post.")
            % {"until": user.suspended_until.strftime("%d %b %Y %H:%M")}
        )
