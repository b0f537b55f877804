"""Moderators' review of clinician applications through the views: deciding,
and the private proof documents."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClinicianApplication, ClinicianProfile
from accounts.storage import private_storage
from moderation import clinicians
from moderation.models import ModerationEvent
from tests import factories
from tests.clinician_helpers import (  # noqa: F401  (fixture)
    PDF_BYTES,
    application_form,
    assert_login_redirect,
    condition,
    private_media,
    snapshot,
    submit_application,
    text,
)

# Proof documents go to a temporary folder in every test here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


# Reviewing --------------------------------------------------------------------


def test_review_list_shows_open_applications_oldest_first(client, moderator):
    now = timezone.now()
    newest = submit_application(factories.UserFactory(display_name="Newest Nurse"))
    oldest = submit_application(factories.UserFactory(display_name="Oldest Doctor"))
    middle = submit_application(factories.UserFactory(display_name="Middle Midwife"))
    decided = submit_application(
        factories.UserFactory(display_name="Decided Dietitian")
    )
    for application, age in ((newest, 1), (oldest, 30), (middle, 5), (decided, 60)):
        ClinicianApplication.objects.filter(pk=application.pk).update(
            submitted_at=now - timedelta(days=age)
        )
    clinicians.clinician_application_reject(
        application=decided, moderator=moderator, reason="Not on the register."
    )
    client.force_login(moderator)
    response = client.get(reverse("review:application_list"))
    assert list(response.context["page_obj"].object_list) == [oldest, middle, newest]
    page = text(response)
    assert (
        page.index("Oldest Doctor")
        < page.index("Middle Midwife")
        < page.index("Newest Nurse")
    )
    assert "Decided Dietitian" not in page
    rejected = client.get(reverse("review:application_list"), {"status": "rejected"})
    assert list(rejected.context["page_obj"].object_list) == [decided]


def test_application_detail_shows_what_the_moderator_checks(client, moderator, member):
    application = submit_application(member, condition(), condition("epilepsy"))
    client.force_login(moderator)
    response = client.get(reverse("review:application_detail", args=[application.pk]))
    page = text(response)
    assert response.status_code == 200
    assert f"Application from {member.display_name}" in page
    assert "GMC 1234567" in page
    assert "General Medical Council, United Kingdom" in page
    assert "Epilepsy" in page and "Multiple sclerosis" in page
    assert reverse("review:application_proof", args=[application.pk]) in (
        response.content.decode()
    )
    assert "Record decision" in page


def test_approve_verifies_logs_emails_and_shows_on_applicant_settings(
    client, moderator, member, django_capture_on_commit_callbacks
):
    ms = condition()
    application = submit_application(member, ms)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": "approve", "reason": "Checked on the GMC register."},
        )
    assert response.status_code == 302
    assert response.url == reverse("review:application_list")

    application.refresh_from_db()
    assert application.status == ClinicianApplication.Status.APPROVED
    assert application.decided_by == moderator
    profile = ClinicianProfile.objects.get(user=member)
    assert profile.status == ClinicianProfile.Status.VERIFIED
    assert (profile.profession, profile.specialty) == ("physician", "Neurology")
    assert list(profile.conditions.all()) == [ms]
    event = ModerationEvent.objects.get()
    assert (event.actor, event.action, event.subject, event.reason) == (
        moderator,
        ModerationEvent.Action.CLINICIAN_APPROVE,
        member,
        "Checked on the GMC register.",
    )
    assert event.changes == {"status": ["pending", "approved"]}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "verified clinician" in mail.outbox[0].subject

    applicant = Client()
    applicant.force_login(member)
    page = text(applicant.get(reverse("accounts:settings")))
    assert "Clinician verification: Verified" in page
    assert "Open your clinician inbox" in page


@pytest.mark.parametrize("decision", ["reject", "request_info"])
def test_reject_or_request_info_without_reason_is_refused_and_changes_nothing(
    client, moderator, member, decision, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    client.force_login(moderator)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": decision, "reason": "   "},
        )
    assert response.status_code == 200
    assert "Tell the applicant why" in " ".join(
        response.context["form"].errors["reason"]
    )
    assert "Tell the applicant why" in text(response)
    assert snapshot() == before
    assert mail.outbox == []


def test_reject_reason_reaches_applicant_by_email_and_on_settings(
    client, moderator, member, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    reason = "We could not find this number on the GMC register."
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": "reject", "reason": reason},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ClinicianApplication.Status.REJECTED
    assert application.decision_reason == reason
    assert not ClinicianProfile.objects.filter(user=member).exists()
    event = ModerationEvent.objects.get()
    assert (event.action, event.actor, event.reason) == (
        ModerationEvent.Action.CLINICIAN_REJECT,
        moderator,
        reason,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert reason in mail.outbox[0].body

    applicant = Client()
    applicant.force_login(member)
    page = text(applicant.get(reverse("accounts:settings")))
    assert "Your clinician application: Rejected" in page
    assert f"Message from the moderators: {reason}" in page
    assert "You can apply again." in page


def test_request_info_then_applicant_updates_and_it_is_pending_again(
    client, moderator, member, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    proof_name = application.proof.name
    question = "Please add the registration number of your current licence."
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": "request_info", "reason": question},
        )
    application.refresh_from_db()
    assert application.status == ClinicianApplication.Status.INFO_REQUESTED
    assert application.decided_by is None  # Still open.
    event = ModerationEvent.objects.get()
    assert (event.actor, event.action, event.subject, event.reason) == (
        moderator,
        ModerationEvent.Action.CLINICIAN_REQUEST_INFO,
        member,
        question,
    )
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert question in mail.outbox[0].body
    first_submitted = application.submitted_at

    applicant = Client()
    applicant.force_login(member)
    settings_page = text(applicant.get(reverse("accounts:settings")))
    assert "Your clinician application: More information requested" in settings_page
    assert question in settings_page
    form_page = applicant.get(reverse("accounts:clinician_apply"))
    assert "Send the updated application" in text(form_page)
    assert form_page.context["form"].instance.pk == application.pk

    response = applicant.post(
        reverse("accounts:clinician_apply"),
        application_form(
            proof=None,
            specialty="Paediatric neurology",
            registration_number="GMC 7654321 (current)",
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert ClinicianApplication.objects.filter(user=member).count() == 1
    assert application.status == ClinicianApplication.Status.PENDING
    assert application.specialty == "Paediatric neurology"
    assert application.registration_number == "GMC 7654321 (current)"
    assert application.submitted_at > first_submitted
    assert application.proof.name == proof_name  # Kept: no new file sent.
    assert list(client.get(reverse("review:application_list")).context["page_obj"]) == [
        application
    ]
    # And it can now be decided.
    client.post(
        reverse("review:application_detail", args=[application.pk]),
        {"decision": "approve", "reason": ""},
    )
    assert ClinicianProfile.objects.get(user=member).specialty == "Paediatric neurology"


def test_moderator_cannot_approve_their_own_application(
    client, django_capture_on_commit_callbacks
):
    moderator = factories.ModeratorFactory()
    application = submit_application(moderator)
    client.force_login(moderator)
    page = text(client.get(reverse("review:application_detail", args=[application.pk])))
    assert "You can't review your own application." in page
    assert "Record decision" not in page
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": "approve", "reason": "Looks fine to me."},
        )
    assert response.status_code == 403
    assert snapshot() == before
    assert mail.outbox == []
    assert not ClinicianProfile.objects.filter(user=moderator).exists()

    # Another moderator can.
    colleague = Client()
    colleague.force_login(factories.ModeratorFactory())
    colleague.post(
        reverse("review:application_detail", args=[application.pk]),
        {"decision": "approve"},
    )
    assert ClinicianProfile.objects.get(user=moderator).is_verified


def test_member_forging_an_approval_is_refused_and_changes_nothing(
    client, member, other_member, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    for user in (member, other_member):
        client.force_login(user)
        before = snapshot()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("review:application_detail", args=[application.pk]),
                {"decision": "approve", "reason": "Approving myself."},
            )
        assert response.status_code == 403
        assert snapshot() == before
    assert mail.outbox == []
    assert not ClinicianProfile.objects.exists()


@pytest.mark.parametrize("second", ["approve", "reject", "request_info"])
def test_deciding_an_already_decided_application_changes_nothing(
    client, moderator, member, second, django_capture_on_commit_callbacks
):
    application = submit_application(member)
    client.force_login(moderator)
    client.post(
        reverse("review:application_detail", args=[application.pk]),
        {"decision": "approve"},
    )
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review:application_detail", args=[application.pk]),
            {"decision": second, "reason": "Changed my mind after all."},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "review:application_detail", args=[application.pk]
    )
    assert snapshot() == before
    assert mail.outbox == []
    assert ModerationEvent.objects.count() == 1


def test_deciding_an_already_decided_application_shows_an_error(
    client, moderator, member
):
    application = submit_application(member)
    client.force_login(moderator)
    url = reverse("review:application_detail", args=[application.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(
        url, {"decision": "reject", "reason": "Changed my mind."}, follow=True
    )
    assert "This application was already decided." in text(response)


# Proof documents --------------------------------------------------------------


def test_moderator_downloads_proof_as_private_attachment(client, moderator, member):
    application = submit_application(member)
    client.force_login(moderator)
    response = client.get(reverse("review:application_proof", args=[application.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="application-{application.pk}-proof.pdf"'
    )
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    assert response["X-Content-Type-Options"] == "nosniff"


def test_application_without_proof_has_no_download(client, moderator, member):
    application = submit_application(member, proof=False)
    client.force_login(moderator)
    url = reverse("review:application_proof", args=[application.pk])
    assert client.get(url).status_code == 404
    detail = client.get(reverse("review:application_detail", args=[application.pk]))
    assert "None uploaded" in text(detail)


@pytest.mark.parametrize("who", ["anonymous", "member", "owner", "clinician"])
def test_proof_is_refused_to_everyone_but_moderators(client, who, member, clinician):
    application = submit_application(member)
    url = reverse("review:application_proof", args=[application.pk])
    users = {
        "member": factories.UserFactory(),
        "owner": member,
        "clinician": clinician,
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(url)
    if who == "anonymous":
        assert_login_redirect(response, url)
    else:
        assert response.status_code == 403
    assert not response.streaming
    assert PDF_BYTES not in response.content


def test_proof_has_no_public_url(client, moderator, member, private_media):  # noqa: F811
    application = submit_application(member)
    name = application.proof.name
    with pytest.raises(ValueError):
        private_storage.url(name)
    with pytest.raises(ValueError):
        application.proof.url  # noqa: B018

    path = Path(application.proof.path).resolve()
    assert path.is_relative_to(private_media.resolve())
    public_roots = [django_settings.STATIC_ROOT, *django_settings.STATICFILES_DIRS]
    if django_settings.MEDIA_ROOT:
        public_roots.append(django_settings.MEDIA_ROOT)
    for root in public_roots:
        assert not path.is_relative_to(Path(root).resolve()), root

    # No URL of the site serves it, whoever asks.
    client.force_login(moderator)
    prefixes = ["/", "/static/", "/media/", "/private/"]
    if django_settings.MEDIA_URL:
        prefixes.append(django_settings.MEDIA_URL)
    for prefix in prefixes:
        assert client.get(f"{prefix}{name}").status_code == 404, prefix
    # The review page links to the streaming view, never to the file itself.
    detail = client.get(reverse("review:application_detail", args=[application.pk]))
    assert name not in detail.content.decode()


def test_project_private_folder_is_outside_public_folders():
    from config import settings as project

    private = Path(project.PRIVATE_MEDIA_ROOT).resolve()
    for root in (project.STATIC_ROOT, *project.STATICFILES_DIRS):
        assert not private.is_relative_to(Path(root).resolve()), root
    assert not getattr(project, "MEDIA_URL", "")  # Nothing serves uploads publicly.
