from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A member (or the system, with no reporter) asks moderators to look at a post."""

    class Reason(models.TextChoices):
        SELF_HARM = "self_harm", _("Self-harm or suicide risk")
        POSSIBLE_RISK = "possible_risk", _("Possible risk (not urgent)")
        MISINFORMATION = "misinformation", _("Medical misinformation")
        PERSONAL_INFO = "personal_info", _("Personal information exposed")
        HARASSMENT = "harassment", _("Harassment or abuse")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Handled: action taken")
        DISMISSED = "dismissed", _("Handled: no action needed")

    post = models.ForeignKey(
        "forum.Post", on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags_made",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(state="open"),
                name="flag_one_open_per_member_per_post",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="flag_queue_idx"),
            models.Index(fields=["post", "state"], name="flag_post_state_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on post {self.post_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


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
        ordering = ["word"]
        constraints = [
            models.UniqueConstraint(Lower("word"), name="watchedword_unique_ci"),
        ]

    def __str__(self):
        return f"{self.word} → {self.get_action_display()}"
