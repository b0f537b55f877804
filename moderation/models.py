from django.conf import settings
from django.db import models
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


class ModerationEvent(models.Model):
    """Append-only record of a moderation decision: who, what, on what, why,
    and the fields it changed (before/after). Rows are never updated or deleted."""

    class Action(models.TextChoices):
        CLINICIAN_APPROVE = "clinician_approve", _("Approved clinician application")
        CLINICIAN_REJECT = "clinician_reject", _("Rejected clinician application")
        CLINICIAN_REQUEST_INFO = (
            "clinician_request_info",
            _("Asked a clinician applicant for more information"),
        )
        CLINICIAN_SUSPEND = "clinician_suspend", _("Suspended clinician verification")
        CLINICIAN_REVOKE = "clinician_revoke", _("Revoked clinician verification")
        CLINICIAN_REINSTATE = (
            "clinician_reinstate",
            _("Reinstated clinician verification"),
        )
        CLINICIAN_RENEW = (
            "clinician_renew",
            _("Checked a clinician's registration again"),
        )
        CLINICIAN_EXPIRE = "clinician_expire", _("Clinician verification expired")
        POST_FLAG = "post_flag", _("Flagged a post")
        POST_AUTO_HIDE = "post_auto_hide", _("Post hidden automatically")
        POST_APPROVE = "post_approve", _("Approved a post")
        POST_HIDE = "post_hide", _("Hid a post")
        POST_RESTORE = "post_restore", _("Restored a post")
        POST_EDIT = "post_edit", _("Edited a post")
        POST_REVEAL = "post_reveal", _("Revealed an anonymous post's author")
        CORRECTION_HIDE = "correction_hide", _("Hid a correction note")
        CORRECTION_RESTORE = "correction_restore", _("Restored a correction note")
        FLAGS_DISMISS = "flags_dismiss", _("Dismissed flags")
        RISK_ESCALATE = "risk_escalate", _("Escalated a possible risk to urgent")
        RISK_DISMISS = "risk_dismiss", _("Dismissed a possible risk")
        THREAD_LOCK = "thread_lock", _("Locked a thread")
        THREAD_UNLOCK = "thread_unlock", _("Unlocked a thread")
        THREAD_PIN = "thread_pin", _("Pinned a thread")
        THREAD_UNPIN = "thread_unpin", _("Unpinned a thread")
        THREAD_RETAG = "thread_retag", _("Changed a thread's conditions")
        THREAD_MERGE = "thread_merge", _("Merged a thread")
        USER_WARN = "user_warn", _("Warned a member")
        USER_SUSPEND = "user_suspend", _("Suspended a member")
        USER_BAN = "user_ban", _("Banned a member")
        SANCTION_LIFT = "sanction_lift", _("Lifted a sanction")
        WATCHED_WORD_ADD = "watched_word_add", _("Added a watched word")
        WATCHED_WORD_REMOVE = "watched_word_remove", _("Removed a watched word")
        APPEAL_OPEN = "appeal_open", _("Appealed a decision")
        APPEAL_UPHOLD = "appeal_uphold", _("Upheld a decision on appeal")
        APPEAL_REVERSE = "appeal_reverse", _("Reversed a decision on appeal")

    # PROTECT: deleting a member must not rewrite the log; members leave by
    # deactivation and anonymisation instead.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="moderation_actions",
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_events",
        help_text=_("The member the action concerns."),
    )
    target_type = models.CharField(max_length=40)
    target_id = models.PositiveBigIntegerField()
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        # Moved here from the forum app; the table keeps its name.
        db_table = "forum_moderationevent"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id"], name="modevent_target_idx"
            ),
            models.Index(fields=["action", "-created_at"], name="modevent_action_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.target_type} {self.target_id})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Moderation events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Moderation events are append-only.")


class Appeal(models.Model):
    """A member's appeal against a decision that restricted them or their
    content (one per decision), decided by a moderator other than the one who
    took it. See ``moderation.appeals``."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Decision upheld")
        REVERSED = "reversed", _("Decision reversed")

    event = models.OneToOneField(
        ModerationEvent, on_delete=models.PROTECT, related_name="appeal"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    text = models.TextField(_("why the decision should change"), max_length=2000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"appeal {self.pk} on event {self.event_id}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Notice(models.Model):
    """A report about content from anyone, account or not (the notice-and-
    action route): what is wrong, where, why, and optionally who is writing
    and where to send the acknowledgement and the decision. The name and
    email are used for nothing else and never shown to the post's author."""

    # What the law adds to the concerns members flag (the "possible risk"
    # tier is the detector's, not a reader's).
    CATEGORIES = [
        ("illegal", _("Illegal content")),
        ("underage", _("A member under the minimum age")),
        *[c for c in Flag.Reason.choices if c[0] != Flag.Reason.POSSIBLE_RISK],
    ]

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        ACTIONED = "actioned", _("Action taken")
        NO_ACTION = "no_action", _("No action needed")

    category = models.CharField(_("what is wrong"), max_length=20, choices=CATEGORIES)
    explanation = models.TextField(_("explanation"), max_length=3000)
    url = models.CharField(_("where it is (address)"), max_length=500)
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("your name"), max_length=100, blank=True)
    email = models.EmailField(_("your email"), blank=True)
    good_faith = models.BooleanField(default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"notice {self.pk}"
