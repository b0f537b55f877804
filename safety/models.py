from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RiskExample(models.Model):
    """A moderator's decision on a post in the possible-risk list, kept as a
    labelled sentence for the crisis detector's evaluation and training set.

    Nothing links it to the member: no post, no author, and the personal
    details the guard can find are replaced by their kind ("[phone]")."""

    class Label(models.TextChoices):
        RISK = "risk", _("Escalated: a risk")
        NONE = "none", _("Dismissed: not a risk")

    text = models.TextField()
    label = models.CharField(max_length=10, choices=Label.choices)
    # What the detector had said: {"tier": …, "signals": [[category, tier], …]}.
    detector = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_label_display()} ({self.created_at:%Y-%m-%d})"
