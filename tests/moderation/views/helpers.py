"""Helpers shared by the moderation view tests."""

import re
from html import unescape

from django.test import Client
from django.urls import reverse

from forum.models import Condition, Post, Visibility
from tests.factories import PASSWORD

BODY = "I was diagnosed last year and wonder how others cope with the fatigue."
REPLY = "Pacing my day and resting before I am exhausted helped me the most."


def text(response) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).split())


def make_admin(django_user_model, name="Site Admin"):
    return django_user_model.objects.create_superuser(
        username=name.lower().replace(" ", "_"),
        email=f"{name.lower().replace(' ', '.')}@example.org",
        password=PASSWORD,
        display_name=name,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flag(client, post, reason="misinformation", note=None, follow=False):
    if note is None:
        # A misinformation flag needs a note saying what is wrong.
        note = (
            "Wrong dose, see https://www.nhs.uk/" if reason == "misinformation" else ""
        )
    return client.post(
        reverse("moderation:flag_create", args=[post.pk]),
        {"reason": reason, "note": note},
        follow=follow,
    )


def act(client, post, action, reason="", **extra):
    return client.post(
        reverse("moderation:post_action", args=[post.pk]),
        {"action": action, "reason": reason, **extra},
    )


def post_reply(client, thread, body=REPLY):
    return client.post(reverse("forum:post_create", args=[thread.pk]), {"body": body})


def ask(client, title="How do you all cope with MS fatigue?", body=BODY, conds=()):
    conditions = list(conds) or [Condition.objects.get(slug="multiple-sclerosis")]
    return client.post(
        reverse("forum:thread_create"),
        {"title": title, "body": body, "conditions": [c.pk for c in conditions]},
    )


def sanction(client, member, kind, reason="Please keep it civil.", days=""):
    return client.post(
        reverse("moderation:member_sanction", args=[member.pk]),
        {"kind": kind, "days": days, "reason": reason},
    )


def visible_replies(thread) -> int:
    return Post.objects.filter(
        thread=thread, is_question=False, visibility=Visibility.VISIBLE
    ).count()


def queue(client, tab):
    response = client.get(reverse("moderation:queue"), {"tab": tab})
    assert response.status_code == 200
    return response
