"""What a member wrote or said about others' questions leaves with them: their
corrections and reviews (when they delete their posts), "I have this question
too" and a claim (always); the export holds all of it."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from forum import reviews, routing
from forum.models import CorrectionNote, MeToo, Review, Thread
from members import services as member_services
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WORDS = "Kalamata-olive remedy: please ignore my earlier dose."


@pytest.fixture
def clinician():
    return factories.ClinicianProfileFactory(user__display_name="Dr Leaving").user


@pytest.fixture
def scene(clinician):
    asker = factories.UserFactory()
    thread = factories.ThreadFactory(author=asker)
    answer = factories.reply(thread, author=factories.UserFactory())
    reviews.review_set(post=answer, clinician=clinician, verdict="disagree", note=WORDS)
    reviews.correction_add(post=answer, author=clinician, text=WORDS)
    other = factories.ThreadFactory()
    routing.me_too_add(thread=other, user=clinician)
    routing.claim(thread=thread, user=clinician)
    return thread, other, answer


def test_export_holds_corrections_reviews_and_shared_questions(clinician, scene):
    thread, other, answer = scene
    client = Client()
    client.force_login(clinician)
    data = json.loads(client.get(reverse("accounts:account_export")).content)
    assert [c["text"] for c in data["corrections_written"]] == [WORDS]
    assert [
        (r["post_id"], r["verdict"], r["note"]) for r in data["reviews_written"]
    ] == [(answer.pk, "disagree", WORDS)]
    assert data["questions_shared"] == [other.pk]


def test_deleting_with_posts_takes_corrections_and_reviews(clinician, scene):
    thread, other, answer = scene
    anonymous = Client()
    assert WORDS in anonymous.get(thread.get_absolute_url()).content.decode()
    member_services.account_delete(user=clinician, password=PASSWORD, delete_posts=True)
    assert not CorrectionNote.objects.filter(text=WORDS).exists()
    assert not Review.objects.filter(note=WORDS).exists()
    assert not MeToo.objects.exists()
    assert Thread.objects.get(pk=other.pk).me_too_count == 0
    assert Thread.objects.get(pk=thread.pk).claimed_by is None
    # The cached page for visitors changed at once.
    assert WORDS not in anonymous.get(thread.get_absolute_url()).content.decode()


def test_keeping_posts_keeps_words_but_drops_the_badge_and_the_shared_question(
    clinician, scene
):
    thread, other, answer = scene
    member_services.account_delete(
        user=clinician, password=PASSWORD, delete_posts=False
    )
    # The words stay in the database like their posts, but no badge holds
    # them up any more: a former clinician's review or correction isn't shown.
    assert CorrectionNote.objects.filter(text=WORDS).exists()
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert WORDS not in page
    assert Thread.objects.get(pk=other.pk).me_too_count == 0
    assert not MeToo.objects.exists()
