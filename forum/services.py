"""Writes that carry rules: one state change, one transaction, permission-checked."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core import markup, pagecache
from moderation import log, policy
from moderation.models import ModerationEvent
from notifications import hooks
from safety import services as safety_services
from search import index as search_index

from . import cache, permissions
from .models import (
    Condition,
    HelpfulMark,
    Post,
    PostRevision,
    Thread,
    Visibility,
)


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


def post_lock(post: Post) -> Post:
    """Re-read a post under a row lock, with its thread.

    No join in the locking query: if another transaction moves the post (a
    merge) while this one waits, PostgreSQL then re-reads just this row."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = Thread.objects.get(pk=post.thread_id)
    return post


def _thread_refresh_clinician_answer(thread_id: int) -> None:
    Thread.objects.filter(pk=thread_id).update(
        has_clinician_answer=_clinician_answer_exists()
    )


def threads_refresh_clinician_answer(
    *, author=None, thread: Thread | None = None
) -> int:
    """Recompute "answered by a clinician" on one thread, or on every thread
    this member replied in (after their verification status changed)."""
    if thread is not None:
        threads = Thread.objects.filter(pk=thread.pk)
    else:
        thread_ids = Post.objects.filter(author=author, is_question=False).values(
            "thread_id"
        )
        threads = Thread.objects.filter(pk__in=thread_ids)
    return threads.update(has_clinician_answer=_clinician_answer_exists())


@transaction.atomic
def thread_create(
    *, author, title: str, body: str, conditions: Iterable[Condition]
) -> Thread:
    """Ask a question: a thread and its first post, tagged with conditions.
    Held for review (pending) when pre-moderation or a watched word says so."""
    if not permissions.can_post(author):
        raise PermissionDenied
    title = markup.normalise_line(title)
    html = markup.render(body)
    screening = policy.screen(author=author, text=f"{title}\n{body}", html=html)
    visibility = Visibility.PENDING if screening.needs_approval else Visibility.VISIBLE
    now = timezone.now()
    thread = Thread.objects.create(
        title=title,
        author=author,
        visibility=visibility,
        created_at=now,
        last_activity_at=now,
    )
    thread.conditions.set(conditions)
    question = Post.objects.create(
        thread=thread,
        author=author,
        is_question=True,
        source=markup.normalise(body),
        html=html,
        visibility=visibility,
        created_at=now,
    )
    _flag_watched_words(question, screening)
    safety_services.post_flag_crisis(post=question, text=f"{title}\n{body}")
    search_index.thread_reindex(thread.pk)
    if visibility == Visibility.VISIBLE:
        hooks.thread_published(thread)
    return thread


def _flag_watched_words(post: Post, screening) -> None:
    if screening.flag_words:
        from moderation.services import flag_create_system

        flag_create_system(
            post=post,
            note="Watched words: " + ", ".join(sorted(set(screening.flag_words))),
        )


@transaction.atomic
def post_create(*, thread: Thread, author, body: str) -> Post:
    """Reply to a thread, keeping ``reply_count`` and ``last_activity_at`` exact.
    A reply held for review changes no counter until it is approved."""
    if not permissions.can_reply(author, thread):
        raise PermissionDenied
    # Rendering and screening read nothing of the thread: done before the
    # lock, so concurrent replies to one thread wait on each other less.
    html = markup.render(body)
    screening = policy.screen(author=author, text=body, html=html)
    # Lock the thread row so concurrent replies serialise on it: the counter,
    # the activity time and the search text then follow the order the
    # replies were written. Checked again: it may have changed meanwhile.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_reply(author, thread):
        raise PermissionDenied
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        source=markup.normalise(body),
        html=html,
        visibility=Visibility.PENDING
        if screening.needs_approval
        else Visibility.VISIBLE,
        created_at=now,
    )
    if post.visibility == Visibility.VISIBLE:
        thread_count_reply(thread=thread, author=author, at=now)
        search_index.reply_append(thread_id=thread.pk, source=post.source)
        hooks.post_published(post)
    _flag_watched_words(post, screening)
    safety_services.post_flag_crisis(post=post, text=body)
    return post


def thread_count_reply(*, thread: Thread, author, at) -> None:
    """A reply became public: count it, bump activity, note clinician answers."""
    changes = {"reply_count": F("reply_count") + 1, "last_activity_at": at}
    if author.verified_clinician is not None:
        changes["has_clinician_answer"] = True
    Thread.objects.filter(pk=thread.pk).update(**changes)


def thread_uncount_reply(*, thread_id: int, post: Post) -> None:
    """A public reply left view (deleted or hidden): keep counters exact."""
    Thread.objects.filter(pk=thread_id).update(reply_count=F("reply_count") - 1)
    Thread.objects.filter(pk=thread_id, accepted_post=post).update(accepted_post=None)
    _thread_refresh_clinician_answer(thread_id)


@transaction.atomic
def post_edit(
    *, post: Post, editor, body: str, title: str | None = None, reason: str = ""
) -> Post:
    """Change a post's text (and the thread title for a question); keep a revision."""
    post = post_lock(post)
    if not permissions.can_edit_post(editor, post):
        raise PermissionDenied
    thread = post.thread
    on_behalf = editor.pk != post.author_id
    if on_behalf and not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why you are editing someone else's post.")},
            code="reason_required",
        )
    new_source = markup.normalise(body)
    new_title = markup.normalise_line(title) if title and post.is_question else None
    # Edits meet the same blocked words and link limit as new posts.
    html = markup.render(new_source)
    policy.screen(author=editor, text=f"{new_title or ''}\n{new_source}", html=html)
    if new_source == post.source and (new_title is None or new_title == thread.title):
        return post  # Nothing changed: no revision, no "edited" marker.
    PostRevision.objects.create(
        post=post,
        editor=editor,
        title=thread.title if post.is_question else "",
        source=post.source,
        reason=reason,
    )
    if not on_behalf:
        # Only the author's own words: a moderator's edit is not a cry for help.
        safety_services.post_flag_crisis(
            post=post,
            text=f"{new_title or ''}\n{new_source}",
            previous_text=f"{thread.title if post.is_question else ''}\n{post.source}",
        )
    post.source = new_source
    post.html = html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at", "updated_at"])
    old_title = thread.title
    if new_title is not None and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    search_index.thread_reindex(thread.pk)
    if on_behalf:
        revision = post.revisions.first()
        changes = {"source": [_clip(revision.source), _clip(post.source)]}
        if thread.title != old_title:
            changes["title"] = [old_title, thread.title]
        log.record(
            actor=editor,
            action=ModerationEvent.Action.POST_EDIT,
            target=post,
            subject_id=post.author_id,
            reason=reason,
            changes=changes,
            notify=False,
        )
    return post


def _clip(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


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
        thread_uncount_reply(thread_id=post.thread_id, post=post)
    search_index.thread_reindex(post.thread_id)
    return post


@transaction.atomic
def post_mark_helpful(*, post: Post, user) -> Post:
    """Record that a member found a reply helpful (once per member)."""
    post = post_lock(post)
    if not permissions.can_mark_helpful(user, post):
        raise PermissionDenied
    _mark, created = HelpfulMark.objects.get_or_create(post=post, user=user)
    if created:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
        pagecache.bump(cache.thread_scope(post.thread_id))
        hooks.post_marked_helpful(post, user)
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
        pagecache.bump(cache.thread_scope(post.thread_id))
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
    changed = thread.accepted_post_id != post.pk
    thread.accepted_post = post
    thread.save(update_fields=["accepted_post"])
    if changed:
        hooks.answer_accepted(post)
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
