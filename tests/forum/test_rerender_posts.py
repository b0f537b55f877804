"""manage.py rerender_posts: an older post's links get today's labels."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from forum.models import Post
from tests import factories

pytestmark = pytest.mark.django_db

SOURCE = "See [the HAS guide](https://www.has-sante.fr/jcms/c_1/fr/guide) first."


def test_an_old_post_gets_the_reputable_label_and_cached_pages_follow(settings):
    thread = factories.ThreadFactory()
    post = factories.reply(thread, body=SOURCE)
    # As stored before this domain was listed (or before labels existed).
    old_html = (
        '<p>See <a href="https://www.has-sante.fr/jcms/c_1/fr/guide">'
        "the HAS guide</a> first.</p>"
    )
    Post.objects.filter(pk=post.pk).update(html=old_html)
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "source-reputable" not in page
    out = StringIO()
    call_command("rerender_posts", stdout=out)
    assert "1 changed" in out.getvalue()
    post.refresh_from_db()
    assert 'class="source-reputable"' in post.html
    assert post.edited_at is None
    assert (
        "source-reputable" in Client().get(thread.get_absolute_url()).content.decode()
    )
    out = StringIO()
    call_command("rerender_posts", stdout=out)  # Again: nothing to do.
    assert "0 changed" in out.getvalue()
