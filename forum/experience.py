"""Lived experience: members' statements that they live with a condition or
care for someone who does, and the labels on their replies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import ConditionStatement
from core import pagecache

from .models import Condition, Post, Thread

Relation = ConditionStatement.Relation


@dataclass(frozen=True)
class Label:
    """What a reply's header shows about its author's experience: a short
    text and a longer title saying what it is (and isn't)."""

    text: str
    title: str

    def __str__(self) -> str:
        return self.text


def label_for(statement: ConditionStatement) -> Label:
    """The label a public statement puts on its author's replies."""
    name = statement.condition.local_name
    if statement.relation == Relation.CARES_FOR:
        return Label(
            text=_("Caregiver · %(condition)s") % {"condition": name},
            title=_(
                "Says they care for someone with %(condition)s; "
                "not a health professional"
            )
            % {"condition": name},
        )
    return Label(
        text=_("Lives with %(condition)s") % {"condition": name},
        title=_("Says they live with %(condition)s; not a health professional")
        % {"condition": name},
    )


def statement_list_public(*, user) -> QuerySet[ConditionStatement]:
    """A member's public statements, as their profile lists them."""
    return (
        ConditionStatement.objects.filter(user=user, is_public=True)
        .select_related("condition")
        .order_by("condition__name")
    )


def statement_count_public(*, condition: Condition, scope_tokens: str) -> int:
    """How many active members say publicly they live with or care for
    someone with ``condition`` (one statement per member and condition),
    kept with the condition page's tokens: a statement's change bumps SITE."""
    statements = ConditionStatement.objects.filter(
        condition=condition, is_public=True, user__is_active=True
    )
    return pagecache.cached_count(
        statements, scope_tokens, f"experience:{condition.pk}"
    )


def _labelled(post: Post) -> bool:
    # Replies only: a question is the asker's own account (and the "Asker"
    # marker says who they are), while a reply's label tells readers whose
    # experience an answer comes from. Never on an anonymous post (it would
    # say something about its author), nor beside a clinician's badge (a
    # verified answer must not read as a patient's, or the other way).
    return (
        not post.is_question
        and not post.is_anonymous
        and post.author.verified_clinician is None
    )


def attach_labels(*, thread: Thread, posts: Iterable[Post]) -> None:
    """Give each post ``experience_label``: "" or a ``Label`` from the
    author's public statement for one of the thread's conditions (one query
    for the page; the first condition by name if several match)."""
    posts = list(posts)
    for post in posts:
        post.experience_label = ""
    candidates = [post for post in posts if _labelled(post)]
    if not candidates:
        return
    statements = (
        ConditionStatement.objects.filter(
            user_id__in={post.author_id for post in candidates},
            condition__threads=thread,
            is_public=True,
        )
        .select_related("condition")
        .order_by("condition__name", "pk")
    )
    labels: dict[int, Label] = {}
    for statement in statements:
        labels.setdefault(statement.user_id, label_for(statement))
    for post in candidates:
        post.experience_label = labels.get(post.author_id, "")
