#!/usr/bin/env python3
"""Benchmark CareThread as deployed: production settings, gunicorn, PostgreSQL.

    make bench                       # 2,000 members, 20,000 threads, 200,000 posts
    BENCH_SCALE=small make bench     # 50 / 200 / 2,000: a quick end-to-end check

Steps: collectstatic into a temporary STATIC_ROOT, migrate, seed with
``seed_scale`` when the database does not hold the data set asked for, start
gunicorn on a free port of 127.0.0.1, sign members in through the real login
form, warm every page, then drive each URL with wrk for a fixed time and
write ``bench/results/latest.json`` (and a dated copy) and print a table.
Last, the slowest page runs once more under load while py-spy samples the
app processes; ``bench/results/profile-latest.txt`` says where the time went.
gunicorn is always stopped at the end. Timings are reported, never asserted.

Environment (all optional):

    DATABASE_URL         default postgres://postgres@127.0.0.1:5432/carethread_bench
                         (created if missing)
    REDIS_URL            Redis for the cache, sessions and rate limits, as in
                         production; when unset, a Redis answering on
                         127.0.0.1:6379 is used (BENCH_REDIS=0: per-process
                         local memory instead)
    BENCH_SCALE          default | small
    BENCH_DURATION       seconds per URL (default 10; 5 when small)
    BENCH_CONNECTIONS    wrk connections (8)
    BENCH_WRK_THREADS    wrk threads (2)
    BENCH_WORKERS        gunicorn workers (2)
    BENCH_POST_SESSIONS  members signed in to post replies (default: enough
                         for ~150 replies/s within each member's rate limit)
    BENCH_PROFILE        0: skip the py-spy profile of the slowest page
"""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "bench"
RESULTS_DIR = BENCH_DIR / "results"
PYTHON = sys.executable

SCALES = {
    "default": {"users": 2000, "threads": 20000, "posts": 200000},
    "small": {"users": 50, "threads": 200, "posts": 2000},
}
SEED = 1
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/carethread_bench"
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
# Our code, as py-spy names files (relative to the checkout).
PROJECT_PACKAGES = tuple(
    f"{name}/"
    for name in (
        "accounts",
        "config",
        "core",
        "demo",
        "forum",
        "health",
        "members",
        "moderation",
        "notifications",
        "safety",
        "search",
    )
)
PASSWORD = "carethread-scale"  # demo/management/commands/seed_scale.py
# The member rate limit is 10 replies per 10 minutes; stay under it.
POST_QUOTA = 9
# The realistic mix (bench/wrk/mix.lua): signed-in readers, and what
# visitors search for.
MIX_READERS = 24
MIX_POSTERS = 12
MIX_SECONDS = int(os.environ.get("BENCH_MIX_SECONDS", "20"))
SEARCH_TERMS = [
    "fatigue",
    "pain",
    "sleep",
    "diet",
    "exercise",
    "flare",
    "side effects",
    "methotrexate",
    "insulin",
    "inhaler",
    "anxiety",
    "work",
    "pregnancy",
    "brain fog",
    "physio",
    "vitamin d",
    "blood test",
    "steroids",
    "travel",
    "dizziness",
    "headache",
    "weight",
    "diagnosis",
    "medication",
    "fatigue work",
]


def log(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's package")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is required: apt-get install -y wrk")
    return found


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist."""
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)
    return time.monotonic() - started


def django_setup(env: dict):
    """Django in this process, configured exactly like the app servers."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def generated_thread_count() -> int:
    from forum.models import Thread

    return Thread.objects.filter(author__username__startswith="scale-").count()


def pick_targets(n_sessions: int) -> dict:
    """Which pages to load and which members post: read from the data set."""
    from django.conf import settings
    from django.db import connections
    from django.db.models import Count, F, Func, IntegerField, Q

    from accounts.models import User
    from accounts.roles import MODERATORS_GROUP
    from core.pagination import cursor_at
    from forum import selectors
    from forum.models import Condition, HelpfulMark, Post, Thread, Visibility

    visible = Q(threads__visibility=Visibility.VISIBLE)
    popular = (
        Condition.objects.annotate(n=Count("threads", filter=visible))
        .order_by("-n", "slug")
        .first()
    )
    per_page = settings.FORUM_THREADS_PER_PAGE
    pages = max(1, math.ceil(popular.n / per_page))
    deep = min(100, pages)
    # The deep page as the site links it: "Next" carries a keyset cursor.
    listed = selectors.thread_list_visible(
        sort=selectors.DEFAULT_SORT, condition=popular
    )
    deep_cursor = cursor_at(listed, (deep - 1) * per_page)
    threads = Thread.objects.filter(
        visibility=Visibility.VISIBLE, is_locked=False, merged_into=None
    )
    fifty = (
        threads.annotate(
            distance=Func(
                F("reply_count") - 50, function="ABS", output_field=IntegerField()
            )
        )
        .order_by("distance", "pk")
        .values_list("pk", "reply_count")
        .first()
    )
    # Members who can post at once: established (not pre-moderated), not
    # moderators or clinicians, sorted by how much they post.
    eligible = list(
        User.objects.filter(
            username__startswith="scale-",
            is_active=True,
            email_verified_at__isnull=False,
            clinician_profile__isnull=True,
        )
        .exclude(groups__name=MODERATORS_GROUP)
        .annotate(
            visible_posts=Count("posts", filter=Q(posts__visibility=Visibility.VISIBLE))
        )
        .filter(visible_posts__gte=settings.FORUM_PREMODERATION_POSTS + 1)
        .order_by("-visible_posts", "pk")
        .values_list("username", flat=True)
    )
    if len(eligible) < 2:
        sys.exit("The data set has no members who can post.")
    if len(eligible) < n_sessions + 1:
        # Posting may then stop early: wrk's report says so (out_of_quota).
        log(f"only {len(eligible) - 1} members can post; wanted {n_sessions}")
    # The signed-in reader is an ordinary member of that thread's audience:
    # no post of theirs on its first page and no helpful mark there (they
    # share the rendered posts with every such reader). The asker is measured
    # too: their page is rendered for them (accept buttons, their edit links).
    on_page = Post.objects.filter(thread_id=fifty[0]).order_by("created_at", "id")[
        : settings.FORUM_REPLIES_PER_PAGE + 1
    ]
    involved = set(on_page.values_list("author__username", flat=True)) | set(
        HelpfulMark.objects.filter(post__in=on_page.values("pk")).values_list(
            "user__username", flat=True
        )
    )
    reader = next(u for u in eligible if u not in involved)
    asker = Thread.objects.filter(pk=fifty[0]).values_list(
        "author__username", flat=True
    )[0]
    posters = [u for u in eligible if u not in (reader, asker)][:n_sessions]
    rng = random.Random()
    candidate_threads = list(
        threads.filter(reply_count__gte=1).order_by("pk").values_list("pk", flat=True)
    )
    targets = rng.sample(candidate_threads, min(300, len(candidate_threads)))
    largest = Post.objects.filter(thread_id__in=targets).count()
    # The realistic mix: every open thread, in a popularity order fixed by
    # the seed (rank 1 the hottest); conditions with threads; readers who
    # neither post nor are the measured reader or asker.
    popularity = list(threads.order_by("pk").values_list("pk", flat=True))
    random.Random(SEED).shuffle(popularity)
    mix_conditions = list(
        Condition.objects.annotate(n=Count("threads", filter=visible))
        .filter(n__gt=0)
        .order_by("slug")
        .values_list("slug", flat=True)
    )
    taken = {reader, asker, *posters}
    spare = [u for u in reversed(eligible) if u not in taken]
    mix_readers = spare[:MIX_READERS]
    # Posting in the mix: members who haven't used their posting limit.
    mix_posters = spare[MIX_READERS : MIX_READERS + MIX_POSTERS]
    connections.close_all()
    return {
        "condition": popular.slug,
        "condition_threads": popular.n,
        "deep_page": deep,
        "deep_query": (
            f"?after={deep_cursor}&page={deep}" if deep_cursor else f"?page={deep}"
        ),
        "thread": fifty[0],
        "thread_replies": fifty[1],
        "reader": reader,
        "asker": asker,
        "posters": posters,
        "post_targets": targets,
        "post_target_posts": largest,
        "mix_threads": popularity,
        "mix_conditions": mix_conditions,
        "mix_readers": mix_readers,
        "mix_posters": mix_posters,
    }


class Server:
    """gunicorn in its own process group, stopped however the run ends."""

    def __init__(
        self,
        env: dict,
        port: int,
        workers: int,
        log_path: Path,
        app: str = "config.wsgi",
    ):
        self.env, self.port, self.workers = env, port, workers
        self.log_path = log_path
        self.app = app
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log_file = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log_file.close()
        log("gunicorn stopped")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The last TOTP step each key has used: a code is good once, so a second
# sign-in within the same 30 s uses the next step's (the server allows one).
_totp_steps: dict[str, int] = {}


def totp_code(hex_key: str) -> str:
    from django_otp.oath import totp

    now = int(time.time() // 30)
    step = max(now, _totp_steps.get(hex_key, now - 1) + 1)
    _totp_steps[hex_key] = step
    return f"{totp(bytes.fromhex(hex_key), drift=step - now):06d}"


def login(
    server: Server, username: str, password: str = PASSWORD, totp_key: str = ""
) -> dict[str, str]:
    """Sign in through the real form (and the code step for a member with an
    authenticator, whose hex key is ``totp_key``); returns the session and
    CSRF cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()
    )

    def post_form(path: str, fields: dict[str, str]) -> str:
        with opener.open(server.url(path), timeout=30) as r:
            page = r.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields})
        try:
            opener.open(server.url(path), data=data.encode(), timeout=30)
            raise RuntimeError(f"{path} for {username} did not redirect")
        except urllib.error.HTTPError as exc:
            if exc.code != 302:
                raise
            return exc.headers.get("Location", "")

    sent_to = post_form(
        "/accounts/login/", {"username": username, "password": password}
    )
    if sent_to.startswith("/accounts/two-factor/"):
        if not totp_key:
            raise RuntimeError(f"{username} needs a second factor")
        post_form(sent_to, {"code": totp_code(totp_key)})
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login for {username} set no session")
    return {"sessionid": cookies["sessionid"], "csrftoken": cookies["csrftoken"]}


def warm(server: Server, pages: list[dict], rounds: int) -> None:
    for page in pages:
        if page["method"] != "GET":
            continue
        request = urllib.request.Request(server.url(page["path"]))
        if page.get("cookie"):
            request.add_header("Cookie", page["cookie"])
        for _ in range(rounds):
            with urllib.request.urlopen(request, timeout=60) as r:
                r.read()
                if r.status != 200:
                    raise RuntimeError(f"{page['path']} answered {r.status}")


def run_wrk(wrk: str, server: Server, page: dict, opts: dict, env: dict) -> dict:
    args = [
        wrk,
        f"-t{opts['threads']}",
        f"-c{opts['connections']}",
        f"-d{opts['duration']}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH_DIR / "wrk" / page.get("script", "report.lua")),
    ]
    if page.get("cookie"):
        args += ["-H", f"Cookie: {page['cookie']}"]
    args.append(server.url(page["path"]))
    out = subprocess.run(
        args, capture_output=True, text=True, env=env, check=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = raw["duration_us"] / 1e6
    expected = str(page.get("expect", 200))
    ok = raw["statuses"].get(expected, 0)
    if page.get("mix"):  # Reads answer 200, replies 302.
        ok += raw["statuses"].get("302", 0)
    return {
        "name": page["name"],
        "path": page["path"],
        "method": page["method"],
        "signed_in": bool(page.get("cookie")) or page["method"] == "POST",
        "requests": raw["requests"],
        "rps": round(ok / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p90_ms": round(raw["p90_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "expected_status": int(expected),
        "unexpected": raw["requests"] - ok,
        "statuses": raw["statuses"],
        "socket_errors": raw["errors"],
        **({"out_of_quota": raw["out_of_quota"]} if "out_of_quota" in raw else {}),
        **(
            {
                "kinds": raw["kinds"],
                "page_cache_hits": raw["hits"]["cache"],
                "page_cache_hit_rate": round(
                    raw["hits"]["cache"] / max(1, raw["requests"]), 3
                ),
            }
            if "kinds" in raw
            else {}
        ),
    }


def profile_page(server: Server, wrk: str, page: dict, opts: dict, env: dict) -> str:
    """Drive ``page`` with wrk again while py-spy samples every app process;
    returns a summary of where the time went (own code first)."""
    spy = shutil.which("py-spy", path=str(Path(PYTHON).parent)) or shutil.which(
        "py-spy"
    )
    if spy is None:
        return "py-spy is not installed: no profile.\n"
    raw = RESULTS_DIR / "profile-latest.raw"
    recorder = subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(server.proc.pid),
            "--subprocesses",
            "--nonblocking",
            "--rate",
            "250",
            "--duration",
            str(opts["duration"]),
            "--format",
            "raw",
            "--output",
            str(raw),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)  # py-spy attaches before the load starts.
    result = run_wrk(wrk, server, page, opts, env)
    _, err = recorder.communicate(timeout=opts["duration"] + 60)
    if recorder.returncode or not raw.exists():
        return f"py-spy failed: {err.strip()[-500:]}\n"
    return summarise_profile(raw, page, result)


def summarise_profile(raw: Path, page: dict, result: dict, top: int = 25) -> str:
    """Inclusive and own time per function from py-spy's collapsed stacks."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        # "function (file.py:line)" -> "function (file.py)": one row each.
        frames = [
            re.sub(r":\d+\)$", ")", f)
            for f in stack.split(";")
            if not f.startswith("process ")
        ]
        if not frames:
            continue
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + n
        own[frames[-1]] = own.get(frames[-1], 0) + n
    if not total:
        return "py-spy recorded no samples.\n"

    def project(frame: str) -> bool:
        return frame.rpartition("(")[2].startswith(PROJECT_PACKAGES)

    def rows(counts: dict[str, int], keep) -> list[str]:
        picked = sorted(((n, f) for f, n in counts.items() if keep(f)), reverse=True)[
            :top
        ]
        return [
            f"{100 * n / total:5.1f} %  {f.replace(str(BASE_DIR) + '/', '')}"
            for n, f in picked
        ]

    who = " (signed in)" if page.get("cookie") else ""
    lines = [
        f"Profile of {page['method']} {page['path']}{who}: {result['rps']} req/s, "
        f"p50 {result['p50_ms']} ms under load; {total} samples of the busy "
        "app processes (py-spy, 250 Hz).",
        "",
        "Time inside our own functions (and what they call):",
        *rows(inclusive, project),
        "",
        "Where the samples were taken (own time, any code):",
        *rows(own, lambda f: True),
    ]
    return "\n".join(lines) + "\n"


def table(results: list[dict]) -> str:
    base = next(r for r in results if r["name"] == "healthz")["rps"] or 1
    ceiling = next((r["rps"] for r in results if r["name"] == "bare Django view"), None)
    rows = [("page", "req/s", "p50 ms", "p99 ms", "vs healthz", "vs bare", "bad")]
    for r in results:
        who = " (signed in)" if r["signed_in"] and not r.get("kinds") else ""
        if "page_cache_hit_rate" in r:
            who = f" (page-cache hits {r['page_cache_hit_rate']:.0%})"
        rows.append(
            (
                f"{r['method']} {r['name']}{who}",
                f"{r['rps']:.1f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{r['rps'] / base:.3f}",
                f"{r['rps'] / ceiling:.1%}" if ceiling else "",
                str(r["unexpected"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append(
                "|"
                + "|".join("-" * (w + 2) for w in widths[:1])
                + "|"
                + "|".join("-" * (w + 1) + ":" for w in widths[1:])
                + "|"
            )
    return "\n".join(lines)


def main() -> int:
    scale = os.environ.get("BENCH_SCALE", "default")
    if scale not in SCALES:
        sys.exit(f"BENCH_SCALE must be one of {', '.join(SCALES)}")
    sizes = SCALES[scale]
    duration = int(os.environ.get("BENCH_DURATION", "5" if scale == "small" else "10"))
    opts = {
        "duration": duration,
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "8")),
        "threads": int(os.environ.get("BENCH_WRK_THREADS", "2")),
    }
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    n_sessions = int(
        os.environ.get("BENCH_POST_SESSIONS", math.ceil(duration * 150 / POST_QUOTA))
    )
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    wrk = ensure_wrk()
    ensure_database(database_url)

    static_root = tempfile.mkdtemp(prefix="carethread-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_MANIFEST_STATIC": "1",
        "DATABASE_URL": database_url,
        # As in production: emails and other side effects queue in the
        # database for `manage.py db_worker` (not running here).
        "TASKS_BACKEND": "database",
        "DJANGO_STATIC_ROOT": static_root,
        # A fresh cache namespace per run: rate-limit windows left in Redis by
        # an earlier run must not turn this run's replies into 429s.
        "DJANGO_CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "BENCH_WRK_THREADS": str(opts["threads"]),
        "BENCH_POST_QUOTA": str(POST_QUOTA),
    }
    redis = bool(os.environ.get("REDIS_URL"))
    if not redis and os.environ.get("BENCH_REDIS", "1") == "1" and redis_answers():
        env["REDIS_URL"] = LOCAL_REDIS
        redis = True
        log(f"REDIS_URL is not set: using the Redis answering at {LOCAL_REDIS}")
    report: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "sizes": sizes,
        "database": urllib.parse.urlsplit(database_url).path.lstrip("/"),
        "cache": "redis" if redis else "locmem (per worker)",
        "gunicorn_workers": workers,
        "wrk": opts,
        "cpus": os.cpu_count(),
    }
    server = Server(env, free_port(), workers, RESULTS_DIR / "gunicorn-latest.log")

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        log("collectstatic")
        try:
            manage(env, "collectstatic", "--noinput", "-v0")
            report["static"] = "manifest"
        except subprocess.CalledProcessError:
            # The hashed manifest fails when a static file refers to one that
            # is not shipped (e.g. a vendored file's source map). Measure
            # anyway with plain names, and say so in the results.
            log("collectstatic with the manifest failed: retrying without it")
            env["DJANGO_MANIFEST_STATIC"] = "0"
            manage(env, "collectstatic", "--noinput", "-v0")
            report["static"] = "plain (manifest collectstatic failed)"
        log("migrate")
        manage(env, "migrate", "--noinput", "-v0")
        django_setup(env)
        have = generated_thread_count()
        if have != sizes["threads"]:
            args = [f"--{k}={v}" for k, v in sizes.items()] + [f"--seed={SEED}"]
            if have:
                args.append("--clear")
            log(f"seeding {sizes} (found {have} generated threads)")
            report["seed_seconds"] = round(manage(env, "seed_scale", *args), 1)
        else:
            log("data set already present: not seeding")
            report["seed_seconds"] = None
        targets = pick_targets(n_sessions)
        listed = {"posters", "mix_threads", "mix_readers", "mix_posters"}
        report["targets"] = {k: v for k, v in targets.items() if k not in listed} | {
            "mix_threads": len(targets["mix_threads"]),
            "mix_readers": len(targets["mix_readers"]),
            "mix_posters": len(targets["mix_posters"]),
            "post_sessions": len(targets["posters"]),
            "post_targets": len(targets["post_targets"]),
        }

        server.start()
        log(f"gunicorn up on port {server.port} ({workers} workers)")
        started = time.monotonic()
        reader = login(server, targets["reader"])
        asker = login(server, targets["asker"])
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            sessions = list(pool.map(lambda u: login(server, u), targets["posters"]))
            readers = list(pool.map(lambda u: login(server, u), targets["mix_readers"]))
            mix_posters = list(
                pool.map(lambda u: login(server, u), targets["mix_posters"])
            )
        took = time.monotonic() - started
        log(f"signed in {len(sessions) + len(readers) + 2} members in {took:.1f}s")
        mix_plan = Path(static_root) / "mix-plan.txt"
        mix_plan.write_text(
            "".join(f"T {pk}\n" for pk in targets["mix_threads"])
            + "".join(f"C {slug}\n" for slug in targets["mix_conditions"])
            + "".join(f"Q {urllib.parse.quote_plus(q)}\n" for q in SEARCH_TERMS)
            + "".join(f"M {r['sessionid']} {r['csrftoken']}\n" for r in readers)
            + "".join(f"S {p['sessionid']} {p['csrftoken']}\n" for p in mix_posters)
        )
        plan = Path(static_root) / "post-plan.txt"
        plan.write_text(
            "".join(f"S {s['sessionid']} {s['csrftoken']}\n" for s in sessions)
            + "".join(f"T {pk}\n" for pk in targets["post_targets"])
        )
        env["BENCH_POST_PLAN"] = str(plan)

        cookie = f"sessionid={reader['sessionid']}; csrftoken={reader['csrftoken']}"
        condition = f"/conditions/{targets['condition']}/"
        anonymous = [
            ("healthz", "/healthz"),
            ("home", "/"),
            ("condition page 1", condition),
            (
                f"condition page {targets['deep_page']}",
                f"{condition}{targets['deep_query']}",
            ),
            (
                f"thread ({targets['thread_replies']} replies)",
                f"/t/{targets['thread']}/",
            ),
            ("search fatigue", "/search/?q=fatigue"),
        ]
        pages = [{"name": n, "path": p, "method": "GET"} for n, p in anonymous]
        pages += [
            {"name": n, "path": p, "method": "GET", "cookie": cookie}
            for n, p in anonymous[1:]
        ]
        pages.insert(
            -1,
            {
                "name": f"thread ({targets['thread_replies']} replies), the asker",
                "path": f"/t/{targets['thread']}/",
                "method": "GET",
                "cookie": f"sessionid={asker['sessionid']}; "
                f"csrftoken={asker['csrftoken']}",
            },
        )
        pages.append(
            {
                "name": "reply",
                "path": "/",
                "method": "POST",
                "script": "post_reply.lua",
                "expect": 302,
            }
        )
        log("warming up")
        warm(server, pages, rounds=10)
        results = []
        for page in pages:
            who = " (signed in)" if page.get("cookie") else ""
            log(f"wrk {page['method']} {page['path']}{who}")
            results.append(run_wrk(wrk, server, page, opts, env))
        # The realistic mix: reads over every thread (Zipf-like), lists and
        # searches, 15 % signed in, about a reply a second per wrk thread by
        # members who have not posted yet in this run.
        env["BENCH_MIX_PLAN"] = str(mix_plan)
        mix_page = {
            "name": "realistic mix",
            "path": "/",
            "method": "GET",
            "script": "mix.lua",
            "mix": True,
        }
        log(f"wrk realistic mix ({MIX_SECONDS}s)")
        mix_result = run_wrk(
            wrk, server, mix_page, opts | {"duration": MIX_SECONDS}, env
        )
        mix_result["signed_in"] = True
        if os.environ.get("BENCH_PROFILE", "1") == "1":
            index = min(
                (
                    i
                    for i, p in enumerate(pages)
                    if p["method"] == "GET" and p["path"] != "/healthz"
                ),
                key=lambda i: results[i]["rps"],
            )
            slowest = pages[index]
            log(f"profiling the slowest page: {slowest['path']}")
            RESULTS_DIR.mkdir(exist_ok=True)
            profile = profile_page(server, wrk, slowest, opts, env)
            (RESULTS_DIR / "profile-latest.txt").write_text(profile)
            report["profile"] = {
                "path": slowest["path"],
                "signed_in": bool(slowest.get("cookie")),
                "file": "bench/results/profile-latest.txt",
            }
        server.stop()

        # Cold pages: the same anonymous pages with the page cache (and the
        # shared fragments) off, as a thread nobody opened in the last minute.
        cold_results = []
        if os.environ.get("BENCH_COLD", "1") == "1":
            cold_env = env | {"FORUM_PAGE_CACHE_SECONDS": "0"}
            server = Server(
                cold_env, free_port(), workers, RESULTS_DIR / "gunicorn-cold.log"
            )
            server.start()
            cold_pages = [
                p | {"name": f"{p['name']}, page cache off"}
                for p in pages
                if p["method"] == "GET"
                and not p.get("cookie")
                and p["path"] != "/healthz"
            ]
            warm(server, cold_pages, rounds=3)
            for page in cold_pages:
                log(f"wrk {page['path']} (page cache off)")
                cold_results.append(run_wrk(wrk, server, page, opts, cold_env))
            server.stop()

        # The ceiling: a bare Django view, same gunicorn, same workers.
        bare_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.bare"}
        server = Server(
            bare_env,
            free_port(),
            workers,
            RESULTS_DIR / "gunicorn-bare.log",
            app="bench.bare:application",
        )
        server.start()
        bare_page = {"name": "bare Django view", "path": "/", "method": "GET"}
        log("wrk bare Django view (the ceiling)")
        bare = run_wrk(wrk, server, bare_page, opts, bare_env)
        server.stop()

        results = [bare, *results, mix_result, *cold_results]
        ceiling = bare["rps"] or 1
        base = next(r for r in results if r["name"] == "healthz")["rps"] or 1
        for r in results:
            r["ratio_to_healthz"] = round(r["rps"] / base, 4)
            r["ratio_to_bare"] = round(r["rps"] / ceiling, 4)
        report["results"] = results
        report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    finally:
        server.stop()
        shutil.rmtree(static_root, ignore_errors=True)

    RESULTS_DIR.mkdir(exist_ok=True)
    text = json.dumps(report, indent=2) + "\n"
    (RESULTS_DIR / "latest.json").write_text(text)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS_DIR / f"{stamp}-{scale}.json").write_text(text)
    print()
    print(
        f"CareThread benchmark: scale={scale} {sizes}, gunicorn {workers} workers, "
        f"cache={report['cache']}, wrk -t{opts['threads']} -c{opts['connections']} "
        f"-d{opts['duration']}s, {os.cpu_count()} CPUs"
    )
    if report["seed_seconds"] is not None:
        print(f"seed_scale took {report['seed_seconds']} s")
    print(table(report["results"]))
    bad = [r for r in report["results"] if r["unexpected"]]
    for r in bad:
        print(
            f"warning: {r['method']} {r['path']}: {r['unexpected']} responses were "
            f"not {r['expected_status']}: {r['statuses']}",
        )
    profile = RESULTS_DIR / "profile-latest.txt"
    if report.get("profile") and profile.exists():
        print()
        print("\n".join(profile.read_text().splitlines()[:20]))
        print(f"(whole profile: {profile})")
    print(f"\nwrote {RESULTS_DIR / 'latest.json'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
