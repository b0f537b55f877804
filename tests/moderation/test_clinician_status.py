"""Suspending, revoking and reinstating a clinician's verification through
the views."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from moderation import clinicians
from moderation.models import ModerationEvent
from tests import factories
from tests.clinician_helpers import (  # noqa: F401  (fixture)
    BADGE,
    private_media,
    snapshot,
    submit_application,
    text,
)
from tests.factories import reply

# Proof documents go to a temporary folder in every test here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# Clinician status -------------------------------------------------------------


@pytest.fixture
def answered(clinician, thread):
    """A thread with a reply by a verified clinician."""
    reply(thread, clinician, body="In my clinic we usually suggest pacing first.")
    return thread


def badges(thread) -> int:
    """How many verified badges an anonymous reader sees on the thread."""
    response = Client().get(thread.get_absolute_url())
    return response.content.decode().count('class="badge-clinician"')


def change_status(client, clinician, status, reason="Registration lapsed."):
    return client.post(
        reverse("review:clinician_status", args=[clinician.pk]),
        {"status": status, "reason": reason},
    )


@pytest.mark.parametrize(
    ("status", "action"),
    [("suspended", "clinician_suspend"), ("revoked", "clinician_revoke")],
)
def test_status_change_removes_badge_and_reinstate_brings_it_back(
    client,
    moderator,
    clinician,
    answered,
    status,
    action,
    django_capture_on_commit_callbacks,
):
    assert badges(answered) == 1
    assert BADGE in text(Client().get(answered.get_absolute_url()))
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = change_status(client, clinician, status, "Registration lapsed.")
    assert response.status_code == 302
    assert response.url == clinician.get_absolute_url()
    assert "Clinician status changed." in text(client.get(response.url))
    clinician.clinician_profile.refresh_from_db()
    assert clinician.clinician_profile.status == status
    assert badges(answered) == 0
    assert BADGE not in text(Client().get(answered.get_absolute_url()))
    assert [m.to for m in mail.outbox] == [[clinician.email]]
    assert "Registration lapsed." in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        change_status(client, clinician, "verified", "Registration renewed.")
    assert badges(answered) == 1
    events = list(
        ModerationEvent.objects.order_by("pk").values_list(
            "actor", "action", "subject", "reason"
        )
    )
    assert events == [
        (moderator.pk, action, clinician.pk, "Registration lapsed."),
        (moderator.pk, "clinician_reinstate", clinician.pk, "Registration renewed."),
    ]


def test_status_change_requires_a_reason(client, moderator, clinician, answered):
    client.force_login(moderator)
    before = snapshot()
    response = change_status(client, clinician, "revoked", reason="  ")
    assert response.status_code == 302
    assert "Choose a change and give a reason." in text(client.get(response.url))
    assert snapshot() == before
    assert badges(answered) == 1


def test_repeating_a_status_change_logs_one_event(client, moderator, clinician):
    client.force_login(moderator)
    change_status(client, clinician, "suspended")
    change_status(client, clinician, "suspended")
    assert ModerationEvent.objects.filter(action="clinician_suspend").count() == 1


def test_clinician_cannot_change_their_own_status(client, clinician, answered):
    client.force_login(clinician)
    before = snapshot()
    assert change_status(client, clinician, "verified").status_code == 403
    assert change_status(client, clinician, "suspended").status_code == 403
    assert snapshot() == before


def test_moderator_who_is_a_clinician_cannot_change_their_own_status(client):
    clinician = factories.ClinicianProfileFactory(
        user=factories.ModeratorFactory()
    ).user
    client.force_login(clinician)
    profile_page = client.get(clinician.get_absolute_url())
    assert "Moderators: change verification" not in text(profile_page)
    before = snapshot()
    assert change_status(client, clinician, "revoked").status_code == 403
    assert snapshot() == before


def test_moderator_sees_status_form_on_clinician_profile(client, moderator, clinician):
    assert "Moderators: change verification" not in text(
        client.get(clinician.get_absolute_url())
    )
    client.force_login(moderator)
    page = text(client.get(clinician.get_absolute_url()))
    assert "Moderators: change verification" in page
    assert "Reinstate verification" in page


def test_registration_details_and_proof_stay_private_after_approval(
    client, moderator, member, thread
):
    application = submit_application(member)
    clinicians.clinician_application_approve(
        application=application, moderator=moderator
    )
    reply(thread, member, body="As a neurologist I would suggest a fatigue diary.")
    anonymous = Client()
    for url in (member.get_absolute_url(), thread.get_absolute_url()):
        html = anonymous.get(url).content.decode()
        assert BADGE in text(anonymous.get(url))
        assert "GMC 1234567" not in html
        assert "1234567" not in html  # Masked: "•••••567" on the profile.
        if url == thread.get_absolute_url():
            # The profile says which body registered them (what was checked).
            assert "General Medical Council" not in html
        assert reverse("review:application_proof", args=[application.pk]) not in html
