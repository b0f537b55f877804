"""PostgreSQL: a reply adds only its own words to its thread's search vector
(a trigger, search migration 0007), and any other change recomputes it; the
result holds the same words as a full recomputation."""

import pytest
from django.db import connection

from forum import services
from search.models import ThreadDocument
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

FULL = """
    setweight(to_tsvector('carethread', coalesce(title, '')), 'A')
    || setweight(to_tsvector('carethread', coalesce(terms, '')), 'B')
    || setweight(to_tsvector('carethread', coalesce(body, '')), 'C')
"""


def vectors(thread_id: int) -> tuple[set, set]:
    """(lexeme, weights) of the stored vector and of a full recomputation."""
    with connection.cursor() as cursor:
        rows = []
        for expression in ("vector", FULL):
            cursor.execute(
                f"SELECT lexeme, weights FROM search_threaddocument,"
                f" unnest({expression}) WHERE thread_id = %s",
                [thread_id],
            )
            rows.append({(lexeme, tuple(sorted(w))) for lexeme, w in cursor.fetchall()})
    return rows[0], rows[1]


def test_appended_replies_give_the_words_a_full_recomputation_gives():
    thread = factories.ThreadFactory(title="Numb fingers in the cold")
    for n, body in enumerate(
        [
            "Raynaud's phenomenon was my diagnosis, gloves helped.",
            "My rheumatologist suggested nifedipine for the winter months.",
            "Hand warmers and fingerless gloves, every single morning.",
        ]
    ):
        factories.reply(thread, body=body)
        stored, full = vectors(thread.pk)
        assert stored == full, n
    assert any(lex.startswith("nifedipin") and w == ("C",) for lex, w in stored)


def test_a_change_other_than_an_append_recomputes_the_whole_vector():
    thread = factories.ThreadFactory(title="Numb fingers in the cold")
    reply = factories.reply(thread, body="Methotrexate made my hands tingle.")
    services.post_delete(post=reply, user=reply.author)
    stored, full = vectors(thread.pk)
    assert stored == full
    assert not any(lexeme.startswith("methotrex") for lexeme, _w in stored)
    ThreadDocument.objects.filter(thread_id=thread.pk).update(title="Cold hands")
    stored, full = vectors(thread.pk)
    assert stored == full and ("hand", ("A",)) in stored
