"""Clinician verification, who may do what: a permission matrix over every
clinician page and action, for every role."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ClinicianApplication, ClinicianProfile
from forum import services as forum_services
from forum.models import HelpfulMark
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
)
from tests.factories import reply

# Proof documents go to a temporary folder in every test here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


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
    moderator = factories.ModeratorFactory(display_name="Mod Erator")
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
