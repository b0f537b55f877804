"""The condition catalogue migration, the demo content, and the demo forum
``seed_demo`` writes: what someone trying the demo would notice.

The forum is seeded once for the module (it takes a few seconds) and rolled
back at the end; each test's own changes are rolled back by its ``db``
fixture. Runs that need a fresh database (a second run, existing members,
email) are in ``tests/demo/test_seed_runs.py``.
"""

import re
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, DateTimeField, Max, Q
from django.test.utils import override_settings
from django.utils import timezone

from accounts.forms import clean_display_name
from accounts.models import ClinicianApplication, ClinicianProfile, Sanction
from accounts.roles import MODERATORS_GROUP
from demo import content as demo_content
from demo import timeline
from forum.forms import BodyField, TitleField
from forum.models import (
    Condition,
    CorrectionNote,
    HelpfulMark,
    Post,
    Review,
    Thread,
    Visibility,
)
from moderation.models import Flag, ModerationEvent
from notifications.models import Follow, Notification
from safety import crisis, pii

User = get_user_model()
Action = ModerationEvent.Action
Kind = Notification.Kind

SECOND = timedelta(seconds=1)
# Everyday words of each language, to tell a French post from an English one.
FRENCH_WORDS = re.compile(
    r"\b(je|j'ai|vous|nous|elle|les|des|une|est|et|le|la|du|de|avec|mais|pour"
    r"|qui|que|pas|mon|ma|mes)\b",
    re.I,
)
ENGLISH_WORDS = re.compile(r"\b(the|and|you|is|my|with|it|to|of|for)\b", re.I)


def in_french(text: str) -> bool:
    return bool(FRENCH_WORDS.search(text)) and not ENGLISH_WORDS.search(text)


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo forum for the module, rolled back when the module is done."""
    # The tests' quick hasher (tests/conftest.py), so members can sign in.
    hashers = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), hashers, transaction.atomic():
        started = timezone.now()
        output = seed()
        yield SimpleNamespace(output=output, started=started)
        transaction.set_rollback(True)


def published_at(post: Post):
    """When a post became public: when it was written, or, for a newcomer's
    post held for review, when a moderator approved it."""
    approved = (
        ModerationEvent.objects.filter(
            action=Action.POST_APPROVE, target_type="post", target_id=post.pk
        )
        .values_list("created_at", flat=True)
        .first()
    )
    return approved or post.created_at


# -- migration: condition catalogue ------------------------------------------


@pytest.mark.django_db
def test_migration_ships_condition_catalogue():
    conditions = list(Condition.objects.all())
    assert len(conditions) >= 40
    categories = set(Condition.Category.values)
    for condition in conditions:
        assert condition.description.strip(), condition.slug
        # SQLite does not enforce max_length, so check the 300-char limits here.
        assert len(condition.description) <= 300, condition.slug
        assert len(condition.synonyms) <= 300, condition.slug
        assert condition.category in categories, condition.slug
    ms = Condition.objects.get(slug="multiple-sclerosis")
    assert "MS" in ms.synonym_list


# -- the demo content itself ----------------------------------------------------


@pytest.mark.django_db
def test_demo_content_passes_the_forms_rules():
    usernames = {u["username"] for u in demo_content.USERS}
    slugs = set(Condition.objects.values_list("slug", flat=True))
    names = [u["display_name"].lower() for u in demo_content.USERS]
    emails = [u["email"] for u in demo_content.USERS]
    assert len(set(names)) == len(names)
    assert len(set(emails)) == len(emails)
    for spec in demo_content.USERS:
        assert spec["email"].endswith("@example.org")
        assert clean_display_name(spec["display_name"]) == spec["display_name"]
        assert spec.get("language", "en") in dict(settings.LANGUAGES)
        assert set(spec.get("follows", [])) <= slugs
    titles, body = TitleField(), BodyField()
    limit = min(5, settings.FORUM_MAX_CONDITIONS_PER_THREAD)
    for spec in demo_content.THREADS:
        titles.clean(spec["title"])
        body.clean(spec["body"])
        assert 1 <= len(spec["conditions"]) <= limit
        assert set(spec["conditions"]) <= slugs
        assert spec["author"] in usernames
        assert len(spec["replies"]) <= 8
        for reply in spec["replies"]:
            assert reply["author"] in usernames
            body.clean(reply["body"])


def test_demo_content_tells_a_consistent_story():
    """The timeline reads every date and finds nothing out of order."""
    steps = timeline.plan(demo_content.USERS, demo_content.THREADS, timezone.now())
    assert len(steps) > 300
    assert [s.moment for s in steps] == sorted(s.moment for s in steps)


def test_french_members_write_in_french():
    french = {u["username"] for u in demo_content.USERS if u.get("language") == "fr"}
    for spec in demo_content.THREADS:
        assert (spec.get("language") == "fr") == (spec["author"] in french)
        for post in [spec, *spec["replies"]]:
            assert in_french(post["body"]) == (post["author"] in french), post["body"]


# -- what the demo forum looks like -------------------------------------------


@pytest.mark.django_db
def test_the_forum_looks_lived_in(seeded):
    assert Thread.objects.count() >= 60
    used = Condition.objects.filter(threads__isnull=False).distinct()
    assert used.count() >= 15
    posters = User.objects.filter(posts__isnull=False).distinct()
    assert posters.count() >= 25
    # Their own voices: nobody shares a bio.
    bios = [u.bio for u in posters if u.bio]
    assert len(set(bios)) == len(bios) >= 25
    # No condition belongs to one member: where there are a few threads,
    # they were asked by different people.
    busy = Condition.objects.annotate(
        threads_n=Count("threads"),
        askers=Count("threads__author", distinct=True),
    ).filter(threads_n__gte=3)
    assert busy.count() >= 8
    for condition in busy:
        assert condition.askers >= 2, condition.slug
    ms = Thread.objects.filter(conditions__slug="multiple-sclerosis")
    assert ms.values("author").distinct().count() >= 3
    # The lists the home page offers all have something in them.
    replies = list(Thread.objects.values_list("reply_count", flat=True))
    assert replies.count(0) >= 2  # "unanswered"
    assert max(replies) >= 6  # one busy thread
    clinician_answered = Thread.objects.filter(has_clinician_answer=True)
    assert clinician_answered.count() >= 20
    patient_only = Thread.objects.exclude(pk__in=clinician_answered).filter(
        reply_count__gt=0
    )
    assert patient_only.count() >= 10
    assert Thread.objects.filter(is_pinned=True).exists()
    assert Thread.objects.filter(accepted_post__isnull=False).count() >= 10
    assert HelpfulMark.objects.count() >= 50


@pytest.mark.django_db
def test_threads_have_one_to_five_conditions(seeded):
    limit = min(5, settings.FORUM_MAX_CONDITIONS_PER_THREAD)
    for thread in Thread.objects.annotate(n=Count("conditions")):
        assert 1 <= thread.n <= limit, thread.title


@pytest.mark.django_db
def test_verified_clinicians_answer_in_their_conditions(seeded):
    verified = ClinicianProfile.objects.filter(
        status=ClinicianProfile.Status.VERIFIED, verified_at__isnull=False
    )
    assert verified.count() >= 4
    assert verified.values("profession").distinct().count() >= 3
    for profile in verified:
        theirs = set(profile.conditions.values_list("pk", flat=True))
        answers = Post.objects.filter(author=profile.user, is_question=False)
        assert answers.exists(), profile.user.username
        for post in answers:
            tagged = set(post.thread.conditions.values_list("pk", flat=True))
            assert tagged & theirs, (profile.user.username, post.thread.title)
            assert post.created_at > profile.verified_at


@pytest.mark.django_db
def test_french_members_and_threads(seeded):
    french = User.objects.filter(language="fr")
    assert french.filter(posts__isnull=False).distinct().count() >= 5
    threads = Thread.objects.filter(author__language="fr")
    assert threads.count() >= 8
    for thread in threads:
        question = thread.posts.get(is_question=True)
        assert in_french(f"{thread.title}\n{question.source}"), thread.title


@pytest.mark.django_db
def test_the_roles_other_code_relies_on(seeded):
    assert User.objects.get(username="admin").is_superuser
    juniper = User.objects.get(username="juniper")
    assert juniper.groups.filter(name=MODERATORS_GROUP).exists()
    for name in ("maple", "harbour", "fen", "tomasz"):
        assert not User.objects.get(username=name).is_staff
    for name in ("dr_kestrel", "jo_ashby"):
        assert User.objects.get(username=name).clinician_profile.is_verified
    application = ClinicianApplication.objects.get(user__username="sam_rn")
    assert application.status == ClinicianApplication.Status.PENDING


@pytest.mark.django_db
def test_seed_prints_demo_logins(seeded, client):
    for spec in demo_content.USERS:
        assert spec["username"] in seeded.output
    assert demo_content.DEMO_PASSWORD in seeded.output
    assert "http://127.0.0.1:8000/" in seeded.output
    assert client.login(username="maple", password=demo_content.DEMO_PASSWORD)


# -- time ---------------------------------------------------------------------


@pytest.mark.django_db
def test_threads_spread_over_five_weeks_and_replies_follow_questions(seeded):
    now = timezone.now()
    threads = Thread.objects.annotate(
        visible_replies=Count(
            "posts",
            filter=Q(posts__visibility=Visibility.VISIBLE, posts__is_question=False),
        ),
        latest_visible=Max(
            "posts__created_at", filter=Q(posts__visibility=Visibility.VISIBLE)
        ),
    )
    weeks = set()
    for thread in threads:
        age = now - thread.created_at
        assert timedelta(0) < age < timedelta(days=36), thread.title
        weeks.add(age.days // 7)
        assert thread.reply_count == thread.visible_replies, thread.title
        # The newest visible post, or a reply approved later than it.
        latest = max(published_at(p) for p in thread.posts.filter(visibility="visible"))
        assert thread.last_activity_at == latest, thread.title
        assert thread.created_at <= thread.last_activity_at < now
        question = thread.posts.get(is_question=True)
        assert question.created_at == thread.created_at
        replies = list(thread.posts.filter(is_question=False))
        assert all(question.created_at < p.created_at < now for p in replies)
        assert all(p.created_at <= p.updated_at < now for p in replies)
    assert weeks >= {0, 1, 2, 3, 4}


@pytest.mark.django_db
def test_nobody_acts_before_joining(seeded):
    now = timezone.now()
    members = User.objects.all()
    assert all(u.email_verified_at >= u.date_joined for u in members)
    assert all(u.date_joined < now for u in members)
    for post in Post.objects.select_related("author"):
        assert post.author.date_joined < post.created_at, post.pk
    for mark in HelpfulMark.objects.select_related("user", "post"):
        assert mark.user.date_joined < mark.created_at
        assert mark.post.created_at < mark.created_at < now
    for follow in Follow.objects.select_related("user"):
        assert follow.user.date_joined < follow.created_at <= follow.last_seen_at < now
    for flag in Flag.objects.select_related("reporter"):
        if flag.reporter is not None:
            assert flag.reporter.date_joined < flag.created_at
    for event in ModerationEvent.objects.select_related("actor", "subject"):
        assert event.actor.date_joined < event.created_at < now
        if event.subject is not None:
            assert event.subject.date_joined < event.created_at
    for application in ClinicianApplication.objects.select_related("user"):
        assert application.user.date_joined < application.submitted_at
        if application.decided_at:
            assert application.submitted_at < application.decided_at < now
    for profile in ClinicianProfile.objects.select_related("user"):
        assert profile.user.date_joined < profile.verified_at < now


@pytest.mark.django_db
def test_notifications_carry_the_time_of_what_caused_them(seeded):
    now = timezone.now()
    notifications = Notification.objects.select_related(
        "recipient", "actor", "thread", "post", "event"
    )
    kinds = set()
    for n in notifications:
        kinds.add(n.kind)
        assert n.recipient.date_joined < n.created_at < now, n.pk
        if n.read_at is not None:
            assert n.created_at <= n.read_at < now
        if n.kind in (Kind.REPLY, Kind.MENTION):
            caused = published_at(n.post)
        elif n.kind == Kind.NEW_THREAD:
            caused = n.thread.created_at
        elif n.kind == Kind.HELPFUL:
            caused = HelpfulMark.objects.get(post=n.post, user=n.actor).created_at
            assert caused > n.post.created_at
        elif n.kind == Kind.ACCEPTED:
            # Accepted when the asker came back to the thread to reply.
            assert n.created_at > n.post.created_at
            caused = (
                Post.objects.filter(thread=n.thread, author=n.actor)
                .get(created_at=n.created_at)
                .created_at
            )
        elif n.kind == Kind.REVIEWED:
            # A clinician's verdict or correction on the member's post.
            verdicts = Review.objects.filter(clinician=n.actor, thread=n.thread)
            notes = CorrectionNote.objects.filter(author=n.actor, post=n.post)
            moments = [r.created_at for r in verdicts] + [c.created_at for c in notes]
            caused = min(moments, key=lambda at: abs(at - n.created_at))
            assert n.post.created_at < caused
        elif n.kind == Kind.ROUTED:
            # Cron's routing run: after the step fell due, before now.
            thread = n.thread
            half_target = (thread.answer_due_at - thread.created_at) / 2
            assert thread.created_at + half_target <= n.created_at
            assert not thread.has_clinician_answer
            continue
        else:
            caused = n.event.created_at
        assert abs(n.created_at - caused) <= SECOND, (n.kind, n.pk)
    assert kinds == set(Kind.values)
    # Members who came back have read what came before; what is newer waits.
    unread = notifications.filter(read_at__isnull=True)
    assert 0 < unread.count() < notifications.count() / 2


# Deadlines may be anywhere: a suspension's end, when a clinician's yearly
# check runs out, when a question's answer is due or its claim ends.
DEADLINES = {
    (Sanction, "ends_at"),
    (ClinicianProfile, "verified_until"),
    (Thread, "answer_due_at"),
    (Thread, "next_escalation_at"),
    (Thread, "claimed_until"),
}


@pytest.mark.django_db
def test_nothing_keeps_the_seeding_time(seeded):
    """Every timestamp the demo wrote belongs to its story, none to the
    moment of seeding (a suspension's end may be anywhere)."""
    for label in ("accounts", "forum", "notifications", "moderation", "safety"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, DateTimeField):
                    continue
                if (model, field.name) in DEADLINES:
                    continue
                late = model.objects.filter(**{f"{field.name}__gte": seeded.started})
                assert not late.exists(), f"{model.__name__}.{field.name}"


# -- moderation -----------------------------------------------------------------


def _flag_evidence(flag: Flag) -> bool:
    """Whether the flagged post holds what the flag's reason says."""
    post = flag.post
    text = post.source
    if post.is_question:
        text = f"{post.thread.title}\n{text}"
    match flag.reason:
        case Flag.Reason.PERSONAL_INFO:
            return bool(pii.find(text))
        case Flag.Reason.SPAM:
            return "<a " in post.html
        case Flag.Reason.MISINFORMATION:
            return bool(re.search(r"\b(stop\w*|arr[eê]t\w*|ditch\w*)\b", text, re.I))
        case Flag.Reason.HARASSMENT:
            return bool(re.search(r"\b(lazy|milking|get a grip)\b", text, re.I))
        case Flag.Reason.POSSIBLE_RISK | Flag.Reason.SELF_HARM:
            return bool(crisis.assess(text))
        case _:
            return bool(flag.note)


@pytest.mark.django_db
def test_flags_fit_the_posts_they_are_on(seeded):
    flags = Flag.objects.select_related("post__thread", "resolved_by")
    assert flags.count() >= 6
    assert {f.reason for f in flags} >= {
        Flag.Reason.SPAM,
        Flag.Reason.MISINFORMATION,
        Flag.Reason.PERSONAL_INFO,
        Flag.Reason.HARASSMENT,
        Flag.Reason.POSSIBLE_RISK,
    }
    for flag in flags:
        assert _flag_evidence(flag), (flag.reason, flag.post.source)
        if flag.reporter is None:
            # Raised by the crisis detector as the post was written.
            assert flag.created_at == flag.post.created_at
        else:
            assert flag.created_at > flag.post.created_at
            assert flag.note
        if flag.state == Flag.State.OPEN:
            assert flag.resolved_at is None
            continue
        assert flag.created_at < flag.resolved_at < timezone.now()
        assert flag.resolved_by.groups.filter(name=MODERATORS_GROUP).exists()
        handled = {
            Flag.State.ACTIONED: Visibility.HIDDEN,
            Flag.State.DISMISSED: Visibility.VISIBLE,
        }
        assert flag.post.visibility == handled[flag.state]
    states = set(flags.values_list("state", flat=True))
    assert states == set(Flag.State.values)


@pytest.mark.django_db
def test_only_the_deliberate_post_raises_a_crisis_flag(seeded):
    """Everyday posts must not fill the moderators' possible-risk list; the
    one post written for it lands there, not in the urgent queue."""
    meant = [
        post
        for spec in demo_content.THREADS
        for post in [spec, *spec["replies"]]
        if post.get("possible_risk")
    ]
    assert len(meant) == 1
    flags = Flag.objects.filter(
        reason__in=[Flag.Reason.POSSIBLE_RISK, Flag.Reason.SELF_HARM]
    )
    assert flags.count() == 1
    flag = flags.get()
    assert flag.reason == Flag.Reason.POSSIBLE_RISK
    assert flag.state == Flag.State.OPEN
    assert flag.post.source == meant[0]["body"].strip()


@pytest.mark.django_db
def test_review_queue_has_work_waiting(seeded):
    open_member_flags = Flag.objects.filter(
        state=Flag.State.OPEN, reporter__isnull=False
    )
    assert open_member_flags.count() >= 2
    pending = Post.objects.filter(visibility=Visibility.PENDING)
    assert pending.count() == 1
    newcomer = pending.get().author
    assert not newcomer.posts.filter(visibility=Visibility.VISIBLE).exists()


@pytest.mark.django_db
def test_moderation_log_is_a_plausible_week(seeded):
    now = timezone.now()
    events = ModerationEvent.objects.select_related("actor", "subject")
    week = events.filter(created_at__gte=now - timedelta(days=8))
    assert week.count() == events.count() >= 15
    days = {e.created_at.date() for e in week}
    assert len(days) >= 5
    actions = set(events.values_list("action", flat=True))
    assert actions >= {
        Action.POST_HIDE,
        Action.THREAD_LOCK,
        Action.THREAD_PIN,
        Action.USER_WARN,
        Action.USER_SUSPEND,
        Action.POST_APPROVE,
        Action.POST_FLAG,
    }
    assert actions & {Action.CLINICIAN_APPROVE, Action.CLINICIAN_REJECT}
    for event in events:
        assert event.created_at < now
        if event.action != Action.POST_FLAG:
            assert event.actor.groups.filter(name=MODERATORS_GROUP).exists()
        if event.action in (Action.POST_HIDE, Action.USER_WARN, Action.USER_SUSPEND):
            assert event.reason.strip(), event.action
        if event.target_type == "post":
            post = Post.objects.get(pk=event.target_id)
            assert post.created_at < event.created_at, event.action
        if event.target_type == "thread":
            thread = Thread.objects.get(pk=event.target_id)
            assert thread.created_at < event.created_at, event.action
        if event.action == Action.POST_FLAG:
            flag = Flag.objects.get(post_id=event.target_id, reporter=event.actor)
            assert flag.created_at == event.created_at
        if event.action == Action.USER_SUSPEND:
            sanction = Sanction.objects.get(pk=event.target_id)
            assert sanction.created_at == event.created_at < sanction.ends_at
            assert event.changes["ends_at"][1] == sanction.ends_at.isoformat()
    # A hide confirms the flags on the post, after they were raised.
    for hide in events.filter(action=Action.POST_HIDE):
        flags = Flag.objects.filter(post_id=hide.target_id)
        assert all(f.created_at < hide.created_at for f in flags)
