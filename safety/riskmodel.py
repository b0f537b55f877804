"""A small learned second opinion for the crisis detector's possible tier.

The rules in ``safety.crisis`` read context (who, when, negation, quotes)
but only know the phrasings someone wrote down. People at risk say it in
endless other ways ("feeling very rope today", "I've started timing how long
it takes to walk to the middle of the footbridge"). This model is a naive
Bayes classifier over words, word pairs and five-letter pieces of words
(chosen by cross-validation on the tuning set over word pairs alone and over
logistic regression), trained only on the project's
own labelled tuning sentences (``safety/eval/data/*_tune*.jsonl``); its
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
ALPHA = 0.5
# Features seen fewer times than this in training are dropped (noise, size).
MIN_COUNT = 2
_WORD_RE = re.compile(r"[a-z']+")


def features(folded: str) -> set[str]:
    """Words, adjacent word pairs and five-letter pieces of words (so "unalive",
    "unaliving" and "unalived" share evidence, and typos still count), of
    already folded text."""
    words = _WORD_RE.findall(folded)
    found = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    for word in set(words):
        marked = f"<{word}>"
        found.update("#" + marked[i : i + 5] for i in range(len(marked) - 4))
    return found


def train(examples: Iterable[tuple[str, bool]]) -> dict:
    """Fit on (folded text, is risk) pairs; returns the model as a dict."""
    positive: Counter[str] = Counter()
    negative: Counter[str] = Counter()
    n_pos = n_neg = 0
    for text, is_risk in examples:
        found = features(text)
        if is_risk:
            positive.update(found)
            n_pos += 1
        else:
            negative.update(found)
            n_neg += 1
    weights = {}
    for feature in set(positive) | set(negative):
        if positive[feature] + negative[feature] < MIN_COUNT:
            continue
        weight = math.log((positive[feature] + ALPHA) / (n_pos + 2 * ALPHA)) - math.log(
            (negative[feature] + ALPHA) / (n_neg + 2 * ALPHA)
        )
        weights[feature] = round(weight, 3)
    return {"bias": round(math.log(n_pos / n_neg), 3), "weights": weights}


def score_with(model: dict, folded: str) -> float:
    weights = model["weights"]
    return model["bias"] + sum(weights.get(f, 0.0) for f in features(folded))


def choose_threshold(
    examples: list[tuple[str, bool]],
    *,
    decided: Callable[[str], bool],
    rules_flag: Callable[[str], bool],
    far_budget: float = 0.12,
    folds: int = 5,
    seed: int = 1,
) -> tuple[float, dict]:
    """Cross-validate on ``examples`` (the tuning set) and return the lowest
    threshold whose false-alarm rate stays within ``far_budget``, counting
    the rules' decisions where they made one (``decided``, ``rules_flag``)
    and the model's elsewhere; and the figures at it."""
    shuffled = examples[:]
    random.Random(seed).shuffle(shuffled)
    parts = [shuffled[i::folds] for i in range(folds)]
    scored = []
    for i, part in enumerate(parts):
        model = train(e for j, p in enumerate(parts) if j != i for e in p)
        scored += [
            (score_with(model, text), is_risk, decided(text), rules_flag(text))
            for text, is_risk in part
        ]

    def flagged(score: float, was_decided: bool, by_rules: bool, threshold: float):
        return by_rules if was_decided else score > threshold

    negatives = [s for s in scored if not s[1]]
    positives = [s for s in scored if s[1]]
    for step in range(-20, 80):
        threshold = step / 4
        far = sum(1 for s, _, d, r in negatives if flagged(s, d, r, threshold)) / len(
            negatives
        )
        if far <= far_budget:
            recall = sum(
                1 for s, _, d, r in positives if flagged(s, d, r, threshold)
            ) / len(positives)
            return threshold, {"cv_recall": round(recall, 3), "cv_far": round(far, 3)}
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
    top = sorted((f for f in found if weights.get(f, 0) > 0), key=lambda f: -weights[f])
    return True, top[:3]
