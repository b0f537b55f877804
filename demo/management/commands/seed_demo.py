"""Fill a development database with a demo forum that holds together.

    python manage.py migrate
    python manage.py seed_demo

The demo's history (members joining and following their conditions, questions,
replies, helpful marks, flags and the moderators' decisions of the last week)
is replayed in the order it happened (``demo.timeline``), through the real
services, so counters, follows, notifications and the moderation log are what
the site itself would write. Each step is then moved to its moment in the
story (``demo.backdate``): a notification carries the time of the reply that
caused it, not the time of seeding.

Safe to run repeatedly: members are looked up by username and threads by
(author, title), and a thread's replies, marks, flags and moderation come
with it or not at all, so a second run creates nothing and changes nothing.
All demo accounts share the password in ``demo.content.DEMO_PASSWORD``, which
is public, so this is for local demos only.
"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import ClinicianApplication, ClinicianProfile
from accounts.roles import MODERATORS_GROUP
from core import markup
from demo import content as demo_content
from demo import timeline
from demo.backdate import happened_at
from forum import reviews, routing, services
from forum.models import Condition, Post, Thread, Visibility
from moderation import clinicians as clinician_review
from moderation import services as moderation
from moderation.models import Flag, ModerationEvent
from notifications import routing as question_routing
from notifications import services as notifications
from notifications.models import Notification

User = get_user_model()

SITE_URL = "http://127.0.0.1:8000/"

ROLE_LABELS = {
    "patient": "patient",
    "applicant": "member with a clinician application awaiting review",
    "moderator": "moderator (Moderators group)",
    "admin": "admin (superuser)",
}


def role_label(spec: dict) -> str:
    if spec["role"] == "clinician":
        profile = spec.get("clinician") or spec["application"]
        label = f"verified {profile['profession']} ({profile['specialty']})"
    else:
        label = ROLE_LABELS[spec["role"]]
    if spec.get("language") == "fr":
        label += ", writes in French"
    if spec.get("note"):
        label += f"; {spec['note']}"
    return label


def quiet_email():
    """Demo members are fictional: their email goes nowhere. Tasks run at
    once (not queued for a worker, which would send them later through the
    real mailer) into the dummy mailer; in-app notifications are kept."""
    return override_settings(
        MAILERS={
            "default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
        },
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        },
    )


def history_rules():
    """The history is written as if under the default rules, whatever this
    machine's settings: members' posts long approved (pre-moderation, meant
    for newcomers, is off except for the posts the content holds), and a
    post hidden by flags only at the usual three flaggers."""
    return override_settings(FORUM_PREMODERATION_POSTS=0, FORUM_FLAG_HIDE_THRESHOLD=3)


def moderation_call(action: str, *, post, thread, moderator, spec: dict):
    """Call the service behind a moderator's ``action`` (``timeline.ACTIONS``):
    on the post, on its author (warn, suspend, ban) or on its thread (lock,
    pin, retag)."""
    reason = spec.get("reason", "")
    on_post = {"post": post, "moderator": moderator, "reason": reason}
    on_author = {"user": post.author, "moderator": moderator, "reason": reason}
    on_thread = {"thread": thread, "moderator": moderator, "reason": reason}
    match action:
        case "hide":
            return moderation.post_hide(**on_post)
        case "restore":
            return moderation.post_restore(**on_post)
        case "approve":
            return moderation.post_approve(**on_post)
        case "dismiss_flags":
            return moderation.flags_dismiss(**on_post)
        case "warn":
            return moderation.user_warn(**on_author)
        case "suspend":
            duration = timedelta(days=spec["days"])
            return moderation.user_suspend(**on_author, duration=duration)
        case "ban":
            return moderation.user_ban(**on_author)
        case "lock":
            return moderation.thread_lock(**on_thread)
        case "unlock":
            return moderation.thread_unlock(**on_thread)
        case "pin":
            return moderation.thread_pin(**on_thread)
        case "unpin":
            return moderation.thread_unpin(**on_thread)
        case "retag":
            conditions = Condition.objects.filter(slug__in=spec["conditions"])
            return moderation.thread_retag(**on_thread, conditions=conditions)
    raise CommandError(f"Unknown moderation action {action!r} in the demo content.")


class Command(BaseCommand):
    help = (
        "Create demo members, threads, replies and a week of moderation for local "
        "development. Idempotent. Demo passwords are public: never use on a "
        "reachable server."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        try:
            steps = timeline.plan(demo_content.USERS, demo_content.THREADS, now)
        except timeline.ContentError as exc:
            raise CommandError(
                f"The demo content doesn't hold together: {exc}"
            ) from exc
        # One transaction: a failure half-way (e.g. a missing condition) leaves
        # the database exactly as it was instead of half-seeded.
        with quiet_email(), history_rules(), transaction.atomic():
            replay = Replay()
            replay.run(steps)
        self._report(replay.counts)

    # -- output ---------------------------------------------------------------

    def _report(self, counts: Counter) -> None:
        n_users = len(demo_content.USERS)
        n_threads = len(demo_content.THREADS)
        n_replies = sum(len(t["replies"]) for t in demo_content.THREADS)
        n_replies += len(demo_content.TRUST["late_replies"])
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Users:   {counts['users_created']} created, "
                f"{n_users - counts['users_created']} already existed.\n"
                f"Threads: {counts['threads_created']} created, "
                f"{n_threads - counts['threads_created']} already existed.\n"
                f"Replies: {counts['replies_created']} created, "
                f"{n_replies - counts['replies_created']} already existed."
            )
        )
        out.write(self._moderation_summary())
        out.write("")
        out.write("Demo logins (for local demos only, the password is public):")
        rows = [("username", "password", "role")] + [
            (u["username"], demo_content.DEMO_PASSWORD, role_label(u))
            for u in demo_content.USERS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for n, row in enumerate(rows):
            line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            out.write(("  " + line).rstrip())
            if n == 0:
                out.write("  " + "  ".join("-" * w for w in widths))
        out.write("")
        out.write(f"The site is at {SITE_URL} (run `manage.py runserver`).")

    @staticmethod
    def _moderation_summary() -> str:
        """What a moderator signing in finds (the whole database's, not only
        the demo's)."""
        logged = ModerationEvent.objects.filter(
            created_at__gte=timezone.now() - timedelta(days=8)
        ).count()
        flags = Flag.objects.filter(state=Flag.State.OPEN).count()
        held = Post.objects.filter(visibility=Visibility.PENDING).count()
        applications = ClinicianApplication.objects.filter(
            status__in=ClinicianApplication.OPEN_STATES
        ).count()
        return (
            f"Moderation: {logged} log entries in the last week; waiting for "
            f"review: {flags} open flag(s), {held} post(s) awaiting approval, "
            f"{applications} clinician application(s)."
        )


class Replay:
    """Plays the demo's history step by step through the services, each step
    backdated to its moment. A step whose result is already in the database
    (a member, a thread with everything that happened in it) is skipped."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.users: dict[str, User] = {}
        # Members and threads created by this run: only their history is
        # written (existing members are left as they are).
        self.new_members: set[str] = set()
        self.threads: dict[int, Thread] = {}
        self.posts: dict[tuple[int, int | None], Post] = {}
        self.applied: set[str] = set()
        self.conditions = self._conditions()
        self.password_hash = make_password(demo_content.DEMO_PASSWORD)
        self.moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        latest = Notification.objects.aggregate(latest=Max("pk"))["latest"]
        self.first_notification = (latest or 0) + 1

    def run(self, steps: list[timeline.Step]) -> None:
        handlers = {
            timeline.JOIN: self.join,
            timeline.VERIFY: self.verify,
            timeline.APPLY: self.apply,
            timeline.DECIDE: self.decide,
            timeline.FOLLOW: self.follow,
            timeline.ASK: self.ask,
            timeline.REPLY: self.reply,
            timeline.HELPFUL: self.helpful,
            timeline.ACCEPT: self.accept,
            timeline.FLAG: self.flag,
            timeline.MODERATE: self.moderate,
        }
        for step in steps:
            try:
                handlers[step.kind](step)
            except PermissionDenied as exc:
                # The services check permissions: a pre-existing demo account
                # that was deactivated or sanctioned can't act. Say so instead
                # of a traceback.
                raise CommandError(
                    f"{self._describe(step)} was refused ({exc or 'not allowed'}). "
                    "Is one of the demo accounts deactivated or suspended?"
                ) from exc
            except ValidationError as exc:
                # E.g. a watched word a moderator added on this machine.
                raise CommandError(
                    f"{self._describe(step)} was refused: {'; '.join(exc.messages)}"
                ) from exc
        self.trust()
        self._silence_notification_email()

    # -- members ----------------------------------------------------------------

    def join(self, step: timeline.Step) -> None:
        spec = step.spec
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            with happened_at(step.moment):
                user = self._create_user(spec)
            self.new_members.add(spec["username"])
            self.counts["users_created"] += 1
        elif user.email_verified_at is None:
            # The demo members post, which needs a confirmed email.
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        # The demo relies on the moderators being in the group, so an existing
        # member is added to it if missing.
        if spec["role"] == "moderator":
            user.groups.add(self.moderators)
        self.users[spec["username"]] = user

    def _create_user(self, spec: dict) -> User:
        taken = User.objects.filter(display_name__iexact=spec["display_name"])
        if taken.exists() or User.objects.filter(email__iexact=spec["email"]).exists():
            raise CommandError(
                f"Cannot create demo user {spec['username']!r}: its display name "
                f"or email is already used by another member."
            )
        fields = {
            "username": spec["username"],
            "email": spec["email"],
            "display_name": spec["display_name"],
            "bio": spec.get("bio", ""),
            "language": spec.get("language", "en"),
            # Demo addresses can't receive mail: count them as confirmed.
            "email_verified_at": timezone.now(),
        }
        if spec["role"] == "admin":
            user = User.objects.create_superuser(**fields)
        else:
            user = User.objects.create_user(**fields)
        # One hash of the shared password for everyone: hashing is slow on
        # purpose, and forty members would spend seconds on it.
        user.password = self.password_hash
        user.save(update_fields=["password"])
        return user

    def verify(self, step: timeline.Step) -> None:
        """A long-standing clinician's verified profile, (re)created if missing
        even for an existing member: the demo relies on it."""
        spec = step.spec
        details = dict(spec["clinician"])
        slugs = details.pop("conditions")
        details.pop("verified")
        with happened_at(step.moment):
            profile, created = ClinicianProfile.objects.get_or_create(
                user=self.users[spec["username"]],
                defaults={
                    **details,
                    "bio": spec.get("bio", ""),
                    "status": ClinicianProfile.Status.VERIFIED,
                    "verified_at": timezone.now(),
                    "checked_at": timezone.now(),
                    # A deadline: it keeps its distance when backdated.
                    "verified_until": timezone.now() + timedelta(days=365),
                },
            )
            if created or not profile.conditions.exists():
                profile.conditions.set([self.conditions[s] for s in slugs])
        if created:
            # Long-standing, so checked again this year (the yearly check).
            profile.refresh_from_db()
            checked = max(profile.verified_at, timezone.now() - timedelta(days=100))
            ClinicianProfile.objects.filter(pk=profile.pk).update(
                checked_at=checked, verified_until=checked + timedelta(days=365)
            )
        self._refresh(spec["username"])

    def apply(self, step: timeline.Step) -> None:
        """A clinician application, unless the member already has one (or a
        profile): the queue keeps one example awaiting review."""
        user = self.users[step.actor]
        if (
            user.clinician_applications.exists()
            or ClinicianProfile.objects.filter(user=user).exists()
        ):
            return
        details = {
            key: value
            for key, value in step.spec.items()
            if key not in ("conditions", "submitted", "decision")
        }
        with happened_at(step.moment):
            accounts_services.clinician_application_submit(
                user=user,
                conditions=[self.conditions[s] for s in step.spec["conditions"]],
                **details,
            )
        self.applied.add(step.actor)

    def decide(self, step: timeline.Step) -> None:
        """A moderator's decision on an application sent in this run."""
        applicant = step.spec["applicant"]
        if applicant not in self.applied:
            return
        application = ClinicianApplication.objects.get(
            user=self.users[applicant], status__in=ClinicianApplication.OPEN_STATES
        )
        decide = {
            "approve": clinician_review.clinician_application_approve,
            "reject": clinician_review.clinician_application_reject,
            "request_info": clinician_review.clinician_application_request_info,
        }[step.spec["action"]]
        with happened_at(step.moment):
            decide(
                application=application,
                moderator=self.users[step.actor],
                reason=step.spec.get("reason", ""),
            )
        self._refresh(applicant)

    def follow(self, step: timeline.Step) -> None:
        if step.actor not in self.new_members:
            return
        with happened_at(step.moment):
            for slug in step.spec["follows"]:
                notifications.follow_condition(
                    user=self.users[step.actor], condition=self.conditions[slug]
                )

    # -- threads ----------------------------------------------------------------

    def ask(self, step: timeline.Step) -> None:
        spec = step.spec
        author = self.users[spec["author"]]
        # Services store the normalised title, so compare against that.
        title = markup.normalise_line(spec["title"])
        if Thread.objects.filter(author=author, title=title).exists():
            return
        with happened_at(step.moment):
            thread = services.thread_create(
                author=author,
                title=spec["title"],
                body=spec["body"],
                conditions=[self.conditions[slug] for slug in spec["conditions"]],
            )
        self.threads[step.thread] = thread
        self.posts[(step.thread, None)] = thread.posts.get(is_question=True)
        self.counts["threads_created"] += 1

    def reply(self, step: timeline.Step) -> None:
        """A reply, by someone who has just come to the site: they opened
        their notifications and read the thread, so those are read and the
        thread seen at that time (what is newer stays unread). A ``held``
        reply is a newcomer's first, waiting for a moderator."""
        thread = self.threads.get(step.thread)
        if thread is None:
            return
        author = self.users[step.actor]
        held = step.spec.get("held")
        # Pre-moderation as configured by default (two posts), for this post.
        rules = (
            override_settings(FORUM_PREMODERATION_POSTS=2) if held else nullcontext()
        )
        with happened_at(step.moment), rules:
            notifications.notification_mark_all_read(user=author)
            notifications.thread_mark_seen(user=author, thread=thread)
            post = services.post_create(
                thread=thread, author=author, body=step.spec["body"]
            )
        self.posts[(step.thread, step.post)] = post
        self.counts["replies_created"] += 1

    def helpful(self, step: timeline.Step) -> None:
        if step.thread not in self.threads:
            return
        with happened_at(step.moment):
            services.post_mark_helpful(
                post=self.posts[(step.thread, step.post)], user=self.users[step.actor]
            )

    def accept(self, step: timeline.Step) -> None:
        if step.thread not in self.threads:
            return
        with happened_at(step.moment):
            services.thread_accept_answer(
                post=self.posts[(step.thread, step.post)], user=self.users[step.actor]
            )

    # -- moderation -------------------------------------------------------------

    def flag(self, step: timeline.Step) -> None:
        if step.thread not in self.threads:
            return
        with happened_at(step.moment):
            moderation.flag_create(
                post=self.posts[(step.thread, step.post)],
                reporter=self.users[step.actor],
                reason=step.spec["reason"],
                note=step.spec.get("note", ""),
            )

    def moderate(self, step: timeline.Step) -> None:
        """A moderator's decision on a post, its author, or (on the question)
        its thread, through the service a moderator's click would call."""
        if step.thread not in self.threads:
            return
        post = self.posts[(step.thread, step.post)]
        post.refresh_from_db()
        action = step.spec["action"]
        with happened_at(step.moment):
            result = moderation_call(
                action,
                post=post,
                thread=self.threads[step.thread],
                moderator=self.users[step.actor],
                spec=step.spec,
            )
        if action == "suspend":
            self._log_true_end(result)
        if action in ("warn", "suspend", "ban"):
            self._refresh(post.author.username)

    def _log_true_end(self, sanction) -> None:
        """The log copied the suspension's end as the service computed it,
        from the seeding time; once backdated, say the end it really has."""
        sanction.refresh_from_db()
        ModerationEvent.objects.filter(
            target_type="sanction", target_id=sanction.pk
        ).update(changes={"ends_at": [None, sanction.ends_at.isoformat()]})

    # -- trusted answers, lived experience, routing ----------------------------

    def trust(self) -> None:
        """What clinicians and members added around the answers of threads
        made in this run (``demo.content.TRUST``): reviews, disagreements
        with a source, a correction, "I have this question too", a claim,
        members' statements; then a routing run, as cron makes it, and one
        clinician's yearly check falling due (the moderators' re-check queue)."""
        now = timezone.now()
        clinicians = ClinicianProfile.objects.filter(
            user__username__in=self.new_members, status=ClinicianProfile.Status.VERIFIED
        )
        self.late: dict[tuple[int, str], Post] = {}
        for spec in demo_content.TRUST["late_replies"]:
            thread = self.threads.get(spec["thread"])
            if thread is None:
                continue
            with happened_at(now - timeline.parse_span(spec["ago"])):
                post = services.post_create(
                    thread=thread, author=self.users[spec["author"]], body=spec["body"]
                )
            self.late[(spec["thread"], spec["author"])] = post
            self.counts["replies_created"] += 1
        for spec in demo_content.TRUST["reviews"]:
            thread = self.threads.get(spec["thread"])
            if thread is None:
                continue
            post = self._reply_by(spec["thread"], spec.get("reply_by"))
            clinician = self.users[spec["by"]]
            if not reviews.can_review_post(clinician, post):
                continue
            with happened_at(post.created_at + timeline.parse_span(spec["after"])):
                reviews.review_set(
                    post=post,
                    clinician=clinician,
                    verdict=spec["verdict"],
                    note=spec.get("note", ""),
                    source_url=spec.get("source", ""),
                )
        for spec in demo_content.TRUST["corrections"]:
            if spec["thread"] not in self.threads:
                continue
            post = self._reply_by(spec["thread"], spec["reply_by"])
            with happened_at(post.created_at + timeline.parse_span(spec["after"])):
                reviews.correction_add(
                    post=post,
                    author=self.users[spec["by"]],
                    text=spec["text"],
                    source_url=spec.get("source", ""),
                )
        for spec in demo_content.TRUST["me_too"]:
            thread = self.threads.get(spec["thread"])
            if thread is None:
                continue
            moment = thread.created_at + timeline.parse_span(spec["after"])
            with happened_at(min(moment, now - timedelta(minutes=10))):
                routing.me_too_add(thread=thread, user=self.users[spec["by"]])
        for spec in demo_content.TRUST["statements"]:
            if spec["by"] not in self.new_members:
                continue
            self._refresh(spec["by"])  # Their backdated joining time.
            user = self.users[spec["by"]]
            with happened_at(user.date_joined + timedelta(hours=1)):
                accounts_services.condition_statement_add(
                    user=user,
                    condition=self.conditions[spec["condition"]],
                    relation=spec["relation"],
                    is_public=spec.get("public", True),
                )
        # As when routing started: questions of the last week are routed
        # (cron's run a few minutes ago), older ones are left alone.
        Thread.objects.filter(
            pk__in=[t.pk for t in self.threads.values()],
            created_at__lt=now - timedelta(days=7),
        ).update(next_escalation_at=None)
        with happened_at(now - timedelta(minutes=3)):
            question_routing.route_due_questions()
        for spec in demo_content.TRUST["claims"]:
            thread = self.threads.get(spec["thread"])
            if thread is None:
                continue
            thread.refresh_from_db()
            clinician = self.users[spec["by"]]
            if routing.can_claim(clinician, thread):
                with happened_at(now - timeline.parse_span(spec["ago"])):
                    routing.claim(thread=thread, user=clinician)
        due = demo_content.TRUST["recheck_due"]
        if due["by"] in self.new_members:
            clinicians.filter(user=self.users[due["by"]]).update(
                checked_at=now - timedelta(days=365 - due["days_left"]),
                verified_until=now + timedelta(days=due["days_left"]),
            )

    def _reply_by(self, thread: int, author: str | None) -> Post:
        """The question (``author`` None) or the first reply by ``author``."""
        if author is None:
            return self.posts[(thread, None)]
        if (thread, author) in self.late:
            post = self.late[(thread, author)]
            post.refresh_from_db()  # Its backdated time.
            return post
        replies = demo_content.THREADS[thread]["replies"]
        index = next(n for n, r in enumerate(replies) if r["author"] == author)
        post = self.posts[(thread, index)]
        post.refresh_from_db()
        return post

    # -- helpers ------------------------------------------------------------------

    def _conditions(self) -> dict[str, Condition]:
        wanted = {slug for spec in demo_content.THREADS for slug in spec["conditions"]}
        for spec in demo_content.USERS:
            wanted.update(spec.get("follows", []))
            for key in ("clinician", "application"):
                wanted.update((spec.get(key) or {}).get("conditions", []))
        for spec in demo_content.THREADS:
            for action in spec.get("moderation", []):
                wanted.update(action.get("conditions", []))
        found = {c.slug: c for c in Condition.objects.filter(slug__in=wanted)}
        missing = sorted(wanted - found.keys())
        if missing:
            raise CommandError(
                "Missing conditions " + ", ".join(missing) + ". Run "
                "`manage.py migrate` first (forum.0002_seed_conditions adds them)."
            )
        return found

    def _refresh(self, username: str) -> None:
        """Re-read a member whose role or sanctions just changed: the member
        object remembers its clinician status and suspensions once asked."""
        self.users[username] = User.objects.get(pk=self.users[username].pk)

    def _silence_notification_email(self) -> None:
        """The notifications stay in the app; their email is marked not sent,
        so no worker or daily digest sends it later and none is stamped as
        emailed at seeding time."""
        Notification.objects.filter(
            pk__gte=self.first_notification,
            email_state=Notification.EmailState.PENDING,
        ).update(email_state=Notification.EmailState.SKIPPED)

    @staticmethod
    def _describe(step: timeline.Step) -> str:
        title = ""
        if step.thread is not None:
            title = f" in {demo_content.THREADS[step.thread]['title']!r}"
        return f"Demo step {step.kind!r} by {step.actor}{title}"
