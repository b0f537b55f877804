"""Moderation stays consistent when members and moderators act at the same moment.

Runs against PostgreSQL (the production database), where concurrent
transactions really interleave; SQLite serialises all writers anyway.
"""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction

from forum.models import Post, Thread, Visibility
from moderation import services
from moderation.models import Flag, ModerationEvent
from tests import factories
from tests.factories import reply

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]

FLAGGERS = 8
JOIN_TIMEOUT = 60


def run_all(targets):
    """Start one thread per callable, wait for all, return what they raised."""
    errors: list[BaseException] = []

    def wrap(target):
        try:
            target()
        except BaseException as exc:  # Reported after join.
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a worker is stuck"
    return errors


def visible_replies(thread) -> int:
    return Post.objects.filter(
        thread=thread, is_question=False, visibility=Visibility.VISIBLE
    ).count()


def test_members_flag_while_a_moderator_hides_and_restores(settings):
    threshold = settings.FORUM_FLAG_HIDE_THRESHOLD
    thread = factories.ThreadFactory()
    target = reply(thread, body="Stop your injections, turmeric cures MS.")
    members = factories.UserFactory.create_batch(FLAGGERS)
    repliers = factories.UserFactory.create_batch(2)
    moderator = factories.ModeratorFactory()
    barrier = threading.Barrier(FLAGGERS + len(repliers) + 1)
    flags_made: list[Flag] = []
    flagged_done = threading.Semaphore(0)
    all_flagged = threading.Event()

    def member(user):
        barrier.wait()
        for _attempt in range(2000):
            try:
                flags_made.append(
                    services.flag_create(
                        post=target, reporter=user, reason="misinformation"
                    )
                )
            except PermissionDenied:  # Hidden right now; wait for a restore.
                time.sleep(0.002)
            else:
                flagged_done.release()
                return
        raise AssertionError(f"member {user.pk} never managed to flag")

    def watcher():
        for _ in range(FLAGGERS):
            flagged_done.acquire(timeout=JOIN_TIMEOUT)
        all_flagged.set()

    def mod():
        barrier.wait()
        step = 0
        while not all_flagged.is_set():
            if step % 3 == 2:
                services.post_hide(post=target, moderator=moderator, reason="Checking.")
            else:
                services.post_restore(post=target, moderator=moderator)
            step += 1
            time.sleep(0.001)
        # Leave the post in a state the flags decide.
        services.post_restore(post=target, moderator=moderator)

    def replier(user):
        barrier.wait()
        for i in range(5):
            factories.reply(
                thread, user, body=f"Reply {i} written meanwhile by {user}."
            )

    errors = run_all(
        [lambda u=u: member(u) for u in members]
        + [lambda u=u: replier(u) for u in repliers]
        + [mod, watcher]
    )
    assert errors == []

    # One flag per member, and one post_flag event per flag.
    assert len(flags_made) == FLAGGERS
    for user in members:
        assert Flag.objects.filter(post=target, reporter=user).count() == 1
    events = list(
        ModerationEvent.objects.filter(target_type="post", target_id=target.pk)
        .order_by("pk")
        .values_list("action", "actor_id", "changes")
    )
    assert sorted(a for a, actor, _ in events if a == "post_flag") == ["post_flag"] * 8
    assert {actor for a, actor, _ in events if a == "post_flag"} == {
        u.pk for u in members
    }

    # Replaying the log reproduces the post's history: every event was a real
    # change from the state before it, and flags hid it exactly at the threshold.
    state, open_flaggers = Visibility.VISIBLE, set()
    for action, actor, changes in events:
        if action == "post_flag":
            assert state == Visibility.VISIBLE
            open_flaggers.add(actor)
            if changes:
                assert changes == {"visibility": ["visible", "hidden"]}
                assert len(open_flaggers) == threshold
                state = Visibility.HIDDEN
            else:
                assert len(open_flaggers) < threshold
        elif action == "post_hide" and state == Visibility.HIDDEN:
            # Hidden by flags just before: the moderator confirms them.
            assert changes == {"open_flags": [len(open_flaggers), 0]}
            open_flaggers = set()
        elif action == "post_hide":
            assert changes == {"visibility": ["visible", "hidden"]}
            assert state == Visibility.VISIBLE
            state, open_flaggers = Visibility.HIDDEN, set()
        elif action == "post_restore":
            assert changes == {"visibility": ["hidden", "visible"]}
            assert state == Visibility.HIDDEN
            state, open_flaggers = Visibility.VISIBLE, set()
        else:
            raise AssertionError(f"unexpected event {action}")

    target.refresh_from_db()
    assert target.visibility == state
    still_open = set(
        Flag.objects.filter(post=target, state=Flag.State.OPEN).values_list(
            "reporter_id", flat=True
        )
    )
    assert still_open <= open_flaggers
    if target.visibility == Visibility.VISIBLE:
        assert len(still_open) <= threshold - 1
    thread.refresh_from_db()
    assert thread.reply_count == visible_replies(thread)


def test_two_moderators_approving_the_same_reply_count_it_once(settings):
    thread = factories.ThreadFactory()
    settings.FORUM_PREMODERATION_POSTS = 1  # Replies by newcomers are held.
    moderators = [factories.ModeratorFactory(), factories.ModeratorFactory()]
    rounds = 10
    pending = [
        reply(thread, factories.UserFactory(), body=f"My first post here, number {i}.")
        for i in range(rounds)
    ]
    assert {p.visibility for p in pending} == {Visibility.PENDING}
    barrier = threading.Barrier(2)

    def approve_all(moderator):
        for post in pending:
            barrier.wait()
            services.post_approve(post=post, moderator=moderator)

    errors = run_all([lambda m=m: approve_all(m) for m in moderators])
    assert errors == []
    thread.refresh_from_db()
    assert thread.reply_count == visible_replies(thread) == rounds
    approvals = ModerationEvent.objects.filter(action="post_approve")
    assert approvals.count() == rounds
    assert sorted(approvals.values_list("target_id", flat=True)) == sorted(
        p.pk for p in pending
    )


def test_concurrent_bulk_approvals_in_opposite_orders_count_each_reply_once(settings):
    thread = factories.ThreadFactory()
    settings.FORUM_PREMODERATION_POSTS = 1  # Replies by newcomers are held.
    moderators = [factories.ModeratorFactory(), factories.ModeratorFactory()]
    pending = [
        reply(thread, factories.UserFactory(), body=f"A held first post, number {i}.")
        for i in range(6)
    ]
    barrier = threading.Barrier(2)

    def approve(moderator, posts):
        barrier.wait()
        for post in posts:
            services.post_approve(post=post, moderator=moderator)

    errors = run_all(
        [
            lambda: approve(moderators[0], pending),
            lambda: approve(moderators[1], list(reversed(pending))),
        ]
    )
    assert errors == []
    thread.refresh_from_db()
    assert thread.reply_count == visible_replies(thread) == len(pending)
    assert ModerationEvent.objects.filter(action="post_approve").count() == len(pending)


# A merge racing a flag on a reply of the merged thread ---------------------------


def _name_connection(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, false)", [name])


def _wait_until_blocked(name, timeout=15.0):
    """Wait until the named connection waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = %s AND wait_event_type = 'Lock'",
                [name],
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError(f"{name} never waited for a lock")


def test_a_merge_and_a_flag_on_the_merged_thread_do_not_deadlock():
    source = factories.ThreadFactory(title="Duplicate: fatigue at work?")
    target = factories.ThreadFactory(title="Coping with fatigue at work")
    assert source.pk < target.pk  # The merge locks the source row first.
    flagged = reply(source, body="Energy drinks all day, that is the secret.")
    moderator = factories.ModeratorFactory()
    flagger = factories.UserFactory()
    target_held, release = threading.Event(), threading.Event()

    def holder():
        # Another moderator action holding the target thread for a moment.
        with transaction.atomic():
            Thread.objects.select_for_update().get(pk=target.pk)
            target_held.set()
            release.wait(JOIN_TIMEOUT)

    def merge():
        _name_connection("ct-merge")
        target_held.wait(JOIN_TIMEOUT)
        services.thread_merge(source=source, target=target, moderator=moderator)

    def flag():
        _wait_until_blocked("ct-merge")  # The merge holds the source thread.
        _name_connection("ct-flag")
        try:
            services.flag_create(post=flagged, reporter=flagger, reason="spam")
        except (PermissionDenied, ValidationError):
            pass  # Refusing a flag on a merged thread is fine.

    def conductor():
        try:
            _wait_until_blocked("ct-merge")
            _wait_until_blocked("ct-flag")
        finally:
            release.set()

    errors = run_all([holder, merge, flag, conductor])
    assert errors == []
    source.refresh_from_db()
    assert source.visibility == Visibility.MERGED
    assert Post.objects.get(pk=flagged.pk).thread_id == target.pk
