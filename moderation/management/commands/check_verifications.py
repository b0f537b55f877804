from django.core.management.base import BaseCommand

from moderation.tasks import check_verifications


class Command(BaseCommand):
    help = (
        "Queue the clinician verification check: renewal reminders 30 and 7 "
        "days before a verification runs out, and expiry once it has. Run "
        "hourly (cron); a run that overlaps another is harmless."
    )

    def handle(self, *args, **options):
        result = check_verifications.enqueue()
        self.stdout.write(f"Queued the verification check ({result.id}).")
