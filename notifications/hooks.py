"""What the forum tells the notifications feature. (Stub: filled in by the
notifications feature; services already call these at the right moments.)"""


def thread_published(thread) -> None:
    """A question became public (asked, or approved by a moderator)."""


def post_published(post) -> None:
    """A reply became public (posted, or approved by a moderator)."""


def answer_accepted(post) -> None:
    """The asker accepted this reply."""


def post_marked_helpful(post, user) -> None:
    """``user`` marked this reply helpful."""


def moderation_event(event) -> None:
    """A moderator decision concerning ``event.subject`` was recorded."""
