"""Composer drafts, kept on the server per member and composer.

A draft's key names the composer: ``ask`` (the ask page), ``reply:<thread>``
(a thread's reply box) or ``edit:<post>`` (a post's edit page). A member can
save a draft only where they could post: :func:`box_for` checks the key
against the same permissions as posting, so a draft never outlives the right
to write it (a locked thread, a post no longer theirs).
"""

import re
from dataclasses import dataclass

from django.http import Http404

from . import permissions, selectors
from .forms import BODY_MAX, TITLE_MAX
from .models import Condition, Draft

KEY_RE = re.compile(r"^(ask|reply:[1-9]\d{0,17}|edit:[1-9]\d{0,17})$")


@dataclass(frozen=True)
class Box:
    key: str
    has_title: bool
    has_conditions: bool


def ask_key() -> str:
    return "ask"


def reply_key(thread) -> str:
    return f"reply:{thread.pk}"


def edit_key(post) -> str:
    return f"edit:{post.pk}"


def box_for(*, user, key: str) -> Box:
    """The composer ``key`` names, if ``user`` may write in it now; raises
    Http404 for a key that names nothing they can see, PermissionDenied for a
    composer they can see but not use."""
    if not isinstance(key, str) or not KEY_RE.match(key):
        raise Http404
    kind, _, raw = key.partition(":")
    if kind == "ask":
        permissions.check_can_post(user)
        return Box(key, has_title=True, has_conditions=True)
    if kind == "reply":
        thread = selectors.thread_get_for_user(user=user, pk=int(raw), for_page=False)
        permissions.check_can_reply(user, thread)
        return Box(key, has_title=False, has_conditions=False)
    post = selectors.post_get_for_user(user=user, pk=int(raw))
    permissions.check_can_edit_post(user, post)
    return Box(key, has_title=post.is_question, has_conditions=False)


def load(*, user, key: str) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.filter(author=user, key=key).first()


def save(*, user, box: Box, title="", body="", condition_ids=()) -> Draft | None:
    """Keep what was typed (cut to the form's limits); an empty composer
    deletes the draft rather than storing nothing."""
    title = (title or "")[: TITLE_MAX * 2] if box.has_title else ""
    body = (body or "")[: BODY_MAX * 2]
    ids = []
    if box.has_conditions:
        wanted = {
            int(v)
            for v in map(str, condition_ids)
            if v.isascii() and v.isdigit() and len(v) < 10
        }
        found = Condition.objects.filter(pk__in=wanted)
        ids = sorted(found.values_list("pk", flat=True))
    if not (title.strip() or body.strip()):
        clear(user=user, key=box.key)
        return None
    draft, _ = Draft.objects.update_or_create(
        author=user,
        key=box.key,
        defaults={"title": title, "body": body, "condition_ids": ids},
    )
    return draft


def clear(*, user, key: str) -> None:
    if user.is_authenticated:
        Draft.objects.filter(author=user, key=key).delete()


def initial(draft: Draft | None, box_initial: dict) -> dict:
    """A form's initial values with the draft's on top."""
    if draft is None:
        return box_initial
    values = dict(box_initial)
    values["body"] = draft.body
    if draft.title:
        values["title"] = draft.title
    if draft.condition_ids:
        values["conditions"] = list(draft.condition_ids)
    return values
