"""Moderation: flags, the review actions, sanctions and watched words.

Each service checks the actor's permission itself, changes state in one
transaction and appends a ``ModerationEvent`` (who, what, why, before/after).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backends import member_forget
from accounts.models import Sanction, User
from accounts.roles import can_moderate
from accounts.tasks import email_member_after_commit as _notify
from core import markup
from forum import cache as forum_cache
from forum import routing as forum_routing
from forum import services as forum_services
from forum.models import Condition, CorrectionNote, Post, Thread, Visibility
from notifications import hooks
from safety import examples as risk_examples
from safety import screening
from safety.models import RiskExample, WatchedWord
from search import index as search_index

from . import log, permissions
from .models import Flag, ModerationEvent

Action = ModerationEvent.Action


def _reindex(post: Post) -> None:
    search_index.thread_reindex(post.thread_id)


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can do this."))


def _clean_reason(reason: str | None, *, required: bool) -> str:
    reason = markup.normalise(reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give a reason.")}, code="reason_required")
    return reason


_lock_post = forum_services.post_lock


def _resolve_flags(
    post: Post, moderator, state: str, *, keep_urgent=False, keep_possible=False
) -> int:
    flags = Flag.objects.filter(post=post, state=Flag.State.OPEN)
    if keep_possible:
        # Decided in the possible-risk list, where the call is kept as an example.
        flags = flags.exclude(reason=Flag.Reason.POSSIBLE_RISK)
    if keep_urgent:
        # Approving a held post says nothing about a crisis signal in it.
        flags = flags.exclude(
            reason__in=[Flag.Reason.SELF_HARM, Flag.Reason.POSSIBLE_RISK]
        )
    return flags.update(state=state, resolved_at=timezone.now(), resolved_by=moderator)


# Flags -----------------------------------------------------------------------


def _hide(post: Post) -> None:
    """Take a post out of public view, keeping the thread's counters exact."""
    was_visible = post.visibility == Visibility.VISIBLE
    post.visibility = Visibility.HIDDEN
    post.save(update_fields=["visibility", "updated_at"])
    if post.is_question:
        Thread.objects.filter(pk=post.thread_id).update(visibility=Visibility.HIDDEN)
    elif was_visible:
        forum_services.thread_uncount_reply(thread_id=post.thread_id, post=post)
    _reindex(post)


@transaction.atomic
def flag_create(*, post: Post, reporter: User, reason: str, note: str = "") -> Flag:
    """A member flags a post. Enough distinct flaggers (or one moderator) hide
    it until a moderator reviews it."""
    # The post row lock serialises flags on one post, so the threshold is
    # counted exactly even when members flag at the same moment.
    post = _lock_post(post)
    if not permissions.can_flag(reporter, post):
        raise PermissionDenied(_("You can't flag this post."))
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="reason")
    note = markup.normalise_line(note)[:500]
    if reason == Flag.Reason.OTHER and not note:
        raise ValidationError(
            {"note": _("Tell the moderators what is wrong.")}, code="note_required"
        )
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post, reporter=reporter, reason=reason, note=note
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already flagged this post; the moderators will look at it."),
            code="already_flagged",
        ) from None
    changes = {}
    open_flaggers = (
        Flag.objects.filter(post=post, state=Flag.State.OPEN, reporter__isnull=False)
        .values("reporter")
        .distinct()
        .count()
    )
    if post.visibility == Visibility.VISIBLE and (
        can_moderate(reporter) or open_flaggers >= settings.FORUM_FLAG_HIDE_THRESHOLD
    ):
        _hide(post)
        changes["visibility"] = [Visibility.VISIBLE, Visibility.HIDDEN]
    log.record(
        actor=reporter,
        action=Action.POST_FLAG,
        target=post,
        subject=post.author,
        reason=f"{flag.get_reason_display()}" + (f": {note}" if note else ""),
        changes=changes,
    )
    return flag


def flag_create_system(*, post: Post, note: str, reason: str = Flag.Reason.OTHER):
    """A flag raised by the forum itself (watched words, crisis signals)."""
    return Flag.objects.create(post=post, reporter=None, reason=reason, note=note)


# The possible-risk list ----------------------------------------------------


def _keep_example(post: Post, label: str) -> None:
    """The moderator's call on a possible-risk post, kept without the member."""
    text = f"{post.thread.title}\n{post.source}" if post.is_question else post.source
    RiskExample.objects.create(
        text=risk_examples.anonymised(text),
        label=label,
        detector=risk_examples.detector_summary(text),
    )


def _risk_decide(*, post: Post, moderator: User, reason: str, state: str):
    """Close the open possible-risk flags on ``post`` as ``state``. Returns
    the locked post and the cleaned reason, or None when there were none
    (already decided: a double submit, another moderator)."""
    _require_moderator(moderator)
    post = _lock_post(post)
    reason = _clean_reason(reason, required=False)
    closed = Flag.objects.filter(
        post=post, state=Flag.State.OPEN, reason=Flag.Reason.POSSIBLE_RISK
    ).update(state=state, resolved_at=timezone.now(), resolved_by=moderator)
    return (post, reason) if closed else None


@transaction.atomic
def risk_escalate(*, post: Post, moderator: User, reason: str = "") -> Post:
    """A post in the possible-risk list is a risk: move it to the urgent queue."""
    decided = _risk_decide(
        post=post, moderator=moderator, reason=reason, state=Flag.State.ACTIONED
    )
    if decided is None:
        return post
    post, reason = decided
    Flag.objects.create(
        post=post,
        reporter=None,
        reason=Flag.Reason.SELF_HARM,
        note=(
            _("Escalated from the possible-risk list by %(name)s")
            % {"name": moderator.display_name}
            + (f": {reason}" if reason else ".")
        )[:500],
    )
    _keep_example(post, RiskExample.Label.RISK)
    log.record(
        actor=moderator,
        action=Action.RISK_ESCALATE,
        target=post,
        subject=post.author,
        reason=reason,
        changes={"flag": [Flag.Reason.POSSIBLE_RISK, Flag.Reason.SELF_HARM]},
    )
    return post


@transaction.atomic
def risk_dismiss(*, post: Post, moderator: User, reason: str = "") -> Post:
    """A post in the possible-risk list is not a risk: close it there, and keep
    it (anonymised) as a labelled example of what must not alarm."""
    decided = _risk_decide(
        post=post, moderator=moderator, reason=reason, state=Flag.State.DISMISSED
    )
    if decided is None:
        return post
    post, reason = decided
    _keep_example(post, RiskExample.Label.NONE)
    log.record(
        actor=moderator,
        action=Action.RISK_DISMISS,
        target=post,
        subject=post.author,
        reason=reason,
    )
    return post


# Post actions -----------------------------------------------------------------


@transaction.atomic
def post_approve(*, post: Post, moderator: User, reason: str = "") -> Post:
    """Publish a post that was held for review."""
    _require_moderator(moderator)
    post = _lock_post(post)
    if post.visibility != Visibility.PENDING:
        return post  # Already handled (double submit, another moderator).
    reason = _clean_reason(reason, required=False)
    now = timezone.now()
    post.visibility = Visibility.VISIBLE
    post.save(update_fields=["visibility", "updated_at"])
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if post.is_question:
        thread.visibility = Visibility.VISIBLE
        thread.last_activity_at = now
        thread.save(update_fields=["visibility", "last_activity_at"])
        hooks.thread_published(thread)
    else:
        forum_services.thread_count_reply(thread=thread, post=post, at=now)
        hooks.post_published(post)
    _reindex(post)
    _resolve_flags(post, moderator, Flag.State.DISMISSED, keep_urgent=True)
    log.record(
        actor=moderator,
        action=Action.POST_APPROVE,
        target=post,
        subject=post.author,
        reason=reason,
        changes={"visibility": [Visibility.PENDING, Visibility.VISIBLE]},
    )
    return post


def post_reveal_author(*, post: Post, moderator: User, reason: str) -> User:
    """Who wrote an anonymous post, for a moderator who says why: logged with
    the reason, naming nobody in the log (the event's subject stays empty) and
    telling nobody."""
    if not can_moderate(moderator):
        raise PermissionDenied
    if not post.is_anonymous:
        raise ValidationError(_("This post isn't anonymous."))
    if not reason.strip():
        raise ValidationError(
            _("Say why you need to know who wrote this anonymous post.")
        )
    log.record(
        actor=moderator,
        action=Action.POST_REVEAL,
        target=post,
        reason=reason.strip(),
        notify=False,
    )
    return post.author


@transaction.atomic
def post_hide(*, post: Post, moderator: User, reason: str) -> Post:
    """Hide a post from everyone but its author and the moderators."""
    _require_moderator(moderator)
    post = _lock_post(post)
    reason = _clean_reason(reason, required=True)
    before = post.visibility
    if before == Visibility.HIDDEN:
        # Hidden by flags: the moderator confirms it. Without open flags there
        # is nothing to decide (a double submit).
        confirmed = _resolve_flags(post, moderator, Flag.State.ACTIONED)
        if not confirmed:
            return post
        changes = {"open_flags": [confirmed, 0]}
    elif before in (Visibility.VISIBLE, Visibility.PENDING):
        _hide(post)
        _resolve_flags(post, moderator, Flag.State.ACTIONED)
        changes = {"visibility": [before, Visibility.HIDDEN]}
    else:
        raise ValidationError(_("This post can't be hidden."), code="state")
    event = log.record(
        actor=moderator,
        action=Action.POST_HIDE,
        target=post,
        subject=post.author,
        reason=reason,
        changes=changes,
    )
    _notify(
        post.author,
        lambda: _("A moderator hid one of your posts"),
        lambda: (
            _("A moderator hid your post in “%(title)s”.\n\nReason: %(reason)s")
            % {"title": post.thread.title, "reason": reason}
            + _appeal_line(event)
        ),
    )
    return post


@transaction.atomic
def post_restore(*, post: Post, moderator: User, reason: str = "") -> Post:
    """Show a hidden post again; open flags on it are dismissed."""
    _require_moderator(moderator)
    post = _lock_post(post)
    if post.visibility != Visibility.HIDDEN:
        return post
    reason = _clean_reason(reason, required=False)
    post.visibility = Visibility.VISIBLE
    post.save(update_fields=["visibility", "updated_at"])
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    if post.is_question:
        thread.visibility = Visibility.VISIBLE
        thread.save(update_fields=["visibility"])
    else:
        # Restoring is not new activity: count it, keep last_activity_at.
        forum_services.thread_count_reply(
            thread=thread, post=post, at=thread.last_activity_at
        )
    _reindex(post)
    _resolve_flags(post, moderator, Flag.State.DISMISSED)
    log.record(
        actor=moderator,
        action=Action.POST_RESTORE,
        target=post,
        subject=post.author,
        reason=reason,
        changes={"visibility": [Visibility.HIDDEN, Visibility.VISIBLE]},
    )
    return post


def _lock_correction(note: CorrectionNote) -> CorrectionNote:
    return (
        CorrectionNote.objects.select_for_update()
        .select_related("author", "post__thread")
        .get(pk=note.pk)
    )


def _not_own_correction(note: CorrectionNote, moderator: User) -> None:
    """Nobody decides on their own words: another moderator does (and an
    appeal goes to a third)."""
    if note.author_id == moderator.pk:
        raise PermissionDenied(_("Another moderator decides on your own correction."))


@transaction.atomic
def correction_hide(
    *, note: CorrectionNote, moderator: User, reason: str
) -> CorrectionNote:
    """Hide a correction note from everyone but the moderators. Its author
    gets a statement of reasons and may appeal, as for a hidden post."""
    _require_moderator(moderator)
    note = _lock_correction(note)
    _not_own_correction(note, moderator)
    reason = _clean_reason(reason, required=True)
    if note.hidden_at is not None:
        return note  # A double submit logs one event.
    note.hidden_at = timezone.now()
    note.save(update_fields=["hidden_at"])
    forum_cache.bump_thread(note.post.thread_id)
    event = log.record(
        actor=moderator,
        action=Action.CORRECTION_HIDE,
        target=note,
        subject=note.author,
        reason=reason,
        changes={"hidden": [False, True]},
    )
    _notify(
        note.author,
        lambda: _("A moderator hid one of your corrections"),
        lambda: (
            _(
                "A moderator hid your correction note in “%(title)s”.\n\n"
                "Reason: %(reason)s"
            )
            % {"title": note.post.thread.title, "reason": reason}
            + _appeal_line(event)
        ),
    )
    return note


@transaction.atomic
def correction_restore(
    *, note: CorrectionNote, moderator: User, reason: str = ""
) -> CorrectionNote:
    """Show a hidden correction note again."""
    _require_moderator(moderator)
    note = _lock_correction(note)
    _not_own_correction(note, moderator)
    if note.hidden_at is None:
        return note
    reason = _clean_reason(reason, required=False)
    note.hidden_at = None
    note.save(update_fields=["hidden_at"])
    forum_cache.bump_thread(note.post.thread_id)
    log.record(
        actor=moderator,
        action=Action.CORRECTION_RESTORE,
        target=note,
        subject=note.author,
        reason=reason,
        changes={"hidden": [True, False]},
    )
    return note


@transaction.atomic
def flags_dismiss(*, post: Post, moderator: User, reason: str = "") -> int:
    """Close a post's open flags without acting on the post."""
    _require_moderator(moderator)
    post = _lock_post(post)
    if (
        post.visibility == Visibility.HIDDEN
        and post.flags.filter(state=Flag.State.OPEN).exists()
    ):
        # Open flags on a hidden post mean the flags hid it; dismissing them
        # means the post was fine, so it comes back (and the queue is empty).
        post_restore(post=post, moderator=moderator, reason=reason)
        return 0
    count = _resolve_flags(post, moderator, Flag.State.DISMISSED, keep_possible=True)
    if count:
        log.record(
            actor=moderator,
            action=Action.FLAGS_DISMISS,
            target=post,
            subject=post.author,
            reason=_clean_reason(reason, required=False),
            changes={"open_flags": [count, 0]},
        )
    return count


# Thread actions ----------------------------------------------------------------


def _thread_toggle(thread, moderator, field, value, action, reason):
    _require_moderator(moderator)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if getattr(thread, field) == value:
        return thread
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    log.record(
        actor=moderator,
        action=action,
        target=thread,
        subject=thread.author,
        reason=_clean_reason(reason, required=False),
        changes={field: [not value, value]},
    )
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    """Stop new replies; the thread stays readable."""
    return _thread_toggle(
        thread, moderator, "is_locked", True, Action.THREAD_LOCK, reason
    )


@transaction.atomic
def thread_unlock(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    return _thread_toggle(
        thread, moderator, "is_locked", False, Action.THREAD_UNLOCK, reason
    )


@transaction.atomic
def thread_pin(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    """Keep a thread at the top of its lists."""
    return _thread_toggle(
        thread, moderator, "is_pinned", True, Action.THREAD_PIN, reason
    )


@transaction.atomic
def thread_unpin(*, thread: Thread, moderator: User, reason: str = "") -> Thread:
    return _thread_toggle(
        thread, moderator, "is_pinned", False, Action.THREAD_UNPIN, reason
    )


@transaction.atomic
def thread_retag(
    *,
    thread: Thread,
    moderator: User,
    conditions: Iterable[Condition],
    reason: str = "",
) -> Thread:
    """Replace a thread's conditions (1 to the usual maximum)."""
    _require_moderator(moderator)
    conditions = list(conditions)
    if not 1 <= len(conditions) <= settings.FORUM_MAX_CONDITIONS_PER_THREAD:
        raise ValidationError(
            {"conditions": _("Pick between 1 and 5 conditions.")}, code="conditions"
        )
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    before = sorted(thread.conditions.values_list("slug", flat=True))
    after = sorted(c.slug for c in conditions)
    if before == after:
        return thread
    thread.conditions.set(conditions)
    # Another condition may have a stricter answer target.
    forum_routing.thread_reschedule(thread=thread)
    search_index.thread_reindex(thread.pk)
    log.record(
        actor=moderator,
        action=Action.THREAD_RETAG,
        target=thread,
        subject=thread.author,
        reason=_clean_reason(reason, required=False),
        changes={"conditions": [before, after]},
    )
    return thread


@transaction.atomic
def thread_merge(
    *, source: Thread, target: Thread, moderator: User, reason: str = ""
) -> Thread:
    """Move a duplicate thread's posts into another; the old URL redirects."""
    _require_moderator(moderator)
    if source.pk == target.pk:
        raise ValidationError(
            {"target": _("A thread can't be merged into itself.")}, code="same"
        )
    # Same lock order as every post action (posts, then threads): first the
    # source's posts, then both threads in id order, so a flag or an approval
    # on one of these posts can't deadlock with the merge.
    list(Post.objects.select_for_update().filter(thread=source).order_by("pk"))
    locked = {
        t.pk: t
        for t in Thread.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    source, target = locked[source.pk], locked[target.pk]
    if source.visibility == Visibility.MERGED:
        raise ValidationError(_("This thread was already merged."), code="merged")
    if target.visibility != Visibility.VISIBLE:
        raise ValidationError(
            {"target": _("Merge into a visible thread.")}, code="target_state"
        )
    moved = list(Post.objects.filter(thread=source).order_by("created_at", "id"))
    Post.objects.filter(thread=source).update(thread=target, is_question=False)
    if source.has_notes:  # Reviews and corrections follow their posts.
        Thread.objects.filter(pk=target.pk).update(has_notes=True)
    visible = [p for p in moved if p.visibility == Visibility.VISIBLE]
    if visible:
        latest = max(p.created_at for p in visible)
        Thread.objects.filter(pk=target.pk).update(
            reply_count=target.reply_count + len(visible),
            last_activity_at=max(target.last_activity_at, latest),
        )
        forum_services.threads_refresh_clinician_answer(author=None, thread=target)
    for condition in source.conditions.all():
        if target.conditions.count() >= settings.FORUM_MAX_CONDITIONS_PER_THREAD:
            break
        target.conditions.add(condition)
    before = source.visibility
    source.visibility = Visibility.MERGED
    source.merged_into = target
    source.reply_count = 0
    source.accepted_post = None
    source.save(
        update_fields=["visibility", "merged_into", "reply_count", "accepted_post"]
    )
    search_index.thread_reindex(source.pk)
    search_index.thread_reindex(target.pk)
    forum_cache.bump_thread(target.pk)  # Its posts arrived by a queryset update.
    log.record(
        actor=moderator,
        action=Action.THREAD_MERGE,
        target=source,
        subject=source.author,
        reason=_clean_reason(reason, required=False),
        changes={
            "visibility": [before, Visibility.MERGED],
            "merged_into": [None, target.pk],
            "posts_moved": [0, len(moved)],
        },
    )
    return target


# Sanctions -----------------------------------------------------------------------


def _sanction(*, user, moderator, kind, reason, ends_at, action):
    if not permissions.can_sanction(moderator, user):
        raise PermissionDenied(_("You can't sanction this member."))
    reason = _clean_reason(reason, required=True)
    User.objects.select_for_update().get(pk=user.pk)
    sanction = Sanction.objects.create(
        user=user, kind=kind, reason=reason, created_by=moderator, ends_at=ends_at
    )
    sanction.event = log.record(
        actor=moderator,
        action=action,
        target=sanction,
        subject=user,
        reason=reason,
        changes={"ends_at": [None, ends_at.isoformat() if ends_at else None]},
    )
    return sanction


def _appeal_line(event) -> str:
    """The end of a decision's email: where the member reads why, and appeals."""
    return "\n\n" + _("Why, and how to appeal (within six months): %(url)s") % {
        "url": log.statement_url(event)
    }


@transaction.atomic
def user_warn(*, user: User, moderator: User, reason: str) -> Sanction:
    """A warning the member sees once, on their next page."""
    sanction = _sanction(
        user=user,
        moderator=moderator,
        kind=Sanction.Kind.WARNING,
        reason=reason,
        ends_at=None,
        action=Action.USER_WARN,
    )
    _notify(
        user,
        lambda: _("A warning from the CareThread moderators"),
        lambda: sanction.reason + _appeal_line(sanction.event),
    )
    return sanction


@transaction.atomic
def user_suspend(
    *, user: User, moderator: User, reason: str, duration: timedelta
) -> Sanction:
    """Read-only until the end date: no posting or flagging."""
    if duration <= timedelta(0) or duration > timedelta(days=365):
        raise ValidationError(
            {"days": _("Suspend for between 1 hour and 365 days.")}, code="duration"
        )
    ends_at = timezone.now() + duration
    sanction = _sanction(
        user=user,
        moderator=moderator,
        kind=Sanction.Kind.SUSPENSION,
        reason=reason,
        ends_at=ends_at,
        action=Action.USER_SUSPEND,
    )
    _notify(
        user,
        lambda: _("Your CareThread account is suspended"),
        lambda: (
            _("You can read but not post until %(until)s UTC.\n\nReason: %(reason)s")
            % {"until": ends_at.strftime("%d %b %Y %H:%M"), "reason": sanction.reason}
            + _appeal_line(sanction.event)
        ),
    )
    return sanction


@transaction.atomic
def user_ban(*, user: User, moderator: User, reason: str) -> Sanction:
    """No more sign-in; the member's sessions end on their next request."""
    sanction = _sanction(
        user=user,
        moderator=moderator,
        kind=Sanction.Kind.BAN,
        reason=reason,
        ends_at=None,
        action=Action.USER_BAN,
    )
    _notify(
        user,
        lambda: _("Your CareThread account is banned"),
        lambda: sanction.reason + _appeal_line(sanction.event),
    )
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, moderator: User, reason: str) -> Sanction:
    """End a sanction early."""
    sanction = (
        Sanction.objects.select_for_update().select_related("user").get(pk=sanction.pk)
    )
    if not permissions.can_sanction(moderator, sanction.user):
        raise PermissionDenied(_("You can't change this member's sanctions."))
    if not sanction.is_active:
        return sanction
    reason = _clean_reason(reason, required=True)
    sanction.lifted_at = timezone.now()
    sanction.lifted_by = moderator
    sanction.save(update_fields=["lifted_at", "lifted_by"])
    log.record(
        actor=moderator,
        action=Action.SANCTION_LIFT,
        target=sanction,
        subject=sanction.user,
        reason=reason,
        changes={"lifted_at": [None, sanction.lifted_at.isoformat()]},
    )
    return sanction


def warnings_take_unread(*, user: User) -> list[Sanction]:
    """Warnings the member has not seen yet, marked as seen (shown once)."""
    with transaction.atomic():
        warnings = list(
            Sanction.objects.select_for_update().filter(
                user=user,
                kind=Sanction.Kind.WARNING,
                acknowledged_at__isnull=True,
                lifted_at__isnull=True,
            )
        )
        if warnings:
            Sanction.objects.filter(pk__in=[w.pk for w in warnings]).update(
                acknowledged_at=timezone.now()
            )
            member_forget(user.pk)  # A queryset update sends no signal.
    return warnings


def _forget_watched_words() -> None:
    # Now, for this process; and again after commit, in case another request
    # cached the old list before this transaction became visible.
    screening.forget_watched_words()
    transaction.on_commit(screening.forget_watched_words)


# Watched words -------------------------------------------------------------------


@transaction.atomic
def watched_word_add(*, word: str, action: str, moderator: User) -> WatchedWord:
    """Watch for a word or phrase in new posts."""
    _require_moderator(moderator)
    word = markup.normalise_line(word)
    if not 2 <= len(word) <= 100:
        raise ValidationError({"word": _("Use 2 to 100 characters.")}, code="word")
    if action not in WatchedWord.Action.values:
        raise ValidationError({"action": _("Choose an action.")}, code="action")
    if WatchedWord.objects.filter(word__iexact=word).exists():
        raise ValidationError({"word": _("This word is already watched.")}, "dup")
    watched = WatchedWord.objects.create(word=word, action=action, created_by=moderator)
    log.record(
        actor=moderator,
        action=Action.WATCHED_WORD_ADD,
        target=watched,
        changes={"word": [None, word], "action": [None, action]},
    )
    _forget_watched_words()
    return watched


@transaction.atomic
def watched_word_remove(*, watched: WatchedWord, moderator: User) -> None:
    _require_moderator(moderator)
    log.record(
        actor=moderator,
        action=Action.WATCHED_WORD_REMOVE,
        target=watched,
        changes={"word": [watched.word, None], "action": [watched.action, None]},
    )
    watched.delete()
    _forget_watched_words()
