"""What an outside review of clinician answers, routing and corrections
found, each fixed: anonymous authors stay anonymous in the log and through
claims, corrections meet the screening posts meet, a question that loses its
clinician answer is routed again, nobody decides on their own correction."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from forum import reviews, routing, services
from forum.models import CorrectionNote, Thread
from moderation import services as moderation
from notifications import routing as question_routing
from safety.models import WatchedWord
from safety.screening import forget_watched_words
from tests import factories

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def clinician(*conditions):
    profile = factories.ClinicianProfileFactory()
    profile.conditions.set(conditions)
    return profile.user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_clinician_suspended_as_a_member_cannot_claim():
    condition = factories.ConditionFactory()
    thread = factories.ThreadFactory(conditions=[condition])
    doc = clinician(condition)
    moderation.user_suspend(
        user=doc,
        moderator=factories.ModeratorFactory(),
        reason="Rude to members.",
        duration=timedelta(days=7),
    )
    response = signed_in(doc).post(reverse("forum:thread_claim", args=[thread.pk]))
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.claimed_by_id is None


def test_the_asker_cannot_claim_their_own_anonymous_question():
    condition = factories.ConditionFactory()
    doc = clinician(condition)
    posted = services.ask(
        author=doc,
        title="A question I ask without my name?",
        body="Asked anonymously by a clinician.",
        conditions=[condition],
        anonymous=True,
    )
    thread = posted.post.thread
    response = signed_in(doc).post(reverse("forum:thread_claim", args=[thread.pk]))
    assert response.status_code == 403
    assert (
        doc.display_name not in Client().get(thread.get_absolute_url()).content.decode()
    )


def test_an_anonymous_reply_does_not_end_the_claim_and_so_names_nobody():
    condition = factories.ConditionFactory()
    thread = factories.ThreadFactory(conditions=[condition])
    doc = clinician(condition)
    routing.claim(thread=thread, user=doc)
    services.reply(
        thread=Thread.objects.get(pk=thread.pk),
        author=doc,
        body="An anonymous reply from the clinician who claimed it.",
        anonymous=True,
    )
    thread.refresh_from_db()
    assert thread.claimed_by_id == doc.pk  # It runs out instead.
    services.reply(
        thread=Thread.objects.get(pk=thread.pk),
        author=doc,
        body="And an answer under my own name.",
    )
    thread.refresh_from_db()
    assert thread.claimed_by_id is None


def test_a_question_whose_clinician_answer_is_deleted_is_routed_again():
    condition = factories.ConditionFactory(answer_target_hours=24)
    with time_machine.travel(T0, tick=False):
        thread = factories.ThreadFactory(conditions=[condition])
    doc = clinician(condition)
    clinician(condition)  # Another, to be told.
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        answer = factories.reply(
            Thread.objects.get(pk=thread.pk), doc, body="A quick answer."
        )
    thread.refresh_from_db()
    assert thread.has_clinician_answer and thread.next_escalation_at is None
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        services.post_delete(post=answer, user=doc)
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    assert thread.next_escalation_at == T0 + timedelta(hours=12)
    with time_machine.travel(T0 + timedelta(hours=13), tick=False):
        assert question_routing.route_due_questions()
    thread.refresh_from_db()
    assert thread.escalation_step == 1


def test_a_suspended_clinicians_only_answer_sends_the_question_back():
    condition = factories.ConditionFactory(answer_target_hours=24)
    moderator = factories.ModeratorFactory()
    thread = factories.ThreadFactory(conditions=[condition])
    doc = clinician(condition)
    factories.reply(Thread.objects.get(pk=thread.pk), doc, body="My answer.")
    from moderation import clinicians

    clinicians.clinician_status_change(
        profile=doc.clinician_profile,
        moderator=moderator,
        status="suspended",
        reason="Registration lapsed.",
    )
    thread.refresh_from_db()
    assert not thread.has_clinician_answer
    assert thread.next_escalation_at is not None


@pytest.mark.parametrize(
    ("action", "text"),
    [
        (WatchedWord.Action.REQUIRE_APPROVAL, "Try miraclecure, it works"),
        (WatchedWord.Action.FLAG, "Try miraclecure, it works"),
    ],
)
def test_a_correction_with_held_or_flagged_words_is_refused(member, action, text):
    WatchedWord.objects.create(word="miraclecure", action=action)
    forget_watched_words()
    thread = factories.ThreadFactory(author=member)
    question = thread.posts.get(is_question=True)
    with pytest.raises(ValidationError):
        reviews.correction_add(post=question, author=member, text=text)
    assert not CorrectionNote.objects.exists()


def test_a_correction_that_signals_a_crisis_is_refused_with_a_way_to_support(member):
    thread = factories.ThreadFactory(author=member)
    question = thread.posts.get(is_question=True)
    with pytest.raises(ValidationError) as refused:
        reviews.correction_add(
            post=question, author=member, text="I want to die, nothing helps."
        )
    assert "support page" in " ".join(refused.value.messages)
    assert not CorrectionNote.objects.exists()


def test_a_double_submit_adds_one_correction(member):
    thread = factories.ThreadFactory(author=member)
    question = thread.posts.get(is_question=True)
    first = reviews.correction_add(post=question, author=member, text="I meant 5 mg.")
    again = reviews.correction_add(post=question, author=member, text="I meant 5 mg.")
    assert first.pk == again.pk and CorrectionNote.objects.count() == 1


def test_its_author_deletes_a_correction_and_nobody_else_can(member):
    thread = factories.ThreadFactory(author=member)
    question = thread.posts.get(is_question=True)
    note = reviews.correction_add(post=question, author=member, text="I meant 5 mg.")
    url = reverse("forum:correction_delete", args=[note.pk])
    visitor_page = Client().get(thread.get_absolute_url()).content.decode()
    assert "I meant 5 mg." in visitor_page
    assert signed_in(factories.UserFactory()).post(url).status_code == 404
    assert signed_in(member).get(url).status_code == 405
    assert CorrectionNote.objects.filter(pk=note.pk).exists()
    assert signed_in(member).post(url).status_code == 302
    assert not CorrectionNote.objects.filter(pk=note.pk).exists()
    assert (
        "I meant 5 mg." not in Client().get(thread.get_absolute_url()).content.decode()
    )


def test_a_moderator_decides_nothing_about_their_own_correction():
    author, other = factories.ModeratorFactory(), factories.ModeratorFactory()
    thread = factories.ThreadFactory(author=author)
    question = thread.posts.get(is_question=True)
    note = reviews.correction_add(post=question, author=author, text="Typo: 5 mg.")
    with pytest.raises(PermissionDenied):
        moderation.correction_hide(note=note, moderator=author, reason="Mine.")
    moderation.correction_hide(note=note, moderator=other, reason="Off topic.")
    with pytest.raises(PermissionDenied):
        moderation.correction_restore(note=note, moderator=author, reason="No.")
    note.refresh_from_db()
    assert note.hidden_at is not None


def test_the_log_names_nobody_for_an_anonymous_authors_hidden_correction():
    condition = factories.ConditionFactory()
    asker = factories.UserFactory(display_name="Secret Asker")
    posted = services.ask(
        author=asker,
        title="An anonymous question here?",
        body="Body of the anonymous question.",
        conditions=[condition],
        anonymous=True,
    )
    note = reviews.correction_add(
        post=posted.post, author=asker, text="Unique correction words xyz"
    )
    first, second = factories.ModeratorFactory(), factories.ModeratorFactory()
    moderation.correction_hide(note=note, moderator=first, reason="Personal data.")
    log = signed_in(second).get(reverse("moderation:log")).content.decode()
    assert "Secret Asker" not in log
    assert "Unique correction words xyz" not in log
    found = signed_in(second).get(reverse("moderation:log") + "?subject=Secret+Asker")
    assert "Personal data." not in found.content.decode()
