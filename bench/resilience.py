#!/usr/bin/env python3
"""Fault injection against CareThread as deployed: two app nodes, a
PostgreSQL and a Redis of this run's own (the machine's shared services are
left alone), real faults, measured from outside over HTTP.

    make resilience                 # the full run
    RESILIENCE_SHORT=1 make resilience   # a shorter one (CI)

Steps: a PostgreSQL cluster (initdb, as the postgres user), a redis-server,
an S3-compatible endpoint (moto's server) and an SMTP server that records
what it receives, all on free ports of 127.0.0.1; migrate, seed_demo and
collectstatic; two gunicorn masters (node A and node B, production
settings, separate processes) and a task worker (``db_worker``); then:

1. a reply posted on A shows on B's cached anonymous page at once;
2. a member banned through A is signed out on B at their next request;
3. sign-in lockouts count failures from both nodes together;
4. a clinician's proof uploaded through A lands in the bucket (not on a
   node's disk) and a moderator downloads it through B;
5. the worker SIGKILLed five times while 200 emails are queued (the
   stale-task reaper run after each kill, standing in for its cron): every
   email arrives, none twice;
6. Redis stopped, then frozen (SIGSTOP), while readers and a poster keep
   asking both nodes: no 500, no request over a second, replies stored;
7. PostgreSQL frozen (SIGSTOP) for a few seconds (full run only; measured,
   not checked: not handled yet);
8. PostgreSQL stopped: members' pages answer 503 with Retry-After within
   two seconds (visitors' pages the same, or from the cache when it holds
   them), /healthz stays 200, /readyz says 503; PostgreSQL started again:
   pages answer 200 within two seconds of its return, and every reply that
   was acknowledged before the stop is in the database.

Prints a table and writes bench/results/resilience-latest.json.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    BASE_DIR,
    PYTHON,
    RESULTS_DIR,
    NoRedirect,
    Server,
    free_port,
    log,
    login,
)
from tests.s3_server import S3Server  # noqa: E402

SHORT = os.environ.get("RESILIENCE_SHORT") == "1"
LOAD_SECONDS = 3 if SHORT else 10
SLOW = 1.0
POST_EVERY = 0.5 if SHORT else 1.5  # Seven members, three replies each per window.
POSTERS = ["maple", "harbour", "fen", "tomasz", "jo_ashby", "dr_kestrel", "sam_rn"]
DEMO_PASSWORD = json.loads((BASE_DIR / "demo" / "data" / "forum.json").read_text())[
    "password"
]
PG_BIN = next(Path("/usr/lib/postgresql").glob("*/bin"), None)
EMAILS = 60 if SHORT else 200
FREEZE_SECONDS = 4
KILLS = 3 if SHORT else 5
# Members made for this run: one to ban, one to lock out, one applicant.
EXTRA_MEMBERS = ("rz_banned", "rz_locked", "rz_applicant")
MODERATOR = "juniper"
# Authenticator keys (hex) of the staff here, the moderator and the verified
# clinicians among the posters: they sign in with a code, as in production.
TOTP_KEYS = {
    name: secrets.token_hex(20) for name in (MODERATOR, "jo_ashby", "dr_kestrel")
}
MODERATOR_TOTP_KEY = TOTP_KEYS[MODERATOR]
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


class Postgres:
    """A throwaway cluster, run as the postgres user (it refuses root)."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.data = root / "pgdata"

    def _as_postgres(self, *args: str, check: bool = True) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(prefix + list(args), capture_output=True, timeout=120)
        if check and done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.decode()[-500:]}")

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            os.chmod(self.root, 0o700)
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
        )

    def start(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "pg.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )

    def stop(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            "fast",
            "-w",
            "stop",
            check=False,
        )

    def _pids(self) -> list[int]:
        """The postmaster and every backend of this cluster (not the shared one)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True
        ).stdout.split()
        return [postmaster, *map(int, children)]

    def freeze(self) -> None:
        self.frozen = self._pids()
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.frozen:
            os.kill(pid, signal.SIGCONT)

    def url(self, name: str = "carethread") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Redis:
    def __init__(self, port: int):
        self.port = port
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
            self.proc.terminate()
            self.proc.wait()

    def freeze(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)


class SmtpSink:
    """An SMTP server that keeps what it is given (aiosmtpd), standing for
    the mail provider: each delivery's Message-ID and subject."""

    def __init__(self):
        self.port = free_port()
        self.received: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        from email import message_from_bytes

        # A provider takes a moment to accept: most kills land mid-send.
        await asyncio.sleep(0.02)
        message = message_from_bytes(envelope.content)
        with self._lock:
            self.received.append((message["Message-ID"], message["Subject"] or ""))
        return "250 OK"

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def about(self, prefix: str) -> list[tuple[str, str]]:
        with self._lock:
            return [r for r in self.received if r[1].startswith(prefix)]


class Worker:
    """``manage.py db_worker`` in its own process, killed with SIGKILL."""

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.1"]
            + ["--no-startup-delay", "--no-reload", "-v0"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=open(self.log_path, "a"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def cookie_of(session: dict) -> str:
    return f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"


def form_post(node: Server, session: dict, path: str, fields: dict):
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": session["csrftoken"], **fields}, doseq=True
    ).encode()
    return fetch(node.url(path), data=data, cookie=cookie_of(session))


def multipart_post(node: Server, session: dict, path: str, fields, files):
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in [("csrfmiddlewaretoken", session["csrftoken"]), *fields]:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
        )
    for name, (filename, content, kind) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(node.url(path), data=body)
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Cookie", cookie_of(session))
    opener = urllib.request.build_opener(NoRedirect())
    try:
        with opener.open(request, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def try_login(node: Server, username: str, password: str) -> bool:
    """Whether the sign-in form let this member in."""
    try:
        login(node, username, password)
        return True
    except RuntimeError:
        return False


def query(pg: Postgres, sql: str, *params):
    import psycopg

    with psycopg.connect(pg.url(), connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def ban_across_nodes(a: Server, b: Server, pg: Postgres) -> dict:
    member = login(b, "rz_banned", DEMO_PASSWORD)
    before = fetch(b.url("/accounts/settings/"), cookie=cookie_of(member))[0]
    moderator = login(a, MODERATOR, DEMO_PASSWORD, MODERATOR_TOTP_KEY)
    (pk,) = query(pg, "SELECT id FROM accounts_user WHERE username = %s", "rz_banned")[
        0
    ]
    banned = form_post(
        a,
        moderator,
        f"/moderation/members/{pk}/sanction/",
        {"kind": "ban", "reason": "Resilience run: spam links."},
    )[0]
    status, _t, headers, _b = fetch(
        b.url("/accounts/settings/"), cookie=cookie_of(member)
    )
    return {
        "settings_on_b_before": before,
        "ban_on_a": banned,
        "settings_on_b_after": status,
        "sent_to": headers.get("Location") if headers else None,
        "can_sign_in_again_on_b": try_login(b, "rz_banned", DEMO_PASSWORD),
    }


def lockout_across_nodes(a: Server, b: Server, limit: int) -> dict:
    """``limit`` wrong passwords, alternately on A and B (neither node sees
    enough alone), then the right one on B."""
    for attempt in range(limit):
        try_login((a, b)[attempt % 2], "rz_locked", "not the password")
    return {
        "failures": limit,
        "right_password_on_b_refused": not try_login(b, "rz_locked", DEMO_PASSWORD),
    }


def proof_across_nodes(a, b, pg, s3, bucket, private_root) -> dict:
    applicant = login(a, "rz_applicant", DEMO_PASSWORD)
    (condition,) = query(
        pg, "SELECT id FROM forum_condition WHERE slug = %s", "multiple-sclerosis"
    )[0]
    fields = [
        ("profession", "nurse"),
        ("specialty", "Multiple sclerosis nursing"),
        ("registration_number", "NMC 99A1234B"),
        ("issuing_body", "Nursing and Midwifery Council"),
        ("country", "United Kingdom"),
        ("conditions", str(condition)),
        ("bio", "MS specialist nurse; resilience run."),
    ]
    uploaded = multipart_post(
        a,
        applicant,
        "/accounts/clinician/",
        fields,
        {"proof": ("nmc-card.pdf", PDF, "application/pdf")},
    )
    rows = query(
        pg,
        "SELECT a.id, a.proof FROM accounts_clinicianapplication a "
        "JOIN accounts_user u ON u.id = a.user_id WHERE u.username = %s",
        "rz_applicant",
    )
    pk, name = rows[0] if rows else (None, "")
    listed = s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])
    moderator = login(b, MODERATOR, DEMO_PASSWORD, MODERATOR_TOTP_KEY)
    status, _t, _h, body = fetch(
        b.url(f"/moderation/clinicians/{pk}/proof/"), cookie=cookie_of(moderator)
    )
    on_disk = [p for p in private_root.rglob("*") if p.is_file()]
    return {
        "upload_on_a": uploaded,
        "in_bucket": any(o["Key"].endswith(name) for o in listed) and bool(name),
        "files_on_node_disk": len(on_disk),
        "download_on_b": status,
        "same_bytes": body == PDF,
    }


def worker_kills(env: dict, worker: Worker, sink: SmtpSink, pg: Postgres) -> dict:
    """Queue EMAILS member emails, then SIGKILL the worker KILLS times while it
    sends them; after each kill the reaper puts the task it held back."""
    prefix = f"Resilience email {secrets.token_hex(3)}"
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from accounts.tasks import send_member_email\n"
        "ids = list(get_user_model().objects.filter(is_active=True)"
        ".exclude(email='').values_list('pk', flat=True))\n"
        f"for n in range({EMAILS}):\n"
        "    send_member_email.enqueue(user_id=ids[n % len(ids)], "
        f"subject='{prefix} #' + str(n), body='Number ' + str(n))\n",
    )
    import psycopg

    watch = psycopg.connect(pg.url(), autocommit=True, connect_timeout=5)

    def running() -> bool:
        return bool(
            watch.execute(
                "SELECT 1 FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' AND task_path = %s LIMIT 1",
                ("accounts.tasks.send_member_email",),
            ).fetchone()
        )

    requeued = 0
    kills_done = 0
    started = time.monotonic()
    for kill in range(KILLS):
        goal = EMAILS * (kill + 1) // (KILLS + 2)
        wait_for(lambda goal=goal: len(sink.about(prefix)) >= goal, 60, 0.01)
        # While the worker holds a task, at a random moment of it (a task
        # takes about 40 ms), not right after a delivery, which would always
        # hit the resend window.
        wait_for(running, 5, 0.002)
        time.sleep(random.uniform(0, 0.02))
        worker.kill()
        kills_done += 1
        out = manage(env, "requeue_stale_tasks", "--older-than", "0")
        requeued += int(out.split()[0])
        worker.start()
    watch.close()
    wait_for(lambda: len({m for m, _s in sink.about(prefix)}) >= EMAILS, 120, 0.1)
    time.sleep(1)  # Anything sent twice would arrive now.
    received = sink.about(prefix)
    subjects = {s for _m, s in received}
    ids = {m for m, _s in received}
    left = query(
        pg,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status <> 'SUCCESSFUL' AND task_path = %s",
        "accounts.tasks.send_member_email",
    )[0][0]
    return {
        "queued": EMAILS,
        "kills": kills_done,
        "tasks_requeued": requeued,
        "smtp_deliveries": len(received),
        "distinct_emails": len(subjects),
        "distinct_message_ids": len(ids),
        "duplicates": len(received) - len(ids),
        "lost": EMAILS - len(subjects),
        "tasks_not_done": left,
        "seconds": round(time.monotonic() - started, 1),
    }


def fetch(url: str, data: bytes | None = None, cookie: str = "", timeout=10.0):
    """(status, seconds, headers, body) of one request; never raises."""
    request = urllib.request.Request(url, data=data)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect())
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as r:
            return r.status, time.monotonic() - started, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, time.monotonic() - started, exc.headers, exc.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        return f"error: {exc}", time.monotonic() - started, {}, b""


def post_reply(node: Server, session: dict, thread: int, text: str):
    cookie = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": session["csrftoken"], "body": text}
    ).encode()
    return fetch(node.url(f"/t/{thread}/reply/"), data=data, cookie=cookie)


class Load:
    """Readers on both nodes and one poster, until stopped; every answer's
    status and time, and the replies acknowledged (302)."""

    def __init__(self, nodes, sessions, thread, pages):
        self.nodes, self.sessions, self.thread, self.pages = (
            nodes,
            sessions,
            thread,
            pages,
        )
        self.results: list[tuple[str, object, float]] = []
        self.acknowledged: list[str] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def _reader(self, node):
        i = 0
        while not self._stop.is_set():
            path = self.pages[i % len(self.pages)]
            status, took, _h, _b = fetch(node.url(path), timeout=5)
            with self._lock:
                self.results.append((path, status, took))
            i += 1

    def _poster(self):
        n = 0
        while not self._stop.is_set():
            text = f"Resilience reply {secrets.token_hex(6)} number {n}."
            # Members in turn, so each stays within its posting limit.
            session = self.sessions[n % len(self.sessions)]
            status, took, _h, _b = post_reply(
                self.nodes[n % 2], session, self.thread, text
            )
            with self._lock:
                self.results.append(("POST reply", status, took))
                # Stored and shown: a redirect to the new reply, not to a
                # sign-in or two-factor page.
                where = (_h or {}).get("Location", "") if status == 302 else ""
                if where and not where.startswith("/accounts/"):
                    self.acknowledged.append(text)
            n += 1
            time.sleep(POST_EVERY)

    def run(self, seconds: float) -> None:
        self._stop.clear()
        workers = [threading.Thread(target=self._reader, args=(n,)) for n in self.nodes]
        workers += [
            threading.Thread(target=self._reader, args=(n,)) for n in self.nodes
        ]
        workers.append(threading.Thread(target=self._poster))
        for w in workers:
            w.start()
        time.sleep(seconds)
        self._stop.set()
        for w in workers:
            w.join()

    def take(self):
        with self._lock:
            taken, self.results = self.results, []
        return taken


def summarise(results) -> dict:
    statuses: dict[str, int] = {}
    for _path, status, _took in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "requests": len(results),
        "status_500": sum(1 for _p, s, _t in results if s == 500),
        "errors": sum(1 for _p, s, _t in results if not isinstance(s, int)),
        "over_1s": sum(1 for _p, _s, t in results if t >= SLOW),
        "max_seconds": round(max((t for _p, _s, t in results), default=0), 3),
        "statuses": statuses,
    }


def wait_for(predicate, timeout: float, step: float = 0.05) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


def count_replies(pg: Postgres, texts: list[str]) -> int:
    if not texts:
        return 0
    import psycopg

    with psycopg.connect(pg.url(), connect_timeout=5) as conn:
        rows = conn.execute(
            "SELECT count(*) FROM forum_post WHERE source = ANY(%s)", (texts,)
        ).fetchone()
    return rows[0]


def main() -> int:
    if PG_BIN is None or not shutil.which("redis-server"):
        sys.exit("needs PostgreSQL's server binaries and redis-server")
    root = Path(tempfile.mkdtemp(prefix="carethread-resilience-"))
    root.chmod(0o755)  # The postgres user walks through it to its cluster.
    pg, redis = Postgres(root / "pg", free_port()), Redis(free_port())
    s3, sink = S3Server(), SmtpSink()
    bucket = "carethread-proofs"
    nodes: list[Server] = []
    worker: Worker | None = None
    report: dict = {"short": SHORT}
    try:
        log(f"PostgreSQL on {pg.port}, Redis on {redis.port}, S3 on {s3.port}")
        pg.init()
        pg.start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port)]
            + ["-U", "postgres", "carethread"],
            check=True,
        )
        redis.start()
        s3.start()
        s3.make_bucket(bucket)
        sink.start()
        env = {
            **os.environ,
            **s3.environment(bucket),
            "DATABASE_URL": pg.url(),
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(root / "static"),
            "PRIVATE_MEDIA_ROOT": str(root / "private"),
            "TASKS_BACKEND": "database",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "0",
        }
        (root / "private").mkdir()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(
            env,
            "shell",
            "-c",
            "from datetime import timedelta\n"
            "from django.contrib.auth import get_user_model\n"
            "from django.utils import timezone\n"
            f"for name in {EXTRA_MEMBERS!r}:\n"
            "    u = get_user_model().objects.create_user(\n"
            f"        name, name + '@example.org', {DEMO_PASSWORD!r},\n"
            "        display_name=name)\n"
            "    u.email_verified_at = timezone.now()\n"
            "    u.date_joined = timezone.now() - timedelta(days=90)\n"
            "    u.save()\n"
            "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
            f"for name, key in {TOTP_KEYS!r}.items():\n"
            "    TOTPDevice.objects.create(\n"
            "        user=get_user_model().objects.get(username=name),\n"
            "        key=key, confirmed=True)\n",
        )
        limit = int(
            manage(
                env,
                "shell",
                "-c",
                "from django.conf import settings; "
                "print(settings.ACCOUNT_LOGIN_MAX_FAILURES)",
            ).split()[-1]
        )
        for name in ("A", "B"):
            node = Server(env, free_port(), 2, root / f"node-{name}.log")
            node.start()
            nodes.append(node)
        a, b = nodes
        worker = Worker(env, root / "worker.log")
        worker.start()
        log(f"nodes A :{a.port} and B :{b.port} answer; a worker runs")
        sessions = [
            login(a, name, DEMO_PASSWORD, TOTP_KEYS.get(name, "")) for name in POSTERS
        ]
        session = sessions[0]
        home = fetch(a.url("/"))[3].decode()
        thread = int(re.search(r'href="/t/(\d+)/"', home).group(1))
        pages = ["/", f"/t/{thread}/", "/conditions/", "/search/?q=fatigue"]

        # 1. A reply on A on B's cached page at once.
        fetch(b.url(f"/t/{thread}/"))
        cached = fetch(b.url(f"/t/{thread}/"))[2].get("X-Page-Cache")
        text = f"Seen on the other node {secrets.token_hex(4)}."
        status = post_reply(a, session, thread, text)[0]
        shown = text in fetch(b.url(f"/t/{thread}/"))[3].decode()
        report["cross_node"] = {
            "b_cached_before": cached,
            "reply_on_a": status,
            "on_b_at_once": shown,
        }
        log(f"cross-node: B cached ({cached}), reply on A {status}, on B: {shown}")

        # 2-4. Sessions, limits and files shared by the nodes.
        report["ban"] = ban_across_nodes(a, b, pg)
        report["lockout"] = lockout_across_nodes(a, b, limit)
        report["proof"] = proof_across_nodes(a, b, pg, s3, bucket, root / "private")
        log(f"ban {report['ban']}, lockout {report['lockout']}")
        log(f"proof {report['proof']}")

        # 5. The worker killed while it sends.
        report["worker"] = worker_kills(env, worker, sink, pg)
        log(f"worker {report['worker']}")

        load = Load(nodes, sessions[1:], thread, pages)
        load.run(LOAD_SECONDS / 2)
        report["baseline"] = summarise(load.take())

        # 6. Redis stopped, then frozen.
        redis.stop()
        load.run(LOAD_SECONDS)
        report["redis_stopped"] = summarise(load.take())
        redis.start()
        time.sleep(6)  # The breaker's five seconds, then Redis is asked again.
        redis.freeze()
        load.run(LOAD_SECONDS)
        report["redis_frozen"] = summarise(load.take())
        redis.thaw()
        time.sleep(6)
        log(
            f"Redis: stopped {report['redis_stopped']}, frozen {report['redis_frozen']}"
        )

        # 7. PostgreSQL frozen (SIGSTOP: connections open, nothing answers),
        # then thawed. Not handled yet: measured, not checked.
        if not SHORT:
            pg.freeze()
            load.run(FREEZE_SECONDS)
            pg.thaw()
            report["postgres_frozen"] = summarise(load.take())
            report["postgres_frozen"]["frozen_seconds"] = FREEZE_SECONDS
            time.sleep(2)
            log(f"PostgreSQL frozen: {report['postgres_frozen']}")

        # 8. PostgreSQL stopped, then started.
        load.run(LOAD_SECONDS / 2)
        acknowledged = list(load.acknowledged)
        load.take()
        pg.stop()
        stopped_at = time.monotonic()
        member = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
        asked = [(p, "") for p in pages] + [(p, member) for p in pages]
        outage = [fetch(a.url(p), cookie=c, timeout=10) for p, c in asked]
        report["postgres_stopped"] = {
            "pages": [
                {
                    "path": p,
                    "signed_in": bool(c),
                    "status": s,
                    "seconds": round(t, 3),
                    "retry_after": h.get("Retry-After") if h else None,
                    "page_cache": h.get("X-Page-Cache") if h else None,
                }
                for (p, c), (s, t, h, _b) in zip(asked, outage, strict=True)
            ],
            "healthz": fetch(a.url("/healthz"), timeout=5)[0],
            "readyz": fetch(a.url("/readyz"), timeout=5)[0],
        }
        # Long enough that a backoff doubling from 1 s would be at 4 s.
        down_for = 3 if SHORT else 8
        time.sleep(max(0.0, down_for - (time.monotonic() - stopped_at)))
        pg.start()
        recovered = wait_for(lambda: fetch(a.url("/"), timeout=3)[0] == 200, 30)
        recovered_b = wait_for(
            lambda: fetch(b.url(f"/t/{thread}/"), timeout=3)[0] == 200, 30
        )
        stored = count_replies(pg, acknowledged)
        report["postgres_back"] = {
            "a_200_after_seconds": round(recovered, 2) if recovered else None,
            "b_200_after_seconds": round(recovered_b, 2) if recovered_b else None,
            "acknowledged_before_stop": len(acknowledged),
            "found_after": stored,
        }
        log(f"PostgreSQL: {report['postgres_stopped']} / {report['postgres_back']}")
    finally:
        for node in nodes:
            node.stop()
        if worker:
            worker.stop()
        redis.stop()
        pg.stop()
        s3.stop()
        if getattr(sink, "controller", None):
            sink.stop()
        shutil.rmtree(root, ignore_errors=True)

    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "resilience-latest.json").write_text(json.dumps(report, indent=2))
    return print_table(report)


def print_table(report: dict) -> int:
    rows, failed = [], False

    def check(name: str, value, ok: bool) -> None:
        nonlocal failed
        failed |= not ok
        rows.append(f"| {name} | {value} | {'yes' if ok else 'NO'} |")

    cross = report["cross_node"]
    check(
        "reply on A shown on B's cached page at once",
        cross["on_b_at_once"],
        cross["on_b_at_once"] and cross["b_cached_before"] == "hit",
    )
    ban = report["ban"]
    check(
        "member banned on A: B's settings page before / after (then sign-in)",
        f"{ban['settings_on_b_before']} / {ban['settings_on_b_after']}"
        f" ({'let in' if ban['can_sign_in_again_on_b'] else 'refused'})",
        ban["settings_on_b_before"] == 200
        and ban["ban_on_a"] == 302
        and ban["settings_on_b_after"] == 302
        and "/accounts/login/" in (ban["sent_to"] or "")
        and not ban["can_sign_in_again_on_b"],
    )
    lockout = report["lockout"]
    check(
        f"{lockout['failures']} failed sign-ins split over A and B lock the "
        "account on B",
        lockout["right_password_on_b_refused"],
        lockout["right_password_on_b_refused"],
    )
    proof = report["proof"]
    check(
        "proof uploaded on A: in the bucket, files on node disk, "
        "moderator download on B",
        f"{proof['in_bucket']}, {proof['files_on_node_disk']}, "
        f"{proof['download_on_b']}",
        proof["upload_on_a"] == 302
        and proof["in_bucket"]
        and proof["files_on_node_disk"] == 0
        and proof["download_on_b"] == 200
        and proof["same_bytes"],
    )
    work = report["worker"]
    check(
        f"worker SIGKILLed {work['kills']}x sending {work['queued']} emails: "
        "tasks caught mid-run, emails delivered, duplicates in the mailbox "
        "(SMTP re-sends of an accepted email, same Message-ID), lost",
        f"{work['tasks_requeued']}, {work['distinct_emails']}, "
        f"{work['distinct_message_ids'] - work['distinct_emails']} "
        f"({work['duplicates']}), {work['lost']}",
        work["kills"] == KILLS
        and work["tasks_requeued"] >= 1
        and work["distinct_emails"] == work["queued"]
        and work["lost"] == 0
        and work["tasks_not_done"] == 0
        and work["distinct_message_ids"] == work["queued"],
    )
    for key, label in (
        ("redis_stopped", "Redis stopped"),
        ("redis_frozen", "Redis frozen"),
    ):
        found = report[key]
        check(
            f"{label}: responses with status 500",
            found["status_500"],
            found["status_500"] == 0 and found["errors"] == 0,
        )
        check(
            f"{label}: requests of 1 s or more (max s)",
            f"{found['over_1s']} ({found['max_seconds']})",
            found["over_1s"] == 0,
        )
    frozen = report.get("postgres_frozen")
    if frozen:
        rows.append(
            f"| PostgreSQL frozen {frozen['frozen_seconds']} s (not handled; "
            "measured only): requests, status 500, no answer, slowest s | "
            f"{frozen['requests']}, {frozen['status_500']}, {frozen['errors']}, "
            f"{frozen['max_seconds']} | — |"
        )
    pages = report["postgres_stopped"]["pages"]
    slowest = max(p["seconds"] for p in pages)

    def served(page) -> bool:
        # A visitor's page may still come from the cache: whole (X-Page-Cache
        # "hit"), or rebuilt from its cached fragments when the whole page
        # has expired ("miss": no query needed, and none could succeed with
        # the database down). Anything else is the 503 page saying when to
        # retry.
        cached = page["status"] == 200 and not page["signed_in"]
        return cached or (page["status"] == 503 and bool(page["retry_after"]))

    members = [p for p in pages if p["signed_in"]]
    check(
        "PostgreSQL stopped: members get 503 + Retry-After, visitors a page "
        "from the cache or 503 (statuses, slowest s)",
        f"{[p['status'] for p in pages]} ({slowest})",
        all(served(p) for p in pages)
        and all(p["status"] == 503 for p in members)
        and slowest < 2,
    )
    probes = report["postgres_stopped"]
    check(
        "PostgreSQL stopped: /healthz, /readyz",
        f"{probes['healthz']}, {probes['readyz']}",
        report["postgres_stopped"]["healthz"] == 200
        and report["postgres_stopped"]["readyz"] == 503,
    )
    back = report["postgres_back"]
    check(
        "PostgreSQL back: 200 after (s, A / B)",
        f"{back['a_200_after_seconds']} / {back['b_200_after_seconds']}",
        back["a_200_after_seconds"] is not None
        and back["a_200_after_seconds"] < 2
        and back["b_200_after_seconds"] is not None
        and back["b_200_after_seconds"] < 2,
    )
    check(
        "acknowledged replies found after the outage",
        f"{back['found_after']} of {back['acknowledged_before_stop']}",
        back["found_after"] == back["acknowledged_before_stop"],
    )
    print("\n| check | measured | holds |\n|---|---|---|")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
