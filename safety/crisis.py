"""Crisis signals: first-person phrases that suggest self-harm or suicide.

The lists are narrow on purpose. A patient forum talks about pain "killing"
people, drugs that "killed my appetite", suicide-risk warnings in leaflets and
prevention helplines; none of that should put a post at the top of the urgent
queue. What does is the author speaking about themselves: "I want to die",
"thinking about killing myself", "je veux en finir". A miss costs more than a
false alarm, which only shows the author a page of helplines and asks a
moderator to look, so borderline first-person phrases are kept.

Negated phrases ("I don't want to die", "je ne veux pas mourir") don't count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

# "don't want to die", "not suicidal", "never wanted to kill myself".
_NEGATED = r"(?<!n't )(?<!\bnot )(?<!\bnever )(?<!\bno )"
_SUBJECT = r"\b(?:i|i'm|im|i've|ive|i'd|i'll)\s+"
# Words that may sit between "I" and the state: "I've been feeling so suicidal".
_BETWEEN = (
    r"(?:(?:am|was|have|had|has|be|been|feel|feeling|felt|get|getting|got"
    r"|become|becoming|keep|kept|really|so|very|quite|pretty|a|bit|little|kind"
    r"|of|kinda|sometimes|often|always|still|now|again|constantly|increasingly"
    r"|more|and|just|also|too|having|started|starting|actively|seriously)\s+){0,4}"
)

ENGLISH = [
    rf"{_NEGATED}\b(?:kill|killing|harm|harming|hang|hanging|cutting)\s+myself\b",
    rf"{_NEGATED}\b(?:end|ending)\s+my\s+(?:own\s+)?life\b",
    # "take my life" alone is often the illness ("MS will take my life").
    rf"{_NEGATED}\b(?:take|taking)\s+my\s+own\s+life\b",
    rf"{_NEGATED}\bend\s+it\s+all\b",
    rf"{_NEGATED}\b(?:want|wanna|wanted|wanting|wish|wished|wishing)\s+(?:to\s+)?die\b",
    rf"{_NEGATED}\b(?:want|wanna|wanted|wanting)\s+to\s+be\s+dead\b",
    r"\bwish\s+i\s+(?:was|were)\s+dead\b",
    r"\b(?:be|am|i'm|im|are)\s+better\s+off\s+(?:dead|without\s+me)\b",
    r"\beveryone\s+would\s+be\s+better\s+off\s+without\s+me\b",
    r"\b(?:no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on)"
    r"|nothing\s+(?:left\s+)?to\s+live\s+for)\b",
    r"\b(?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist"
    r"|wake\s+up)\s+(?:any\s*more|any\s+longer)\b",
    r"\b(?:don't|do\s+not|dont)\s+want\s+to\s+(?:be\s+alive|exist|wake\s+up)\b",
    r"\bcan't\s+go\s+on\s+living\b",
    rf"{_SUBJECT}{_BETWEEN}suicidal\b",
    r"\bmy\s+suicidal\s+(?:thoughts|feelings|urges|ideation)\b",
    rf"{_NEGATED}\b(?:thinking|thought|think|considering|considered|contemplating"
    r"|contemplated|planning|plan)\s+(?:about\s+|of\s+)?(?:suicide|killing\s+myself"
    r"|ending\s+it|ending\s+my\s+life|taking\s+my\s+(?:own\s+)?life)\b"
    r"(?!\s+(?:prevention|helpline|hotline|line|risk|rates?|awareness|warning))",
    rf"{_NEGATED}\b(?:want|wanna|going|gonna|plan|planning|decided)\s+to\s+"
    r"(?:commit\s+suicide|overdose|take\s+an\s+overdose|od)\b",
    r"\b(?:self[- ]?harming|i\s+self[- ]?harm)\b",
    r"\bslit\s+my\s+wrists?\b",
]

FRENCH = [
    r"\bme\s+suicider\b",
    r"\b(?:je\s+suis|je\s+me\s+sens|suis|sens)\s+(?:tr[eè]s\s+|vraiment\s+)?"
    r"suicidaire\b",
    r"\b(?:j'ai|j\s+ai|mes)\s+(?:des\s+)?(?:id[ée]es|pens[ée]es)\s+suicidaires\b",
    r"\b(?:veux|voudrais|vais|envie\s+de|pense\s+[àa]|penser\s+[àa])\s+me\s+tuer\b",
    r"(?<!\bpas\s)\b(?:veux|voudrais|envie\s+de|j'ai\s+envie\s+de)\s+mourir\b",
    r"\b(?:plus|pas)\s+envie\s+de\s+vivre\b",
    r"\bmarre\s+de\s+vivre\b",
    # "en finir" alone, or "avec la vie / ma vie / tout"; not "en finir avec
    # les migraines", a common headline.
    r"\ben\s+finir\b(?!\s+avec\b(?!\s+(?:la\s+vie|ma\s+vie|tout)\b))",
    r"\bmettre\s+fin\s+[àa]\s+(?:mes\s+jours|ma\s+vie)\b",
    r"\bme\s+foutre\s+en\s+l'air\b",
    r"\b(?:envie\s+de\s+me\s+faire\s+du\s+mal|je\s+me\s+fais\s+du\s+mal"
    r"|je\s+me\s+scarifie)\b",
]

_PATTERNS = [re.compile(p, re.IGNORECASE) for p in ENGLISH + FRENCH]


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return " ".join(text.split())


def signals(text: str) -> list[str]:
    """The crisis phrases found in ``text``, as written, in order."""
    return list(_signals(text))


# A new post's text is checked twice in one request (by the service that
# flags it and by the view that shows the author help): scan it once.
@lru_cache(maxsize=16)
def _signals(text: str) -> tuple[str, ...]:
    text = _normalise(text)
    spans = sorted(
        (m.start(), -m.end(), m.group())
        for pattern in _PATTERNS
        for m in pattern.finditer(text)
    )
    found: list[str] = []
    last_end = -1
    for start, neg_end, phrase in spans:
        if start >= last_end:  # Overlapping phrases count once.
            found.append(phrase)
        last_end = max(last_end, -neg_end)
    return tuple(found)


def has_signals(text: str) -> bool:
    """Whether ``text`` suggests its author may be at risk of self-harm."""
    return bool(signals(text))


def new_signals(text: str, previous_text: str = "") -> list[str]:
    """Crisis phrases in ``text`` when ``previous_text`` (the text before an
    edit) had none; an edit of an already-flagged post raises nothing new."""
    if previous_text and has_signals(previous_text):
        return []
    return signals(text)
