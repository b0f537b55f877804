"""Routing questions to clinicians in time: answer targets and due dates,
honest expectations (the median time to a clinician's first answer), claims
("I'm answering this"), "I have this question too", and the escalation
steps the ``route_questions`` task takes.

Escalation, from when a question is asked, with ``target`` the smallest
``answer_target_hours`` of its conditions:

    step 1 at target / 2     verified clinicians of one of its conditions
    step 2 at target         every other verified clinician
    step 3 at target × 1.5   the moderators

A question answered by a verified clinician leaves the routing. The forum
decides when a step is due and who should hear; ``notifications.routing``
(above the forum) tells them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache as django_cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ClinicianProfile
from accounts.roles import MODERATORS_GROUP
from core import markup

from . import cache, events, permissions
from .models import Condition, MeToo, Post, Thread, Visibility

#: The questions the estimate reads: asked in this many days.
ESTIMATE_DAYS = 90
#: Below this many answered questions a condition has "no estimate yet".
ESTIMATE_MIN_QUESTIONS = 5
#: How long the estimates are kept before they are read again.
ESTIMATE_CACHE_SECONDS = 300
_ESTIMATES_KEY = "routing:estimates"

#: The last escalation step (the moderators).
LAST_STEP = 3
#: When each step is due, as a fraction of the target after the question.
_STEP_AT = {1: 0.5, 2: 1.0, 3: 1.5}


# Targets and due dates ----------------------------------------------------------


def target_hours(conditions: Iterable[Condition]) -> int:
    """The strictest answer target of these conditions (the default if none)."""
    hours = [c.answer_target_hours for c in conditions]
    if hours:
        return min(hours)
    return Condition._meta.get_field("answer_target_hours").default


def step_due_at(*, created_at: datetime, target: timedelta, step: int):
    """When escalation step ``step`` is due (None past the last step)."""
    if step not in _STEP_AT:
        return None
    return created_at + target * _STEP_AT[step]


def initial_schedule(*, created_at: datetime, conditions: Iterable[Condition]):
    """``answer_due_at`` and ``next_escalation_at`` for a new question."""
    target = timedelta(hours=target_hours(conditions))
    return {
        "answer_due_at": created_at + target,
        "next_escalation_at": step_due_at(created_at=created_at, target=target, step=1),
    }


def thread_reschedule(*, thread: Thread) -> None:
    """Its conditions changed: due date and next step from the new target,
    at the step it has reached. An answered question keeps its dates."""
    thread = Thread.objects.get(pk=thread.pk)
    if thread.has_clinician_answer:
        return
    target = timedelta(hours=target_hours(thread.conditions.all()))
    Thread.objects.filter(pk=thread.pk).update(
        answer_due_at=thread.created_at + target,
        next_escalation_at=step_due_at(
            created_at=thread.created_at,
            target=target,
            step=thread.escalation_step + 1,
        ),
    )
    cache.bump_thread(thread.pk)


#: A question that loses its clinician answer later than this after being
#: asked is not routed again (nobody is paged about an old discussion).
RESUME_DAYS = 30


def threads_resume(*, thread_ids: Iterable[int]) -> int:
    """Questions among these that no longer have a clinician answer (it was
    hidden or deleted, its clinician suspended or expired) go back into
    routing at the step they had reached; a step already due is taken by
    the next run. Only questions of the last ``RESUME_DAYS`` days."""
    now = timezone.now()
    resumed = 0
    for thread in Thread.objects.filter(
        pk__in=list(thread_ids),
        has_clinician_answer=False,
        next_escalation_at__isnull=True,
        answer_due_at__isnull=False,
        created_at__gte=now - timedelta(days=RESUME_DAYS),
    ):
        due = step_due_at(
            created_at=thread.created_at,
            target=thread.answer_due_at - thread.created_at,
            step=thread.escalation_step + 1,
        )
        if due is not None:
            resumed += Thread.objects.filter(
                pk=thread.pk, next_escalation_at__isnull=True
            ).update(next_escalation_at=due)
    return resumed


def is_overdue(thread: Thread, now: datetime | None = None) -> bool:
    """Past its answer target without a clinician's answer."""
    due = thread.answer_due_at
    if due is None or thread.has_clinician_answer:
        return False
    return due <= (now or timezone.now())


# Honest expectations -------------------------------------------------------------


def _first_answer_delays(since: datetime) -> dict[int, list[float]]:
    """Seconds from question to the first reply by a clinician verified now,
    per condition, over public questions asked since ``since``. One query:
    a row per (thread, condition) with the first such reply."""
    rows = (
        Post.objects.filter(
            ClinicianProfile.verified_q("author__clinician_profile__"),
            is_question=False,
            is_anonymous=False,
            visibility=Visibility.VISIBLE,
            thread__visibility=Visibility.VISIBLE,
            thread__created_at__gte=since,
        )
        .values("thread_id", "thread__created_at", "thread__conditions")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    delays: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        if row["thread__conditions"] is None:
            continue
        delay = (row["first"] - row["thread__created_at"]).total_seconds()
        delays[row["thread__conditions"]].append(max(0.0, delay))
    return delays


def estimates() -> dict[int, float]:
    """Condition id → median seconds to a clinician's first answer over the
    last ``ESTIMATE_DAYS`` days, for conditions with enough answered
    questions. Kept a few minutes: it moves slowly and every page may ask."""
    found = django_cache.get(_ESTIMATES_KEY)
    if found is None:
        since = timezone.now() - timedelta(days=ESTIMATE_DAYS)
        found = {
            condition_id: statistics.median(values)
            for condition_id, values in _first_answer_delays(since).items()
            if len(values) >= ESTIMATE_MIN_QUESTIONS
        }
        django_cache.set(_ESTIMATES_KEY, found, ESTIMATE_CACHE_SECONDS)
    return found


def estimate(condition: Condition) -> timedelta | None:
    """How soon clinicians usually answer questions about this condition (the
    median of the last 90 days), or None: too few answered questions."""
    seconds = estimates().get(condition.pk)
    return None if seconds is None else timedelta(seconds=seconds)


@dataclass(frozen=True)
class Expectation:
    """One line of "how soon": a condition and its estimate (or None)."""

    condition: Condition
    median: timedelta | None


def expectations(conditions: Iterable[Condition]) -> list[Expectation]:
    """The estimate for each of these conditions, in their order."""
    found = estimates()
    return [
        Expectation(
            condition=c,
            median=timedelta(seconds=found[c.pk]) if c.pk in found else None,
        )
        for c in conditions
    ]


# Claims ------------------------------------------------------------------------


def claim_is_active(thread: Thread, now: datetime | None = None) -> bool:
    """A claim that has not run out; expired claims are simply ignored."""
    return (
        thread.claimed_by_id is not None
        and thread.claimed_until is not None
        and thread.claimed_until > (now or timezone.now())
    )


def claimed_at(thread: Thread) -> datetime | None:
    """When the claim was made (it lasts ``FORUM_CLAIM_HOURS``)."""
    if thread.claimed_until is None:
        return None
    return thread.claimed_until - timedelta(hours=settings.FORUM_CLAIM_HOURS)


def _claimable(thread: Thread) -> bool:
    return (
        thread.visibility == Visibility.VISIBLE
        and not thread.is_locked
        and not thread.has_clinician_answer
    )


def may_claim(user, thread: Thread) -> bool:
    """A clinician with their powers who may post (not suspended or banned as
    a member), and not the asker: their name on their own question would
    undo asking anonymously, and claiming your own question means nothing."""
    return (
        permissions.can_use_clinician_powers(user)
        and permissions.can_post(user)
        and thread.author_id != user.pk
    )


def can_claim(user, thread: Thread) -> bool:
    """A clinician with their powers may claim an unanswered, visible,
    unlocked question nobody else holds (or renew their own claim)."""
    if not may_claim(user, thread) or not _claimable(thread):
        return False
    return not claim_is_active(thread) or thread.claimed_by_id == user.pk


def can_release(user, thread: Thread) -> bool:
    """Only the clinician holding a live claim lets it go."""
    return (
        user.is_authenticated
        and thread.claimed_by_id == user.pk
        and claim_is_active(thread)
    )


def claim(*, thread: Thread, user) -> Thread:
    """ "I'm answering this" for ``FORUM_CLAIM_HOURS``. One conditional
    update, so of two clinicians claiming at once only one wins; the other
    is told who holds it."""
    if not may_claim(user, thread):
        raise PermissionDenied(
            _("Only clinicians verified by the moderators can claim a question.")
        )
    now = timezone.now()
    free = (
        Q(claimed_by__isnull=True)
        | Q(claimed_until__isnull=True)
        | Q(claimed_until__lte=now)
        | Q(claimed_by=user)
    )
    won = (
        Thread.objects.filter(
            free,
            pk=thread.pk,
            visibility=Visibility.VISIBLE,
            is_locked=False,
            has_clinician_answer=False,
        ).update(
            claimed_by=user,
            claimed_until=now + timedelta(hours=settings.FORUM_CLAIM_HOURS),
        )
        == 1
    )
    thread = Thread.objects.select_related("claimed_by").get(pk=thread.pk)
    if not won:
        if claim_is_active(thread, now):
            raise PermissionDenied(
                _("%(name)s is already answering this question.")
                % {"name": thread.claimed_by.display_name}
            )
        raise PermissionDenied(_("This question can't be claimed any more."))
    cache.bump_thread(thread.pk)
    return thread


def release(*, thread: Thread, user) -> Thread:
    """The claimer lets the question go (idempotent)."""
    if not user.is_authenticated:
        raise PermissionDenied
    changed = Thread.objects.filter(pk=thread.pk, claimed_by=user).update(
        claimed_by=None, claimed_until=None
    )
    if changed:
        cache.bump_thread(thread.pk)
    return Thread.objects.get(pk=thread.pk)


def reply_changes(*, thread: Thread, post: Post, clinician_answer: bool) -> dict:
    """What a reply becoming public changes in routing, for the caller's
    single update: the claimer's reply ends their claim; a clinician's
    answer ends the escalation."""
    changes = {}
    # Not an anonymous reply: the claim vanishing as it appears would say
    # who wrote it. The claim then simply runs out.
    if (
        thread.claimed_by_id is not None
        and thread.claimed_by_id == post.author_id
        and not post.is_anonymous
    ):
        changes.update(claimed_by=None, claimed_until=None)
    if clinician_answer:
        changes["next_escalation_at"] = None
    return changes


# "I have this question too" ------------------------------------------------------


def can_me_too(user, thread: Thread) -> bool:
    """A member who may post says they have someone else's public question."""
    return (
        permissions.can_post(user)
        and thread.author_id != user.pk
        and thread.visibility == Visibility.VISIBLE
    )


def has_me_too(user, thread: Thread) -> bool:
    if not user.is_authenticated:
        return False
    annotated = getattr(thread, "viewer_has_me_too", None)
    if annotated is not None:
        return bool(annotated)
    return MeToo.objects.filter(thread=thread, user=user).exists()


def me_too_add(*, thread: Thread, user) -> Thread:
    """Count the member once (a double submit counts once) and have them
    follow the thread (``events.me_too_added``)."""
    if not can_me_too(user, thread):
        raise PermissionDenied(_("You can't add yourself to this question."))
    try:
        with transaction.atomic():
            MeToo.objects.create(thread=thread, user=user)
            Thread.objects.filter(pk=thread.pk).update(
                me_too_count=F("me_too_count") + 1
            )
            events.me_too_added.send(Thread, thread=thread, user=user)
    except IntegrityError:
        pass  # Already counted: the row is unique per member and question.
    else:
        cache.bump_thread(thread.pk)
    thread.refresh_from_db(fields=["me_too_count"])
    return thread


@transaction.atomic
def me_too_remove(*, thread: Thread, user) -> Thread:
    """Withdraw it (idempotent); the member keeps following the thread."""
    if not user.is_authenticated:
        raise PermissionDenied
    deleted, _rows = MeToo.objects.filter(thread=thread, user=user).delete()
    if deleted:
        Thread.objects.filter(pk=thread.pk).update(me_too_count=F("me_too_count") - 1)
        cache.bump_thread(thread.pk)
    thread.refresh_from_db(fields=["me_too_count"])
    return thread


# Escalation ----------------------------------------------------------------------


def _routable() -> QuerySet[Thread]:
    return Thread.objects.filter(
        visibility=Visibility.VISIBLE, is_locked=False, has_clinician_answer=False
    )


def thread_ids_due(*, now: datetime, limit: int = 500) -> list[int]:
    """Questions whose next escalation step is due, oldest due first."""
    return list(
        _routable()
        .filter(next_escalation_at__lte=now)
        .order_by("next_escalation_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def threads_leave_routing(*, now: datetime) -> int:
    """Due questions that no longer need a step stop being read: answered
    by a clinician, deleted or merged (hidden, held and locked ones wait,
    as they may come back)."""
    return Thread.objects.filter(
        Q(has_clinician_answer=True)
        | Q(visibility__in=[Visibility.DELETED, Visibility.MERGED]),
        next_escalation_at__lte=now,
    ).update(next_escalation_at=None)


def escalation_take(*, thread_id: int, now: datetime) -> int | None:
    """Take the thread's next step if it is due and still needed: returns the
    step taken, or None. A conditional update on the current step, so with
    two workers only one takes it (and tells its recipients)."""
    thread = _routable().filter(pk=thread_id, next_escalation_at__lte=now).first()
    if thread is None:
        return None
    step = thread.escalation_step + 1
    if step > LAST_STEP or thread.answer_due_at is None:
        Thread.objects.filter(pk=thread_id).update(next_escalation_at=None)
        return None
    target = thread.answer_due_at - thread.created_at
    won = (
        _routable()
        .filter(pk=thread_id, escalation_step=thread.escalation_step)
        .update(
            escalation_step=step,
            next_escalation_at=step_due_at(
                created_at=thread.created_at, target=target, step=step + 1
            ),
        )
    )
    return step if won else None


def step_recipient_ids(*, thread: Thread, step: int) -> set[int]:
    """Who hears about the question at this step (before removing those who
    already did): clinicians of its conditions, every verified clinician,
    or the moderators. Never the asker."""
    User = get_user_model()
    clinicians = ClinicianProfile.objects.filter(
        ClinicianProfile.verified_q(), user__is_active=True
    )
    if step == 1:
        ids = clinicians.filter(
            conditions__in=thread.conditions.values("pk")
        ).values_list("user_id", flat=True)
    elif step == 2:
        ids = clinicians.values_list("user_id", flat=True)
    else:
        ids = User.objects.filter(
            groups__name=MODERATORS_GROUP, is_active=True
        ).values_list("pk", flat=True)
    return set(ids) - {thread.author_id}


# What a thread page shows ----------------------------------------------------------


def thread_panel(*, user, thread: Thread) -> dict:
    """The routing pieces of a thread page for this reader: the asker's
    expectation, the claim and its buttons, "I have this question too".
    Reads the thread as ``selectors.thread_get_for_user`` loads it for a
    page (claimer and the reader's own mark included): no query but the
    cached estimates, and those only for the asker."""
    now = timezone.now()
    active = claim_is_active(thread, now)
    waiting = (
        thread.visibility == Visibility.VISIBLE and not thread.has_clinician_answer
    )
    is_asker = user.is_authenticated and thread.author_id == user.pk
    me_too = can_me_too(user, thread)
    return {
        "expectations": expectations(thread.conditions.all())
        if is_asker and waiting
        else [],
        "claimed_by": thread.claimed_by if active and waiting else None,
        "claimed_at": claimed_at(thread) if active else None,
        "can_claim": can_claim(user, thread),
        "can_release": can_release(user, thread),
        "me_too_count": thread.me_too_count,
        "can_me_too": me_too,
        "has_me_too": me_too and has_me_too(user, thread),
    }


def inbox_items(threads: Iterable[Thread]) -> list[Thread]:
    """Give each inbox thread what its row shows: ``excerpt`` (of the
    question), ``target_hours``, ``overdue`` and ``claim`` (the live
    claimer, or None), from what the inbox selector loaded."""
    now = timezone.now()
    items = list(threads)
    for thread in items:
        questions = getattr(thread, "question_posts", [])
        thread.excerpt = markup.excerpt(questions[0].html) if questions else ""
        thread.target_hours = None
        if thread.answer_due_at is not None:
            target = thread.answer_due_at - thread.created_at
            thread.target_hours = round(target.total_seconds() / 3600)
        thread.overdue = is_overdue(thread, now)
        thread.claim = thread.claimed_by if claim_is_active(thread, now) else None
        thread.claim_at = claimed_at(thread) if thread.claim else None
    return items
