"""Moderators hide a correction note like a post: a reason the author reads,
a statement of reasons and an appeal that puts it back."""

import pytest
from django.test import Client
from django.urls import reverse

from forum import reviews
from forum.models import CorrectionNote
from moderation.models import Appeal, ModerationEvent
from tests import factories
from tests.moderation.test_appeals import appeal_and_reverse, as_user

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
RUDE = "Correction: the previous poster is an idiot who knows nothing."


@pytest.fixture
def note(thread, member):
    answer = factories.reply(thread, author=member, body="Rest helped me a lot.")
    return reviews.correction_add(post=answer, author=member, text=RUDE)


def hide(client, note, reason="Insults another member."):
    url = reverse("moderation:correction_action", args=[note.pk])
    return client.post(url, {"action": "hide", "reason": reason, "next": "/"})


def test_a_moderator_hides_it_for_everyone_but_moderators(note, moderator, member):
    thread_url = note.post.thread.get_absolute_url()
    visitor = Client()
    assert RUDE in visitor.get(thread_url).content.decode()  # Cached now.
    assert hide(as_user(moderator), note).status_code == 302
    note.refresh_from_db()
    assert note.hidden_at is not None
    assert RUDE not in visitor.get(thread_url).content.decode()
    assert RUDE not in as_user(member).get(thread_url).content.decode()
    page = as_user(moderator).get(thread_url).content.decode()
    assert RUDE in page and "Hidden by a moderator" in page
    event = ModerationEvent.objects.get(action=Action.CORRECTION_HIDE)
    assert event.subject_id == member.pk and event.reason == "Insults another member."


def test_hiding_needs_a_reason_and_a_moderator(note, member, moderator):
    assert hide(as_user(moderator), note, reason="  ").status_code == 302
    assert hide(as_user(member), note).status_code == 403
    assert hide(Client(), note).status_code == 302  # To sign in.
    note.refresh_from_db()
    assert note.hidden_at is None
    assert not ModerationEvent.objects.filter(action=Action.CORRECTION_HIDE).exists()
    url = reverse("moderation:correction_action", args=[note.pk])
    assert as_user(moderator).get(url).status_code == 405
    assert as_user(moderator).post(url, {"action": "delete"}).status_code == 302
    assert (
        as_user(moderator)
        .post(reverse("moderation:correction_action", args=[10**9]), {"action": "hide"})
        .status_code
        == 404
    )


def test_the_author_appeals_and_a_second_moderator_puts_it_back(
    note, member, moderator
):
    hide(as_user(moderator), note)
    event = ModerationEvent.objects.get(action=Action.CORRECTION_HIDE)
    statement = as_user(member).get(reverse("moderation:decision", args=[event.pk]))
    assert "A moderator hid your correction note." in statement.content.decode()
    appeal = appeal_and_reverse(event, member, moderator)
    assert appeal.state == Appeal.State.REVERSED
    assert CorrectionNote.objects.get(pk=note.pk).hidden_at is None
    page = Client().get(note.post.thread.get_absolute_url()).content.decode()
    assert RUDE in page
