"""What the forum tells the notifications feature. Services call these inside
their write transaction; notification rows are written with the change, and
email leaves through the tasks framework after commit."""

from . import services


def thread_published(thread) -> None:
    """A question became public (asked, or approved by a moderator)."""
    services.notify_thread_published(thread=thread)


def post_published(post) -> None:
    """A reply became public (posted, or approved by a moderator)."""
    services.notify_post_published(post=post)


def answer_accepted(post) -> None:
    """The asker accepted this reply."""
    services.notify_answer_accepted(post=post)


def post_marked_helpful(post, user) -> None:
    """``user`` marked this reply helpful."""
    services.notify_post_marked_helpful(post=post, user=user)


def post_reviewed(post, clinician) -> None:
    """A clinician reviewed, disagreed with or corrected this post."""
    services.notify_post_reviewed(post=post, clinician=clinician)


def moderation_event(event, statement: bool = False) -> None:
    """A moderator decision concerning ``event.subject`` was recorded;
    ``statement``: it has a statement of reasons (and an appeal) to link to."""
    services.notify_moderation_event(event=event, statement=statement)
