"""Moderators' review of clinicians: deciding applications, and suspending,
revoking or reinstating a verification. Every decision is logged and the
member is told by email."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import ClinicianApplication, ClinicianProfile, User
from accounts.roles import can_moderate
from accounts.tasks import email_member_after_commit as _notify
from core import markup
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
    if profile.status == status:
        return profile  # Idempotent: a double submit logs one event.
    if status == ProfileStatus.VERIFIED and profile.status == ProfileStatus.PENDING:
        raise ValidationError(
            _("Approve an application to verify a clinician."), code="status"
        )
    before = profile.status
    profile.status = status
    profile.status_changed_at = timezone.now()
    profile.save(update_fields=["status", "status_changed_at"])
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
