"""Background work for accounts. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task


@task
def send_member_email(*, user_id: int, subject: str, body: str) -> None:
    """Email one member (skipped if the account is gone or inactive)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    send_mail(subject, body, None, [user.email])
