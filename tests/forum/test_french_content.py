"""French content, not only the interface: condition names, descriptions and
synonyms stored in French, shown to French readers, found by French words
with or without accents (search runs on both databases: CI runs this file on
SQLite and on PostgreSQL), and a member's language kept for their emails."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from forum import services as forum_services
from forum.models import Condition
from moderation import services as moderation_services
from notifications import emails as notification_emails
from notifications import services as notification_services
from search.query import search_threads
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def french(client: Client, url: str):
    return client.get(url, headers={"accept-language": "fr"})


def test_every_condition_has_its_french_name_description_and_synonyms():
    missing = Condition.objects.filter(name_fr="") | Condition.objects.filter(
        description_fr=""
    )
    assert not missing.exists()
    ms = Condition.objects.get(slug="multiple-sclerosis")
    assert ms.name_fr == "Sclérose en plaques"
    assert "SEP" in ms.synonyms_fr


def test_condition_page_in_french_and_in_english():
    url = reverse("forum:condition_detail", args=["multiple-sclerosis"])
    page = french(Client(), url).text
    assert "<h1>Sclérose en plaques</h1>" in page
    assert "la moelle épinière" in page
    english = Client().get(url, headers={"accept-language": "en"}).text
    assert "<h1>Multiple sclerosis</h1>" in english
    assert "Sclérose" not in english


@pytest.mark.parametrize(
    "query", ["sclérose", "sclerose", "SEP", "Sclérose en plaques"]
)
def test_directory_filter_finds_french_names_without_accents(query):
    for language in ("fr", "en"):
        page = Client().get(
            reverse("forum:condition_list"),
            {"q": query},
            headers={"accept-language": language},
        )
        assert "/conditions/multiple-sclerosis/" in page.text, (language, query)
        assert "/conditions/asthma/" not in page.text


def test_directory_lists_french_names_in_french_alphabetical_order():
    page = french(Client(), reverse("forum:condition_list")).text
    # "Épilepsie" files under E, before "Migraine", not after "Z".
    assert page.index("Épilepsie") < page.index("Migraine")


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("sclérose en plaques", "multiple-sclerosis"),
        ("sclerose", "multiple-sclerosis"),
        ("diabète", "type-2-diabetes"),
        ("polyarthrite rhumatoïde", "rheumatoid-arthritis"),
    ],
)
def test_search_finds_english_threads_by_their_conditions_french_name(query, slug):
    condition = Condition.objects.get(slug=slug)
    wanted = factories.ThreadFactory(
        title="Tired every afternoon, what helps?", conditions=[condition]
    )
    other = factories.ThreadFactory(
        title="Tired every afternoon too",
        conditions=[Condition.objects.get(slug="asthma")],
    )
    found = [r.thread.pk for r in search_threads(q=query)[:50]]
    assert wanted.pk in found
    assert other.pk not in found


def test_search_ignores_accents_in_french_text_on_both_databases():
    thread = factories.ThreadFactory(
        title="Fatigue et poussées : votre expérience ?",
        conditions=[Condition.objects.get(slug="multiple-sclerosis")],
    )
    for query in ("poussees", "experience", "poussées"):
        assert thread.pk in [r.thread.pk for r in search_threads(q=query)[:50]]


def test_ask_picker_knows_french_names_and_synonyms(member):
    client = Client()
    client.force_login(member)
    terms = client.get(reverse("forum:thread_create")).context["condition_terms"]
    ms = Condition.objects.get(slug="multiple-sclerosis")
    assert "SEP" in terms[str(ms.pk)] and "Sclérose en plaques" in terms[str(ms.pk)]


def test_language_chosen_at_sign_up_in_settings_and_in_the_footer():
    client = Client()
    french(client, reverse("accounts:signup"))
    client.post(
        reverse("accounts:signup"),
        {
            "username": "camille",
            "email": "camille@example.org",
            "display_name": "Camille",
            "password1": "une phrase de passe longue",
            "password2": "une phrase de passe longue",
            "age_ok": "on",
            "health_consent": "on",
        },
        headers={"accept-language": "fr"},
    )
    camille = User.objects.get(username="camille")
    assert camille.language == "fr"

    client.force_login(camille)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    camille.refresh_from_db()
    assert camille.language == "en"

    client.post(
        reverse("accounts:settings"),
        {
            "display_name": "Camille",
            "email": camille.email,
            "bio": "",
            "language": "fr",
        },
    )
    camille.refresh_from_db()
    assert camille.language == "fr"
    # A language the site doesn't speak is refused, and nothing changes.
    response = client.post(
        reverse("accounts:settings"),
        {"display_name": "Camille", "email": camille.email, "language": "xx"},
    )
    assert response.status_code == 200
    camille.refresh_from_db()
    assert camille.language == "fr"


def test_a_moderators_decision_reaches_a_french_member_in_french(moderator):
    author = factories.UserFactory(language="fr")
    thread = factories.ThreadFactory(author=author, title="Ma question sur la SEP")
    post = thread.posts.get(is_question=True)
    mail.outbox.clear()
    # The moderator works in English; the email follows the member.
    moderation_services.post_hide(
        post=post, moderator=moderator, reason="Renseignements personnels"
    )
    sent = [m for m in mail.outbox if author.email in m.to]
    assert sent, "no email to the author"
    assert "modérateur" in sent[0].subject.lower()
    assert "Ma question sur la SEP" in sent[0].body
    assert "A moderator hid" not in sent[0].body


def test_notifications_and_digest_in_the_members_language():
    asker = factories.UserFactory(language="fr")
    thread = factories.ThreadFactory(author=asker, title="Vaccin et traitement de fond")
    notification_services.follow_thread(user=asker, thread=thread)
    mail.outbox.clear()
    forum_services.reply(
        thread=thread,
        author=factories.UserFactory(),
        body="My neurologist said to wait two weeks after the dose.",
    )
    notification_emails.digest_send(user_id=asker.pk)
    mine = [m for m in mail.outbox if asker.email in m.to]
    assert mine, "no notification email"
    assert any("Vaccin et traitement de fond" in m.body for m in mine)
    assert all("Reply" not in m.subject for m in mine)
    assert any("réponse" in (m.subject + m.body).lower() for m in mine)
