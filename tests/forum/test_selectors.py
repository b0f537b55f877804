"""The forum's reads: who sees which threads and replies, list orders and
filters, and when a reader may share the rendered posts of a thread page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from forum import selectors
from forum.models import Condition, HelpfulMark, Post, Thread, Visibility
from moderation import services as moderation_services
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db


def _hide_thread(thread):
    Thread.objects.filter(pk=thread.pk).update(visibility=Visibility.HIDDEN)
    thread.refresh_from_db()


def test_a_hidden_thread_is_a_404_for_others_but_not_its_author_or_moderators(
    thread, member, other_member, moderator
):
    _hide_thread(thread)
    for user in (AnonymousUser(), other_member):
        with pytest.raises(Http404):
            selectors.thread_get_for_user(user=user, pk=thread.pk)
    for user in (member, moderator):
        assert selectors.thread_get_for_user(user=user, pk=thread.pk) == thread
    with pytest.raises(Http404):
        selectors.thread_get_for_user(user=moderator, pk=thread.pk + 1000)


def test_pending_replies_show_only_to_their_author_and_moderators(
    thread, other_member, moderator
):
    shown = reply(thread, body="Published.")
    held = reply(thread, other_member, body="Waiting for a moderator.")
    Post.objects.filter(pk=held.pk).update(visibility=Visibility.PENDING)
    hidden = reply(thread, body="Hidden by a moderator.")
    moderation_services.post_hide(post=hidden, moderator=moderator, reason="Spam.")

    def seen(user):
        return [p.pk for p in selectors.post_list_replies(thread=thread, user=user)]

    # Hidden replies keep their place (as a placeholder) for everyone.
    assert seen(AnonymousUser()) == [shown.pk, hidden.pk]
    assert seen(factories.UserFactory()) == [shown.pk, hidden.pk]
    assert seen(other_member) == [shown.pk, held.pk, hidden.pk]
    assert seen(moderator) == [shown.pk, held.pk, hidden.pk]


def test_a_profile_lists_public_posts_to_others_and_more_to_the_member(
    thread, member, moderator
):
    author = factories.UserFactory()
    public = reply(thread, author, body="Public reply.")
    hidden = reply(thread, author, body="A reply that was hidden.")
    moderation_services.post_hide(post=hidden, moderator=moderator, reason="Spam.")

    def listed(viewer):
        return {
            p.pk for p in selectors.post_list_by_author(author=author, viewer=viewer)
        }

    assert listed(AnonymousUser()) == {public.pk}
    assert listed(member) == {public.pk}
    assert listed(author) == {public.pk, hidden.pk}
    assert listed(moderator) == {public.pk, hidden.pk}


def test_latest_puts_pinned_threads_first_and_filters_mean_what_they_say(
    member, condition, clinician
):
    old = factories.ThreadFactory(author=member, conditions=[condition])
    answered = factories.ThreadFactory(author=member, conditions=[condition])
    reply(answered, clinician, body="A clinician's answer.")
    newest = factories.ThreadFactory(author=member, conditions=[condition])
    Thread.objects.filter(pk=old.pk).update(is_pinned=True)
    latest = [t.pk for t in selectors.thread_list_visible(condition=condition)]
    assert latest[0] == old.pk
    unanswered = selectors.thread_list_visible(sort="unanswered", condition=condition)
    assert {t.pk for t in unanswered} == {old.pk, newest.pk}
    awaiting = selectors.thread_list_visible(sort="awaiting", condition=condition)
    assert answered.pk not in {t.pk for t in awaiting}
    _hide_thread(newest)
    assert newest.pk not in {t.pk for t in selectors.thread_list_visible()}


def test_condition_search_matches_names_and_synonyms():
    conditions = list(Condition.objects.all())
    found = selectors.condition_list_matching(conditions, "  ms ")
    assert "multiple-sclerosis" in {c.slug for c in found}
    assert selectors.condition_list_matching(conditions, "") == conditions
    assert selectors.condition_list_matching(conditions, "no such thing") == []


def test_a_reader_shares_the_rendered_posts_only_when_none_is_theirs(
    thread, other_member
):
    first = reply(thread, body="An ordinary reply.")
    meta = {"authors": [thread.author_id, first.author_id], "posts": [first.pk]}
    reader = factories.UserFactory()
    assert selectors.reader_sees_shared_posts(user=reader, thread=thread, meta=meta)
    # Their own post on the page, their helpful mark, or a post of theirs
    # waiting for review (it would shift the pages): the page is theirs alone.
    assert not selectors.reader_sees_shared_posts(
        user=first.author, thread=thread, meta=meta
    )
    HelpfulMark.objects.create(post=first, user=reader)
    assert not selectors.reader_sees_shared_posts(user=reader, thread=thread, meta=meta)
    held = reply(thread, other_member, body="Held for review.")
    Post.objects.filter(pk=held.pk).update(visibility=Visibility.PENDING)
    assert not selectors.reader_sees_shared_posts(
        user=other_member, thread=thread, meta=meta
    )
