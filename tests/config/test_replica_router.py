"""Reads on a replica with read-your-writes (core.dbrouter). Run with a
replica configured: ``DATABASE_REPLICA_URL`` (tests mirror it on the
primary, so which connection answered is what is checked)."""

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.dbrouter import PIN_COOKIE, REPLICA
from forum.models import Thread
from tests import factories

# Committed for real (no test transaction around each test): a read inside
# a transaction on the primary stays on the primary by design.
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="no replica configured (DATABASE_REPLICA_URL)",
    ),
]


def queries_on_each(run) -> tuple[int, int]:
    """How many queries ``run()`` sent to the primary and to the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        run()
    return len(primary.captured_queries), len(replica.captured_queries)


def test_a_visitors_page_reads_the_replica():
    thread = factories.ThreadFactory()
    on_primary, on_replica = queries_on_each(
        lambda: Client().get(thread.get_absolute_url())
    )
    assert on_replica > 0


def test_outside_a_request_everything_reads_the_primary():
    factories.ThreadFactory()
    on_primary, on_replica = queries_on_each(lambda: list(Thread.objects.all()))
    assert (on_primary, on_replica) == (1, 0)


def test_a_read_inside_a_write_transaction_reads_the_primary():
    from core import dbrouter

    token = dbrouter._replica_ok.set(True)
    try:
        with transaction.atomic():
            on_primary, on_replica = queries_on_each(lambda: list(Thread.objects.all()))
        assert on_replica == 0
        on_primary, on_replica = queries_on_each(lambda: list(Thread.objects.all()))
        assert on_replica == 1
    finally:
        dbrouter._replica_ok.reset(token)


def test_the_member_who_just_wrote_reads_the_primary_then_the_replica_again(
    member,
):
    thread = factories.ThreadFactory()
    client = Client()
    client.force_login(member)
    posted = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Cooling vests helped me through the summer."},
    )
    assert posted.status_code == 302
    assert (
        client.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
    )
    on_primary, on_replica = queries_on_each(
        lambda: client.get(thread.get_absolute_url())
    )
    assert on_replica == 0 and on_primary > 0
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Cooling vests helped me" in page
    # Once the pin has run out (the cookie gone), the replica again.
    del client.cookies[PIN_COOKIE]
    on_primary, on_replica = queries_on_each(
        lambda: client.get(thread.get_absolute_url())
    )
    assert on_replica > 0
