from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.links import path_for

from .storage import private_storage


class MemberManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # An operator creates admins at the command line; there is no inbox
        # to prove, and the admin must be able to act at once.
        extra_fields.setdefault("email_verified_at", timezone.now())
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member. The public identity is ``display_name``; username and email
    are private (used to sign in and to reach the member)."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=30,
        help_text=_("Shown next to your posts instead of your real name."),
    )
    bio = models.TextField(_("about you"), blank=True, max_length=1000)
    # Set when the member opens the link sent to ``email``; cleared when the
    # email changes. Members may post only once it is set.
    email_verified_at = models.DateTimeField(
        _("email confirmed at"), null=True, blank=True
    )
    # A new address the member asked for in their settings: it replaces
    # ``email`` once the member opens the link sent to it.
    pending_email = models.EmailField(_("new email address"), blank=True)
    # Explicit consent to keep what the member writes about their health
    # (GDPR art. 9: special-category data), given at sign-up: which wording
    # (accounts.consent.VERSION) and when. Withdrawing it is leaving.
    health_consent_version = models.CharField(max_length=20, blank=True)
    health_consent_at = models.DateTimeField(null=True, blank=True)
    # When they confirmed they are at least ACCOUNTS_MINIMUM_AGE.
    age_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The language emails and digests are written in: set at sign-up from the
    # page's language, changed in settings or with the footer's switcher.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    objects = MemberManager()

    REQUIRED_FIELDS = ["email", "display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"), name="accounts_user_display_name_ci_unique"
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    def get_absolute_url(self):
        return path_for("accounts:profile", self.pk)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @cached_property
    def suspended_until(self):
        """When the suspension in force now ends, or None if not suspended."""
        if "annotated_suspended_until" in self.__dict__:
            return self.__dict__["annotated_suspended_until"]
        return self.sanctions.filter(
            Sanction.active_q(), kind=Sanction.Kind.SUSPENSION
        ).aggregate(until=models.Max("ends_at"))["until"]

    @cached_property
    def has_unread_warning(self) -> bool:
        if "annotated_unread_warning" in self.__dict__:
            return self.__dict__["annotated_unread_warning"]
        return self.sanctions.filter(
            kind=Sanction.Kind.WARNING,
            acknowledged_at__isnull=True,
            lifted_at__isnull=True,
        ).exists()

    @cached_property
    def is_banned(self) -> bool:
        if "annotated_is_banned" in self.__dict__:
            return self.__dict__["annotated_is_banned"]
        return self.sanctions.filter(
            Sanction.active_q(), kind=Sanction.Kind.BAN
        ).exists()

    @cached_property
    def verified_clinician(self) -> "ClinicianProfile | None":
        """The member's clinician profile if it is verified right now."""
        try:
            profile = self.clinician_profile
        except ClinicianProfile.DoesNotExist:
            return None
        return profile if profile.is_verified else None


class Profession(models.TextChoices):
    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    PHARMACIST = "pharmacist", _("Pharmacist")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    DIETITIAN = "dietitian", _("Dietitian")
    MIDWIFE = "midwife", _("Midwife")
    OTHER = "other", _("Other health professional")


class ClinicianProfile(models.Model):
    """Professional identity of a clinician, created when a moderator approves
    an application. The badge on posts reads the current ``status``, so
    suspending or revoking removes it everywhere at once."""

    Profession = Profession

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        VERIFIED = "verified", _("Verified")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        # A year after the last check, until a moderator checks again.
        EXPIRED = "expired", _("Expired: awaiting a new check")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="clinician_profile"
    )
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices
    )
    specialty = models.CharField(_("specialty"), max_length=80, blank=True)
    registration_number = models.CharField(
        _("registration or licence number"), max_length=60, blank=True
    )
    issuing_body = models.CharField(_("issuing body"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    conditions = models.ManyToManyField(
        "forum.Condition",
        blank=True,
        related_name="clinicians",
        verbose_name=_("conditions of expertise"),
    )
    bio = models.TextField(_("public bio"), max_length=1000, blank=True)
    status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # When the registration was last checked by a moderator (the approval or
    # a yearly re-check), and until when that check holds.
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    verified_until = models.DateTimeField(_("verified until"), null=True, blank=True)
    # How many renewal reminders went out for the current period (0, 1, 2).
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("clinician profile")
        indexes = [
            models.Index(
                fields=["status", "verified_until"], name="clinician_expiry_idx"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_profession_display()}"

    @property
    def is_verified(self) -> bool:
        """Verified, and the last check has not run out (the hourly
        ``check_verifications`` then marks it expired)."""
        return self.status == self.Status.VERIFIED and (
            self.verified_until is None or self.verified_until > timezone.now()
        )

    @classmethod
    def verified_q(cls, prefix: str = "") -> models.Q:
        """Rows verified right now, as ``is_verified`` says, for queries."""
        return models.Q(**{f"{prefix}status": cls.Status.VERIFIED}) & (
            models.Q(**{f"{prefix}verified_until__isnull": True})
            | models.Q(**{f"{prefix}verified_until__gt": timezone.now()})
        )


class ClinicianApplication(models.Model):
    """A member's request to be verified as a clinician, with its decision."""

    Profession = Profession

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        INFO_REQUESTED = "info_requested", _("More information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (Status.PENDING, Status.INFO_REQUESTED)

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="clinician_applications"
    )
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices
    )
    specialty = models.CharField(_("specialty"), max_length=80)
    registration_number = models.CharField(
        _("registration or licence number"), max_length=60
    )
    issuing_body = models.CharField(_("issuing body"), max_length=120)
    country = models.CharField(_("country"), max_length=60)
    conditions = models.ManyToManyField(
        "forum.Condition",
        related_name="+",
        verbose_name=_("conditions of expertise"),
    )
    bio = models.TextField(_("public bio"), max_length=1000)
    proof = models.FileField(
        _("proof document"),
        storage=private_storage,
        upload_to="clinician-proofs/%Y/%m/",
        blank=True,
    )
    proof_content_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "info_requested"]),
                name="accounts_one_open_clinician_application",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "submitted_at"], name="application_queue_idx"
            )
        ]

    def __str__(self):
        return f"Application {self.pk} by {self.user}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES


class Sanction(models.Model):
    """A warning, a suspension (read-only until ``ends_at``) or a ban (no
    sign-in). Active until it ends by itself or a moderator lifts it."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        BAN = "ban", _("Ban")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Empty means no end date.")
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "kind"], name="sanction_user_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user}"

    @classmethod
    def active_q(cls, prefix: str = "") -> models.Q:
        """Lookup for sanctions in force now (not lifted, not ended)."""
        now = timezone.now()
        return models.Q(**{f"{prefix}lifted_at__isnull": True}) & (
            models.Q(**{f"{prefix}ends_at__isnull": True})
            | models.Q(**{f"{prefix}ends_at__gt": now})
        )

    @property
    def is_active(self) -> bool:
        if self.lifted_at is not None:
            return False
        return self.ends_at is None or self.ends_at > timezone.now()


class ConditionStatement(models.Model):
    """A member says they live with a condition, or care for someone who
    does. Public statements label their replies in that condition's threads
    ("Lives with it", "Caregiver") and count on the condition's page;
    private ones are seen by the member only."""

    class Relation(models.TextChoices):
        LIVES_WITH = "lives_with", _("I live with it")
        CARES_FOR = "cares_for", _("I care for someone who has it")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="condition_statements"
    )
    condition = models.ForeignKey(
        "forum.Condition",
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("condition"),
    )
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    is_public = models.BooleanField(
        _("show it on my replies and profile"), default=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "condition"], name="statement_one_per_condition"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.relation} {self.condition_id}"
