"""Fill a development database with demo members, threads and replies.

    python manage.py migrate
    python manage.py seed_demo

Safe to run repeatedly: members are looked up by username and threads by
(author, title), so a second run creates nothing and changes nothing. All demo
accounts share the password in ``demo.content.DEMO_PASSWORD``, which is
public, so this is for local demos only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import ClinicianProfile
from accounts.roles import MODERATORS_GROUP
from core import markup
from demo import content as demo_content
from forum import services
from forum.models import Condition, Post, Thread, Visibility

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
        profile = spec["clinician"]
        return f"verified {profile['profession']} ({profile['specialty']})"
    return ROLE_LABELS[spec["role"]]


def thread_age(index: int) -> timedelta:
    """How long ago demo thread ``index`` was started: spread over ~11 days so
    the lists look lived-in, and deterministic so reruns and screenshots match."""
    return timedelta(hours=index * 17 + 3)


def reply_offsets(index: int, count: int, age: timedelta) -> list[timedelta]:
    """Offsets of each reply after the question: a few hours apart, varied a
    little per thread, and squeezed so the last reply is still in the past."""
    offsets: list[timedelta] = []
    elapsed = timedelta(0)
    for j in range(count):
        elapsed += timedelta(minutes=40 + ((index * 7 + j * 13) % 6) * 35)
        offsets.append(elapsed)
    # The newest threads are only a few hours old; keep their replies (and so
    # last_activity_at) before "now" instead of letting them land in the future.
    limit = age - timedelta(minutes=10)
    if offsets and offsets[-1] > limit:
        scale = limit / offsets[-1]
        offsets = [o * scale for o in offsets]
    # Whole minutes: tidier timestamps, and strictly increasing after scaling
    # because the smallest gap (40 min) shrinks to no less than a few minutes.
    return [timedelta(minutes=int(o.total_seconds() // 60)) for o in offsets]


class Command(BaseCommand):
    help = (
        "Create demo members, threads and replies for local development. "
        "Idempotent. Demo passwords are public: never use on a reachable server."
    )

    def handle(self, *args, **options) -> None:
        # One transaction: a failure half-way (e.g. a missing condition) leaves
        # the database exactly as it was instead of half-seeded.
        # Demo members are fictional: their notification emails go nowhere
        # (the in-app notifications are still created).
        quiet = override_settings(
            MAILERS={
                "default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
            }
        )
        with quiet, transaction.atomic():
            now = timezone.now()
            users, users_created = self._seed_users(now)
            # The demo members' history is written as if long approved, so
            # pre-moderation (meant for newcomers) is off while seeding it.
            with override_settings(FORUM_PREMODERATION_POSTS=0):
                counts = self._seed_threads(users, now)
            self._seed_moderation(users)

        self._report(users_created, counts)

    # -- members --------------------------------------------------------------

    def _seed_users(self, now: datetime) -> tuple[dict[str, User], int]:
        moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        users: dict[str, User] = {}
        created = 0
        for index, spec in enumerate(demo_content.USERS):
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = self._create_user(spec, now, index)
                created += 1
            elif user.email_verified_at is None:
                # The demo members post, which needs a confirmed email.
                user.email_verified_at = now
                user.save(update_fields=["email_verified_at"])
            # Existing members are left as they are, but the demo relies on the
            # clinicians having a profile and the moderator being in the group,
            # so those are (re)created if missing.
            if spec["role"] == "clinician":
                details = dict(spec["clinician"])
                slugs = details.pop("conditions")
                profile, created_profile = ClinicianProfile.objects.get_or_create(
                    user=user,
                    defaults={
                        **details,
                        "bio": spec.get("bio", ""),
                        "status": ClinicianProfile.Status.VERIFIED,
                        "verified_at": now,
                    },
                )
                if created_profile or not profile.conditions.exists():
                    profile.conditions.set(Condition.objects.filter(slug__in=slugs))
            elif spec["role"] == "applicant":
                details = dict(spec["application"])
                slugs = details.pop("conditions")
                if not user.clinician_applications.exists():
                    accounts_services.clinician_application_submit(
                        user=user,
                        conditions=Condition.objects.filter(slug__in=slugs),
                        **details,
                    )
            elif spec["role"] == "moderator":
                user.groups.add(moderators)
            users[spec["username"]] = user
        return users, created

    def _create_user(self, spec: dict, now: datetime, index: int) -> User:
        taken = User.objects.filter(display_name__iexact=spec["display_name"])
        if taken.exists() or User.objects.filter(email__iexact=spec["email"]).exists():
            raise CommandError(
                f"Cannot create demo user {spec['username']!r}: its display name "
                f"or email is already used by another member."
            )
        fields = {
            "username": spec["username"],
            "email": spec["email"],
            "password": demo_content.DEMO_PASSWORD,
            "display_name": spec["display_name"],
            "bio": spec.get("bio", ""),
            # Demo addresses can't receive mail: count them as confirmed.
            "email_verified_at": now,
        }
        if spec["role"] == "admin":
            user = User.objects.create_superuser(**fields)
        else:
            user = User.objects.create_user(**fields)
        # Members "joined" before the oldest demo thread, so profile pages
        # don't show someone posting days before they signed up.
        User.objects.filter(pk=user.pk).update(
            date_joined=now - timedelta(days=60 - index * 3)
        )
        return user

    # -- threads --------------------------------------------------------------

    def _seed_threads(self, users: dict[str, User], now: datetime) -> dict[str, int]:
        counts = {"threads_created": 0, "threads_existing": 0, "replies_created": 0}
        conditions = self._conditions()
        for index, spec in enumerate(demo_content.THREADS):
            author = users[spec["author"]]
            # Services store the normalised title, so compare against that.
            title = markup.normalise_line(spec["title"])
            if Thread.objects.filter(author=author, title=title).exists():
                counts["threads_existing"] += 1
                continue
            try:
                thread = services.thread_create(
                    author=author,
                    title=spec["title"],
                    body=spec["body"],
                    conditions=[conditions[slug] for slug in spec["conditions"]],
                )
                replies = [
                    services.post_create(
                        thread=thread, author=users[reply["author"]], body=reply["body"]
                    )
                    for reply in spec["replies"]
                ]
            except PermissionDenied as exc:
                # The services check permissions; a pre-existing demo account
                # that was deactivated can't post. Say so instead of a traceback.
                raise CommandError(
                    f"A demo member may not post in {spec['title']!r}; "
                    "is one of the demo accounts deactivated?"
                ) from exc
            self._backdate(thread, replies, index, now)
            self._appreciate(thread, replies, users, index)
            counts["threads_created"] += 1
            counts["replies_created"] += len(replies)
        return counts

    def _conditions(self) -> dict[str, Condition]:
        wanted = {slug for spec in demo_content.THREADS for slug in spec["conditions"]}
        found = {c.slug: c for c in Condition.objects.filter(slug__in=wanted)}
        missing = sorted(wanted - found.keys())
        if missing:
            raise CommandError(
                "Missing conditions " + ", ".join(missing) + ". Run "
                "`manage.py migrate` first (forum.0002_seed_conditions adds them)."
            )
        return found

    def _backdate(
        self, thread: Thread, replies: list[Post], index: int, now: datetime
    ) -> None:
        """Move a freshly created thread into the past.

        Only timestamps change: reply_count stays as the services computed it.
        last_activity_at is then recomputed from the posts, so it is exactly
        the newest visible post's created_at, as the services would keep it.
        """
        started = now - thread_age(index)
        Thread.objects.filter(pk=thread.pk).update(created_at=started)
        # updated_at is auto_now; .update() bypasses that, so set it alongside
        # created_at or every post would look touched today.
        Post.objects.filter(thread=thread, is_question=True).update(
            created_at=started, updated_at=started
        )
        for post, offset in zip(
            replies, reply_offsets(index, len(replies), thread_age(index)), strict=True
        ):
            Post.objects.filter(pk=post.pk).update(
                created_at=started + offset, updated_at=started + offset
            )
        latest = Post.objects.filter(
            thread=thread, visibility=Visibility.VISIBLE
        ).aggregate(latest=Max("created_at"))["latest"]
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=latest)

    def _appreciate(
        self, thread: Thread, replies: list[Post], users: dict[str, User], index: int
    ) -> None:
        """Helpful marks from other patients on clinician replies, and on every
        third thread the asker accepts the first clinician reply. Through the
        services, so counters and permissions are the real ones."""
        patients = [
            u for u in users.values() if not u.is_staff and u.pk != thread.author_id
        ]
        clinician_replies = [p for p in replies if p.author.verified_clinician]
        for n, post in enumerate(clinician_replies):
            for fan in patients[: 1 + (index + n) % 3]:
                if fan.pk != post.author_id and fan.verified_clinician is None:
                    services.post_mark_helpful(post=post, user=fan)
        if clinician_replies and index % 3 == 0:
            services.thread_accept_answer(post=clinician_replies[0], user=thread.author)

    def _seed_moderation(self, users: dict[str, User]) -> None:
        """Something for the review queue: one flagged reply and one newcomer's
        reply awaiting approval (skipped if already there)."""
        from moderation.models import Flag
        from moderation.services import flag_create

        if not Flag.objects.exists():
            target = (
                Post.objects.filter(
                    is_question=False,
                    visibility=Visibility.VISIBLE,
                    author=users["tomasz"],
                )
                .order_by("id")
                .first()
            )
            if target is not None:
                flag_create(
                    post=target,
                    reporter=users["fen"],
                    reason="misinformation",
                    note="Is this dose advice safe to share?",
                )
        newcomer = users["sam_rn"]
        if not Post.objects.filter(author=newcomer).exists():
            thread = Thread.objects.filter(visibility=Visibility.VISIBLE).order_by(
                "-reply_count", "id"
            )[0]
            # Held for approval whatever the configured threshold, so the
            # queue always has an example.
            with override_settings(FORUM_PREMODERATION_POSTS=2):
                services.post_create(
                    thread=thread, author=newcomer, body=demo_content.NEWCOMER_REPLY
                )

    # -- output ---------------------------------------------------------------

    def _report(self, users_created: int, counts: dict[str, int]) -> None:
        n_users = len(demo_content.USERS)
        n_replies = sum(len(t["replies"]) for t in demo_content.THREADS)
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Users:   {users_created} created, "
                f"{n_users - users_created} already existed.\n"
                f"Threads: {counts['threads_created']} created, "
                f"{counts['threads_existing']} already existed.\n"
                f"Replies: {counts['replies_created']} created, "
                f"{n_replies - counts['replies_created']} already existed."
            )
        )
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
