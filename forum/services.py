"""Writes that carry rules: one state change, one transaction, permission-checked."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from . import markup, permissions
from .models import Condition, HelpfulMark, Post, PostRevision, Thread, Visibility


def _clinician_answer_exists() -> Exists:
    # Reads the clinician's status now, so a revoked clinician's replies stop
    # counting as soon as the threads are refreshed.
    return Exists(
        Post.objects.filter(
            thread=OuterRef("pk"),
            is_question=False,
            visibility=Visibility.VISIBLE,
            author__clinician_profile__status="verified",
        )
    )


def _thread_refresh_clinician_answer(thread_id: int) -> None:
    Thread.objects.filter(pk=thread_id).update(
        has_clinician_answer=_clinician_answer_exists()
    )


def threads_refresh_clinician_answer(*, author) -> int:
    """Recompute "answered by a clinician" on every thread this member replied
    in (after their verification status changed). Returns the rows updated."""
    thread_ids = Post.objects.filter(author=author, is_question=False).values(
        "thread_id"
    )
    return Thread.objects.filter(pk__in=thread_ids).update(
        has_clinician_answer=_clinician_answer_exists()
    )


@transaction.atomic
def thread_create(
    *, author, title: str, body: str, conditions: Iterable[Condition]
) -> Thread:
    """Ask a question: a thread and its first post, tagged with conditions."""
    if not permissions.can_post(author):
        raise PermissionDenied
    now = timezone.now()
    thread = Thread.objects.create(
        title=markup.normalise_line(title),
        author=author,
        created_at=now,
        last_activity_at=now,
    )
    thread.conditions.set(conditions)
    Post.objects.create(
        thread=thread,
        author=author,
        is_question=True,
        source=markup.normalise(body),
        html=markup.render(body),
        created_at=now,
    )
    return thread


@transaction.atomic
def post_create(*, thread: Thread, author, body: str) -> Post:
    """Reply to a thread, keeping ``reply_count`` and ``last_activity_at`` exact."""
    # Lock the thread row so concurrent replies serialise on it: the counter
    # and the activity time then follow the order the replies were written.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_reply(author, thread):
        raise PermissionDenied
    html = markup.render(body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        source=markup.normalise(body),
        html=html,
        created_at=now,
    )
    changes = {"reply_count": F("reply_count") + 1, "last_activity_at": now}
    if author.verified_clinician is not None:
        changes["has_clinician_answer"] = True
    Thread.objects.filter(pk=thread.pk).update(**changes)
    return post


@transaction.atomic
def post_edit(
    *, post: Post, editor, body: str, title: str | None = None, reason: str = ""
) -> Post:
    """Change a post's text (and the thread title for a question); keep a revision."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if not permissions.can_edit_post(editor, post):
        raise PermissionDenied
    thread = post.thread
    new_source = markup.normalise(body)
    new_title = markup.normalise_line(title) if title and post.is_question else None
    if new_source == post.source and (new_title is None or new_title == thread.title):
        return post  # Nothing changed: no revision, no "edited" marker.
    PostRevision.objects.create(
        post=post,
        editor=editor,
        title=thread.title if post.is_question else "",
        source=post.source,
        reason=reason,
    )
    post.source = new_source
    post.html = markup.render(new_source)
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at", "updated_at"])
    if new_title is not None and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    return post


@transaction.atomic
def post_delete(*, post: Post, user) -> Post:
    """Soft-delete one's own post. A reply keeps its place as a placeholder;
    deleting the question deletes the thread."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not permissions.can_delete_post(user, post):
        raise PermissionDenied
    was_visible = post.visibility == Visibility.VISIBLE
    post.visibility = Visibility.DELETED
    post.save(update_fields=["visibility", "updated_at"])
    if post.is_question:
        Thread.objects.filter(pk=post.thread_id).update(visibility=Visibility.DELETED)
    elif was_visible:
        Thread.objects.filter(pk=post.thread_id).update(
            reply_count=F("reply_count") - 1
        )
        Thread.objects.filter(pk=post.thread_id, accepted_post=post).update(
            accepted_post=None
        )
        _thread_refresh_clinician_answer(post.thread_id)
    return post


@transaction.atomic
def post_mark_helpful(*, post: Post, user) -> Post:
    """Record that a member found a reply helpful (once per member)."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if not permissions.can_mark_helpful(user, post):
        raise PermissionDenied
    _mark, created = HelpfulMark.objects.get_or_create(post=post, user=user)
    if created:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    post.refresh_from_db(fields=["helpful_count"])
    return post


@transaction.atomic
def post_unmark_helpful(*, post: Post, user) -> Post:
    """Withdraw one's helpful mark; withdrawing twice changes nothing."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not permissions.can_post(user):
        raise PermissionDenied
    deleted, _ = HelpfulMark.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
    post.refresh_from_db(fields=["helpful_count"])
    return post


@transaction.atomic
def thread_accept_answer(*, post: Post, user) -> Thread:
    """The asker accepts one reply as the answer (replacing any earlier one)."""
    post = Post.objects.select_related("thread").get(pk=post.pk)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    post.thread = thread
    if not permissions.can_accept_answer(user, post):
        raise PermissionDenied
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    return thread


@transaction.atomic
def thread_unaccept_answer(*, thread: Thread, user) -> Thread:
    """The asker withdraws the accepted answer."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not (permissions.can_post(user) and thread.author_id == user.pk):
        raise PermissionDenied
    thread.accepted_post = None
    thread.save(update_fields=["accepted_post"])
    return thread
