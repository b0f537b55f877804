"""Run many regular expressions over a long text quickly, with the same
matches as a full scan.

Each expression is read once (Python's own regex parser) for a set of
literal strings at least one of which every match must contain, and for
the longest match it can make. A text is then searched only in windows
around occurrences of those strings (found by ``str.find``, in C), so a
20,000-character post costs what its few relevant sentences cost. An
expression with no such strings, an unbounded width or an end-of-text
anchor is run over the whole text as before.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterator
from dataclasses import dataclass

# Context the expressions read around a match (look-behinds, look-aheads).
MARGIN = 100
_MIN_FACTOR = 2

_LITERAL = sre_constants.LITERAL
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)


# Strings so common in posts that windows around them cover most of a text.
_COMMON = frozenset(
    """
    i me my i'm im to the a an and of in it is on at be je j' me m' ma mon
    de la le les un une et a en ne pas que qui il elle est ce ca
    """.split()
)


def _cost(strings: list[str]) -> tuple[int, int, int]:
    """Lower is better: common words first, then short strings, then many."""
    common = sum(1 for s in strings if s.strip() in _COMMON)
    return (common, -min(map(len, strings)), len(strings))


def _better(best: list[str] | None, candidate: list[str] | None) -> list[str] | None:
    if not candidate or any(len(c) < _MIN_FACTOR for c in candidate):
        return best
    if best is None:
        return candidate
    return candidate if _cost(candidate) < _cost(best) else best


def factors(pattern: str) -> list[str] | None:
    """Literal strings one of which every match of ``pattern`` contains, or
    None when no such set was found."""
    return _factors(sre_parse.parse(pattern))


def _factors(sequence) -> list[str] | None:
    best: list[str] | None = None
    run = ""
    for op, arg in sequence:
        if op is _LITERAL:
            run += chr(arg)
            continue
        best = _better(best, [run] if run else None)
        run = ""
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.SUBPATTERN:
            best = _better(best, _factors(arg[-1]))
        elif op is sre_constants.BRANCH:
            branches = [_factors(b) for b in arg[1]]
            if all(branches):
                best = _better(best, sorted({f for b in branches for f in b}))
        elif op in _REPEATS and arg[0] >= 1:
            best = _better(best, _factors(arg[2]))
    return _better(best, [run] if run else None)


def _anchored_at_end(sequence) -> bool:
    for op, arg in sequence:
        if op is sre_constants.AT and arg in (
            sre_constants.AT_END,
            sre_constants.AT_END_STRING,
            sre_constants.AT_END_LINE,
        ):
            return True
        if op is sre_constants.SUBPATTERN and _anchored_at_end(arg[-1]):
            return True
        if op is sre_constants.BRANCH and any(_anchored_at_end(b) for b in arg[1]):
            return True
        if op in _REPEATS and _anchored_at_end(arg[2]):
            return True
    return False


def _positions(text: str, factor: str) -> list[int]:
    places = []
    at = text.find(factor)
    while at != -1:
        places.append(at)
        at = text.find(factor, at + 1)
    return places


@dataclass(frozen=True)
class Scanner:
    pattern: re.Pattern[str]
    factors: tuple[str, ...] | None
    width: int

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Scanner:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        found = _factors(parsed)
        width = parsed.getwidth()[1]
        if (
            found is None
            or width >= sre_constants.MAXREPEAT
            or _anchored_at_end(parsed)
            or pattern.flags & re.IGNORECASE
        ):
            return cls(pattern, None, 0)
        return cls(pattern, tuple(found), width)

    def finditer(
        self, text: str, found: dict[str, list[int]] | None = None
    ) -> Iterator[re.Match[str]]:
        """The pattern's matches in ``text``, leftmost first. ``found`` keeps
        the positions of strings already looked for in this text (several
        expressions share strings)."""
        if self.factors is None:
            yield from self.pattern.finditer(text)
            return
        if found is None:
            found = {}
        positions: list[int] = []
        for factor in self.factors:
            places = found.get(factor)
            if places is None:
                places = found[factor] = _positions(text, factor)
            positions += places
        if not positions:
            return
        positions.sort()
        merged = [[max(0, positions[0] - self.width), positions[0] + self.width + 1]]
        for at in positions[1:]:
            if at - self.width <= merged[-1][1]:
                merged[-1][1] = at + self.width + 1
            else:
                merged.append([at - self.width, at + self.width + 1])
        last_end = -1
        for start, end in merged:
            # Look-aheads may read past the match: give them the margin.
            for m in self.pattern.finditer(
                text, max(start, last_end), min(len(text), end + MARGIN)
            ):
                if m.start() >= end:
                    break
                last_end = m.end()
                yield m
