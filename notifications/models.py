from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows one thread or one condition (exactly one of the two).
    ``last_seen_at`` is when the member last opened a followed thread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    condition = models.ForeignKey(
        "forum.Condition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, condition__isnull=True)
                    | Q(thread__isnull=True, condition__isnull=False)
                ),
                name="follow_thread_xor_condition",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="follow_one_per_user_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "condition"],
                condition=Q(condition__isnull=False),
                name="follow_one_per_user_condition",
            ),
        ]

    def __str__(self):
        target = (
            f"thread {self.thread_id}"
            if self.thread_id
            else (f"condition {self.condition_id}")
        )
        return f"{self.user_id} follows {target}"


class Kind(models.TextChoices):
    REPLY = "reply", _("Replies in threads you follow")
    NEW_THREAD = "new_thread", _("New questions in conditions you follow")
    MENTION = "mention", _("Mentions of your display name")
    ACCEPTED = "accepted", _("Your reply accepted as the answer")
    HELPFUL = "helpful", _("Your reply marked helpful")
    MODERATION = "moderation", _("Moderator decisions about you")
    # For clinicians: questions in their field past half their answer target.
    ROUTED = "routed", _("Questions waiting for a clinician")
    # A clinician reviewed or disagreed with your reply, or added a correction.
    REVIEWED = "reviewed", _("Clinicians' reviews of your replies")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    NEVER = "never", _("Never")


class Notification(models.Model):
    """Something that happened that one member should hear about."""

    Kind = Kind

    class EmailState(models.TextChoices):
        PENDING = "pending", _("Waiting to be emailed")
        SENT = "sent", _("Emailed")
        SKIPPED = "skipped", _("Not emailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(
        "moderation.ModerationEvent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A moderation decision with a statement of reasons: the notification
    # leads there (and to the appeal).
    statement = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notif_recipient_idx"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notif_unread_idx",
            ),
            models.Index(
                fields=["recipient", "thread", "email_state"],
                name="notif_email_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    def summary(self) -> str:
        """One line saying what happened, in plain text (names and titles only).
        Reads ``actor``, ``thread`` and ``event``: select them too."""
        name = self.actor.display_name if self.actor else gettext("Someone")
        title = self.thread.title if self.thread else ""
        if self.kind == Kind.MODERATION:
            action = self.event.get_action_display() if self.event else ""
            if title:  # Say where: the member may have many posts.
                return gettext("Moderators: %(action)s in “%(title)s”") % {
                    "action": action,
                    "title": title,
                }
            return gettext("Moderators: %(action)s") % {"action": action}
        messages = {
            Kind.REPLY: gettext("%(name)s replied in “%(title)s”"),
            Kind.NEW_THREAD: gettext("%(name)s asked “%(title)s”"),
            Kind.MENTION: gettext("%(name)s mentioned you in “%(title)s”"),
            Kind.ACCEPTED: gettext(
                "%(name)s accepted your reply in “%(title)s” as the answer"
            ),
            Kind.HELPFUL: gettext("%(name)s found your reply in “%(title)s” helpful"),
            Kind.ROUTED: gettext(
                "A question is waiting for a clinician's answer: “%(title)s”"
            ),
            Kind.REVIEWED: gettext(
                "%(name)s reviewed or corrected your post in “%(title)s”"
            ),
        }
        return messages[self.kind] % {"name": name, "title": title}

    @property
    def is_about_public_content(self) -> bool:
        thread, post = self.thread, self.post
        return (
            thread is not None
            and thread.visibility == thread.Visibility.VISIBLE
            and (post is None or post.visibility == post.Visibility.VISIBLE)
        )

    @property
    def target_url(self) -> str:
        """Where the notification leads: a decision's statement of reasons
        (where the member may appeal), else public content only, else nowhere.
        Reads ``thread`` and ``post``, so select them with the notification."""
        if self.kind == Kind.MODERATION and self.statement and self.event_id:
            return reverse("moderation:decision", args=[self.event_id])
        thread = self.thread
        if thread is None or thread.visibility != thread.Visibility.VISIBLE:
            return ""
        post = self.post
        if post is not None and post.visibility == post.Visibility.VISIBLE:
            return reverse("forum:post_detail", args=[post.pk])
        return reverse("forum:thread_detail", args=[thread.pk])


class NotificationPreference(models.Model):
    """How often a member wants email for one kind of notification. No row
    means the default for that kind (``notifications.emails.DEFAULTS``)."""

    Frequency = Frequency

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notif_pref_one_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.frequency}"
