"""Drafts kept on the server: what a member typed comes back when they return
to the same composer, goes when they post or discard it, and is theirs only:
nobody else sees it, and nobody keeps one where they may not write."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from core import markup
from forum.models import Draft, Post, Thread
from members import services as member_services
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Week three on the new dose. **Fatigue** is worse after lunch."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(client, **data):
    return client.post(reverse("forum:draft_save"), data)


def test_reply_draft_comes_back_on_the_thread_and_goes_once_posted(
    thread, other_member
):
    client = signed_in(other_member)
    response = save(client, key=f"reply:{thread.pk}", body=TEXT)
    assert response.status_code == 200 and response.json() == {"saved": True}

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Your unposted draft is back in the box below." in page
    assert TEXT in unescape(page)

    client.post(reverse("forum:post_create", args=[thread.pk]), {"body": TEXT})
    assert Post.objects.filter(thread=thread, source=TEXT).exists()
    assert not Draft.objects.filter(author=other_member).exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Your unposted draft" not in page


def test_a_quoted_reply_is_added_under_the_draft(thread, other_member):
    client = signed_in(other_member)
    save(client, key=f"reply:{thread.pk}", body="My own words first.")
    question = thread.posts.get(is_question=True)
    page = unescape(client.get(f"{thread.get_absolute_url()}?quote={question.pk}").text)
    box = page[page.index("<textarea") : page.index("</textarea>")]
    assert box.index("My own words first.") < box.index("wrote:")


def test_ask_preview_without_javascript_saves_title_body_and_conditions(
    member, condition
):
    client = signed_in(member)
    other = factories.ConditionFactory()
    url = reverse("forum:thread_create")
    data = {
        "title": "Fatigue after the new dose",
        "body": TEXT,
        "conditions": [condition.pk, other.pk],
        "preview": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Thread.objects.filter(title=data["title"]).exists()
    assert "<strong>Fatigue</strong>" in response.text

    form = client.get(url).context["form"]
    assert form.initial["title"] == data["title"]
    assert form.initial["body"] == TEXT
    assert sorted(form.initial["conditions"]) == sorted([condition.pk, other.pk])

    del data["preview"]
    response = client.post(url, data)
    assert response.status_code == 302
    assert not Draft.objects.filter(author=member).exists()


def test_edit_draft_is_restored_over_the_saved_text_until_discarded(thread, member):
    question = thread.posts.get(is_question=True)
    client = signed_in(member)
    save(client, key=f"edit:{question.pk}", title=thread.title, body=TEXT)
    url = reverse("forum:post_edit", args=[question.pk])
    assert client.get(url).context["form"].initial["body"] == TEXT

    response = client.post(
        reverse("forum:draft_discard"), {"key": f"edit:{question.pk}", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).context["form"].initial["body"] == question.source


def test_discard_never_sends_the_member_to_another_site(member):
    client = signed_in(member)
    save(client, key="ask", title="A title long enough", body=TEXT)
    response = client.post(
        reverse("forum:draft_discard"),
        {"key": "ask", "next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("forum:home")
    assert not Draft.objects.exists()


def test_drafts_are_private_to_their_author(thread, member, other_member):
    save(signed_in(other_member), key=f"reply:{thread.pk}", body=TEXT)
    page = signed_in(member).get(thread.get_absolute_url()).text
    assert "Fatigue" not in page and "unposted draft" not in page
    assert "Fatigue" not in Client().get(thread.get_absolute_url()).text


def test_an_emptied_box_deletes_the_draft(thread, other_member):
    client = signed_in(other_member)
    save(client, key=f"reply:{thread.pk}", body=TEXT)
    response = save(client, key=f"reply:{thread.pk}", body="   ")
    assert response.json() == {"saved": False}
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "key", ["", "reply", "reply:abc", "reply:0", "edit:-1", "ask:1", "reply:9" * 30]
)
def test_a_key_naming_no_composer_is_not_found(member, key):
    response = save(signed_in(member), key=key, body=TEXT)
    assert response.status_code == 404
    assert not Draft.objects.exists()


def test_no_draft_where_the_member_may_not_write(thread, member, other_member):
    client = signed_in(other_member)
    # Someone else's post: not theirs to edit.
    question = thread.posts.get(is_question=True)
    assert save(client, key=f"edit:{question.pk}", body=TEXT).status_code == 403
    # A locked thread takes no replies, so no reply drafts either.
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    assert save(client, key=f"reply:{thread.pk}", body=TEXT).status_code == 403
    # A thread they cannot see does not exist for them.
    hidden = factories.ThreadFactory(author=member)
    Thread.objects.filter(pk=hidden.pk).update(visibility=Thread.Visibility.HIDDEN)
    assert save(client, key=f"reply:{hidden.pk}", body=TEXT).status_code == 404
    assert not Draft.objects.exists()


def test_signed_out_and_get_requests_save_nothing(thread):
    anonymous = Client().post(
        reverse("forum:draft_save"), {"key": f"reply:{thread.pk}", "body": TEXT}
    )
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    member = factories.UserFactory()
    assert signed_in(member).get(reverse("forum:draft_save")).status_code == 405
    assert not Draft.objects.exists()


def test_live_preview_is_the_markup_modules_rendering(member):
    client = signed_in(member)
    body = "**Bold** and <script>alert(1)</script> [link](javascript:alert(1))"
    response = client.post(reverse("forum:preview"), {"body": body})
    assert response.status_code == 200
    assert response.text == markup.render(body)
    assert "<script>" not in response.text
    assert 'href="javascript' not in response.text
    too_long = client.post(reverse("forum:preview"), {"body": "x" * 40_001})
    assert too_long.status_code == 413
    assert Client().post(reverse("forum:preview"), {"body": body}).status_code == 302


def test_drafts_are_in_the_export_and_go_with_the_account(thread, other_member):
    save(signed_in(other_member), key=f"reply:{thread.pk}", body=TEXT)
    exported = member_services.account_export(user=other_member)
    assert [d["body"] for d in exported["drafts"]] == [TEXT]
    other_member.set_password("a long enough password 1")
    other_member.save()
    member_services.account_delete(
        user=other_member, password="a long enough password 1", delete_posts=True
    )
    assert not Draft.objects.exists()
