from django.core.management.base import BaseCommand

from notifications.tasks import route_questions


class Command(BaseCommand):
    help = (
        "Queue the routing of questions waiting for a clinician: the "
        "escalation steps now due (clinicians of the question's conditions, "
        "every verified clinician, the moderators). Run every 5 minutes."
    )

    def handle(self, *args, **options):
        route_questions.enqueue()
        self.stdout.write("Queued the routing of waiting questions.")
