"""Every main page runs a fixed number of queries, the same on a small forum
and on a tenth of the ``seed_scale`` defaults (200 members, 2,000 threads,
20,000 posts): no query per row, per reply or per condition.

Counted cold (caches emptied before each request, page cache off): the most
a request ever costs. Warm requests run fewer (tests/forum/test_page_cache.py).
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ClinicianProfile, User
from accounts.roles import MODERATORS_GROUP
from forum.models import Condition, Thread, Visibility

pytestmark = pytest.mark.django_db

SMALL = {"users": 30, "threads": 60, "posts": 400}
LARGE = {"users": 200, "threads": 2000, "posts": 20000}

#: (page, who) -> most queries allowed, at both sizes.
BUDGETS = {
    # Home: the sidebar's busiest conditions and the count of all (two small
    # queries, only when its cached fragment renders, as here).
    ("home", "anonymous"): 6,
    ("home unanswered", "anonymous"): 6,
    # Condition pages +1: how soon clinicians answer (forum.routing
    # estimates, one query for every condition, cached five minutes).
    # +1 more: how many members live with it (forum.experience, a count).
    ("condition", "anonymous"): 6,
    ("condition deep page", "anonymous"): 6,
    # +1: the lived-experience labels of the replies shown (one small query;
    # as subqueries of the posts' query they cost more to compile than to
    # run). Reviews and corrections are read only for a thread that has
    # some (Thread.has_notes), which these don't.
    ("thread", "anonymous"): 8,
    ("thread last page", "anonymous"): 8,
    ("directory", "anonymous"): 1,
    ("search", "anonymous"): 5,
    ("member profile", "anonymous"): 4,
    # +1: the public lived-experience statements (on every profile).
    ("clinician profile", "anonymous"): 7,
    ("home", "member"): 9,
    ("condition", "member"): 10,
    ("condition deep page", "member"): 10,
    # +1 each: the member's draft for the reply box / the ask page.
    ("thread", "member"): 16,
    ("thread last page", "member"): 16,
    ("directory", "member"): 4,
    ("search", "member"): 8,
    ("notifications", "member"): 6,
    ("following", "member"): 6,
    # +2: the member's statements and the conditions to choose from.
    ("settings", "member"): 7,
    # Ask +1: the routing estimates (cached five minutes).
    ("ask", "member"): 8,
    # Inbox +3: the questions' excerpts (one query for the page), the
    # routing estimates and the inbox link's count (both cached).
    ("inbox", "clinician"): 11,
    ("review queue", "moderator"): 14,
    ("moderation log", "moderator"): 8,
}


def _seed(sizes: dict) -> None:
    call_command("seed_scale", seed=1, clear=True, stdout=StringIO(), **sizes)


def _pages() -> dict[str, str]:
    visible = Q(threads__visibility=Visibility.VISIBLE)
    popular = (
        Condition.objects.annotate(n=Count("threads", filter=visible))
        .order_by("-n", "slug")
        .first()
    )
    longest = (
        Thread.objects.filter(visibility=Visibility.VISIBLE)
        .order_by("-reply_count", "pk")
        .first()
    )
    clinician = ClinicianProfile.objects.filter(
        status=ClinicianProfile.Status.VERIFIED
    ).first()
    poster = (
        User.objects.filter(username__startswith="scale-")
        .annotate(n=Count("posts"))
        .order_by("-n", "pk")
        .first()
    )
    deep = max(1, popular.n // 25)
    return {
        "home": reverse("forum:home"),
        "home unanswered": reverse("forum:home") + "?sort=unanswered",
        "condition": popular.get_absolute_url(),
        "condition deep page": f"{popular.get_absolute_url()}?page={deep}",
        "thread": longest.get_absolute_url(),
        "thread last page": f"{longest.get_absolute_url()}?page=last",
        "directory": reverse("forum:condition_list"),
        "search": reverse("search:search") + "?q=fatigue",
        "member profile": poster.get_absolute_url(),
        "clinician profile": clinician.user.get_absolute_url(),
        "notifications": reverse("notifications:notification_list"),
        "following": reverse("notifications:follow_list"),
        "settings": reverse("accounts:settings"),
        "ask": reverse("forum:thread_create"),
        "inbox": reverse("forum:clinician_inbox"),
        "review queue": reverse("moderation:queue"),
        "moderation log": reverse("moderation:log"),
    }


def _clients() -> dict[str, Client]:
    generated = User.objects.filter(username__startswith="scale-", is_active=True)
    moderator = generated.filter(groups__name=MODERATORS_GROUP).first()
    clinician = generated.filter(
        clinician_profile__status=ClinicianProfile.Status.VERIFIED
    ).first()
    member = (
        generated.filter(clinician_profile__isnull=True)
        .exclude(groups__name=MODERATORS_GROUP)
        .annotate(n=Count("follows"))
        .order_by("-n", "pk")
        .first()
    )
    assert moderator and clinician and member
    assert Group.objects.filter(name=MODERATORS_GROUP).exists()
    clients = {"anonymous": Client()}
    for name, user in (
        ("member", member),
        ("clinician", clinician),
        ("moderator", moderator),
    ):
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def _measure() -> dict[tuple[str, str], int]:
    pages, clients = _pages(), _clients()
    counts = {}
    for page, who in BUDGETS:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(pages[page])
        assert response.status_code == 200, (page, who, response.status_code)
        counts[page, who] = len(ctx.captured_queries)
    return counts


def test_every_main_page_has_a_fixed_query_budget_at_two_sizes(settings):
    settings.FORUM_PAGE_CACHE_SECONDS = 0
    _seed(SMALL)
    small = _measure()
    _seed(LARGE)
    assert Thread.objects.count() == LARGE["threads"]
    large = _measure()
    over = {
        key: (small[key], large[key], budget)
        for key, budget in BUDGETS.items()
        if max(small[key], large[key]) > budget
    }
    assert not over, f"(small, large, budget) over budget: {over}"
    grew = {key: (small[key], large[key]) for key in BUDGETS if large[key] > small[key]}
    assert not grew, f"more queries on the larger forum: {grew}"
