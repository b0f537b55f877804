"""Reads that carry rules: what each person may see, in a fixed number of queries."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.roles import MODERATORS_GROUP

from . import permissions
from .models import (
    Condition,
    HelpfulMark,
    MeToo,
    Post,
    Thread,
    Visibility,
)

SORTS = {
    "latest": ("-last_activity_at", "-id"),
    "new": ("-created_at", "-id"),
    "unanswered": ("-created_at", "-id"),
    "awaiting": ("-created_at", "-id"),
    "top": ("-reply_count", "-last_activity_at", "-id"),
}
DEFAULT_SORT = "latest"


#: What a thread's condition chips show: the name in either language, the link.
CONDITION_CHIPS = Condition.objects.only("name", "name_fr", "slug")


def _with_list_relations(qs: QuerySet[Thread]) -> QuerySet[Thread]:
    return qs.select_related("author").prefetch_related(
        Prefetch(
            "conditions", queryset=Condition.objects.only("name", "name_fr", "slug")
        )
    )


def thread_list_visible(
    *, sort: str = DEFAULT_SORT, condition: Condition | None = None
) -> QuerySet[Thread]:
    """Public threads for a list page, in the order asked for."""
    qs = Thread.objects.filter(visibility=Visibility.VISIBLE)
    if condition is not None:
        qs = qs.filter(conditions=condition)
    if sort == "unanswered":
        qs = qs.filter(reply_count=0)
    elif sort == "awaiting":
        qs = qs.filter(has_clinician_answer=False)
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if sort == DEFAULT_SORT:
        order = ("-is_pinned", *order)  # Pinned threads head the default list.
    return _with_list_relations(qs).order_by(*order)


def thread_list_most_commented(*, limit: int = 5) -> QuerySet[Thread]:
    """The busiest public discussions, for the sidebar (lazy)."""
    qs = Thread.objects.filter(visibility=Visibility.VISIBLE, reply_count__gt=0)
    return qs.only("id", "title", "reply_count").order_by(*SORTS["top"])[:limit]


def condition_list_with_counts() -> QuerySet[Condition]:
    """All conditions with their number of public threads."""
    return Condition.objects.annotate(
        thread_count=Count(
            "threads", filter=Q(threads__visibility=Visibility.VISIBLE), distinct=True
        )
    ).order_by("name")


def condition_list_busiest(limit: int = 8) -> QuerySet[Condition]:
    """The conditions with the most public threads (none without any)."""
    return (
        condition_list_with_counts()
        .filter(thread_count__gt=0)
        .order_by("-thread_count", "name")[:limit]
    )


def fold(text: str) -> str:
    """Lower case without accents, for matching what people type ("diabete",
    "Sclerose") against names in either language."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def condition_list_matching(
    conditions: Iterable[Condition], query: str
) -> list[Condition]:
    """Conditions whose name (English or French) contains the query, or with
    a synonym in either language equal to it or starting with it, so "MS"
    and "SEP" find Multiple sclerosis. Accents and case are ignored."""
    needle = fold(" ".join(query.split()))
    if not needle:
        return list(conditions)
    found = []
    for condition in conditions:
        names = [fold(condition.name), fold(condition.name_fr)]
        synonyms = [fold(s) for s in condition.search_terms]
        if any(needle in n for n in names if n) or any(
            s.startswith(needle) for s in synonyms
        ):
            found.append(condition)
    return found


def thread_get_for_user(*, user, pk: int, for_page: bool = True) -> Thread:
    """The thread if this user may see it, else 404 (never reveal it exists).
    ``for_page=False`` (a write that redirects): without its author and
    conditions, which are then read only if used."""
    threads = Thread.objects.filter(pk=pk)
    if for_page:
        threads = threads.select_related("author", "claimed_by").prefetch_related(
            Prefetch(
                "conditions", queryset=Condition.objects.only("name", "name_fr", "slug")
            )
        )
        if user.is_authenticated:
            # "I have this question too" is shown pressed: no query of its own.
            threads = threads.annotate(
                viewer_has_me_too=Exists(
                    MeToo.objects.filter(thread=OuterRef("pk"), user=user.pk)
                )
            )
    thread = threads.first()
    if thread is None:
        raise Http404
    if thread.merged_into_id is None and not permissions.can_view_thread(user, thread):
        raise Http404
    return thread


def _posts(thread: Thread) -> QuerySet[Post]:
    """A thread's posts with what their author cards show, in one query:
    whether the author moderates, and how many public posts they wrote."""
    # count(*), not count(id): the (author, visibility) index answers it
    # alone (an index-only scan), where counting ids read every post of a
    # prolific author from the table: 3 ms an author, 97 ms for a page of
    # 30 replies on the bench's data set, 12 ms with this.
    author_posts = (
        Post.objects.filter(author=OuterRef("author_id"), visibility=Visibility.VISIBLE)
        .order_by()
        .values("author")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        Post.objects.filter(thread=thread)
        .select_related("author", "author__clinician_profile")
        .annotate(
            author_is_moderator=Exists(
                Group.objects.filter(user=OuterRef("author_id"), name=MODERATORS_GROUP)
            ),
            author_post_count=Coalesce(Subquery(author_posts), 0),
        )
    )


def post_question(*, thread: Thread) -> Post:
    """The question that opens the thread."""
    return _posts(thread).get(is_question=True)


def post_list_replies(*, thread: Thread, user) -> QuerySet[Post]:
    """Replies in order. Deleted and hidden replies stay in place (shown as a
    placeholder); pending replies are shown only to their author and moderators."""
    qs = _posts(thread).filter(is_question=False)
    if permissions.can_moderate(user):
        return qs
    visible_states = Q(
        visibility__in=[Visibility.VISIBLE, Visibility.DELETED, Visibility.HIDDEN]
    )
    if user.is_authenticated:
        visible_states |= Q(visibility=Visibility.PENDING, author_id=user.pk)
    return qs.filter(visible_states)


def reply_page_number(*, replies: QuerySet[Post], post: Post, per_page: int) -> int:
    """The page of ``replies`` (in their order) that shows ``post``."""
    position = (
        replies.filter(created_at__lte=post.created_at)
        .exclude(created_at=post.created_at, id__gt=post.id)
        .count()
    )
    return max(1, (position - 1) // per_page + 1)


def post_get_for_user(*, user, pk: int) -> Post:
    """A post whose thread this user may see, else 404."""
    post = Post.objects.select_related("thread", "author").filter(pk=pk).first()
    if post is None or not permissions.can_view_thread(user, post.thread):
        raise Http404
    return post


def post_list_by_author(*, author, viewer) -> QuerySet[Post]:
    """A member's posts for their profile page. Posts written as "Anonymous
    member" are listed only for the member themself: not even moderators
    link them to the name here (they have the logged reveal action)."""
    qs = Post.objects.filter(author=author).select_related("thread")
    if viewer.is_authenticated and viewer.pk == author.pk:
        return qs.exclude(visibility=Visibility.DELETED).order_by("-created_at")
    qs = qs.filter(is_anonymous=False)
    if permissions.can_moderate(viewer):
        return qs.exclude(visibility=Visibility.DELETED).order_by("-created_at")
    return qs.filter(
        visibility=Visibility.VISIBLE, thread__visibility=Visibility.VISIBLE
    ).order_by("-created_at")


#: The inbox's scopes: questions in the clinician's conditions, or every
#: question awaiting a clinician (step 2 of routing emails them all).
INBOX_SCOPES = ("mine", "all")


def _awaiting_clinician() -> QuerySet[Thread]:
    return Thread.objects.filter(
        visibility=Visibility.VISIBLE,
        has_clinician_answer=False,
        is_locked=False,  # Nobody can answer a locked thread.
    )


def _in_conditions(conditions) -> QuerySet[Thread]:
    return Thread.objects.filter(conditions__in=conditions).values("pk")


def thread_list_clinician_inbox(
    *,
    clinician,
    condition: Condition | None = None,
    category: str = "",
    scope: str = "mine",
    now=None,
) -> QuerySet[Thread]:
    """Questions still without a clinician answer, in the clinician's
    conditions (or all, ``scope="all"``): overdue first, then those most
    members have too, then the oldest. Each carries ``is_overdue`` and
    ``question_posts`` (the question, for an excerpt): no query per row."""
    qs = _awaiting_clinician()
    if scope != "all":
        qs = qs.filter(
            pk__in=_in_conditions(clinician.clinician_profile.conditions.all())
        )
    if condition is not None:
        qs = qs.filter(pk__in=_in_conditions([condition]))
    if category:
        qs = qs.filter(
            pk__in=_in_conditions(Condition.objects.filter(category=category))
        )
    qs = qs.annotate(
        is_overdue=Case(
            When(answer_due_at__lte=now or timezone.now(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    questions = Post.objects.filter(is_question=True).only("id", "thread_id", "html")
    return (
        _with_list_relations(qs)
        .select_related("claimed_by")
        .prefetch_related(
            Prefetch("posts", queryset=questions, to_attr="question_posts")
        )
        .order_by("-is_overdue", "-me_too_count", "created_at", "id")
    )


def clinician_inbox_count(*, clinician) -> int:
    """How many questions in the clinician's conditions await a clinician."""
    conditions = clinician.clinician_profile.conditions.all()
    return _awaiting_clinician().filter(pk__in=_in_conditions(conditions)).count()


def condition_list_clinician_inbox_counts(*, clinician) -> QuerySet[Condition]:
    """The clinician's conditions with how many questions await a clinician."""
    awaiting = Q(
        threads__visibility=Visibility.VISIBLE,
        threads__has_clinician_answer=False,
        threads__is_locked=False,
    )
    return clinician.clinician_profile.conditions.annotate(
        awaiting=Count("threads", filter=awaiting, distinct=True)
    ).order_by("name")


def post_accepted(*, thread: Thread) -> Post | None:
    """The accepted answer if it is still visible."""
    if thread.accepted_post_id is None:
        return None
    return (
        _posts(thread)
        .filter(pk=thread.accepted_post_id, visibility=Visibility.VISIBLE)
        .first()
    )


def reader_sees_shared_posts(*, user, thread: Thread, meta: dict) -> bool:
    """Whether the posts listed in ``meta`` (authors, post ids), as rendered
    for an ordinary reader, are exactly what this member would see: none is
    theirs, they marked none helpful, and no post of theirs awaits review in
    the thread (it would shift the pages). One query."""
    marked = HelpfulMark.objects.filter(user=user, post_id__in=meta["posts"])
    pending = Post.objects.filter(
        thread=thread, author=user, visibility=Visibility.PENDING
    )
    found = (
        Thread.objects.filter(pk=thread.pk)
        .values_list(Exists(marked), Exists(pending))
        .first()
    )
    return found is not None and not any(found) and user.pk not in meta["authors"]


def helpful_post_ids(*, user, posts: Iterable[Post]) -> set[int]:
    """Which of these posts the user has marked helpful (one query)."""
    if not user.is_authenticated:
        return set()
    ids = [p.pk for p in posts]
    return set(
        HelpfulMark.objects.filter(user=user, post_id__in=ids).values_list(
            "post_id", flat=True
        )
    )


def clinician_stats(*, clinician) -> dict:
    """Public figures for a clinician's profile: answers, helpful marks
    received, and the median time from question to their first reply."""
    replies = Post.objects.filter(
        author=clinician,
        is_question=False,
        is_anonymous=False,
        visibility=Visibility.VISIBLE,
        thread__visibility=Visibility.VISIBLE,
    )
    totals = replies.aggregate(answers=Count("id"), helpful=Sum("helpful_count"))
    firsts = replies.values("thread_id", "thread__created_at").annotate(
        first=Min("created_at")
    )
    delays = sorted(row["first"] - row["thread__created_at"] for row in firsts)
    median = None
    if delays:
        mid = len(delays) // 2
        median = delays[mid] if len(delays) % 2 else (delays[mid - 1] + delays[mid]) / 2
    return {
        "answers": totals["answers"] or 0,
        "helpful": totals["helpful"] or 0,
        "median_first_answer": median,
    }
