"""Following, in-app notifications and notification email.

Hooks call the ``notify_*`` services inside the write transaction: rows are
created with the change they describe, and email is handed to the tasks
framework once the transaction commits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.events import ReadingPosition
from forum.models import Condition, Post, Thread

from . import permissions, selectors
from .emails import DEFAULTS, EMAIL_KINDS, UNSUBSCRIBE_SALT
from .models import Follow, Frequency, Kind, Notification, NotificationPreference
from .tasks import deliver_notification_emails

EmailState = Notification.EmailState

MAX_MENTIONS = 10


# Following ---------------------------------------------------------------------


def follow_thread(*, user, thread: Thread) -> Follow:
    """Follow a thread (idempotent)."""
    if not permissions.can_follow_thread(user, thread):
        raise PermissionDenied(_("You can't follow this thread."))
    follow, _created = Follow.objects.get_or_create(user=user, thread=thread)
    return follow


def unfollow_thread(*, user, thread: Thread) -> None:
    """Stop following a thread (idempotent)."""
    if not user.is_authenticated:
        raise PermissionDenied
    Follow.objects.filter(user=user, thread=thread).delete()


def follow_condition(*, user, condition: Condition) -> Follow:
    """Follow a condition: hear about new questions tagged with it."""
    if not permissions.can_follow(user):
        raise PermissionDenied(_("You can't follow this condition."))
    follow, _created = Follow.objects.get_or_create(user=user, condition=condition)
    return follow


def unfollow_condition(*, user, condition: Condition) -> None:
    """Stop following a condition (idempotent)."""
    if not user.is_authenticated:
        raise PermissionDenied
    Follow.objects.filter(user=user, condition=condition).delete()


@dataclass(frozen=True)
class Opened:
    """What opening a thread told: whether the member follows it, and (for a
    followed thread) the replies by others since they last opened it."""

    following: bool
    position: ReadingPosition


def thread_mark_seen(*, user, thread: Thread) -> bool:
    """The member opened the thread (see :func:`thread_open`); returns whether
    they follow it."""
    return thread_open(user=user, thread=thread).following


def thread_open(*, user, thread: Thread) -> Opened:
    """The member opened the thread: replies so far are seen and the thread's
    notifications are read. One read, whatever the member's backlog; a write
    only for what is new (replies since the last visit, unread notifications
    about the thread). The follow button on the same page reuses what it
    learnt, and the thread page where the member's reading stopped."""
    if not user.is_authenticated:
        return Opened(False, ReadingPosition(0, None))
    follows = Follow.objects.filter(user=user, thread=OuterRef("pk"))
    unread = selectors.follow_unread_replies()
    following, unread_count, first_unread_id, unread_here = (
        Thread.objects.filter(pk=thread.pk)
        .values_list(
            Exists(follows),
            Subquery(
                follows.annotate(n=selectors.follow_unread_count()).values("n")[:1]
            ),
            Subquery(
                follows.annotate(
                    first=Subquery(unread.order_by("created_at", "id").values("pk")[:1])
                ).values("first")[:1]
            ),
            Exists(
                Notification.objects.filter(
                    recipient=user, thread=OuterRef("pk"), read_at__isnull=True
                )
            ),
        )
        .get()
    )
    new_replies = bool(unread_count)
    now = timezone.now()
    if new_replies:
        Follow.objects.filter(user=user, thread=thread).update(last_seen_at=now)
    if unread_here:
        Notification.objects.filter(
            recipient=user, thread=thread, read_at__isnull=True
        ).update(read_at=now)
    selectors.remember_following(user=user, target=thread, following=following)
    return Opened(following, ReadingPosition(unread_count or 0, first_unread_id))


# Reading -------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of one's own notifications read."""
    if not user.is_authenticated or notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all of one's notifications read; returns how many changed."""
    if not user.is_authenticated:
        raise PermissionDenied
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Preferences and unsubscribing ---------------------------------------------------


def preference_frequencies(*, user) -> dict[str, str]:
    """The member's email frequency for every emailable kind."""
    stored = dict(
        NotificationPreference.objects.filter(user=user).values_list(
            "kind", "frequency"
        )
    )
    return {kind: stored.get(kind, DEFAULTS[kind]) for kind in EMAIL_KINDS}


@transaction.atomic
def preferences_set(*, user, frequencies: dict[str, str]) -> None:
    """Save how often the member wants email for each kind."""
    if not user.is_authenticated:
        raise PermissionDenied
    for kind, frequency in frequencies.items():
        if kind not in EMAIL_KINDS or frequency not in Frequency.values:
            raise ValidationError(_("Unknown notification setting."), code="invalid")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"frequency": frequency}
        )


def unsubscribe_read(*, token: str) -> tuple:
    """The member and kinds a token is for; ValidationError if it is forged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=int(data["u"]))
        kinds = [k for k in data["k"] if k in EMAIL_KINDS]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("This link is not valid."), code="bad_token") from exc
    except get_user_model().DoesNotExist as exc:
        raise ValidationError(_("This link is not valid."), code="bad_token") from exc
    if not kinds:
        raise ValidationError(_("This link is not valid."), code="bad_token")
    return user, kinds


def unsubscribe(*, token: str) -> tuple:
    """Turn off the email a signed link is about (no sign-in needed)."""
    user, kinds = unsubscribe_read(token=token)
    preferences_set(user=user, frequencies=dict.fromkeys(kinds, Frequency.NEVER))
    return user, kinds


# Creating notifications (called from hooks) ---------------------------------------


def _actor_id(thread: Thread, user_id: int) -> int | None:
    """Who did it, as others may see: nobody when it is the asker of an
    anonymous question (asking, accepting, marking helpful), so no
    notification, email or export names them. Anonymous replies are handled
    where they are announced (``post.is_anonymous``)."""
    if thread.is_anonymous and thread.author_id == user_id:
        return None
    return user_id


def notify_thread_published(*, thread: Thread) -> list[Notification]:
    """A question became public: its author follows it, and members following
    one of its conditions hear about it."""
    Follow.objects.get_or_create(user_id=thread.author_id, thread=thread)
    recipients = (
        Follow.objects.filter(
            condition__in=thread.conditions.all(), user__is_active=True
        )
        .exclude(user_id=thread.author_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return _create(
        Notification(
            recipient_id=user_id,
            kind=Kind.NEW_THREAD,
            actor_id=_actor_id(thread, thread.author_id),
            thread=thread,
        )
        for user_id in set(recipients)
    )


def notify_post_published(*, post: Post) -> int:
    """A reply became public: its author follows the thread, followers hear
    about it, and members it mentions hear about that instead. Returns how
    many members were notified."""
    # A statement that does nothing if the author already follows (or a
    # click on "Follow" got there first): no read needed.
    Follow.objects.bulk_create(
        [Follow(user_id=post.author_id, thread_id=post.thread_id)],
        ignore_conflicts=True,
    )
    mentioned = {u.pk for u in mentioned_users(source=post.source)}
    mentioned.discard(post.author_id)
    ids = _notify_followers(post=post, exclude={post.author_id, *mentioned})
    created = _create(
        [
            Notification(
                recipient_id=user_id,
                kind=Kind.MENTION,
                actor_id=None if post.is_anonymous else post.author_id,
                thread_id=post.thread_id,
                post=post,
            )
            for user_id in mentioned
        ],
        email=False,
    )
    _email_later(ids + [n.pk for n in created])
    return len(ids) + len(created)


_FOLLOWERS_SQL = """
    INSERT INTO {notification} (
        recipient_id, kind, actor_id, thread_id, post_id, created_at, email_state
    )
    SELECT f.user_id, %s, %s, %s, %s, %s, %s
    FROM {follow} f INNER JOIN {user} u ON u.id = f.user_id
    WHERE f.thread_id = %s AND u.is_active AND f.user_id NOT IN ({exclude})
    RETURNING id
"""


def _notify_followers(*, post: Post, exclude: set[int]) -> list[int]:
    """A reply notification for each active follower of the thread but
    ``exclude``, in one statement that the database runs over the follows:
    a thread followed by hundreds costs no more Python than one followed by
    a few. Returns the new notifications' ids."""
    sql = _FOLLOWERS_SQL.format(
        notification=Notification._meta.db_table,
        follow=Follow._meta.db_table,
        user=get_user_model()._meta.db_table,
        exclude=", ".join(["%s"] * len(exclude)),
    )
    ops = connection.ops
    params = [
        Kind.REPLY.value,
        None if post.is_anonymous else post.author_id,
        post.thread_id,
        post.pk,
        ops.adapt_datetimefield_value(timezone.now()),
        EmailState.PENDING.value,
        post.thread_id,
        *sorted(exclude),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def notify_answer_accepted(*, post: Post) -> list[Notification]:
    """Tell a reply's author that the asker accepted it."""
    thread = post.thread
    if post.author_id == thread.author_id:
        return []
    return _create(
        [
            Notification(
                recipient_id=post.author_id,
                kind=Kind.ACCEPTED,
                actor_id=_actor_id(thread, thread.author_id),
                thread=thread,
                post=post,
            )
        ]
    )


def notify_post_marked_helpful(*, post: Post, user) -> list[Notification]:
    """Tell a reply's author that someone found it helpful."""
    if post.author_id == user.pk:
        return []
    return _create(
        [
            Notification(
                recipient_id=post.author_id,
                kind=Kind.HELPFUL,
                actor_id=_actor_id(post.thread, user.pk),
                thread_id=post.thread_id,
                post=post,
            )
        ]
    )


def notify_post_reviewed(*, post: Post, clinician) -> list[Notification]:
    """Tell a post's author that a clinician reviewed it, disagreed with it
    or added a correction (a review of the question: the thread's asker)."""
    if post.author_id == clinician.pk:
        return []
    return _create(
        [
            Notification(
                recipient_id=post.author_id,
                kind=Kind.REVIEWED,
                actor_id=clinician.pk,
                thread_id=post.thread_id,
                post=post,
            )
        ]
    )


def notify_moderation_event(*, event, statement: bool = False) -> list[Notification]:
    """Tell a member about a moderator decision concerning them (in the app;
    the deciding service emails the decisions that need it)."""
    if event.subject_id is None or event.subject_id == event.actor_id:
        return []
    thread_id = post_id = None
    if event.target_type == "post":
        post_id = event.target_id
        thread_id = (
            Post.objects.filter(pk=post_id).values_list("thread_id", flat=True).first()
        )
    elif event.target_type == "thread":
        thread_id = event.target_id
    return _create(
        [
            Notification(
                recipient_id=event.subject_id,
                kind=Kind.MODERATION,
                event=event,
                statement=statement,
                thread_id=thread_id,
                post_id=post_id if thread_id else None,
                email_state=EmailState.SKIPPED,
            )
        ]
    )


def _create(
    notifications: Iterable[Notification], *, email: bool = True
) -> list[Notification]:
    notifications = list(notifications)
    if not notifications:
        return []
    created = Notification.objects.bulk_create(notifications, batch_size=500)
    if email:
        _email_later([n.pk for n in created if n.kind in EMAIL_KINDS])
    return created


def _email_later(ids: list[int]) -> None:
    """Hand these notifications to the email task once the write commits."""
    if ids:
        transaction.on_commit(
            lambda: deliver_notification_emails.enqueue(notification_ids=ids)
        )


# Mentions ------------------------------------------------------------------------

# "@" at the start or after a character that can't be part of a word or an
# address, so "ana@example.org" mentions nobody.
_MENTION_RE = re.compile(r"(?<![\w@.+-])@(?=\S)")


def _is_boundary(char: str) -> bool:
    return not char or not (char.isalnum() or char == "_")


def mentioned_users(*, source: str) -> list:
    """Active members whose display name follows an "@" in the text. Names may
    contain spaces and punctuation, so the longest existing name wins."""
    max_len = get_user_model()._meta.get_field("display_name").max_length
    heads = []
    for match in _MENTION_RE.finditer(source):
        heads.append(source[match.end() : match.end() + max_len + 1])
        if len(heads) >= MAX_MENTIONS:
            break
    candidates: dict[str, list[str]] = {}
    for head in heads:
        options = [
            head[:n]
            for n in range(1, min(len(head), max_len) + 1)
            if head[:n] == head[:n].strip() and _is_boundary(head[n : n + 1])
        ]
        candidates[head] = options
    names = {name.lower() for options in candidates.values() for name in options}
    if not names:
        return []
    users = get_user_model().objects.annotate(name_lower=Lower("display_name"))
    by_name = {
        u.name_lower: u for u in users.filter(name_lower__in=names, is_active=True)
    }
    found = {}
    for options in candidates.values():
        for name in reversed(options):  # Longest first.
            user = by_name.get(name.lower())
            if user is not None:
                found[user.pk] = user
                break
    return list(found.values())


# Email -------------------------------------------------------------------------
