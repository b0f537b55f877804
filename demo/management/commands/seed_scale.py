"""Fill a database with a large, realistic, deterministic forum for load tests.

    python manage.py migrate
    python manage.py seed_scale --users 2000 --threads 20000 --posts 200000 --seed 1

``--posts`` counts every post, questions included, so the threads get
``posts - threads`` replies between them. The same ``--seed`` and sizes give
the same members, titles, authors and reply counts; timestamps are laid out
backwards from the moment the command runs.

Rows are written with bulk inserts, so the services' side effects do not run:
no notifications, no emails, no moderation log. What those services keep
exact is written here directly and kept consistent with what they would
produce: thread counters (``reply_count``, ``last_activity_at``,
``has_clinician_answer``), helpful counts, the follows a member gets by
posting, and the search index (built with ``search.index.document_fields``).

Generated members have usernames starting with ``scale-``, emails at
``example.invalid`` and share the public password ``carethread-scale``: for
load tests and local databases only. ``--clear`` deletes them and everything
they wrote before generating again.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import ClinicianProfile
from accounts.roles import MODERATORS_GROUP
from core import markup, pagecache
from forum import services
from forum.models import Condition, HelpfulMark, Post, Thread, Visibility
from notifications.models import Follow
from search import index as search_index
from search.models import ThreadDocument

User = get_user_model()

USERNAME_PREFIX = "scale-"
EMAIL_DOMAIN = "example.invalid"
PASSWORD = "carethread-scale"

#: Threads generated (and written) per transaction.
CHUNK_THREADS = 500
BATCH_SIZE = 2000
#: How far back the oldest thread starts; members joined before that.
HISTORY_DAYS = 730

#: Share of threads whose question is not public.
THREAD_PENDING = 0.02
THREAD_HIDDEN = 0.015
THREAD_DELETED = 0.005
#: Share of threads nobody answered (beyond the pending ones).
THREAD_UNANSWERED = 0.08
#: Reply states, cumulative: the rest are visible.
REPLY_STATES = [
    (0.015, Visibility.HIDDEN),
    (0.025, Visibility.DELETED),
    (0.04, Visibility.PENDING),
]
CLINICIAN_SHARE = 0.03
CLINICIAN_REPLY = 0.1
ASKER_FOLLOW_UP = 0.15
ACCEPT_SHARE = 0.2

# -- text --------------------------------------------------------------------

ADJECTIVES = (
    "Quiet Brave Gentle Sunny Patient Curious Steady Hopeful Calm Bright Kind "
    "Silver Amber Misty Rosy Swift Wise Lucky Merry Bold Cosy Sage Coral Maple "
    "Cedar Willow Ivory Golden Indigo Velvet Humble Clever Jolly Nimble Tidy "
    "Witty Honest Loyal Plucky Breezy"
).split()
NOUNS = (
    "Heron Otter Badger Robin Finch Maple Willow Harbor River Meadow Lantern "
    "Pebble Comet Falcon Fox Wren Sparrow Owl Thistle Fern Juniper Aspen Brook "
    "Cove Hollow Ember Raven Swan Lark Puffin Hedgehog Beacon Compass Anchor "
    "Kestrel Marigold Clover Bramble Orchid Tulip"
).split()
SYMPTOMS = [
    "fatigue",
    "fatigue",
    "fatigue",
    "brain fog",
    "joint pain",
    "night sweats",
    "poor sleep",
    "nausea",
    "dizziness",
    "headaches",
    "muscle cramps",
    "low mood",
    "anxiety",
    "breathlessness",
    "itching",
    "flare-ups",
    "numbness",
    "weight changes",
    "palpitations",
    "stomach pain",
]
TREATMENTS = [
    "methotrexate",
    "a new biologic",
    "steroids",
    "physiotherapy",
    "graded exercise",
    "a low-FODMAP diet",
    "metformin",
    "insulin pump therapy",
    "an inhaler switch",
    "beta blockers",
    "CBT",
    "vitamin D",
    "iron infusions",
    "a sleep clinic referral",
    "pacing",
    "hydrotherapy",
]
TIMEFRAMES = ["a week", "a month", "three months", "six months", "a year"]
TITLE_TEMPLATES = [
    "Does anyone else get {symptom} with {condition}?",
    "{Treatment} and {symptom}: what helped you?",
    "Newly diagnosed with {condition}, where do I start?",
    "How do you manage {symptom} at work?",
    "{condition}: {symptom} after starting {treatment}",
    "Questions to ask my specialist about {treatment}",
    "Still dealing with {symptom} {timeframe} after diagnosis, is that normal?",
    "Coming off {treatment} after {timeframe} with {condition}",
    "Tips for explaining {condition} to family and friends",
    "Travelling with {condition}: {symptom} on long journeys",
    "Waiting {timeframe} for a {condition} appointment, is that usual?",
    "Bad {symptom} this week, any ideas?",
]
OPENERS = [
    "I was diagnosed {timeframe} ago and I am still finding my feet.",
    "Long-time reader, first post here.",
    "My partner suggested I ask here before my next appointment.",
    "Thank you all for the support on my last thread.",
    "I have been living with this for years, so here is what worked for me.",
    "This might be a silly question, but I could not find an answer anywhere.",
    "Speaking as someone a few years further along:",
]
SENTENCES = [
    "The {symptom} is worst in the mornings and eases a little by lunchtime.",
    "My consultant suggested {treatment}, but I am nervous about side effects.",
    "Since starting {treatment} the {symptom} has been noticeably better.",
    "Some days the {symptom} means I cannot concentrate on anything at all.",
    "I keep a diary of symptoms, which helped my GP see the pattern.",
    "Pacing myself has made a bigger difference than any single medicine.",
    "Has anyone tried {treatment} alongside what they already take?",
    "I found that regular meals and water helped more than I expected.",
    "The nurse on the helpline was really reassuring about the {symptom}.",
    "It took about {timeframe} before I noticed any change at all.",
    "Work has been understanding, and a later start time helps with {symptom}.",
    "I would ask your care team whether {treatment} is worth a try for you.",
    "Everyone is different, so please check with your own doctor first.",
    "Sleep hygiene sounds boring, but it really did help my {symptom}.",
    "I was worried it was something serious, but blood tests came back fine.",
    "Gentle walks on good days and rest on bad days is my rule of thumb.",
]
LISTS = [
    ["smaller meals", "an afternoon rest", "a fan at night"],
    ["writing questions down", "bringing someone along", "asking for a copy"],
    ["stretching", "a warm bath", "heat pads"],
    ["a symptom diary", "a pill organiser", "phone reminders"],
]
LINKS = [
    "https://www.nhs.uk/conditions/",
    "https://medlineplus.gov/",
    "https://www.who.int/health-topics",
]
CLOSINGS = [
    "Thanks for reading, any advice is welcome.",
    "Hope this helps a little.",
    "Wishing you a good week.",
    "Let me know how you get on.",
    "Take care of yourself.",
]
SPECIALTIES = [
    "Rheumatology",
    "Neurology",
    "Endocrinology",
    "Cardiology",
    "Respiratory medicine",
    "Gastroenterology",
    "Psychiatry",
    "General practice",
    "Oncology",
]


def _fill(rng: random.Random, text: str) -> str:
    return text.format(
        symptom=rng.choice(SYMPTOMS),
        treatment=rng.choice(TREATMENTS),
        timeframe=rng.choice(TIMEFRAMES),
    )


def make_body(rng: random.Random, *, question: bool) -> str:
    """A Markdown body of 300–1,500 characters, already normalised."""
    target = rng.randint(300, 1500)
    parts = [_fill(rng, rng.choice(OPENERS))]
    paragraph: list[str] = []
    length = len(parts[0])
    while length < target - 60:
        roll = rng.random()
        if roll < 0.08:
            items = "\n".join(f"- {item}" for item in rng.choice(LISTS))
            block = f"What helps me:\n\n{items}"
        elif roll < 0.12:
            block = "> " + _fill(rng, rng.choice(SENTENCES))
        elif roll < 0.15:
            block = f"There is a good overview at {rng.choice(LINKS)} if useful."
        else:
            sentence = _fill(rng, rng.choice(SENTENCES))
            if rng.random() < 0.1:
                sentence = f"**{sentence}**"
            elif rng.random() < 0.1:
                sentence = f"*{sentence}*"
            paragraph.append(sentence)
            length += len(sentence) + 1
            if len(paragraph) < 3:
                continue
            block = " ".join(paragraph)
            paragraph = []
            length -= len(block) + 2
        if paragraph:
            parts.append(" ".join(paragraph))
            length += 2
            paragraph = []
        parts.append(block)
        length += len(block) + 2
    if paragraph:
        parts.append(" ".join(paragraph))
    closing = rng.choice(CLOSINGS)
    if question:
        closing = "Has anyone been through this? " + closing
    parts.append(closing)
    body = "\n\n".join(parts)
    while len(body) > 1500:
        # Drop middle blocks until it fits; the opener and closing stay.
        parts.pop(len(parts) // 2)
        body = "\n\n".join(parts)
    while len(body) < 300:
        parts.insert(-1, _fill(rng, rng.choice(SENTENCES)))
        body = "\n\n".join(parts)
    return markup.normalise(body)


def make_title(rng: random.Random, condition: Condition) -> str:
    template = rng.choice(TITLE_TEMPLATES)
    treatment = rng.choice(TREATMENTS)
    title = template.format(
        condition=condition.name,
        symptom=rng.choice(SYMPTOMS),
        treatment=treatment,
        Treatment=treatment[0].upper() + treatment[1:],
        timeframe=rng.choice(TIMEFRAMES),
    )
    return markup.normalise_line(title)[:150]


def zipf_weights(n: int, exponent: float) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, n + 1)]


class Picker:
    """Weighted choice from a fixed list in O(log n)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        x = rng.random() * self.cum[-1]
        return self.items[bisect.bisect_right(self.cum, x)]


# -- plan ------------------------------------------------------------------------


@dataclass
class Member:
    pk: int
    verified_clinician: bool = False


@dataclass
class PlannedPost:
    author: int
    created_at: datetime
    visibility: str
    body: int
    is_question: bool = False
    helpful_by: list[int] = field(default_factory=list)


@dataclass
class PlannedThread:
    title: str
    author: int
    conditions: list[int]
    created_at: datetime
    visibility: str
    posts: list[PlannedPost]
    accepted: int | None = None  # Index into posts.


class Command(BaseCommand):
    help = (
        "Generate a large, deterministic forum (members, verified clinicians, "
        "threads, replies, helpful marks, follows, search index) with bulk "
        "inserts for load tests. Bulk inserts bypass the services' hooks: no "
        "notifications, emails or moderation log are written; counters and the "
        "search index are written consistently instead. Members share the "
        f"public password {PASSWORD!r}: never use on a reachable server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument("--threads", type=int, default=20000)
        parser.add_argument(
            "--posts",
            type=int,
            default=200000,
            help="All posts, questions included (at least --threads).",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--bodies",
            type=int,
            default=300,
            help="Distinct post bodies rendered once and reused.",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Delete previously generated members and all they wrote first.",
        )

    def handle(self, *args, **options):
        users, threads, posts = options["users"], options["threads"], options["posts"]
        if users < 10 or threads < 1 or posts < threads:
            raise CommandError(
                "Need --users >= 10, --threads >= 1, --posts >= threads."
            )
        self.started = time.monotonic()
        if options["clear"]:
            self._clear()
        elif User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise CommandError(
                "Generated members already exist; pass --clear to replace them."
            )
        conditions = list(Condition.objects.order_by("slug"))
        if not conditions:
            raise CommandError("No conditions: run `manage.py migrate` first.")
        rng = random.Random(options["seed"])
        self.now = timezone.now().replace(microsecond=0)
        bodies = self._bodies(rng, options["bodies"])
        members = self._create_users(rng, users, conditions)
        self._create_threads(rng, threads, posts - threads, conditions, members, bodies)
        # Bulk inserts send no signals: let every cached page render afresh.
        pagecache.bump(pagecache.LISTS, pagecache.SITE)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses from an empty table;
            # and a visibility map for index-only scans, where no autovacuum
            # runs. VACUUM can't run inside a transaction (tests): then only
            # the statistics.
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                )
        self._log(self.style.SUCCESS("Done."))

    def _log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        self.stdout.write(f"[{elapsed:7.1f}s] {message}")
        self.stdout.flush()

    # -- clear ---------------------------------------------------------------

    def _clear(self) -> None:
        generated = User.objects.filter(username__startswith=USERNAME_PREFIX)
        if not generated.exists():
            self._log("Nothing to clear.")
            return
        # Replies generated members wrote in other threads (e.g. during a
        # benchmark): those threads' counters and index are refreshed after.
        elsewhere = set(
            Post.objects.filter(author__in=generated)
            .exclude(thread__author__in=generated)
            .values_list("thread_id", flat=True)
        )
        with transaction.atomic():
            Post.objects.filter(author__in=generated).exclude(
                thread__author__in=generated
            ).only("pk").delete()
            threads = Thread.objects.filter(author__in=generated)
            Post.objects.filter(thread__in=threads).only("pk").delete()
            threads.only("pk").delete()
            generated.only("pk").delete()
            for thread in Thread.objects.filter(pk__in=elsewhere):
                _recount(thread)
        self._log(f"Cleared generated data ({len(elsewhere)} other threads recounted).")

    # -- members -------------------------------------------------------------

    def _bodies(self, rng: random.Random, count: int) -> list[tuple[str, str]]:
        """(source, html) pairs; each html is ``markup.render(source)``."""
        pool = []
        for n in range(max(2, count)):
            source = make_body(rng, question=n % 3 == 0)
            pool.append((source, markup.render(source)))
        self._log(f"Rendered {len(pool)} distinct bodies.")
        return pool

    def _create_users(
        self, rng: random.Random, count: int, conditions: list[Condition]
    ) -> dict[str, list]:
        password = make_password(PASSWORD)  # Hashed once: hashing is slow on purpose.
        oldest = self.now - timedelta(days=HISTORY_DAYS)
        users = []
        for i in range(count):
            name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {i + 1}"
            joined = oldest - timedelta(minutes=rng.randint(60, 180 * 24 * 60))
            users.append(
                User(
                    username=f"{USERNAME_PREFIX}{i:06d}",
                    email=f"{USERNAME_PREFIX}{i:06d}@{EMAIL_DOMAIN}",
                    display_name=name,
                    password=password,
                    date_joined=joined,
                    email_verified_at=joined + timedelta(minutes=5),
                )
            )
        self._check_free([u.display_name for u in users], [u.email for u in users])
        with transaction.atomic():
            # Primary keys come back from the insert (PostgreSQL, SQLite 3.35+).
            User.objects.bulk_create(users, batch_size=BATCH_SIZE)
            order = list(range(count))
            rng.shuffle(order)
            # Index 0 of the shuffled order is the most active member.
            activity = [0.0] * count
            for rank, i in enumerate(order, start=1):
                activity[i] = 1 / rank**0.9
            n_mods = max(1, count // 1000)
            n_clin = max(2, round(count * CLINICIAN_SHARE))
            special = rng.sample(range(count), n_mods + n_clin)
            mods, clinicians = special[:n_mods], special[n_mods:]
            group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
            User.groups.through.objects.bulk_create(
                [
                    User.groups.through(user_id=users[i].pk, group_id=group.pk)
                    for i in mods
                ]
            )
            by_condition: dict[int, list[int]] = {c.pk: [] for c in conditions}
            popularity = self._condition_picker(rng, conditions)
            profiles, expertise = [], []
            for n, i in enumerate(clinicians):
                # Most verified; a few still pending or suspended, whose
                # replies must not count as clinician answers.
                status = ClinicianProfile.Status.VERIFIED
                if n >= 2 and n % 10 == 8:
                    status = ClinicianProfile.Status.PENDING
                elif n >= 2 and n % 10 == 9:
                    status = ClinicianProfile.Status.SUSPENDED
                profession = rng.choice(ClinicianProfile.Profession.values)
                profiles.append(
                    ClinicianProfile(
                        user_id=users[i].pk,
                        profession=profession,
                        specialty=rng.choice(SPECIALTIES),
                        registration_number=f"REG-{100000 + i}",
                        issuing_body="General Medical Council",
                        country="United Kingdom",
                        bio="Clinician answering questions in my own time.",
                        status=status,
                        verified_at=users[i].date_joined + timedelta(days=3)
                        if status != ClinicianProfile.Status.PENDING
                        else None,
                    )
                )
                picked = {popularity.pick(rng).pk for _ in range(rng.randint(1, 4))}
                for condition_id in sorted(picked):
                    expertise.append((n, condition_id))
                    if status == ClinicianProfile.Status.VERIFIED:
                        by_condition[condition_id].append(users[i].pk)
            ClinicianProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
            through = ClinicianProfile.conditions.through
            through.objects.bulk_create(
                [
                    through(clinicianprofile_id=profiles[n].pk, condition_id=c)
                    for n, c in expertise
                ],
                batch_size=BATCH_SIZE,
            )
        verified = {
            users[i].pk
            for n, i in enumerate(clinicians)
            if profiles[n].status == ClinicianProfile.Status.VERIFIED
        }
        patients = [i for i in range(count) if i not in set(clinicians)]
        self._log(
            f"Created {count} members ({len(verified)} verified clinicians, "
            f"{n_mods} moderators)."
        )
        return {
            "members": Picker([users[i].pk for i in range(count)], activity),
            "askers": Picker(
                [users[i].pk for i in patients], [activity[i] for i in patients]
            ),
            "clinicians": [users[i].pk for i in clinicians],
            "verified": verified,
            "by_condition": by_condition,
            "all": [u.pk for u in users],
        }

    def _check_free(self, names: list[str], emails: list[str]) -> None:
        for start in range(0, len(names), 500):
            lowered = [n.lower() for n in names[start : start + 500]]
            clash = (
                User.objects.annotate(lname=Lower("display_name"))
                .filter(lname__in=lowered)
                .values_list("display_name", flat=True)
                .first()
            )
            if clash is None:
                clash = (
                    User.objects.filter(email__in=emails[start : start + 500])
                    .values_list("email", flat=True)
                    .first()
                )
            if clash is not None:
                raise CommandError(f"{clash!r} is already used by another member.")

    @staticmethod
    def _condition_picker(rng: random.Random, conditions: list[Condition]) -> Picker:
        ranked = list(conditions)
        rng.shuffle(ranked)  # Which conditions are popular depends on the seed.
        return Picker(ranked, zipf_weights(len(ranked), 1.1))

    # -- threads -------------------------------------------------------------

    def _create_threads(
        self,
        rng: random.Random,
        n_threads: int,
        n_replies: int,
        conditions: list[Condition],
        members: dict,
        bodies: list[tuple[str, str]],
    ) -> None:
        popularity = self._condition_picker(rng, conditions)
        start = self.now - timedelta(days=HISTORY_DAYS)
        span = (HISTORY_DAYS * 86400) - 3600
        # More threads recently: the forum grew over time.
        starts = sorted(
            start + timedelta(seconds=span * rng.random() ** 0.6)
            for _ in range(n_threads)
        )
        visibility = [Visibility.VISIBLE] * n_threads
        quotas = [
            (Visibility.PENDING, THREAD_PENDING),
            (Visibility.HIDDEN, THREAD_HIDDEN),
            (Visibility.DELETED, THREAD_DELETED),
        ]
        free = list(range(n_threads))
        rng.shuffle(free)
        for state, share in quotas:
            k = max(1, round(n_threads * share)) if n_threads >= 20 else 0
            for i in free[:k]:
                visibility[i] = state
            free = free[k:]
        replies = self._reply_counts(rng, n_replies, visibility)
        question_bodies = [n for n in range(len(bodies)) if n % 3 == 0]
        reply_bodies = [n for n in range(len(bodies)) if n % 3] or question_bodies
        totals = {"threads": 0, "posts": 0, "helpful": 0, "follows": 0, "docs": 0}
        for chunk_start in range(0, n_threads, CHUNK_THREADS):
            planned = []
            for i in range(chunk_start, min(n_threads, chunk_start + CHUNK_THREADS)):
                planned.append(
                    self._plan_thread(
                        rng,
                        created=starts[i],
                        visibility=visibility[i],
                        n_replies=replies[i],
                        popularity=popularity,
                        members=members,
                        question_bodies=question_bodies,
                        reply_bodies=reply_bodies,
                    )
                )
            with transaction.atomic():
                written = self._write(planned, members, bodies, conditions)
            for key, value in written.items():
                totals[key] += value
            self._log(
                f"threads {totals['threads']:,}/{n_threads:,}  "
                f"posts {totals['posts']:,}/{n_threads + n_replies:,}  "
                f"helpful {totals['helpful']:,}  follows {totals['follows']:,}  "
                f"indexed {totals['docs']:,}"
            )

    @staticmethod
    def _reply_counts(
        rng: random.Random, n_replies: int, visibility: list[str]
    ) -> list[int]:
        """Heavy-tailed (log-normal) replies per thread summing to n_replies;
        questions still awaiting approval have none."""
        weights = []
        for state in visibility:
            if state == Visibility.PENDING or rng.random() < THREAD_UNANSWERED:
                weights.append(0.0)
            else:
                weights.append(rng.lognormvariate(0, 1.25))
        total = sum(weights)
        if total == 0:
            weights = [0.0 if s == Visibility.PENDING else 1.0 for s in visibility]
            total = sum(weights) or 1.0
        counts = [math.floor(n_replies * w / total) for w in weights]
        rest = n_replies - sum(counts)
        if rest:
            picker = Picker(list(range(len(weights))), weights)
            for _ in range(rest):
                counts[picker.pick(rng)] += 1
        return counts

    def _plan_thread(
        self,
        rng: random.Random,
        *,
        created: datetime,
        visibility: str,
        n_replies: int,
        popularity: Picker,
        members: dict,
        question_bodies: list[int],
        reply_bodies: list[int],
    ) -> PlannedThread:
        primary = popularity.pick(rng)
        tags = [primary.pk]
        for chance in (0.35, 0.1):
            if rng.random() < chance:
                extra = popularity.pick(rng).pk
                if extra not in tags:
                    tags.append(extra)
        asker = members["askers"].pick(rng)
        title = make_title(rng, primary)
        question = PlannedPost(
            author=asker,
            created_at=created,
            visibility=visibility,
            body=rng.choice(question_bodies),
            is_question=True,
        )
        posts = [question]
        experts = members["by_condition"][primary.pk]
        offsets = []
        elapsed = 0.0
        for j in range(n_replies):
            # First replies come within hours; long threads slow down.
            mean = 3 * 3600 if j == 0 else 5 * 3600
            elapsed += rng.expovariate(1 / mean) + 60
            offsets.append(elapsed)
        limit = (self.now - created).total_seconds() - 60
        if offsets and offsets[-1] > limit:
            scale = limit / offsets[-1]
            offsets = [o * scale for o in offsets]
        previous = created
        for offset in offsets:
            roll = rng.random()
            if roll < CLINICIAN_REPLY and experts:
                author = rng.choice(experts)
            elif roll < CLINICIAN_REPLY + 0.01:
                author = rng.choice(members["clinicians"])
            elif roll < CLINICIAN_REPLY + 0.01 + ASKER_FOLLOW_UP:
                author = asker
            else:
                author = members["members"].pick(rng)
            state_roll = rng.random()
            state = next(
                (s for bound, s in REPLY_STATES if state_roll < bound),
                Visibility.VISIBLE,
            )
            if state == Visibility.PENDING and author in members["verified"]:
                state = Visibility.VISIBLE  # Verified clinicians skip pre-moderation.
            at = max(created + timedelta(seconds=offset), previous)
            at += timedelta(microseconds=1)  # Strictly increasing, for a stable order.
            previous = at
            posts.append(
                PlannedPost(
                    author=author,
                    created_at=at,
                    visibility=state,
                    body=rng.choice(reply_bodies),
                )
            )
        thread = PlannedThread(
            title=title,
            author=asker,
            conditions=tags,
            created_at=created,
            visibility=visibility,
            posts=posts,
        )
        if visibility == Visibility.VISIBLE:
            self._plan_appreciation(rng, thread, members)
        return thread

    @staticmethod
    def _plan_appreciation(
        rng: random.Random, thread: PlannedThread, members: dict
    ) -> None:
        """Helpful marks from other members, and sometimes an accepted answer."""
        candidates = []
        for n, post in enumerate(thread.posts):
            if post.is_question or post.visibility != Visibility.VISIBLE:
                continue
            expert = post.author in members["verified"]
            if post.author != thread.author:
                candidates.append((expert, n))
            if rng.random() < (0.6 if expert else 0.12):
                fans = {members["members"].pick(rng) for _ in range(rng.randint(1, 5))}
                fans.discard(post.author)
                post.helpful_by = sorted(fans)
        if candidates and rng.random() < ACCEPT_SHARE:
            experts = [n for expert, n in candidates if expert]
            thread.accepted = experts[0] if experts else rng.choice(candidates)[1]

    def _write(
        self,
        planned: list[PlannedThread],
        members: dict,
        bodies: list[tuple[str, str]],
        conditions: list[Condition],
    ) -> dict[str, int]:
        verified = members["verified"]
        threads = []
        for plan in planned:
            visible = [p for p in plan.posts if p.visibility == Visibility.VISIBLE]
            replies = [p for p in visible if not p.is_question]
            # Counters as the services keep them: visible replies only, the
            # newest visible post (the question itself while nothing else is).
            last = max([plan.created_at] + [p.created_at for p in replies])
            threads.append(
                Thread(
                    title=plan.title,
                    author_id=plan.author,
                    visibility=plan.visibility,
                    created_at=plan.created_at,
                    last_activity_at=last,
                    reply_count=len(replies),
                    has_clinician_answer=any(p.author in verified for p in replies),
                )
            )
        Thread.objects.bulk_create(threads, batch_size=BATCH_SIZE)
        through = Thread.conditions.through
        through.objects.bulk_create(
            [
                through(thread_id=thread.pk, condition_id=condition_id)
                for thread, plan in zip(threads, planned, strict=True)
                for condition_id in plan.conditions
            ],
            batch_size=BATCH_SIZE,
        )
        posts = []
        for thread, plan in zip(threads, planned, strict=True):
            for p in plan.posts:
                source, html = bodies[p.body]
                posts.append(
                    Post(
                        thread_id=thread.pk,
                        author_id=p.author,
                        is_question=p.is_question,
                        source=source,
                        html=html,
                        visibility=p.visibility,
                        created_at=p.created_at,
                        helpful_count=len(p.helpful_by),
                    )
                )
        Post.objects.bulk_create(posts, batch_size=BATCH_SIZE)
        # updated_at is auto_now, which bulk_create sets to now: put it back.
        Post.objects.filter(thread_id__in=[t.pk for t in threads]).update(
            updated_at=F("created_at")
        )
        marks, follows, docs, accepted = [], [], [], []
        by_pk = {c.pk: c for c in conditions}
        cursor = iter(posts)
        for thread, plan in zip(threads, planned, strict=True):
            followed: dict[int, datetime] = {}
            sources = []
            for p in plan.posts:
                post = next(cursor)
                p.pk = post.pk
                at = min(p.created_at + timedelta(hours=6), self.now)
                marks.extend(
                    HelpfulMark(post_id=post.pk, user_id=u, created_at=at)
                    for u in p.helpful_by
                )
                # Publishing makes the author follow the thread; posts still
                # awaiting approval have not been published.
                if p.visibility != Visibility.PENDING:
                    followed.setdefault(p.author, p.created_at)
                if p.visibility == Visibility.VISIBLE:
                    sources.append(post.source)
            follows.extend(
                Follow(user_id=u, thread_id=thread.pk, created_at=at, last_seen_at=at)
                for u, at in followed.items()
            )
            if plan.accepted is not None:
                thread.accepted_post_id = plan.posts[plan.accepted].pk
                accepted.append(thread)
            if plan.visibility == Visibility.VISIBLE:
                fields = search_index.document_fields(
                    title=thread.title,
                    sources=sources,
                    conditions=[
                        by_pk[c]
                        for c in sorted(plan.conditions, key=lambda c: by_pk[c].name)
                    ],
                )
                docs.append(ThreadDocument(thread_id=thread.pk, **fields))
        HelpfulMark.objects.bulk_create(marks, batch_size=BATCH_SIZE)
        Follow.objects.bulk_create(follows, batch_size=BATCH_SIZE)
        Thread.objects.bulk_update(accepted, ["accepted_post"], batch_size=BATCH_SIZE)
        # Each document can hold up to 200k characters: smaller batches.
        ThreadDocument.objects.bulk_create(docs, batch_size=100)
        return {
            "threads": len(threads),
            "posts": len(posts),
            "helpful": len(marks),
            "follows": len(follows),
            "docs": len(docs),
        }


def _recount(thread: Thread) -> None:
    """Make one thread's counters and index match its posts again."""
    visible = Post.objects.filter(thread=thread, visibility=Visibility.VISIBLE)
    latest = visible.order_by("-created_at").values_list("created_at", flat=True)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=visible.filter(is_question=False).count(),
        last_activity_at=latest.first() or thread.created_at,
    )
    services.threads_refresh_clinician_answer(thread=thread)
    search_index.thread_reindex(thread.pk)
