"""The personal-data warning on the ask, reply and edit pages: nothing is
published until the author has seen the highlighted details and confirmed."""

import re

import pytest
from django.urls import reverse

from forum.models import Post, PostRevision, Thread
from tests.factories import reply

pytestmark = pytest.mark.django_db

PHONE_BODY = "Please text me on 07700 900123 if you had the same fatigue."


def _fingerprint(response) -> str:
    match = re.search(
        r'name="personal_data_ok" value="([0-9a-f]+)"', response.content.decode()
    )
    assert match, "no confirmation field"
    return match.group(1)


def _ask(client, condition, body, **extra):
    return client.post(
        reverse("forum:thread_create"),
        {
            "title": "Fatigue in the afternoon, any tips?",
            "body": body,
            "conditions": [condition.pk],
            **extra,
        },
    )


def test_question_with_a_phone_number_is_held_with_a_highlighted_warning(
    client, member, condition
):
    client.force_login(member)
    response = _ask(client, condition, PHONE_BODY)
    assert response.status_code == 200
    assert Thread.objects.count() == 0
    page = response.content.decode()
    assert "This may identify you" in page
    assert "a phone number" in page
    assert "<mark>07700 900123</mark>" in page
    assert "Publish anyway" in page


def test_publish_anyway_posts_the_question_as_written(client, member, condition):
    client.force_login(member)
    fingerprint = _fingerprint(_ask(client, condition, PHONE_BODY))
    response = _ask(client, condition, PHONE_BODY, personal_data_ok=fingerprint)
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response.url == thread.get_absolute_url()
    assert thread.posts.get().source == PHONE_BODY


def test_editing_out_the_details_posts_without_a_second_warning(
    client, member, condition
):
    client.force_login(member)
    _ask(client, condition, PHONE_BODY)
    response = _ask(client, condition, "Please reply here if you had the same fatigue.")
    assert response.status_code == 302
    assert Thread.objects.count() == 1


def test_confirmation_does_not_cover_details_added_afterwards(
    client, member, condition
):
    client.force_login(member)
    fingerprint = _fingerprint(_ask(client, condition, PHONE_BODY))
    response = _ask(
        client,
        condition,
        PHONE_BODY + " Or email jane.doe@example.com.",
        personal_data_ok=fingerprint,
    )
    assert response.status_code == 200
    assert Thread.objects.count() == 0
    assert "<mark>jane.doe@example.com</mark>" in response.content.decode()


def test_forged_confirmation_is_refused(client, member, condition):
    client.force_login(member)
    response = _ask(client, condition, PHONE_BODY, personal_data_ok="1")
    assert response.status_code == 200
    assert Thread.objects.count() == 0


def test_preview_escapes_the_members_markup(client, member, condition):
    client.force_login(member)
    body = '<img src=x onerror="alert(1)"> call 07700 900123 <script>x()</script>'
    page = _ask(client, condition, body).content.decode()
    preview = page.split('class="personal-data-preview">', 1)[1].split("</div>", 1)[0]
    assert preview == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; call "
        "<mark>07700 900123</mark> &lt;script&gt;x()&lt;/script&gt;"
    )
    assert "<script>x()" not in page


def test_title_is_checked_too(client, member, condition):
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"),
        {
            "title": "Email me: jane.doe@example.com",
            "body": "I would like to hear from others about this.",
            "conditions": [condition.pk],
        },
    )
    assert response.status_code == 200
    assert "<mark>jane.doe@example.com</mark>" in response.content.decode()
    assert Thread.objects.count() == 0


def test_medical_numbers_post_straight_away(client, member, condition):
    client.force_login(member)
    body = (
        "Diagnosed 12/03/2019 (G35). I take 2 x 500mg and 20 mg of baclofen, "
        "HbA1c 48 mmol/mol, blood pressure 140/90, E10.9 and M05.79 since 2020."
    )
    response = _ask(client, condition, body)
    assert response.status_code == 302
    assert Thread.objects.count() == 1


def test_reply_with_an_address_is_held_then_published_on_confirmation(
    client, member, thread
):
    client.force_login(member)
    url = reverse("forum:post_create", args=[thread.pk])
    body = "The clinic is near me, I live at 10 Downing Street, come by."
    response = client.post(url, {"body": body})
    assert response.status_code == 400
    assert "<mark>10 Downing Street</mark>" in response.content.decode()
    assert thread.posts.count() == 1

    response = client.post(
        url, {"body": body, "personal_data_ok": _fingerprint(response)}
    )
    assert response.status_code == 302
    assert thread.posts.filter(is_question=False).get().source == body


def test_edit_that_adds_an_email_changes_nothing_until_confirmed(
    client, member, thread
):
    post = reply(thread, author=member)
    client.force_login(member)
    url = reverse("forum:post_edit", args=[post.pk])
    body = "Happy to talk more, write to jane.doe@example.com any time."
    response = client.post(url, {"body": body})
    assert response.status_code == 200
    assert "<mark>jane.doe@example.com</mark>" in response.content.decode()
    post.refresh_from_db()
    assert post.source != body
    assert not PostRevision.objects.filter(post=post).exists()

    response = client.post(
        url, {"body": body, "personal_data_ok": _fingerprint(response)}
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).source == body
