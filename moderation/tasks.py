"""Background work for moderation. Runs in-process in development and tests
(ImmediateBackend) and on a worker in production."""

from django.tasks import task

from . import clinicians


@task
def check_verifications() -> dict[str, int]:
    """The hourly clinician check: reminders before a verification runs out,
    expiry when it has, and the emails that go with them."""
    return clinicians.clinician_verifications_check()
