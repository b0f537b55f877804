"""Notices from anyone: a report about content that needs no account.

The notifier says what is wrong (including illegal content and an under-age
member), where (an address on this site; a post's address is linked to the
post), why, and states they act in good faith; a name and an email are
optional. They get an acknowledgement with a reference, and (with an email)
the decision. A moderator acts on the post (hide it, through the usual
service, so it is logged and its author gets a statement of reasons) or
decides no action is needed; either way with a reason the notifier reads.
Limited per address and per member (``MODERATION_NOTICE_RATE_LIMIT``).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import can_moderate
from core import ratelimit
from core.mail import send_once, task_key
from forum.models import Post, Visibility

from . import services
from .models import Notice

_POST_PATH = re.compile(r"/p/(\d{1,18})/?(?:[?#]|$)")
_THREAD_POST = re.compile(r"/t/\d{1,18}/?(?:\?[^#]*)?#post-(\d{1,18})$")


def _limit_key(*, user, ip: str) -> str:
    who = f"u{user.pk}" if user.is_authenticated else f"ip{ratelimit.digest(ip)}"
    return f"notice:{who}"


def post_from_url(url: str) -> Post | None:
    """The post an address of this site points to (a permalink or a thread
    address with ``#post-<id>``), if it exists."""
    for pattern in (_POST_PATH, _THREAD_POST):
        match = pattern.search(url or "")
        if match:
            return Post.objects.filter(pk=int(match.group(1))).first()
    return None


@transaction.atomic
def notice_create(
    *, user, ip: str, category: str, explanation: str, url: str, name: str, email: str
) -> Notice:
    count, seconds = settings.MODERATION_NOTICE_RATE_LIMIT
    key = _limit_key(user=user, ip=ip)
    ratelimit.check(key, count=count, seconds=seconds)
    notice = Notice.objects.create(
        category=category,
        explanation=explanation,
        url=url,
        post=post_from_url(url),
        name=name,
        email=email or (user.email if user.is_authenticated else ""),
        good_faith=True,
        reporter=user if user.is_authenticated else None,
    )
    ratelimit.record(key, seconds=seconds)
    if notice.email:
        reference = notice.pk
        transaction.on_commit(
            lambda: send_notice_email.enqueue(
                address=notice.email,
                subject=_("We received your report (reference %(ref)s)")
                % {"ref": reference},
                body=_(
                    "Thank you. Your report about %(url)s is with the moderators "
                    "(reference %(ref)s). We will write again with what they "
                    "decide."
                )
                % {"url": url, "ref": reference},
            )
        )
    return notice


@transaction.atomic
def notice_decide(*, notice: Notice, moderator, act: bool, reason: str) -> Notice:
    """Act on the reported post (hide it) or take no action; the notifier is
    told either way, with the reason."""
    if not can_moderate(moderator):
        raise PermissionDenied
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != Notice.State.OPEN:
        return notice
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Give the reason the notifier will read.")})
    if act:
        if notice.post is None:
            raise ValidationError(
                _("This notice points to no post: take no action, or act elsewhere.")
            )
        if notice.post.visibility != Visibility.HIDDEN:
            services.post_hide(post=notice.post, moderator=moderator, reason=reason)
    notice.state = Notice.State.ACTIONED if act else Notice.State.NO_ACTION
    notice.decided_by = moderator
    notice.decided_at = timezone.now()
    notice.decision = reason[:3000]
    notice.save(update_fields=["state", "decided_by", "decided_at", "decision"])
    if notice.email:
        outcome = (
            _("The moderators removed the content from public view.")
            if act
            else _("The moderators decided no action was needed.")
        )
        ref, address = notice.pk, notice.email
        transaction.on_commit(
            lambda: send_notice_email.enqueue(
                address=address,
                subject=_("Decision on your report (reference %(ref)s)") % {"ref": ref},
                body=f"{outcome}\n\n"
                + _("Their reason: %(reason)s") % {"reason": reason},
            )
        )
    return notice


@task(takes_context=True)
def send_notice_email(context, *, address: str, subject: str, body: str) -> None:
    """To the notifier's address, once even if the task runs again."""
    send_once(task_key(context), EmailMessage(subject, body, None, [address]))


def notices_open():
    return Notice.objects.filter(state=Notice.State.OPEN).select_related("post")
