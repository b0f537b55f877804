"""Who may use each moderation URL: every URL × method × role.

Only moderators and admins use the moderation tools; members, clinicians,
moderators and admins flag posts and read their own flags (a suspended member
may read but not flag). Anonymous visitors are sent to sign in; refused
signed-in requests get 403. No refused request changes a single row.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services as account_services
from accounts.models import (
    ClinicianApplication,
    ClinicianProfile,
    Sanction,
    User,
)
from forum.models import Condition, CorrectionNote, Post, Thread, Visibility
from moderation import services
from moderation.models import Flag, ModerationEvent
from safety.models import WatchedWord
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "suspended", "clinician", "moderator", "admin"]
LOGIN = "login"


# The world every request runs against ------------------------------------------


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def world(db, django_user_model):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    ra = Condition.objects.get(slug="rheumatoid-arthritis")
    moderator = factories.ModeratorFactory(display_name="Mod Matrix")
    admin = django_user_model.objects.create_superuser(
        username="root",
        email="root@example.org",
        password=factories.PASSWORD,
        display_name="Site Admin",
    )
    member = factories.UserFactory(display_name="Plain Member")
    suspended = factories.UserFactory(display_name="Suspended Member")
    services.user_suspend(
        user=suspended,
        moderator=moderator,
        reason="Repeated rudeness.",
        duration=timedelta(days=3),
    )
    clinician = factories.ClinicianProfileFactory(user__display_name="Dr Matrix").user

    author = factories.UserFactory(display_name="Thread Author")
    replier = factories.UserFactory(display_name="Busy Replier")
    thread = factories.ThreadFactory(
        author=author, title="Does anyone else get numb hands?", conditions=[ms]
    )
    flagged = reply(thread, replier, body="Try this miracle supplement from my shop.")
    bulk = [
        reply(thread, replier, body=f"Another reply that needs a look, number {i}.")
        for i in range(2)
    ]
    duplicate = factories.ThreadFactory(
        author=author, title="Numb hands with MS again?", conditions=[ms]
    )
    reply(duplicate, replier, body="Same answer as in the other thread, really.")
    correction = CorrectionNote.objects.create(
        post=flagged, author=replier, text="My shop ships worldwide, by the way."
    )

    sanction_target = factories.UserFactory(display_name="Sanction Target")
    lift_target = factories.UserFactory(display_name="Lift Target")
    suspension = services.user_suspend(
        user=lift_target,
        moderator=moderator,
        reason="Cooling-off period.",
        duration=timedelta(days=7),
    )
    watched = services.watched_word_add(
        word="snake oil", action=WatchedWord.Action.FLAG, moderator=moderator
    )
    applicant = factories.UserFactory(display_name="Nurse Applicant")
    account_services.clinician_application_submit(
        user=applicant,
        profession="nurse",
        specialty="MS nursing",
        registration_number="NMC 12A3456B",
        issuing_body="Nursing and Midwifery Council",
        country="United Kingdom",
        conditions=[ms],
        bio="MS specialist nurse for ten years.",
    )
    mail.outbox.clear()
    return SimpleNamespace(
        ms=ms,
        ra=ra,
        member=member,
        suspended=suspended,
        clinician=clinician,
        moderator=moderator,
        admin=admin,
        thread=thread,
        flagged=flagged,
        correction=correction,
        bulk=bulk,
        duplicate=duplicate,
        sanction_target=sanction_target,
        suspension=suspension,
        watched=watched,
    )


def snapshot() -> dict:
    """Every row a moderation request could touch."""
    return {
        "posts": list(Post.objects.order_by("pk").values()),
        "corrections": list(CorrectionNote.objects.order_by("pk").values()),
        "threads": list(Thread.objects.order_by("pk").values()),
        "thread_conditions": list(
            Thread.conditions.through.objects.order_by("pk").values()
        ),
        "flags": list(Flag.objects.order_by("pk").values()),
        "sanctions": list(Sanction.objects.order_by("pk").values()),
        "words": list(WatchedWord.objects.order_by("pk").values()),
        "events": list(ModerationEvent.objects.order_by("pk").values()),
        "applications": list(ClinicianApplication.objects.order_by("pk").values()),
        "profiles": list(ClinicianProfile.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "user_groups": list(User.groups.through.objects.order_by("pk").values()),
    }


# What each request is ------------------------------------------------------------


def _url(name, *args):
    return reverse(name, args=args)


REQUESTS = {
    ("moderation:queue", "GET"): lambda w: (_url("moderation:queue"), None),
    ("moderation:post_action", "POST"): lambda w: (
        _url("moderation:post_action", w.flagged.pk),
        {"action": "hide", "reason": "Advertising a product."},
    ),
    ("moderation:correction_action", "POST"): lambda w: (
        _url("moderation:correction_action", w.correction.pk),
        {"action": "hide", "reason": "Advertising in a correction."},
    ),
    ("moderation:bulk_action", "POST"): lambda w: (
        _url("moderation:bulk_action"),
        {
            "posts": [p.pk for p in w.bulk],
            "action": "hide",
            "reason": "Off-topic.",
        },
    ),
    ("moderation:thread_action", "POST"): lambda w: (
        _url("moderation:thread_action", w.thread.pk),
        {"action": "lock", "reason": "Going in circles."},
    ),
    ("moderation:thread_retag", "GET"): lambda w: (
        _url("moderation:thread_retag", w.thread.pk),
        None,
    ),
    ("moderation:thread_retag", "POST"): lambda w: (
        _url("moderation:thread_retag", w.thread.pk),
        {"conditions": [w.ra.pk], "reason": "It is about RA."},
    ),
    ("moderation:thread_merge", "GET"): lambda w: (
        _url("moderation:thread_merge", w.duplicate.pk),
        None,
    ),
    ("moderation:thread_merge", "POST"): lambda w: (
        _url("moderation:thread_merge", w.duplicate.pk),
        {"target": str(w.thread.pk), "reason": "Duplicate question."},
    ),
    ("moderation:member_sanction", "POST"): lambda w: (
        _url("moderation:member_sanction", w.sanction_target.pk),
        {"kind": "warn", "reason": "Please keep it civil."},
    ),
    ("moderation:sanction_lift", "POST"): lambda w: (
        _url("moderation:sanction_lift", w.suspension.pk),
        {"reason": "Apologised."},
    ),
    ("moderation:log", "GET"): lambda w: (_url("moderation:log"), None),
    ("moderation:watched_words", "GET"): lambda w: (
        _url("moderation:watched_words"),
        None,
    ),
    ("moderation:watched_words", "POST"): lambda w: (
        _url("moderation:watched_words"),
        {"word": "miracle cure", "action": "block"},
    ),
    ("moderation:watched_word_delete", "POST"): lambda w: (
        _url("moderation:watched_word_delete", w.watched.pk),
        {},
    ),
    ("moderation:flag_create", "GET"): lambda w: (
        _url("moderation:flag_create", w.flagged.pk),
        None,
    ),
    ("moderation:flag_create", "POST"): lambda w: (
        _url("moderation:flag_create", w.flagged.pk),
        {"reason": "spam", "note": "Selling supplements."},
    ),
    ("moderation:my_flags", "GET"): lambda w: (_url("moderation:my_flags"), None),
    ("moderation:appeals", "GET"): lambda w: (_url("moderation:appeals"), None),
    ("moderation:notices", "GET"): lambda w: (_url("moderation:notices"), None),
    # The suspended member's own suspension: its statement of reasons.
    ("moderation:decision", "GET"): lambda w: (
        _url(
            "moderation:decision",
            ModerationEvent.objects.get(
                action=ModerationEvent.Action.USER_SUSPEND, subject=w.suspended
            ).pk,
        ),
        None,
    ),
    ("review:application_list", "GET"): lambda w: (
        _url("review:application_list"),
        None,
    ),
}


def _moderators(allowed):
    return {
        "anonymous": LOGIN,
        "member": 403,
        "suspended": 403,
        "clinician": 403,
        "moderator": allowed,
        "admin": allowed,
    }


def _flaggers(allowed):
    return {
        "anonymous": LOGIN,
        "member": allowed,
        "suspended": 403,
        "clinician": allowed,
        "moderator": allowed,
        "admin": allowed,
    }


EXPECTED = {
    ("moderation:queue", "GET"): _moderators(200),
    ("moderation:post_action", "POST"): _moderators(302),
    ("moderation:correction_action", "POST"): _moderators(302),
    ("moderation:bulk_action", "POST"): _moderators(302),
    ("moderation:thread_action", "POST"): _moderators(302),
    ("moderation:thread_retag", "GET"): _moderators(200),
    ("moderation:thread_retag", "POST"): _moderators(302),
    ("moderation:thread_merge", "GET"): _moderators(200),
    ("moderation:thread_merge", "POST"): _moderators(302),
    ("moderation:member_sanction", "POST"): _moderators(302),
    ("moderation:sanction_lift", "POST"): _moderators(302),
    ("moderation:log", "GET"): _moderators(200),
    ("moderation:appeals", "GET"): _moderators(200),
    ("moderation:notices", "GET"): _moderators(200),
    # Only the member it concerns and the moderators; others learn nothing.
    ("moderation:decision", "GET"): {
        "anonymous": LOGIN,
        "member": 404,
        "suspended": 200,
        "clinician": 404,
        "moderator": 200,
        "admin": 200,
    },
    ("moderation:watched_words", "GET"): _moderators(200),
    ("moderation:watched_words", "POST"): _moderators(302),
    ("moderation:watched_word_delete", "POST"): _moderators(302),
    ("moderation:flag_create", "GET"): _flaggers(200),
    ("moderation:flag_create", "POST"): _flaggers(302),
    # Reading one's own flags is allowed while suspended.
    ("moderation:my_flags", "GET"): {
        "anonymous": LOGIN,
        **dict.fromkeys(ROLES[1:], 200),
    },
    ("review:application_list", "GET"): _moderators(200),
}


# What an allowed write must do (and which tables it may touch) ----------------


def _events(user, action):
    return ModerationEvent.objects.filter(actor=user, action=action)


def _hid_one(w, user):
    w.flagged.refresh_from_db()
    assert w.flagged.visibility == Visibility.HIDDEN
    assert Thread.objects.get(pk=w.thread.pk).reply_count == 2
    assert _events(user, "post_hide").count() == 1
    return {"posts", "threads", "events"}


def _hid_bulk(w, user):
    assert {
        p.visibility for p in Post.objects.filter(pk__in=[p.pk for p in w.bulk])
    } == {Visibility.HIDDEN}
    assert Thread.objects.get(pk=w.thread.pk).reply_count == 1
    assert _events(user, "post_hide").count() == 2
    return {"posts", "threads", "events"}


def _locked(w, user):
    assert Thread.objects.get(pk=w.thread.pk).is_locked
    assert _events(user, "thread_lock").count() == 1
    return {"threads", "events"}


def _retagged(w, user):
    assert list(Thread.objects.get(pk=w.thread.pk).conditions.all()) == [w.ra]
    assert _events(user, "thread_retag").count() == 1
    return {"thread_conditions", "events"}


def _merged(w, user):
    source = Thread.objects.get(pk=w.duplicate.pk)
    assert source.visibility == Visibility.MERGED
    assert source.merged_into_id == w.thread.pk
    assert Post.objects.filter(thread=w.duplicate).count() == 0
    target = Thread.objects.get(pk=w.thread.pk)
    assert target.reply_count == 3 + 2  # Its replies, plus question and reply moved.
    assert _events(user, "thread_merge").count() == 1
    return {"posts", "threads", "thread_conditions", "events"}


def _warned(w, user):
    warning = Sanction.objects.get(user=w.sanction_target)
    assert warning.kind == Sanction.Kind.WARNING
    assert warning.created_by == user
    assert _events(user, "user_warn").count() == 1
    assert [m.to for m in mail.outbox] == [[w.sanction_target.email]]
    return {"sanctions", "events"}


def _lifted(w, user):
    w.suspension.refresh_from_db()
    assert w.suspension.lifted_by == user
    assert not w.suspension.is_active
    assert _events(user, "sanction_lift").count() == 1
    return {"sanctions", "events"}


def _word_added(w, user):
    added = WatchedWord.objects.get(word="miracle cure", action="block")
    assert _events(user, "watched_word_add").filter(target_id=added.pk).count() == 1
    return {"words", "events"}


def _word_removed(w, user):
    assert not WatchedWord.objects.filter(pk=w.watched.pk).exists()
    assert _events(user, "watched_word_remove").count() == 1
    return {"words", "events"}


def _flagged(w, user):
    flag = Flag.objects.get(reporter=user)
    assert (flag.post, flag.reason, flag.state) == (w.flagged, "spam", "open")
    assert _events(user, "post_flag").count() == 1
    w.flagged.refresh_from_db()
    if user in (w.moderator, w.admin):
        # A moderator's flag hides the post at once.
        assert w.flagged.visibility == Visibility.HIDDEN
        return {"flags", "events", "posts", "threads"}
    assert w.flagged.visibility == Visibility.VISIBLE
    return {"flags", "events"}


def _hid_correction(w, user):
    w.correction.refresh_from_db()
    assert w.correction.hidden_at is not None
    assert _events(user, "correction_hide").count() == 1
    return {"corrections", "events"}


EFFECTS = {
    ("moderation:post_action", "POST"): _hid_one,
    ("moderation:correction_action", "POST"): _hid_correction,
    ("moderation:bulk_action", "POST"): _hid_bulk,
    ("moderation:thread_action", "POST"): _locked,
    ("moderation:thread_retag", "POST"): _retagged,
    ("moderation:thread_merge", "POST"): _merged,
    ("moderation:member_sanction", "POST"): _warned,
    ("moderation:sanction_lift", "POST"): _lifted,
    ("moderation:watched_words", "POST"): _word_added,
    ("moderation:watched_word_delete", "POST"): _word_removed,
    ("moderation:flag_create", "POST"): _flagged,
}


def assert_login_redirect(response, url):
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("accounts:login")
    assert parse_qs(target.query)["next"] == [url]


def test_matrix_covers_every_moderation_url():
    from moderation.urls import urlpatterns

    covered = {name for name, _method in EXPECTED}
    assert {f"moderation:{p.name}" for p in urlpatterns} <= covered
    assert "review:application_list" in covered


@pytest.mark.parametrize(
    ("url_name", "method", "role"),
    [
        pytest.param(name, method, role, id=f"{name}-{method}-{role}")
        for (name, method) in EXPECTED
        for role in ROLES
    ],
)
def test_only_allowed_roles_succeed_and_refusals_change_nothing(
    client, world, url_name, method, role, django_capture_on_commit_callbacks
):
    expected = EXPECTED[(url_name, method)][role]
    user = getattr(world, role, None)
    if user is not None:
        client.force_login(user)
    url, data = REQUESTS[(url_name, method)](world)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data)
    after = snapshot()

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    if method == "GET" or expected in (LOGIN, 403):
        assert after == before
        assert mail.outbox == []
    else:
        may_change = EFFECTS[(url_name, method)](world, user)
        for table in before.keys() - may_change:
            assert after[table] == before[table], table


def test_suspended_member_is_told_why_flagging_is_refused(client, world):
    client.force_login(world.suspended)
    response = client.get(reverse("moderation:flag_create", args=[world.flagged.pk]))
    assert response.status_code == 403
    assert "You are suspended until" in response.content.decode()
    assert "can&#x27;t flag posts" in response.content.decode()


POST_ONLY = [
    (name, method)
    for (name, method) in EXPECTED
    if method == "POST" and (name, "GET") not in EXPECTED
]


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        pytest.param(name, role, id=f"{name}-GET-{role}")
        for (name, _method) in POST_ONLY
        for role in ROLES
    ],
)
def test_get_on_action_urls_is_refused_and_changes_nothing(
    client, world, url_name, role
):
    user = getattr(world, role, None)
    if user is not None:
        client.force_login(user)
    url, _data = REQUESTS[(url_name, "POST")](world)
    before = snapshot()
    response = client.get(url)
    assert snapshot() == before
    if user is None:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == 405
