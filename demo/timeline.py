"""When each thing in the demo forum happened, as one list of steps in time order.

The content (``data/forum.json``) dates everything as a span before the
moment of seeding: ``"3d 4h"`` is three days and four hours ago. A reply may
instead say how long after its question it came (``"after": "2h"``), or say
nothing and get a plausible gap. This module turns that into ``Step``s sorted
by time, so that ``seed_demo`` can replay the forum's history in the order it
happened: a member follows a condition before the questions they hear about,
a reply is flagged after it was written, a post is approved before people
answer it.

It also checks that the story holds together (members join before they act,
replies follow their question, everything is in the past) and says what is
wrong in the content when it doesn't. No database here: this is about the
content only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Step kinds, in the order the seed handles them when two share a moment.
JOIN = "join"  # a member signs up
VERIFY = "verify"  # a clinician's verified profile (a long-standing one)
APPLY = "apply"  # a clinician application is submitted
DECIDE = "decide"  # a moderator decides an application
FOLLOW = "follow"  # a member follows their conditions
ASK = "ask"  # a question (a thread) is asked
REPLY = "reply"
HELPFUL = "helpful"  # a member marks a reply helpful
ACCEPT = "accept"  # the asker accepts a reply as the answer
FLAG = "flag"  # a member flags a post
MODERATE = "moderate"  # a moderator acts on a post, a thread or a member

# What a moderator does in the content (``moderation``), and the decisions on
# a clinician application (``decision``).
ACTIONS = {
    "hide",
    "restore",
    "approve",
    "dismiss_flags",
    "warn",
    "suspend",
    "ban",
    "lock",
    "unlock",
    "pin",
    "unpin",
    "retag",
}
DECISIONS = {"approve", "reject", "request_info"}

# What roles may do: only patients show their thanks with helpful marks
# (clinicians and moderators answer, they don't grade each other), and
# pre-moderation only ever holds the posts of members who aren't trusted.
PATIENT_ROLES = {"patient", "applicant"}
STAFF_ROLES = {"moderator", "admin"}

# A moment counts as "in the past" only if it is at least this far back, so
# nothing seeded can look like it happened after the page was loaded.
MARGIN = timedelta(minutes=1)

_SPAN_RE = re.compile(r"^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m)?$")


class ContentError(ValueError):
    """The demo content contradicts itself (or the calendar)."""


@dataclass(frozen=True)
class Step:
    """One thing that happened. ``thread`` indexes the content's threads and
    ``post`` the thread's replies (None: the question); ``spec`` is the
    content entry the step comes from (a member, a flag, an action...)."""

    moment: datetime
    kind: str
    actor: str
    thread: int | None = None
    post: int | None = None
    spec: dict = field(default_factory=dict, compare=False)


def parse_span(text: str) -> timedelta:
    """``"2d 3h 10m"`` (any part optional, in that order) as a timedelta."""
    match = _SPAN_RE.match(text.strip())
    if not text.strip() or match is None:
        raise ContentError(f"{text!r} is not a span like '2d 3h 10m'.")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def default_gap(thread: int, reply: int) -> timedelta:
    """The wait before a reply whose content gives no time: between half an
    hour and six hours, varied per thread and reply but the same on every
    run, so reruns and screenshots match."""
    return timedelta(minutes=35 + ((thread * 7 + reply * 13) % 9) * 40)


def plan(users: list[dict], threads: list[dict], now: datetime) -> list[Step]:
    """Every step of the demo's history, oldest first; ContentError if the
    content doesn't hold together."""
    roles = {spec["username"]: spec["role"] for spec in users}
    steps: list[Step] = []
    for spec in users:
        steps += _member_steps(spec, now)
    for index, spec in enumerate(threads):
        steps += _thread_steps(index, spec, roles, now)
    # Stable: steps that share a moment keep the order they were planned in
    # (a reply before the helpful marks its author gives at the same time).
    steps.sort(key=lambda step: step.moment)
    _check(steps, users, threads, now)
    return steps


# -- planning -----------------------------------------------------------------


def _ago(now: datetime, span: str) -> datetime:
    return now - parse_span(span)


def _member_steps(spec: dict, now: datetime) -> list[Step]:
    name = spec["username"]
    joined = _ago(now, spec["joined"])
    steps = [Step(joined, JOIN, name, spec=spec)]
    if spec.get("follows"):
        # Members follow their conditions the day they join, soon after.
        steps.append(Step(joined + timedelta(minutes=30), FOLLOW, name, spec=spec))
    if "clinician" in spec:
        verified = _ago(now, spec["clinician"]["verified"])
        steps.append(Step(verified, VERIFY, name, spec=spec))
    application = spec.get("application")
    if application:
        steps.append(
            Step(_ago(now, application["submitted"]), APPLY, name, spec=application)
        )
        decision = application.get("decision")
        if decision:
            steps.append(
                Step(
                    _ago(now, decision["at"]),
                    DECIDE,
                    decision["by"],
                    spec={**decision, "applicant": name},
                )
            )
    return steps


def reply_moments(index: int, spec: dict, now: datetime) -> list[datetime]:
    """When each reply of thread ``index`` was written: ``at`` (ago),
    ``after`` (since the question) or a default gap after the previous post."""
    started = _ago(now, spec["started"])
    moments: list[datetime] = []
    previous = started
    for j, reply in enumerate(spec["replies"]):
        if "at" in reply:
            moment = _ago(now, reply["at"])
        elif "after" in reply:
            moment = started + parse_span(reply["after"])
        else:
            moment = previous + default_gap(index, j)
        moments.append(moment)
        previous = moment
    return moments


def _thread_steps(index: int, spec: dict, roles: dict, now: datetime) -> list[Step]:
    started = _ago(now, spec["started"])
    moments = reply_moments(index, spec, now)
    steps = [Step(started, ASK, spec["author"], thread=index, spec=spec)]
    steps += _post_actions(index, None, spec, now)
    for j, (reply, moment) in enumerate(zip(spec["replies"], moments, strict=True)):
        steps.append(Step(moment, REPLY, reply["author"], index, j, spec=reply))
        steps += _post_actions(index, j, reply, now)
    steps += _appreciation(index, spec, moments, roles)
    return steps


def _post_actions(index: int, post: int | None, spec: dict, now: datetime):
    """Flags and moderators' actions on a post (or, for the question, on its
    thread: pin, lock, retag)."""
    steps = [
        Step(_ago(now, flag["at"]), FLAG, flag["by"], index, post, spec=flag)
        for flag in spec.get("flags", [])
    ]
    steps += [
        Step(_ago(now, action["at"]), MODERATE, action["by"], index, post, action)
        for action in spec.get("moderation", [])
    ]
    return steps


def _ordinary(reply: dict) -> bool:
    """A reply nobody had to look at: not held for approval, never flagged
    or moderated. Only these give or receive helpful marks."""
    return not (
        reply.get("held")
        or reply.get("flags")
        or reply.get("moderation")
        or reply.get("marks_helpful") is False
    )


def _appreciation(index: int, spec: dict, moments: list, roles: dict) -> list[Step]:
    """Helpful marks and the accepted answer, given when people come back to
    a thread (at the moment of their next reply, so they had read what they
    mark): the asker marks the replies before their follow-up and accepts
    the first clinician's; other patients mark the clinicians' replies they
    read before answering. ``"accept": false`` on a thread keeps it without
    an accepted answer (a diary, a thread locked in anger)."""
    asker = spec["author"]
    replies = spec["replies"]
    steps: list[Step] = []
    marked: set[tuple[int, str]] = set()
    accepted = spec.get("accept", True) is False
    for j, reply in enumerate(replies):
        reader = reply["author"]
        if roles.get(reader) not in PATIENT_ROLES or not _ordinary(reply):
            continue
        for i, earlier in enumerate(replies[:j]):
            writer_role = roles.get(earlier["author"])
            wanted = reader == asker or writer_role == "clinician"
            if (
                not wanted
                or earlier["author"] == reader
                or writer_role in STAFF_ROLES
                or not _ordinary(earlier)
                or (i, reader) in marked
            ):
                continue
            marked.add((i, reader))
            steps.append(Step(moments[j], HELPFUL, reader, index, i))
        if reader == asker and not accepted:
            first = next(
                (
                    i
                    for i, earlier in enumerate(replies[:j])
                    if roles.get(earlier["author"]) == "clinician"
                    and _ordinary(earlier)
                ),
                None,
            )
            if first is not None:
                accepted = True
                steps.append(Step(moments[j], ACCEPT, reader, index, first))
    return steps


# -- checking -----------------------------------------------------------------


def _check(steps: list[Step], users: list[dict], threads: list[dict], now) -> None:
    """Raise ContentError at the first thing that contradicts the story."""
    joined: dict[str, datetime] = {}
    roles = {spec["username"]: spec["role"] for spec in users}
    for step in steps:
        where = _where(step, threads)
        if step.moment > now - MARGIN:
            raise ContentError(f"{where} would happen in the future.")
        if step.actor not in roles:
            raise ContentError(f"{where}: unknown member {step.actor!r}.")
        if step.kind == JOIN:
            joined[step.actor] = step.moment
        elif step.actor not in joined:
            raise ContentError(f"{where}: {step.actor} hasn't joined yet.")
        if step.kind in (FLAG, MODERATE):
            _check_after_post(step, threads, now, where)
        if step.kind in (MODERATE, DECIDE) and roles[step.actor] not in STAFF_ROLES:
            raise ContentError(f"{where}: {step.actor} is not a moderator.")
        known = {MODERATE: ACTIONS, DECIDE: DECISIONS}.get(step.kind)
        if known is not None and step.spec["action"] not in known:
            raise ContentError(f"{where}: unknown action {step.spec['action']!r}.")
    for index, spec in enumerate(threads):
        _check_thread(index, spec, roles, now)
    for spec in users:
        decision = (spec.get("application") or {}).get("decision")
        if decision and parse_span(decision["at"]) >= parse_span(
            spec["application"]["submitted"]
        ):
            raise ContentError(
                f"{spec['username']}'s application is decided before it was sent."
            )


def _check_thread(index: int, spec: dict, roles: dict, now: datetime) -> None:
    started = _ago(now, spec["started"])
    previous = started
    authors_so_far = {spec["author"]}
    for j, (reply, moment) in enumerate(
        zip(spec["replies"], reply_moments(index, spec, now), strict=True)
    ):
        if moment <= previous:
            raise ContentError(
                f"Reply {j} in {spec['title']!r} comes before the post it follows."
            )
        if reply.get("held") and (
            roles[reply["author"]] not in PATIENT_ROLES
            or reply["author"] in authors_so_far
        ):
            raise ContentError(
                f"Reply {j} in {spec['title']!r} is held for approval, which only "
                "happens to a newcomer's first posts."
            )
        authors_so_far.add(reply["author"])
        previous = moment


def _check_after_post(step: Step, threads: list[dict], now, where: str) -> None:
    spec = threads[step.thread]
    if step.post is None:
        written = _ago(now, spec["started"])
    else:
        written = reply_moments(step.thread, spec, now)[step.post]
    if step.moment <= written:
        raise ContentError(f"{where} comes before the post it is about.")


def _where(step: Step, threads: list[dict]) -> str:
    if step.thread is None:
        return f"{step.kind} by {step.actor}"
    post = "the question" if step.post is None else f"reply {step.post}"
    return f"{step.kind} by {step.actor} on {post} of {threads[step.thread]['title']!r}"
