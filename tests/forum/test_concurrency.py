"""Counters stay exact when many members reply at the same moment.

Runs against PostgreSQL (the production database), where concurrent
transactions really interleave; SQLite serialises all writers anyway.
"""

import threading

import pytest
from django.db import connections
from django.db.models import Max

from forum import services
from forum.models import Thread, Visibility
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
]

WORKERS = 8
REPLIES_EACH = 5


def test_concurrent_replies_keep_counters_exact():
    thread = factories.ThreadFactory()
    authors = factories.UserFactory.create_batch(WORKERS)
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(author):
        try:
            barrier.wait()
            for i in range(REPLIES_EACH):
                services.post_create(
                    thread=thread,
                    author=author,
                    body=f"Concurrent reply {i} from {author.pk}.",
                )
        except BaseException as exc:  # Reported after join.
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in authors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    thread.refresh_from_db()
    replies = thread.posts.filter(is_question=False, visibility=Visibility.VISIBLE)
    assert replies.count() == WORKERS * REPLIES_EACH
    assert thread.reply_count == WORKERS * REPLIES_EACH
    assert thread.last_activity_at == replies.aggregate(m=Max("created_at"))["m"]


def test_concurrent_replies_and_deletes_keep_count_exact():
    thread = factories.ThreadFactory()
    authors = factories.UserFactory.create_batch(WORKERS)
    own = {a.pk: [factories.reply(thread, a) for _ in range(2)] for a in authors}
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(author):
        try:
            barrier.wait()
            for post in own[author.pk]:
                services.post_delete(post=post, user=author)
                services.post_create(
                    thread=thread, author=author, body="A reply written again."
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(a,)) for a in authors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    thread.refresh_from_db()
    visible = Thread.objects.get(pk=thread.pk).posts.filter(
        is_question=False, visibility=Visibility.VISIBLE
    )
    assert thread.reply_count == visible.count() == WORKERS * 2
