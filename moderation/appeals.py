"""Statements of reasons and appeals.

Every decision that restricts a member or their content (a post hidden by a
moderator or by members' flags, their thread locked, a warning, a suspension,
a ban) has a statement the member can read: what was decided, the facts, the
ground (the section of the community guidelines), whether a person or the
system decided, and how to appeal. For six months the member may appeal once;
a moderator other than the one who decided reviews it (any moderator when
the system decided). Reversing undoes exactly what the decision took away,
through the same services, so the log shows the decision, the appeal, the
outcome and the undoing in that order. The member and, for a post hidden
after reports, the members who reported it are told the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ClinicianApplication, ClinicianProfile, Sanction, User
from accounts.roles import can_moderate
from accounts.tasks import email_member_after_commit as _notify
from forum import services as forum_services
from forum.models import CorrectionNote, Post, Thread

from . import clinicians, log, services
from .log import STATEMENT_SALT, is_restricting
from .models import Appeal, Flag, ModerationEvent

Action = ModerationEvent.Action

#: How long a member may appeal a decision (the DSA's minimum: six months).
APPEAL_WINDOW = timedelta(days=183)
APPEAL_MIN, APPEAL_MAX = 10, 2000

#: Sections of the community guidelines (anchors on /guidelines/), by the
#: kind of concern members flag.
GROUNDS = {
    "privacy": gettext_lazy("Protect your privacy, and other people's"),
    "kindness": gettext_lazy("Be kind and stay on topic"),
    "health-information": gettext_lazy("Health information"),
    "risk": gettext_lazy("If someone may be at risk"),
}
FLAG_GROUNDS = {
    Flag.Reason.PERSONAL_INFO: "privacy",
    Flag.Reason.HARASSMENT: "kindness",
    Flag.Reason.SPAM: "kindness",
    Flag.Reason.MISINFORMATION: "health-information",
    Flag.Reason.SELF_HARM: "risk",
    Flag.Reason.POSSIBLE_RISK: "risk",
}


def is_automated(event: ModerationEvent) -> bool:
    """Hidden by the flag threshold, not by a moderator's flag."""
    return event.action == Action.POST_FLAG and not (
        event.actor is not None and can_moderate(event.actor)
    )


def deadline(event: ModerationEvent) -> datetime:
    return event.created_at + APPEAL_WINDOW


@dataclass(frozen=True)
class Statement:
    event: ModerationEvent
    decided: str
    facts: str
    ground_anchor: str | None
    ground: str
    automated: bool
    appeal_until: datetime
    appeal: Appeal | None
    target_url: str | None

    @property
    def can_still_appeal(self) -> bool:
        return self.appeal is None and timezone.now() < self.appeal_until


def statement(event: ModerationEvent) -> Statement:
    """The statement of reasons for a restricting decision."""
    anchor = _ground(event)
    return Statement(
        event=event,
        decided=_decided(event),
        facts=event.reason,
        ground_anchor=anchor,
        ground=str(GROUNDS[anchor]) if anchor else _("The community guidelines"),
        automated=is_automated(event),
        appeal_until=deadline(event),
        appeal=Appeal.objects.filter(event=event).first(),
        target_url=_target_url(event),
    )


def _decided(event: ModerationEvent) -> str:
    if event.action == Action.POST_FLAG:
        return _("Your post was hidden automatically after several members flagged it.")
    if event.action == Action.POST_HIDE:
        return _("A moderator hid your post.")
    if event.action == Action.THREAD_LOCK:
        return _("A moderator locked your thread: no new replies can be posted.")
    if event.action == Action.USER_WARN:
        return _("A moderator warned you.")
    if event.action == Action.POST_EDIT:
        return _("A moderator edited your post.")
    if event.action == Action.CORRECTION_HIDE:
        return _("A moderator hid your correction note.")
    if event.action == Action.CLINICIAN_REJECT:
        return _("A moderator refused your clinician application.")
    if event.action == Action.CLINICIAN_SUSPEND:
        return _(
            "A moderator suspended your clinician verification: your answers "
            "don't show the verified badge and you have no clinician inbox."
        )
    if event.action == Action.CLINICIAN_REVOKE:
        return _(
            "A moderator revoked your clinician verification: your answers no "
            "longer show the verified badge."
        )
    if event.action == Action.USER_SUSPEND:
        until = (event.changes.get("ends_at") or [None, None])[-1]
        if until:
            return _("A moderator suspended your account until %(until)s UTC.") % {
                "until": datetime.fromisoformat(until).strftime("%d %b %Y %H:%M")
            }
        return _("A moderator suspended your account.")
    return _("A moderator banned your account.")


def _ground(event: ModerationEvent) -> str | None:
    if event.target_type != "post":
        return None
    reasons = Flag.objects.filter(post_id=event.target_id).values_list(
        "reason", flat=True
    )
    for reason in reasons:
        if reason in FLAG_GROUNDS:
            return FLAG_GROUNDS[reason]
    return None


def _target_url(event: ModerationEvent) -> str | None:
    if event.target_type == "post":
        return reverse("forum:post_detail", args=[event.target_id])
    if event.target_type == "thread":
        return reverse("forum:thread_detail", args=[event.target_id])
    if event.target_type == "correctionnote":
        note = CorrectionNote.objects.filter(pk=event.target_id).first()
        if note is not None:
            return reverse("forum:post_detail", args=[note.post_id])
    return None


def statement_url(event: ModerationEvent) -> str:
    return reverse("moderation:decision", args=[event.pk])


def absolute_statement_url(event: ModerationEvent) -> str:
    return settings.SITE_URL.rstrip("/") + statement_url(event)


def subject_from_token(event: ModerationEvent, token: str):
    """The decision's subject if ``token`` is this decision's key, else None."""
    try:
        data = signing.loads(
            token or "",
            salt=STATEMENT_SALT,
            max_age=APPEAL_WINDOW + timedelta(days=7),
        )
    except signing.BadSignature:
        return None
    if data.get("e") != event.pk or data.get("u") != event.subject_id:
        return None
    return event.subject


# Who may do what ---------------------------------------------------------------


def can_view(user, event: ModerationEvent) -> bool:
    return user.is_authenticated and (event.subject_id == user.pk or can_moderate(user))


def can_appeal(user, event: ModerationEvent) -> bool:
    return (
        user.is_authenticated
        and event.subject_id == user.pk
        and is_restricting(event)
        and timezone.now() < deadline(event)
        and not Appeal.objects.filter(event=event).exists()
    )


def can_decide(user, appeal: Appeal) -> bool:
    """A moderator other than the one who decided (any moderator for an
    automated decision), never on their own appeal."""
    if not (can_moderate(user) and appeal.is_open and appeal.member_id != user.pk):
        return False
    return is_automated(appeal.event) or appeal.event.actor_id != user.pk


# Writes ------------------------------------------------------------------------


@transaction.atomic
def appeal_create(*, event: ModerationEvent, member, text: str) -> Appeal:
    """The member asks for the decision to be reviewed."""
    event = ModerationEvent.objects.select_for_update().get(pk=event.pk)
    if not can_appeal(member, event):
        raise PermissionDenied(_("This decision can't be appealed (any more)."))
    text = (text or "").strip()
    if len(text) < APPEAL_MIN:
        raise ValidationError(
            {
                "text": _("Tell the moderators why, in at least %(min)d characters.")
                % {"min": APPEAL_MIN}
            },
            code="too_short",
        )
    if len(text) > APPEAL_MAX:
        raise ValidationError(
            {"text": _("Keep it to %(max)d characters.") % {"max": APPEAL_MAX}},
            code="too_long",
        )
    appeal = Appeal.objects.create(event=event, member=member, text=text)
    log.record(
        actor=member,
        action=Action.APPEAL_OPEN,
        target=appeal,
        subject=member,
        reason=text,
        notify=False,
    )
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, moderator, reverse: bool, reason: str) -> Appeal:
    """Uphold or reverse; a reversal undoes the decision (logged after the
    outcome). The member is told, and for a hidden post its reporters."""
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("event", "member")
        .get(pk=appeal.pk)
    )
    if not can_decide(moderator, appeal):
        raise PermissionDenied(
            _("Another moderator must decide this appeal: you took the decision.")
            if appeal.is_open and appeal.event.actor_id == moderator.pk
            else _("You can't decide this appeal.")
        )
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError(
            {"reason": _("Give the member a reason for the outcome.")}, code="reason"
        )
    appeal.state = Appeal.State.REVERSED if reverse else Appeal.State.UPHELD
    appeal.decided_by = moderator
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason[:2000]
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    log.record(
        actor=moderator,
        action=Action.APPEAL_REVERSE if reverse else Action.APPEAL_UPHOLD,
        target=appeal,
        subject=appeal.member,
        reason=reason,
        changes={"state": [Appeal.State.OPEN, appeal.state]},
        notify=False,
    )
    restored = _undo(appeal.event, moderator, reason) if reverse else ""
    _tell_outcome(appeal, restored)
    return appeal


def _undo(event: ModerationEvent, moderator, reason: str) -> str:
    """Give back what the decision took; returns what was restored, in words."""
    note = _("On appeal: %(reason)s") % {"reason": reason}
    if event.target_type == "post" and event.action == Action.POST_EDIT:
        post = Post.objects.get(pk=event.target_id)
        restored = forum_services.edit_undo(
            post=post,
            edited_by=event.actor,
            edited_at=event.created_at,
            moderator=moderator,
            reason=note,
        )
        if restored is not None:
            log.record(
                actor=moderator,
                action=Action.POST_EDIT,
                target=restored,
                subject_id=restored.author_id,
                reason=note,
                changes={
                    "source": [post.source[:2000], restored.source[:2000]],
                    "appeal": True,
                },
                notify=False,
            )
        return _("Your post's text is back as you wrote it.")
    if event.target_type == "post":
        post = Post.objects.get(pk=event.target_id)
        services.post_restore(post=post, moderator=moderator, reason=note)
        return _("Your post is visible again.")
    if event.target_type == "correctionnote":
        correction = CorrectionNote.objects.get(pk=event.target_id)
        services.correction_restore(note=correction, moderator=moderator, reason=note)
        return _("Your correction note is visible again.")
    if event.target_type == "thread":
        thread = Thread.objects.get(pk=event.target_id)
        services.thread_unlock(thread=thread, moderator=moderator, reason=note)
        return _("Your thread is open for replies again.")
    if event.target_type == "clinicianprofile":
        profile = ClinicianProfile.objects.get(pk=event.target_id)
        clinicians.clinician_status_change(
            profile=profile,
            moderator=moderator,
            status=ClinicianProfile.Status.VERIFIED,
            reason=note,
        )
        return _("Your clinician verification is back: your answers show the badge.")
    if event.target_type == "clinicianapplication":
        application = ClinicianApplication.objects.get(pk=event.target_id)
        if application.status != ClinicianApplication.Status.REJECTED:
            return _("Your application had already been decided again.")
        # Reopened, then approved by the moderator who upheld the appeal.
        ClinicianApplication.objects.filter(pk=application.pk).update(
            status=ClinicianApplication.Status.PENDING, decided_at=None
        )
        clinicians.clinician_application_approve(
            application=application, moderator=moderator, reason=note
        )
        return _("Your application is approved: you are a verified clinician.")
    sanction = Sanction.objects.get(pk=event.target_id)
    services.sanction_lift(sanction=sanction, moderator=moderator, reason=note)
    return _("The sanction is lifted.")


def _tell_outcome(appeal: Appeal, restored: str) -> None:
    url = absolute_statement_url(appeal.event)
    if appeal.state == Appeal.State.REVERSED:
        _notify(
            appeal.member,
            lambda: _("Your appeal was accepted"),
            lambda: (
                _(
                    "A moderator reviewed your appeal and reversed the decision. "
                    "%(restored)s\n\nTheir reason: %(reason)s\n\n%(url)s"
                )
                % {"restored": restored, "reason": appeal.decision_reason, "url": url}
            ),
        )
        if appeal.event.target_type == "post":
            for reporter in _reporters(appeal.event.target_id):
                _notify(
                    reporter,
                    lambda: _("Update on a post you reported"),
                    lambda: _(
                        "A post you reported was hidden, and then restored after "
                        "its author appealed and a second moderator reviewed it."
                    ),
                )
    else:
        _notify(
            appeal.member,
            lambda: _("Your appeal was reviewed"),
            lambda: (
                _(
                    "A moderator reviewed your appeal and upheld the decision.\n\n"
                    "Their reason: %(reason)s\n\n%(url)s"
                )
                % {"reason": appeal.decision_reason, "url": url}
            ),
        )


def _reporters(post_id: int):
    ids = (
        Flag.objects.filter(post_id=post_id, reporter__isnull=False)
        .values_list("reporter", flat=True)
        .distinct()
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def appeals_open():
    return (
        Appeal.objects.filter(state=Appeal.State.OPEN)
        .select_related("event", "member", "event__actor")
        .order_by("created_at", "id")
    )
