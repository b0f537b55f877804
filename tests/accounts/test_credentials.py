"""Credentials that mean something: a verification holds a year from the
moderators' last check, reminders go out a month and a week before, an
expired one loses the badge everywhere at once (cached pages included), the
moderators' re-check queue renews it, and the public profile says what was
checked without giving away the registration number."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.credentials import mask_registration_number
from accounts.models import ClinicianProfile
from core import pagecache
from forum.models import Thread
from moderation import clinicians
from moderation.models import ModerationEvent
from moderation.tasks import check_verifications
from tests import factories
from tests.clinician_helpers import submit_application, text

pytestmark = pytest.mark.django_db

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
Status = ClinicianProfile.Status
Action = ModerationEvent.Action
BADGE = "badge-clinician"
MARK = "Answered by a clinician"


def make_clinician(until, **fields):
    """A verified clinician whose last check holds until ``until``."""
    fields = {
        "registration_number": "GMC 7654321",
        "issuing_body": "General Medical Council",
        "country": "United Kingdom",
        "checked_at": until - timedelta(days=365),
        "verified_at": until - timedelta(days=365),
        "verified_until": until,
        **fields,
    }
    return factories.ClinicianProfileFactory(**fields)


def run_check():
    """What cron's hourly ``manage.py check_verifications`` runs."""
    return check_verifications.call()


def emails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


# Masking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("GMC 7654321", "•••••321"),
        ("7654321", "•••••321"),
        ("123456", "•••••456"),
        ("12345", "•••••"),
        ("A1", "•••••"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_registration_number_keeps_only_its_last_three_characters(number, shown):
    assert mask_registration_number(number) == shown


# Periods ------------------------------------------------------------------------


def test_approval_starts_a_period_of_the_configured_length(settings, moderator):
    settings.CLINICIAN_VERIFICATION_DAYS = 200
    applicant = factories.UserFactory()
    application = submit_application(applicant)
    with time_machine.travel(T0, tick=False):
        profile = clinicians.clinician_application_approve(
            application=application, moderator=moderator
        )
    profile.refresh_from_db()
    assert profile.checked_at == T0
    assert profile.verified_until == T0 + timedelta(days=200)
    assert profile.reminders_sent == 0
    with time_machine.travel(T0 + timedelta(days=200, seconds=1), tick=False):
        applicant.refresh_from_db()
        assert applicant.verified_clinician is None  # Ran out, task or not.


def test_reinstating_starts_a_new_period(moderator):
    profile = make_clinician(T0 + timedelta(days=3), reminders_sent=2)
    with time_machine.travel(T0, tick=False):
        for status in (Status.SUSPENDED, Status.VERIFIED):
            clinicians.clinician_status_change(
                profile=profile, moderator=moderator, status=status, reason="Checked"
            )
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED
    assert (profile.checked_at, profile.reminders_sent) == (T0, 0)
    assert profile.verified_until == T0 + timedelta(days=365)


def test_a_lapsed_check_stops_counting_as_a_clinician_answer(thread):
    profile = make_clinician(T0 + timedelta(days=1))
    with time_machine.travel(T0, tick=False):
        factories.reply(thread, author=profile.user, body="Keep a symptom diary.")
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    from forum import services as forum_services

    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        forum_services.threads_refresh_clinician_answer(thread=thread)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer


# Reminders and expiry -------------------------------------------------------------


def test_reminders_go_out_a_month_and_a_week_before_each_once():
    until = T0 + timedelta(days=60)
    profile = make_clinician(until)
    user = profile.user
    with time_machine.travel(until - timedelta(days=31), tick=False):
        run_check()
    assert emails_to(user) == []
    with time_machine.travel(until - timedelta(days=29), tick=False):
        run_check()
        run_check()  # The next hour: nothing new.
    assert len(emails_to(user)) == 1
    first = emails_to(user)[0]
    assert "runs out on" in first.subject
    assert "General Medical Council" in first.body
    profile.refresh_from_db()
    assert profile.reminders_sent == 1
    with time_machine.travel(until - timedelta(days=6), tick=False):
        run_check()
        run_check()
    assert len(emails_to(user)) == 2
    profile.refresh_from_db()
    assert profile.reminders_sent == 2
    assert profile.status == Status.VERIFIED


def test_a_missed_first_reminder_is_not_sent_late():
    until = T0 + timedelta(days=5)
    profile = make_clinician(until)
    with time_machine.travel(T0, tick=False):
        run_check()
        run_check()
    assert len(emails_to(profile.user)) == 1
    profile.refresh_from_db()
    assert profile.reminders_sent == 2


def test_expiry_removes_the_badge_logs_it_and_tells_the_clinician(thread):
    until = T0 + timedelta(days=1)
    profile = make_clinician(until, reminders_sent=2)
    with time_machine.travel(T0, tick=False):
        factories.reply(thread, author=profile.user, body="Keep a symptom diary.")
    with time_machine.travel(until + timedelta(minutes=5), tick=False):
        result = run_check()
        run_check()  # Once only: no second event or email.
    assert result["expired"] == 1
    profile.refresh_from_db()
    assert profile.status == Status.EXPIRED
    assert profile.status_changed_at == until + timedelta(minutes=5)
    events = ModerationEvent.objects.filter(action=Action.CLINICIAN_EXPIRE)
    assert [(e.actor_id, e.subject_id) for e in events] == [(None, profile.user_id)]
    sent = emails_to(profile.user)
    assert len(sent) == 1
    assert "run out" in sent[0].subject
    assert reverse("safety:contact") in sent[0].body
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    client = Client()
    client.force_login(profile.user)
    assert client.get(reverse("forum:clinician_inbox")).status_code == 403


def test_a_verification_renewed_in_time_does_not_expire(moderator):
    until = T0 + timedelta(days=10)
    profile = make_clinician(until)
    with time_machine.travel(T0, tick=False):
        clinicians.clinician_verification_renew(
            profile=profile, moderator=moderator, note="GMC register, 1 March"
        )
    with time_machine.travel(until + timedelta(days=1), tick=False):
        run_check()
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED
    assert profile.verified_until == T0 + timedelta(days=365)


def test_verifications_from_before_expiry_get_a_period_with_both_reminders():
    profile = factories.ClinicianProfileFactory(
        verified_at=T0 - timedelta(days=900), verified_until=None
    )
    with time_machine.travel(T0, tick=False):
        run_check()
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED
    assert profile.verified_until == T0 + timedelta(days=30)


def test_the_cron_command_runs_the_check():
    profile = make_clinician(T0 + timedelta(hours=1))
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        call_command("check_verifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    profile.refresh_from_db()
    assert profile.status == Status.EXPIRED


# Everywhere at once ---------------------------------------------------------------


def _anonymous(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_expired_verification_removes_the_badge_everywhere_at_once(
    condition, member, moderator
):
    until = T0 + timedelta(seconds=30)
    with time_machine.travel(T0, tick=False) as traveller:
        profile = make_clinician(until)
        clinician = profile.user
        thread = factories.ThreadFactory(
            author=member, conditions=[condition], title="Fatigue after walking?"
        )
        factories.reply(thread, author=clinician, body="Pace your walks.")
        pages = {
            "thread": (thread.get_absolute_url(), BADGE),
            "condition": (condition.get_absolute_url(), MARK),
            "home": (reverse("forum:home"), MARK),
            "profile": (clinician.get_absolute_url(), BADGE),
        }
        for url, shown in pages.values():
            _anonymous(url)
            assert shown in _anonymous(url).content.decode(), url
        readers = [_signed_in(factories.UserFactory()) for _ in range(2)]
        for reader in readers:  # The first stores the shared posts.
            assert BADGE in reader.get(thread.get_absolute_url()).content.decode()

        traveller.shift(timedelta(seconds=40))  # Past the expiry; caches live.
        # Not marked expired yet: the cached pages still show it...
        cached = _anonymous(thread.get_absolute_url())
        assert cached[pagecache.HEADER] == "hit"
        assert BADGE in cached.content.decode()
        # ...but nothing rendered now does.
        fresh = _signed_in(moderator).get(thread.get_absolute_url())
        assert BADGE not in fresh.content.decode()
        assert "Pace your walks." in fresh.content.decode()
        assert BADGE not in _anonymous(pages["profile"][0]).content.decode()

        run_check()

        for name, (url, shown) in pages.items():
            page = _anonymous(url).content.decode()
            assert shown not in page, name
            assert BADGE not in page, name
        thread_page = _anonymous(thread.get_absolute_url()).content.decode()
        assert "Pace your walks." in thread_page
        assert MARK not in thread_page
        assert not Thread.objects.get(pk=thread.pk).has_clinician_answer
        for reader in readers:
            page = reader.get(thread.get_absolute_url()).content.decode()
            assert "Pace your walks." in page
            assert BADGE not in page


# The moderators' re-check queue -----------------------------------------------------


@pytest.fixture
def due(db):
    """Three clinicians: expired, due in 20 days, due in 5; one not due."""
    with time_machine.travel(T0, tick=False):
        expired = make_clinician(T0 - timedelta(days=2), status=Status.EXPIRED)
        later = make_clinician(T0 + timedelta(days=20))
        sooner = make_clinician(
            T0 + timedelta(days=5), registration_number="NMC 11A2233"
        )
        not_due = make_clinician(T0 + timedelta(days=200))
    return {"expired": expired, "later": later, "sooner": sooner, "not_due": not_due}


def test_queue_lists_expired_and_expiring_soonest_first(due, moderator):
    with time_machine.travel(T0, tick=False):
        response = _signed_in(moderator).get(reverse("review:recheck_list"))
    page = response.content.decode()
    anchors = [f'id="recheck-{due[k].pk}"' for k in ("expired", "sooner", "later")]
    positions = [page.index(anchor) for anchor in anchors]
    assert positions == sorted(positions)
    assert f'id="recheck-{due["not_due"].pk}"' not in page
    assert "NMC 11A2233" in page  # Moderators see the number in full.
    assert "Registration checked again: still valid" in page


def test_queue_and_renewal_are_for_moderators_only(due, member, clinician):
    url = reverse("review:recheck_list")
    profile = due["expired"]
    renew = reverse("review:clinician_renew", args=[profile.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    for user in (member, clinician):
        client = _signed_in(user)
        assert client.get(url).status_code == 403
        assert client.post(renew, {"note": "Looks fine"}).status_code == 403
    assert Client().post(renew, {"note": "Looks fine"}).status_code == 302
    profile.refresh_from_db()
    assert profile.status == Status.EXPIRED
    assert not ModerationEvent.objects.filter(action=Action.CLINICIAN_RENEW).exists()


def test_moderator_without_second_factor_is_refused(due, moderator):
    client = Client()
    client.force_login(moderator, second_factor=False)
    renew = reverse("review:clinician_renew", args=[due["expired"].pk])
    response = client.post(renew, {"note": "GMC register"})
    assert response.status_code in (302, 403)
    due["expired"].refresh_from_db()
    assert due["expired"].status == Status.EXPIRED


def test_renewal_needs_a_note(due, moderator):
    client = _signed_in(moderator)
    renew = reverse("review:clinician_renew", args=[due["expired"].pk])
    response = client.post(renew, {"note": "   "}, follow=True)
    assert "Say what you checked" in text(response)
    due["expired"].refresh_from_db()
    assert due["expired"].status == Status.EXPIRED


def test_a_moderator_cannot_renew_their_own_registration(moderator):
    profile = make_clinician(T0 + timedelta(days=3), user=moderator)
    with time_machine.travel(T0, tick=False):
        client = _signed_in(moderator)
        page = client.get(reverse("review:recheck_list")).content.decode()
        response = client.post(
            reverse("review:clinician_renew", args=[profile.pk]), {"note": "Me"}
        )
    assert "another moderator checks it" in page
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.verified_until == T0 + timedelta(days=3)


def test_renewal_brings_the_badge_back_logs_and_tells_the_clinician(
    due, moderator, thread, django_capture_on_commit_callbacks
):
    profile = due["expired"]
    with time_machine.travel(T0 - timedelta(days=10), tick=False):
        factories.reply(thread, author=profile.user, body="Ask about physio.")
    Thread.objects.filter(pk=thread.pk).update(has_clinician_answer=False)
    url = thread.get_absolute_url()
    with time_machine.travel(T0, tick=False):
        _anonymous(url)
        assert BADGE not in _anonymous(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = _signed_in(moderator).post(
                reverse("review:clinician_renew", args=[profile.pk]),
                {"note": "GMC online register, licence to practise, 1 March 2027"},
            )
        assert response.status_code == 302
        page = _anonymous(url).content.decode()
        assert BADGE in page
        assert MARK in page
    profile.refresh_from_db()
    assert profile.status == Status.VERIFIED
    assert (profile.checked_at, profile.reminders_sent) == (T0, 0)
    assert profile.verified_until == T0 + timedelta(days=365)
    event = ModerationEvent.objects.get(action=Action.CLINICIAN_RENEW)
    assert (event.actor_id, event.subject_id) == (moderator.pk, profile.user_id)
    assert "licence to practise" in event.reason
    sent = emails_to(profile.user)
    assert [m.subject for m in sent] == [
        "Your CareThread clinician verification is renewed"
    ]
    # A second submit of the same form renews nothing more.
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        _signed_in(moderator).post(
            reverse("review:clinician_renew", args=[profile.pk]), {"note": "Again"}
        )
    assert ModerationEvent.objects.filter(action=Action.CLINICIAN_RENEW).count() == 1


def test_a_revoked_clinician_is_not_renewed_from_the_queue(moderator):
    profile = make_clinician(T0 + timedelta(days=3), status=Status.REVOKED)
    with time_machine.travel(T0, tick=False):
        _signed_in(moderator).post(
            reverse("review:clinician_renew", args=[profile.pk]), {"note": "x"}
        )
    profile.refresh_from_db()
    assert profile.status == Status.REVOKED


# What members see -------------------------------------------------------------------


def test_profile_says_what_the_moderators_checked_with_the_number_masked():
    profile = make_clinician(T0 + timedelta(days=100))
    with time_machine.travel(T0, tick=False):
        page = text(_anonymous(profile.user.get_absolute_url()))
    assert "What the moderators checked" in page
    assert "General Medical Council" in page
    assert "•••••321" in page
    assert "7654321" not in page
    assert "United Kingdom" in page
    assert "9 Jun 2027" in page  # Valid until.


@pytest.mark.parametrize("status", [Status.EXPIRED, Status.SUSPENDED, Status.REVOKED])
def test_profile_of_a_clinician_not_verified_now_is_neutral(status):
    profile = make_clinician(T0 + timedelta(days=100), status=status)
    with time_machine.travel(T0, tick=False):
        response = _anonymous(profile.user.get_absolute_url())
    page = text(response)
    assert "Not currently verified" in page
    assert BADGE not in response.content.decode()
    assert "What the moderators checked" not in page
    assert profile.get_status_display() not in page


def test_clinician_sees_in_settings_when_their_verification_runs_out():
    profile = make_clinician(T0 + timedelta(days=100))
    with time_machine.travel(T0, tick=False):
        page = text(_signed_in(profile.user).get(reverse("accounts:settings")))
    assert "Your verification runs out on 9 June 2027" in page
