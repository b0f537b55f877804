"""The Django admin can't change what moderators decide: a clinician's
verification (badge) is read-only there, so it changes only through the
review pages, which log each decision."""

import re

import pytest
from django.urls import reverse

from accounts.models import ClinicianProfile
from moderation.models import ModerationEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_cannot_put_back_a_revoked_badge(admin_client):
    profile = factories.ClinicianProfileFactory(status=ClinicianProfile.Status.REVOKED)
    url = reverse("admin:accounts_clinicianprofile_change", args=[profile.pk])
    page = admin_client.get(url)
    assert page.status_code == 200  # Readable...
    assert 'name="status"' not in page.content.decode()  # ...not editable.
    response = admin_client.post(url, {"status": "verified", "user": profile.user_id})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.status == ClinicianProfile.Status.REVOKED
    assert not ModerationEvent.objects.exists()
    # Nor through the member's page, where the profile is an inline.
    user_page = admin_client.get(
        reverse("admin:accounts_user_change", args=[profile.user_id])
    ).content.decode()
    assert profile.get_status_display() in user_page  # Shown...
    assert not re.search(r'name="[^"]*-status"', user_page)  # ...not a field.
    add = admin_client.get(reverse("admin:accounts_clinicianprofile_add"))
    assert add.status_code == 403


def test_admin_cannot_switch_an_account_off_unlogged(admin_client):
    member = factories.UserFactory()
    url = reverse("admin:accounts_user_change", args=[member.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="is_active"' not in page
    admin_client.post(
        url,
        {
            "username": member.username,
            "email": member.email,
            "display_name": member.display_name,
            "is_active": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    member.refresh_from_db()
    assert member.is_active
    assert not ModerationEvent.objects.exists()
