"""Routing questions to clinicians in time (forum.routing): targets and due
dates, the honest "how soon" estimate, claims, "I have this question too"
and the escalation steps of the ``route_questions`` task."""

import re
import statistics
from datetime import UTC, datetime, timedelta
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import ClinicianProfile
from core import pagecache
from forum import routing, services
from forum.models import Condition, MeToo, Post, Thread, Visibility
from moderation import services as moderation_services
from notifications.models import Follow, Kind, Notification
from tests import factories

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANSWER = "In clinic we usually suggest pacing and a fatigue diary first."


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def clinician(*conditions, **fields):
    profile = factories.ClinicianProfileFactory(**fields)
    profile.conditions.set(conditions)
    return profile.user


def ask_at(when, *conditions, author=None, **kwargs):
    with time_machine.travel(when, tick=False):
        return factories.ThreadFactory(
            conditions=list(conditions),
            **({"author": author} if author else {}),
            **kwargs,
        )


def reply_at(when, thread, author, body=ANSWER):
    with time_machine.travel(when, tick=False):
        return factories.reply(Thread.objects.get(pk=thread.pk), author, body=body)


def cached_anonymous(url) -> str:
    """The page as an anonymous visitor gets it from the cache."""
    Client().get(url)
    response = Client().get(url)
    assert response.get(pagecache.HEADER) == "hit"
    return text(response)


# Targets and due dates -------------------------------------------------------------


def test_a_question_is_due_by_the_strictest_target_of_its_conditions():
    slow = factories.ConditionFactory(answer_target_hours=48)
    fast = factories.ConditionFactory(answer_target_hours=8)
    thread = ask_at(T0, slow, fast)
    thread.refresh_from_db()
    assert thread.answer_due_at == T0 + timedelta(hours=8)
    assert thread.next_escalation_at == T0 + timedelta(hours=4)
    assert thread.escalation_step == 0


def test_retagging_an_unanswered_question_recomputes_its_dates(moderator):
    slow = factories.ConditionFactory(answer_target_hours=48)
    fast = factories.ConditionFactory(answer_target_hours=6)
    thread = ask_at(T0, slow)
    moderation_services.thread_retag(
        thread=thread, moderator=moderator, conditions=[slow, fast]
    )
    thread.refresh_from_db()
    assert thread.answer_due_at == T0 + timedelta(hours=6)
    assert thread.next_escalation_at == T0 + timedelta(hours=3)


def test_retagging_an_answered_question_keeps_its_dates(moderator):
    slow = factories.ConditionFactory(answer_target_hours=48)
    fast = factories.ConditionFactory(answer_target_hours=6)
    thread = ask_at(T0, slow)
    reply_at(T0 + timedelta(hours=1), thread, clinician(slow))
    moderation_services.thread_retag(
        thread=thread, moderator=moderator, conditions=[fast]
    )
    thread.refresh_from_db()
    assert thread.has_clinician_answer
    assert thread.answer_due_at == T0 + timedelta(hours=48)
    assert thread.next_escalation_at is None


# Honest expectations -------------------------------------------------------------


def test_estimate_is_the_median_of_first_verified_clinician_answers_in_90_days():
    ms = Condition.objects.get(slug="multiple-sclerosis")
    other = factories.ConditionFactory()
    doctor = clinician(ms)
    colleague = clinician()
    pending = clinician(ms, status=ClinicianProfile.Status.PENDING)
    lapsed = clinician(ms, verified_until=T0 - timedelta(days=1))
    member = factories.UserFactory()
    now = T0 + timedelta(days=100)
    expected = []
    delays_hours = [1, 2, 3, 5, 8, 13, 30]
    for i, hours in enumerate(delays_hours):
        asked = now - timedelta(days=80 - i * 10)
        thread = ask_at(asked, ms, other if i % 2 else ms)
        # Earlier replies that must not count: a member, a pending applicant,
        # a clinician whose check ran out, an anonymous and a hidden answer
        # by a verified clinician.
        reply_at(asked + timedelta(minutes=10), thread, member)
        reply_at(asked + timedelta(minutes=20), thread, pending)
        reply_at(asked + timedelta(minutes=25), thread, lapsed)
        anon = reply_at(asked + timedelta(minutes=30), thread, colleague)
        Post.objects.filter(pk=anon.pk).update(is_anonymous=True)
        hidden = reply_at(asked + timedelta(minutes=40), thread, doctor)
        Post.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
        first = colleague if i % 3 else doctor
        reply_at(asked + timedelta(hours=hours), thread, first)
        reply_at(asked + timedelta(hours=hours + 1), thread, doctor)
        expected.append(timedelta(hours=hours).total_seconds())
    # Asked more than 90 days ago: not counted, however fast.
    old = ask_at(now - timedelta(days=91), ms)
    reply_at(now - timedelta(days=91) + timedelta(minutes=5), old, doctor)
    # A hidden question: not counted.
    hidden_thread = ask_at(now - timedelta(days=3), ms)
    reply_at(now - timedelta(days=3, minutes=-1), hidden_thread, doctor)
    Thread.objects.filter(pk=hidden_thread.pk).update(visibility=Visibility.HIDDEN)
    # Never answered by a clinician: not counted.
    ask_at(now - timedelta(days=2), ms)

    with time_machine.travel(now, tick=False):
        found = routing.estimate(ms)
    assert found == timedelta(seconds=statistics.median(expected))
    assert found == timedelta(hours=5)


def test_no_estimate_below_five_answered_questions():
    quiet = factories.ConditionFactory()
    doctor = clinician(quiet)
    for i in range(4):
        thread = ask_at(T0 + timedelta(days=i), quiet)
        reply_at(T0 + timedelta(days=i, hours=2), thread, doctor)
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        assert routing.estimate(quiet) is None


def _answered_condition(hours=6):
    ms = Condition.objects.get(slug="multiple-sclerosis")
    doctor = clinician(ms)
    for i in range(5):
        thread = ask_at(T0 + timedelta(days=i), ms)
        reply_at(T0 + timedelta(days=i, hours=hours), thread, doctor)
    return ms


def test_the_asker_sees_how_soon_clinicians_usually_answer(client, other_member):
    ms = _answered_condition()
    quiet = factories.ConditionFactory(name="Quietitis")
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        asker = factories.UserFactory()
        thread = factories.ThreadFactory(author=asker, conditions=[ms, quiet])
        client.force_login(asker)
        page = text(client.get(thread.get_absolute_url()))
        assert (
            "Clinicians usually answer questions about Multiple sclerosis within "
            "about 6 hours (median of the last 90 days)." in page
        )
        assert "No estimate yet for Quietitis: it's a new or quiet topic." in page
        # Others reading the question don't get the asker's expectation.
        client.force_login(other_member)
        assert "Clinicians usually answer" not in text(
            client.get(thread.get_absolute_url())
        )
        # Shown on the condition's page and on the ask page too.
        assert "within about 6 hours" in text(client.get(ms.get_absolute_url()))
        ask_page = text(client.get(reverse("forum:thread_create")))
        assert "Multiple sclerosis: usually within about 6 hours" in ask_page


# Claims ------------------------------------------------------------------------


@pytest.fixture
def question(member, condition):
    return factories.ThreadFactory(
        author=member, conditions=[condition], title="Is heat bad for MS fatigue?"
    )


def claim_url(thread):
    return reverse("forum:thread_claim", args=[thread.pk])


def test_a_clinician_claims_and_others_see_it_on_the_cached_page(
    client, question, condition
):
    url = question.get_absolute_url()
    assert "Being answered by" not in cached_anonymous(url)
    doctor = clinician(condition, user__display_name="Dr Ada")
    client.force_login(doctor)
    with time_machine.travel(datetime(2026, 3, 2, 14, 2, tzinfo=UTC), tick=False):
        response = client.post(claim_url(question))
        assert response.status_code == 302
        question.refresh_from_db()
        assert question.claimed_by == doctor
        assert question.claimed_until == datetime(2026, 3, 2, 17, 2, tzinfo=UTC)
        assert "Being answered by Dr Ada (claimed 14:02 UTC)" in cached_anonymous(url)
        inbox = text(client.get(reverse("forum:clinician_inbox")))
        assert "Being answered by Dr Ada (claimed 14:02 UTC)" in inbox


def test_another_clinician_cannot_claim_while_the_claim_holds(
    client, question, condition
):
    first = clinician(condition, user__display_name="Dr Ada")
    second = clinician(condition)
    routing.claim(thread=question, user=first)
    client.force_login(second)
    page = text(client.get(question.get_absolute_url()))
    assert "Being answered by Dr Ada" in page
    assert "I'm answering this" not in page
    response = client.post(claim_url(question), follow=True)
    assert "Dr Ada is already answering this question." in text(response)
    question.refresh_from_db()
    assert question.claimed_by == first
    # They may still answer.
    reply = factories.reply(question, second, body=ANSWER)
    assert reply.visibility == Visibility.VISIBLE


def test_an_expired_claim_is_ignored(client, question, condition):
    first = clinician(condition, user__display_name="Dr Ada")
    second = clinician(condition)
    with time_machine.travel(T0, tick=False):
        routing.claim(thread=question, user=first)
    with time_machine.travel(T0 + timedelta(hours=3, minutes=1), tick=False):
        client.force_login(second)
        assert "Being answered by" not in text(client.get(question.get_absolute_url()))
        client.post(claim_url(question))
    question.refresh_from_db()
    assert question.claimed_by == second


def test_forged_claims_are_refused_and_change_nothing(
    client, question, member, other_member, moderator, condition
):
    unverified = clinician(condition, status=ClinicianProfile.Status.SUSPENDED)
    for user in (other_member, member, moderator, unverified):
        client.force_login(user)
        assert client.post(claim_url(question)).status_code == 403
    client.logout()
    assert client.post(claim_url(question)).status_code == 302  # To sign in.
    assert client.get(claim_url(question)).status_code in (302, 405)
    question.refresh_from_db()
    assert question.claimed_by is None and question.claimed_until is None


def test_a_clinician_without_a_second_factor_cannot_claim(question, condition):
    client = Client()
    client.force_login(clinician(condition), second_factor=False)
    assert client.post(claim_url(question)).status_code == 403
    question.refresh_from_db()
    assert question.claimed_by is None


def test_locked_or_answered_questions_cannot_be_claimed(client, question, condition):
    doctor = clinician(condition)
    colleague = clinician(condition)
    Thread.objects.filter(pk=question.pk).update(is_locked=True)
    client.force_login(doctor)
    client.post(claim_url(question))
    question.refresh_from_db()
    assert question.claimed_by is None
    Thread.objects.filter(pk=question.pk).update(is_locked=False)
    question.refresh_from_db()
    factories.reply(question, colleague, body=ANSWER)
    client.post(claim_url(question))
    question.refresh_from_db()
    assert question.claimed_by is None


def test_the_claimer_releases_it_and_only_the_claimer(client, question, condition):
    first = clinician(condition)
    second = clinician(condition)
    routing.claim(thread=question, user=first)
    client.force_login(second)
    release = reverse("forum:thread_release", args=[question.pk])
    assert client.post(release).status_code == 403
    question.refresh_from_db()
    assert question.claimed_by == first
    client.force_login(first)
    assert client.post(release).status_code == 302
    question.refresh_from_db()
    assert question.claimed_by is None
    assert "Being answered by" not in cached_anonymous(question.get_absolute_url())


def test_the_claim_ends_when_the_claimer_replies(question, condition):
    doctor = clinician(condition)
    routing.claim(thread=question, user=doctor)
    factories.reply(question, factories.UserFactory())
    question.refresh_from_db()
    assert question.claimed_by == doctor  # Someone else's reply: still held.
    factories.reply(question, doctor, body=ANSWER)
    question.refresh_from_db()
    assert question.claimed_by is None and question.claimed_until is None


# "I have this question too" ------------------------------------------------------


def me_too(client, thread, action="add"):
    return client.post(
        reverse("forum:thread_me_too", args=[thread.pk]), {"action": action}
    )


def test_me_too_counts_once_follows_and_shows_on_the_cached_page(
    client, question, other_member
):
    url = question.get_absolute_url()
    assert "have this question too" not in cached_anonymous(url)
    client.force_login(other_member)
    assert me_too(client, question).status_code == 302
    assert me_too(client, question).status_code == 302  # Double submit.
    question.refresh_from_db()
    assert question.me_too_count == 1
    assert MeToo.objects.filter(thread=question, user=other_member).count() == 1
    assert Follow.objects.filter(user=other_member, thread=question).exists()
    assert "1 member has this question too" in cached_anonymous(url)
    page = client.get(url).content.decode()
    assert 'aria-pressed="true"' in page

    third = factories.UserFactory()
    client.force_login(third)
    me_too(client, question)
    question.refresh_from_db()
    assert question.me_too_count == 2
    assert "2 members have this question too" in cached_anonymous(url)

    me_too(client, question, "withdraw")
    me_too(client, question, "withdraw")
    question.refresh_from_db()
    assert question.me_too_count == 1
    assert "1 member has this question too" in cached_anonymous(url)


def test_the_asker_and_visitors_cannot_say_me_too(client, question, member):
    client.force_login(member)
    assert me_too(client, question).status_code == 403
    client.logout()
    assert me_too(client, question).status_code == 302  # To sign in.
    unconfirmed = factories.UserFactory(email_verified_at=None)
    client.force_login(unconfirmed)
    assert me_too(client, question).status_code == 403
    question.refresh_from_db()
    assert question.me_too_count == 0
    assert not MeToo.objects.exists()


def test_me_too_on_a_hidden_question_is_a_404(client, question, other_member):
    Thread.objects.filter(pk=question.pk).update(visibility=Visibility.HIDDEN)
    client.force_login(other_member)
    assert me_too(client, question).status_code == 404
    assert not MeToo.objects.exists()


# Escalation ------------------------------------------------------------------------


def route(when):
    """Run the cron command at ``when``; the emails it sent, by recipient."""
    mail.outbox.clear()
    with time_machine.travel(when, tick=False):
        call_command("route_questions", stdout=StringIO())
    return sorted(to for message in mail.outbox for to in message.to)


@pytest.fixture
def routed():
    """A 10-hour condition, its clinician, other clinicians, a moderator."""
    target = factories.ConditionFactory(answer_target_hours=10)
    elsewhere = factories.ConditionFactory()
    people = {
        "mine": clinician(target),
        "other": clinician(elsewhere),
        "no_conditions": clinician(),
        "suspended": clinician(target, status=ClinicianProfile.Status.SUSPENDED),
        "moderator": factories.ModeratorFactory(),
    }
    return target, people


def test_escalation_steps_reach_each_group_once_at_its_time(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    email = {k: u.email for k, u in people.items()}
    hours = timedelta(hours=1)

    assert route(T0 + 4 * hours) == []
    assert route(T0 + 6 * hours) == [email["mine"]]
    assert route(T0 + 6 * hours + timedelta(minutes=5)) == []  # Run again.
    assert route(T0 + 11 * hours) == sorted([email["other"], email["no_conditions"]])
    assert route(T0 + 16 * hours) == [email["moderator"]]
    assert route(T0 + 40 * hours) == []

    thread.refresh_from_db()
    assert thread.escalation_step == 3 and thread.next_escalation_at is None
    notified = Notification.objects.filter(thread=thread, kind=Kind.ROUTED)
    assert sorted(notified.values_list("recipient_id", flat=True)) == sorted(
        u.pk for k, u in people.items() if k != "suspended"
    )


def test_routed_email_names_the_question(routed):
    condition, people = routed
    ask_at(T0, condition, title="Does heat make MS fatigue worse?")
    route(T0 + timedelta(hours=6))
    [message] = mail.outbox
    assert (
        message.subject == "Waiting for a clinician: Does heat make MS fatigue worse?"
    )
    assert "Does heat make MS fatigue worse?" in message.body


def test_a_late_worker_catches_up_without_telling_anyone_twice(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    recipients = route(T0 + timedelta(hours=20))
    assert sorted(recipients) == sorted(
        u.email for k, u in people.items() if k != "suspended"
    )
    thread.refresh_from_db()
    assert thread.escalation_step == 3


def test_a_question_answered_by_a_clinician_stops_escalating(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    assert route(T0 + timedelta(hours=6)) == [people["mine"].email]
    reply_at(T0 + timedelta(hours=7), thread, people["other"])
    thread.refresh_from_db()
    assert thread.next_escalation_at is None
    assert route(T0 + timedelta(hours=11)) == []
    assert route(T0 + timedelta(hours=16)) == []
    thread.refresh_from_db()
    assert thread.escalation_step == 1


def test_answered_before_the_first_step_nobody_is_told(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    reply_at(T0 + timedelta(hours=2), thread, people["mine"])
    assert route(T0 + timedelta(hours=16)) == []
    assert not Notification.objects.filter(kind=Kind.ROUTED).exists()


def test_a_member_reply_does_not_stop_escalation(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    reply_at(T0 + timedelta(hours=1), thread, factories.UserFactory())
    assert route(T0 + timedelta(hours=6)) == [people["mine"].email]


def test_the_second_of_two_workers_takes_no_step(routed):
    condition, people = routed
    thread = ask_at(T0, condition)
    now = T0 + timedelta(hours=6)
    with time_machine.travel(now, tick=False):
        # Both workers read the thread at step 0; the first one wins.
        stale = Thread.objects.get(pk=thread.pk)
        assert routing.escalation_take(thread_id=thread.pk, now=now) == 1
        won = Thread.objects.filter(
            pk=thread.pk, escalation_step=stale.escalation_step
        ).update(escalation_step=stale.escalation_step + 1)
    assert won == 0
    assert routing.escalation_take(thread_id=thread.pk, now=now) is None


def test_locked_and_hidden_questions_wait_and_deleted_ones_leave(routed):
    condition, people = routed
    locked = ask_at(T0, condition)
    deleted = ask_at(T0, condition)
    Thread.objects.filter(pk=locked.pk).update(is_locked=True)
    services.post_delete(post=deleted.posts.get(is_question=True), user=deleted.author)
    assert route(T0 + timedelta(hours=6)) == []
    deleted.refresh_from_db()
    locked.refresh_from_db()
    assert deleted.next_escalation_at is None
    assert locked.next_escalation_at is not None  # Unlocked later, it goes on.
    Thread.objects.filter(pk=locked.pk).update(is_locked=False)
    assert route(T0 + timedelta(hours=7)) == [people["mine"].email]
