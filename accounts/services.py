"""Accounts: applying as a clinician; sign-up and email confirmation; leaving
(data export and account deletion). The moderators' side of clinician
verification is ``moderation.clinicians``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import markup

from . import permissions, throttle, verification
from .models import ClinicianApplication, ClinicianProfile, ConditionStatement, User
from .storage import private_storage
from .tasks import email_member_after_commit as _notify
from .tasks import send_email_verification

AppStatus = ClinicianApplication.Status
ProfileStatus = ClinicianProfile.Status


@transaction.atomic
def clinician_application_submit(
    *,
    user: User,
    profession: str,
    specialty: str,
    registration_number: str,
    issuing_body: str,
    country: str,
    conditions: Iterable,  # forum.Condition rows
    bio: str,
    proof=None,
    proof_content_type: str = "",
) -> ClinicianApplication:
    """Open an application, or update the open one after a request for info."""
    if not permissions.can_apply_as_clinician(user):
        raise PermissionDenied(_("You can't apply as a clinician right now."))
    # Lock the member's row so two simultaneous submits can't both open one.
    User.objects.select_for_update().get(pk=user.pk)
    application = (
        ClinicianApplication.objects.select_for_update()
        .filter(user=user, status__in=ClinicianApplication.OPEN_STATES)
        .first()
    )
    if application is not None and application.status == AppStatus.PENDING:
        raise ValidationError(
            _("Your application is already awaiting review."), code="already_open"
        )
    fields = {
        "profession": profession,
        "specialty": markup.normalise_line(specialty),
        "registration_number": markup.normalise_line(registration_number),
        "issuing_body": markup.normalise_line(issuing_body),
        "country": markup.normalise_line(country),
        "bio": markup.normalise(bio).strip(),
    }
    if application is None:
        try:
            with transaction.atomic():
                application = ClinicianApplication.objects.create(user=user, **fields)
        except IntegrityError:
            raise ValidationError(
                _("Your application is already awaiting review."),
                code="already_open",
            ) from None
    else:
        # Answering a request for more information puts it back in the queue.
        for name, value in fields.items():
            setattr(application, name, value)
        application.status = AppStatus.PENDING
        application.submitted_at = timezone.now()
        # The moderators' question is answered; it stays in the log.
        application.decision_reason = ""
        application.save()
    if proof is not None:
        if application.proof:
            # A replaced proof is not kept: it is personal data nobody needs.
            old_proof = application.proof.name
            transaction.on_commit(lambda: private_storage.delete(old_proof))
        application.proof.save(proof.name, proof, save=False)
        application.proof_content_type = proof_content_type
        application.save(update_fields=["proof", "proof_content_type", "updated_at"])
    application.conditions.set(conditions)
    return application


@transaction.atomic
def clinician_application_withdraw(*, application: ClinicianApplication, user: User):
    """The applicant takes back an open application."""
    application = ClinicianApplication.objects.select_for_update().get(
        pk=application.pk
    )
    if application.user_id != user.pk or not application.is_open:
        raise PermissionDenied(_("There is no open application to withdraw."))
    application.status = AppStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


# Sign-up and email confirmation ------------------------------------------------


def email_verification_send(*, user: User) -> None:
    """Send a confirmation link for the member's current email after commit."""
    transaction.on_commit(lambda: send_email_verification.enqueue(user_id=user.pk))


def _absolute(url_name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name)


@transaction.atomic
def member_signup(
    *,
    username: str,
    email: str,
    display_name: str,
    password: str,
    language: str = "",
    consent_version: str = "",
) -> User | None:
    """Create an unconfirmed member and email them a confirmation link.

    If the email already has an account, create nothing and tell its owner
    by email; the caller shows the visitor the same page either way, so
    sign-up never reveals whether an address is registered."""
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username,
                    email=email,
                    password=password,
                    display_name=display_name,
                    language=language or settings.LANGUAGE_CODE,
                    # The form required both boxes; recorded with the wording.
                    health_consent_version=consent_version,
                    health_consent_at=timezone.now() if consent_version else None,
                    age_confirmed_at=timezone.now() if consent_version else None,
                )
        except IntegrityError:
            # Another sign-up with this email committed first.
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
        else:
            email_verification_send(user=user)
            return user
    # Hash anyway so this path takes as long as a real sign-up.
    make_password(password)
    if existing.is_active:
        _tell_owner(
            existing,
            gettext_lazy("Someone tried to sign up with your email"),
            "accounts/email/signup_existing.txt",
        )
    return None


def _tell_owner(owner: User, subject, template: str) -> None:
    """Tell an address's owner someone else tried to use it, with their
    username and how to sign in or reset their password (after commit), in
    their language (``subject`` is lazy)."""
    values = {
        "username": owner.username,
        "login_url": _absolute("accounts:login"),
        "reset_url": _absolute("accounts:password_reset"),
    }
    _notify(owner, subject, lambda: render_to_string(template, values))


class VerificationError(ValidationError):
    pass


def _switch_to_pending_email(user: User) -> tuple[User, bool]:
    """The member opened the link sent to their new address: it becomes
    their email, confirmed, unless another account took it meanwhile."""
    if User.objects.filter(email__iexact=user.pending_email).exclude(pk=user.pk):
        raise VerificationError(
            _(
                "This address can't be used for your account. Your email stays "
                "as it was; choose another one in your settings."
            ),
            code="taken",
        )
    user.email, user.pending_email = user.pending_email, ""
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "pending_email", "email_verified_at"])
    return user, True


@transaction.atomic
def email_verify(*, token: str) -> tuple[User, bool]:
    """Confirm an email from a link: (member, whether this changed anything).
    Opening the link again changes nothing; an expired, forged or outdated
    link raises ``VerificationError`` and changes nothing either."""
    try:
        data = verification.signer().unsign_object(
            token, max_age=settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise VerificationError(
            _("This confirmation link has expired. Sign in to get a new one."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise VerificationError(
            _("This confirmation link is not valid. Check that you copied it whole."),
            code="invalid",
        ) from None
    user = (
        User.objects.select_for_update()
        .filter(pk=data.get("u"), is_active=True)
        .first()
        if isinstance(data, dict)
        else None
    )
    if user is not None and user.pending_email and user.pending_email == data.get("e"):
        return _switch_to_pending_email(user)
    if user is None or user.email.lower() != data.get("e"):
        raise VerificationError(
            _(
                "This confirmation link is for an email address the account no "
                "longer uses. Sign in to get a link for the current one."
            ),
            code="outdated",
        )
    if user.email_verified_at is not None:
        return user, False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    return user, True


def email_verification_resend(*, user: User) -> int:
    """Send the link again unless asked too often. Returns 0 when sent, else
    the seconds to wait."""
    if not user.is_authenticated or not user.is_active or user.email_verified:
        raise PermissionDenied(_("Your email is already confirmed."))
    count, seconds = settings.ACCOUNT_VERIFICATION_RESENDS
    wait = throttle.hit(f"verify-resend:{user.pk}", count=count, seconds=seconds)
    if not wait:
        email_verification_send(user=user)
    return wait


@transaction.atomic
def member_settings_update(
    *, user: User, display_name: str, email: str, bio: str, language: str = ""
) -> User:
    """Save a member's settings. A new email replaces the current one only
    once the member opens the link sent to it; until then they keep posting
    with the current one. If another account uses the new address, nothing
    is sent to the member and that account's owner is told instead: the
    member sees the same thing either way, so the settings page never says
    whether an address is registered."""
    user = User.objects.select_for_update().get(pk=user.pk)
    email = User.objects.normalize_email(email).lower()
    user.display_name = display_name
    user.bio = bio
    fields = ["display_name", "bio"]
    if language:
        user.language = language
        fields.append("language")
    if email != user.email.lower() and email != user.pending_email:
        user.pending_email = email
        fields.append("pending_email")
        owner = User.objects.filter(email__iexact=email).exclude(pk=user.pk).first()
        if owner is None:
            transaction.on_commit(
                lambda: send_email_verification.enqueue(user_id=user.pk, pending=True)
            )
        elif owner.is_active:
            _tell_owner(
                owner,
                gettext_lazy("Someone asked to use your email on CareThread"),
                "accounts/email/email_change_existing.txt",
            )
    elif email == user.email.lower() and user.pending_email:
        user.pending_email = ""  # Back to the current address: nothing pending.
        fields.append("pending_email")
    user.save(update_fields=fields)
    return user


# Lived experience --------------------------------------------------------------

STATEMENTS_MAX = 20


@transaction.atomic
def condition_statement_add(
    *, user: User, condition, relation: str, is_public: bool
) -> ConditionStatement:
    """Say the member lives with ``condition`` (a forum condition) or cares
    for someone who does: one statement per condition, at most
    ``STATEMENTS_MAX``. Saving it bumps the pages that show it (forum.signals)."""
    throttle.action_hit(user, "statement")
    # The member's row, locked: two submits at once can't pass the limit.
    User.objects.select_for_update().get(pk=user.pk)
    if relation not in ConditionStatement.Relation.values:
        raise ValidationError(_("Choose how the condition concerns you."), "relation")
    statements = ConditionStatement.objects.filter(user=user)
    if statements.count() >= STATEMENTS_MAX:
        raise ValidationError(
            _("You can list at most %(max)d conditions. Remove one first."),
            code="too_many_statements",
            params={"max": STATEMENTS_MAX},
        )
    if statements.filter(condition=condition).exists():
        raise ValidationError(
            _("You already said this about that condition."), code="statement_exists"
        )
    return ConditionStatement.objects.create(
        user=user, condition=condition, relation=relation, is_public=is_public
    )


@transaction.atomic
def condition_statement_remove(*, user: User, statement_id: int) -> bool:
    """Remove one of the member's own statements (someone else's is not
    found); whether there was one."""
    statement = ConditionStatement.objects.filter(user=user, pk=statement_id).first()
    if statement is None:
        return False
    throttle.action_hit(user, "statement")
    statement.delete()
    return True
