import pytest

from notifications.models import Frequency, NotificationPreference


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    """Run after-commit callbacks (the email tasks) as the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def set_frequency(user, kind, frequency=Frequency.NEVER):
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"frequency": frequency}
    )
