"""Running ``seed_demo``: again, over existing members, with its email, and
with content that contradicts itself. Each test starts from an empty forum
(what the seeded forum looks like is in ``tests/forum/test_seed_demo.py``)."""

import copy
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import ClinicianApplication, ClinicianProfile, Sanction
from accounts.roles import MODERATORS_GROUP
from demo import content as demo_content
from forum.models import HelpfulMark, Post, Thread
from moderation.models import Flag, ModerationEvent
from notifications.models import Follow, Notification

User = get_user_model()


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything a rerun must leave untouched."""
    return {
        "users": sorted(
            User.objects.values_list("username", "date_joined", "password")
        ),
        "threads": sorted(
            Thread.objects.values_list(
                "pk",
                "title",
                "reply_count",
                "created_at",
                "last_activity_at",
                "is_locked",
                "is_pinned",
                "accepted_post",
            )
        ),
        "posts": sorted(
            Post.objects.values_list(
                "pk", "thread_id", "created_at", "visibility", "helpful_count"
            )
        ),
        "marks": sorted(HelpfulMark.objects.values_list("pk", "created_at")),
        "follows": sorted(Follow.objects.values_list("pk", "last_seen_at")),
        "notifications": sorted(
            Notification.objects.values_list("pk", "created_at", "read_at")
        ),
        "flags": sorted(Flag.objects.values_list("pk", "state", "created_at")),
        "events": sorted(ModerationEvent.objects.values_list("pk", "created_at")),
        "sanctions": sorted(Sanction.objects.values_list("pk", "ends_at")),
        "profiles": sorted(ClinicianProfile.objects.values_list("pk", "status")),
        "applications": sorted(
            ClinicianApplication.objects.values_list("pk", "status")
        ),
        "moderators": User.objects.filter(groups__name=MODERATORS_GROUP).count(),
    }


@pytest.mark.django_db
def test_seed_twice_changes_nothing():
    seed()
    before = snapshot()
    output = seed()
    assert snapshot() == before
    for line in ("Users:   0 created", "Threads: 0 created", "Replies: 0 created"):
        assert line in output


@pytest.mark.django_db
def test_seed_leaves_existing_members_alone_but_completes_roles():
    # A clinician account that exists without a profile, a moderator outside
    # the group: the seed keeps their details and adds what the demo needs.
    User.objects.create_user(
        username="dr_kestrel",
        email="someone-else@example.org",
        password="their-own-password",
        display_name="Kestrel Custom",
    )
    User.objects.create_user(
        username="juniper",
        email="juniper-own@example.org",
        password="their-own-password",
        display_name="Juniper Custom",
    )
    output = seed()
    kestrel = User.objects.get(username="dr_kestrel")
    assert kestrel.display_name == "Kestrel Custom"
    assert kestrel.check_password("their-own-password")
    assert kestrel.clinician_profile.is_verified
    assert (
        User.objects.get(username="juniper")
        .groups.filter(name=MODERATORS_GROUP)
        .exists()
    )
    assert "2 already existed" in output
    # Members the seed didn't create get no history written for them.
    assert not Follow.objects.filter(user=kestrel, condition__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_demo_email_goes_nowhere():
    """Committed for real, so the after-commit email tasks run: nothing
    reaches the outbox, and no notification waits for a digest."""
    seed()
    assert Notification.objects.count() > 100
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_state", flat=True)) == {
        Notification.EmailState.SKIPPED
    }
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


@pytest.mark.django_db
def test_content_that_contradicts_itself_is_refused(monkeypatch):
    threads = copy.deepcopy(demo_content.THREADS)
    spec = next(t for t in threads if len(t["replies"]) >= 2)
    spec["replies"][1]["at"] = "60d"  # before the question it answers
    monkeypatch.setattr(demo_content, "THREADS", threads)
    with pytest.raises(CommandError, match="doesn't hold together"):
        seed()
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_a_post_before_its_author_joined_is_refused(monkeypatch):
    users = copy.deepcopy(demo_content.USERS)
    maple = next(u for u in users if u["username"] == "maple")
    maple["joined"] = "1d"
    monkeypatch.setattr(demo_content, "USERS", users)
    with pytest.raises(CommandError, match="maple hasn't joined yet"):
        seed()
    assert not User.objects.exists()
