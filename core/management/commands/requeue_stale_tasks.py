"""``manage.py requeue_stale_tasks``: give tasks whose worker died back to
the queue. Run it every minute beside the workers (cron, like
``send_digests``). A task RUNNING for longer than ``--older-than`` seconds
(default 300; our tasks send an email or a few and take seconds) is READY
again, and the next worker runs it; emails it had already sent are not sent
twice (``core.mail``)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "Put tasks left RUNNING by a worker that died back in the queue."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=300.0)

    def handle(self, *args, **options):
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(seconds=options["older_than"])
        count = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"{count} stale task(s) back in the queue")
