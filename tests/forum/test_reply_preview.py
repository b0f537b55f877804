"""Preview before posting: the reply as it will be shown, rendered by the
same markup module, with nothing saved; the posted reply is that HTML."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from core import markup
from forum.models import Post

pytestmark = pytest.mark.django_db

BODY = "**Cooling vests** helped me.\n\n- a fan\n- cold drinks\n\n<script>x</script>"


def preview_of(html: str) -> str:
    start = html.index('<div class="post-body">', html.index('id="preview-heading"'))
    start += len('<div class="post-body">')
    return html[start : html.index("</div>", start)]


def test_preview_shows_the_reply_as_it_will_be_posted_and_saves_nothing(thread, member):
    client = Client()
    client.force_login(member)
    url = reverse("forum:post_create", args=[thread.pk])
    before = Post.objects.count()
    response = client.post(url, {"body": BODY, "preview": "1"})
    assert response.status_code == 200
    assert Post.objects.count() == before
    html = response.content.decode()
    shown = preview_of(html)
    assert shown == markup.render(markup.normalise(BODY).strip())
    assert "<strong>Cooling vests</strong>" in shown and "<script>" not in shown
    # The text stays in the box, ready to post.
    assert "**Cooling vests** helped me." in unescape(html)

    client.post(url, {"body": BODY})
    posted = Post.objects.latest("created_at")
    assert posted.html == shown


def test_preview_of_an_invalid_reply_shows_the_error_not_a_preview(thread, member):
    client = Client()
    client.force_login(member)
    response = client.post(
        reverse("forum:post_create", args=[thread.pk]),
        {"body": "Too short", "preview": "1"},
    )
    html = response.content.decode()
    assert "Write at least" in html
    assert 'id="preview-heading"' not in html
