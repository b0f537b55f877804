from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import path_for


def _in_french() -> bool:
    return (get_language() or "").startswith("fr")


class Condition(models.Model):
    """A medical condition threads are tagged with."""

    class Category(models.TextChoices):
        AUTOIMMUNE = "autoimmune", _("Autoimmune and inflammatory")
        NEUROLOGICAL = "neurological", _("Neurological")
        METABOLIC = "metabolic", _("Metabolic and endocrine")
        CARDIOVASCULAR = "cardiovascular", _("Heart and circulation")
        RESPIRATORY = "respiratory", _("Lungs and breathing")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        CANCER = "cancer", _("Cancer")
        DIGESTIVE = "digestive", _("Digestive")
        MUSCULOSKELETAL = "musculoskeletal", _("Bones, joints and muscles")
        RARE = "rare", _("Rare diseases")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    description = models.CharField(_("short description"), max_length=300)
    synonyms = models.CharField(
        _("synonyms"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated other names and abbreviations, e.g. MS."),
    )
    # Stored translations (the interface catalogue can't hold data that
    # moderators may edit): shown when the reader's language is French,
    # searched in every language. Blank falls back to the English.
    name_fr = models.CharField(_("name in French"), max_length=80, blank=True)
    description_fr = models.CharField(
        _("short description in French"), max_length=300, blank=True
    )
    synonyms_fr = models.CharField(
        _("synonyms in French"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. SEP."),
    )
    # How soon a question should have a clinician's answer; routing escalates
    # it at half this time, at the target and after (``forum.routing``).
    answer_target_hours = models.PositiveSmallIntegerField(
        _("answer target (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(720)],
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("forum:condition_detail", args=[self.slug])

    @property
    def local_name(self) -> str:
        """The name in the reader's language (the active translation)."""
        return self.name_fr if self.name_fr and _in_french() else self.name

    @property
    def local_description(self) -> str:
        if self.description_fr and _in_french():
            return self.description_fr
        return self.description

    @property
    def local_synonyms(self) -> str:
        if self.synonyms_fr and _in_french():
            return self.synonyms_fr
        return self.synonyms

    @property
    def search_terms(self) -> list[str]:
        """Every name a reader may look for it by, in both languages."""
        names = [self.name, self.name_fr, *self.synonyms.split(",")]
        names += self.synonyms_fr.split(",")
        return list(dict.fromkeys(n.strip() for n in names if n.strip()))

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Awaiting review")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by author")
    MERGED = "merged", _("Merged into another thread")


class Thread(models.Model):
    """A question and its replies. Counters are kept exact by services."""

    Visibility = Visibility

    title = models.CharField(_("title"), max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads"
    )
    conditions = models.ManyToManyField(
        Condition, related_name="threads", verbose_name=_("conditions")
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    # True while at least one visible reply is by a clinician verified now.
    has_clinician_answer = models.BooleanField(default=False)
    # Asked as "Anonymous member": the question and the asker's replies in
    # this thread show no name (``Post.is_anonymous``).
    is_anonymous = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("merged into"),
    )
    accepted_post = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    # Routing (``forum.routing``): when a clinician's answer is due (the
    # strictest target of its conditions), how far escalation went (0 none,
    # 1 clinicians of its conditions, 2 all clinicians, 3 moderators) and
    # when the next step is due (null: none left, or answered).
    answer_due_at = models.DateTimeField(null=True, blank=True)
    escalation_step = models.PositiveSmallIntegerField(default=0)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    # "I'm answering this": a clinician's claim, for a few hours.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Members who have this question too (``MeToo`` rows), kept exact.
    me_too_count = models.PositiveIntegerField(default=0)
    # Set once a clinician's review or a correction note is added to it (or
    # to a post merged into it): only then does a thread page read them.
    has_notes = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_escalation_at"],
                condition=models.Q(next_escalation_at__isnull=False),
                name="thread_escalation_due_idx",
            ),
            models.Index(
                fields=["visibility", "-last_activity_at"],
                name="thread_vis_activity_idx",
            ),
            # The default list: pinned threads first, then by activity.
            models.Index(
                fields=["visibility", "-is_pinned", "-last_activity_at", "-id"],
                name="thread_vis_pinned_activity_idx",
            ),
            # Every list order ends with the id, so keyset pages (a row-value
            # comparison on these columns) are one index range read.
            models.Index(
                fields=["visibility", "-created_at", "-id"],
                name="thread_vis_created_id_idx",
            ),
            models.Index(
                fields=["visibility", "-reply_count", "-last_activity_at", "-id"],
                name="thread_vis_replies_id_idx",
            ),
            models.Index(
                fields=["visibility", "reply_count", "-created_at", "-id"],
                name="thread_vis_unanswered_idx",
            ),
            # "Awaiting a clinician", newest first, and the clinician inbox,
            # oldest first (read backwards).
            models.Index(
                fields=["visibility", "has_clinician_answer", "created_at", "id"],
                name="thread_vis_awaiting_id_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return path_for("forum:thread_detail", self.pk)


class Post(models.Model):
    """The question (``is_question``) or a reply. ``html`` is rendered from
    ``source`` by ``core.markup.render`` when the post is written."""

    Visibility = Visibility

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    is_question = models.BooleanField(default=False)
    source = models.TextField()
    html = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    helpful_count = models.PositiveIntegerField(default=0)
    # Shown as "Anonymous member" to everyone, its author included: no name,
    # profile link, badge or counts. Moderators learn the author only through
    # the logged "reveal" action (``moderation.services.post_reveal_author``).
    is_anonymous = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["thread", "visibility", "created_at", "id"],
                name="post_thread_order_idx",
            ),
            models.Index(fields=["author", "-created_at"], name="post_author_idx"),
            # Author cards' post counts (``selectors._posts``): index-only.
            models.Index(fields=["author", "visibility"], name="post_author_vis_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=models.Q(is_question=True),
                name="post_one_question_per_thread",
            ),
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self):
        return path_for("forum:post_detail", self.pk)


class PostRevision(models.Model):
    """The state of a post (and, for a question, the thread title) before an
    edit. Revisions are never changed once written."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=150, blank=True)
    source = models.TextField()
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class HelpfulMark(models.Model):
    """One member found one reply helpful. Withdrawing deletes the row."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="helpful_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="helpful_one_mark_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} found post {self.post_id} helpful"


class Draft(models.Model):
    """What a member has typed in a composer and not posted yet: one per member
    and composer (the ask page, a thread's reply box, a post's edit page),
    saved as they type or preview, restored when they come back, deleted
    when they post or discard it, or leave."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    condition_ids = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "key"], name="one_draft_per_box")
        ]

    def __str__(self):
        return f"{self.author_id}:{self.key}"


class MeToo(models.Model):
    """ "I have this question too": one member, one question. The member
    follows the thread; the count raises it in clinicians' inboxes."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="me_too_once"),
        ]

    def __str__(self):
        return f"{self.user_id} has question {self.thread_id} too"


class Review(models.Model):
    """A verified clinician's word on an answer (``post``) or on a whole
    thread (``post`` empty): "reviewed" (checked, sound) or "disagree",
    with a short note and optionally a source. Shown with the post while the
    clinician is verified."""

    class Verdict(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed")
        DISAGREE = "disagree", _("Disagree")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reviews")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "clinician"],
                condition=models.Q(post__isnull=False),
                name="review_one_per_post",
            ),
            models.UniqueConstraint(
                fields=["thread", "clinician"],
                condition=models.Q(post__isnull=True),
                name="review_one_per_thread",
            ),
            models.CheckConstraint(
                condition=~models.Q(verdict="disagree") | ~models.Q(note=""),
                name="review_disagree_has_note",
            ),
            models.CheckConstraint(
                condition=~models.Q(verdict="disagree") | models.Q(post__isnull=False),
                name="review_disagree_on_post",
            ),
        ]

    def __str__(self):
        return (
            f"{self.verdict} by {self.clinician_id} on {self.post_id or self.thread_id}"
        )


class CorrectionNote(models.Model):
    """A correction added under a post by its author or a verified
    clinician: plain text (never HTML) and optionally a source."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="corrections")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("correction"), max_length=1000)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Hidden by a moderator (logged, with a statement and an appeal): shown
    # to nobody but the moderators until restored.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Correction on post {self.post_id}"
