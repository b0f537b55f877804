"""The clinician inbox as routing shapes it: overdue first, then what most
members have too, then the oldest; excerpts, targets, claims, filters by
condition, specialty area and scope; the count on the inbox link."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import routing
from forum.models import Condition, Thread
from tests import factories

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INBOX = reverse("forum:clinician_inbox")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def cond(slug) -> Condition:
    return Condition.objects.get(slug=slug)


def clinician(*conditions):
    profile = factories.ClinicianProfileFactory()
    profile.conditions.set(conditions)
    return profile.user


def ask_at(when, *conditions, **kwargs):
    with time_machine.travel(when, tick=False):
        return factories.ThreadFactory(conditions=list(conditions), **kwargs)


def me_too(thread, n):
    for _ in range(n):
        routing.me_too_add(thread=thread, user=factories.UserFactory())


def titles(response):
    return [t.title for t in response.context["page_obj"].object_list]


@pytest.fixture
def ms():
    return cond("multiple-sclerosis")


def test_overdue_first_then_most_me_too_then_oldest(client, ms):
    Condition.objects.filter(pk=ms.pk).update(answer_target_hours=24)
    ms.refresh_from_db()
    overdue_new = ask_at(T0 - timedelta(hours=30), ms, title="Overdue, newer")
    overdue_old = ask_at(T0 - timedelta(hours=50), ms, title="Overdue, older")
    shared = ask_at(T0 - timedelta(hours=2), ms, title="Many have it too")
    me_too(shared, 3)
    one = ask_at(T0 - timedelta(hours=1), ms, title="One has it too")
    me_too(one, 1)
    oldest = ask_at(T0 - timedelta(hours=20), ms, title="Plain, older")
    newest = ask_at(T0 - timedelta(hours=3), ms, title="Plain, newer")
    client.force_login(clinician(ms))
    with time_machine.travel(T0, tick=False):
        response = client.get(INBOX)
    assert titles(response) == [
        overdue_old.title,
        overdue_new.title,
        shared.title,
        one.title,
        oldest.title,
        newest.title,
    ]
    page = text(response)
    assert "overdue ones first, then those the most members have too" in page
    assert page.count("Overdue") >= 2
    assert "3 members have this question too" in page
    assert "1 member has this question too" in page


def test_each_item_shows_an_excerpt_its_age_and_target(client, ms):
    Condition.objects.filter(pk=ms.pk).update(answer_target_hours=24)
    ask_at(
        T0 - timedelta(hours=13),
        ms,
        title="Fatigue in the afternoons",
        body="Since my **relapse** I crash every afternoon around three.",
    )
    client.force_login(clinician(ms))
    with time_machine.travel(T0, tick=False):
        page = text(client.get(INBOX))
    assert "Since my relapse I crash every afternoon around three." in page
    assert "asked 13 hours ago · target 24 h" in page
    assert "Overdue" not in page


def test_scope_and_filters(client, ms):
    epilepsy = cond("type-2-diabetes")
    mine = ask_at(T0, ms, title="An MS question")
    elsewhere = ask_at(T0, epilepsy, title="An epilepsy question")
    client.force_login(clinician(ms))
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert titles(client.get(INBOX)) == [mine.title]
        both = titles(client.get(INBOX, {"scope": "all"}))
        assert sorted(both) == sorted([mine.title, elsewhere.title])
        by_area = client.get(INBOX, {"scope": "all", "category": epilepsy.category})
        assert titles(by_area) == [elsewhere.title]
        by_condition = client.get(INBOX, {"scope": "all", "condition": epilepsy.slug})
        assert titles(by_condition) == [elsewhere.title]
        # Not one of my conditions, in "my conditions": not found.
        assert client.get(INBOX, {"condition": epilepsy.slug}).status_code == 404
        # Nonsense falls back to the defaults.
        odd = client.get(INBOX, {"scope": "<x>", "category": "\x00", "page": "-1"})
        assert odd.status_code == 200
        assert titles(odd) == [mine.title]


def test_the_inbox_reads_a_fixed_number_of_queries(client, ms):
    doctor = clinician(ms, cond("epilepsy"))
    client.force_login(doctor)

    def count():
        cache.clear()  # Cold: estimates and the link's count read too.
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    ask_at(T0, ms)
    routing.claim(thread=Thread.objects.get(), user=doctor)
    few = count()
    for i in range(12):
        thread = ask_at(T0 + timedelta(minutes=i), ms, cond("epilepsy"))
        me_too(thread, 1)
        if i % 2:
            routing.claim(thread=thread, user=clinician(ms))
    assert count() == few


def test_the_median_card_lists_my_conditions(client, ms):
    doctor = clinician(ms, cond("epilepsy"))
    for i in range(5):
        thread = ask_at(T0 + timedelta(days=i), ms)
        with time_machine.travel(T0 + timedelta(days=i, hours=4), tick=False):
            factories.reply(thread, doctor, body="Pacing helps many of my patients.")
    client.force_login(doctor)
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        page = text(client.get(INBOX))
    assert "Time to a first answer" in page
    assert "Multiple sclerosis 4 hours" in page
    assert "Epilepsy no estimate yet" in page


def test_the_inbox_link_counts_questions_waiting_in_my_conditions(client, ms):
    doctor = clinician(ms)
    ask_at(T0, ms)
    ask_at(T0, ms)
    ask_at(T0, cond("epilepsy"))  # Not mine.
    client.force_login(doctor)
    link = re.compile(r"Clinician inbox\s*<span[^>]*>(\d+)")
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        home = client.get(reverse("forum:home")).content.decode()
        assert link.search(home).group(1) == "2"
        ask_at(T0 + timedelta(minutes=1), ms)
        # Kept a minute per clinician.
        home = client.get(reverse("forum:home")).content.decode()
        assert link.search(home).group(1) == "2"
    with time_machine.travel(T0 + timedelta(minutes=3), tick=False):
        home = client.get(reverse("forum:home")).content.decode()
        assert link.search(home).group(1) == "3"


def test_members_pay_no_query_for_the_inbox_count(client, member):
    client.force_login(member)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("forum:home"))
    assert not any(
        "clinicianprofile_conditions" in q["sql"] for q in ctx.captured_queries
    )
