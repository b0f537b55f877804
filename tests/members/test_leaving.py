"""Leaving: downloading one's data and deleting one's account."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import ClinicianApplication, ClinicianProfile, Sanction
from accounts.storage import private_storage
from forum import services as forum_services
from forum.models import (
    Condition,
    HelpfulMark,
    Post,
    PostRevision,
    Thread,
    Visibility,
)
from members import services as member_services
from moderation import services as moderation_services
from moderation.models import Flag, ModerationEvent
from notifications import services as notification_services
from notifications.models import Follow, Notification, NotificationPreference
from search.models import ThreadDocument
from tests import factories
from tests.factories import PASSWORD, reply

pytestmark = pytest.mark.django_db
User = get_user_model()

# Every model that holds something of a member (the list).
MEMBER_DATA_MODELS = [
    User,
    Thread,
    Post,
    PostRevision,
    HelpfulMark,
    ModerationEvent,
    Flag,
    Follow,
    Notification,
    NotificationPreference,
    ClinicianApplication,
    ClinicianProfile,
    Sanction,
    ThreadDocument,
]
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def columns_containing(value: str) -> list[str]:
    """Every model.field (text-like columns) holding ``value``, any case."""
    found = []
    for model in MEMBER_DATA_MODELS:
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = model._default_manager.annotate(
                _text=Cast(field.attname, models.TextField())
            ).filter(_text__icontains=value)
            if rows.exists():
                found.append(f"{model.__name__}.{field.name}")
    return found


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def leaver(db):
    return factories.UserFactory(
        username="leaving_lark",
        email="lark.private@example.org",
        display_name="Lark Leaving",
        first_name="Larissa",
        last_name="Privatename",
        bio="Living with MS since 2019.",
        pending_email="lark.newaddress@example.org",
    )


@pytest.fixture
def history(leaver, other_member, moderator, condition):
    """A member with a bit of everything: questions, replies, an edit, follows,
    a helpful mark, a flag, preferences, a clinician application with a proof
    file, a sanction, and notifications both ways."""
    own_thread = factories.ThreadFactory(
        author=leaver, title="Brain fog after relapse?", conditions=[condition]
    )
    others_reply = reply(own_thread, other_member, body="Others' answer stays.")
    other_thread = factories.ThreadFactory(
        author=other_member, title="Sleep and fatigue", conditions=[condition]
    )
    notification_services.follow_thread(user=other_member, thread=other_thread)
    leaver_reply = reply(other_thread, leaver, body="Pacing helped me a lot.")
    forum_services.post_edit(
        post=leaver_reply, editor=leaver, body="Pacing and naps helped me a lot."
    )
    forum_services.thread_accept_answer(post=leaver_reply, user=other_member)
    forum_services.post_mark_helpful(post=leaver_reply, user=other_member)
    forum_services.post_mark_helpful(post=others_reply, user=leaver)
    notification_services.follow_thread(user=leaver, thread=other_thread)
    notification_services.follow_condition(user=leaver, condition=condition)
    notification_services.preferences_set(user=leaver, frequencies={"reply": "daily"})
    third_reply = reply(other_thread, other_member, body="A third reply to flag.")
    moderation_services.flag_create(
        post=third_reply, reporter=leaver, reason="other", note="Lark thinks so"
    )
    moderation_services.flag_create(
        post=others_reply, reporter=moderator, reason="spam", note="Moderator note"
    )
    services.clinician_application_submit(
        user=leaver,
        profession="nurse",
        specialty="MS nursing",
        registration_number="NMC 12345",
        issuing_body="Nursing Council",
        country="UK",
        conditions=[condition],
        bio="MS nurse.",
        proof=SimpleUploadedFile("lark-licence.pdf", b"%PDF-1.7\n%%EOF\n"),
        proof_content_type="application/pdf",
    )
    moderation_services.user_warn(
        user=leaver, moderator=moderator, reason="Please stay on topic."
    )
    return {
        "own_thread": own_thread,
        "other_thread": other_thread,
        "leaver_reply": leaver_reply,
        "others_reply": others_reply,
    }


# Export ----------------------------------------------------------------------------


def test_export_holds_the_members_own_data(leaver, history):
    data = member_services.account_export(user=leaver)
    assert data["profile"]["email"] == "lark.private@example.org"
    assert data["profile"]["last_name"] == "Privatename"
    sources = [post["source"] for post in data["posts"]]
    assert "Pacing and naps helped me a lot." in sources
    edited = next(p for p in data["posts"] if p["id"] == history["leaver_reply"].pk)
    assert edited["earlier_versions"][0]["source"] == "Pacing helped me a lot."
    assert {f["thread_title"] for f in data["follows"]} >= {"Sleep and fatigue"}
    assert data["helpful_marks"] == [history["others_reply"].pk]
    assert [f["note"] for f in data["flags_made"]] == ["Lark thinks so"]
    assert data["notification_preferences"] == {"reply": "daily"}
    application = data["clinician_applications"][0]
    assert application["registration_number"] == "NMC 12345"
    assert application["proof_sent"] is True
    assert [s["reason"] for s in data["sanctions"]] == ["Please stay on topic."]


def test_export_holds_no_one_elses_private_data(
    leaver, history, other_member, moderator
):
    text = json.dumps(member_services.account_export(user=leaver))
    application = ClinicianApplication.objects.get(user=leaver)
    for private in (
        other_member.email,
        other_member.username,
        moderator.email,
        moderator.username,
        "Moderator note",
        application.proof.name,
        "clinician-proofs",
    ):
        assert private not in text


def test_export_view_downloads_json_for_the_signed_in_member_only(
    client, leaver, history
):
    url = reverse("accounts:account_export")
    assert client.get(url).status_code == 302
    client.force_login(leaver)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["profile"]["username"] == "leaving_lark"


def test_settings_link_to_export_and_delete(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("accounts:account_export") in page
    assert reverse("accounts:account_delete") in page


# Deletion -----------------------------------------------------------------------------


def test_delete_with_the_wrong_password_changes_nothing(client, leaver):
    client.force_login(leaver)
    response = client.post(
        reverse("accounts:account_delete"), {"posts": "keep", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "password is not right" in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active and leaver.username == "leaving_lark"
    with pytest.raises(ValidationError):
        member_services.account_delete(
            user=leaver, password="wrong", delete_posts=False
        )


@pytest.mark.parametrize("posts", ["keep", "delete"])
def test_deleted_account_leaves_no_personal_data_anywhere(
    client, leaver, history, posts, django_capture_on_commit_callbacks
):
    proof = ClinicianApplication.objects.get(user=leaver).proof.name
    assert private_storage.exists(proof)
    personal = [
        leaver.email,
        leaver.username,
        leaver.display_name,
        leaver.first_name,
        leaver.last_name,
        leaver.bio,
        leaver.pending_email,
        "NMC 12345",
        "Lark thinks so",
    ]
    assert all(columns_containing(value) for value in personal[:3])
    events_before = ModerationEvent.objects.count()
    pk = leaver.pk

    client.force_login(leaver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:account_delete"), {"posts": posts, "password": PASSWORD}
        )
    assert response.url == reverse("forum:home")

    for value in personal:
        assert columns_containing(value) == [], value
    assert not private_storage.exists(proof)
    gone = User.objects.get(pk=pk)
    assert gone.display_name == f"Former member #{pk}"
    assert not gone.is_active and not gone.has_usable_password()
    assert gone.email_verified_at is None
    # The moderation log keeps every event, pointing at the anonymised row.
    assert ModerationEvent.objects.count() == events_before
    assert ModerationEvent.objects.filter(subject=gone).exists()
    for model in (Follow, NotificationPreference, HelpfulMark, ClinicianApplication):
        assert not model.objects.filter(user=gone).exists()
    assert not Notification.objects.filter(recipient=gone).exists()
    assert not Flag.objects.filter(reporter=gone).exists()
    assert Flag.objects.filter(note="Moderator note").exists()


def test_keeping_posts_shows_them_under_former_member(client, leaver, history):
    member_services.account_delete(user=leaver, password=PASSWORD, delete_posts=False)
    page = client.get(history["other_thread"].get_absolute_url()).content.decode()
    assert "Pacing and naps helped me a lot." in page
    assert f"Former member #{leaver.pk}" in page
    assert "Lark Leaving" not in page
    thread = Thread.objects.get(pk=history["other_thread"].pk)
    assert thread.reply_count == 2
    assert thread.accepted_post_id == history["leaver_reply"].pk


def test_deleting_posts_keeps_counters_exact(leaver, history):
    other_thread = history["other_thread"]
    others_reply = Post.objects.get(pk=history["others_reply"].pk)
    assert others_reply.helpful_count == 1
    member_services.account_delete(user=leaver, password=PASSWORD, delete_posts=True)

    other_thread.refresh_from_db()
    assert other_thread.reply_count == 1  # The other member's reply remains.
    assert other_thread.accepted_post_id is None
    assert other_thread.visibility == Visibility.VISIBLE
    own = Thread.objects.get(pk=history["own_thread"].pk)
    assert own.visibility == Visibility.DELETED
    assert not ThreadDocument.objects.filter(thread=own).exists()
    assert "Pacing" not in ThreadDocument.objects.get(thread=other_thread).body
    assert set(
        Post.objects.filter(author=leaver).values_list("visibility", flat=True)
    ) == {Visibility.DELETED}
    others_reply.refresh_from_db()
    assert others_reply.helpful_count == 0  # The leaver's mark is withdrawn.


def test_deleted_member_is_signed_out_everywhere_and_cannot_sign_in(client, leaver):
    phone = Client()
    phone.force_login(leaver)
    client.force_login(leaver)
    response = client.post(
        reverse("accounts:account_delete"), {"posts": "keep", "password": PASSWORD}
    )
    assert response.status_code == 302
    for device in (client, phone):
        assert device.get(reverse("accounts:settings")).status_code == 302
    assert not Client().login(username="leaving_lark", password=PASSWORD)
    assert client.get(reverse("accounts:profile", args=[leaver.pk])).status_code == 404


def test_deleting_a_verified_clinician_removes_the_badge_from_kept_answers(
    condition,
):
    clinician = factories.ClinicianProfileFactory().user
    thread = factories.ThreadFactory(conditions=[condition])
    reply(thread, clinician)
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    member_services.account_delete(
        user=clinician, password=PASSWORD, delete_posts=False
    )
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    assert not ClinicianProfile.objects.filter(user=clinician).exists()


def test_a_moderator_who_leaves_keeps_their_log_entries(moderator, member):
    moderation_services.user_suspend(
        user=member, moderator=moderator, reason="Cool off.", duration=timedelta(days=1)
    )
    member_services.account_delete(user=moderator, password=PASSWORD, delete_posts=True)
    event = ModerationEvent.objects.get(subject=member)
    assert event.actor_id == moderator.pk
    assert not event.actor.groups.exists()
    assert Condition.objects.exists()  # Reference data is untouched.


def test_delete_page_requires_sign_in(client):
    response = client.get(reverse("accounts:account_delete"))
    assert response.status_code == 302
