"""search.index: the index follows what is public, whatever the change."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections

from forum import services as forum_services
from forum.models import Thread
from moderation import services as moderation_services
from search import index, query
from search.index import thread_reindex
from search.models import ThreadDocument
from tests.factories import ConditionFactory, ThreadFactory, UserFactory, reply

pytestmark = pytest.mark.django_db


def _found(q):
    results = query.search_threads(q=q)
    return results[0 : max(results.count(), 1)]


def _ids(q):
    return [r.thread.pk for r in _found(q)]


def _snippets(q):
    return " ".join(r.snippet.html + r.title.html for r in _found(q))


def test_new_thread_and_reply_are_indexed(thread, other_member):
    reply(thread, other_member, "Try a cooling vest from a sports shop.")
    assert _ids("cooling vest") == [thread.pk]


def test_hidden_reply_leaves_results_and_snippets(thread, other_member, moderator):
    post = reply(thread, other_member, "Ask about quinine for the cramps.")
    reply(thread, other_member, "Stretching helped my cramps too.")
    assert _ids("quinine") == [thread.pk]
    moderation_services.post_hide(post=post, moderator=moderator, reason="Advice")
    assert _ids("quinine") == []
    assert "quinine" not in _snippets("cramps").lower()
    moderation_services.post_restore(post=post, moderator=moderator)
    assert _ids("quinine") == [thread.pk]


def test_pending_reply_is_not_indexed_until_approved(settings, thread, moderator):
    settings.FORUM_PREMODERATION_POSTS = 2
    newcomer = UserFactory()
    post = reply(thread, newcomer, "Look into the pelvic floor clinic.")
    assert post.visibility == "pending"
    assert _ids("pelvic") == []
    moderation_services.post_approve(post=post, moderator=moderator)
    assert _ids("pelvic") == [thread.pk]


def test_pending_thread_is_not_indexed(settings):
    settings.FORUM_PREMODERATION_POSTS = 2
    author = UserFactory()
    pending = ThreadFactory(author=author, title="Pending question about xylitol")
    assert pending.visibility == "pending"
    assert _ids("xylitol") == []
    assert not ThreadDocument.objects.filter(thread=pending).exists()


def test_deleted_reply_is_not_found_even_by_its_author(thread, other_member):
    post = reply(thread, other_member, "My own words about hydroxychloroquine.")
    forum_services.post_delete(post=post, user=other_member)
    assert _ids("hydroxychloroquine") == []


def test_deleted_thread_is_not_found(member):
    doomed = ThreadFactory(author=member, title="Question about lidocaine patches")
    question = doomed.posts.get(is_question=True)
    forum_services.post_delete(post=question, user=member)
    assert _ids("lidocaine") == []
    assert not ThreadDocument.objects.filter(thread=doomed).exists()


def test_hidden_question_hides_the_thread(member, moderator):
    hidden = ThreadFactory(author=member, title="Question about gabapentin doses")
    question = hidden.posts.get(is_question=True)
    moderation_services.post_hide(post=question, moderator=moderator, reason="x")
    assert _ids("gabapentin") == []
    assert query.similar_threads("gabapentin doses") == []


def test_edit_reindexes_title_and_body(thread, member):
    question = thread.posts.get(is_question=True)
    forum_services.post_edit(
        post=question,
        editor=member,
        title="Rewritten title about echocardiograms",
        body="Now the body mentions a holter monitor.",
    )
    assert _ids("echocardiograms") == [thread.pk]
    assert _ids("holter") == [thread.pk]
    assert _ids("handle") == []  # Words of the old body are gone.


def test_retag_reindexes_condition_terms(thread, moderator):
    asthma = ConditionFactory(
        name="Retag asthma", slug="retag-asthma", synonyms="wheezeword"
    )
    assert _ids("wheezeword") == []
    moderation_services.thread_retag(
        thread=thread, moderator=moderator, conditions=[asthma]
    )
    assert _ids("wheezeword") == [thread.pk]


def test_merge_moves_text_to_the_target(member, moderator):
    source = ThreadFactory(
        author=member, title="Duplicate question", body="Is spirometry painful?"
    )
    target = ThreadFactory(author=member, title="Original lung function question")
    moderation_services.thread_merge(source=source, target=target, moderator=moderator)
    assert _ids("spirometry") == [target.pk]


def test_reindex_of_missing_thread_is_harmless():
    thread_reindex(999_999)


def test_rebuild_command_restores_the_index(thread, member):
    ThreadDocument.objects.all().delete()
    assert _ids("handle") == []
    stale = ThreadFactory(author=member, title="Stale entry about orthoptics")
    Thread.objects.filter(pk=stale.pk).update(visibility="hidden")
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    assert _ids("handle") == [thread.pk]
    assert not ThreadDocument.objects.filter(thread=stale).exists()
    assert "Indexed 1 threads." in out.getvalue()


def _body(thread):
    return ThreadDocument.objects.get(thread=thread).body


def _rebuilt_body(thread):
    thread_reindex(thread.pk)
    return _body(thread)


def test_replies_are_appended_exactly_as_a_rebuild_writes_them(thread, other_member):
    reply(thread, other_member, "First: a cooling vest.")
    reply(thread, other_member, "Second: pacing.")
    appended = _body(thread)
    assert appended.endswith("a cooling vest.\n\nSecond: pacing.")
    assert _rebuilt_body(thread) == appended


def test_hidden_reply_stays_out_when_later_replies_are_appended(
    thread, other_member, moderator
):
    hidden = reply(thread, other_member, "Ask about quinine for the cramps.")
    moderation_services.post_hide(post=hidden, moderator=moderator, reason="Advice")
    reply(thread, other_member, "Stretching helped my cramps.")
    assert "quinine" not in _body(thread)
    assert _ids("quinine") == []
    assert _ids("stretching") == [thread.pk]
    assert _rebuilt_body(thread) == _body(thread)


def test_appended_body_keeps_the_cap_as_a_rebuild_would(
    monkeypatch, thread, other_member
):
    monkeypatch.setattr("search.index.MAX_BODY_CHARS", 120)
    thread_reindex(thread.pk)
    reply(thread, other_member, "A reply long enough to cross the cap: " + "x" * 40)
    capped = _body(thread)
    assert len(capped) == 120
    assert _rebuilt_body(thread) == capped
    # At the cap, a later reply changes nothing, as a rebuild would cut it off.
    reply(thread, other_member, "Too late to be indexed: sumatriptan.")
    assert _body(thread) == capped
    assert _ids("sumatriptan") == []


def test_reply_to_a_thread_missing_from_the_index_indexes_it_whole(
    thread, other_member
):
    ThreadDocument.objects.filter(thread=thread).delete()
    reply(thread, other_member, "Try a cooling vest from a sports shop.")
    assert _ids("cooling vest") == [thread.pk]
    assert _ids("handle") == [thread.pk]  # The question, from the thread's text.


def test_reply_indexing_reads_no_other_post(
    thread, other_member, django_assert_max_num_queries
):
    for n in range(30):
        reply(thread, other_member, f"Earlier reply number {n}.")
    post = reply(thread, other_member, "The newest reply about metformin.")
    ThreadDocument.objects.filter(thread=thread).update(body="question text")
    with django_assert_max_num_queries(1):
        index.reply_append(thread_id=thread.pk, source=post.source)
    assert _body(thread) == "question text\n\nThe newest reply about metformin."


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_concurrent_replies_are_all_indexed_in_thread_order():
    thread = ThreadFactory()
    authors = [UserFactory() for _ in range(6)]
    barrier = threading.Barrier(len(authors))
    errors: list[BaseException] = []

    def worker(author):
        try:
            barrier.wait()
            for n in range(4):
                reply(thread, author, f"Concurrent word{author.pk}x{n} here.")
        except BaseException as exc:  # Reported after join.
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(a,)) for a in authors]
    for t in workers:
        t.start()
    for t in workers:
        t.join()

    assert errors == []
    appended = _body(thread)
    assert appended.count("Concurrent word") == 24
    assert _rebuilt_body(thread) == appended
