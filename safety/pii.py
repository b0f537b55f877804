"""Personal-data guard: spot what looks like details that identify a member.

Detection is deliberately narrow. A health forum is full of numbers that are
not personal (doses, dates of diagnosis, ICD codes, lab values, blood
pressure), so each rule needs a shape that real personal data has and those
don't: an ``@`` and a domain, a phone layout, a checksum, an ID keyword next
to a long number, a birth keyword or a name next to a full date, a street
type after a house number.

The highlighted preview goes through ``core.markup.highlight``: the text is
escaped there and only ``<mark>`` is added, so this module never builds HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core import markup

from . import numbers


class Kind:
    EMAIL = "email"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    DATE_OF_BIRTH = "date_of_birth"
    ADDRESS = "address"
    NAME = "name"


KIND_LABELS = {
    Kind.EMAIL: _("an email address"),
    Kind.PHONE: _("a phone number"),
    Kind.ID_NUMBER: _("an ID, insurance or health-service number"),
    Kind.DATE_OF_BIRTH: _("a date of birth"),
    Kind.ADDRESS: _("a street address or postcode"),
    Kind.NAME: _("a person's full name with a date or a place"),
}
# When two rules match overlapping text, the span is labelled by the first.
_PRIORITY = [
    Kind.ID_NUMBER,
    Kind.DATE_OF_BIRTH,
    Kind.EMAIL,
    Kind.ADDRESS,
    Kind.PHONE,
    Kind.NAME,
]

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
# North American with spaces: 312 555 0147, 416 555 0123.
_PHONE_RES.append(
    re.compile(r"(?<![\w.,/+-])\(?[2-9]\d{2}\)? [2-9]\d{2}[ -]\d{4}(?![\w/]|[.,]\d)")
)
# Belgian, Swiss and other national numbers grouped by spaces: 0475 12 34 56,
# 079 123 45 67 (08 and 09 lines are services).
_PHONE_RES.append(
    re.compile(r"(?<![\w.,/+-])0[1-7]\d{1,2}(?: \d{2,3}){3}(?![\w/]|[.,]\d)")
)
# Irish mobiles (083–089) and numbers with the country code but no plus.
_PHONE_RES.append(
    re.compile(r"(?<![\w.,/+-])08[35-9][ -]?\d{3}[ -]?\d{4}(?![\w/]|[.,]\d)")
)
_PHONE_RES.append(
    re.compile(
        r"(?<![\w.,/+-])(?:353|44|33|61|64)[ -]\d{1,3}[ -]\d{3}[ -]\d{3,4}(?![\w/]|[.,]\d)"
    )
)
# Senegal and Côte d'Ivoire mobiles: 77 548 21 09.
_PHONE_RES.append(
    re.compile(r"(?<![\w.,/+-])7[05678] \d{3} \d{2} \d{2}(?![\w/]|[.,]\d)")
)
# Sydney, Brussels: (02) 9876 5432, 02 9876 5432, 02 512 47 83.
_PHONE_RES.append(re.compile(r"(?<![\w.,/+-])\(?0\d\)? \d{4} \d{4}(?![\w/]|[.,]\d)"))
_PHONE_RES.append(re.compile(r"(?<![\w.,/+-])0\d \d{3} \d{2} \d{2}(?![\w/]|[.,]\d)"))
# Dublin, Auckland: 01 555 2287, 09 555 0198.
_PHONE_RES.append(re.compile(r"(?<![\w.,/+-])0\d[ -]\d{3}[ -]\d{4}(?![\w/]|[.,]\d)"))
# A number typed loosely (dots, odd groups, a colon, "o" for zero) right
# after the words that offer one: "Text me: 07700.900.166", "mon 06 : 39 98 26
# 45", "Merci d'appeler, 06 39 9 8 33 80", "07700 9oo 338".
_LOOSE_PHONE_RE = re.compile(
    r"(?<![\w.,/+-])(?:\+\d{1,3}|0)[\doO]?(?:[ .:\-]{0,3}[\doO]){7,12}(?![\w/])"
)
_PHONE_OFFER_RE = re.compile(
    r"(?i)\b(?:call|text|ring|phone|number|no\.|cell|mobile|whatsapp|tel|t[ée]l"
    r"|num[ée]ro|appel(?:er|ez|le)|portable|joignable)\b[^\n\d]{0,25}$"
)
# "mon 06 …", "my 07…": a mobile number offered without "number" or "call".
_MY_NUMBER_RE = re.compile(r"(?i)\b(?:mon|my)\s*$")
_NOT_A_PHONE_BEFORE_RE = re.compile(
    r"(?i)\b(?:lot|batch|ndc|code|ref|r[ée]f[ée]rence|order|commande|case|dossier"
    r"|policy|claim|account|compte|serial|s[ée]rie|tracking|suivi|invoice|facture)\b"
)
# A local number with its area code said in words nearby.
_AREA_CODE_RE = re.compile(r"(?i)\barea code\b")
_LOCAL_NUMBER_RE = re.compile(r"(?<![\w.,/+-])\d{3}[ -]\d{4}(?![\w/]|[.,]\d)")
_PHONE_DIGITS = range(9, 16)
# Words before a number that say it belongs to a service, not a person.
_SERVICE_RE = re.compile(
    r"(?i)\b(?:sos|centre|center|helpline|hotline|ligne|service|urgences?|antipoison"
    r"|surgery|practice|office|ward|advice line|nurse line|faxed|fax|reception|boots"
    r"|lloyds|superdrug|walgreens|cvs|high street|walk-in"
    r"|samu|accueil|standard|secr[ée]tariat|switchboard|pr[ée]vention|[ée]coute"
    r"|samaritans|nhs|amiti[ée]|pharmacy|pharmacie|h[oô]pital|hospital|clinic"
    r"|clinique|cabinet|mairie|caf|cpam|ameli|association|fondation|foundation"
    r"|charity|support line|crisis line|poison)\b[^\n]{0,30}$"
)
_OWN_NUMBER_RE = re.compile(
    r"(?i)\b(?:my|mine|me|mon|ma|moi|m'|perso|personal|home|cell|mobile|portable)\b"
)

# UK NHS number: ten digits (often 3-3-4) whose mod-11 check digit is right.
_NHS_RE = re.compile(r"(?<![\w.,/-])(?!8)\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/]|[.,]\d)")
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
_NIR_KEYWORD_RE = re.compile(
    r"(?i)\b(?:s[ée]cu(?:rit[ée] sociale)?|nir|carte vitale|insee|num[ée]ro de s[ée]cu)\b"
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
    r"|s[ée]cu|carte\s+vitale|mutuelle|assurance|dossier|medicare|medicaid|allocataire"
    r"|adh[ée]rent|caf|ohip|health\s+card|chi|ihi|ins|driving\s+licen[cs]e|permis"
    r"|sin|ipp|avs|ahv|num[ée]ro\s+national|national\s+number|contrat|ramq|niss|ppsn"
    r"|cni|cin|cnss|immatriculation|tfn|tax\s+file\s+number|claim|case\s+number|matricule"
    r"|affiliation|health\s+care\s+number|health\s+number|ref(?:erence)?\s+(?:number|no)"
    r"|carte\s+d'identit[ée]|identity\s+card|id\s+card|carte\s+soleil|n°|pps|nhi"
    r"|mbi|dl|driver'?s\s+licen[cs]e|medical\s+card|gp\s+visit\s+card|dva|file\s+number"
    r"|gold\s+card|member\s+id|subscriber\s+id|group\s+number|ihi|chi\s+number|phn"
    r"|nas|registre\s+national|carte\s+d'assur[ée]|num[ée]ro\s+fiscal|avs"
    r"|num[ée]ro\s+(?:de\s+)?"
    r"(?:patient|s[ée]cu|assur[ée]))\b"
    r"[^\d\n]{0,50}?"
    r"(?P<id>(?<![\w.,])(?:(?-i:[A-Z]{0,4})[ -]?\d(?:[ .-]?\d){5,19}(?![\w/]|[.,]\d)"
    r"|(?=[A-Z0-9-]{6,24}\b)(?=(?:[A-Z-]*\d){2})(?=[0-9-]*[A-Z])(?-i:[A-Z0-9]{2,}(?:-[A-Z0-9]{2,}){0,4})\b))",
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
    r"|Highway|Hwy|Parade|Esplanade|Row|Walk|Rise|Vale|Circuit|Quay"
)
_ADDRESS_RES = [
    # 10 Downing Street, 221B Baker Street, 42 Elm St.
    re.compile(
        r"(?<![\w.,/-])(?!(?:19|20)\d\d\b)(?:\d{1,5}-)?\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,4}"
        rf"(?:{_STREET_TYPES}|{_STREET_TYPES.lower()})\b\.?"
    ),
    # 12 rue de la Paix, 3 bis avenue Jean Jaurès, 8 allée des Tilleuls.
    re.compile(
        r"(?<![\w.,/-])(?:\d{1,4}|(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
        r"|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante"
        r"|soixante)(?:-[a-z]+){0,3})(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard"
        r"|bd|place|chemin|impasse|all[ée]e|quai|route|cours|square|r[ée]sidence)"
        r"\s+(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)*[\w'’-]+",
        re.IGNORECASE,
    ),
    # 218 W 93rd St, 1600 Oak Avenue.
    re.compile(
        r"(?<![\w.,/-])\d{1,5}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:\d{1,3}(?:st|nd|rd|th)\s+)"
        rf"(?:{_STREET_TYPES}|{_STREET_TYPES.lower()})\b\.?"
    ),
    # US state and ZIP: TX 78704, NY 10025-1234.
    re.compile(
        r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]"
        r"|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]) \d{5}(?:-\d{4})?\b"
    ),
    # French postcode and town: 69003 Lyon, 35000 Rennes, 29200 Brest.
    re.compile(
        r"(?<![\w.,/-])(?:0[1-9]|[1-8]\d|9[0-5]|97)\d{3} (?:[A-ZÉÈ][a-zéèêàç'’-]+)(?:[ -][A-ZÉÈ][a-zéèêàç'’-]+)?"
    ),
    # lieu-dit Kerlann, résidence les Acacias bât B, PO Box 123, BP 45.
    re.compile(
        r"(?i:\b(?:b[aâ]timent|b[aâ]t\.?|escalier|appartement|appt|apt\.?|flat|unit|suite"
        r"|po box|p\.o\. box|bp))\s+(?:[\w-]*\d[\w-]*|[A-Z])\b"
        r"(?=[^.\n]{0,40}?(?:\b\d{1,4},? (?:rue|road|street|avenue|all[ée]e|boulevard|chemin|[A-Z])|\b\d{4,5} [A-Z]))"
    ),
    re.compile(
        r"(?i:\b(?:lieu-dit|r[ée]sidence))\s+(?:(?:les|le|la|du|des)\s+)?[A-ZÉ][\w'’-]+"
    ),
    # Street first, number after: Kerkstraat 19, chemin des Vignes 4.
    re.compile(
        r"\b(?:[A-Z][a-z]+(?:straat|laan|weg|plein|gasse|strasse|straße|steeg|dreef)"
        r"|(?:chemin|rue|avenue|route|place|all[ée]e) (?:de |du |des |de la |d')?[A-Z][\w'’-]+)"
        r" \d{1,4}[a-z]?,"
    ),
    # Four-digit postcode and town after a comma (Belgium, Switzerland):
    # ", 9000 Gent", ", 1211 Genève".
    re.compile(r"(?<=, )[1-9]\d{3} [A-ZÉ][a-zéèêàç'’-]+"),
    re.compile(r"(?i:\b(?:case|bo[iî]te) postale\s+\d{1,6})"),
    re.compile(r"\bBP\s?\d{1,5}\s+[A-Z][a-z]+"),
    re.compile(r"(?i:\b[iî]lot\s+\d{1,4}\b)"),
    # "I live on Maple Drive, number 12", "Number fourteen, Rathgar Avenue".
    re.compile(
        r"(?i:\b(?:live|living|lives|moved|home is|address is|house is|number)\b)[^.\n\d]{0,15}?"
        rf"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:{_STREET_TYPES})\b"
    ),
    # 4/12 Ocean Parade.
    re.compile(
        rf"(?<![\w./-])\d{{1,4}}/\d{{1,5}} [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:{_STREET_TYPES})\b"
    ),
    # "number seventeen larkspur close", "on sixty-two gregory terrace".
    re.compile(
        r"(?i:\b(?:number|no\.?|at|on))\s+(?:\d{1,4}[a-z]?|(?:one|two|three|four|five"
        r"|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
        r"|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?)"
        r",?\s+[a-z]+(?:\s+[a-z]+)?\s+(?:close|road|street|terrace|avenue|lane|drive|crescent"
        r"|grove|way|court|gardens|place|view|parade|mews|row)\b"
    ),
    # 6 Harbour View, 12 Ocean Heights (with a house number).
    re.compile(
        r"(?<![\w./-])\d{1,4}[A-Za-z]?\s+[A-Z][a-z]+\s+(?:View|Heights|Green|Hill|Meadows|Rise)\b"
    ),
    # West African and Maghreb shapes: villa 112 cité Keur Gorgui, Sicap
    # Liberté 6, lotissement Al Wifaq.
    re.compile(
        r"(?i:\bvilla\s+(?:n°\s*)?\d{1,5}\b|\b(?:cit[ée]|lotissement|sicap|quartier|hay)\s+)"
        r"(?:[A-Z][\w'’-]+)"
    ),
    re.compile(r"(?i:\bvilla\s+n°\s*\d{1,5}\b)"),
    # Irish Eircode, Canadian postal code, Australian state and postcode.
    re.compile(r"\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}\b"),
    re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d\b"),
    re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT) \d{4}\b"),
    # Rural routes and general delivery.
    re.compile(r"\b(?:RR|R\.R\.) ?\d{1,3}\b|\bGeneral Delivery\b|\bBox \d{1,5}\b"),
    # UK postcode: SW1A 2AA, M1 1AE (capitals and the space are required).
    re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b"),
]


# Written in words ------------------------------------------------------------
# These run on folded text (lower case, no accents, same positions).

# Spaces and tabs only, never a line break: "…goes down\n\nAt what point do"
# is two sentences, not down@what.do.
_SP = r"[ \t]"
_AT = (
    rf"{_SP}*,?{_SP}*(?:@|＠|\({_SP}*at{_SP}*\)|\[{_SP}*at{_SP}*\]|\{{{_SP}*at{_SP}*\}}"
    rf"|<{_SP}*at{_SP}*>|\[{_SP}*@{_SP}*\]"
    rf"|\({_SP}*@{_SP}*\)|\(at symbol\)|\bat symbol\b|\bat sign\b|\bat\b"
    rf"|\(?arobase\)?|\[arobase\]|\barrobas\b|\bchez\b|\ba commercial\b){_SP}*"
)
_DOT = (
    rf"{_SP}*(?:\.|\({_SP}*(?:dot|point|\.){_SP}*\)|\[{_SP}*(?:dot|point|\.){_SP}*\]"
    rf"|\{{{_SP}*(?:dot|point){_SP}*\}}"
    rf"|\bdot\b|\bpoint\b|\bpt\b){_SP}*"
)
_JOIN = (
    rf"(?:{_DOT}|{_SP}*(?:_|\bunderscore\b|\btiret bas\b|\btiret\b|\bdash\b"
    rf"|\bhyphen\b|-){_SP}*)"
)
# Separators are read by _JOIN and _DOT only, so a run of "1-1-1-…" can be
# split in one way only (no backtracking blow-up).
_PART = r"[a-z0-9+]{1,40}+"
_DPART = r"[a-z0-9]{1,40}+(?:-[a-z0-9]{1,40}+){0,3}"
# A domain names something: "diagnosed at 34. Is it…" has no domain.
_DOMAIN_START = r"(?=[a-z0-9-]*[a-z])"
# Mail providers people name without the ".com": "megan dot price at gmail".
_PROVIDERS = (
    r"g ?mail|googlemail|hot ?mail|yahoo|outlook|icloud|aol|protonmail|proton|live|msn"
    r"|orange|free|laposte|sfr|wanadoo|btinternet|sky|comcast|gmx|yandex|mail"
)
_TLDS = (
    r"com|net|org|fr|uk|co|io|de|be|ch|ca|us|info|eu|me|ie|es|it|nl|au|nz|edu|gov"
    r"|biz|lu|pt|pl|se|dk|no|fi|at|mc|re|tel"
)
# jane dot doe at gmail dot com, nadia(dot)faris(at)gmail(dot)com,
# marie point dupont arobase orange point fr, h.mercier [at] gmail [point] com.
_WORD_EMAIL_RE = re.compile(
    rf"(?<![a-z0-9])(?P<local>{_PART}(?:{_JOIN}{_PART}){{0,4}}){_AT}"
    rf"(?P<domain>{_DOMAIN_START}{_DPART}(?:{_DOT}{_DPART}){{0,3}}{_DOT}(?:{_TLDS}|[a-z]{{2}})"
    rf"|(?:{_PROVIDERS}))(?![a-z0-9])"
)
_LOCAL_STOPWORDS = frozenset(
    "me us him her them it this that you mail email e-mail address adresse moi"
    " nous lui is am are be contact write reach on here there ici".split()
)

_NUM_ID_CONTEXT_RE = re.compile(
    r"\b(?:social|ssn|nhs|nir|secu|securite sociale|insurance|medicare|passport"
    r"|passeport|id|numero de secu|carte vitale|patient)\b[^.\n]{0,30}$"
)

_DAY_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|twenty[- ]?(?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth)|thirtieth|thirty[- ]?first|premier|1er"
)
_NUMBER_WORDS = "|".join(
    sorted(numbers.WORDS | numbers.LINKS | {"mille", "thousand"}, key=len, reverse=True)
)
_NUMBER_PHRASE = rf"(?:(?:{_NUMBER_WORDS})(?:[- ,]+(?:{_NUMBER_WORDS})){{0,6}})"
_MONTH_FOLDED = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|fev(?:rier)?|mar(?:ch|s)?|apr(?:il)?"
    r"|avr(?:il)?|may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|aout"
    r"|sept?(?:ember|embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?|dec(?:ember|embre)?"
)
_YEAR_ANY = rf"(?:(?:19|20)\d{{2}}|'?\d{{2}}\b|{_NUMBER_PHRASE})"
_DAY_ANY = rf"(?:\d{{1,2}}(?:st|nd|rd|th|er|e)?|{_DAY_WORDS}|{_NUMBER_PHRASE})"
_DATE_WORDY = (
    rf"(?:(?:the |le )?{_DAY_ANY}\.?(?: of| du)? (?:{_MONTH_FOLDED})\.?(?:,? {_YEAR_ANY})?"
    rf"|(?:{_MONTH_FOLDED})\.? (?:the )?{_DAY_ANY}(?:,? {_YEAR_ANY})?"
    rf"|\d{{1,2}} du \d{{1,2}} (?:19|20)\d{{2}}"
    rf"|\d{{1,2}}[-/.](?:{_MONTH_FOLDED})[-/.](?:(?:19|20)\d{{2}}|\d{{2}})\b"
    rf"|(?:christmas (?:eve|day)|new year'?s (?:eve|day)|boxing day|la veille de noel"
    rf"|(?:le )?jour de (?:noel|l'an)|(?:le )?(?:14|quatorze) juillet) (?:19|20)\d{{2}}"
    rf"|(?:en )?(?:19|20)\d{{2}},? le {_DAY_ANY} (?:{_MONTH_FOLDED})"
    rf"|(?:{_MONTH_FOLDED}) (?:19|20)\d{{2}})"
)
_DATE_NUMERIC = r"(?:\d{1,2} ?[/.-] ?\d{1,2} ?[/.-] ?(?:(?:19|20)\d{2}|\d{2})(?![\d/.-]\d)|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2})"
# A birth keyword, a few words, then a date: "my date of birth, which the
# receptionist asked for three times, is 5 Nov 1959", "DOB for the repeat -
# its 17.10.88", "née le vingt-trois décembre mille neuf cent soixante-six".
_BABY_RE = re.compile(
    rf"\b(?:a|an) (?:{_DAY_ANY}(?: of)? (?:{_MONTH_FOLDED}),? (?:19|20)\d{{2}}|{_DATE_NUMERIC})"
    rf" baby\b"
    # "a 1970 baby, May the 9th to be exact"
    rf"|\b(?:a|an) (?:19|20)\d{{2}} baby\b[^.\n]{{0,20}}?{_DATE_WORDY}"
)
_DOB_WORDS_RE = re.compile(
    r"\b(?:born|dob|d\.\s?o\.\s?b\.?|date of birth|birth ?date|birthdays?|b-?day"
    r"|nee?s?|ne\(e\)|nee?\(e\)|ddn|d\.d\.n\.?|date de naissance|date de naiss\.?"
    r"|naissance|b\.|je suis (?:du|de)|turning \d+ on|turned \d+ on|came into the world"
    r"|arrived on|(?:je suis|qui est|il est|elle est) de (?:19|20)\d\d|j'ai eu \d+ ans|je fete mes \d+ ans)(?!\w)"
    # A year may come first: "born in 1975, on the 2nd of july".
    r"(?P<gap>(?:[^\d\n.!?]|(?<!\d)(?:19|20)\d\d(?!\d)){0,60}?"
    r"(?:[.!?](?= )[^\d\n.!?]{0,20}?)?)"
    rf"(?P<date>{_DATE_NUMERIC}|{_DATE_WORDY})"
)

# "m i c k dot d u f f y": letters one by one, joined (same length, the
# spaces moved to the end) so the email rules can read them.
_SPELLED_RE = re.compile(r"\b(?:[a-z0-9] ){2,}[a-z0-9]\b")


def _despace(m: re.Match[str]) -> str:
    letters = m.group().replace(" ", "")
    return letters + " " * (len(m.group()) - len(letters))


# Names -------------------------------------------------------------------------

_NAME_TOKEN_RE = re.compile(
    r"(?<![\w-])(?:(?:[OoDdNnLl]|Mc|Mac|Fitz)['’])?[^\W\d_][^\W\d_]*(?:['’-][^\W\d_]+)*"
)
_PARTICLES = frozenset(
    "de du des van der den von le la ben bin bint al el da di dos das del y d' d’"
    " ní ni ó o mac nic ap".split()
)
_TITLES = frozenset(
    "mr mrs ms miss mx m mme mlle madame monsieur sir dame lady master sgt cpl lt"
    " col capt rev fr".split()
)
_NOT_NAME_WORDS = frozenset(
    """
    hospital infirmary clinic clinique hopital hôpital centre center institute
    institut university universitaire royal general memorial medical health
    trust foundation nhs national street road avenue lane rue boulevard place
    saint st ste sainte queen king prince princess children's maternity ward
    unit department service urgences emergency a&e icu itu chu ch ehpad
    county district city council group society association charity forum
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi
    jeudi vendredi samedi dimanche january february march april may june july
    august september october november december janvier fevrier février mars
    avril mai juin juillet aout août septembre octobre novembre decembre
    décembre hi hello dear thanks thank merci bonjour bonsoir salut happy good
    the my our your his her their this that these those when after before since
    from until on at in and or but if so then also just still yes no ok okay
    disease syndrome sclerosis diabetes arthritis cancer disorder type
    thyroiditis anaemia anemia lupus crohn colitis fibromyalgia palsy
    dr doctor docteur prof professor nurse infirmière infirmiere sister
    mum mom dad mother father husband wife son daughter brother sister
    je j'ai i i'm il elle on nous vous ma mon mes le la les un une des
    christmas easter noël noel new year nouvel an boxing day eve canada
    mount johns started stopped took had got went saw finally anyway today yesterday
    tonight sous depuis avec apres après avant pendant en au aux dans pour sur chez par a an to for with by as we they he she
    it there here what who how why anyone anybody does did do is are was has
    have had can could would will should any some all every each not hey oui
    non quand depuis apres après avant mais et ou donc car ce cette ces qui que
    quoi comment pourquoi est sont ai mine moi toi voici voila voilà looking
    congrats congratulations shout welcome bienvenue coucou re update edit ps
    english french british american anglais français
    """.split()
)
# Words before a capitalised pair that make it a place or a clinician's name.
_BEFORE_NOT_PRIVATE = frozenset(
    """
    dr doctor docteur prof professor professeur pr institut institute hopital
    hôpital hospital centre center clinique clinic fondation foundation
    universite université university rue avenue boulevard saint st ste mount
    """.split()
)
# A capitalised pair followed by one of these is a place: "Great Ormond Street".
_PLACE_WORDS = frozenset(
    """
    hospital infirmary clinic clinique centre center institute institut general
    royal university memorial street road avenue lane rue boulevard ward unit
    department trust square park hall house college school surgery practice service
    info
    cancer heart children's hospice
    """.split()
)
_MEDICAL_SUFFIX_RE = re.compile(
    r"(?:itis|osis|oma|emia|aemia|pathy|plasia|algia|ectomy|otomy|iasis|ism|ite|ose)$",
    re.IGNORECASE,
)
# A relative, a title or "I'm" before a name: then "in Cork" or "of Portree"
# is where that private person is.
# A clinician's name: "Jen Alvarez, NP, at our clinic".
_CLINICIAN_AFTER_RE = re.compile(
    r"^,?\s*\(?(?:NP|RN|MD|GP|DO|PA|RPh|PharmD|DNP|Dr|MBBS)\b"
)
_KIN_BEFORE_RE = re.compile(
    r"(?i)\b(?:my|our|mon|ma|mes|notre) (?:mum|mom|mother|dad|father|son|daughter|husband"
    r"|wife|partner|brother|sister|uncle|aunt|grandad|granddad|grandpa|grandma|grandmother"
    r"|grandfather|nan|nana|cousin|ex|friend|neighbour|neighbor|mere|pere|fils|fille|mari"
    r"|femme|frere|soeur|sœur|oncle|tante|grand-mere|grand-pere|voisine?|amie?|ex)\b[\s,]*$"
    r"|\b(?:mr|mrs|ms|miss|mme|mlle|m)\.?\s*$|\b(?:grandad|granddad|grandma|nan|mamie|papi)\b[\s,]*$"
    r"|(?i:\b(?:called|named|next to|beside|a cote de|nommee?|appelee?))\s*$"
    r"|(?i:\b(?:i'm|i am|it's|c'est|je suis|moi c'est)\s*)$"
)
# What follows a public or historical figure's name, not a private person's:
# a biography ("était un neurologue", "a décrit", "was a", "discovered") or
# a year long past.
_HISTORIC_AFTER_RE = re.compile(
    r"^[^.\n]{0,40}?(?:\b(?:[ée]tait (?:un|une|le|la)|a (?:d[ée]crit|d[ée]couvert|invent[ée]"
    r"|fond[ée]|[ée]crit|compos[ée]|chant[ée]|gagn[ée]|donn[ée] son nom)|est devenue? "
    r"|was (?:a|an|the) (?:\w+ )?(?:neurologist|physician|doctor|scientist|writer|singer"
    r"|actor|actress|president|king|queen|nurse|surgeon|painter|poet|composer)"
    r"|(?:first )?(?:described|discovered|invented|founded|wrote|composed))\b"
    r"|\b(?:en|in|died in|mort en|morte en) (?:1[0-8]\d\d|19[0-4]\d)\b)",
    re.IGNORECASE,
)
_IN_PLACE_RE = re.compile(r"\b(?:in|of|en|at) (?:the )?[A-Z][a-zà-ÿ'’-]+")
_NAME_CONTEXT_AFTER_RE = re.compile(
    rf"^[^\n]{{0,90}}?(?:\b(?:hospital|infirmary|clinic|clinique|h[oô]pital|chu|ch|"
    rf"institut|institute|centre|center|ehpad|maternit[ée]|ward|urgences|a&e|icu|"
    rf"r[ée]a|hospitalis[ée]e?|admis|admise|admitted|discharged|sortie?|op[ée]r[ée]e?"
    rf"|suivie?|from [A-Z]|de [A-Z]|[àa] [A-Z])\b|{_DATE_NUMERIC}|\b\d{{1,2}}[/.]\d{{1,2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|er)? (?i:{_MONTH_FOLDED})|\b(?i:{_MONTH_FOLDED}) \d{{1,2}}\b"
    rf"|\b(?:le|on|the) \d{{1,2}}(?:st|nd|rd|th|er)?\b|\bdepuis le\b|\bsince \d"
    rf"|^\s*[,(]\s*\d{{1,3}}\s*(?:ans|yo|y/o|years? old)?\s*[,)]|\b\d{{1,3}} (?:ans|years? old|yo)\b"
    rf"|\baged? \d{{1,3}}\b|\b(?:n[ée]e?|born) (?:[àa]|in|le|on)\b"
    rf"|,\s*\d{{1,3}}\s*(?:[,.)]|ans\b|yo\b|years\b|$)|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b"
    rf"|\b(?-i:(?:at|from|near|[àa]|de|du|pr[eè]s de) (?:[A-Z][a-zà-ÿ'’-]+))|\bborn (?:in )?(?:19|20)\d\d\b"
    rf"|^[^\n.]{{0,30}}?\b(?:c'est moi|that'?s me|it'?s me)\b|^\s*\((?:my|mon|ma|our) \w+\)"
    rf"|\b(?:in )?bed \d{{1,3}}\b|\blit \d{{1,3}}\b|^['’]s (?:daughter|son|wife|husband|mum|mother|dad|father)\b"
    rf"|\babout \d{{2}}\b|\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
    rf"|\bin (?:{_MONTH_FOLDED})\b)",
    re.IGNORECASE,
)


# A title and a surname alone, written any case: "Mrs Okonkwo in bay 6",
# "mme benali … depuis le 3", "M. Traoré du lit 4", "Mr and Mrs Kowalczyk".
_TITLED_SURNAME_RE = re.compile(
    r"(?<![\w.])(?P<title>(?i:mrs?|ms|miss|mme|mlle|madame|monsieur)\.?|M\.)"
    r"(?:\s+(?i:and|et|&)\s+(?i:mrs?|mme|madame)\.?)?\s+"
    r"(?:(?i:[A-Z]\.\s?)?)"
    r"(?P<name>(?:(?i:de|da|di|du|van|von|le|la|al|el|ben|mac|mc)\s+)?"
    r"(?:[OoDdLl]['’])?[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*)"
)
_TITLED_CONTEXT_RE = re.compile(
    r"(?i)\b(?:bay|chambre|room|bed|lit|box|ward|salle)\s*\d{1,3}\b"
)


_ELISION_RE = re.compile(r"^(?:[dDlLoOnN]['’]|(?:al|el|ben|bin|abu|ibn|ap)-)")
_INITIAL_RE = re.compile(r"[A-Z]\.(?:-?[A-Z]\.)*")
# What may sit between two words of a name: a space, or a nickname's quotes
# ("Kevin 'Kev' Ó Dálaigh").
_NAME_GAP_RE = re.compile(r" {1,2}| ?['’\"“”(] ?| ?['’\"”)] ?")


def _name_word(word: str) -> str | None:
    """What a token is in a name: "name", "initial", "particle", "title", or
    None (not part of a name)."""
    lower = word.lower().rstrip(".")
    if lower in _TITLES:
        return "title"
    if lower in _PARTICLES:
        return "particle"
    core = _ELISION_RE.sub("", word)
    if not core or core.lower() in _NOT_NAME_WORDS or re.search(r"['’]s$", core):
        return None
    if _MEDICAL_SUFFIX_RE.search(core.lower()) and len(core) > 6:
        return None
    if core[0].isupper() and any(c.islower() for c in core[1:]):
        return "name"
    return None


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Full names: two or more capitalised words (particles, apostrophes,
    hyphens, accents and initials allowed), optionally after a title."""
    tokens = [
        (m.start(), m.end(), m.group())
        for m in re.finditer(r"[A-Z]\.(?:-?[A-Z]\.)*|" + _NAME_TOKEN_RE.pattern, text)
    ]
    spans = []
    group: list[tuple[int, int, str, str]] = []

    def close() -> None:
        while group and group[-1][3] in ("particle", "title"):
            group.pop()
        while group and group[0][3] == "particle":
            group.pop(0)
        names = sum(1 for t in group if t[3] == "name")
        initials = sum(1 for t in group if t[3] == "initial")
        after = re.match(r"\s+([^\W\d_]+)", text[group[-1][1] :] if group else "")
        start = group[0][0] if group else 0
        before = re.search(r"([^\W\d_]+)\.?\s+$", text[max(0, start - 30) : start])
        is_place = (after is not None and after.group(1).lower() in _PLACE_WORDS) or (
            # "Institut Jules Bordet", "Dr. Amelia Hart": a place, a clinician.
            before is not None and before.group(1).lower() in _BEFORE_NOT_PRIVATE
        )
        if not is_place and (
            names >= 2 or (names >= 1 and initials >= 1 and group[-1][3] == "name")
        ):
            spans.append((group[0][0], group[-1][1]))
        group.clear()

    for start, end, word in tokens:
        if word[0].islower() and word not in _PARTICLES and "'" not in word[:2]:
            if "’" not in word[:2] and "-" not in word[:4]:
                if group:
                    close()  # Most words: plainly not part of a name.
                continue
        kind = "initial" if _INITIAL_RE.fullmatch(word) else _name_word(word)
        if kind == "particle" and word[0].isupper() and not group:
            kind = "name"  # "Ben Adeyemi", "Van Morrison": a first name here.
        if group and not _NAME_GAP_RE.fullmatch(text[group[-1][1] : start]):
            close()
        if kind is None or (kind == "title" and group):
            close()
            if kind is None:
                continue
        group.append((start, end, word, kind))
    close()
    return spans


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
    if re.search(r"['’]s\b", name):  # Hashimoto's, Crohn's: an eponym.
        return False
    words = [w.lower().strip("'’-") for w in name.split()]
    if any(_MEDICAL_SUFFIX_RE.search(w) for w in words):
        return False
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
            if (
                _phone_is_plausible(m.group())
                and not _is_product_code(text, m)
                and not _is_service_number(text, m.start())
            ):
                add(Kind.PHONE, m.start(), m.end())
    if _AREA_CODE_RE.search(text):
        for m in _LOCAL_NUMBER_RE.finditer(text):
            if _AREA_CODE_RE.search(text[max(0, m.start() - 60) : m.end() + 60]):
                add(Kind.PHONE, m.start(), m.end())
    for m in _NHS_RE.finditer(text):
        if nhs_number_is_valid(m.group()):
            add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _SSN_RE.finditer(text):
        add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _NIR_RE.finditer(text):
        if nir_is_valid(m) or _NIR_KEYWORD_RE.search(
            text[max(0, m.start() - 50) : m.start()]
        ):
            add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _NINO_RE.finditer(text):
        add(Kind.ID_NUMBER, m.start(), m.end())
    for m in _ID_KEYWORD_RE.finditer(text):
        if (
            not _TOLL_FREE_RE.match(m.group("id"))
            and not _CODE_BEFORE_RE.search(
                text[max(0, m.start("id") - 40) : m.start("id")]
            )
            # A phone-shaped number after "hospital": its switchboard.
            and not (
                m.group("id")[:1] in "0+" and _is_service_number(text, m.start("id"))
            )
        ):
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
    folded = numbers.fold(text)
    for m in _WORD_EMAIL_RE.finditer(_SPELLED_RE.sub(_despace, folded)):
        local = m.group("local")
        if local.strip() in _LOCAL_STOPWORDS or len(re.sub(r"\W", "", local)) < 2:
            continue
        add(Kind.EMAIL, m.start(), m.end())
    for run in numbers.runs(folded):
        # Numbers spelled out (at least partly) that have a phone's or an
        # identifier's length: "oh seven seven double oh…", "zéro six douze…".
        if (
            (run.words or run.singles >= 6)
            and 9 <= len(run.digits) <= 15
            and not _is_product_code_at(text, run.start)
        ):
            context = folded[max(0, run.start - 40) : run.start]
            kind = Kind.ID_NUMBER if _NUM_ID_CONTEXT_RE.search(context) else Kind.PHONE
            add(kind, run.start, run.end)
    for m in _BABY_RE.finditer(folded):
        add(Kind.DATE_OF_BIRTH, m.start(), m.end())
    for m in _DOB_WORDS_RE.finditer(folded):
        if _DOB_DATE_IS_PLAUSIBLE(m.group("date")):
            add(Kind.DATE_OF_BIRTH, m.start(), m.end())
    named = _name_spans(text)
    for m in _LOOSE_PHONE_RE.finditer(text):
        digits = re.sub(r"[oO]", "0", re.sub(r"[ .:\-]", "", m.group()))
        before = text[max(0, m.start() - 40) : m.start()]
        mobile = digits[:2] in ("06", "07") and _MY_NUMBER_RE.search(before)
        if (
            10 <= len(digits.lstrip("+")) <= 13
            and digits.lstrip("+").isdigit()
            and digits[:2] not in ("08", "03")  # Service lines.
            and (mobile or _PHONE_OFFER_RE.search(before))
            and not _NOT_A_PHONE_BEFORE_RE.search(before)
            and not _is_service_number(text, m.start())
            and not _is_product_code_at(text, m.start())
        ):
            add(Kind.PHONE, m.start(), m.end())
    for m in _TITLED_SURNAME_RE.finditer(text):
        if m.group("title") == "MS":  # Multiple sclerosis, not a title.
            continue
        words = m.group("name").lower().split()
        core = _ELISION_RE.sub("", words[-1])
        if (
            core in _NOT_NAME_WORDS
            or core in _NOT_NAMES
            or not _name_is_plausible(m.group("name"))
        ):
            continue
        if any(start <= m.start("name") < end for start, end in named):
            continue  # Already a full name.
        around = text[m.end() : m.end() + 80]
        if _CLINICIAN_AFTER_RE.match(around) or _HISTORIC_AFTER_RE.match(around):
            continue
        if _NAME_CONTEXT_AFTER_RE.search(around) or _TITLED_CONTEXT_RE.search(
            text[max(0, m.start() - 40) : m.end() + 80]
        ):
            add(Kind.NAME, m.start(), m.end())
    for start, end in named:
        around = text[end : end + 80]
        before = text[max(0, start - 40) : start]
        if _CLINICIAN_AFTER_RE.match(around):
            continue
        if _HISTORIC_AFTER_RE.match(around) and not _KIN_BEFORE_RE.search(before):
            continue  # "Marie Curie est morte en 1934", "Charcot a décrit la SLA".
        if (
            _NAME_CONTEXT_AFTER_RE.search(around)
            or (_KIN_BEFORE_RE.search(before) and _IN_PLACE_RE.search(around[:60]))
            or (
                _KIN_BEFORE_RE.search(before)
                and re.search(
                    r"(?i)\b(?:hospital|ward|clinic|unit|h[oô]pital|service|chu|ehpad)\b",
                    around[:80],
                )
            )
        ) or re.search(
            r"(?i)\b(?:patient|patiente|name|nom|je m'appelle|my name is|i'm|i am|c'est)\W*$",
            before,
        ):
            add(Kind.NAME, start, end)
    return found


def _DOB_DATE_IS_PLAUSIBLE(date: str) -> bool:  # noqa: N802
    """A date after a birth keyword: it must carry a day or a year that a
    birthday has, not just a number of years ("born 12 weeks early")."""
    return not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|er|e)?", date.strip())


_PRODUCT_CODE_RE = re.compile(
    r"(?i)\b(?:ndc|cip(?:13|7)?|ean|gtin|upc|lot|batch|ref|r[ée]f|code|serial|sn"
    r"|atc|snomed|loinc|icd(?:-?1[01])?|cim(?:-?1[01])?|lot n[°o])\W{0,6}$"
)


# A procedure or product code, not a person's number: "le code CCAM … HHFA016".
_CODE_BEFORE_RE = re.compile(
    r"(?i)\b(?:code|ccam|cim|icd|atc|cip|lot|batch|ndc|snomed)\b"
)
_TOLL_FREE_RE = re.compile(
    r"^(?:(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .-]|1[38]00[ .-]?\d)"
)


def _is_service_number(text: str, start: int) -> bool:
    """A helpline or a service's switchboard: "SOS Amitié : 09 72 …", a
    toll-free number, unless the member says it is theirs."""
    if _TOLL_FREE_RE.match(text[start : start + 8]):
        return True
    before = text[max(0, start - 50) : start]
    return bool(_SERVICE_RE.search(before)) and not _OWN_NUMBER_RE.search(before[-25:])


# "the batch number is 0169 4060 1234", "n° de lot : 0612 …".
_CODE_LABEL_BEFORE_RE = re.compile(
    r"(?i)\b(?:lot|batch|ndc|serial|s[ée]rie|ref|r[ée]f[ée]rence|cip|ucd)"
    r"(?:\s+(?:number|no\.?|num[ée]ro|n°|code))?(?:\s+(?:is|est))?\s*:?\s*$"
)


def _is_product_code_at(text: str, start: int) -> bool:
    return bool(
        _PRODUCT_CODE_RE.search(text[max(0, start - 20) : start])
        or _CODE_LABEL_BEFORE_RE.search(text[max(0, start - 30) : start])
    )


def _is_product_code(text: str, m: re.Match[str]) -> bool:
    """Drug and batch codes shaped like phone numbers: "NDC 0169-4060-12"."""
    if _is_product_code_at(text, m.start()):
        return True
    # Drug codes (NDC 4-4-2, 5-3-2, 5-4-1) and numbers with mixed separators.
    number = m.group()
    if re.fullmatch(r"\d{4,5}-\d{3,4}-\d{1,2}", number):
        return True
    return number.startswith("0") and len(set(re.findall(r"[ .-]", number))) > 1


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
