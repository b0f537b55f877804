"""The checks every new post and edit goes through before it is written:
watched words (block, hold, flag) and the link limit for new accounts. Who
is trusted (moderators, verified clinicians) skips blocking and holding."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import markup
from moderation import services as moderation_services
from safety import screening
from safety.models import WatchedWord
from tests import factories

pytestmark = pytest.mark.django_db


def _screen(author, text):
    return screening.screen(author=author, text=text, html=markup.render(text))


@pytest.fixture
def words(moderator):
    for word, action in [
        ("miracle cure", WatchedWord.Action.BLOCK),
        ("crypto", WatchedWord.Action.REQUIRE_APPROVAL),
        ("detox", WatchedWord.Action.FLAG),
    ]:
        moderation_services.watched_word_add(
            word=word, action=action, moderator=moderator
        )


@pytest.fixture
def established(db):
    joined = timezone.now() - timedelta(days=400)
    return factories.UserFactory(date_joined=joined)


def test_a_blocked_word_refuses_the_post_naming_the_word(words, established):
    with pytest.raises(ValidationError) as refused:
        _screen(established, "Has anyone tried this MIRACLE  cure? No: MIRACLE CURE!")
    assert "“miracle cure”" in refused.value.message_dict["body"][0]


def test_words_match_whole_words_only(words, established):
    found = _screen(established, "Cryptography lectures and detoxification myths.")
    assert not found.needs_approval and found.flag_words == []


def test_a_hold_word_holds_a_members_post_but_not_a_trusted_ones(
    words, established, moderator, clinician
):
    assert _screen(established, "I was paid in crypto for this.").needs_approval
    for trusted in (moderator, clinician):
        assert not _screen(trusted, "I was paid in crypto for this.").needs_approval
        _screen(trusted, "A miracle cure, as patients call it, does not exist.")


def test_a_flag_word_is_flagged_for_everyone_and_the_post_goes_through(
    words, established, moderator
):
    for author in (established, moderator):
        found = _screen(author, "Is a detox diet useful? Detox teas?")
        assert found.flag_words == ["detox"]
        assert not found.needs_approval


def test_new_accounts_may_post_one_link_established_members_more(established):
    newcomer = factories.UserFactory()
    two_links = "See https://example.org/a and https://example.org/b"
    assert _screen(newcomer, "See https://example.org/a").flag_words == []
    with pytest.raises(ValidationError) as refused:
        _screen(newcomer, two_links)
    assert "(this has 2)" in refused.value.message_dict["body"][0]
    _screen(established, two_links)


def test_a_word_added_or_removed_counts_at_once(moderator, established):
    assert not _screen(established, "Buy crypto here").needs_approval
    moderation_services.watched_word_add(
        word="crypto", action=WatchedWord.Action.REQUIRE_APPROVAL, moderator=moderator
    )
    assert _screen(established, "Buy crypto here").needs_approval
    moderation_services.watched_word_remove(
        watched=WatchedWord.objects.get(word="crypto"), moderator=moderator
    )
    assert not _screen(established, "Buy crypto here").needs_approval
