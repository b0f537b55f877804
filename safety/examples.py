"""Posts turned into anonymous labelled examples for the crisis detector."""

from __future__ import annotations

from . import crisis, pii

_FRENCH_WORDS = frozenset(
    "je j' me moi mon ma mes ne pas plus et est les des une un que qui suis "
    "avec pour dans c'est".split()
)


def anonymised(text: str) -> str:
    """``text`` with each personal detail the guard finds replaced by its kind."""
    pieces = []
    position = 0
    for match in pii.find(text):
        pieces += [text[position : match.start], f"[{match.kind}]"]
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)


def language(text: str) -> str:
    """ "fr" or "en", by a count of common French words (good enough to file
    an example under a language)."""
    words = crisis.fold(text).replace("'", "' ").split()
    french = sum(1 for w in words if w in _FRENCH_WORDS)
    return "fr" if french >= 2 and french * 12 >= len(words) else "en"


def detector_summary(text: str) -> dict:
    result = crisis.assess(text)
    return {
        "tier": result.tier,
        "signals": [[s.category, s.tier] for s in result.signals],
    }
