"""Reads for the review queue and the log, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from accounts.models import ClinicianApplication, Sanction
from forum.models import CorrectionNote, Post, Thread, Visibility

from .models import Appeal, Flag, ModerationEvent, Notice


def _count(qs) -> Subquery:
    return Coalesce(
        Subquery(
            qs.values("author").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _with_author_history(qs: QuerySet[Post]) -> QuerySet[Post]:
    """Each post with its author's record, for the moderator's context."""
    author_posts = Post.objects.filter(author=OuterRef("author"))
    sanctions = (
        Sanction.objects.filter(user=OuterRef("author"))
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return qs.annotate(
        author_posts=_count(author_posts),
        author_hidden=_count(author_posts.filter(visibility=Visibility.HIDDEN)),
        author_sanctions=Coalesce(Subquery(sanctions, output_field=IntegerField()), 0),
    )


def post_list_flagged(
    *, urgent_only: bool = False, possible_only: bool = False
) -> QuerySet[Post]:
    """Posts with open flags, one row per post: self-harm first, then the
    most recently flagged. Possible-risk flags (the crisis detector's
    non-urgent tier) have their own list (``possible_only``) and don't put a
    post in the others."""
    reasons = (
        [Flag.Reason.POSSIBLE_RISK]
        if possible_only
        else [r for r in Flag.Reason.values if r != Flag.Reason.POSSIBLE_RISK]
    )
    open_flags = Q(flags__state=Flag.State.OPEN, flags__reason__in=reasons)
    listed = Flag.objects.filter(
        post=OuterRef("pk"), state=Flag.State.OPEN, reason__in=reasons
    )
    self_harm = Flag.objects.filter(
        post=OuterRef("pk"), state=Flag.State.OPEN, reason=Flag.Reason.SELF_HARM
    )
    qs = (
        Post.objects.filter(Exists(listed))
        .annotate(
            open_flag_count=Count("flags", filter=open_flags, distinct=True),
            last_flagged_at=Max("flags__created_at", filter=open_flags),
            urgent=Exists(self_harm),
        )
        .select_related("thread", "author")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(
                    state=Flag.State.OPEN, reason__in=reasons
                ).select_related("reporter"),
                to_attr="open_flags",
            )
        )
    )
    if urgent_only:
        qs = qs.filter(urgent=True)
    return _with_author_history(qs).order_by("-urgent", "-last_flagged_at", "-id")


def post_list_pending() -> QuerySet[Post]:
    """Posts held for approval, oldest first."""
    qs = Post.objects.filter(visibility=Visibility.PENDING).select_related(
        "thread", "author"
    )
    return _with_author_history(qs).order_by("created_at", "id")


def queue_counts() -> dict[str, int]:
    open_flags = Flag.objects.filter(state=Flag.State.OPEN)
    return {
        "flags": open_flags.exclude(reason=Flag.Reason.POSSIBLE_RISK)
        .values("post")
        .distinct()
        .count(),
        "possible": open_flags.filter(reason=Flag.Reason.POSSIBLE_RISK)
        .values("post")
        .distinct()
        .count(),
        "urgent": Post.objects.filter(
            flags__state=Flag.State.OPEN, flags__reason=Flag.Reason.SELF_HARM
        )
        .distinct()
        .count(),
        "pending": Post.objects.filter(visibility=Visibility.PENDING).count(),
        "applications": ClinicianApplication.objects.filter(
            status__in=ClinicianApplication.OPEN_STATES
        ).count(),
        "appeals": Appeal.objects.filter(state=Appeal.State.OPEN).count(),
        "notices": Notice.objects.filter(state=Notice.State.OPEN).count(),
    }


def event_list(
    *, action: str = "", actor: str = "", subject: str = "", target: str = ""
) -> QuerySet[ModerationEvent]:
    """The moderation log, newest first, filtered."""
    qs = ModerationEvent.objects.select_related("actor", "subject")
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor__display_name__iexact=actor)
    if subject:
        # Events on anonymous posts and threads don't answer a search by
        # name: that would say who wrote them.
        qs = qs.filter(subject__display_name__iexact=subject).exclude(
            target_type="post",
            target_id__in=Post.objects.filter(is_anonymous=True).values("pk"),
        )
        qs = qs.exclude(
            target_type="thread",
            target_id__in=Thread.objects.filter(is_anonymous=True).values("pk"),
        )
        qs = qs.exclude(
            target_type="correctionnote",
            target_id__in=_anonymous_corrections().values("pk"),
        )
    if target:
        qs = qs.filter(target_type=target)
    return qs.order_by("-created_at", "-id")


def hide_statement(*, post: Post) -> dict | None:
    """Why a hidden post is hidden, as its author may read it: by a
    moderator (with the reason they gave) or by members' flags (the kinds of
    concern, never who raised them), and when. None if it isn't hidden."""
    if post.visibility != Visibility.HIDDEN:
        return None
    events = ModerationEvent.objects.filter(target_type="post", target_id=post.pk)
    hid = (
        events.filter(
            Q(action=ModerationEvent.Action.POST_HIDE)
            | Q(changes__visibility__1=Visibility.HIDDEN)
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if hid is not None and hid.action == ModerationEvent.Action.POST_HIDE:
        return {
            "by": "moderator",
            "reason": hid.reason,
            "at": hid.created_at,
            "event_id": hid.pk,
        }
    kinds = sorted(
        {
            Flag.Reason(reason).label
            for reason in Flag.objects.filter(
                post=post, state=Flag.State.OPEN
            ).values_list("reason", flat=True)
            if reason in Flag.Reason.values
        }
    )
    return {
        "by": "flags",
        "kinds": [str(k) for k in kinds],
        "at": hid.created_at if hid else None,
        "event_id": hid.pk if hid else None,
    }


def event_anonymous_targets(events) -> set[tuple[str, int]]:
    """The events' posts written as "Anonymous member" and threads asked so:
    the log shows no name for them (the reveal action is the way to it)."""
    events = list(events)
    post_ids = {e.target_id for e in events if e.target_type == "post"}
    thread_ids = {e.target_id for e in events if e.target_type == "thread"}
    anonymous = {
        ("post", pk)
        for pk in Post.objects.filter(pk__in=post_ids, is_anonymous=True).values_list(
            "pk", flat=True
        )
    }
    anonymous |= {
        ("thread", pk)
        for pk in Thread.objects.filter(
            pk__in=thread_ids, is_anonymous=True
        ).values_list("pk", flat=True)
    }
    note_ids = {e.target_id for e in events if e.target_type == "correctionnote"}
    if note_ids:
        anonymous |= {
            ("correctionnote", pk)
            for pk in _anonymous_corrections()
            .filter(pk__in=note_ids)
            .values_list("pk", flat=True)
        }
    return anonymous


def _anonymous_corrections() -> QuerySet[CorrectionNote]:
    """Corrections their author added to their own anonymous post: shown as
    by "an anonymous member (the author)", so the log names nobody either."""
    return CorrectionNote.objects.filter(
        post__is_anonymous=True, author_id=F("post__author_id")
    )


def event_target_titles(events) -> dict[tuple[str, int], str]:
    """The thread title each event's post or thread belongs to (two queries
    for a page of events), so the log names what was acted on."""
    events = list(events)
    post_ids = {e.target_id for e in events if e.target_type == "post"}
    thread_ids = {e.target_id for e in events if e.target_type == "thread"}
    titles: dict[tuple[str, int], str] = {}
    for pk, title in Post.objects.filter(pk__in=post_ids).values_list(
        "pk", "thread__title"
    ):
        titles[("post", pk)] = title
    for pk, title in Thread.objects.filter(pk__in=thread_ids).values_list(
        "pk", "title"
    ):
        titles[("thread", pk)] = title
    return titles
