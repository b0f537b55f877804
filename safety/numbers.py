"""Numbers written in words, in English and French, read back as digits.

People who know a filter looks for phone numbers spell them out: "oh seven
seven double oh, nine hundred…", "zéro six, douze, trente-quatre…". This
module finds runs of number words (and digits mixed in) and gives the digits
they stand for, so the personal-data guard can judge them like any number.

It works on folded text (``fold``: lower case, accents off, one character
out for each character in), so the spans it returns are the original's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

UNITS = {
    "zero": 0, "oh": 0, "o": 0, "nought": 0, "nil": 0, "one": 1, "two": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
REPEAT = {"double": 2, "triple": 3}
HUNDRED = {"hundred", "cent", "cents"}
LINKS = {"and", "et"}
WORDS = set(UNITS) | set(TEENS) | set(TENS) | set(REPEAT) | HUNDRED

_TOKEN_RE = re.compile(r"[a-z]+|\d+")
# What may sit between the numbers of one run: spaces, commas, hyphens, dots.
_GAP_RE = re.compile(r"^[\s,.\-/()]{0,3}$")


def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0x41, 0x250):
        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            continue
        base = unicodedata.normalize("NFD", low)[0]
        folded = base if base.isascii() else low
        if folded != char:
            table[code] = folded
    return table


_FOLD = _fold_table()


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_FOLD_NON_ASCII = {chr(k): v for k, v in _FOLD.items() if k > 0x7F}
# Characters whose lower case is longer than one character ("İ").
_LONG_LOWER_RE = re.compile(
    "[" + "".join(chr(c) for c in range(0x80, 0x250) if len(chr(c).lower()) != 1) + "]"
)


def fold(text: str) -> str:
    """Lower case without accents, keeping every character's position (Latin
    letters; other scripts are left as they are)."""
    if _LONG_LOWER_RE.search(text):
        return text.translate(_FOLD)
    # ``lower`` runs in C; only the few non-ASCII characters go through Python.
    return _NON_ASCII_RE.sub(
        lambda m: _FOLD_NON_ASCII.get(m.group(), m.group()), text.lower()
    )


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    digits: str
    words: int  # How many number words (not digits) the run holds.
    singles: int = 0  # How many lone digits ("0 6 - 2 1 …": spaced out on purpose).


def _value(tokens: list[str], i: int) -> tuple[str, int]:
    """The digits spelled by the number phrase at ``tokens[i]`` and how many
    tokens it uses; ("", 0) when it is not a number."""
    word = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word.isdigit():
        return word, 1
    if word in REPEAT and nxt:
        digits, used = _value(tokens, i + 1)
        if used == 1 and len(digits) == 1:
            return digits * REPEAT[word], 2
        return "", 0
    # French: quatre-vingt(s)[-dix-sept], soixante-dix-huit, vingt et un.
    if word == "quatre" and nxt in ("vingt", "vingts"):
        rest, used = _tens_rest(tokens, i + 2, 80)
        return rest, 2 + used
    if word in TENS:
        base = TENS[word]
        rest, used = _tens_rest(tokens, i + 1, base)
        return rest, 1 + used
    if word in TEENS:
        if word == "dix" and nxt in UNITS and nxt not in ("un", "une", "oh", "o"):
            return str(10 + UNITS[nxt]), 2
        return str(TEENS[word]), 1
    if word in UNITS:
        if nxt in HUNDRED:
            hundreds = UNITS[word] * 100
            digits, used = _below_hundred(tokens, i + 2)
            return str(hundreds + int(digits or 0)), 2 + used
        return str(UNITS[word]), 1
    if word in HUNDRED:  # "cent quinze"
        digits, used = _below_hundred(tokens, i + 1)
        return str(100 + int(digits or 0)), 1 + used
    return "", 0


def _below_hundred(tokens: list[str], i: int) -> tuple[str, int]:
    if i < len(tokens) and tokens[i] in LINKS:
        digits, used = _below_hundred(tokens, i + 1)
        return (digits, used + 1) if used else ("", 0)
    if i < len(tokens) and (tokens[i] in TENS or tokens[i] in TEENS):
        return _value(tokens, i)
    return "", 0


def _tens_rest(tokens: list[str], i: int, base: int) -> tuple[str, int]:
    """After a tens word: "-quatre", "et un", "-dix-sept", "one"."""
    j = i
    if j < len(tokens) and tokens[j] in LINKS:
        j += 1
    word = tokens[j] if j < len(tokens) else ""
    if base in (60, 80) and word in TEENS:  # soixante-dix-huit, quatre-vingt-douze
        nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
        if word == "dix" and nxt in UNITS and nxt not in ("oh", "o"):
            return str(base + 10 + UNITS[nxt]), j - i + 2
        return str(base + TEENS[word]), j - i + 1
    if word in UNITS and UNITS[word] > 0 and word not in ("oh", "o"):
        return str(base + UNITS[word]), j - i + 1
    return str(base), 0


def runs(folded: str) -> list[Run]:
    """Runs of numbers (words or digits) in ``folded`` text, with their digits."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]
    words = [t[0] for t in tokens]
    found: list[Run] = []
    i = 0
    while i < len(tokens):
        digits, used = _value(words, i)
        if not used:
            i += 1
            continue
        start = tokens[i][1]
        end = tokens[i + used - 1][2]
        parts = [digits]
        word_count = sum(1 for w in words[i : i + used] if not w.isdigit())
        singles = sum(1 for w in words[i : i + used] if len(w) == 1 and w.isdigit())
        j = i + used
        while j < len(tokens):
            gap = folded[end : tokens[j][1]]
            if not _GAP_RE.match(gap):
                break
            digits, used = _value(words, j)
            if not used:
                break
            parts.append(digits)
            word_count += sum(1 for w in words[j : j + used] if not w.isdigit())
            singles += sum(
                1 for w in words[j : j + used] if len(w) == 1 and w.isdigit()
            )
            end = tokens[j + used - 1][2]
            j += used
        found.append(Run(start, end, "".join(parts), word_count, singles))
        i = j
    return found
