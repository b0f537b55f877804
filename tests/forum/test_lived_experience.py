"""Lived experience: members say in their settings which conditions they live
with or care for someone with. Public statements label their replies in that
condition's threads, list on their profile and count on the condition's page;
private ones are seen by the member only, and never by anyone else."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ConditionStatement
from core import pagecache
from members import services as member_services
from tests import factories
from tests.clinician_helpers import text

pytestmark = pytest.mark.django_db

Relation = ConditionStatement.Relation
LABEL = "badge-experience"


def state(user, condition, relation=Relation.LIVES_WITH, public=True):
    return ConditionStatement.objects.create(
        user=user, condition=condition, relation=relation, is_public=public
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def anonymous(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def condition(db):
    return factories.ConditionFactory(name="Lupus", slug="lupus-test")


@pytest.fixture
def asked(member, condition):
    return factories.ThreadFactory(
        author=member, conditions=[condition], title="Joint pain in the morning?"
    )


# Labels on replies ----------------------------------------------------------------


def test_reply_of_a_member_with_a_public_statement_carries_the_label(
    asked, condition, other_member
):
    state(other_member, condition)
    factories.reply(asked, author=other_member, body="Warm showers help me.")
    page = anonymous(asked.get_absolute_url())
    assert "Lives with Lupus" in page
    assert "Says they live with Lupus; not a health professional" in page
    assert page.count(f'class="{LABEL}"') == 1


def test_caregiver_label(asked, condition, other_member):
    state(other_member, condition, relation=Relation.CARES_FOR)
    factories.reply(asked, author=other_member, body="My son uses a heat pad.")
    page = anonymous(asked.get_absolute_url())
    assert "Caregiver · Lupus" in page
    assert "Says they care for someone with Lupus" in page


def test_no_label_without_a_public_statement_for_the_threads_condition(
    asked, condition, other_member
):
    elsewhere = factories.ConditionFactory()
    state(other_member, elsewhere)  # A statement, but for another condition.
    quiet = factories.UserFactory()
    state(quiet, condition, public=False)  # The right one, but private.
    factories.reply(asked, author=other_member, body="Warm showers help me.")
    factories.reply(asked, author=quiet, body="Gentle stretching first thing.")
    page = anonymous(asked.get_absolute_url())
    assert LABEL not in page
    assert "Lives with" not in page
    # Not to the author either, nor to other members.
    assert LABEL not in signed_in(quiet).get(asked.get_absolute_url()).content.decode()
    assert (
        LABEL
        not in signed_in(factories.UserFactory())
        .get(asked.get_absolute_url())
        .content.decode()
    )


def test_no_label_on_a_clinicians_answer(asked, condition, clinician):
    state(clinician, condition)
    factories.reply(asked, author=clinician, body="Ask your rheumatologist.")
    page = anonymous(asked.get_absolute_url())
    assert "badge-clinician" in page
    assert LABEL not in page


def test_no_label_on_an_anonymous_reply(asked, condition, other_member):
    from forum import services

    state(other_member, condition)
    services.reply(
        thread=asked,
        author=other_member,
        body="Mine is worse in winter.",
        anonymous=True,
    )
    page = anonymous(asked.get_absolute_url())
    assert "Mine is worse in winter." in page
    assert LABEL not in page


def test_no_label_on_the_question_itself(asked, condition, member):
    state(member, condition)
    page = anonymous(asked.get_absolute_url())
    assert LABEL not in page
    factories.reply(asked, author=member, body="Thanks all, trying it.")
    assert anonymous(asked.get_absolute_url()).count(f'class="{LABEL}"') == 1


def test_labels_cost_one_query_for_the_page(
    asked, condition, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    repliers = [factories.UserFactory() for _ in range(6)]
    for n, replier in enumerate(repliers):
        state(replier, condition, relation=list(Relation)[n % 2])
        factories.reply(asked, author=replier, body=f"Reply {n}.")
    with CaptureQueriesContext(connection) as six:
        page = Client().get(asked.get_absolute_url()).content.decode()
    assert page.count(f'class="{LABEL}"') == 6
    for n in range(6, 12):
        replier = factories.UserFactory()
        state(replier, condition)
        factories.reply(asked, author=replier, body=f"Reply {n}.")
    pagecache.bump(pagecache.SITE)
    with CaptureQueriesContext(connection) as twelve:
        page = Client().get(asked.get_absolute_url()).content.decode()
    assert page.count(f'class="{LABEL}"') == 12
    assert len(twelve) == len(six)
    statements = [q for q in twelve if "accounts_conditionstatement" in q["sql"]]
    assert len(statements) == 1


# Settings ----------------------------------------------------------------------


def add(client, condition, relation="lives_with", public=True):
    data = {"condition": condition.pk, "relation": relation}
    if public:
        data["is_public"] = "on"
    return client.post(reverse("accounts:condition_statement_add"), data)


def test_member_adds_and_removes_a_statement_in_settings(member, condition):
    client = signed_in(member)
    assert "Conditions you live with or care for" in text(
        client.get(reverse("accounts:settings"))
    )
    response = add(client, condition, relation="cares_for", public=False)
    assert response.status_code == 302
    statement = ConditionStatement.objects.get(user=member)
    assert (statement.relation, statement.is_public) == ("cares_for", False)
    page = text(client.get(reverse("accounts:settings")))
    assert "You care for someone with Lupus" in page
    assert "Private: only you" in page
    remove = reverse("accounts:condition_statement_remove", args=[statement.pk])
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not ConditionStatement.objects.filter(user=member).exists()


def test_one_statement_per_condition(member, condition):
    client = signed_in(member)
    add(client, condition)
    response = add(client, condition, relation="cares_for")
    assert response.status_code == 400
    assert "You already said this about Lupus" in text(response)
    assert ConditionStatement.objects.filter(user=member).count() == 1


def test_at_most_twenty_statements(member):
    for _ in range(20):
        state(member, factories.ConditionFactory())
    response = add(signed_in(member), factories.ConditionFactory())
    assert response.status_code == 400
    assert "at most 20 conditions" in text(response)
    assert ConditionStatement.objects.filter(user=member).count() == 20


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"condition": "999999", "relation": "lives_with"},
        {"condition": "not-a-number", "relation": "lives_with"},
        {"relation": "doctor"},
        {"condition": "1", "relation": "x" * 500},
    ],
)
def test_bad_input_is_refused_with_a_form_error(member, data):
    response = signed_in(member).post(reverse("accounts:condition_statement_add"), data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert not ConditionStatement.objects.filter(user=member).exists()


def test_nobody_removes_someone_elses_statement(member, other_member, condition):
    statement = state(other_member, condition)
    remove = reverse("accounts:condition_statement_remove", args=[statement.pk])
    assert signed_in(member).post(remove).status_code == 404
    assert Client().post(remove).status_code == 302  # To sign in.
    assert ConditionStatement.objects.filter(pk=statement.pk).exists()


def test_signed_out_visitor_cannot_add(condition):
    response = Client().post(
        reverse("accounts:condition_statement_add"),
        {"condition": condition.pk, "relation": "lives_with", "is_public": "on"},
    )
    assert response.status_code == 302
    assert not ConditionStatement.objects.exists()


# Profile and condition page --------------------------------------------------------


def test_profile_lists_public_statements_only(member, condition):
    state(member, condition)
    hidden = factories.ConditionFactory(name="Hidden ailment", slug="hidden-test")
    state(member, hidden, relation=Relation.CARES_FOR, public=False)
    for viewer in (Client(), signed_in(factories.UserFactory())):
        page = viewer.get(member.get_absolute_url()).content.decode()
        assert "Lives with Lupus" in page
        assert "Hidden ailment" not in page


def test_condition_page_counts_public_statements_and_follows_changes(
    condition, member, other_member
):
    url = condition.get_absolute_url()
    assert "live with or care for" not in anonymous(url)
    state(member, condition)
    state(other_member, condition, relation=Relation.CARES_FOR)
    state(factories.UserFactory(), condition, public=False)
    anonymous(url)
    cached = Client().get(url)
    assert cached[pagecache.HEADER] == "hit"
    assert "2 members live with or care for someone with Lupus" in (
        cached.content.decode()
    )
    # Removed in settings: the cached page changes at once.
    statement = ConditionStatement.objects.get(user=other_member)
    signed_in(other_member).post(
        reverse("accounts:condition_statement_remove", args=[statement.pk])
    )
    assert "1 member lives with or cares for someone with Lupus" in anonymous(url)


def test_label_appears_on_a_cached_thread_page_once_stated(
    asked, condition, other_member
):
    factories.reply(asked, author=other_member, body="Warm showers help me.")
    url = asked.get_absolute_url()
    anonymous(url)
    assert LABEL not in anonymous(url)
    add(signed_in(other_member), condition)
    assert "Lives with Lupus" in anonymous(url)


# The member's data ----------------------------------------------------------------


def test_export_includes_every_statement(member, condition):
    state(member, condition)
    state(member, factories.ConditionFactory(name="Asthma X"), public=False)
    response = signed_in(member).get(reverse("accounts:account_export"))
    data = json.loads(response.content)
    assert sorted(
        (s["condition"], s["public"]) for s in data["condition_statements"]
    ) == [("Asthma X", False), ("Lupus", True)]


def test_account_deletion_removes_the_statements(member, condition, asked):
    state(member, condition)
    factories.reply(asked, author=member, body="Mine too.")
    member_services.account_delete(
        user=member, password=factories.PASSWORD, delete_posts=False
    )
    assert not ConditionStatement.objects.filter(user_id=member.pk).exists()
    assert "Lives with" not in anonymous(asked.get_absolute_url())


def test_deleting_the_account_row_cascades(member, condition):
    state(member, condition)
    member.delete()
    assert not ConditionStatement.objects.exists()
