"""Background work for accounts. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from core.mail import send_once, task_key

from .verification import email_verification_url


@task(takes_context=True)
def send_member_email(context, *, user_id: int, subject: str, body: str) -> None:
    """Email one member (skipped if the account is gone or inactive), once
    even if the task is run again after its worker died (``core.mail``)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    send_once(task_key(context), EmailMessage(subject, body, None, [user.email]))


def in_language_of(user):
    """Write to a member in their language (``User.language``), whatever the
    language of the page that caused it (a moderator's, a worker's)."""
    return translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def email_member_after_commit(user, subject, body) -> None:
    """Queue an email to a member once the current transaction has committed,
    so a rolled-back decision never reaches anyone's inbox. ``subject`` and
    ``body``: text, lazy text or a function returning it, turned into text in
    the member's language."""
    with in_language_of(user):
        subject = subject() if callable(subject) else str(subject)
        body = body() if callable(body) else str(body)
    transaction.on_commit(
        lambda: send_member_email.enqueue(user_id=user.pk, subject=subject, body=body)
    )


@task(takes_context=True)
def send_email_verification(context, *, user_id: int, pending: bool = False) -> None:
    """Email the member a link confirming their current address (skipped if
    the account is gone, inactive or already confirmed), or with ``pending``
    the new address they asked for in their settings."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    if pending:
        address = user.pending_email
    elif user.email_verified_at is None:
        address = user.email
    else:
        return
    if not address:
        return
    values = {"user": user, "url": email_verification_url(user=user, address=address)}
    with in_language_of(user):
        subject = render_to_string("accounts/email/verify_email_subject.txt", values)
        body = render_to_string("accounts/email/verify_email.txt", values)
    send_once(task_key(context), EmailMessage(subject.strip(), body, None, [address]))


RESET_EMAIL_TEMPLATES = {
    "subject_template_name": "registration/password_reset_subject.txt",
    "email_template_name": "registration/password_reset_email.txt",
}


@task(takes_context=True)
def send_password_reset(context, *, email: str, domain: str, use_https: bool) -> None:
    """Look the address up and email a reset link, on the worker: the
    request that asked for it does the same work whether or not an account
    uses the address (and never waits for the mail server). Once per account
    even if the task runs again (``core.mail``)."""
    from django.contrib.auth.forms import PasswordResetForm

    class OnceForm(PasswordResetForm):
        def send_mail(
            self,
            subject_template_name,
            email_template_name,
            ctx,
            from_email,
            to_email,
            html_email_template_name=None,
        ):
            with in_language_of(ctx["user"]):
                subject = render_to_string(subject_template_name, ctx)
                body = render_to_string(email_template_name, ctx)
            message = EmailMessage(
                "".join(subject.splitlines()), body, from_email, [to_email]
            )
            send_once(task_key(context, ctx["user"].pk), message)

    form = OnceForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https, **RESET_EMAIL_TEMPLATES)
