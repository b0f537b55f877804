from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
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


class WatchedWord(models.Model):
    """A word or phrase moderators watch for in new posts and titles."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post")
        REQUIRE_APPROVAL = "require_approval", _("Hold the post for approval")
        FLAG = "flag", _("Publish and flag for review")

    word = models.CharField(_("word or phrase"), max_length=100)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Moved here from the moderation app; the table keeps its name.
        db_table = "moderation_watchedword"
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(Lower("word"), name="watchedword_unique_ci"),
        ]

    def __str__(self):
        return f"{self.word} → {self.get_action_display()}"
