"""Moderators' review of clinicians: deciding applications, and suspending,
revoking or reinstating a verification. Every decision is logged and the
member is told by email."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import credentials, permissions
from accounts.models import ClinicianApplication, ClinicianProfile, User
from accounts.roles import can_moderate
from accounts.tasks import email_member_after_commit as _notify
from accounts.tasks import in_language_of
from core import markup, pagecache
from core.mail import send_once
from forum import services as forum_services

from . import log
from .models import ModerationEvent

Action = ModerationEvent.Action
AppStatus = ClinicianApplication.Status
ProfileStatus = ClinicianProfile.Status


def _decide(application, moderator, *, status, action, reason, reason_required):
    application = (
        ClinicianApplication.objects.select_for_update()
        .select_related("user")
        .get(pk=application.pk)
    )
    if not permissions.can_review_application(moderator, application):
        raise PermissionDenied(_("You can't review this application."))
    if not application.is_open:
        raise ValidationError(
            _("This application was already decided."), code="already_decided"
        )
    reason = markup.normalise(reason or "").strip()
    if reason_required and not reason:
        raise ValidationError(_("Give a reason the applicant will read."), "reason")
    before = application.status
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = moderator
    application.decision_reason = reason
    application.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decision_reason",
            "updated_at",
        ]
    )
    log.record(
        actor=moderator,
        action=action,
        target=application,
        subject=application.user,
        reason=reason,
        changes={"status": [before, status]},
    )
    return application


@transaction.atomic
def clinician_application_approve(
    *, application: ClinicianApplication, moderator: User, reason: str = ""
) -> ClinicianProfile:
    """Verify the applicant: their posts carry the badge from now on."""
    application = _decide(
        application,
        moderator,
        status=AppStatus.APPROVED,
        action=Action.CLINICIAN_APPROVE,
        reason=reason,
        reason_required=False,
    )
    now = timezone.now()
    profile, _created = ClinicianProfile.objects.select_for_update().get_or_create(
        user=application.user,
        defaults={"profession": application.profession},
    )
    for name in (
        "profession",
        "specialty",
        "registration_number",
        "issuing_body",
        "country",
        "bio",
    ):
        setattr(profile, name, getattr(application, name))
    profile.status = ProfileStatus.VERIFIED
    profile.verified_at = now
    profile.status_changed_at = now
    _start_period(profile, now)
    profile.save()
    profile.conditions.set(application.conditions.all())
    forum_services.threads_refresh_clinician_answer(author=application.user)
    _notify(
        application.user,
        lambda: _("You are now a verified clinician on CareThread"),
        lambda: _(
            "Your clinician application was approved. Your answers now show the "
            "verified badge, and your clinician inbox lists questions in your "
            "conditions that still wait for a clinician."
        ),
    )
    return profile


@transaction.atomic
def clinician_application_reject(
    *, application: ClinicianApplication, moderator: User, reason: str
) -> ClinicianApplication:
    """Refuse the application, telling the applicant why."""
    application = _decide(
        application,
        moderator,
        status=AppStatus.REJECTED,
        action=Action.CLINICIAN_REJECT,
        reason=reason,
        reason_required=True,
    )
    _notify(
        application.user,
        lambda: _("Your CareThread clinician application"),
        lambda: (
            _("Your clinician application was not approved. The moderators said:\n\n")
            + application.decision_reason
            + _("\n\nYou can apply again from your settings page.")
        ),
    )
    return application


@transaction.atomic
def clinician_application_request_info(
    *, application: ClinicianApplication, moderator: User, reason: str
) -> ClinicianApplication:
    """Ask the applicant for more information; they can then update it."""
    application = _decide(
        application,
        moderator,
        status=AppStatus.INFO_REQUESTED,
        action=Action.CLINICIAN_REQUEST_INFO,
        reason=reason,
        reason_required=True,
    )
    # Still open: the applicant answers by updating it.
    ClinicianApplication.objects.filter(pk=application.pk).update(
        decided_at=None, decided_by=None
    )
    _notify(
        application.user,
        lambda: _("More information needed for your CareThread clinician application"),
        lambda: (
            _("The moderators need more information:\n\n")
            + application.decision_reason
            + _("\n\nUpdate your application from your settings page.")
        ),
    )
    return application


PERIOD_FIELDS = ["checked_at", "verified_until", "reminders_sent"]


def _start_period(profile: ClinicianProfile, now) -> None:
    """A moderator checked the registration at ``now``: it holds for
    ``CLINICIAN_VERIFICATION_DAYS`` and the reminders start again."""
    profile.checked_at = now
    profile.verified_until = credentials.verified_until_from(now)
    profile.reminders_sent = 0


_STATUS_ACTIONS = {
    ProfileStatus.SUSPENDED: Action.CLINICIAN_SUSPEND,
    ProfileStatus.REVOKED: Action.CLINICIAN_REVOKE,
    ProfileStatus.VERIFIED: Action.CLINICIAN_REINSTATE,
}


@transaction.atomic
def clinician_status_change(
    *, profile: ClinicianProfile, moderator: User, status: str, reason: str
) -> ClinicianProfile:
    """Suspend, revoke or reinstate a clinician's verification."""
    profile = (
        ClinicianProfile.objects.select_for_update()
        .select_related("user")
        .get(pk=profile.pk)
    )
    if not can_moderate(moderator) or profile.user_id == moderator.pk:
        raise PermissionDenied(_("You can't change this clinician's status."))
    if status not in _STATUS_ACTIONS:
        raise ValidationError(_("Unknown status."), code="status")
    reason = markup.normalise(reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason the clinician will read."), "reason")
    if profile.status == status and (
        status != ProfileStatus.VERIFIED or profile.is_verified
    ):
        return profile  # Idempotent: a double submit logs one event.
    if status == ProfileStatus.VERIFIED and profile.status == ProfileStatus.PENDING:
        raise ValidationError(
            _("Approve an application to verify a clinician."), code="status"
        )
    before = profile.status
    profile.status = status
    profile.status_changed_at = timezone.now()
    fields = ["status", "status_changed_at"]
    if status == ProfileStatus.VERIFIED:
        # Reinstating is a decision about the registration: it holds a
        # full period from now, as after an approval.
        _start_period(profile, profile.status_changed_at)
        fields += PERIOD_FIELDS
    profile.save(update_fields=fields)
    log.record(
        actor=moderator,
        action=_STATUS_ACTIONS[status],
        target=profile,
        subject=profile.user,
        reason=reason,
        changes={"status": [before, status]},
    )
    forum_services.threads_refresh_clinician_answer(author=profile.user)
    _notify(
        profile.user,
        lambda: _("Your CareThread clinician status changed"),
        lambda: (
            _("Your clinician verification is now: %(status)s.\n\nReason: %(reason)s")
            % {"status": profile.get_status_display(), "reason": reason}
        ),
    )
    return profile


# The yearly re-check --------------------------------------------------------------

RENEWABLE = (ProfileStatus.VERIFIED, ProfileStatus.EXPIRED)


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _contact_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("safety:contact")


def renewal_due(profile: ClinicianProfile, *, now=None) -> bool:
    """Whether a profile is in the re-check queue: expired, or verified with
    less than ``RECHECK_WINDOW_DAYS`` left (or no period yet)."""
    now = now or timezone.now()
    if profile.status == ProfileStatus.EXPIRED:
        return True
    if profile.status != ProfileStatus.VERIFIED:
        return False
    window = timedelta(days=credentials.RECHECK_WINDOW_DAYS)
    return profile.verified_until is None or profile.verified_until <= now + window


@transaction.atomic
def clinician_verification_renew(
    *, profile: ClinicianProfile, moderator: User, note: str
) -> ClinicianProfile:
    """A moderator checked the registration again and it still holds: the
    badge stays (or comes back) for a new period, and the clinician is told.
    ``note`` says what was checked, for the log."""
    profile = (
        ClinicianProfile.objects.select_for_update()
        .select_related("user")
        .get(pk=profile.pk)
    )
    if not can_moderate(moderator) or profile.user_id == moderator.pk:
        raise PermissionDenied(_("You can't re-check this clinician's registration."))
    if profile.status not in RENEWABLE:
        raise ValidationError(
            _(
                "Only a verified or expired registration can be checked again; "
                "reinstate a suspended or revoked one from the clinician's profile."
            ),
            code="status",
        )
    if not renewal_due(profile):
        # Also what a double submit meets: the first one renewed it.
        raise ValidationError(
            _("This registration was checked recently; it is not due yet."),
            code="not_due",
        )
    note = markup.normalise(note or "").strip()
    if not note:
        raise ValidationError(
            _("Say what you checked: which register, and what it showed."),
            code="note",
        )
    now = timezone.now()
    before = profile.status
    before_until = profile.verified_until
    fields = ["status", *PERIOD_FIELDS]
    profile.status = ProfileStatus.VERIFIED
    if before != ProfileStatus.VERIFIED:
        profile.status_changed_at = now
        fields.append("status_changed_at")
    _start_period(profile, now)
    profile.save(update_fields=fields)  # Its signal bumps every page's badge.
    log.record(
        actor=moderator,
        action=Action.CLINICIAN_RENEW,
        target=profile,
        subject=profile.user,
        reason=note,
        changes={
            "status": [before, profile.status],
            "verified_until": [
                before_until.isoformat() if before_until else None,
                profile.verified_until.isoformat(),
            ],
        },
    )
    forum_services.threads_refresh_clinician_answer(author=profile.user)
    # That refresh is a queryset update: no signal for the lists it changed.
    pagecache.bump(pagecache.SITE, pagecache.LISTS)
    until = profile.verified_until
    _notify(
        profile.user,
        lambda: _("Your CareThread clinician verification is renewed"),
        lambda: (
            _(
                "A moderator checked your registration with %(body)s again and it "
                "still holds. Your answers carry the verified badge until %(date)s."
            )
            % {
                "body": profile.issuing_body or _("your registering body"),
                "date": _date(until),
            }
        ),
    )
    return profile


def clinician_verifications_check(*, now=None) -> dict[str, int]:
    """The hourly run: give verifications approved before expiry existed a
    period, send the reminders that are due, expire what ran out and tell
    those clinicians how to be checked again. Safe to run twice at once."""
    now = now or timezone.now()
    return {
        "periods": _give_legacy_periods(now),
        "reminders": _send_reminders(now),
        "expired": sum(
            clinician_verification_expire(profile=profile, now=now)
            for profile in ClinicianProfile.objects.filter(
                status=ProfileStatus.VERIFIED, verified_until__lte=now
            ).only("pk")
        ),
        "expiry_emails": _send_expiry_emails(now),
    }


def _give_legacy_periods(now) -> int:
    """Verified before the yearly check existed (no ``verified_until``): a
    year from the last check, and never less than the reminder window, so
    nobody loses the badge without both reminders."""
    floor = now + timedelta(days=credentials.RECHECK_WINDOW_DAYS)
    count = 0
    for profile in ClinicianProfile.objects.filter(
        status=ProfileStatus.VERIFIED, verified_until__isnull=True
    ):
        profile.checked_at = profile.checked_at or profile.verified_at or now
        profile.verified_until = max(
            credentials.verified_until_from(profile.checked_at), floor
        )
        profile.save(update_fields=["checked_at", "verified_until"])
        count += 1
    return count


def _reminder_due(profile: ClinicianProfile, now) -> int:
    """Which reminder (1: a month before, 2: a week before) is due and not
    sent; 0 if none. A missed first one is skipped, not sent late."""
    left = profile.verified_until - now
    due = sum(left <= timedelta(days=days) for days in credentials.REMINDER_DAYS)
    return due if due > profile.reminders_sent else 0


def _send_reminders(now) -> int:
    window = now + timedelta(days=credentials.RECHECK_WINDOW_DAYS)
    profiles = ClinicianProfile.objects.filter(
        status=ProfileStatus.VERIFIED,
        verified_until__gt=now,
        verified_until__lte=window,
        reminders_sent__lt=len(credentials.REMINDER_DAYS),
    ).select_related("user")
    sent = 0
    for profile in profiles:
        number = _reminder_due(profile, now)
        if not number:
            continue
        with transaction.atomic():
            # Claimed by one run only; a failed send rolls the claim back,
            # and the next run tries again (the key keeps it to one email).
            claimed = ClinicianProfile.objects.filter(
                pk=profile.pk,
                status=ProfileStatus.VERIFIED,
                verified_until=profile.verified_until,
                reminders_sent=profile.reminders_sent,
            ).update(reminders_sent=number)
            if claimed:
                sent += _email(profile, f"reminder-{number}", _reminder_message)
    return sent


def clinician_verification_expire(*, profile: ClinicianProfile, now=None) -> bool:
    """A verification ran out with no new check: the badge goes from every
    page, the threads it answered lose their mark, and the log says so (no
    moderator decided it). Whether it expired now."""
    now = now or timezone.now()
    with transaction.atomic():
        profile = ClinicianProfile.objects.select_for_update().get(pk=profile.pk)
        if (
            profile.status != ProfileStatus.VERIFIED
            or profile.verified_until is None
            or profile.verified_until > now
        ):
            return False  # Renewed meanwhile, or another run got there first.
        profile.status = ProfileStatus.EXPIRED
        profile.status_changed_at = now
        profile.save(update_fields=["status", "status_changed_at"])
        user = User.objects.get(pk=profile.user_id)
        log.record(
            actor=None,
            action=Action.CLINICIAN_EXPIRE,
            target=profile,
            subject=user,
            changes={
                "status": [ProfileStatus.VERIFIED, ProfileStatus.EXPIRED],
                "verified_until": [profile.verified_until.isoformat()],
            },
        )
        forum_services.threads_refresh_clinician_answer(author=user)
        pagecache.bump(pagecache.SITE, pagecache.LISTS)
    return True


# How long after expiring a clinician is still sent the expiry email, if the
# first runs could not send it (mail server away).
EXPIRY_EMAIL_DAYS = 7


def _send_expiry_emails(now) -> int:
    """Tell each recently expired clinician, once (the key), how to be
    checked again; retried every run until it leaves."""
    due = ClinicianProfile.objects.filter(
        status=ProfileStatus.EXPIRED,
        verified_until__gt=now - timedelta(days=EXPIRY_EMAIL_DAYS),
        verified_until__lte=now,
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        # One run at a time per clinician: an overlapping run skips the row
        # another holds, so the check-then-send of ``send_once`` can't race.
        with transaction.atomic():
            profile = (
                ClinicianProfile.objects.select_for_update(
                    skip_locked=True, of=("self",)
                )
                .select_related("user")
                .filter(pk=pk)
                .first()
            )
            if profile is not None:
                sent += _email(profile, "expired", _expiry_message)
    return sent


def _email(profile: ClinicianProfile, what: str, message) -> bool:
    """Email the clinician about this period (once per key, ``core.mail``)."""
    user = profile.user
    if not user.is_active or not user.email:
        return False
    period = profile.verified_until.strftime("%Y%m%dT%H%M%S")
    key = f"clinician-verification:{profile.pk}:{period}:{what}"
    with in_language_of(user):
        subject, body = message(profile)
    return send_once(key, EmailMessage(str(subject), str(body), None, [user.email]))


def _reminder_message(profile: ClinicianProfile) -> tuple[str, str]:
    values = {
        "date": _date(profile.verified_until),
        "body": profile.issuing_body or _("your registering body"),
        "contact": _contact_url(),
    }
    subject = _("Your CareThread clinician verification runs out on %(date)s")
    body = _(
        "Your verified clinician badge holds until %(date)s: a year after the "
        "moderators last checked your registration with %(body)s.\n\n"
        "Before then a moderator checks the public register again. You don't "
        "need to do anything if your registration is unchanged and listed "
        "there. If your registration number, registering body or country "
        "changed, tell the moderators here: %(contact)s\n\n"
        "If the check is not done by then, your answers show no badge until "
        "it is."
    )
    return subject % values, body % values


def _expiry_message(profile: ClinicianProfile) -> tuple[str, str]:
    values = {"date": _date(profile.verified_until), "contact": _contact_url()}
    subject = _("Your CareThread clinician verification has run out")
    body = _(
        "Your verification ran out on %(date)s: a year had passed since the "
        "moderators last checked your registration. Your answers no longer "
        "show the verified badge and your clinician inbox is closed for now. "
        "Nothing you wrote has changed.\n\n"
        "To be checked again you don't need to apply again: your registration "
        "is in the moderators' re-check queue, and the badge comes back as "
        "soon as a moderator has found it on the public register. If your "
        "registration details changed, or the register doesn't list you "
        "publicly, write to the moderators: %(contact)s"
    )
    return subject % values, body % values
