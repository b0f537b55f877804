"""What notifications does when the forum writes (``forum.events``): notify
followers, the asker, the people mentioned; mark a thread seen. Connected in
``apps.py``; moderation, above the forum, calls ``hooks`` directly."""

from __future__ import annotations

from forum import events

from . import hooks, routing, services


def _thread_published(sender, *, thread, **kwargs) -> None:
    hooks.thread_published(thread)


def _post_published(sender, *, post, **kwargs) -> None:
    hooks.post_published(post)


def _answer_accepted(sender, *, post, **kwargs) -> None:
    hooks.answer_accepted(post)


def _post_marked_helpful(sender, *, post, user, **kwargs) -> None:
    hooks.post_marked_helpful(post, user)


def _me_too_added(sender, *, thread, user, **kwargs) -> None:
    routing.follow_for_me_too(thread=thread, user=user)


def _post_reviewed(sender, *, post, clinician, **kwargs) -> None:
    hooks.post_reviewed(post, clinician)


def _thread_viewed(sender, *, user, thread, **kwargs):
    # The thread page offers to jump to the first reply since the last visit.
    return services.thread_open(user=user, thread=thread).position


def connect() -> None:
    uid = "notifications."
    events.thread_published.connect(_thread_published, dispatch_uid=uid + "thread")
    events.post_published.connect(_post_published, dispatch_uid=uid + "post")
    events.answer_accepted.connect(_answer_accepted, dispatch_uid=uid + "accepted")
    events.post_marked_helpful.connect(
        _post_marked_helpful, dispatch_uid=uid + "helpful"
    )
    events.thread_viewed.connect(_thread_viewed, dispatch_uid=uid + "seen")
    events.post_reviewed.connect(_post_reviewed, dispatch_uid=uid + "reviewed")
    events.me_too_added.connect(_me_too_added, dispatch_uid=uid + "me-too")
