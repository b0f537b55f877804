"""Reads for following and notifications, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from forum.models import Condition, Post, Thread, Visibility

from .models import Follow, Kind, Notification

_MEMO = "_notifications_following"


def notification_visible_q() -> Q:
    """Notifications about public content, plus decisions about the member
    (whose content may be hidden; they show without a link then)."""
    content_visible = Q(thread__visibility=Visibility.VISIBLE) & (
        Q(post__isnull=True) | Q(post__visibility=Visibility.VISIBLE)
    )
    return Q(kind=Kind.MODERATION) | content_visible


def notification_list(*, user) -> QuerySet[Notification]:
    """The member's notifications, newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .filter(notification_visible_q())
        .select_related("actor", "thread", "post", "event")
        .order_by("-created_at", "-id")
    )


def notification_get_for_user(*, user, pk: int) -> Notification:
    """One of the member's own notifications, else DoesNotExist (a 404)."""
    return Notification.objects.get(recipient=user, pk=pk)


#: The bell counts this far and then says "99+": a member with a long
#: backlog costs no more per page than one with a few.
BELL_LIMIT = 99


def notification_unread_count(*, user) -> int:
    """Unread notifications for the bell (one query on a partial index),
    counted up to ``BELL_LIMIT + 1``."""
    if not user.is_authenticated:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    visible = unread.filter(notification_visible_q()).order_by()  # No sort: stop early.
    return visible[: BELL_LIMIT + 1].count()


def _unread_replies() -> QuerySet[Post]:
    """Visible replies by others since the member (``user`` of the outer
    follow) last opened the followed thread."""
    return (
        Post.objects.filter(
            thread=OuterRef("thread"),
            is_question=False,
            visibility=Visibility.VISIBLE,
            created_at__gt=OuterRef("last_seen_at"),
        )
        .exclude(author=OuterRef("user"))
        .order_by()
    )


def follow_unread_replies() -> QuerySet[Post]:
    """For a thread follow (the outer query): its unread replies."""
    return _unread_replies()


def follow_unread_count() -> Coalesce:
    """For a thread follow: how many unread replies its thread has."""
    unread = _unread_replies().values("thread").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def follow_list_threads(*, user) -> QuerySet[Follow]:
    """Followed public threads with ``unread``: visible replies by others
    since the member last opened the thread."""
    return (
        Follow.objects.filter(user=user, thread__visibility=Visibility.VISIBLE)
        .select_related("thread")
        .annotate(unread=follow_unread_count())
        .order_by("-thread__last_activity_at", "-id")
    )


def follow_list_conditions(*, user) -> QuerySet[Follow]:
    """Followed conditions, by name."""
    return (
        Follow.objects.filter(user=user, condition__isnull=False)
        .select_related("condition")
        .order_by("condition__name")
    )


def remember_following(*, user, target, following: bool) -> None:
    """Keep an answer already known this request on the target object."""
    setattr(target, _MEMO, (user.pk, following))


def is_following(*, user, target: Thread | Condition) -> bool:
    """Whether the member follows this thread or condition (at most one query)."""
    if not user.is_authenticated:
        return False
    memo = getattr(target, _MEMO, None)
    if memo is not None and memo[0] == user.pk:
        return memo[1]
    field = "thread" if isinstance(target, Thread) else "condition"
    following = Follow.objects.filter(user=user, **{field: target}).exists()
    remember_following(user=user, target=target, following=following)
    return following
