from django.core.management.base import BaseCommand

from notifications import emails
from notifications.tasks import send_digest


class Command(BaseCommand):
    help = (
        "Queue the daily notification digests: everything waiting to be "
        "emailed (daily choices, and immediate ones held back by the burst "
        "limit). Run once a day."
    )

    def handle(self, *args, **options):
        user_ids = emails.digest_recipient_ids()
        for user_id in user_ids:
            send_digest.enqueue(user_id=user_id)
        self.stdout.write(f"Queued {len(user_ids)} digest(s).")
