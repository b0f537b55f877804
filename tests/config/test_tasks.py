"""The production task path: a job queued in the database, run by a worker."""

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
