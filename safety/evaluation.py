"""Measure the crisis detector and the personal-data guard on the project's
own labelled sentences (``safety/eval/data``).

Each set has a tuning part, read while improving the rules, and a held-out
part, written separately and never tuned against: its figures are the ones
to believe. A line counts as detected when the detector finds anything in it
(either tier for crisis signals); a false alarm is a detection on a line
labelled ``none``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent / "eval" / "data"
DEMO_FORUM = Path(__file__).resolve().parents[1] / "demo" / "data" / "forum.json"
# Each part and its files. "heldout" was written before the rules, by other
# hands; only its totals were read while the rules were improved (never its
# lines). "heldout_b", "heldout_c", then "heldout_d" were each written later,
# measured once (docs/safety.md keeps those figures) and then joined the
# tuning part, as did "tune_g" and "tune_h" (each measured once first), then
# in a third round "heldout_e" and "tune_i", "tune_j". The last ones written,
# ``FINAL`` ("heldout_f", and "heldout_g": French written directly in French),
# are measured once, for the final figures.
FINAL = "heldout_f"
PARTS = {
    "tune": (
        "tune",
        "tune_b",
        "tune_c",
        "tune_d",
        "tune_e",
        "tune_f",
        "tune_g",
        "tune_h",
        "heldout_b",
        "heldout_c",
        "heldout_d",
        "heldout_e",
        "tune_i",
        "tune_j",
    ),
    "heldout": ("heldout",),
    FINAL: (FINAL, "heldout_g"),
}


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    label: str
    kind: str


def load(name: str, part: str) -> list[Example]:
    """``name`` is ``crisis`` or ``pii``; ``part`` is ``tune`` or ``heldout``."""
    examples = []
    lines = []
    for suffix in PARTS[part]:
        path = DATA / f"{name}_{suffix}.jsonl"
        if path.exists():
            lines += path.read_text(encoding="utf-8").splitlines()
    held_out = _held_out_texts(name) if part == "tune" else frozenset()
    for line in lines:
        if line.strip():
            row = json.loads(line)
            if row["text"] in held_out:
                continue  # Written twice by chance: it stays held out.
            examples.append(
                Example(row["text"], row["lang"], row["label"], row["kind"])
            )
    return examples


def _held_out_texts(name: str) -> frozenset[str]:
    texts = set()
    for part, suffixes in PARTS.items():
        if part == "tune":
            continue
        for suffix in suffixes:
            path = DATA / f"{name}_{suffix}.jsonl"
            if path.exists():
                texts |= {
                    json.loads(line)["text"]
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()
                }
    return frozenset(texts)


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    # Crisis only: false alarms of the high-confidence tier alone.
    fp_high: int = 0
    tp_high: int = 0

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.fp / self.negatives if self.negatives else None

    @property
    def false_alarm_rate_high(self) -> float | None:
        return self.fp_high / self.negatives if self.negatives else None

    @property
    def recall_high(self) -> float | None:
        return self.tp_high / self.positives if self.positives else None


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[tuple[Example, str]] = field(default_factory=list)


def score(
    examples: Iterable[Example],
    detect: Callable[[str], str | None],
    positive: str,
) -> Report:
    """``detect`` returns None (nothing found), or a tier name ("high",
    "possible"; the guard returns "high" for anything it finds)."""
    report = Report()
    for example in examples:
        tier = detect(example.text)
        buckets = (
            report.overall,
            report.by_lang[example.lang],
            report.by_kind[f"{example.lang}:{example.kind}"],
        )
        for counts in buckets:
            if example.label == positive:
                if tier:
                    counts.tp += 1
                    counts.tp_high += tier == "high"
                else:
                    counts.fn += 1
            elif tier:
                counts.fp += 1
                counts.fp_high += tier == "high"
            else:
                counts.tn += 1
        if bool(tier) != (example.label == positive):
            report.errors.append((example, tier or "-"))
    return report


def crisis_detect(text: str) -> str | None:
    from . import crisis

    return crisis.assess(text).tier


def crisis_detect_rules(text: str) -> str | None:
    from . import crisis

    return crisis.assess_rules(text).tier


def pii_detect(text: str) -> str | None:
    from . import pii

    return "high" if pii.find(text) else None


def timing(fn: Callable[[str], object], texts: list[str], runs: int = 40) -> dict:
    """Milliseconds to screen each text ``runs`` times: p50, p95 and max of
    the wall-clock time, and p95 of the processor time (this machine shares
    its cores, so wall-clock figures jump between runs; processor time says
    what the code itself costs)."""
    wall, cpu = [], []
    for _ in range(runs):
        for text in texts:
            started, started_cpu = time.perf_counter(), time.process_time()
            fn(text)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    cpu.sort()
    return {
        "p50": statistics.median(wall),
        "p95": wall[int(len(wall) * 0.95) - 1],
        "max": wall[-1],
        "cpu_p95": cpu[int(len(cpu) * 0.95) - 1],
    }


def long_posts(examples: list[Example], size: int = 20_000) -> list[str]:
    """Posts of ``size`` characters built from the given lines in turn (a
    long story with whatever signals the lines carry), for timing."""
    texts = []
    lines = [e.text for e in examples]
    for start in range(0, 8):
        chunk, i = [], start
        while sum(len(c) + 1 for c in chunk) < size:
            chunk.append(lines[i % len(lines)])
            i += 7
        texts.append("\n".join(chunk)[:size])
    return texts


def everyday(part: str) -> list[Example]:
    """Everyday forum writing that holds no distress, for false alarms on
    ordinary posts: the personal-data set's lines, the everyday posts set
    (``ordinary_*.jsonl``) and, for tuning, the demo forum's posts."""
    lines = [
        Example(e.text, e.lang, "none", f"pii_{e.kind}") for e in load("pii", part)
    ]
    lines += load("ordinary", part)
    if part == "tune":
        lines += demo_lines()
    return lines


def demo_lines() -> list[Example]:
    """Every question and reply of ``seed_demo`` (both lists of threads),
    read from the demo app's data file (data, not code: the demo app sits
    above this one), except the one post written to show the possible-risk
    list."""
    data = json.loads(DEMO_FORUM.read_text(encoding="utf-8"))
    texts = []
    for thread in data["threads"] + data.get("more_threads", []):
        posts = [{**thread, "body": f"{thread['title']}\n{thread['body']}"}]
        posts += thread.get("replies", [])
        texts += [post["body"] for post in posts if not post.get("possible_risk")]
    return [Example(t, "en", "none", "demo") for t in texts]


def mixed_lines() -> list[Example]:
    """The tuning lines of both sets interleaved: a long patient story is
    mostly medical detail, with some distress and some personal details."""
    crisis_lines = load("crisis", "tune")
    pii_lines = load("pii", "tune")
    mixed = []
    for i in range(max(len(crisis_lines), len(pii_lines))):
        mixed += [lines[i] for lines in (pii_lines, crisis_lines) if i < len(lines)]
    return mixed
