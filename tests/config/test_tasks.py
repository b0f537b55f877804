"""The production task path: a job queued in the database, run by a worker."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends

from accounts.tasks import send_member_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_database_queue_and_worker_deliver_a_member_email(settings, member):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
    result = send_member_email.enqueue(
        user_id=member.pk, subject="Queued", body="Sent by the worker."
    )
    assert mail.outbox == []  # Nothing is sent in the request.
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Queued"]


def _left_running(result, minutes: float):
    """What a worker killed mid-task leaves: the task RUNNING since then."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=minutes),
        worker_ids=["killed-worker"],
    )


def test_a_task_left_running_by_a_dead_worker_is_run_again(settings, member):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stale = send_member_email.enqueue(
        user_id=member.pk, subject="Left behind", body="The worker died."
    )
    fresh = send_member_email.enqueue(
        user_id=member.pk, subject="Still running", body="The worker is alive."
    )
    _left_running(stale, minutes=10)
    _left_running(fresh, minutes=1)
    call_command("requeue_stale_tasks")
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    stale.refresh()
    fresh.refresh()
    assert stale.status == "SUCCESSFUL"
    assert fresh.status == "RUNNING"  # Its worker may still be on it.
    assert [m.subject for m in mail.outbox] == ["Left behind"]


def test_an_email_that_left_before_the_worker_died_is_not_sent_again(settings, member):
    from core.mail import task_key
    from core.models import SentEmail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = send_member_email.enqueue(
        user_id=member.pk, subject="Sent once", body="Then the worker died."
    )
    # The mail server took it, the key was recorded, then SIGKILL.
    SentEmail.objects.create(key=task_key(SimpleNamespace(task_result=result)))
    _left_running(result, minutes=10)
    call_command("requeue_stale_tasks")
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert mail.outbox == []


def test_every_email_a_task_sends_has_the_same_message_id_on_every_try(
    settings, member
):
    """What the mail store dedupes on when a worker died between the mail
    server's acceptance and the record: the retry's copy is the same message."""
    from accounts.tasks import send_email_verification
    from core.mail import message_id
    from core.models import SentEmail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member.email_verified_at = None
    member.save()
    result = send_email_verification.enqueue(user_id=member.pk)
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    first = mail.outbox[0].message()["Message-ID"]
    assert first.endswith("@localhost>") or "@" in first
    # The record lost (killed before writing it): the retry sends the same id.
    SentEmail.objects.all().delete()
    _left_running(result, minutes=10)
    call_command("requeue_stale_tasks")
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert [m.message()["Message-ID"] for m in mail.outbox] == [first, first]
    assert first == message_id(f"task:{result.id}")
    # Another email has another id.
    other = send_email_verification.enqueue(user_id=member.pk)
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert mail.outbox[-1].message()["Message-ID"] not in ("", first)
    assert other.id != result.id
