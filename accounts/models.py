from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


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

    objects = UserManager()

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
        return reverse("accounts:profile", args=[self.pk])

    @cached_property
    def verified_clinician(self) -> "ClinicianProfile | None":
        """The member's clinician profile if it is verified right now."""
        try:
            profile = self.clinician_profile
        except ClinicianProfile.DoesNotExist:
            return None
        return profile if profile.is_verified else None


class ClinicianProfile(models.Model):
    """Professional identity of a clinician. The badge on posts reads the
    current ``status``, so suspending or revoking removes it everywhere."""

    class Profession(models.TextChoices):
        PHYSICIAN = "physician", _("Physician")
        NURSE = "nurse", _("Nurse")
        PHARMACIST = "pharmacist", _("Pharmacist")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
        DIETITIAN = "dietitian", _("Dietitian")
        MIDWIFE = "midwife", _("Midwife")
        OTHER = "other", _("Other health professional")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        VERIFIED = "verified", _("Verified")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="clinician_profile"
    )
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices
    )
    specialty = models.CharField(_("specialty"), max_length=80, blank=True)
    status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clinician profile")

    def __str__(self):
        return f"{self.user} · {self.get_profession_display()}"

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED
