"""Telling people about questions waiting for a clinician: the escalation
steps ``forum.routing`` decides (clinicians of the question's conditions,
then every verified clinician, then the moderators), and the follow that
comes with "I have this question too". Run by ``tasks.route_questions``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from forum import routing as forum_routing
from forum.models import Thread

from .models import Follow, Kind, Notification


def follow_for_me_too(*, thread: Thread, user) -> None:
    """A member who has this question too follows it (if not already)."""
    Follow.objects.bulk_create(
        [Follow(user_id=user.pk, thread_id=thread.pk)], ignore_conflicts=True
    )


def _notify_step(*, thread_id: int, step: int) -> list[int]:
    """A ROUTED notification for each recipient of this step who has not
    heard about the question at an earlier step. Returns their ids."""
    thread = Thread.objects.get(pk=thread_id)
    recipients = forum_routing.step_recipient_ids(thread=thread, step=step)
    told = Notification.objects.filter(
        thread_id=thread_id, kind=Kind.ROUTED, recipient_id__in=recipients
    ).values_list("recipient_id", flat=True)
    created = Notification.objects.bulk_create(
        Notification(recipient_id=user_id, kind=Kind.ROUTED, thread_id=thread_id)
        for user_id in sorted(recipients - set(told))
    )
    return [n.pk for n in created]


def _route_one(*, thread_id: int, now) -> list[int]:
    """Every step now due for one question (a worker that was down catches
    up), each in its own transaction with its notifications, so a step
    happens, and is told, at most once."""
    ids: list[int] = []
    for _attempt in range(forum_routing.LAST_STEP):
        with transaction.atomic():
            step = forum_routing.escalation_take(thread_id=thread_id, now=now)
            if step is None:
                break
            ids += _notify_step(thread_id=thread_id, step=step)
    return ids


def route_due_questions() -> list[int]:
    """Take the escalation steps due now; returns the notifications made
    (for the caller to email)."""
    now = timezone.now()
    forum_routing.threads_leave_routing(now=now)
    ids: list[int] = []
    for thread_id in forum_routing.thread_ids_due(now=now):
        ids += _route_one(thread_id=thread_id, now=now)
    return ids
