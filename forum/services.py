"""Writes that carry rules: one state change, one transaction, permission-checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import throttle
from accounts.models import ClinicianProfile
from accounts.roles import is_trusted
from core import markup, pagecache
from safety import crisis
from safety import screening as post_screening

from . import cache, events, permissions, routing
from .models import (
    Condition,
    HelpfulMark,
    Post,
    PostRevision,
    Thread,
    Visibility,
)


def _clinician_answer_exists() -> Exists:
    # Reads the clinician's status now (and whether the last check still
    # holds), so a revoked or expired clinician's replies stop counting as
    # soon as the threads are refreshed.
    return Exists(
        Post.objects.filter(
            thread=OuterRef("pk"),
            is_question=False,
            is_anonymous=False,
            visibility=Visibility.VISIBLE,
        ).filter(ClinicianProfile.verified_q("author__clinician_profile__"))
    )


def post_lock(post: Post) -> Post:
    """Re-read a post under a row lock, with its thread.

    No join in the locking query: if another transaction moves the post (a
    merge) while this one waits, PostgreSQL then re-reads just this row."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.thread = Thread.objects.get(pk=post.thread_id)
    return post


def _refresh_clinician_answer(threads) -> int:
    """Recompute "answered by a clinician" on these threads; a question that
    lost its only clinician answer goes back into routing (``routing``)."""
    answered = list(
        threads.filter(has_clinician_answer=True).values_list("pk", flat=True)
    )
    changed = threads.update(has_clinician_answer=_clinician_answer_exists())
    if answered:
        routing.threads_resume(thread_ids=answered)
    return changed


def _thread_refresh_clinician_answer(thread_id: int) -> None:
    _refresh_clinician_answer(Thread.objects.filter(pk=thread_id))


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
    return _refresh_clinician_answer(threads)


@dataclass(frozen=True)
class Posted:
    """What writing a post did: the post, whether it waits for a moderator,
    and what the crisis detector read in the author's own words (falsy when
    nothing, and for a moderator's edit)."""

    post: Post
    held: bool
    crisis: crisis.Assessment | None


def _awaits_premoderation(author) -> bool:
    """The first ``FORUM_PREMODERATION_POSTS`` posts of an account wait for
    a moderator, unless its author is trusted."""
    required = settings.FORUM_PREMODERATION_POSTS
    if required <= 0:
        return False
    # Bounded count in no particular order, so it stops at N: a prolific
    # member costs as little as a newcomer.
    approved = Post.objects.filter(author=author, visibility=Visibility.VISIBLE)
    few = approved.order_by().values("pk")[:required].count() < required
    # Trust may cost a query (remembered on the member), so it is asked last.
    return few and not is_trusted(author)


def _screen(*, author, text: str, html: str) -> tuple[post_screening.Screening, bool]:
    """Watched words and link limits (a blocked post raises ValidationError),
    then pre-moderation: the screening and whether the post is held."""
    screening = post_screening.screen(author=author, text=text, html=html)
    return screening, screening.needs_approval or _awaits_premoderation(author)


def ask(
    *,
    author,
    title: str,
    body: str,
    conditions: Iterable[Condition],
    anonymous: bool = False,
) -> Posted:
    """A member asks a question (as "Anonymous member" if ``anonymous``):
    rate-limited ``thread_create``."""
    throttle.action_check(author, "post")
    posted = _thread_create(
        author=author,
        title=title,
        body=body,
        conditions=conditions,
        anonymous=anonymous,
    )
    throttle.action_record(author, "post")
    return posted


def thread_create(
    *, author, title: str, body: str, conditions: Iterable[Condition]
) -> Thread:
    """Ask a question: a thread and its first post, tagged with conditions.
    Held for review (pending) when pre-moderation or a watched word says so."""
    posted = _thread_create(
        author=author, title=title, body=body, conditions=conditions
    )
    return posted.post.thread


@transaction.atomic
def _thread_create(
    *,
    author,
    title: str,
    body: str,
    conditions: Iterable[Condition],
    anonymous: bool = False,
) -> Posted:
    if not permissions.can_post(author):
        raise PermissionDenied
    title = markup.normalise_line(title)
    source = markup.normalise(body)
    html = markup.render(source)
    text = f"{title}\n{source}"
    screening, held = _screen(author=author, text=text, html=html)
    visibility = Visibility.PENDING if held else Visibility.VISIBLE
    now = timezone.now()
    conditions = list(conditions)
    thread = Thread.objects.create(
        title=title,
        author=author,
        visibility=visibility,
        created_at=now,
        last_activity_at=now,
        is_anonymous=anonymous,
        # When a clinician's answer is due and routing's first step.
        **routing.initial_schedule(created_at=now, conditions=conditions),
    )
    thread.conditions.set(conditions)
    question = Post.objects.create(
        thread=thread,
        author=author,
        is_question=True,
        is_anonymous=anonymous,
        source=source,
        html=html,
        visibility=visibility,
        created_at=now,
    )
    found = crisis.new_assessment(text)
    events.post_screened.send(
        Post, post=question, flag_words=screening.flag_words, crisis=found
    )
    events.thread_changed.send(Thread, thread_id=thread.pk)
    if visibility == Visibility.VISIBLE:
        events.thread_published.send(Thread, thread=thread)
    return Posted(post=question, held=held, crisis=found)


def reply(*, thread: Thread, author, body: str, anonymous: bool = False) -> Posted:
    """A member replies (as "Anonymous member" if ``anonymous``, and always
    in a thread they asked anonymously): rate-limited ``post_create``."""
    throttle.action_check(author, "post")
    posted = _post_create(thread=thread, author=author, body=body, anonymous=anonymous)
    throttle.action_record(author, "post")
    return posted


def post_create(*, thread: Thread, author, body: str) -> Post:
    """Reply to a thread, keeping ``reply_count`` and ``last_activity_at`` exact.
    A reply held for review changes no counter until it is approved."""
    return _post_create(thread=thread, author=author, body=body).post


@transaction.atomic
def _post_create(
    *, thread: Thread, author, body: str, anonymous: bool = False
) -> Posted:
    if not permissions.can_reply(author, thread):
        raise PermissionDenied
    # Rendering and screening read nothing of the thread: done before the
    # lock, so concurrent replies to one thread wait on each other less.
    source = markup.normalise(body)
    html = markup.render(source)
    screening, held = _screen(author=author, text=source, html=html)
    # Lock the thread row so concurrent replies serialise on it: the counter,
    # the activity time and the search text then follow the order the
    # replies were written. Checked again: it may have changed meanwhile.
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_reply(author, thread):
        raise PermissionDenied
    now = timezone.now()
    # The asker of an anonymous question stays anonymous in their thread: a
    # named reply marked "Asker" would give them away.
    anonymous = anonymous or (thread.is_anonymous and thread.author_id == author.pk)
    post = Post.objects.create(
        thread=thread,
        author=author,
        is_anonymous=anonymous,
        source=source,
        html=html,
        visibility=Visibility.PENDING if held else Visibility.VISIBLE,
        created_at=now,
    )
    if post.visibility == Visibility.VISIBLE:
        thread_count_reply(thread=thread, post=post, at=now)
        events.reply_published.send(Post, thread_id=thread.pk, source=post.source)
        events.post_published.send(Post, post=post)
    found = crisis.new_assessment(source)
    events.post_screened.send(
        Post, post=post, flag_words=screening.flag_words, crisis=found
    )
    return Posted(post=post, held=held, crisis=found)


def thread_count_reply(*, thread: Thread, post: Post, at) -> None:
    """A reply became public: count it, bump activity, note clinician answers
    (an anonymous reply is nobody's: it carries no badge)."""
    changes = {"reply_count": F("reply_count") + 1, "last_activity_at": at}
    clinician_answer = (
        not post.is_anonymous and post.author.verified_clinician is not None
    )
    if clinician_answer:
        changes["has_clinician_answer"] = True
    # The claimer's reply ends their claim; a clinician's answer, the routing.
    changes.update(
        routing.reply_changes(
            thread=thread, post=post, clinician_answer=clinician_answer
        )
    )
    Thread.objects.filter(pk=thread.pk).update(**changes)


def thread_uncount_reply(*, thread_id: int, post: Post) -> None:
    """A public reply left view (deleted or hidden): keep counters exact."""
    Thread.objects.filter(pk=thread_id).update(reply_count=F("reply_count") - 1)
    Thread.objects.filter(pk=thread_id, accepted_post=post).update(accepted_post=None)
    _thread_refresh_clinician_answer(thread_id)


def edit(
    *, post: Post, editor, body: str, title: str | None = None, reason: str = ""
) -> Posted:
    """A member edits their post (or a moderator someone else's): ``post_edit``
    and what the crisis detector read in what the author newly wrote."""
    return _post_edit(post=post, editor=editor, body=body, title=title, reason=reason)


@transaction.atomic
def edit_undo(
    *, post: Post, edited_by, edited_at, moderator, reason: str
) -> Post | None:
    """Put back the text that ``edited_by``'s edit at ``edited_at`` replaced
    (an appeal reversed it), as a new edit by ``moderator`` with ``reason``.
    The caller logs it; no "edited for" event is sent. None if there is no
    such version."""
    revision = (
        post.revisions.filter(editor=edited_by, created_at__lte=edited_at)
        .order_by("-created_at", "-id")
        .first()
    )
    if revision is None:
        return None
    return _post_edit(
        post=post,
        editor=moderator,
        body=revision.source,
        title=revision.title or None,
        reason=reason,
        announce=False,
    ).post


def post_edit(
    *, post: Post, editor, body: str, title: str | None = None, reason: str = ""
) -> Post:
    """Change a post's text (and the thread title for a question); keep a revision."""
    return _post_edit(
        post=post, editor=editor, body=body, title=title, reason=reason
    ).post


@transaction.atomic
def _post_edit(
    *,
    post: Post,
    editor,
    body: str,
    title: str | None,
    reason: str,
    announce: bool = True,
):
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
    new_text = f"{new_title or ''}\n{new_source}"
    post_screening.screen(author=editor, text=new_text, html=html)
    held = post.visibility == Visibility.PENDING
    if new_source == post.source and (new_title is None or new_title == thread.title):
        # Nothing changed: no revision, no "edited" marker.
        return Posted(post=post, held=held, crisis=None)
    PostRevision.objects.create(
        post=post,
        editor=editor,
        title=thread.title if post.is_question else "",
        source=post.source,
        reason=reason,
    )
    found = None
    if not on_behalf:
        # Only the author's own words: a moderator's edit is not a cry for help.
        old_text = f"{thread.title if post.is_question else ''}\n{post.source}"
        found = crisis.new_assessment(new_text, old_text)
        events.post_screened.send(Post, post=post, flag_words=[], crisis=found)
    post.source = new_source
    post.html = html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at", "updated_at"])
    old_title = thread.title
    if new_title is not None and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    events.thread_changed.send(Thread, thread_id=thread.pk)
    if on_behalf and announce:
        revision = post.revisions.first()
        changes = {"source": [_clip(revision.source), _clip(post.source)]}
        if thread.title != old_title:
            changes["title"] = [old_title, thread.title]
        events.post_edited_for.send(
            Post, post=post, editor=editor, reason=reason, changes=changes
        )
    return Posted(post=post, held=held, crisis=found)


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
    events.thread_changed.send(Thread, thread_id=post.thread_id)
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
        events.post_marked_helpful.send(Post, post=post, user=user)
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
        events.answer_accepted.send(Post, post=post)
    return thread


@transaction.atomic
def thread_unaccept_answer(*, thread: Thread, user) -> Thread:
    """The asker withdraws the accepted answer."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    permissions.check_can_unaccept_answer(user, thread)
    thread.accepted_post = None
    thread.save(update_fields=["accepted_post"])
    return thread
