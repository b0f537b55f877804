import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import ClinicianApplication, ClinicianProfile
from forum.models import Thread
from moderation import clinicians
from moderation.models import ModerationEvent
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def application_data(condition):
    return {
        "profession": "nurse",
        "specialty": "Rheumatology nursing",
        "registration_number": "NMC 12A3456B",
        "issuing_body": "Nursing and Midwifery Council",
        "country": "United Kingdom",
        "conditions": [condition],
        "bio": "Specialist nurse in a rheumatology clinic for ten years.",
    }


@pytest.fixture
def application(member, application_data):
    return services.clinician_application_submit(user=member, **application_data)


def test_submit_opens_one_pending_application(application, member, condition):
    assert application.status == ClinicianApplication.Status.PENDING
    assert list(application.conditions.all()) == [condition]
    assert not ClinicianProfile.objects.filter(user=member).exists()


def test_second_open_application_is_refused(application, member, application_data):
    with pytest.raises(ValidationError):
        services.clinician_application_submit(user=member, **application_data)
    assert ClinicianApplication.objects.filter(user=member).count() == 1


def test_approve_verifies_logs_and_emails(
    application, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = clinicians.clinician_application_approve(
            application=application, moderator=moderator
        )
    application.refresh_from_db()
    assert profile.is_verified and profile.verified_at is not None
    assert (profile.profession, profile.specialty) == ("nurse", "Rheumatology nursing")
    assert application.status == "approved" and application.decided_by == moderator
    event = ModerationEvent.objects.get()
    assert (event.action, event.actor, event.subject) == (
        "clinician_approve",
        moderator,
        member,
    )
    assert event.changes == {"status": ["pending", "approved"]}
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "verified clinician" in mail.outbox[0].subject


def test_reject_requires_reason_and_changes_nothing_without(application, moderator):
    with pytest.raises(ValidationError):
        clinicians.clinician_application_reject(
            application=application, moderator=moderator, reason="   "
        )
    application.refresh_from_db()
    assert application.status == "pending"
    assert not ModerationEvent.objects.exists()


def test_reject_sends_reason_and_allows_new_application(
    application, member, moderator, application_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clinicians.clinician_application_reject(
            application=application,
            moderator=moderator,
            reason="The register shows no match for this number.",
        )
    assert "no match for this number" in mail.outbox[0].body
    again = services.clinician_application_submit(user=member, **application_data)
    assert again.pk != application.pk and again.status == "pending"


def test_request_info_then_resubmit_goes_back_to_pending(
    application, member, moderator, application_data
):
    clinicians.clinician_application_request_info(
        application=application, moderator=moderator, reason="Please add your PIN."
    )
    application.refresh_from_db()
    assert application.status == "info_requested" and application.is_open
    updated = services.clinician_application_submit(
        user=member, **{**application_data, "registration_number": "PIN 99X"}
    )
    assert updated.pk == application.pk
    assert (updated.status, updated.registration_number) == ("pending", "PIN 99X")


def test_nobody_approves_their_own_application(member, application_data):
    moderator_applicant = factories.UserFactory()
    from django.contrib.auth.models import Group

    moderator_applicant.groups.add(Group.objects.get(name="Moderators"))
    application = services.clinician_application_submit(
        user=moderator_applicant, **application_data
    )
    with pytest.raises(PermissionDenied):
        clinicians.clinician_application_approve(
            application=application, moderator=moderator_applicant
        )
    assert not ClinicianProfile.objects.filter(user=moderator_applicant).exists()


def test_members_and_clinicians_cannot_decide(application, other_member, clinician):
    for user in (other_member, clinician):
        with pytest.raises(PermissionDenied):
            clinicians.clinician_application_approve(
                application=application, moderator=user
            )
    application.refresh_from_db()
    assert application.status == "pending"


def test_deciding_twice_is_refused(application, moderator):
    clinicians.clinician_application_approve(
        application=application, moderator=moderator
    )
    with pytest.raises(ValidationError):
        clinicians.clinician_application_reject(
            application=application, moderator=moderator, reason="Changed my mind"
        )
    assert ModerationEvent.objects.count() == 1


def test_verified_clinician_cannot_apply_again(clinician, application_data):
    with pytest.raises(PermissionDenied):
        services.clinician_application_submit(user=clinician, **application_data)


def test_revoke_removes_clinician_answer_mark_and_reinstate_restores(
    clinician, moderator, thread
):
    reply(thread, clinician, body="General information about fatigue here.")
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    profile = clinician.clinician_profile
    clinicians.clinician_status_change(
        profile=profile, moderator=moderator, status="revoked", reason="Licence lapsed"
    )
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    clinicians.clinician_status_change(
        profile=profile, moderator=moderator, status="verified", reason="Renewed"
    )
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    actions = list(
        ModerationEvent.objects.order_by("created_at", "id").values_list(
            "action", flat=True
        )
    )
    assert actions == ["clinician_revoke", "clinician_reinstate"]


def test_status_change_twice_logs_once(clinician, moderator):
    for _ in range(2):
        clinicians.clinician_status_change(
            profile=clinician.clinician_profile,
            moderator=moderator,
            status="suspended",
            reason="Under review",
        )
    assert ModerationEvent.objects.count() == 1


def test_clinician_cannot_change_own_status(clinician):
    from django.contrib.auth.models import Group

    clinician.groups.add(Group.objects.get(name="Moderators"))
    with pytest.raises(PermissionDenied):
        clinicians.clinician_status_change(
            profile=clinician.clinician_profile,
            moderator=clinician,
            status="verified",
            reason="Self",
        )


def test_approval_counts_earlier_replies_as_clinician_answers(
    member, moderator, thread, application_data
):
    other_thread = factories.ThreadFactory()
    reply(other_thread, member, body="A reply written before verification.")
    application = services.clinician_application_submit(user=member, **application_data)
    clinicians.clinician_application_approve(
        application=application, moderator=moderator
    )
    assert Thread.objects.get(pk=other_thread.pk).has_clinician_answer


def test_moderation_events_are_append_only(application, moderator):
    clinicians.clinician_application_approve(
        application=application, moderator=moderator
    )
    event = ModerationEvent.objects.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert ModerationEvent.objects.get().reason == ""


def test_resubmission_clears_question_and_replaces_proof(
    settings,
    tmp_path,
    member,
    moderator,
    application_data,
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    first = services.clinician_application_submit(
        user=member,
        proof=SimpleUploadedFile("proof.pdf", b"%PDF-1.7 first"),
        proof_content_type="application/pdf",
        **application_data,
    )
    old_path = tmp_path / first.proof.name
    assert old_path.exists()
    clinicians.clinician_application_request_info(
        application=first, moderator=moderator, reason="Add your PIN."
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.clinician_application_submit(
            user=member,
            proof=SimpleUploadedFile("proof.pdf", b"%PDF-1.7 second"),
            proof_content_type="application/pdf",
            **application_data,
        )
    assert again.decision_reason == ""
    assert not old_path.exists()
    assert (tmp_path / again.proof.name).read_bytes() == b"%PDF-1.7 second"
