"""A small learned second opinion for the crisis detector's possible tier.

The rules in ``safety.crisis`` read context (who, when, negation, quotes)
but only know the phrasings someone wrote down. People at risk say it in
endless other ways ("feeling very rope today", "I've started timing how long
it takes to walk to the middle of the footbridge"). This model is a logistic
regression over words, word pairs (adjacent or one word apart) and
five-letter pieces of words, trained only on the project's own labelled
tuning sentences
(``safety/eval/data/*_tune*.jsonl``: the crisis set, and the personal-data
set's lines as everyday writing that holds no distress); its
weights ship in ``safety/data/crisis_model.json``. It never raises the
high-confidence tier: when it fires and the rules didn't, the post is
published as usual, its author sees the gentle support link and the post
enters the moderators' possible-risk list, where every decision becomes a
new labelled example.

Retrain with ``manage.py train_crisis_model`` after adding examples; the
threshold is chosen by cross-validation on the tuning set alone (the highest
recall whose false-alarm rate, rules and model together, stays within
budget), never on the held-out sets.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "data" / "crisis_model.json"
# Features seen fewer times than this in training are dropped (noise, size).
MIN_COUNT = 2
EPOCHS = 12
LEARNING_RATE = 0.1
L2 = 1e-3
_WORD_RE = re.compile(r"[a-z']+")


def features(folded: str) -> set[str]:
    """Words, adjacent word pairs, pairs with one word between ("want _ die"
    reads "want to die" and "want t die" alike) and five-letter pieces of
    words (so "unalive", "unaliving" and "unalived" share evidence, and typos
    still count), of already folded text."""
    words = _WORD_RE.findall(folded)
    found = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    found |= {f"{a} _ {b}" for a, b in zip(words, words[2:], strict=False)}
    for word in set(words):
        marked = f"<{word}>"
        found.update("#" + marked[i : i + 5] for i in range(len(marked) - 4))
    return found


def train(examples: Iterable[tuple[str, bool]]) -> dict:
    """Fit a logistic regression on (folded text, is risk) pairs by
    stochastic gradient descent (a fixed seed: the same data give the same
    model); returns the model as a dict."""
    data = [
        (sorted(features(text)), 1.0 if is_risk else 0.0) for text, is_risk in examples
    ]
    counts: Counter[str] = Counter(f for found, _ in data for f in found)
    data = [([f for f in found if counts[f] >= MIN_COUNT], y) for found, y in data]
    weights: dict[str, float] = {}
    bias = 0.0
    order = random.Random(0)
    for epoch in range(EPOCHS):
        order.shuffle(data)
        rate = LEARNING_RATE / (1 + epoch * 0.3)
        for found, y in data:
            z = bias + sum(weights.get(f, 0.0) for f in found)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = p - y
            bias -= rate * gradient
            for f in found:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (gradient + L2 * w)
    return {
        "bias": round(bias, 3),
        "weights": {f: round(w, 3) for f, w in weights.items() if abs(w) >= 0.005},
    }


def score_with(model: dict, folded: str) -> float:
    weights = model["weights"]
    return model["bias"] + sum(weights.get(f, 0.0) for f in features(folded))


def choose_threshold(
    examples: list[tuple[str, bool]],
    *,
    decided: Callable[[str], bool],
    rules_flag: Callable[[str], bool],
    ordinary: frozenset[str] = frozenset(),
    far_budget: float = 0.14,
    ordinary_budget: float = 0.015,
    folds: int = 5,
    seed: int = 1,
) -> tuple[float, dict]:
    """Cross-validate on ``examples`` (the tuning set) and return the lowest
    threshold whose false-alarm rate stays within ``far_budget`` on the
    crisis set's hard negatives and within ``ordinary_budget`` on ordinary
    posts (``ordinary``: texts that are everyday forum writing), counting
    the rules' decisions where they made one (``decided``, ``rules_flag``)
    and the model's elsewhere; and the figures at it."""
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    parts = [shuffled[i::folds] for i in range(folds)]
    scored = []
    for i, part in enumerate(parts):
        model = train(e for j, p in enumerate(parts) if j != i for e in p)
        scored += [
            (score_with(model, text), is_risk, decided(text), rules_flag(text), text)
            for text, is_risk in part
        ]

    def rate(rows, threshold: float) -> float:
        hits = sum(1 for s, _, d, r, _ in rows if (r if d else s > threshold))
        return hits / len(rows) if rows else 0.0

    hard = [s for s in scored if not s[1] and s[4] not in ordinary]
    everyday = [s for s in scored if not s[1] and s[4] in ordinary]
    positives = [s for s in scored if s[1]]
    for step in range(-100, 200):
        threshold = step / 10
        if rate(hard, threshold) <= far_budget and rate(everyday, threshold) <= (
            ordinary_budget
        ):
            return threshold, {
                "cv_recall": round(rate(positives, threshold), 3),
                "cv_far": round(rate(hard, threshold), 3),
                "cv_far_ordinary": round(rate(everyday, threshold), 3),
            }
    return 20.0, {}


@lru_cache(maxsize=1)
def load() -> dict | None:
    if not MODEL_PATH.exists():
        return None
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def assess(folded: str) -> tuple[bool, list[str]]:
    """Whether the model flags this folded text, and the word pairs that
    weighed most (shown to moderators as the reason)."""
    model = load()
    if model is None:
        return False, []
    found = features(folded)
    weights = model["weights"]
    total = model["bias"] + sum(weights.get(f, 0.0) for f in found)
    if total <= model["threshold"]:
        return False, []
    # Words and pairs only: pieces of words mean nothing to a moderator.
    top = sorted(
        (f for f in found if weights.get(f, 0) > 0 and not f.startswith("#")),
        key=lambda f: -weights[f],
    )
    return True, top[:3]
