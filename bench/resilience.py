#!/usr/bin/env python3
"""Fault injection against CareThread as deployed: two app nodes, a
PostgreSQL and a Redis of this run's own (the machine's shared services are
left alone), real faults, measured from outside over HTTP.

    make resilience                 # the full run
    RESILIENCE_SHORT=1 make resilience   # a shorter one (CI)

Steps: a PostgreSQL cluster (initdb, as the postgres user) and a redis-server
on free ports of 127.0.0.1; migrate, seed_demo and collectstatic; two
gunicorn masters (node A and node B, production settings, separate
processes); then:

1. a reply posted on A shows on B's cached anonymous page at once;
2. Redis stopped, then frozen (SIGSTOP), while readers and a poster keep
   asking both nodes: no 500, no request over a second, replies stored;
3. PostgreSQL stopped: members' pages answer 503 with Retry-After within
   two seconds (visitors' pages the same, or from the cache when it holds
   them), /healthz stays 200, /readyz says 503; PostgreSQL started again:
   pages answer 200 within two seconds of its return, and every reply that
   was acknowledged before the stop is in the database.

Prints a table and writes bench/results/resilience-latest.json. Not yet
measured here: the task worker killed mid-task and files in object storage
(see docs/deploy.md, failure modes).
"""

from __future__ import annotations

import json
import os
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

SHORT = os.environ.get("RESILIENCE_SHORT") == "1"
LOAD_SECONDS = 3 if SHORT else 10
SLOW = 1.0
POST_EVERY = 0.5 if SHORT else 1.5  # Seven members, three replies each per window.
POSTERS = ["maple", "harbour", "fen", "tomasz", "jo_ashby", "dr_kestrel", "sam_rn"]
DEMO_PASSWORD = json.loads((BASE_DIR / "demo" / "data" / "forum.json").read_text())[
    "password"
]
PG_BIN = next(Path("/usr/lib/postgresql").glob("*/bin"), None)


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
                if status == 302:
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
    nodes: list[Server] = []
    report: dict = {"short": SHORT}
    try:
        log(f"PostgreSQL on {pg.port}, Redis on {redis.port}")
        pg.init()
        pg.start()
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port)]
            + ["-U", "postgres", "carethread"],
            check=True,
        )
        redis.start()
        env = {
            **os.environ,
            "DATABASE_URL": pg.url(),
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(root / "static"),
        }
        for args in (
            ["migrate", "--noinput", "-v0"],
            ["seed_demo"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [PYTHON, "manage.py", *args],
                cwd=BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
            )
        for name in ("A", "B"):
            node = Server(env, free_port(), 2, root / f"node-{name}.log")
            node.start()
            nodes.append(node)
        a, b = nodes
        log(f"nodes A :{a.port} and B :{b.port} answer")
        sessions = [login(a, name, DEMO_PASSWORD) for name in POSTERS]
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

        load = Load(nodes, sessions[1:], thread, pages)
        load.run(LOAD_SECONDS / 2)
        report["baseline"] = summarise(load.take())

        # 2. Redis stopped, then frozen.
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

        # 3. PostgreSQL stopped, then started.
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
        time.sleep(max(0.0, 2 - (time.monotonic() - stopped_at)))
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
        redis.stop()
        pg.stop()
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
    pages = report["postgres_stopped"]["pages"]
    slowest = max(p["seconds"] for p in pages)

    def served(page) -> bool:
        # A visitor's page may still come whole from the cache; anything
        # else is the 503 page saying when to retry.
        cached = page["status"] == 200 and page["page_cache"] == "hit"
        return cached or (page["status"] == 503 and bool(page["retry_after"]))

    members = [p for p in pages if p["signed_in"]]
    check(
        "PostgreSQL stopped: members get 503 + Retry-After, visitors the "
        "cached page or 503 (statuses, slowest s)",
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
