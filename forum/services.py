"""Writes that carry rules: one state change, one transaction, permission-checked."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import markup, permissions
from .models import Condition, Post, PostRevision, Thread, Visibility


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
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now
    )
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
    return post
