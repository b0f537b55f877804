"""Clinician verification through the views: who may do what (a permission
matrix), applying, reviewing, proof downloads and later status changes."""

import re
from datetime import timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import ClinicianApplication, ClinicianProfile
from accounts.storage import private_storage
from forum import services as forum_services
from forum.models import Condition, HelpfulMark, Post, Thread
from moderation import clinicians
from moderation.models import ModerationEvent
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 8
BIO = "Consultant neurologist; I run a multiple sclerosis clinic in Leeds."
BADGE = "Physician · Neurology · Verified"


# Helpers ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Proof documents go to a temporary folder, never the project's."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


def stored_files() -> list[str]:
    root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def pdf_upload(name="Jane-Doe-GMC-certificate.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def condition(slug="multiple-sclerosis") -> Condition:
    return Condition.objects.get(slug=slug)


def application_form(*conditions, proof="pdf", **overrides) -> dict:
    """POST data for the application form."""
    data = {
        "profession": "physician",
        "specialty": "Neurology",
        "registration_number": "GMC 7654321",
        "issuing_body": "General Medical Council",
        "country": "United Kingdom",
        "conditions": [c.pk for c in conditions or [condition()]],
        "bio": BIO,
    }
    if proof == "pdf":
        data["proof"] = pdf_upload()
    elif proof is not None:
        data["proof"] = proof
    data.update(overrides)
    return data


def submit_application(user, *conditions, proof=True, **overrides):
    """Open an application through the service (setup, not under test)."""
    fields = {
        "profession": "physician",
        "specialty": "Neurology",
        "registration_number": "GMC 1234567",
        "issuing_body": "General Medical Council",
        "country": "United Kingdom",
        "conditions": list(conditions) or [condition()],
        "bio": BIO,
        **overrides,
    }
    return services.clinician_application_submit(
        user=user,
        proof=SimpleUploadedFile("proof.pdf", PDF_BYTES) if proof else None,
        proof_content_type="application/pdf" if proof else "",
        **fields,
    )


def make_moderator(**kwargs):
    user = factories.ModeratorFactory(**kwargs)
    return user


def snapshot() -> dict:
    """Everything a refused request must leave untouched."""
    return {
        "applications": list(
            ClinicianApplication.objects.order_by("pk").values_list(
                "pk",
                "user_id",
                "status",
                "specialty",
                "proof",
                "submitted_at",
                "decided_at",
                "decided_by_id",
                "decision_reason",
            )
        ),
        "application_conditions": list(
            ClinicianApplication.conditions.through.objects.order_by("pk").values_list(
                "clinicianapplication_id", "condition_id"
            )
        ),
        "profiles": list(
            ClinicianProfile.objects.order_by("pk").values_list(
                "pk", "user_id", "status", "verified_at", "status_changed_at"
            )
        ),
        "profile_conditions": list(
            ClinicianProfile.conditions.through.objects.order_by("pk").values_list(
                "clinicianprofile_id", "condition_id"
            )
        ),
        "events": list(
            ModerationEvent.objects.order_by("pk").values_list(
                "pk", "actor_id", "action", "subject_id", "target_id", "reason"
            )
        ),
        "helpful": list(
            HelpfulMark.objects.order_by("pk").values_list("pk", "post_id", "user_id")
        ),
        "threads": list(
            Thread.objects.order_by("pk").values_list(
                "pk", "accepted_post_id", "has_clinician_answer", "reply_count"
            )
        ),
        "posts": list(
            Post.objects.order_by("pk").values_list("pk", "helpful_count", "visibility")
        ),
        "files": stored_files(),
    }


def assert_login_redirect(response, url):
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query)["next"] == [url]


# Permission matrix ------------------------------------------------------------

ROLES = ["anonymous", "member", "applicant", "clinician", "moderator"]
LOGIN = "login"


def _everyone(anonymous=LOGIN, **statuses):
    return {"anonymous": anonymous, **statuses}


def _moderators_only(allowed):
    return _everyone(member=403, applicant=403, clinician=403, moderator=allowed)


EXPECTED = {
    "apply_get": _everyone(member=200, applicant=200, clinician=200, moderator=200),
    # Members and moderators may apply; an open application or a verification
    # already held forbids a new one.
    "apply_post": _everyone(member=302, applicant=403, clinician=403, moderator=302),
    # Only the applicant has an open application: for others there is none (404).
    "withdraw": _everyone(member=404, applicant=302, clinician=404, moderator=404),
    "review_list": _moderators_only(200),
    "review_detail_get": _moderators_only(200),
    "review_detail_post": _moderators_only(302),
    "review_proof": _moderators_only(200),
    "clinician_status": _moderators_only(302),
    "inbox": _everyone(member=403, applicant=403, clinician=200, moderator=403),
    # Any signed-in member marks someone else's reply.
    "helpful": _everyone(member=302, applicant=302, clinician=302, moderator=302),
    # The member asked the question: only they accept / unaccept.
    "accept": _everyone(member=302, applicant=403, clinician=403, moderator=403),
    "unaccept": _everyone(member=302, applicant=403, clinician=403, moderator=403),
}


@pytest.fixture
def world(db):
    ms = condition()
    member = factories.UserFactory(display_name="Asking Member")
    applicant = factories.UserFactory(display_name="Pending Applicant")
    application = submit_application(applicant, ms)
    clinician = factories.ClinicianProfileFactory(user__display_name="Dr Inbox").user
    clinician.clinician_profile.conditions.add(ms)
    moderator = make_moderator(display_name="Mod Erator")
    target = factories.ClinicianProfileFactory(user__display_name="Dr Target").user
    replier = factories.UserFactory(display_name="Helpful Replier")
    thread = factories.ThreadFactory(author=member, conditions=[ms])
    accepted = reply(thread, replier, body="Pacing my day helped more than anything.")
    other = reply(thread, replier, body="A cooling vest helps me in the summer.")
    forum_services.thread_accept_answer(post=accepted, user=member)
    return SimpleNamespace(
        ms=ms,
        member=member,
        applicant=applicant,
        application=application,
        clinician=clinician,
        moderator=moderator,
        target=target,
        thread=thread,
        accepted=accepted,
        other=other,
    )


REQUESTS = {
    "apply_get": lambda w: ("get", reverse("accounts:clinician_apply"), None),
    "apply_post": lambda w: (
        "post",
        reverse("accounts:clinician_apply"),
        application_form(w.ms),
    ),
    "withdraw": lambda w: ("post", reverse("accounts:clinician_withdraw"), {}),
    "review_list": lambda w: ("get", reverse("review:application_list"), None),
    "review_detail_get": lambda w: (
        "get",
        reverse("review:application_detail", args=[w.application.pk]),
        None,
    ),
    "review_detail_post": lambda w: (
        "post",
        reverse("review:application_detail", args=[w.application.pk]),
        {"decision": "approve", "reason": "Checked on the GMC register."},
    ),
    "review_proof": lambda w: (
        "get",
        reverse("review:application_proof", args=[w.application.pk]),
        None,
    ),
    "clinician_status": lambda w: (
        "post",
        reverse("review:clinician_status", args=[w.target.pk]),
        {"status": "suspended", "reason": "A complaint is being investigated."},
    ),
    "inbox": lambda w: ("get", reverse("forum:clinician_inbox"), None),
    "helpful": lambda w: ("post", reverse("forum:post_helpful", args=[w.other.pk]), {}),
    "accept": lambda w: ("post", reverse("forum:post_accept", args=[w.other.pk]), {}),
    "unaccept": lambda w: (
        "post",
        reverse("forum:thread_unaccept", args=[w.thread.pk]),
        {},
    ),
}


def _applied(w, user):
    new = ClinicianApplication.objects.get(user=user)
    assert new.status == ClinicianApplication.Status.PENDING
    assert new.proof and Path(new.proof.path).read_bytes() == PDF_BYTES
    return {"applications", "application_conditions", "files"}


def _withdrawn(w, user):
    w.application.refresh_from_db()
    assert w.application.status == ClinicianApplication.Status.WITHDRAWN
    return {"applications"}


def _approved(w, user):
    w.application.refresh_from_db()
    assert w.application.status == ClinicianApplication.Status.APPROVED
    assert w.application.decided_by == user
    assert w.applicant.clinician_profile.status == ClinicianProfile.Status.VERIFIED
    assert ModerationEvent.objects.filter(
        actor=user, action="clinician_approve", subject=w.applicant
    ).exists()
    assert [m.to for m in mail.outbox] == [[w.applicant.email]]
    return {"applications", "profiles", "profile_conditions", "events"}


def _suspended(w, user):
    w.target.clinician_profile.refresh_from_db()
    assert w.target.clinician_profile.status == ClinicianProfile.Status.SUSPENDED
    assert ModerationEvent.objects.filter(
        actor=user, action="clinician_suspend", subject=w.target
    ).exists()
    assert [m.to for m in mail.outbox] == [[w.target.email]]
    return {"profiles", "events"}


def _marked(w, user):
    assert HelpfulMark.objects.filter(post=w.other, user=user).exists()
    w.other.refresh_from_db()
    assert w.other.helpful_count == 1
    return {"helpful", "posts"}


def _accepted(w, user):
    w.thread.refresh_from_db()
    assert w.thread.accepted_post == w.other
    return {"threads"}


def _unaccepted(w, user):
    w.thread.refresh_from_db()
    assert w.thread.accepted_post is None
    return {"threads"}


EFFECTS = {
    "apply_post": _applied,
    "withdraw": _withdrawn,
    "review_detail_post": _approved,
    "clinician_status": _suspended,
    "helpful": _marked,
    "accept": _accepted,
    "unaccept": _unaccepted,
}


@pytest.mark.parametrize(
    ("view", "role"),
    [
        pytest.param(view, role, id=f"{view}-{role}")
        for view in EXPECTED
        for role in ROLES
    ],
)
def test_permission_matrix(
    client, world, view, role, django_capture_on_commit_callbacks
):
    expected = EXPECTED[view][role]
    user = getattr(world, role, None)
    if user is not None:
        client.force_login(user)
    method, url, data = REQUESTS[view](world)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client, method)(url, data or {})
    if response.streaming:
        # Consuming it lets the test client close the file (as a server would).
        assert b"".join(response.streaming_content) == PDF_BYTES
    after = snapshot()

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    if method == "get" or expected in (LOGIN, 403, 404):
        # Refused (or only read): nothing changed, nobody was emailed.
        assert after == before
        assert mail.outbox == []
    else:
        may_change = EFFECTS[view](world, user)
        for key in before.keys() - may_change:
            assert after[key] == before[key], key


# Applying ---------------------------------------------------------------------


def test_apply_page_explains_privacy_and_offers_the_form(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:clinician_apply"))
    page = text(response)
    assert response.status_code == 200
    assert "seen only by the moderators" in page
    assert "Send application" in page
    assert "PDF, PNG or JPEG, up to 5 MB" in page


def test_valid_application_with_pdf_is_pending_and_proof_is_stored_privately(
    client, member, private_media
):
    ms, ra = condition(), condition("rheumatoid-arthritis")
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(ms, ra), follow=True
    )
    assert response.redirect_chain == [(reverse("accounts:clinician_apply"), 302)]
    page = text(response)
    assert "Your application is sent" in page
    assert "Your clinician application: Awaiting review" in page
    assert "Send application" not in page  # No second form while it waits.

    application = ClinicianApplication.objects.get(user=member)
    assert application.status == ClinicianApplication.Status.PENDING
    assert set(application.conditions.all()) == {ms, ra}
    assert application.registration_number == "GMC 7654321"
    assert application.proof_content_type == "application/pdf"
    # Stored under the private root, named by the site, not by the uploader.
    path = Path(application.proof.path).resolve()
    assert path.is_relative_to(private_media.resolve())
    assert path.read_bytes() == PDF_BYTES
    assert "Jane" not in application.proof.name
    assert "certificate" not in application.proof.name
    assert application.proof.name.endswith(".pdf")
    assert stored_files() == [application.proof.name]


def test_png_proof_is_accepted_and_typed_by_its_content(client, member):
    client.force_login(member)
    upload = SimpleUploadedFile("scan.pdf", PNG_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=upload)
    )
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=member)
    assert application.proof_content_type == "image/png"
    assert application.proof.name.endswith(".png")


def test_second_application_while_one_is_open_is_refused_without_second_row(
    client, member
):
    client.force_login(member)
    assert (
        client.post(reverse("accounts:clinician_apply"), application_form()).status_code
        == 302
    )
    files = stored_files()
    page = text(client.get(reverse("accounts:clinician_apply")))
    assert "Awaiting review" in page
    assert "Send application" not in page
    # A double submit / forged POST is refused and adds nothing.
    response = client.post(
        reverse("accounts:clinician_apply"),
        application_form(specialty="Something else entirely"),
    )
    assert response.status_code == 403
    assert ClinicianApplication.objects.filter(user=member).count() == 1
    assert ClinicianApplication.objects.get(user=member).specialty == "Neurology"
    assert stored_files() == files


def test_second_application_refusal_tells_the_member_why(client, member):
    client.force_login(member)
    client.post(reverse("accounts:clinician_apply"), application_form())
    response = client.post(reverse("accounts:clinician_apply"), application_form())
    assert response.status_code == 403
    assert "already awaiting review" in text(response)


def renamed_executable():
    return SimpleUploadedFile("cert.pdf", EXE_BYTES, content_type="application/pdf")


def fifty_mb_pdf():
    return SimpleUploadedFile(
        "cert.pdf", b"%PDF-" + b"0" * (50 * 1024 * 1024), content_type="application/pdf"
    )


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        pytest.param(
            renamed_executable, "This file is none of those", id="renamed-executable"
        ),
        pytest.param(fifty_mb_pdf, "the limit is 5 MB", id="50-mb-pdf"),
    ],
)
def test_bad_proof_is_refused_leaving_no_row_and_no_file(
    client, member, make_upload, message
):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=make_upload())
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["proof"])
    assert message in errors
    assert message in text(response)
    assert not ClinicianApplication.objects.exists()
    assert stored_files() == []


def test_fifty_mb_refusal_reports_the_size(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=fifty_mb_pdf())
    )
    assert "The file is 50.0 MB; the limit is 5 MB." in text(response)


def test_missing_required_fields_show_errors_and_create_nothing(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:clinician_apply"), {"bio": "Too short"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    for field in (
        "profession",
        "specialty",
        "registration_number",
        "issuing_body",
        "country",
        "conditions",
    ):
        assert "This field is required." in errors[field], field
    assert "at least 20 characters" in " ".join(errors["bio"])
    assert "This field is required." in text(response)
    assert not ClinicianApplication.objects.exists()
    assert stored_files() == []


def test_application_without_proof_is_accepted(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:clinician_apply"), application_form(proof=None)
    )
    assert response.status_code == 302
    application = ClinicianApplication.objects.get(user=member)
    assert not application.proof
    assert stored_files() == []


def test_applicant_withdraws_and_can_apply_again(client, member):
    application = submit_application(member)
    client.force_login(member)
    response = client.post(reverse("accounts:clinician_withdraw"), follow=True)
    assert "Your application is withdrawn." in text(response)
    application.refresh_from_db()
    assert application.status == ClinicianApplication.Status.WITHDRAWN
    assert "Send application" in text(response)
    assert (
        client.post(reverse("accounts:clinician_apply"), application_form()).status_code
        == 302
    )
    assert list(
        ClinicianApplication.objects.filter(user=member).values_list(
            "status", flat=True
        )
    ) == ["withdrawn", "pending"]


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
    moderator = make_moderator()
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
    colleague.force_login(make_moderator())
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


def test_proof_has_no_public_url(client, moderator, member, private_media):
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
        assert "General Medical Council" not in html
        assert reverse("review:application_proof", args=[application.pk]) not in html
