#!/usr/bin/env python3
"""Lighthouse scores for CareThread as deployed: production settings,
gunicorn, hashed static files served by WhiteNoise, the demo data.

    make lighthouse

Lighthouse (npm, pinned in bench/lighthouse/package.json) drives Debian's
Chromium with its default mobile settings (a mid-range phone, throttled
network and CPU). Five pages (home, a condition, a thread, the ask page and
search) are measured signed out and signed in as a demo member (the session
cookie from the real sign-in form is passed as a header); the ask page, which
needs a member, is measured signed in only. Each page is run ``LH_RUNS``
times (3) and the median score per category kept, since the performance
score moves between runs. Prints a table and writes
``bench/results/lighthouse-latest.json``; the HTML reports of the last run
go to ``test-artifacts/lighthouse/``.

Environment (optional): DATABASE_URL (default: a SQLite file in a temporary
folder, migrated and seeded with seed_demo), LH_RUNS, CHROMIUM_PATH.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import Server, free_port, log, login, manage  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
LH_DIR = BASE_DIR / "bench" / "lighthouse"
RESULTS = BASE_DIR / "bench" / "results" / "lighthouse-latest.json"
REPORTS = BASE_DIR / "test-artifacts" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)


def ensure_lighthouse() -> Path:
    binary = LH_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        log("installing Lighthouse (npm ci in bench/lighthouse)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LH_DIR, check=True)
    return binary


def pages(env: dict) -> list[tuple[str, str]]:
    """(name, path) of the pages to measure, from the seeded data."""
    os.environ.update(env)
    import django

    django.setup()
    from forum.models import Condition, Thread

    condition = (
        Condition.objects.filter(threads__isnull=False)
        .order_by("slug")
        .distinct()
        .first()
    )
    thread = Thread.objects.filter(reply_count__gte=2).order_by("id").first()
    return [
        ("home", "/"),
        ("condition", condition.get_absolute_url()),
        ("thread", thread.get_absolute_url()),
        ("ask", "/ask/"),
        ("search", "/search/?q=fatigue"),
    ]


def run_lighthouse(binary: Path, url: str, cookie: str | None, out: Path) -> dict:
    command = [
        str(binary),
        url,
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--output=json",
        "--output=html",
        f"--output-path={out}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # Lighthouse sometimes loses a trace ("NO_NAVSTART"): try again, twice.
    for attempt in range(3):
        if subprocess.run(command, env=env, cwd=LH_DIR).returncode == 0:
            break
        log(f"lighthouse failed on {url} (attempt {attempt + 1}); again")
    else:
        raise RuntimeError(f"lighthouse failed three times on {url}")
    report = json.loads(Path(f"{out}.report.json").read_text())
    # Measured the page asked for, not a sign-in page it redirected to.
    if report.get("finalDisplayedUrl", url) != url:
        raise RuntimeError(f"{url} ended on {report['finalDisplayedUrl']}")
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = {
        c: [
            ref["id"]
            for ref in report["categories"][c]["auditRefs"]
            if ref.get("weight")
            and (report["audits"][ref["id"]].get("score") or 0) < 0.9
            and report["audits"][ref["id"]].get("scoreDisplayMode") == "binary"
        ]
        for c in CATEGORIES
    }
    return {"scores": scores, "below_0_9": {c: v for c, v in failing.items() if v}}


def main() -> int:
    runs = int(os.environ.get("LH_RUNS", "3"))
    binary = ensure_lighthouse()
    workdir = Path(tempfile.mkdtemp(prefix="carethread-lh-"))
    static_root = workdir / "static"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{workdir / 'lighthouse.sqlite3'}"
        ),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo")
    targets = pages(env)
    from demo import content as demo_content

    server = Server(env, free_port(), 2, workdir / "gunicorn.log")
    REPORTS.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        server.start()
        cookies = login(server, "maple", demo_content.DEMO_PASSWORD)
        member_cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        # The cookie does sign in: the ask page answers 200 with the member's
        # name in the header, where a visitor would be sent to sign in.
        request = urllib.request.Request(
            server.url("/ask/"), headers={"Cookie": member_cookie}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.url.endswith("/ask/"), response.url
            assert "MapleWalker" in response.read().decode()
        for name, path in targets:
            for who, cookie in (("signed out", None), ("signed in", member_cookie)):
                if name == "ask" and cookie is None:
                    continue  # The ask page sends visitors to sign in.
                samples = []
                for i in range(runs):
                    out = REPORTS / f"{name}-{who.replace(' ', '-')}"
                    log(f"lighthouse {name} ({who}) run {i + 1}/{runs}")
                    samples.append(
                        run_lighthouse(binary, server.url(path), cookie, out)
                    )
                median = {
                    c: statistics.median(s["scores"][c] for s in samples)
                    for c in CATEGORIES
                }
                results.append(
                    {
                        "page": name,
                        "path": path,
                        "who": who,
                        "runs": [s["scores"] for s in samples],
                        "median": median,
                        "below_0_9": samples[-1]["below_0_9"],
                    }
                )
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"form_factor": "mobile (Lighthouse default)", "results": results},
            indent=2,
        )
        + "\n"
    )
    columns = " ".join(f"{c[:13]:>13}" for c in CATEGORIES)
    header = f"{'page':<10} {'who':<11} {columns}"
    print(header)
    print("-" * len(header))
    low = []
    for row in results:
        print(
            f"{row['page']:<10} {row['who']:<11} "
            + " ".join(f"{row['median'][c]:>13g}" for c in CATEGORIES)
        )
        low += [
            (row["page"], row["who"], c, row["median"][c])
            for c in CATEGORIES
            if row["median"][c] < 95
        ]
    written = RESULTS.relative_to(BASE_DIR)
    print(f"\nmedian of {runs} runs per page; written to {written}")
    if low:
        print("below 95:", low)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
