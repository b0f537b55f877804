"""``manage.py export_risk_examples``: the moderators' decisions on the
possible-risk list as evaluation lines (JSON Lines, the format of
``safety/eval/data``), to review and add to a tuning file."""

import json

from django.core.management.base import BaseCommand

from safety import examples
from safety.models import RiskExample


class Command(BaseCommand):
    help = "Print the moderators' possible-risk decisions as labelled lines."

    def handle(self, *args, **options):
        for example in RiskExample.objects.order_by("created_at", "id"):
            row = {
                "text": example.text,
                "lang": examples.language(example.text),
                "label": example.label,
                "kind": "moderator_escalated"
                if example.label == RiskExample.Label.RISK
                else "moderator_dismissed",
            }
            self.stdout.write(json.dumps(row, ensure_ascii=False))
