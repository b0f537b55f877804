"""Personal-data guard: spot what looks like details that identify a member.

Detection is deliberately narrow. A health forum is full of numbers that are
not personal (doses, dates of diagnosis, ICD codes, lab values, blood
pressure), so each rule needs a shape that real personal data has and those
don't: an ``@`` and a domain, a phone layout, a checksum, an ID keyword next
to a long number, a birth keyword or a name next to a full date, a street
type after a house number.

The highlighted preview goes through ``forum.markup.highlight``: the text is
escaped there and only ``<mark>`` is added, so this module never builds HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from forum import markup


class Kind:
    EMAIL = "email"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    DATE_OF_BIRTH = "date_of_birth"
    ADDRESS = "address"


KIND_LABELS = {
    Kind.EMAIL: _("an email address"),
    Kind.PHONE: _("a phone number"),
    Kind.ID_NUMBER: _("an ID, insurance or health-service number"),
    Kind.DATE_OF_BIRTH: _("a date of birth"),
    Kind.ADDRESS: _("a street address or postcode"),
}
# When two rules match overlapping text, the span is labelled by the first.
_PRIORITY = [Kind.ID_NUMBER, Kind.DATE_OF_BIRTH, Kind.EMAIL, Kind.ADDRESS, Kind.PHONE]

# Control characters never survive ``markup.normalise``, so they cannot clash
# with anything a member wrote.
MARK_START = "\x02"
MARK_STOP = "\x03"


@dataclass(frozen=True)
class Match:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Preview:
    """One field's text, escaped, with the matches in ``<mark>``."""

    label: str
    html: str


@dataclass
class Guard:
    """What the guard found in a form's text fields."""

    matches: dict[str, list[Match]] = field(default_factory=dict)
    previews: list[Preview] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(self.matches.values())

    @property
    def kinds(self) -> list[str]:
        found = {m.kind for ms in self.matches.values() for m in ms}
        return [str(KIND_LABELS[k]) for k in _PRIORITY if k in found]

    @property
    def fingerprint(self) -> str:
        """Identifies exactly what was shown, so "publish anyway" covers only
        these matches: new or changed personal details are checked again."""
        payload = "\n".join(
            sorted(f"{m.kind}:{m.text}" for ms in self.matches.values() for m in ms)
        )
        return salted_hmac(
            "safety.pii.confirm", payload, algorithm="sha256"
        ).hexdigest()[:32]


# Shapes ----------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b"
)

_PHONE_RES = [
    # International: +44 20 7946 0958, +33 6 12 34 56 78, +1 (555) 123-4567,
    # 0044 20 7946 0958, +44 (0)20 7946 0958.
    re.compile(
        r"(?<![\w+])(?:\+|\b00)[1-9]\d{0,2}[ .-]?(?:\(0\)[ .-]?)?\(?\d{1,4}\)?"
        r"(?:[ .-]?\d{1,4}){1,5}(?![\w/])"
    ),
    # French national: 06 12 34 56 78, 06.12.34.56.78, 0612345678.
    # 08 numbers are shared-cost or free service lines, not a person's.
    re.compile(r"(?<![\w.,/+-])0[1-79](?:[ .-]?\d{2}){4}(?![\w/]|[.,]\d)"),
    # UK national: 020 7946 0958, 07700 900123, (01632) 960001. 03 and 08
    # numbers belong to services (NHS 111 lines, charities), so they pass.
    re.compile(
        r"(?<![\w.,/+-])(?:\(0(?![38])\d{2,4}\)|0(?![38])\d{2,4})"
        r"[ -]?\d{3,4}[ -]?\d{3,4}(?![\w/]|[.,]\d)"
    ),
    # North American: (555) 123-4567, 555-123-4567, 555.123.4567.
    re.compile(
        r"(?<![\w.,/+-])(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w/]|[.,]\d)"
    ),
]
_PHONE_DIGITS = range(9, 16)

# UK NHS number: ten digits (often 3-3-4) whose mod-11 check digit is right.
_NHS_RE = re.compile(r"(?<![\w.,/-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/]|[.,]\d)")
# US Social Security number, with separators (nine bare digits are too common).
_SSN_RE = re.compile(
    r"(?<![\w.,/-])(?!000|666|9\d\d)\d{3}([ -])(?!00)\d{2}\1(?!0000)\d{4}(?![\w/])"
)
# French NIR (numéro de sécurité sociale): 13 characters and a mod-97 key.
_NIR_RE = re.compile(
    r"(?<![\w.,/-])([12378])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AB])[ .]?"
    r"(\d{3})[ .]?(\d{3})[ .]?(\d{2})(?![\w/])",
    re.IGNORECASE,
)
# UK National Insurance number: AB 12 34 56 C.
_NINO_RE = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
# Any long number shortly after a word that says it is an identifier.
_ID_KEYWORD_RE = re.compile(
    r"\b(?:nhs|chi|nino|ni|ssn|nir|mrn|id|ident(?:ifier|ifiant)?|insurance|insurer"
    r"|policy|member(?:ship)?|patient|hospital|medical\s+record|record|passport"
    r"|passeport|licen[cs]e|account|social\s+security|s[ée]curit[ée]\s+sociale"
    r"|s[ée]cu|carte\s+vitale|mutuelle|assurance|dossier|num[ée]ro\s+(?:de\s+)?"
    r"(?:patient|s[ée]cu|assur[ée]))\b"
    r"[^\d\n]{0,30}?"
    r"(?P<id>(?<![\w.,])(?-i:[A-Z]{0,3})[ -]?\d(?:[ -]?\d){5,19}(?![\w/]|[.,]\d))",
    re.IGNORECASE,
)

_MONTHS = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?"
    r"|avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t"
    r"|sep(?:t(?:ember)?)?|sept(?:embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?"
    r"|dec(?:ember)?|d[ée]c(?:embre)?"
)
_YEAR = r"(?:19|20)\d{2}"
_FULL_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_YEAR}"
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:{_MONTHS})\.?,?\s+{_YEAR}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR})"
)
# A birth keyword, then a date: a full date, a day and month, or a month and year.
_DOB_RE = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday"
    r"|n[ée]e?|n[ée]\(e\)|date\s+de\s+naissance)"
    r"(?:\s*[:,-]\s*|\s+)(?:(?:on|in|le|en|the)\s+){0,2}"
    rf"(?:{_FULL_DATE}"
    r"|\d{1,2}[/.-]\d{1,2}\b(?![/.-]\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?:{_MONTHS})\b"
    rf"|(?:{_MONTHS})\s+{_YEAR})",
    re.IGNORECASE,
)
# Two or three capitalised words (a name) right before a full date.
_NAME_DATE_RE = re.compile(
    rf"(?P<name>\b[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){{1,2}}),?\s*\(?\s*"
    rf"(?P<date>(?i:{_FULL_DATE}))"
)
# Capitalised words that start such a pair without being a name.
_NOT_NAMES = frozenset(
    """
    dr doctor mr mrs ms miss prof professor nurse hospital clinic centre center
    appointment diagnosed diagnosis since from until on at in started stopped
    scan mri ct test tests result results surgery operation relapse flare
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october
    november december
    """.split()
)
_CONDITION_WORDS = frozenset(
    """
    disease syndrome sclerosis diabetes arthritis cancer disorder type
    """.split()
)

_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Way|Court|Ct|Place"
    r"|Boulevard|Blvd|Crescent|Cres|Terrace|Gardens|Square|Sq|Grove|Mews|Parkway"
    r"|Highway|Hwy"
)
_ADDRESS_RES = [
    # 10 Downing Street, 221B Baker Street, 42 Elm St.
    re.compile(
        r"(?<![\w.,/-])(?!(?:19|20)\d\d\b)\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,4}"
        rf"(?:{_STREET_TYPES}|{_STREET_TYPES.lower()})\b\.?"
    ),
    # 12 rue de la Paix, 3 bis avenue Jean Jaurès, 8 allée des Tilleuls.
    re.compile(
        r"(?<![\w.,/-])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard"
        r"|bd|place|chemin|impasse|all[ée]e|quai|route|cours|square|r[ée]sidence)"
        r"\s+(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)*[\w'’-]+",
        re.IGNORECASE,
    ),
    # UK postcode: SW1A 2AA, M1 1AE (capitals and the space are required).
    re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b"),
]


# Checks ------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def nhs_number_is_valid(number: str) -> bool:
    """Whether ten digits carry a correct NHS mod-11 check digit."""
    digits = _digits(number)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def nir_is_valid(match: re.Match[str]) -> bool:
    """Whether a French NIR's two-digit key matches its first 13 characters."""
    sex, year, month, dept, commune, order, key = match.groups()
    month_n = int(month)
    if not (1 <= month_n <= 12 or 20 <= month_n <= 42 or 50 <= month_n <= 99):
        return False
    dept = dept.upper()
    # Corsica's 2A and 2B are read as 19 and 18 for the key.
    number = int(sex + year + month + dept.replace("2A", "19").replace("2B", "18"))
    number = number * 1_000_000 + int(commune + order)
    return 97 - number % 97 == int(key)


def _phone_is_plausible(text: str) -> bool:
    return len(_digits(text)) in _PHONE_DIGITS


def _name_is_plausible(name: str) -> bool:
    words = [w.lower().strip("'’-") for w in name.split()]
    return not (set(words) & (_NOT_NAMES | _CONDITION_WORDS))


# Finding -----------------------------------------------------------------------


def _raw_matches(text: str) -> list[Match]:
    found: list[Match] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Match(kind, start, end, text[start:end]))

    for m in _EMAIL_RE.finditer(text):
        add(Kind.EMAIL, m.start(), m.end())
    for regex in _PHONE_RES:
        for m in regex.finditer(text):
            if _phone_is_plausible(m.group()):
                add(Kind.PHONE, m.start(), m.end())
    for m in _NHS_RE.finditer(text):
        if nhs_number_is_valid(m.group()):
            add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _SSN_RE.finditer(text):
        add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _NIR_RE.finditer(text):
        if nir_is_valid(m):
            add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _NINO_RE.finditer(text):
        add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _ID_KEYWORD_RE.finditer(text):
        add(Kind.ID_NUMBER, m.start("id"), m.end("id"))
    for m in _DOB_RE.finditer(text):
        add(Kind.DATE_OF_BIRTH, m.start(), m.end())
    position = 0
    while (m := _NAME_DATE_RE.search(text, position)) is not None:
        if _name_is_plausible(m.group("name")):
            add(Kind.DATE_OF_BIRTH, m.start(), m.end())
            position = m.end()
        else:
            # "Diagnosed John Smith 1/2/1980": try again from the next word.
            position = m.start() + len(m.group("name").split()[0])
    for regex in _ADDRESS_RES:
        for m in regex.finditer(text):
            add(Kind.ADDRESS, m.start(), m.end())
    return found


def find(text: str) -> list[Match]:
    """Personal details in ``text``, in order, overlapping matches merged."""
    text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    raw = sorted(
        _raw_matches(text), key=lambda m: (m.start, _PRIORITY.index(m.kind), -m.end)
    )
    merged: list[Match] = []
    for match in raw:
        last = merged[-1] if merged else None
        if last is not None and match.start < last.end:
            if match.end > last.end:
                kind = min(last.kind, match.kind, key=_PRIORITY.index)
                merged[-1] = Match(
                    kind, last.start, match.end, text[last.start : match.end]
                )
            continue
        merged.append(match)
    return merged


def highlight(text: str, matches: list[Match]) -> str:
    """``text`` as safe HTML with each match wrapped in ``<mark>``."""
    text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    pieces: list[str] = []
    position = 0
    for match in matches:
        pieces += [text[position : match.start], MARK_START, match.text, MARK_STOP]
        position = match.end
    pieces.append(text[position:])
    return markup.highlight("".join(pieces), MARK_START, MARK_STOP)


def guard(fields: dict[str, tuple[str, str]]) -> Guard:
    """Scan named text fields ({name: (label, text)}) and build the previews."""
    result = Guard()
    for name, (label, text) in fields.items():
        matches = find(text or "")
        if matches:
            result.matches[name] = matches
            result.previews.append(Preview(label=label, html=highlight(text, matches)))
    return result
