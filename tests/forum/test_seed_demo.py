"""The condition catalogue migration and the ``seed_demo`` command."""

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.forms import clean_display_name
from accounts.models import ClinicianProfile
from accounts.roles import MODERATORS_GROUP
from demo import content as demo_content
from forum.forms import BodyField, TitleField
from forum.models import Condition, Post, Thread, Visibility

User = get_user_model()


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Everything a rerun must leave untouched."""
    return {
        "users": sorted(User.objects.values_list("username", flat=True)),
        "threads": sorted(
            Thread.objects.values_list(
                "pk", "title", "reply_count", "created_at", "last_activity_at"
            )
        ),
        "posts": sorted(Post.objects.values_list("pk", "thread_id", "created_at")),
        "profiles": ClinicianProfile.objects.count(),
        "moderators": User.objects.filter(groups__name=MODERATORS_GROUP).count(),
    }


# -- migration: condition catalogue ------------------------------------------


@pytest.mark.django_db
def test_migration_ships_condition_catalogue():
    conditions = list(Condition.objects.all())
    assert len(conditions) >= 40
    categories = set(Condition.Category.values)
    for condition in conditions:
        assert condition.description.strip(), condition.slug
        # SQLite does not enforce max_length, so check the 300-char limits here.
        assert len(condition.description) <= 300, condition.slug
        assert len(condition.synonyms) <= 300, condition.slug
        assert condition.category in categories, condition.slug
    ms = Condition.objects.get(slug="multiple-sclerosis")
    assert "MS" in ms.synonym_list


# -- seed_demo ----------------------------------------------------------------


@pytest.mark.django_db
def test_seed_creates_demo_forum():
    seed()
    assert Thread.objects.count() >= 15
    verified = ClinicianProfile.objects.filter(
        status=ClinicianProfile.Status.VERIFIED, verified_at__isnull=False
    )
    assert verified.count() >= 2
    assert User.objects.filter(groups__name=MODERATORS_GROUP).exists()
    assert User.objects.get(username="admin").is_superuser
    # The lists the home page offers all have something in them.
    replies = Thread.objects.values_list("reply_count", flat=True)
    assert list(replies).count(0) >= 2  # "unanswered"
    assert max(replies) >= 6  # one busy thread
    clinician_answered = Thread.objects.filter(
        posts__author__clinician_profile__status=ClinicianProfile.Status.VERIFIED
    ).distinct()
    assert clinician_answered.exists()
    assert (
        Thread.objects.exclude(pk__in=clinician_answered)
        .filter(reply_count__gt=0)
        .exists()
    )  # patient-only conversations too


@pytest.mark.django_db
def test_seed_twice_changes_nothing():
    seed()
    before = snapshot()
    output = seed()
    assert snapshot() == before
    assert "0 created" in output


@pytest.mark.django_db
def test_seed_counters_and_activity_are_exact():
    seed()
    now = timezone.now()
    threads = Thread.objects.annotate(
        visible_replies=Count(
            "posts",
            filter=Q(posts__visibility=Visibility.VISIBLE, posts__is_question=False),
        ),
        latest_visible=Max(
            "posts__created_at", filter=Q(posts__visibility=Visibility.VISIBLE)
        ),
    )
    for thread in threads:
        assert thread.reply_count == thread.visible_replies, thread.title
        assert thread.last_activity_at == thread.latest_visible, thread.title
        assert thread.created_at <= thread.last_activity_at < now
        question = thread.posts.get(is_question=True)
        assert question.created_at == thread.created_at
        assert all(p.created_at > question.created_at for p in thread.posts.all()[1:])


@pytest.mark.django_db
def test_seed_threads_have_one_to_five_conditions():
    seed()
    limit = min(5, settings.FORUM_MAX_CONDITIONS_PER_THREAD)
    for thread in Thread.objects.annotate(n=Count("conditions")):
        assert 1 <= thread.n <= limit, thread.title


@pytest.mark.django_db
def test_seed_prints_demo_logins(client):
    output = seed()
    for spec in demo_content.USERS:
        assert spec["username"] in output
    assert demo_content.DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output
    assert client.login(username="maple", password=demo_content.DEMO_PASSWORD)


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


# -- the demo content itself ----------------------------------------------------


@pytest.mark.django_db
def test_demo_content_passes_the_forms_rules():
    usernames = {u["username"] for u in demo_content.USERS}
    slugs = set(Condition.objects.values_list("slug", flat=True))
    for spec in demo_content.USERS:
        assert spec["email"].endswith("@example.org")
        assert clean_display_name(spec["display_name"]) == spec["display_name"]
    titles, body = TitleField(), BodyField()
    for spec in demo_content.THREADS:
        titles.clean(spec["title"])
        body.clean(spec["body"])
        assert 1 <= len(spec["conditions"]) <= 3
        assert set(spec["conditions"]) <= slugs
        assert spec["author"] in usernames
        assert len(spec["replies"]) <= 6
        for reply in spec["replies"]:
            assert reply["author"] in usernames
            body.clean(reply["body"])


@pytest.mark.django_db
def test_demo_forum_raises_no_crisis_flags():
    """Everyday posts must not fill the moderators' possible-risk list (the
    demo posts are part of the crisis model's everyday examples; the
    held-out figures in docs/safety.md measure posts it has not seen)."""
    from moderation.models import Flag

    seed()
    assert not Flag.objects.filter(
        reason__in=[Flag.Reason.POSSIBLE_RISK, Flag.Reason.SELF_HARM]
    ).exists()
