"""What the forum tells the rest of the site.

Forum services send these inside their write transaction, after the write;
the apps that care connect receivers in their ``AppConfig.ready`` (listed
here), so their rows are written with the change and roll back with it. The
forum itself imports none of them: notifications, search and moderation sit
above it.

Signal                 Arguments                       Received by
thread_published       thread                          notifications
post_published         post                            notifications
answer_accepted        post                            notifications
post_marked_helpful    post, user                      notifications
thread_viewed          user, thread                    notifications (seen;
                                                       may return a
                                                       ReadingPosition)
thread_changed         thread_id                       search (reindex)
reply_published        thread_id, source               search (append)
post_screened          post, flag_words, crisis        moderation (system flags)
post_edited_for        post, editor, reason, changes   moderation (log)
post_reviewed          post, clinician                 notifications (tell
                                                       the post's author)
me_too_added           thread, user                    notifications (the
                                                       member follows it)
"""

from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class ReadingPosition:
    """What a ``thread_viewed`` receiver may return: the replies posted since
    the member last opened the thread, and the first of them."""

    unread_count: int
    first_unread_id: int | None


thread_published = Signal()
post_published = Signal()
answer_accepted = Signal()
post_marked_helpful = Signal()
thread_viewed = Signal()
thread_changed = Signal()
reply_published = Signal()
post_screened = Signal()
post_edited_for = Signal()
post_reviewed = Signal()
me_too_added = Signal()
