"""Who may do what in the forum. ``can_*`` are pure functions used by views,
templates and services; ``check_*`` raise ``PermissionDenied`` with the reason
a member reads, so views don't work refusal reasons out themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.roles import (
    can_moderate,
    can_post,
    can_use_clinician_powers,
    refuse_if_suspended,
)

if TYPE_CHECKING:
    from .models import Post, Thread


def can_view_thread(user, thread: Thread) -> bool:
    """Visible threads are public; others only for their author and moderators."""
    if thread.visibility == thread.Visibility.VISIBLE:
        return True
    if not user.is_authenticated:
        return False
    return thread.author_id == user.pk or can_moderate(user)


def can_view_post_text(user, post: Post) -> bool:
    """Whether this member may read the post's words (and so its history):
    a visible post in a thread they can see; a hidden or held one only its
    author and the moderators; a deleted one only the moderators."""
    if not can_view_thread(user, post.thread):
        return False
    if post.visibility == post.Visibility.VISIBLE:
        return True
    if not user.is_authenticated:
        return False
    if can_moderate(user):
        return True
    return post.author_id == user.pk and post.visibility != post.Visibility.DELETED


def can_reply(user, thread: Thread) -> bool:
    if not can_post(user) or thread.visibility != thread.Visibility.VISIBLE:
        return False
    return not thread.is_locked or can_moderate(user)


def can_edit_post(user, post: Post) -> bool:
    if not can_post(user) or post.visibility == post.Visibility.DELETED:
        return False
    if can_moderate(user):
        return True
    if post.author_id != user.pk or post.visibility == post.Visibility.HIDDEN:
        return False
    return not post.thread.is_locked


def can_delete_post(user, post: Post) -> bool:
    """Authors delete their own posts (moderators hide instead)."""
    return (
        can_post(user)
        and post.author_id == user.pk
        and post.visibility in (post.Visibility.VISIBLE, post.Visibility.PENDING)
    )


def can_mark_helpful(user, post: Post) -> bool:
    """Members mark others' visible replies in visible threads."""
    return (
        can_post(user)
        and not post.is_question
        and post.author_id != user.pk
        and post.visibility == post.Visibility.VISIBLE
        and post.thread.visibility == post.thread.Visibility.VISIBLE
    )


def can_accept_answer(user, post: Post) -> bool:
    """The asker accepts a visible reply in their own visible thread."""
    if not can_post(user):
        return False
    thread = post.thread
    return (
        thread.author_id == user.pk
        and not post.is_question
        and post.visibility == post.Visibility.VISIBLE
        and thread.visibility == thread.Visibility.VISIBLE
    )


def can_unaccept_answer(user, thread: Thread) -> bool:
    """The asker withdraws the accepted answer of their own question."""
    return can_post(user) and thread.author_id == user.pk


def can_use_clinician_inbox(user) -> bool:
    """Only clinicians verified right now, in a session that passed a second
    factor, have an inbox."""
    return can_use_clinician_powers(user)


# Refusals, with the reason a member reads ------------------------------------


def check_can_post(user) -> None:
    if not can_post(user):
        refuse_if_suspended(user)
        raise PermissionDenied(_("You can't post right now."))


def check_can_reply(user, thread: Thread) -> None:
    if not can_reply(user, thread):
        refuse_if_suspended(user)
        if thread.is_locked:
            raise PermissionDenied(_("This thread is locked by a moderator."))
        raise PermissionDenied(_("You can't reply to this thread."))


def check_can_edit_post(user, post: Post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied(_("You can only edit your own posts."))


def check_can_delete_post(user, post: Post) -> None:
    if not can_delete_post(user, post):
        raise PermissionDenied(_("You can only delete your own posts."))


def check_can_mark_helpful(user, post: Post) -> None:
    if not can_mark_helpful(user, post):
        if post.author_id == user.pk:
            raise PermissionDenied(_("You can't mark your own post as helpful."))
        raise PermissionDenied(_("This post can't be marked helpful."))


def check_can_accept_answer(user, post: Post) -> None:
    if not can_accept_answer(user, post):
        raise PermissionDenied(
            _("Only the person who asked can accept an answer to their question.")
        )


def check_can_unaccept_answer(user, thread: Thread) -> None:
    if not can_unaccept_answer(user, thread):
        raise PermissionDenied(_("Only the person who asked can change this."))
