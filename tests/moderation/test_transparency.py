"""The transparency report's figures equal counts computed independently
from the raw rows (flags, log events, appeals), for decisions generated
across two quarters, on the page and in the CSV."""

import csv
import io
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from forum.models import Visibility
from moderation import appeals, services
from moderation.models import Appeal, Flag, ModerationEvent, Notice
from tests import factories
from tests.factories import reply

pytestmark = pytest.mark.django_db
Action = ModerationEvent.Action
Q1 = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)
Q2 = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def _move(since_id_event, since_id_flag, since_id_appeal, when):
    """Date everything created after the given ids at ``when``."""
    ModerationEvent.objects.filter(pk__gt=since_id_event).update(created_at=when)
    Flag.objects.filter(pk__gt=since_id_flag).update(created_at=when)
    Flag.objects.filter(pk__gt=since_id_flag, resolved_at__isnull=False).update(
        resolved_at=when + timedelta(hours=5)
    )
    Appeal.objects.filter(pk__gt=since_id_appeal).update(created_at=when)
    Appeal.objects.filter(pk__gt=since_id_appeal, decided_at__isnull=False).update(
        decided_at=when + timedelta(hours=2)
    )


def _last_ids():
    def last(model):
        row = model.objects.order_by("-pk").first()
        return row.pk if row else 0

    return last(ModerationEvent), last(Flag), last(Appeal)


def _generate(rng, thread, moderators, when):
    ids = _last_ids()
    for _ in range(rng.randint(3, 6)):
        author = factories.UserFactory()
        post = reply(thread, author, body="A reply someone will report.")
        kind = rng.choice(["hide", "threshold", "dismiss", "warn"])
        reason = rng.choice(["spam", "misinformation", "harassment"])
        if kind == "threshold":
            for _ in range(3):
                services.flag_create(
                    post=post, reporter=factories.UserFactory(), reason=reason
                )
        else:
            services.flag_create(
                post=post, reporter=factories.UserFactory(), reason=reason
            )
        if kind == "hide":
            services.post_hide(post=post, moderator=moderators[0], reason="Rules.")
            event = ModerationEvent.objects.filter(action=Action.POST_HIDE).latest("id")
            if rng.random() < 0.7:
                appeal = appeals.appeal_create(
                    event=event, member=author, text="Please look again at this."
                )
                appeals.appeal_decide(
                    appeal=appeal,
                    moderator=moderators[1],
                    reverse=rng.random() < 0.5,
                    reason="Looked again.",
                )
        elif kind == "dismiss":
            services.flags_dismiss(post=post, moderator=moderators[0], reason="Fine.")
        elif kind == "warn":
            services.user_warn(
                user=author, moderator=moderators[1], reason="Calm down."
            )
    Flag.objects.create(post=post, reporter=None, reason=Flag.Reason.OTHER, note="w")
    _move(*ids, when)


def _independent(quarter_start, quarter_end):
    """The figures, counted from the raw rows with plain loops."""
    in_q = lambda t: quarter_start <= t < quarter_end  # noqa: E731
    reports = Counter()
    for flag in Flag.objects.all():
        if in_q(flag.created_at):
            source = "members" if flag.reporter_id else "automatic detection"
            reports[(source, flag.reason)] += 1
    automated = people = 0
    for e in ModerationEvent.objects.all():
        if not in_q(e.created_at):
            continue
        if e.action == Action.POST_FLAG:
            if e.changes.get("visibility", [None, None])[-1] == Visibility.HIDDEN:
                automated += 1
        elif e.action in {
            Action.POST_HIDE,
            Action.POST_RESTORE,
            Action.FLAGS_DISMISS,
            Action.USER_WARN,
        }:
            people += 1
    received = sum(1 for a in Appeal.objects.all() if in_q(a.created_at))
    upheld = sum(1 for a in Appeal.objects.filter(state="upheld") if in_q(a.decided_at))
    reversed_ = sum(
        1 for a in Appeal.objects.filter(state="reversed") if in_q(a.decided_at)
    )
    return reports, automated, people, received, upheld, reversed_


def test_report_matches_independent_counts(thread, moderator):
    rng = random.Random(7)
    moderators = [moderator, factories.ModeratorFactory()]
    _generate(rng, thread, moderators, Q1)
    _generate(rng, thread, moderators, Q2)
    for _ in range(2):  # Notices from anyone count as reports too.
        Notice.objects.create(
            category="illegal", explanation="x" * 30, url="/about/", created_at=Q1
        )
    cache.clear()
    csv_text = Client().get(reverse("transparency"), {"format": "csv"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    page = Client().get(reverse("transparency")).content.decode()
    reasons = dict(Flag.Reason.choices)
    for name, start, end in (
        ("2026-Q1", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        ("2026-Q2", datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)),
    ):
        reports, automated, people, received, upheld, reversed_ = _independent(
            start, end
        )
        mine = {
            (r["section"], r["item"]): float(r["value"] or 0)
            for r in rows
            if r["quarter"] == name
        }
        for (source, reason), n in reports.items():
            section = (
                "reports from members" if source == "members" else "reports from system"
            )
            assert mine[(section, str(reasons[reason]))] == n, (name, source, reason)
        notices = sum(1 for n in Notice.objects.all() if start <= n.created_at < end)
        assert mine.get(("reports from notices", "Illegal content"), 0) == notices
        assert (
            sum(v for (s, _), v in mine.items() if s.startswith("reports from"))
            == sum(reports.values()) + notices
        )
        assert mine[("decisions", "automated")] == automated
        assert mine[("decisions", "by people")] == people
        assert mine[("appeals", "received")] == received
        assert mine[("appeals", "upheld")] == upheld
        assert mine[("appeals", "reversed")] == reversed_
        assert mine[("reports", "median hours to resolve")] == 5
        assert f"{automated} automated, {people} by people" in page, name
    assert automated + people > 0 and received > 0
