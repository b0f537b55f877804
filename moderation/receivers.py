"""What moderation does when the forum writes (``forum.events``): the flags
the system raises itself (watched words, crisis signals) and the log entry of
a moderator's edit of someone else's post. Connected in ``apps.py``."""

from __future__ import annotations

from forum import events
from safety import crisis as crisis_detector

from . import log
from .models import Flag, ModerationEvent
from .services import flag_create_system


def _crisis_flag(post, found: crisis_detector.Assessment) -> None:
    """High confidence: an urgent self-harm flag (the author is shown crisis
    resources). Possible: a non-urgent "possible risk" flag for the
    moderators' review list."""
    phrases = ", ".join(
        s.phrase if s.category == crisis_detector.MODEL else f"“{s.phrase}”"
        for s in found.signals
    )
    if found.is_high:
        note = f"Crisis signals: {phrases}. The author was shown crisis resources."
        reason = Flag.Reason.SELF_HARM
    else:
        note = (
            f"Possible risk: {phrases}. The post is published; the author saw "
            "a link to support."
        )
        reason = Flag.Reason.POSSIBLE_RISK
    flag_create_system(post=post, note=note[:500], reason=reason)


def post_screened(sender, *, post, flag_words, crisis, **kwargs) -> None:
    """A new post or an author's edit was read: flag what needs a look."""
    if flag_words:
        flag_create_system(
            post=post, note="Watched words: " + ", ".join(sorted(set(flag_words)))
        )
    if crisis:
        _crisis_flag(post, crisis)


def post_edited_for(sender, *, post, editor, reason, changes, **kwargs) -> None:
    """A moderator edited a member's post: logged, and the member told in the
    app, with the statement of reasons (and the appeal)."""
    log.record(
        actor=editor,
        action=ModerationEvent.Action.POST_EDIT,
        target=post,
        subject_id=post.author_id,
        reason=reason,
        changes=changes,
    )


def connect() -> None:
    events.post_screened.connect(post_screened, dispatch_uid="moderation.screened")
    events.post_edited_for.connect(post_edited_for, dispatch_uid="moderation.edit")
