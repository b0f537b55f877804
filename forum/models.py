from django.conf import settings
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

    class Meta:
        indexes = [
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
