"""Clinicians' reviews ("reviewed", "disagree") and correction notes on
posts: who may write them, the writes, and what a thread page shows.

A review of the question (the opening post) is a review of the whole thread:
stored with ``post`` empty, and only ever "reviewed" (one disagrees with an
answer, not with a question). Reviews, and corrections written by
clinicians, show only while their clinician is verified: a suspended or
expired clinician's words vanish with their badge."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import throttle
from accounts.models import ClinicianProfile
from accounts.roles import can_post, can_use_clinician_powers, refuse_if_suspended
from core import markup
from safety import crisis, screening

from . import cache, events, services
from .models import CorrectionNote, Post, Review, Thread, Visibility

NOTE_MAX = Review._meta.get_field("note").max_length
CORRECTION_MAX = CorrectionNote._meta.get_field("text").max_length
SOURCE_MAX = Review._meta.get_field("source_url").max_length


# Who may -----------------------------------------------------------------------


def _is_public(post: Post) -> bool:
    return (
        post.visibility == Visibility.VISIBLE
        and post.thread.visibility == Thread.Visibility.VISIBLE
    )


def can_review_post(user, post: Post) -> bool:
    """A clinician verified now, in a session that passed a second factor,
    reviews someone else's public post (the question: the whole thread)."""
    return (
        can_use_clinician_powers(user)
        and can_post(user)
        and post.author_id != user.pk
        and _is_public(post)
    )


def can_add_correction(user, post: Post) -> bool:
    """The post's author (while they could still edit it: not in a locked
    thread) or a clinician with their powers adds a note to a public post."""
    if not can_post(user) or not _is_public(post):
        return False
    if post.author_id == user.pk:
        return not post.thread.is_locked
    return can_use_clinician_powers(user)


def check_can_review_post(user, post: Post) -> None:
    if can_review_post(user, post):
        return
    refuse_if_suspended(user)
    if not can_use_clinician_powers(user):
        raise PermissionDenied(
            _("Only clinicians verified by the moderators can review answers.")
        )
    if post.author_id == user.pk:
        raise PermissionDenied(_("You can't review your own post."))
    raise PermissionDenied(_("This post can't be reviewed."))


def check_can_add_correction(user, post: Post) -> None:
    if can_add_correction(user, post):
        return
    refuse_if_suspended(user)
    if post.author_id == user.pk and post.thread.is_locked:
        raise PermissionDenied(_("This thread is locked by a moderator."))
    raise PermissionDenied(
        _("Only the post's author or a verified clinician can add a correction.")
    )


# Writes ------------------------------------------------------------------------


def _target(post: Post) -> Q:
    """The rows of one clinician's review of this post (the question: the
    thread), as the unique constraints see them."""
    if post.is_question:
        return Q(thread_id=post.thread_id, post__isnull=True)
    return Q(post_id=post.pk)


def review_of(*, post: Post, clinician) -> Review | None:
    """This clinician's review of the post (the question: of the thread)."""
    return Review.objects.filter(_target(post), clinician=clinician).first()


def _clean_note(note: str, limit: int, field: str) -> str:
    note = markup.normalise(note or "").strip()
    if len(note) > limit:
        raise ValidationError(
            {field: _("Keep it under %(limit)d characters.") % {"limit": limit}},
            code="too_long",
        )
    return note


def _mark_has_notes(post: Post) -> None:
    """From now on the thread's pages read its reviews and corrections."""
    Thread.objects.filter(pk=post.thread_id, has_notes=False).update(has_notes=True)


@transaction.atomic
def review_set(
    *, post: Post, clinician, verdict: str, note: str = "", source_url: str = ""
) -> Review:
    """A clinician marks a post "reviewed" or disagrees with it (a note is
    then required), or changes their earlier verdict. The post's author
    hears about a new verdict, not about a reworded note."""
    post = services.post_lock(post)  # Serialises double submits.
    check_can_review_post(clinician, post)
    if verdict not in Review.Verdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")}, code="verdict")
    note = _clean_note(note, NOTE_MAX, "note")
    if verdict == Review.Verdict.DISAGREE:
        if post.is_question:
            raise ValidationError(
                {"verdict": _("You can disagree with an answer, not a question.")},
                code="disagree_question",
            )
        if not note:
            raise ValidationError(
                {"note": _("Say briefly what you disagree with.")},
                code="note_required",
            )
    review = review_of(post=post, clinician=clinician)
    is_news = review is None or review.verdict != verdict
    fields = {"verdict": verdict, "note": note, "source_url": source_url or ""}
    if review is None:
        review = Review.objects.create(
            thread_id=post.thread_id,
            post=None if post.is_question else post,
            clinician=clinician,
            **fields,
        )
    elif any(getattr(review, k) != v for k, v in fields.items()):
        for name, value in fields.items():
            setattr(review, name, value)
        review.created_at = timezone.now()  # The date shown is the verdict's.
        review.save(update_fields=[*fields, "created_at"])
    _mark_has_notes(post)
    cache.bump_thread(post.thread_id)
    if is_news:
        events.post_reviewed.send(Post, post=post, clinician=clinician)
    return review


@transaction.atomic
def review_withdraw(*, post: Post, clinician) -> bool:
    """A clinician withdraws their review of a post (or of the thread).
    False if there was none."""
    post = services.post_lock(post)
    if not can_use_clinician_powers(clinician):
        raise PermissionDenied(
            _("Only clinicians verified by the moderators can review answers.")
        )
    deleted, _rows = Review.objects.filter(_target(post), clinician=clinician).delete()
    if deleted:
        cache.bump_thread(post.thread_id)
    return bool(deleted)


@transaction.atomic
def correction_add(
    *, post: Post, author, text: str, source_url: str = ""
) -> CorrectionNote:
    """The post's author or a verified clinician adds a plain-text correction
    under a post. A member's counts like a post against their rate limit;
    any is refused for a blocked watched word like a post. The post's author
    is told when a clinician corrects them."""
    post = services.post_lock(post)
    check_can_add_correction(author, post)
    text = _clean_note(text, CORRECTION_MAX, "text")
    if not text:
        raise ValidationError({"text": _("Write the correction.")}, code="required")
    # Clinicians' corrections are trusted like their reviews; members'
    # count against the posting limit, so notes can't be used to flood.
    throttled = not can_use_clinician_powers(author)
    if throttled:
        throttle.action_check(author, "post")
    # The same screening as a post: blocked words refuse it, and so do words
    # the moderators hold or flag, and crisis signals, because a correction
    # is published at once with no review queue or support page of its own:
    # a reply goes through both.
    link = f'<a href="{source_url}">' if source_url else ""
    try:
        screened = screening.screen(author=author, text=text, html=link)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}, code="blocked") from exc
    if screened.needs_approval or screened.flag_words:
        raise ValidationError(
            {
                "text": _(
                    "The moderators check notes with these words first. Please "
                    "write it as a reply to the thread instead."
                )
            },
            code="held",
        )
    if crisis.new_assessment(text):
        raise ValidationError(
            {
                "text": _(
                    "If you're going through a hard time, please write a reply "
                    "instead, so people can answer you, or see the support page."
                )
            },
            code="crisis",
        )
    # A second press of the button: the same note, once.
    same = CorrectionNote.objects.filter(post=post, author=author, text=text).first()
    if same is not None:
        return same
    note = CorrectionNote.objects.create(
        post=post, author=author, text=text, source_url=source_url or ""
    )
    if throttled:
        throttle.action_record(author, "post")
    _mark_has_notes(post)
    cache.bump_thread(post.thread_id)
    if author.pk != post.author_id and can_use_clinician_powers(author):
        events.post_reviewed.send(Post, post=post, clinician=author)
    return note


@transaction.atomic
def correction_delete(*, note: CorrectionNote, user) -> None:
    """Its author takes a correction note back: it goes, as a deleted post's
    words do (the log keeps a moderator's decision about it, not the text)."""
    if note.author_id != user.pk:
        raise PermissionDenied(_("Only its author can delete a correction."))
    thread_id = note.post.thread_id
    CorrectionNote.objects.filter(pk=note.pk, author=user).delete()
    cache.bump_thread(thread_id)


# What a thread page shows --------------------------------------------------------


def attach(
    *, thread: Thread, posts: Iterable[Post], include_hidden: bool = False
) -> None:
    """Give each post ``shown_reviews`` and ``shown_corrections`` (the
    question also carries the thread's reviews), in two queries whatever
    the number of posts, none for a thread without any (``has_notes``).
    Only clinicians verified now count: their own
    corrections too; an author's corrections of their own post always."""
    posts = list(posts)
    for post in posts:
        post.shown_reviews = []
        post.shown_corrections = []
    if not posts:
        return
    if not thread.has_notes:
        return  # Most threads: nothing to read.
    question = next((p for p in posts if p.is_question), None)
    _attach_reviews(thread, posts, question)
    _attach_corrections({p.pk: p for p in posts}, include_hidden=include_hidden)


def _attach_reviews(thread: Thread, posts: list[Post], question: Post | None):
    by_id = {post.pk: post for post in posts}
    # By post, not by thread: a merge moves posts (and their reviews) into
    # another thread without rewriting the reviews' thread.
    reviews = (
        Review.objects.filter(
            Q(thread=thread, post__isnull=True) | Q(post_id__in=list(by_id))
        )
        .filter(ClinicianProfile.verified_q("clinician__clinician_profile__"))
        .select_related("clinician__clinician_profile")
    )
    for review in reviews:
        target = question if review.post_id is None else by_id.get(review.post_id)
        if target is not None:
            target.shown_reviews.append(review)


def _attach_corrections(by_id: dict[int, Post], *, include_hidden: bool) -> None:
    corrections = CorrectionNote.objects.filter(post_id__in=list(by_id))
    if not include_hidden:  # Hidden by a moderator: for moderators only.
        corrections = corrections.filter(hidden_at__isnull=True)
    corrections = corrections.filter(
        Q(author_id=F("post__author_id"))
        | ClinicianProfile.verified_q("author__clinician_profile__")
    ).select_related("author__clinician_profile")
    for note in corrections:
        by_id[note.post_id].shown_corrections.append(note)
