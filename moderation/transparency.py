"""The public transparency report: what was reported and what was decided,
per calendar quarter, computed from the flags, the moderation log and the
appeals (nothing is counted by hand). Published at /transparency/ and as CSV.

Per quarter (by the date each thing happened, UTC):
- reports by category: flags from members, the system's own detectors
  (watched words, crisis signals), and notices from anyone (/report/);
- decisions by type, and how many were automated (posts hidden by the flag
  threshold) or taken by a person;
- the median time from a report to its resolution, for reports resolved in
  the quarter;
- appeals received, upheld and reversed;
- clinician applications approved and refused.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import MODERATORS_GROUP

from .models import Appeal, Flag, ModerationEvent, Notice

Action = ModerationEvent.Action

#: Decisions counted in the report (a flag by itself is a report, not a
#: decision, unless it hid a post through the threshold).
DECISIONS = [
    Action.POST_HIDE,
    Action.POST_RESTORE,
    Action.POST_APPROVE,
    Action.POST_EDIT,
    Action.FLAGS_DISMISS,
    Action.RISK_ESCALATE,
    Action.RISK_DISMISS,
    Action.THREAD_LOCK,
    Action.THREAD_MERGE,
    Action.USER_WARN,
    Action.USER_SUSPEND,
    Action.USER_BAN,
    Action.SANCTION_LIFT,
    Action.CLINICIAN_APPROVE,
    Action.CLINICIAN_REJECT,
    Action.CLINICIAN_SUSPEND,
    Action.CLINICIAN_REVOKE,
    Action.CLINICIAN_REINSTATE,
]
THRESHOLD_HIDE = "post_auto_hide"


def quarter_of(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


@dataclass
class Quarter:
    name: str
    reports: Counter = field(default_factory=Counter)  # (source, reason) -> n
    decisions: Counter = field(default_factory=Counter)  # action -> n
    automated: int = 0
    by_people: int = 0
    hours_to_resolve: list[float] = field(default_factory=list)
    appeals: Counter = field(default_factory=Counter)  # received/upheld/reversed

    @property
    def median_hours(self) -> float | None:
        if not self.hours_to_resolve:
            return None
        return round(statistics.median(self.hours_to_resolve), 1)

    @property
    def report_rows(self) -> list[tuple[str, str, int]]:
        """(source, category label, number), for the page."""
        reasons = category_labels()
        return [
            (source, str(reasons.get(reason, reason)), n)
            for (source, reason), n in sorted(self.reports.items())
        ]

    @property
    def decision_rows(self) -> list[tuple[str, int]]:
        names = labels()
        return [(names.get(a, a), n) for a, n in sorted(self.decisions.items())]

    @property
    def appeal_counts(self) -> dict[str, int]:
        return {
            "received": self.appeals["received"],
            "upheld": self.appeals[Appeal.State.UPHELD],
            "reversed": self.appeals[Appeal.State.REVERSED],
        }

    @property
    def reports_total(self) -> int:
        return sum(self.reports.values())

    @property
    def decisions_total(self) -> int:
        return self.automated + self.by_people


def report() -> list[Quarter]:
    """Every quarter with something in it, newest first."""
    quarters: dict[str, Quarter] = defaultdict(lambda: Quarter(""))

    def q(moment) -> Quarter:
        name = quarter_of(moment)
        quarters[name].name = name
        return quarters[name]

    for reason, reporter_id, created, resolved in Flag.objects.values_list(
        "reason", "reporter_id", "created_at", "resolved_at"
    ).iterator():
        source = "members" if reporter_id is not None else "system"
        q(created).reports[(source, reason)] += 1
        if resolved is not None:
            hours = (resolved - created).total_seconds() / 3600
            q(resolved).hours_to_resolve.append(hours)

    # Notices from anyone (account or not), by category.
    for category, created, decided in Notice.objects.values_list(
        "category", "created_at", "decided_at"
    ).iterator():
        q(created).reports[("notices", category)] += 1
        if decided is not None:
            q(decided).hours_to_resolve.append(
                (decided - created).total_seconds() / 3600
            )

    # A flag that hid a post is a person's decision when a moderator raised
    # it; asked once, not per event.
    moderator_ids = set(
        User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)
        ).values_list("pk", flat=True)
    )
    events = ModerationEvent.objects.only("action", "created_at", "changes", "actor")
    for event in events.iterator():
        if event.action == Action.POST_FLAG:
            hid = (event.changes or {}).get("visibility")
            if not (hid and hid[-1] == "hidden"):
                continue
            if event.actor_id in moderator_ids:
                q(event.created_at).decisions[Action.POST_HIDE] += 1
                q(event.created_at).by_people += 1
            else:
                q(event.created_at).decisions[THRESHOLD_HIDE] += 1
                q(event.created_at).automated += 1
        elif event.action in DECISIONS:
            q(event.created_at).decisions[event.action] += 1
            q(event.created_at).by_people += 1

    for created, state, decided in Appeal.objects.values_list(
        "created_at", "state", "decided_at"
    ):
        q(created).appeals["received"] += 1
        if decided is not None and state != Appeal.State.OPEN:
            q(decided).appeals[state] += 1

    return sorted(quarters.values(), key=lambda x: x.name, reverse=True)


def category_labels() -> dict[str, str]:
    """Report categories: what members flag and what notices add."""
    return {**dict(Flag.Reason.choices), **dict(Notice.CATEGORIES)}


def labels() -> dict[str, str]:
    names = {key: str(label) for key, label in Action.choices}
    names[THRESHOLD_HIDE] = _("Post hidden by the flag threshold (automated)")
    return names


def as_csv(quarters: list[Quarter]) -> str:
    """One row per figure: quarter, section, item, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["quarter", "section", "item", "value"])
    reasons = category_labels()
    for quarter in quarters:
        for (source, reason), n in sorted(quarter.reports.items()):
            writer.writerow(
                [quarter.name, f"reports from {source}", str(reasons.get(reason)), n]
            )
        for action, n in sorted(quarter.decisions.items()):
            writer.writerow([quarter.name, "decisions", action, n])
        writer.writerow([quarter.name, "decisions", "automated", quarter.automated])
        writer.writerow([quarter.name, "decisions", "by people", quarter.by_people])
        writer.writerow(
            [
                quarter.name,
                "reports",
                "median hours to resolve",
                "" if quarter.median_hours is None else quarter.median_hours,
            ]
        )
        for key in ("received", Appeal.State.UPHELD, Appeal.State.REVERSED):
            writer.writerow([quarter.name, "appeals", key, quarter.appeals[key]])
    return out.getvalue()
