"""The moderation log: the one module that writes ``ModerationEvent`` rows.

Every moderator decision (and the few the system takes itself) is recorded
here: who, what, on what, why, and the fields it changed. A decision that
concerns a member is also told to them, except flags and the possible-risk
calls (``SILENT_ACTIONS``)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from forum.models import Visibility
from notifications import hooks

from .models import ModerationEvent

Action = ModerationEvent.Action

# Decisions the member is not told about: flags, and the review of a post the
# crisis detector found possibly worrying (the author already saw the
# support link; "a moderator thinks you may be at risk" is not a notice).
SILENT_ACTIONS = {
    Action.POST_FLAG,
    Action.FLAGS_DISMISS,
    Action.RISK_ESCALATE,
    Action.RISK_DISMISS,
}


# Decisions that take something from their subject: each has a statement of
# reasons and can be appealed (``moderation.appeals``).
RESTRICTING = {
    Action.POST_HIDE,
    Action.THREAD_LOCK,
    Action.USER_WARN,
    Action.USER_SUSPEND,
    Action.USER_BAN,
    # Clinicians: a refused application, a suspended or revoked badge.
    Action.CLINICIAN_REJECT,
    Action.CLINICIAN_SUSPEND,
    Action.CLINICIAN_REVOKE,
    # A moderator's edit of a member's post, with its reason.
    Action.POST_EDIT,
    # A member's or clinician's correction note under a post.
    Action.CORRECTION_HIDE,
}


def is_restricting(event: ModerationEvent) -> bool:
    """Whether the decision took something from its subject (and so has a
    statement of reasons and can be appealed)."""
    if event.subject_id is None:
        return False
    if event.action == Action.POST_EDIT and event.changes.get("appeal"):
        return False  # Giving the text back after an appeal takes nothing.
    if event.action in RESTRICTING:
        return True
    # Members' flags that hid a post on their own (the threshold).
    return event.action == Action.POST_FLAG and _hid_post(event)


def _hid_post(event: ModerationEvent) -> bool:
    change = event.changes.get("visibility") if event.changes else None
    return bool(change) and change[-1] == Visibility.HIDDEN


def record(
    *,
    actor,
    action: str,
    target,
    subject=None,
    subject_id: int | None = None,
    reason: str = "",
    changes: dict | None = None,
    notify: bool = True,
) -> ModerationEvent:
    """Append one event about ``target`` (a model instance) to the log, and
    tell ``subject`` (``notify``), unless the action is one of the silent ones."""
    event = ModerationEvent.objects.create(
        actor=actor,
        action=action,
        subject=subject,
        subject_id=subject.pk if subject is not None else subject_id,
        target_type=target._meta.model_name,
        target_id=target.pk,
        reason=reason,
        changes=changes or {},
    )
    if notify and event.subject_id is not None and action not in SILENT_ACTIONS:
        hooks.moderation_event(event, statement=is_restricting(event))
    return event


def erase_flag_notes(*, actor) -> None:
    """A member leaves: the log keeps every event and who it points at (the
    anonymised row); only the member's own words copied into it, their flag
    notes, go. bulk_update() on purpose: one UPDATE, and events refuse save()
    to stay append-only."""
    events = list(
        ModerationEvent.objects.filter(
            actor=actor, action=ModerationEvent.Action.POST_FLAG, reason__contains=": "
        ).only("pk", "reason")
    )
    for event in events:
        event.reason = event.reason.split(": ", 1)[0]
    ModerationEvent.objects.bulk_update(events, ["reason"])


STATEMENT_SALT = "moderation.statement"


def statement_token(event: ModerationEvent) -> str:
    """A signed key for the decision's emailed link: it opens the statement
    (and the appeal form) for its subject without signing in, which a banned
    member can't do (``appeals.subject_from_token`` checks it; it expires
    with the appeal window). It says nothing by itself."""
    return signing.dumps({"e": event.pk, "u": event.subject_id}, salt=STATEMENT_SALT)


def statement_url(event: ModerationEvent) -> str:
    """The decision's statement of reasons (where its subject may appeal), as
    a full address for emails, with its signed key so it opens without
    signing in (a banned member can't sign in)."""
    path = reverse("moderation:decision", args=[event.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}?t={statement_token(event)}"
