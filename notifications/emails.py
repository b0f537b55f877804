"""Notification email: immediate emails (throttled per thread), the digest,
and the signed unsubscribe links they carry. Called by ``notifications.tasks``
on a worker; nothing here creates notifications."""

from __future__ import annotations

import email.policy
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.mail import send_once

from .models import Frequency, Kind, Notification, NotificationPreference

EmailState = Notification.EmailState

# Plain-text email is not HTML: escaping names such as "O'Neil" into entities
# would garble them, so these templates render without HTML autoescaping.
_text_engine = Engine(
    dirs=[str(d) for d in settings.TEMPLATES[0]["DIRS"]],
    autoescape=False,
    libraries={"i18n": "django.templatetags.i18n"},
)

# Kinds a member can get by email; moderation decisions that matter (hides,
# sanctions, clinician decisions) are already emailed by the services that
# take them, and members can't opt out of those.
EMAIL_KINDS = [Kind.REPLY, Kind.MENTION, Kind.ACCEPTED, Kind.HELPFUL, Kind.NEW_THREAD]
# Clinicians (and moderators, last) hear about questions waiting for an answer.
EMAIL_KINDS.append(Kind.ROUTED)
# A clinician reviewed, disagreed with or corrected a member's post.
EMAIL_KINDS.append(Kind.REVIEWED)
DEFAULTS = {
    Kind.REPLY: Frequency.IMMEDIATELY,
    Kind.MENTION: Frequency.IMMEDIATELY,
    Kind.ACCEPTED: Frequency.IMMEDIATELY,
    Kind.HELPFUL: Frequency.DAILY,
    Kind.NEW_THREAD: Frequency.DAILY,
    Kind.MODERATION: Frequency.NEVER,
    Kind.ROUTED: Frequency.IMMEDIATELY,
    Kind.REVIEWED: Frequency.IMMEDIATELY,
}
# At most one immediate email per member per thread in this window; what
# happens meanwhile waits for the next email or the digest.
EMAIL_THROTTLE = timedelta(minutes=15)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user, kinds: Iterable[str]) -> str:
    """A signed token that turns off these kinds of email for this member."""
    return signing.dumps(
        {"u": user.pk, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def _site_url() -> str:
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")


def _absolute(path: str) -> str:
    return _site_url() + path


def _frequencies_for(user_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    prefs: dict[int, dict[str, str]] = defaultdict(dict)
    rows = NotificationPreference.objects.filter(user_id__in=set(user_ids))
    for user_id, kind, frequency in rows.values_list("user_id", "kind", "frequency"):
        prefs[user_id][kind] = frequency
    return prefs


def _frequency(prefs: dict[int, dict[str, str]], n: Notification) -> str:
    return prefs.get(n.recipient_id, {}).get(n.kind, DEFAULTS[n.kind])


def _pending() -> QuerySet[Notification]:
    return Notification.objects.filter(email_state=EmailState.PENDING).select_related(
        "recipient", "actor", "thread", "post"
    )


def _throttle_open(*, user_id: int, thread_id: int) -> bool:
    """Whether this member may get an immediate email about this thread now.
    The cache gives one winner among concurrent workers; the database
    remembers the last email when the cache does not."""
    since = timezone.now() - EMAIL_THROTTLE
    recent = Notification.objects.filter(
        recipient_id=user_id,
        thread_id=thread_id,
        email_state=EmailState.SENT,
        emailed_at__gte=since,
    ).exists()
    if recent:
        return False
    key = f"notifications:email-throttle:{user_id}:{thread_id}"
    return cache.add(key, 1, timeout=int(EMAIL_THROTTLE.total_seconds()))


def emails_deliver(*, notification_ids: list[int]) -> int:
    """Email the members who want these notifications at once, folding what
    waits for the same member and thread into one email. Returns emails sent."""
    batch = list(
        _pending().filter(pk__in=notification_ids).order_by("recipient_id", "id")
    )
    prefs = _frequencies_for(n.recipient_id for n in batch)
    skip, immediate = [], set()
    for n in batch:
        frequency = _frequency(prefs, n)
        if frequency == Frequency.NEVER or not _emailable(n):
            skip.append(n.pk)
        elif frequency == Frequency.IMMEDIATELY:
            immediate.add((n.recipient_id, n.thread_id))
    _mark(skip, EmailState.SKIPPED)
    sent = 0
    for user_id, thread_id in sorted(immediate):
        if not _throttle_open(user_id=user_id, thread_id=thread_id):
            continue  # Held for the next email or the digest.
        waiting = [
            n
            for n in _pending().filter(recipient_id=user_id, thread_id=thread_id)
            if _frequency(prefs, n) == Frequency.IMMEDIATELY and _emailable(n)
        ]
        if waiting:
            sent += _send(user=waiting[0].recipient, notifications=waiting)
    return sent


def digest_recipient_ids() -> list[int]:
    """Members with email waiting (daily choices and held immediate ones)."""
    return list(
        Notification.objects.filter(email_state=EmailState.PENDING)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def digest_send(*, user_id: int) -> int:
    """Send one member everything waiting to be emailed, in one email."""
    waiting = list(
        _pending().filter(recipient_id=user_id).order_by("thread_id", "created_at")
    )
    prefs = _frequencies_for([user_id])
    skip = {
        n.pk
        for n in waiting
        if _frequency(prefs, n) == Frequency.NEVER or not _emailable(n)
    }
    _mark(list(skip), EmailState.SKIPPED)
    include = [n for n in waiting if n.pk not in skip]
    if not include:
        return 0
    return _send(user=include[0].recipient, notifications=include, digest=True)


def _emailable(n: Notification) -> bool:
    return (
        n.kind in EMAIL_KINDS
        and n.recipient.is_active
        and bool(n.recipient.email)
        and n.is_about_public_content
    )


def _mark(ids: list[int], state: str) -> None:
    if ids:
        Notification.objects.filter(pk__in=ids, email_state=EmailState.PENDING).update(
            email_state=state,
            emailed_at=timezone.now() if state == EmailState.SENT else None,
        )


SUBJECTS = {
    Kind.REPLY: gettext_lazy("New reply: %(title)s"),
    Kind.MENTION: gettext_lazy("You were mentioned: %(title)s"),
    Kind.ACCEPTED: gettext_lazy("Your reply was accepted: %(title)s"),
    Kind.HELPFUL: gettext_lazy("Your reply was found helpful: %(title)s"),
    Kind.NEW_THREAD: gettext_lazy("New question: %(title)s"),
    Kind.ROUTED: gettext_lazy("Waiting for a clinician: %(title)s"),
    Kind.REVIEWED: gettext_lazy("A clinician reviewed your post: %(title)s"),
}


def _subject(notifications: list[Notification], digest: bool) -> str:
    if digest:
        count = len(notifications)
        return ngettext(
            "Your CareThread digest (%(count)s update)",
            "Your CareThread digest (%(count)s updates)",
            count,
        ) % {"count": count}
    title = Truncator(notifications[0].thread.title).chars(60)
    if len(notifications) == 1:
        return str(SUBJECTS[notifications[0].kind]) % {"title": title}
    return _("%(count)s updates: %(title)s") % {
        "count": len(notifications),
        "title": title,
    }


class _ListEmail(EmailMultiAlternatives):
    """A notification email whose headers are never folded into encoded
    words: ``List-Unsubscribe`` holds one long URL that mail clients must
    read as it is (RFC 8058). RFC 5322 allows lines of 998 characters."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _send(*, user, notifications: list[Notification], digest: bool = False) -> int:
    # Written in the member's language, whatever the worker's.
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return _send_in_language(user=user, notifications=notifications, digest=digest)


def _send_in_language(*, user, notifications, digest) -> int:
    kinds = {n.kind for n in notifications}
    token = unsubscribe_token(user=user, kinds=kinds)
    unsubscribe_url = _absolute(reverse("notifications:unsubscribe", args=[token]))
    groups = [
        {
            "thread": thread,
            "url": _absolute(thread.get_absolute_url()),
            "items": list(items),
        }
        for thread, items in groupby(notifications, key=lambda n: n.thread)
    ]
    context = {
        "user": user,
        "groups": groups,
        "digest": digest,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": _absolute(reverse("notifications:preferences")),
        # Plain strings: the join filter gives up on lazy ones and printed
        # the Python list ("['Replies in threads you follow']").
        "kinds": [str(Kind(k).label) for k in sorted(kinds)],
    }
    body = _text_engine.get_template("notifications/email/notifications.txt").render(
        Context(context, autoescape=False)
    )
    message = _ListEmail(
        subject=_subject(notifications, digest),
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    # Keyed by what it tells: a task retried after its worker died doesn't
    # send the same notifications twice (core.mail).
    key = "notifications:" + ",".join(map(str, sorted(n.pk for n in notifications)))
    send_once(key[:200], message)
    _mark([n.pk for n in notifications], EmailState.SENT)
    return 1
