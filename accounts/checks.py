"""``check --deploy`` warns when staff can use their powers without a second
factor."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def staff_two_factor(app_configs, **kwargs):
    if settings.ACCOUNTS_STAFF_2FA:
        return []
    return [
        checks.Warning(
            "Moderators, administrators and verified clinicians can use their "
            "powers without two-factor authentication.",
            hint="Unset CARETHREAD_STAFF_2FA (it defaults to on).",
            id="accounts.W001",
        )
    ]
