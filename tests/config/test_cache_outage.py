"""Redis stopped or frozen under the site: a real redis-server of our own (on
a free port; the shared one is left alone) is stopped and frozen while the
main pages, a sign-in and a reply are asked for. Nothing may answer 500,
nothing may wait a second, a reply is stored once, and the page cache works
again once Redis is back."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.test import Client
from django.urls import reverse

from config import cache as degrading_cache
from core import pagecache
from forum.models import Post
from tests import factories
from tests.factories import PASSWORD, reply

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.timing,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

SLOW = 1.0  # Seconds: no request may take this long while Redis is away.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("redis-server did not start")


@pytest.fixture
def redis_port():
    port = _free_port()
    procs = [_start(port)]
    yield port, procs
    for proc in procs:
        try:
            os.kill(proc.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        proc.kill()
        proc.wait()


@pytest.fixture
def redis_cache(settings, redis_port, monkeypatch):
    port, procs = redis_port
    monkeypatch.setattr(degrading_cache, "BREAKER_SECONDS", 0.5)
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return port, procs


@pytest.fixture
def forum(thread, other_member):
    for n in range(3):
        reply(thread, other_member, body=f"Reply number {n} about pacing and rest.")
    return thread


def _pages(thread) -> list[str]:
    return [
        reverse("forum:home"),
        reverse("forum:condition_list"),
        thread.get_absolute_url(),
        reverse("search:search") + "?q=pacing",
    ]


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _exercise(forum, member) -> list[tuple[str, int, float]]:
    """Every page as a visitor and as a member, a sign-in and a reply."""
    seen = []
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member)
    for client, who in ((anonymous, "visitor"), (signed_in, "member")):
        for url in _pages(forum):
            response, took = _timed(lambda c=client, u=url: c.get(u))
            seen.append((f"{who} {url}", response.status_code, took))
    login = Client()
    response, took = _timed(
        lambda: login.post(
            reverse("accounts:login"),
            {"username": member.username, "password": PASSWORD},
        )
    )
    seen.append(("sign in", response.status_code, took))
    response, took = _timed(
        lambda: signed_in.post(
            reverse("forum:post_create", args=[forum.pk]),
            {"body": "Posted while the cache was away, it should land once."},
        )
    )
    seen.append(("reply", response.status_code, took))
    return seen


def _assert_degraded_not_broken(seen):
    for what, status, took in seen:
        assert status in (200, 302), (what, status)
        assert took < SLOW, (what, round(took, 3))


def _cached_again(url: str) -> bool:
    client = Client()
    client.get(url)
    return client.get(url).get(pagecache.HEADER) == "hit"


def test_pages_sign_in_and_replies_survive_redis_stopped(redis_cache, forum, member):
    port, procs = redis_cache
    home = reverse("forum:home")
    assert _cached_again(home)  # The cache works before the fault.
    procs[0].terminate()
    procs[0].wait()
    seen = _exercise(forum, member)
    _assert_degraded_not_broken(seen)
    ready, took = _timed(lambda: Client().get("/readyz"))
    assert ready.status_code == 200 and took < SLOW
    assert ready.json()["status"] == "degraded"
    assert ready.json()["cache"] == "down"
    assert Post.objects.filter(source__startswith="Posted while").count() == 1
    # Back: once the breaker has waited, pages come from the cache again.
    procs.append(_start(port))
    time.sleep(0.6)
    assert _cached_again(home)


def test_pages_survive_redis_frozen(redis_cache, forum, member):
    _port, procs = redis_cache
    assert _cached_again(reverse("forum:home"))
    os.kill(procs[0].pid, signal.SIGSTOP)
    try:
        seen = _exercise(forum, member)
    finally:
        os.kill(procs[0].pid, signal.SIGCONT)
    _assert_degraded_not_broken(seen)
    assert Post.objects.filter(source__startswith="Posted while").count() == 1


def test_rate_limits_fail_open_while_redis_is_away(redis_cache, settings, member):
    """A limit can't be counted without Redis: posting is allowed rather than
    refused for everyone (docs/deploy.md, failure modes)."""
    _port, procs = redis_cache
    settings.FORUM_RATE_LIMITS = {
        **settings.FORUM_RATE_LIMITS,
        "post": {"new": (1, 600), "member": (1, 600)},
    }
    condition = factories.ConditionFactory()
    client = Client()
    client.force_login(member)

    def ask(n):
        return client.post(
            reverse("forum:thread_create"),
            {
                "title": f"Question number {n} about sleep and fatigue",
                "body": "How do you all manage the afternoon slump with MS?",
                "conditions": [condition.pk],
            },
        )

    assert ask(1).status_code == 302
    assert ask(2).status_code == 429  # Counted in Redis: the limit holds.
    procs[0].terminate()
    procs[0].wait()
    assert ask(3).status_code == 302
