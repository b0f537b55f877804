"""Windowed scanning finds exactly what a full scan finds."""

import re

import pytest

from safety import crisis, evaluation, regexscan


@pytest.fixture(scope="module")
def long_texts():
    lines = evaluation.mixed_lines()
    return [crisis._mask_quotes(crisis.fold(t)) for t in evaluation.long_posts(lines)]


def test_every_cue_matches_the_same_spans_as_a_full_scan(long_texts):
    for text in long_texts[:3]:
        seen = {}
        for cue, scanner in crisis._SCANNERS:
            full = [m.span() for m in cue.pattern.finditer(text)]
            windowed = [m.span() for m in scanner.finditer(text, seen)]
            assert windowed == full, cue.pattern.pattern[:80]


def test_most_cues_are_searched_in_windows():
    windowed = [s for _, s in crisis._SCANNERS if s.factors is not None]
    assert len(windowed) >= 0.9 * len(crisis._SCANNERS)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bwant to die\b", ["want to die"]),
        (r"\b(?:kill|end) myself\b", [" myself"]),
        (r"\b(?:kms|unalive)\b", ["kms", "unalive"]),
        (r"\b(?:a|an) \w+", None),
    ],
)
def test_factors_are_strings_every_match_contains(pattern, expected):
    assert regexscan.factors(pattern) == expected


def test_an_end_anchor_or_unbounded_width_falls_back_to_a_full_scan():
    assert regexscan.Scanner.of(re.compile(r"goodbye\W*$")).factors is None
    assert regexscan.Scanner.of(re.compile(r"goodbye.*")).factors is None
    scanner = regexscan.Scanner.of(re.compile(r"goodbye\W*$"))
    assert [m.group() for m in scanner.finditer("so long. goodbye")] == ["goodbye"]
