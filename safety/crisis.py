"""Crisis signals: does the author of a post say they may be at risk now?

Two tiers, so the net can be wide without punishing false alarms:

- ``HIGH``: the author says, in the first person and about the present, that
  they want to die, intend or plan to end their life, have the means ready,
  are saying goodbye, or are hurting themselves. The author is shown crisis
  resources at once and the post goes to the top of the moderators' urgent
  queue.
- ``POSSIBLE``: hopelessness, a wish not to wake up, slang, a past episode
  without any sign it is over, a question about one's own thoughts. The post
  is published as usual; its author sees a gentle link to support, and the
  post enters the moderators' non-urgent "possible risk" list.

How it reads a post. The vocabulary follows how clinicians assess risk (the
categories of the Columbia suicide severity rating scale: wish to be dead,
ideation, method, intent, plan, preparatory acts) plus self-harm, farewell
posts and the hopelessness and burden statements that often come first. Each
cue is then read in its sentence, because the same words are a cry for help
in one post and nothing of the kind in the next:

- who is speaking: the nearest person before the cue ("my sister says she
  wants to die" is about someone else; "it makes me want to die" is not);
- when: past tense with a distant time ("two years ago") or a recovery
  statement anywhere in the post ("I'm in a good place now") means history,
  not a current risk; a past tense alone (no recovery said) keeps the post in
  the possible tier;
- negation in scope: "not", "never", "pas", "jamais"… before the cue in the
  same verb phrase ("I'm not thinking of ending my life or anything like
  that"), and "don't think I'm…";
- quotes and reported speech: a question someone asked the author ("my
  psychiatrist asked if I wanted to die, I said no"), screening forms;
- questions and hypotheticals ("if I ever felt suicidal I would call");
- figures of speech ("I could die of embarrassment", "je me tue à la
  tâche", "mort de rire"), which the cues are also written to avoid.

Text is folded first (lower case, accents off, curly apostrophes, leetspeak
such as "su1c1de" or "k!ll") so spelling doesn't decide. Everything is
regular expressions over the folded text: no model to load, a 20,000-character
post is read in a few milliseconds. ``docs/safety.md`` gives the measured
figures and why this design over a parser or a learned model.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import numbers, regexscan, riskmodel

HIGH = "high"
POSSIBLE = "possible"

# Categories, after the Columbia scale and what forum moderators see.
WISH = "wish_to_be_dead"
IDEATION = "ideation"
INTENT = "intent"
PLAN = "plan"
METHOD = "method"
FAREWELL = "farewell"
SELF_HARM = "self_harm"
HOPELESS = "hopelessness"
MODEL = "model"


@dataclass(frozen=True)
class Signal:
    """One cue found in the text and kept after reading its context."""

    category: str
    tier: str
    phrase: str


@dataclass(frozen=True)
class Assessment:
    tier: str | None
    signals: tuple[Signal, ...] = ()

    def __bool__(self) -> bool:
        return self.tier is not None

    @property
    def is_high(self) -> bool:
        return self.tier == HIGH

    @property
    def is_possible(self) -> bool:
        return self.tier == POSSIBLE

    @property
    def phrases(self) -> list[str]:
        return [s.phrase for s in self.signals]


# Folding --------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
# A letter, a leet character, then a letter: "su1c1de", "k!ll", "d!e", "k*ll".
_LEET_RE = re.compile(r"(?<=[a-z])[1!|*3@$](?=[a-z])|(?<=[a-z])[0](?=[a-z])")
_LEET = {"1": "i", "!": "i", "|": "i", "*": "i", "0": "o", "3": "e", "@": "a", "$": "s"}
# "s*icide", "su*cide", "sui*ide": a letter starred out.
_STARRED_RE = re.compile(
    r"\bs[*#.]{0,2}u?[*#.]{0,2}i?[*#.]{0,2}c[*#.]?i?d(?=[ae])|\bsu[*#]{1,2}c?id(?=[ae])"
)
# Texting French: "jveux", "jsuis", "jai", "chuis".
_TEXTING = {
    "jveux": "je veux",
    "jvais": "je vais",
    "jsuis": "je suis",
    "chuis": "je suis",
    "jpeux": "je peux",
    "jpense": "je pense",
    "jai": "j'ai",
    "jme": "je me",
    "jmen": "je m'en",
    "jen": "j'en",
    "jcrois": "je crois",
    "jsais": "je sais",
    "jfais": "je fais",
    "jvoudrais": "je voudrais",
    "jaimerais": "j'aimerais",
    "jarrive": "j'arrive",
    "jarrete": "j'arrete",
    "jvois": "je vois",
    "im": "i'm",
    "ive": "i've",
    "cant": "can't",
    "dont": "don't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "arent": "aren't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "tonights": "tonight's",
}
_TEXTING_RE = re.compile(r"\b(" + "|".join(_TEXTING) + r")\b")
# "s u i c i d e", "s.u.i.c.i.d.e": letters spelled out one at a time.
_SPELLED_RE = re.compile(r"\b(?:[a-z][ .\-_]){3,}[a-z]\b")


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces (one
    character out for each character in, except runs of white space)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_APOSTROPHES)
    text = numbers.fold(text).replace("œ", "o")
    text = _STARRED_RE.sub("suicid", text)
    text = _LEET_RE.sub(lambda m: _LEET[m.group()], text)
    text = _TEXTING_RE.sub(lambda m: _TEXTING[m.group(1)], text)
    text = _SPELLED_RE.sub(lambda m: re.sub(r"[ .\-_]", "", m.group()), text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


# Cues -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Cue:
    pattern: re.Pattern[str]
    category: str
    tier: str
    # The cue names the speaker ("kill myself", "me tuer", "my life"): who
    # else is mentioned before it doesn't make it someone else's.
    self_ref: bool = False
    # A nominal cue ("suicidal thoughts") that needs the author in the
    # sentence: a leaflet speaks of suicidal thoughts too.
    needs_first_person: bool = False


def _cue(regex, category, tier, *, self_ref=False, needs_first_person=False):
    # A word is at most 30 letters: bounded cues are searched in windows
    # (``regexscan``) rather than over the whole post.
    regex = regex.replace(r"\w+", r"\w{1,30}").replace(r"\w*", r"\w{0,30}")
    return _Cue(re.compile(regex), category, tier, self_ref, needs_first_person)


_WANT = r"(?:want|wants|wanna|wanted|wanting|wish|wishes|wished|wishing|would like|need|needed)"
_ADV = r"(?:(?:just|really|so|honestly|seriously|only|actually|kinda|sometimes|still|truly|literally|genuinely|simply) )"
_GO_ON = (
    r"(?:go(?:ing)? on|carry(?:ing)? on|keep(?:ing)? going|continu(?:e|ing)"
    r"|be(?:ing)? here|be(?:ing)? alive|liv(?:e|ing)|exist(?:ing)?|fight(?:ing)?"
    r"|wak(?:e|ing) up|trying|getting up|get up)"
)
_PILLS = (
    r"(?:prescriptions?|leftovers?|pills?|tablets?|meds|medications?|medicines?|painkillers?|opioids?"
    r"|insulin|sleeping pills|sleepers|oxys?|oxycodone|morphine|tramadol"
    r"|co-?codamol|paracetamol|tylenol|acetaminophen|codeine|antidepressants?"
    r"|sertraline|amitriptyline|pregabalin|gabapentin|benzos?|diazepam|xanax"
    r"|zopiclone|lithium|fentanyl|stash|supply|boxes)"
)
_MEDS_FR = (
    r"(?:cachets|comprimes|medicaments|medocs|boites|gelules|somniferes"
    r"|antidouleurs|anxiolytiques|antidepresseurs|insuline|doliprane|paracetamol"
    r"|tramadol|morphine|lexomil|xanax|stilnox|plaquettes)"
)
_WHEN_SOON = (
    r"(?:tonight|tomorrow|this weekend|this week|on (?:monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)|(?:once|when|after|while) (?:everyone|every"
    r"body|the kids|my (?:husband|wife|partner|family|parents|kids)|they|he|she)"
    r"(?:'s|'re| is| are| has| have)? (?:asleep|gone|away|out|leave|leaves|left|in bed"
    r"|at work|goes? to (?:bed|sleep|work))|at (?:midnight|dawn))"
)
_QUAND_FR = (
    r"(?:ce soir|cette nuit|demain|ce week-?end|samedi|dimanche|lundi|mardi"
    r"|mercredi|jeudi|vendredi|quand (?:tout le monde|les enfants|mon mari|ma femme"
    r"|ils|il|elle) (?:dormira|dort|dorment|sera|seront|partira|partiront|sera parti"
    r"|seront partis|sera couche|seront couches))"
)

ENGLISH = [
    # Wish to be dead, ideation.
    _cue(
        rf"\b{_WANT} (?:to )?{_ADV}?(?:die|be dead|not be alive|stop living|not exist|stop existing|not wake up|not be here anymore|disappear forever|disappear for good|sleep forever|go to sleep forever|go to sleep and never wake up|fall asleep and never wake up)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:wish|wished|hope|hoping|pray|praying) (?:that )?i (?:was|were|could be|would be|'d be) (?:dead|gone|never born)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\bwish i (?:had never been|was never|were never|'d never been) born\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:hope|hoping|pray|praying|wish) (?:that )?i (?:don't|do not|never|won't|will not|wouldn't|dont) wake up\b",
        WISH,
        HIGH,
    ),
    _cue(r"\b(?:don't|do not|dont|never) (?:want|wanna) to wake up\b", WISH, HIGH),
    _cue(
        r"\b(?:go to sleep|fall asleep|sleep) and (?:not|never) wake (?:up|again)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:don't|do not|dont|no longer) (?:want|wanna|wish) to (?:live|be alive|exist|be here|keep living|go on|carry on|continue living|be on this earth)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\bbetter off (?:dead|gone|not being here|not here|not existing)\b",
        WISH,
        HIGH,
        needs_first_person=True,
    ),
    _cue(r"\bready to (?:die|go for good|leave this world)\b", WISH, HIGH),
    _cue(
        r"\b(?:kill|killing|kil|end|ending|off|offing) (?:my ?self|meself)\b",
        IDEATION,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:end|ending|ended) my (?:own )?life\b|\b(?:take|taking|took) my own life\b|\b(?:i'?m going to|i will|i'll|want to|wanna|going to|gonna|decided to|plan to|planning to|about to) take my life\b",
        IDEATION,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:end|ending) (?:it all|it for good|everything|it tonight|it now|things|it once and for all|my suffering for good|my existence)\b",
        IDEATION,
        HIGH,
    ),
    _cue(
        r"\b(?:i'?m|i am|im|i'll|i will|going to|gonna) (?:just )?(?:end|ending) it\b(?! (?:with|there|here|off|on|at|for (?:him|her|them)))",
        IDEATION,
        HIGH,
    ),
    _cue(r"\bcommit(?:ting)? suicide\b", IDEATION, HIGH),
    _cue(
        r"(?<!died by )\bsuicid(?:al|ality|e attempt|e note|e plan)\b(?! (?:prevention|ideation (?:is|in|among|as)|thoughts? (?:is|are|as|in|among)|behaviou?r (?:in|among)))",
        IDEATION,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:thinking|thought|think|considering|considered|contemplating|contemplated|planning|plan|researching|fantasi[sz]ing|obsessing) (?:a lot |so much |constantly |more |seriously )?(?:about |of )?(?:suicide|dying|death|not being here|not existing|not waking up|ending it|the end|killing myself|ending my life|taking my (?:own )?life)\b(?! (?:prevention|helpline|hotline|rates?|risk|awareness|warnings?|statistics|of (?:my|a) (?:dog|cat|father|mother|friend|relative|patient)))",
        IDEATION,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:attempt|attempted|attempting|try|tried|trying) (?:to )?(?:suicide|kill myself|end my life|take my life|overdose)\b",
        IDEATION,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"(?<!died by )(?<!death by )(?<!lost to )(?<!deaths by )\bsuicide\b(?! (?:prevention|line|lines|helpline|hotline|rates?|risk|awareness|statistics|warning|attempts? (?:in|among|rates?))|s)",
        IDEATION,
        POSSIBLE,
        needs_first_person=True,
    ),
    # Slang and euphemism: unambiguous to the people who use them.
    _cue(
        r"\b(?:kms|kmsl|unalive|unaliving|unalived|sewer ?slide|sewerslid(?:e|ing)|self[- ]?delet(?:e|ing|ion)|sudoku myself|ctb|permanent nap|eternal sleep|the big sleep|final exit|grand saut|me kill|me k1ll|toaster bath|rope ?maxx?(?:ing)?|ctrl ?\+? ?z (?:my ?self|my life|my existence|me)|alt ?\+? ?f4 (?:my ?self|my life|me|irl)|log (?:off|out) (?:of life|permanently|for good|forever|from life)|yeet myself (?:off|into|in front)|catch the bus (?:for good|permanently)|6 feet under|six feet under|dirt nap|check(?:ing)? out (?:for good|permanently|early|of life)|delete myself|erase myself|not wanna be here|dont wanna be here|dont want to be here|want out of (?:this life|life|here))\b",
        IDEATION,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:want|wanna|going|gonna|thinking|think|about) (?:to )?(?:kms|unalive|sewer ?slide|self[- ]?delete|catch the bus|rope)\b",
        IDEATION,
        HIGH,
    ),
    # Intent and plan.
    _cue(
        rf"\b(?:going to|gonna|will|i'll|plan to|planning to|decided to|about to|ready to) (?:take|swallow|down|use) (?:all|every one|everything|the lot|the whole (?:box|bottle|pack|packet|lot)|a whole (?:box|bottle|pack)) (?:of )?(?:my |the |these |those )?{_PILLS}?",
        PLAN,
        HIGH,
    ),
    _cue(
        rf"\b(?:take|taking|swallow|swallowing|down) (?:all|every one|the whole (?:box|bottle|pack)|a whole (?:box|bottle|pack)) (?:of )?(?:my |the )?{_PILLS}\b",
        PLAN,
        HIGH,
    ),
    _cue(r"\b(?:take|swallow|taking) them all\b", PLAN, POSSIBLE),
    _cue(
        r"\b(?:i'?ve|i have|i|i'm|im|i am|finally) (?:made|making|got|have|'ve got) (?:up )?(?:my mind|a plan|the plan|a date|my decision|a decision|arrangements)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i'?ve|i have|i) (?:decided|set a date|chosen the day|picked a date|picked the day)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:wrote|written|writing|left|leave|leaving) (?:a |my |the |some )?(?:goodbye |suicide |last )?(?:notes?|letters?) (?:for|to) (?:my|the|everyone|family|them|the kids)\b(?! (?:future|younger|older|past) self| (?:gp|doctor|mp|consultant|council|insurer|employer|boss|landlord|therapist|nurse|neurologist|rheumatologist|team))",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:wrote|written|writing) (?:my )?(?:goodbye|farewell|suicide) (?:notes?|letters?|messages?)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\bi know (?:exactly )?(?:how|when|where) i(?:'ll| will| would|'d| am going to|'m going to)? (?:do it|end it|go)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        rf"\b{_WHEN_SOON} (?:i'?ll|i will|i'?m going to|i'?m gonna|is when|it'?s happening|i end it|i do it|i go)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        rf"\b(?:do it|end it|go through with it|take them|take it all|be gone|be over) {_WHEN_SOON}\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:it|this|everything|all this) (?:will|'ll) (?:all )?be over (?:soon|tonight|tomorrow|by)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:won't|will not|wont|not going to|not gonna) (?:be (?:here|around|alive)|make it|see) (?:for |by |after |past |much )?(?:long|longer|tomorrow|the weekend|christmas|next week|my birthday|another (?:day|week|year)|the morning)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:don'?t|do not) (?:think|believe) i(?:'ll| will) (?:be (?:here|around|alive)|make it|see) (?:for |by |after |past )?(?:long|much longer|tomorrow|the weekend|christmas|next week|another)\b",
        PLAN,
        HIGH,
    ),
    # Method and preparatory acts.
    _cue(
        rf"\b(?:saving|saved|save|stockpil(?:e|ed|ing)|hoard(?:ed|ing)?|collect(?:ed|ing)|stash(?:ed|ing)?|squirrel(?:l?ed|l?ing) away|put(?:ting)? aside|set(?:ting)? aside|kept|keeping|stor(?:ed|ing)|building up|bought|buying|ordered|counted|counting|lined up|lining up) (?:up |away |aside )?(?:all |enough |my |of my |the |some |a |extra |more )*(?:{_PILLS}|rope|blades?|razors?|razor blades|charcoal|a gun|ammunition|bullets|helium|a ladder|enough)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:looked up|looking up|googled|googling|searched|searching|researched|researching|read up on|reading up on|worked out|working out|calculated|figured out|know) (?:online )?(?:how (?:many|much)|the (?:lethal|fatal|toxic) dose|how to (?:die|end it|kill|hang|overdose|do it)|the best way to|which (?:bridge|drug|pills|method)|painless ways|ways to die|methods)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\bhow (?:many|much) (?:\w+ ){0,4}(?:would|does|will|to|it takes?) (?:it )?(?:take )?(?:to )?(?:die|kill (?:me|myself|a person|someone)|not wake up|end it|be fatal|be lethal|od|overdose)\b",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:stand(?:ing)?|stood|sat|sitting|sit|waiting|wait|parked|standing) (?:on|at|near|by|in front of|under) (?:the |a |this |that )?(?:bridge|edge|ledge|roof|rooftop|platform|tracks|railway|cliff|balcony|motorway|overpass)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:jump|jumping|throw myself|step|stepping|walk|walking|drive|driving|crash|crashing|steer|steering) (?:off|from|in front of|into|under|onto) (?:a |the |my |this |that |oncoming |the next )?(?:bridge|building|roof|train|bus|truck|lorry|car|cliff|tree|wall|traffic|motorway|river|sea|balcony|tracks|window)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:hang|hanging) myself\b|\bnoose\b|\ba rope (?:ready|in|under|hidden|tied)\b|\b(?:tie|tied|tying) (?:a |the )?rope\b",
        METHOD,
        HIGH,
    ),
    _cue(
        rf"\b(?:overdose|overdosing|od|o\.d\.) (?:on )?(?:my |all my |the |all the )?(?:{_PILLS})?\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:take|taking|took) an? (?:overdose|od)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:inject|injecting) (?:all|the whole|every|way too much|too much|enough) (?:of )?(?:my |the )?(?:insulin|pen|vial|morphine)",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:gave|given|giving|give) away (?:all )?(?:my|most of my) (?:things|stuff|belongings|possessions|books|clothes|savings|cat|dog|pets|mobility scooter|scooter|wheelchair|guitar|bike|car|jewellery|jewelry|plants|records)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:made|making|updated|updating|sorted|sorting|wrote|written|writing) (?:out )?(?:my|a) (?:will|final arrangements|funeral (?:wishes|plans|arrangements))\b",
        METHOD,
        POSSIBLE,
    ),
    # Farewell.
    _cue(
        r"\b(?:this is|this'll be|this will be|this is probably|consider this|it's|its) (?:my|the) (?:last|final) (?:post|message|time (?:i post|posting|writing|here)|goodbye|words?|update)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(r"\bmy (?:last|final) (?:post|message|goodbye|words)\b", FAREWELL, HIGH),
    _cue(
        r"\b(?:goodbye|bye|farewell) (?:everyone|all|forever|for good|friends|guys|world|cruel world|to you all|to all of you|my friends)\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i won't|i wont|i will not|i'll not|i'm not going to|won't|wont) be (?:around|here|posting|on here|online) (?:much longer|anymore|any more|after (?:tonight|today|this)|tomorrow|for long)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\bby the time (?:you|anyone|someone|people|you all) (?:read|reads|see|sees) this\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:please |someone )?(?:look after|take care of|feed|find a home for|rehome) my (?:cat|dog|kids|children|pets?|rabbit|birds?|daughter|son|babies)\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:thank you|thanks) (?:all |everyone |so much |guys )?for everything\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\bsorry for (?:everything|being a burden|what i'?m about to do|what i'?m going to do)\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i'?m|i am|im) (?:saying|here to say) (?:goodbye|bye|farewell)\b(?! to (?:my|the|this|that|these|those) (?!(?:life|world|family|friends|kids|children|loved ones)\b))",
        FAREWELL,
        HIGH,
    ),
    # Self-harm.
    _cue(
        r"\b(?:cut|cutting|cuts|burn|burning|burnt|burned|hurt|hurting|harm|harming|harmed|hit|hitting|punch|punching|scratch|scratching|scratched|carve|carving|carved|starve|starving|bruise|bruising|bite|biting|choke|choking|strangle|strangling|stab|stabbing) (?:at )?(?:my ?self|meself)\b(?! (?:(?:by accident|accidentally|while|when|on (?:the|a)|with (?:the|a) (?:knife|kettle|oven|iron|scissors))))",
        SELF_HARM,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:cut|cutting|carved|carving|burn|burning|slit|slitting|slash|slashing) (?:my |into my )(?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|forearms?|wrist)\b",
        SELF_HARM,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:self[- ]?harm(?:ing|ed)?|sh|self[- ]?injur(?:y|ing|ed)|cutting)(?: again| relapse| urges?| scars?| wounds?)\b|\b(?:relapsed|relapsing|relapse)(?: with| on| into)? (?:self[- ]?harm|sh|cutting)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:i|i've|ive|i have|i'm|im|i am|i was|i keep|been|started|start) (?:been |started |starting |begun )?(?:self[- ]?harm(?:ing|ed)?|cutting|burning)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:urges?|urge|want|wanting|need|needing|itching) (?:to )?(?:cut|self[- ]?harm|hurt myself|harm myself|burn myself)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:clean|sober|free) (?:from|of) (?:self[- ]?harm|sh|cutting) (?:for \w+ (?:days|weeks|months))?,? (?:until|till|but) (?:last night|yesterday|today|this week|tonight)\b",
        SELF_HARM,
        HIGH,
    ),
    # Hopelessness and burden: often the first sign, weaker on their own.
    _cue(
        rf"\b(?:no|don't see the|do not see the|dont see the|can't see the|cant see the|cannot see the|see no|what(?:'s| is) the|lost (?:all )?(?:the )?|without (?:any )?|not much|there's no|there is no|theres no|is there any|no more) (?:point|reason|purpose|meaning|sense) (?:in |of |to |for )?(?:anything|anymore|any of (?:it|this)|it all|{_GO_ON}|life|my life|me being here|me)\b(?! with)",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:what'?s|what is) the point\b(?! (?:of|in) (?:the|this|that|these|those|taking|seeing|going to|trying|asking|a|an) )",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(r"\bnothing (?:left )?(?:to live for|worth living for)\b", WISH, HIGH),
    _cue(
        r"\bnothing (?:left )?(?:to look forward to|to hold on to)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:plan|planning|going|gonna|want|wanting|decided|about|ready) to (?:overdose|od|take an overdose)\b",
        INTENT,
        HIGH,
    ),
    _cue(
        r"\b(?:life|living|my life|existing|this life|it) (?:is|isn't|is not|'s not|isnt) (?:not )?worth (?:living|it anymore|it any more|the pain|the effort anymore|going on)\b|\bnot worth (?:living|being alive|saving)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:can't|cannot|can not|cant|couldn't|could not|unable to) (?:\w+ )?(?:go on|carry on|keep going|do this anymore|do this any more|do life|keep doing this|keep living|live like this|face another day|face tomorrow|see a way out|see a future|see any future|see the light|hold on (?:any )?(?:much )?longer|be here anymore|fight anymore|fight any more)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:tired|sick|exhausted|weary) of (?:living|being alive|life|existing|my life|being here|fighting|waking up|everything)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:done with|finished with|over) (?:life|living|everything|it all|this life|being alive|this world|existing)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i'?m|i am|im) done\b(?! (?:with (?:the|this|that|my|these|those|work|it)|for (?:the|today)|now)|\s*(?:[!?]|lol|haha))",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:give|giving|gave|given) up (?:on )?(?:life|living|everything|on me|on myself|completely|for good|the fight|fighting)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:(?:burden|weight) (?:to|on|for) (?:everyone|everybody|my (?:family|kids|children|husband|wife|partner|parents|mum|mom|friends|carers))|(?:everyone|everybody|they|my (?:family|kids|husband|wife|partner|parents)) (?:would|'d|will) (?:\w+ )?be (?:better|happier|fine|freer) (?:off )?(?:without me|if i (?:was|were|wasn't|weren't) (?:gone|here|dead|around|not here)|once i'?m gone|when i'?m gone))",
        HOPELESS,
        POSSIBLE,
        self_ref=True,
    ),
    _cue(
        r"\b(?:no one|nobody|noone|no-one) (?:would|will|'d) (?:even )?(?:miss|notice|care|mind)(?: me| if i (?:was|were|died|disappeared)|)\b",
        HOPELESS,
        POSSIBLE,
        self_ref=True,
    ),
    _cue(
        r"\b(?:world|everyone|everybody) (?:would be|is) better (?:off )?without me\b",
        HOPELESS,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:disappear|vanish|fade away|not be here|stop existing|not exist|just stop|sleep forever|never wake up)\b(?: forever| for good| completely| anymore)?",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:want|wanted|wish|need|needed) (?:it|this|everything|the pain|my life|this life|all of it|it all) to (?:end|stop|be over) (?:forever|for good|permanently|once and for all|now)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:only|one) way (?:out|to make (?:it|the pain) stop)\b|\bno way out\b|\b(?:at|reached) the end of (?:my|the) (?:rope|tether|road)\b",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:there'?s|there is|no|without) (?:no )?(?:hope|future) (?:left |anymore |for me|ahead)|\bi have no (?:hope|future)\b|\bhopeless(?:ness)? (?:and|,) (?:worthless|useless|trapped|alone)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i feel|i'?m|i am|feeling|i felt) (?:so |completely |utterly |totally )?(?:hopeless|trapped|worthless|empty inside|dead inside)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:don't|do not|dont) (?:see|know) (?:how|why) (?:i can|i'll|i could|to) (?:keep going|go on|carry on|continue|survive|live|keep living)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\bwhy (?:am i|bother) (?:still )?(?:here|alive|living|going on|trying)\b|\bwhy (?:should|do) i (?:keep going|go on|carry on|bother living|stay)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:death|dying|dead) (?:would be|seems|is|feels like|sounds like) (?:a |the )?(?:relief|release|easier|better|the only|peaceful|welcome|an escape|a mercy)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:i'?d|i would|would) (?:rather|prefer to) (?:be dead|die|not be here|not be alive|not exist|not wake up)\b(?! than)",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:long|longing|yearn|yearning|pray|praying|hope|hoping) (?:for|that) (?:death|the end|it to be over|god takes me|i die)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:easier|better|simpler|a relief|kinder|fine|okay|ok|peaceful|quieter) (?:for (?:everyone|everybody|them|all of us|my family) )?if i (?:just )?(?:didn't|did not|wasn't|weren't|was not|were not|no longer|stopped|ceased to|died|disappeared|was gone|were gone|never woke up|didn't wake up)(?: exist| here| around| wake up| alive| existing| anymore)?\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:hit by a (?:bus|car|truck|train)|died in my sleep|didn't wake up|don't wake up|never woke up|dropped dead|cancer (?:took|takes|wins)|it (?:took|takes) me)\b.{0,40}\b(?:relieved|a relief|wouldn't mind|would not mind|wouldn't care|be glad|be fine with|be ok with|okay with|grateful|welcome it|be happy)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:wouldn't|would not|won't|don't) (?:mind|care) if i (?:died|didn't wake up|never woke up|got hit|dropped dead|was gone|don't wake up|didn't make it)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:waiting|wait|waited) (?:for )?(?:it all|everything|it|life|this|the end|death|my life) (?:to )?(?:be over|end|stop|finish|come)\b|\bwaiting (?:to die|for death|for the end)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:stick|sticking|hang|hanging|stay|staying) around (?:for it|much longer|any longer|anymore|for this|for much longer)\b|\b(?:don't|not sure i|no longer) (?:want|wanna) to (?:stick|hang|stay) around\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:stopped|stop|lost|can't|cannot|no longer|don't) (?:seeing|see|find|finding|feel|feeling) (?:the|any) (?:point|reason|meaning) (?:of|in|to) (?:being alive|living|life|going on|anything|it all|carrying on|waking up|existing)\b",
        HOPELESS,
        POSSIBLE,
    ),
    # Plans said without the means.
    _cue(
        r"\b(?:(?:picked|chosen|chose|set|fixed|decided on|got) (?:the|a) (?:date|day|time|night|place)|decision'?s made|decision is made|made my decision|mind is made up|made up my mind|(?:tonight|tomorrow|today|friday|saturday|sunday|monday|tuesday|wednesday|thursday|this weekend)(?:'s| is) the (?:day|night|time)|it'?s planned|it is planned|been the plan|that'?s the plan|the plan is set)\b",
        PLAN,
        HIGH,
        needs_first_person=False,
    ),
    _cue(
        r"\b(?:don't|do not|please don't|no need to|not asking you to|not here to be) (?:try to |be )?(?:talk(?:ed)? me out of it|stop me|talked out of it|change my mind)\b|\bnot (?:posting|asking|here) for (?:advice|help)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:(?:i've|i have|i) (?:organi[sz]ed|arranged|sorted|planned|prepared|set up|put in order|got) (?:everything|it all|all of it|my affairs|my things|the paperwork)|everything'?s (?:sorted|arranged|ready|in order|planned|set up|in place)|set everything up|got everything (?:ready|sorted|in place)|affairs in order)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i'?ll|i will|i'?m going to|going to|gonna|ready to|i'?m ready to) (?:do it|go through with it|end it|finally do it)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:letting|let) it (?:happen|take me|end)\b|\b(?:stopping|stop|stopped|quitting) (?:my |all my )?(?:insulin|dialysis|treatment|meds|medication|chemo)\b.{0,40}\b(?:let(?:ting)? it happen|for good|on purpose|and (?:let|wait)|so (?:it|i) (?:ends?|die|go))\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\bwon't (?:be (?:here|around|alive) (?:for|to see|by|when)|need (?:it|this|my account|them) (?:anymore|any more|after))\b",
        FAREWELL,
        HIGH,
    ),
    # Means thought about.
    _cue(
        r"\b(?:think|thinking|thought|imagine|imagining|picture|picturing|urge to|urges to|tempted to|tempting to|want to|wanting to|dream about|dreaming about|fantasi[sz]e about|fantasi[sz]ing about|can't stop thinking about|keep thinking about|considering|consider) (?:about |of )?(?:\w+ ){0,5}(?:jumping|jump|stepping (?:off|out|in front)|step (?:off|out|in front)|driving (?:my car |the car )?(?:into|off)|crash(?:ing)? (?:the|my) car|swerving|swerve|steering into|walking into (?:the sea|traffic|the river)|throwing myself|hanging myself|overdosing|using it on myself|taking them all|taking all of them|swallowing them all|not waking up|ending it|pulling the trigger|the trigger)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:enough|sufficient|plenty) (?:\w+ ){0,3}to (?:not wake up|never wake up|kill me|end it|do it|die|be fatal|finish me)\b|\b(?:it'd|it would|that would|would) be (?:quick|fast|painless|easy|over quickly|enough)\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:most|more) (?:dangerous|deadly|lethal|fatal|toxic) (?:together|combination|combo|mix|dose)\b|\b(?:lethal|fatal|deadly) (?:dose|amount|combination|combo)\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:kept|keeping|saved|saving|hoarded|hoarding|stashed|stashing) (?:every|each|all (?:the|my)|my) (?:leftover |old |spare |unused )?(?:prescriptions?|pills?|tablets?|boxes|packets|blister packs|meds|leftovers)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:gun|rifle|shotgun|pistol|firearm)\b.{0,80}\b(?:myself|on me|my head|thinking about (?:it|using)|think about (?:it|using)|can't stop thinking)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    # Farewell said in other words.
    _cue(
        r"\b(?:signing|sign|logging|log|checking) (?:off|out) (?:for good|forever|permanently|for the last time|one last time)\b|\b(?:last|final) time (?:logging (?:in|on)|posting|here|on here|i post|writing)\b|\b(?:this|it) is goodbye\b|\bsay(?:ing)? (?:a )?(?:proper )?goodbye (?:properly |now )?(?:before i go|to you all|to everyone|to all of you|while i can)\b|\bbefore i go\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:nice|good|lovely) knowing (?:you|some of you|you all|everyone)\b|\b(?:final|last) update\b.{0,80}\b(?:won't be|no more|there won't|after this)\b|\bwon't be any more (?:updates|posts)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\bif anything (?:happens|should happen|were to happen|ever happens) to me\b|\bin case (?:something|anything) happens to me\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:i tried|i'm sorry|im sorry|sorry)[.,!… ]+(?:i tried[.,!… ]+)?(?:goodbye|bye|farewell)\b|\bsorry to (?:everyone|all|everybody) (?:i|i've) (?:let down|hurt|disappointed|failed)\b|\b(?:goodbye|farewell)\W*(?:❤️|❤|💔|🖤)?\W*$",
        FAREWELL,
        POSSIBLE,
    ),
    # Self-harm in other words.
    _cue(
        r"\b(?:cut|burned|burnt|hurt|harmed|scratched|hit|punched) (?:myself )?again\b(?<!hair cut again)|\bhide (?:the |my |fresh |new )?(?:cuts|scars|burns|marks|wounds|bruises)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:cut|burned|burnt|burn|hit|hitting|punch|punched|punching|bang|banged|banging|scratch|scratched|scratching|pick|picking|picked|slap|slapped|bite|bit|biting) (?:at )?my (?:own )?(?:arms?|head|thighs?|legs?|skin|wrists?|hands?|fists?|stomach|face|chest|wound|scars?)\b.{0,60}\b(?:on purpose|until|till|til|when i can't cope|when it gets bad|whenever|to feel|so it|with a (?:lighter|blade|razor|knife|hairbrush|belt)|against the wall|bleeds?|bruise|bruises|bleeding|purple|aimed at me)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:(?:clean|free|sober) (?:from|of) (?:cutting|self[- ]?harm(?:ing)?|sh)|(?:days|weeks|months|years) (?:clean|free|without (?:harming|hurting|cutting) myself|sh free))\b(?=.{0,80}\b(?:about to|going to|struggling|urges?|close to|so hard|can'?t (?:hold|stop|keep)|relapse|broke|break it)\b)",
        SELF_HARM,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:deserve|deserved) (?:the |to feel |to be in |more )?(?:pain|to hurt|to suffer|it to hurt)\b|\bneed (?:it|the pain|to feel (?:the )?pain|it) to hurt\b|\bneed (?:the )?pain\b|\badd more (?:of it|pain)\b",
        SELF_HARM,
        POSSIBLE,
        needs_first_person=True,
    ),
    # Wishes said through the illness, the surgery, the road.
    _cue(
        r"\b(?:hop(?:e|ing)|pray(?:ing)?|wish(?:ing)?|want(?:ing)?|secretly hoping|keep wishing) (?:that )?(?:the |my |this )?(?:scan|pet scan|cancer|tumou?r|illness|disease|surgery|op|operation|ms|lupus|crohn'?s|it|results?|biopsy|heart|kidneys?|infection|chemo)\b.{0,40}\b(?:spread|spreads|terminal|lights? up|take me|takes me|kill me|kills me|wins?|hurry up|finish me|don'?t wake|not wake|goes wrong|go wrong|fails?|is the end|out of my hands)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:let(?:ting)?|allow(?:ing)?) (?:the |my |this )?(?:illness|disease|cancer|lupus|crohn'?s|ms|diabetes|kidneys?|body|infection|it)\b.{0,20}\b(?:win|take me|do (?:what|whatever) it wants|finish me|run its course)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:stopped|stop|stopping|quit|quitting|skipp(?:ed|ing)|skip|binned|threw away|thrown away|cancel+ed|cancel+ing|refus(?:e|ed|ing)) (?:all |taking |two |my |the )*(?:meds|medication|medicine|treatment|humira|insulin|dialysis|sessions|chemo|follow-?ups|appointments|pills|tablets|transfusions?|infusions?|biologics?|steroids|heart meds|inhalers?)\b.{0,80}\b(?:on purpose|not telling|nobody|no one|hoping|want it|let it|too late|spread|win|for good|deliberately|i want|so it|until it'?s)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:if i (?:don'?t|do not|never) wake up|not waking up)\b.{0,80}\b(?:hoping|hope|outcome|relief|don'?t be sad|nobody be sad|fine by me|please)\b|\b(?:outcome|result) i'?m hoping for\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\bhow easy it(?:'d| would) be\b|\bif (?:it|the (?:truck|lorry|bus|car|semi)) (?:just )?(?:drifted|swerved|hit me|came into my lane)\b|\b(?:thank|thanked) the driver\b|\bstopped looking when i cross\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\bwhy did (?:they|you|anyone|the (?:paramedics|doctors|nurses)) (?:bother )?(?:bring(?:ing)? me back|save me|saving me|resuscitate me|wake me)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:i should (?:just )?die|i(?:'d| would) be better dead|wish i wasn'?t alive|wish i was not alive|i wasn'?t alive anymore|(?:a )?danger to myself|help it along|not (?:be|being) alive (?:tomorrow|by|next)|plan not to be (?:here|alive|around)|(?:don'?t|can'?t) see myself (?:alive|here|being here|making it) (?:by|at|for|in|past|after|next)|picturing my (?:own )?death|imagining my (?:own )?(?:death|funeral)|think(?:ing)? about my (?:own )?(?:death|funeral)|(?:step|stepping) out of the picture|stop getting in its way|(?:be )?let off from ever|(?:close|closing) my eyes (?:tonight |and )?(?:and )?(?:never|not) open|one less of me|(?:world|everyone|everybody|they) (?:would|'d) (?:balance out|be) (?:better|fine|lighter) (?:with one less|without))\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:would|'d|could|will) (?:get (?:his|her|their|my) li(?:fe|ves) back|finally be free|be free of me|move on|be better off with the (?:life )?insurance|(?:be )?better off with (?:the|my) (?:life )?insurance)\b|\bwithout me\b",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:relief|relieved|good news|a way out|finally a way out)\b.{0,60}\b(?:als|mnd|terminal|tumou?r|cancer|not waking|way out|nobody can blame)\b",
        WISH,
        POSSIBLE,
        needs_first_person=True,
    ),
    # Preparations.
    _cue(
        r"\b(?:when|once|after) i'?m (?:gone|dead|not here|no longer here)\b|\bfor when i'?m gone\b|\b(?:then|and then) i can go\b|\bthat'?s it for me\b|\bgo(?:ing)? through with it\b|\b(?:isn'?t|is not|aren'?t|not) the one (?:who|that) finds? me\b|\blast item (?:on the list )?is me\b|\beverything i need is (?:already )?(?:put aside|ready|here|sorted|hidden)\b|\b(?:paying|paid) off (?:every|all) (?:debt|my debts)\b|\b(?:timed|planned) it for after\b|\bby my (?:own )?choice\b|\bby my own hand\b|\bmy own hand\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:enough|enough yet|is it enough|if it'?s enough)\b.{0,10}$|\b(?:holding|held|keeping|kept) (?:a few|some|one or two|them|pills|tablets) back\b|\b(?:dangerous|deadly|lethal|fatal|toxic) (?:together|in (?:large|big) amounts)\b|\b(?:what|how) (?:\w+ ){0,4}(?:do|does|would) in (?:large|big|huge) (?:amounts|doses|quantities)\b|\b(?:takes?|took) too much of (?:my|their|his|her) \w+\b|\bis (?:the \w+ route|it) (?:actually )?painless\b|\b(?:painless|quickest|best) (?:way|method|route)\b|\b(?:height|drop) of (?:the|that) (?:bridge|car park|multistorey|building|cliff|footbridge|viaduct|tower)\b|\bcloser than i should\b|\bno fence\b|\b(?:walk|walked|walking|timing) (?:how long .{0,20})?to the middle\b|\blike they'?re instructions\b|\b(?:ranks?|list(?:s|ed)?) which (?:drugs|pills|meds|methods)\b|\bpill stash\b",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:rifle|gun|shotgun|pistol)\b.{0,60}\b(?:held it|holding it|loaded|in my (?:hand|lap|mouth)|key on my keyring|out of the (?:gun )?safe)\b|\b(?:stepping|step|walk|walking|wade|wading) (?:in|into the (?:water|river|sea|lake))\b.{0,20}$",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    # Farewell in other words.
    _cue(
        r"\b(?:none of (?:it|this) (?:was|is) (?:your|anyone'?s) fault|(?:it )?isn'?t because of you|it'?s not because of (?:you|anyone)|don'?t blame yourselves?|(?:delete|close) my account once you hear|once you hear|(?:the )?long goodnight|(?:it was|it'?s been) (?:lovely|nice|an honou?r|good) (?:knowing|being \w+ (?:alongside|with)) (?:every one of )?(?:you|all of you)|(?:the )?last thing i'?ll (?:ever )?write|that'?s it from me|won'?t be (?:around|here) to (?:read|see) (?:the |your )?(?:replies|answers)|i'?m not coming back|(?:mine|my pain|it all|my life|everything) ends? tonight|i'?m the one ending it|final check-?in)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"(?:^|[.!?] )(?:last|final) (?:message|post|words|thing)\b|\bthis is the last (?:time|message|post)\b",
        FAREWELL,
        POSSIBLE,
    ),
    # Self-harm in other words.
    _cue(
        r"\b(?:on purpose|deliberately|intentionally|purposely)\b|\bpunish(?:ing|ed|ment)?\b|\b(?:feels|it'?s|was) deserved\b",
        SELF_HARM,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:the|a|my|razor|compass|pencil sharpener) (?:blade|point|razor)\b.{0,40}\b(?:wrist|arm|leg|thigh|skin|ankle|stomach|again|back)\b|\b(?:handful|fistful) of (?:extra )?(?:pills|tablets|meds)\b|\b(?:till|until|til) (?:it|they|i) (?:bled|bleeds?|blistered|bruised)\b|\b(?:eating|ate|eat|eaten) (?:almost |next to )?nothing\b.{0,40}\b(?:punish\w*|on purpose|deliberately|deserve\w*)\b|\b(?:rien mange|pas mange|jeune|saute (?:des|mes) repas)\b.{0,40}\b(?:punir|merite\w*|punition)\b",
        SELF_HARM,
        HIGH,
        needs_first_person=True,
    ),
    # Slang in other words.
    _cue(
        r"\b(?:permanent|final|forever) (?:log ?off|logout|nap|sleep|exit|vacation|holiday|solution)\b|\bfeeling (?:very |real |so )?rope\b|\btop (?:my ?self|meself)\b|\buninstall(?:ing)?\b.{0,20}\b(?:me|myself|from everything|from life)\b|\brage ?quit(?:ting)? (?:life|la vie)\b|\bunsubscribe from life\b|\bdelete (?:my ?self|me) from\b",
        IDEATION,
        HIGH,
    ),
    _cue(
        r"\b(?:if i (?:died|die|was gone|were gone|didn't wake up|don't wake up)),? (?:it|that|nobody|no one)? ?(?:would|wouldn't|'d|won't)? ?(?:be|matter|care|miss|a relief|fine|ok|okay)\b",
        WISH,
        POSSIBLE,
    ),
]

FRENCH = [
    _cue(
        r"\b(?:might|may|would) be for the best\b|\bstopped caring (?:whether|if) i\b|\bpour le mieux\b.{0,20}$|\bpeut-etre mieux comme ca\b",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:not|never|pas|plus) (?:turning|tourner|turn) (?:the|le) (?:wheel|volant)\b|\blet go of the wheel\b|\blacher le volant\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\bwhere i'?m (?:headed|going)\b|\bla ou je vais\b",
        PLAN,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:gave|given|giving|left|handed|rehomed) (?:the|my) (?:dog|cat|pets?|rabbit|birds?|fish|parrot) (?:to|with)\b|\b(?:donne|confie|laisse) (?:le|mon|ma|mes) (?:chien|chat|chatte|animaux|lapin|oiseaux?) a\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\bnot for (?:a|the) (?:holiday|trip|vacation|break)\b|\bpas pour (?:des|les) vacances\b",
        PLAN,
        HIGH,
    ),
    _cue(
        rf"\b{_PILLS} (?:that )?(?:i'?ve been|i have been|i'?m|i am|i've) (?:saving|hoarding|stockpiling|collecting|keeping|hiding|stashing)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:bottle of|bouteille de) (?:whisky|whiskey|vodka|wine|gin|rum|rhum|vin|alcool)\b.{0,60}\b(?:on (?:my|the) (?:kitchen )?table|in front of me|sur la table|devant moi)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\bgoodbye properly\b|\bdire (?:au revoir|adieu) (?:correctement|comme il faut)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:please )?don'?t be sad\b|\bne soyez pas tristes?\b|\bdon'?t cry for me\b|\bne pleurez pas\b|\bi'?m going now\b|\bje m'en vais maintenant\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(r"\b(?:gun|fusil|arme|rifle|carabine)\b.{0,80}\b(?:cle|key)\b", METHOD, HIGH),
    _cue(
        r"\b(?:horaires des (?:trains|tgv|rer|metros?)|train (?:times|timetable|schedule))\b.{0,20}\b(?:par coeur|by heart)\b",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:trois|plusieurs|deux|quatre|three|several|two|four|different|differentes) (?:pharmacies|chemists)(?: differentes| different)?\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:crisser|sacrer) (?:mon|le) camp pour de bon\b|\bpartir pour de bon\b",
        IDEATION,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:will|gonna|going to|'ll|is going to) kill me\b|\b(?:se) (?:scarifie|coupe|mutile|suicide|tue|fait du mal|scarifier|couper|suicider|tuer)\b",
        IDEATION,
        POSSIBLE,
    ),
    # Means within reach, preparations, plans said in few words (both languages).
    _cue(
        r"\b(?:gun|rifle|shotgun|pistol|fusil|carabine|arme|pistolet)\b.{0,80}\b(?:by the bed|under (?:the|my) bed|next to (?:the|my) bed|in my (?:room|bedroom|drawer)|loaded|sous (?:le|mon) lit|a cote du lit|dans ma chambre|charge)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:hose|hosepipe|tuyau)\b.{0,60}\b(?:exhaust|echappement)\b|\b(?:exhaust|echappement)\b.{0,60}\b(?:hose|hosepipe|tuyau)\b|\bcharcoal\b.{0,40}\b(?:room|car|tent|bathroom|sealed)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:boxes|packs|packets|boites|plaquettes)\b.{0,40}\b(?:each|every|different|chaque|plusieurs|differentes) (?:pharmacy|pharmacies|chemist|chemists|pharmacie|pharmacies)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:footbridge|bridge|overpass|viaduct|passerelle|pont|viaduc|parking|car park|roof|toit)\b.{0,60}\b(?:i stop|i linger|i stand|longer and longer|je m'y arrete|je m'arrete|de plus en plus longtemps|je reste|i stay)\b",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:calculated|worked out|figured out|calcule|compte) (?:the |la |le |exactly )?(?:amount|dose|quantity|quantite|dosage|moment|timing|how much)\b|\bdate,? time,? (?:and )?(?:place|where)\b|\b(?:the )?(?:date|day|time)(?:'s| is| has been) (?:picked|set|fixed|chosen|decided)\b|\bla date est (?:fixee|choisie|decidee)\b|\bce sera le moment\b|\bthat'?s when\s*[.!]?\s*$|\bthe whole night to myself\b|\bla nuit entiere\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:i don'?t just mean|and not just the treatment|je (?:ne )?parle pas que|pas seulement (?:du|le) traitement)\b|\b(?:stopping|stop|arrete|j'arrete) (?:everything|tout)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\bwon'?t be needing (?:it|them|this|that)\b|\bn'en aurai (?:plus|pas) besoin\b|\bnot planning on (?:having|being|seeing) (?:one|a next|next|another|it|there)\b|\b(?:they|she|he|my \w+) (?:won'?t|will not) have to (?:carry|look after|care for|deal with|worry about|put up with) me\b|\bn'auront plus a me (?:porter|supporter|soigner|gerer)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:don'?t|dont|do not) (?:really )?care what happens to me\b|\bje me (?:fiche|fous) de ce qui m'arrive\b|\bmight solve a (?:few|lot of) problems\b|\b(?:ca|ça) reglera (?:le|les) probleme\w*\b|\bsi ca tourne mal,? tant pis\b|\bc'etait la douleur,? pas (?:toi|vous)\b|\bit was the pain,? not you\b|\bje viendrai plus\b|\bmoi j'ai fini\b|\bvous allez me manquer\b.{0,60}\b(?:fini|dernier|adieu)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:rehomed|re-homed|gave away|found a home for) (?:the|my) (?:cat|dog|pets?|rabbit)\b.{0,120}\b(?:tidy|sorted|in order|ready|paperwork|spare key|everything'?s)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:sans me (?:couper|scarifier|faire (?:de |du )?mal|mutiler))\b",
        SELF_HARM,
        POSSIBLE,
    ),
    # Envie de mourir, idées suicidaires.
    _cue(
        r"\b(?:veux|voudrais|veut|voulais|aimerais|souhaite|souhaiterais|prefererais|envie de|besoin de|ai hate de|ai juste envie de) (?:juste |vraiment |simplement |tellement |seulement )?(?:mourir|crever|etre mort|etre morte|ne plus etre la|ne plus exister|disparaitre pour (?:toujours|de bon)|dormir pour toujours|m'endormir pour toujours|partir pour de bon|en finir|partir pour toujours|ne plus (?:me )?reveiller|ne pas me reveiller)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:j'aimerais|je voudrais|j'espere|je prie pour|j'aimerai) (?:juste )?(?:ne (?:plus|pas) me reveiller|m'endormir et ne (?:plus|pas) me reveiller|ne jamais me reveiller|que tout s'arrete|mourir)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:m'endormir|dormir|m'endormir ce soir) et ne (?:plus|pas|jamais) (?:me )?reveiller\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\b(?:plus|pas|aucune?) (?:envie|gout|desir|force|raison|courage) (?:de |a |d')?(?:vivre|la vie|continuer|me lever|me battre|rien|exister|etre la|avancer)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:n'ai|n'a|ai|j'ai) plus (?:du tout |aucun |le moindre )?(?:gout|envie|goût) (?:a|de) (?:la vie|vivre|rien)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"(?<!\bva )(?<!\bvont )(?<!\bvas )(?<!\ballez )(?<!\bvais pas )\b(?:me suicider|me suicide|me tuer|me tuerai|me tuerais|me donner la mort|mettre fin a (?:mes jours|ma vie|mon existence|tout)|mette fin a mes jours|en finir avec (?:la vie|ma vie|tout|l'existence|moi)|me foutre en l'?air|me fiche en l'?air|me flinguer|me buter|me pendre|me jeter (?:sous|du|d'un|par|dans|a l'eau|devant)|me tirer une balle|me defenestrer|me noyer|me faire sauter (?:le caisson|la cervelle)|m'ouvrir les veines|me laisser mourir|me supprimer|me detruire|m'ôter la vie|m'oter la vie|sauter d'un pont|sauter du (?:pont|balcon|toit|haut)|sauter par la fenetre)\b(?! (?:a la tache|au travail|a le dire|a vous le dire|a le repeter|a repeter|a expliquer|a travailler|de rire|de fatigue))",
        IDEATION,
        HIGH,
    ),
    _cue(
        r"\ben finir\b(?! avec (?!(?:la vie|ma vie|tout|l'existence|moi)\b))(?! (?:avec|une bonne fois) (?:les|ces|la|le|cette|ce|mes|mon|ma) )",
        IDEATION,
        HIGH,
    ),
    _cue(
        r"\bsuicidaire(?:s)?\b|\bsuicide\b|\btentative de suicide\b|\b(?:une|ma|la|refaire une|fait une|faire une|nouvelle) ts\b|\bidees (?:tres )?noires\b|\bpensees (?:tres )?noires\b|\bpasser a l'acte\b|\bpassage a l'acte\b",
        IDEATION,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:pense|pensais|penser|songe|songer|reflechis|reflechir|pensé) (?:serieusement |souvent |beaucoup |de plus en plus |tout le temps )?(?:a|au) (?:la mort|mourir|partir|en finir|disparaitre|ne plus etre la|suicide|me tuer)\b",
        IDEATION,
        HIGH,
    ),
    _cue(
        r"\b(?:mourir|la mort|partir) (?:serait|me semble|c'est|est) (?:une |un |la )?(?:delivrance|soulagement|plus simple|plus facile|mieux|la solution|la seule|une solution|une liberation|un repos)\b",
        WISH,
        HIGH,
    ),
    _cue(
        r"\bje (?:prefererais|prefere|voudrais mieux) (?:mourir|etre mort|etre morte|ne plus etre la|ne pas me reveiller|disparaitre)\b",
        WISH,
        HIGH,
    ),
    # Argot.
    _cue(
        r"\b(?:crever|creve|clamser|caner|y rester|me faire la malle pour de bon|quitter ce monde|quitter cette vie|tirer ma reverence|partir les pieds devant)\b(?! (?:de|d') (?:chaud|froid|faim|soif|fatigue|rire|honte|ennui|jalousie|peur))",
        WISH,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:veux|vais|voudrais|envie de|j'ai envie de|pret a|prete a|prete de|pret de) (?:juste )?(?:crever|clamser|caner|me flinguer|me buter|me pendre|me foutre en l'air|quitter ce monde)\b(?! (?:de|d') (?:chaud|froid|faim|soif|fatigue|rire|honte|ennui))",
        IDEATION,
        HIGH,
    ),
    # Plan, moyens, préparatifs.
    _cue(
        rf"\b(?:j'ai|jai|je|ai|j'avais) (?:deja |bien |soigneusement |tout )?(?:mis de cote|garde|stocke|accumule|economise|cache|mis a l'abri|amasse|achete|rassemble|compte|conserve|recupere|prepare|aligne) (?:toutes |tous |tout |assez |plusieurs |des |de |les |mes |la |une |ma |un |mon )*(?:{_MEDS_FR}|corde|lames?|rasoirs?|boites? de \w+|de quoi (?:en finir|mourir|partir)|ce qu'il faut|assez)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        rf"\b(?:avaler|prendre|ingurgiter|avale|prendrai|avalerai) (?:toute (?:la|ma) (?:boite|plaquette|reserve)|toutes? (?:mes|les) (?:{_MEDS_FR})|tout (?:le stock|d'un coup|ce que j'ai)|la boite entiere|toute la boite|tous mes|toutes mes|tout mon stock)",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:c'est decide|j'ai decide|ma decision est prise|j'ai pris ma decision|j'ai tout prevu|tout est prevu|tout est pret|j'ai choisi (?:la date|le jour|le moment|l'endroit)|j'ai fixe (?:la date|le jour)|j'ai un plan|j'ai mon plan|je sais comment (?:je vais|faire|le faire|m'y prendre)|je sais (?:quand|ou) je vais le faire|ce sera (?:ce soir|demain|cette nuit|ce week-?end|samedi|dimanche))\b",
        PLAN,
        HIGH,
        needs_first_person=False,
    ),
    _cue(
        rf"\b{_QUAND_FR},? (?:je (?:le )?ferai|je vais le faire|je le fais|j'y vais|je pars|je passe a l'acte|ce sera fini|tout sera fini|je prends tout|j'avale tout|je vais tout avaler|je vais partir|c'est fini)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:tout sera (?:bientot )?fini|ce sera (?:bientot )?fini|tout sera termine) (?:ce soir|demain|cette nuit|bientot|pour moi)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:j'ai|jai|je) (?:ecrit|ecris|redige|laisse|prepare) (?:une |des |ma |mes |quelques )?(?:lettres?|mots?|messages?) (?:d'adieu|pour (?:mes|ma|mon|les|apres|ceux)|a (?:mes|ma|mon) \w+)",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:je ne serai|je serai|j'serai|je ne vais) (?:bientot |probablement |sans doute )?(?:plus (?:la|parmi vous|de ce monde)|pas la (?:demain|longtemps)|plus etre la)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:regarde|cherche|cherche sur (?:internet|google)|renseignee?|informee?|calcule|calculer|savoir|connais|sais) (?:la dose (?:mortelle|letale|toxique)|combien (?:de|il faut) .{0,30}(?:pour|mourir|en finir)|comment (?:mourir|en finir|me tuer|partir|on meurt|se pendre|se suicider)|quel (?:pont|medicament|moyen))",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\bcombien (?:de |d')?\w+ (?:\w+ )?(?:faut[- ]il|il faut|faudrait[- ]il) (?:pour|avant de) (?:mourir|en finir|ne (?:plus|pas) se reveiller|que ce soit mortel)",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:debout|assise?|sur le (?:rebord|pont|toit|balcon)|au bord (?:du|de la) (?:pont|falaise|quai|vide)|devant (?:le|la) (?:pont|voie|fenetre))\b.{0,30}\b(?:sauter|en finir|le vide|mourir|partir)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:j'ai|jai) (?:donne|distribue|offert) (?:toutes? )?(?:mes|la plupart de mes) (?:affaires|vetements|livres|biens|objets|economies|bijoux)\b",
        METHOD,
        HIGH,
    ),
    _cue(r"\bsurdose\b|\boverdose\b", METHOD, POSSIBLE, needs_first_person=True),
    _cue(
        r"\b(?:me jeter|me lancer|foncer|me precipiter) (?:sous|contre|dans) (?:un|une|le|la) (?:train|metro|bus|camion|voiture|mur|arbre|riviere|seine)\b",
        METHOD,
        HIGH,
    ),
    # Adieux.
    _cue(
        r"\b(?:c'est|ce sera|voici|ceci est|sera) (?:mon|le|ma) (?:dernier|derniere|ultime) (?:message|post|fois|mot|intervention)\b|\bmon (?:dernier|ultime) (?:message|post|mot)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\badieu\b(?! (?:les|la|le|aux|a la|au|a mes|a ma|a mon|mes|ma|mon|ces|cette|ce|veau|vache|tabac|gluten|sucre|douleurs?|migraines?|cigarettes?|cortisone|pilules?|insuline|traitement|hopital)\b)",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:au revoir|salut|bye) (?:a (?:tous|toutes|tout le monde|vous)|tout le monde|les amis),? (?:pour (?:toujours|de bon)|definitivement|c'etait|merci pour tout|je vous aime)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\bquand vous lirez (?:ce message|ceci|ces lignes|ce post)\b", FAREWELL, HIGH
    ),
    _cue(r"\bmerci (?:a tous |a toutes |a vous tous )?pour tout\b", FAREWELL, POSSIBLE),
    _cue(
        r"\b(?:prenez|prends|occupez-vous|occupe-toi) (?:bien )?(?:soin )?(?:de|d') (?:mon chat|mon chien|mes enfants|mes chats|mes animaux|ma fille|mon fils|mes bebes)\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\bpardon(?:nez-moi)? pour (?:tout|ce que je vais faire)\b", FAREWELL, POSSIBLE
    ),
    _cue(
        r"\bje (?:vous )?dis (?:adieu|au revoir) (?:a tous|a toutes|a tout le monde|pour de bon|definitivement)\b",
        FAREWELL,
        HIGH,
    ),
    # Automutilation.
    _cue(
        r"\b(?:scarif|me (?:scarifiais|coupais|brulais|faisais du mal|scarifier|scarifie|scarifiee?|suis scarifiee?|suis encore scarifiee?|couper|coupe|suis coupee?|suis encore coupee?|bruler|brule|suis brulee?|mutiler|mutile|suis mutilee?|taper|tape|frapper|frappe|griffer|griffe|lacerer|faire du mal|fais du mal|fait du mal|suis fait du mal|suis faite du mal|faire mal expres|cogner la tete|ronger jusqu'au sang|entailler|entaille|suis entaillee?)|m'automutiler|m'automutile|me suis automutilee?|me suis fait du mal|me suis faite? mal expres)\b(?! (?:en (?:cuisinant|tombant|jardinant|bricolant)|avec (?:le|la) (?:couteau|four|fer|bouilloire|casserole) en|par accident|accidentellement|au (?:doigt|pouce) en))",
        SELF_HARM,
        HIGH,
        self_ref=True,
    ),
    _cue(
        r"\b(?:scarifications?|automutilation)\b",
        SELF_HARM,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:envie|besoin|pulsions?) (?:de me|de me faire) (?:couper|scarifier|mutiler|bruler|faire du mal|faire mal|frapper)\b",
        SELF_HARM,
        HIGH,
    ),
    _cue(
        r"\b(?:rechute|replonge|recommence)\w* (?:dans |avec )?(?:la |les )?(?:scarification|automutilation|lames)\b",
        SELF_HARM,
        HIGH,
    ),
    # Désespoir, fardeau.
    _cue(
        r"\ba quoi bon (?:continuer|vivre|me battre|tout ca|lutter|se battre|rester|exister|me lever|essayer|tenir)\b|\ba quoi bon\s*(?:[.!?…]|$)",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:je |j')?(?:ne |n')?(?:vois|voie|trouve|vois meme) (?:plus|pas|aucun|aucune|plus aucun|plus aucune) (?:le |de |d'|l')?(?:sens|interet|issue|avenir|sortie|raison|solution|lumiere|bout du tunnel|pourquoi (?:continuer|vivre|je suis la)|comment (?:continuer|tenir|m'en sortir))\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:ma vie|la vie|vivre|tout ca|exister) (?:n'a|na|a) (?:plus|pas|aucun) (?:de |aucun )?(?:sens|interet|valeur)\b|\bla vie ne vaut (?:plus|pas) (?:la peine|le coup)\b|\bca ne vaut (?:plus|pas) la peine de (?:vivre|continuer)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:je ne |j'?|je )?(?:peux|peut|pourrai|arrive) (?:plus|pas) (?:continuer (?:comme ca|a vivre|ainsi)?|vivre (?:comme ca|ainsi)|tenir (?:longtemps|comme ca)?|avancer|supporter (?:de vivre|la vie|cette vie)|me battre|faire semblant)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\bj'en peux plus de (?:vivre|cette vie|la vie|tout|exister|me reveiller)\b|\b(?:marre|fatigue|fatiguee|lasse|las) de (?:vivre|la vie|cette vie|exister|me battre|me reveiller|tout)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:un|une) (?:poids|fardeau|charge|boulet) pour (?:tout le monde|ma famille|mes proches|mes enfants|mon mari|ma femme|les autres|eux|vous|mes parents|mon entourage)\b|\b(?:serai(?:en)?t|seront|iraient|irait|vivraient|vivrait|seraient) (?:bien )?(?:mieux|plus heureux|plus heureuses?|liberes?) sans moi\b|\bmieux sans moi\b",
        HOPELESS,
        POSSIBLE,
        self_ref=True,
    ),
    _cue(
        r"\bpersonne ne (?:me regretterait|me regrettera|remarquerait|s'en rendrait compte|verrait la difference|me pleurerait|s'apercevrait)\b|\b(?:personne|nul) ne (?:va|vas) me regretter\b",
        HOPELESS,
        POSSIBLE,
        self_ref=True,
    ),
    _cue(
        r"\b(?:disparaitre|partir|m'effacer|ne plus exister|ne plus etre la|ne plus me reveiller|que tout s'arrete|tout arreter|que ca s'arrete(?: pour de bon)?|en terminer)\b(?: pour (?:toujours|de bon)| a jamais| definitivement)?",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:je suis|suis|je me sens|me sens) (?:completement |totalement |tellement |vraiment )?(?:au bout du rouleau|a bout de tout|sans espoir|desesperee?|vide a l'interieur|morte? a l'interieur|pris au piege|prise au piege|a bout)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:je baisse|j'abandonne|je lache|je laisse tomber) (?:tout|les bras|la vie|le combat|l'affaire)?\s*(?:[.!…]|$)|\bj'abandonne tout\b|\bplus la force (?:de|d') (?:vivre|continuer|me battre|tenir|lutter)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:aucun|pas d'|plus d'|sans) (?:espoir|avenir)(?: pour moi)?\b|\bje n'ai (?:plus )?(?:aucun )?(?:espoir|avenir)\b",
        HOPELESS,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\bpourquoi (?:je suis (?:encore )?(?:la|en vie|vivante?)|continuer|rester en vie|je continue|me battre|me lever le matin)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:aimerais|voudrais|veux|envie de|souhaite|prefererais) (?:juste |tellement |simplement )?(?:disparaitre|m'effacer|ne plus exister|ne plus etre la|partir loin de tout|m'endormir)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:plus simple|mieux|un soulagement|plus facile|une delivrance|plus reposant) (?:pour (?:tout le monde|eux|ma famille) )?si je (?:ne )?(?:me reveillais pas|n'etais plus la|n'existais plus|disparaissais|mourais|partais|ne me reveillais plus)\b|\b(?:ce serait|serait) (?:un )?(?:soulagement|delivrance|liberation)\b",
        WISH,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:j'en ai|j'ai) (?:fini|termine|assez) (?:de|avec) (?:lutter|vivre|me battre|la vie|tout|cette vie|exister)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:j'attends|attendre|attends) (?:juste |seulement |simplement )?(?:que tout|que ca|que la vie|la fin|la mort|que ca se termine|de mourir)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:mets|met|mettrai|mettre|vais mettre) fin a (?:mes jours|ma vie|tout)\b|\bpass\w* a l'acte\b|\ben finir\w*\b|\bprete? a le faire\b",
        IDEATION,
        HIGH,
        needs_first_person=False,
    ),
    _cue(
        r"\b(?:c'est|ce sera|ca sera) (?:pour )?(?:ce soir|cette nuit|demain|ce week-?end|vendredi|samedi|dimanche|lundi|mardi|mercredi|jeudi)\b|\b(?:j'ai )?tout (?:organise|prepare|prevu|regle|range|mis en ordre)\b|\bmes (?:lettres|papiers) sont (?:ecrites|prets|prêtes|rangees?)\b|\bj'ai (?:repere|choisi|trouve) (?:le moment|l'endroit|le jour|la date)\b",
        PLAN,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:ne m'en empechez pas|n'essayez pas de me (?:faire changer d'avis|retenir|dissuader)|je (?:ne )?demande pas (?:de |d')?(?:conseils?|aide)|pas besoin de me (?:raisonner|retenir))\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:les |je les |j'en )?(?:mets|met|mis|garde|stocke|accumule|cache) (?:de cote|a l'abri|en reserve)\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:pense|pensé|songe|envie|tente|tentee|tentation|pulsion|imagine|m'imagine|me vois|reve) (?:a |de |d')?(?:\w+ ){0,5}(?:sauter|me jeter|foncer|me pendre|me noyer|tout avaler|avaler tout|avaler toute|me tirer|appuyer sur la gachette|le grand saut|me laisser tomber|m'ecraser)\b",
        METHOD,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\bfoncer (?:en voiture |avec ma voiture )?(?:dans|contre|sur) (?:un|une|le|la) (?:arbre|platane|mur|pile|camion|pont|poteau)\b|\b(?:ce serait|ca serait|ca irait) (?:rapide|vite|vite fait|facile|indolore)\b|\b(?:assez|suffisamment) (?:de \w+ )?pour (?:ne (?:plus|pas) me reveiller|mourir|en finir|y rester)\b|\bil y en a assez\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:fusil|arme|pistolet|revolver|carabine)\b.{0,80}\b(?:j'y pense|je pense|me tirer|sur moi|pour moi)\b|\bcombien (?:de |d')?\w+ (?:il )?(?:faudrait|faut)(?:-il)? pour (?:mourir|en finir|ne (?:plus|pas) se reveiller)\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:(?:suis|je suis) (?:reste|restee|monte|montee|alle|allee) .{0,40}(?:au bord|tout en haut|sur le (?:pont|toit|rebord))|(?:regarde|regardais|fixe|fixais) (?:la fenetre|le vide|le pont|les rails))\b",
        METHOD,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:je m'en vais|je pars|je quitte (?:ce forum|tout)) (?:pour de bon|pour toujours|definitivement)\b|\b(?:derniere|ultime) (?:connexion|mise a jour|nouvelle)\b|\bil n'y en aura pas d'autre\b|\b(?:c'etait|c'est) (?:bien|chouette|un plaisir) de vous (?:connaitre|avoir connus?)\b|\bj'en aurai plus besoin\b|\bchoisi de partir\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\bs'il (?:m'arrivait|m'arrive) quelque chose\b|\bpardon (?:a tous|pour tout|a ceux)\b|\b(?:au revoir|adieu|salut (?:tout le monde|a tous))\W*(?:❤️|❤|💔|🖤)?\W*$|\bj'ai essaye[.,!… ]+(?:au revoir|adieu|pardon)\b",
        FAREWELL,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:me suis recoupee?|recoupee?|cacher (?:des|mes|les) (?:coupures|cicatrices|marques|brulures|bleus))\b|\b(?:tape|taper|tapee|cogne|cogner|cognee|frappe|frapper) (?:la tete|ma tete|les poings|mes bras|mes cuisses) contre\b|\bjusqu'au sang\b|\b(?:merite|meritais) (?:d'avoir mal|de souffrir|la douleur)\b|\bbesoin que (?:ca|ça) (?:fasse|me fasse) mal\b|\bexpres\b.{0,40}\b(?:mal|saigne|cicatrise)\b",
        SELF_HARM,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:plus (?:aucune )?envie d'etre en vie|souhaite ma (?:propre )?mort|(?:ne )?me vois (?:pas|plus) (?:continuer a vivre|vivre|vivant|vivante|encore la)|sortie definitive|m'enlever la vie|(?:veux|voulais|voudrais) plus vivre|ne (?:veux|voudrais) plus vivre|pas l'intention d'etre encore la|la mort serait (?:plus )?(?:douce|simple|facile|une delivrance)|(?:qu'il|qu'elle|que (?:ca|tout)) lache,? et moi avec|m'eclipser|que la maladie m'emporte|(?:je )?(?:souhaite|espere|esperant|espere) que (?:ce soit|la maladie|le cancer|ca) (?:une tumeur|m'emporte|aille plus vite|me tue|gagne)|excuse (?:propre )?pour partir|pour que la maladie aille plus vite|(?:fermerais|fermer) les yeux.{0,30}(?:rouvrirais|rouvrir|reveiller) (?:pu|plus|pas|jamais)|je ne lutte plus|je lache\b|pose les armes)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:sans moi,? (?:ils|elle|il|elles|ma famille|mes parents|mes enfants|tout le monde)|un poids mort|plus legers? sans moi|leur epargner la suite|deja commence (?:leur|son) deuil)\b",
        HOPELESS,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:j'ai )?(?:jete|arrete|arreter|stoppe|abandonne|saute|saute exprès|refuse) (?:de prendre )?(?:mes|mon|ma|le|la|les) (?:stylos d'insuline|insuline|traitements?|medicaments|dialyses?|chimio|seances|methotrexate|cachets)\b.{0,80}\b(?:expres|volontairement|on verra|pour que|tant pis|tant mieux|personne|plus simple)\b",
        WISH,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:quand je (?:ne serai plus la|serai partie?|partirai|ne serai plus)|apres mon depart|je ne serai pas la (?:a|pour) (?:noel|son anniversaire|l'ete|la rentree)|(?:samedi|dimanche|ce soir|demain|vendredi) c'est la fin|ou je le ferai|ce que j'ai prevu|j'en suis capable|mon sac est pret|elles les ecouteront apres|ils les (?:liront|ecouteront) apres|(?:ce n'est|c'est) pas (?:au cas ou|pour l'hopital)|je n'en aurai (?:pas|plus) besoin|pour la semaine prochaine|pour quand je partirai|tout est propre pour)\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:j'ai|jai) (?:fait|tente) un essai\b|\btestament\b.{0,80}\b(?:semaine prochaine|bientot|pour (?:ce|la))\b|\bdossier 'apres'|\bdossier apres\b",
        PLAN,
        HIGH,
    ),
    _cue(
        r"\b(?:doses? (?:mortelles?|letales?)|surdosage|intoxications? medicamenteuses?|(?:acheter|achat d')une arme|armureries?|(?:hauteur|photographie) (?:du|de la|le|la) (?:pont|viaduc|falaise|tour|parking)|viaduc|perdre connaissance dans l'eau|combien de temps (?:il faudrait|avant de)|(?:fenetre|balcon).{0,40}(?:s'ouvre|7e|8e|9e|10e|etage)|plusieurs boites de|(?:liste|repere) de ceux qui sont|repere un coin|(?:j'y|y) pense (?:beaucoup )?trop|si j'oubliais mon traitement|plus de (?:lexomil|xanax|stilnox|somniferes))\b",
        METHOD,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:me crisser|me garrocher|me lancer) en bas (?:du|d'un) (?:pont|toit|building)\b|\bjvas?\b.{0,20}\ben bas du pont\b",
        METHOD,
        HIGH,
    ),
    _cue(
        r"\b(?:vous n'y etes pour rien|ne m'en voulez pas|de mon plein gre|par mes propres moyens|grand depart|le dernier tout court|c'est la fin pour moi|je ne saurai plus vous ecrire|(?:mon |c )?dernier msg|quand vous le lirez,? ce sera fait|ce sera fait|je ferme la boutique|apres ce soir|pour de vrai cette fois|je pars ce soir|si (?:un jour )?quelqu'un se demande pourquoi)\b",
        FAREWELL,
        HIGH,
    ),
    _cue(
        r"\b(?:expres|volontairement|pour me punir|me punir)\b|\bj'(?:arrete|arrive) pas (?:a arreter|d'arreter)\b",
        SELF_HARM,
        POSSIBLE,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:la lame|lames? de rasoir|au cutter|des entailles|entailles|de la sh|refait de la sh|code-barres?|jusqu'a (?:saigner|m'en arracher|en saigner)|me suis (?:encore )?fait mal|m'suis (?:encore )?fait mal|me pique expres|double mes (?:anxiolytiques|cachets|medicaments|doses))\b",
        SELF_HARM,
        HIGH,
        needs_first_person=True,
    ),
    _cue(
        r"\b(?:je me desabonne de la vie|rage quit la vie|sortie de secours|je (?:finis|finirai) pas la saison|tumeur maligne.{0,40}(?:irait vite|au moins)|j'vas me|jvais me (?:buter|flinguer|pendre|tuer))\b",
        IDEATION,
        POSSIBLE,
    ),
    _cue(
        r"\b(?:si je mourais|si je disparaissais|si je partais|si je ne me reveillais pas),? (?:ce serait|personne|ca|tout le monde|ils|ma famille)\b",
        WISH,
        POSSIBLE,
    ),
]

_CUES = ENGLISH + FRENCH
_SCANNERS = [(cue, regexscan.Scanner.of(cue.pattern)) for cue in _CUES]

# Context ---------------------------------------------------------------------

# French elisions are their own token ("j'ai" is "j'" and "ai").
_TOKEN_RE = re.compile(
    r"(?:qu|[jmtlsdnc])'|[a-z0-9]+(?:'[a-z]+)?|[a-z]'|[,;:.!?()\"«»“”…]"
)
_NEGATORS = frozenset(
    """
    not no never nor without neither nothing none zero n't don't doesn't didn't
    can't cannot won't wouldn't isn't aren't wasn't weren't haven't hasn't
    hadn't shouldn't couldn't ain't dont doesnt didnt cant wont wouldnt isnt
    arent wasnt werent havent hasnt hadnt couldnt shouldnt nope
    pas jamais aucun aucune ni sans non rien guere
    """.split()
)
# Stops the look-back for negation: a new subject starts a new verb phrase.
_SUBJECTS = frozenset(
    """
    i i'm im i've ive i'd i'll he she they we you it he's she's they're
    we're you're it's je j' il elle ils elles on nous vous tu
    """.split()
)
_BOUNDARY = frozenset(',;:.!?()"«»“”…')
_CONTRAST_RE = re.compile(
    r",? \b(?:but|though|although|however|yet|except|mais|sauf que|pourtant"
    r"|cependant|par contre|neanmoins|alors que|whereas|even so)\b"
)
_FIRST = frozenset(
    """
    i i'm im i've ive i'd i'll me my myself mine je j' moi me m' mon ma mes
    """.split()
)
# "my sister", "ma coloc": a possessive names nobody; the noun after it does.
_POSSESSIVES = frozenset("my mon ma mes our notre nos".split())
# A sentence that starts with a verb speaks for its author ("Want to die.",
# "having suicidal thoughts again", "thinking about the bridge").
_PRO_DROP_RE = re.compile(
    r"^\W*(?:(?:just|really|honestly|still|so|tbh|lately|literally|kinda|srsly)\s+)*"
    r"(?:want|wanna|wanting|having|had|been|feeling|feel|felt|got|getting|can't|cant"
    r"|cannot|don't|dont|thinking|think|thought|keep|kept|need|needed|bought|saved|ate"
    r"|hit|rien|starved|skipped|haven't|havent|found|rehomed|cancelled|wrote"
    r"|saving|wrote|written|writing|tried|trying|going|gonna|planning|planned|ready"
    r"|done|tired|sick|sat|stood|looked|looking|googled|relapsed|cut|cutting|burned"
    r"|stockpiling|hoarding|considering|wish|wishing|hoping|praying|deleting"
    r"|signing|logging|made|set|picked|sorted|envie|marre|besoin|pense|veux|vais"
    r"|voudrais|aimerais|peux|suis|ai|plus|jamais|rechute|fatigue|fatiguee|crevee?"
    r"|ras le bol)\b"
)
_SECOND = frozenset(
    """
    you your you're youre yourself yourselves u ur tu t' te toi vous votre vos
    ton ta tes
    """.split()
)
_THIRD = frozenset(
    """
    he she they him her them his their theirs he's she's they're hes shes
    theyre himself herself themselves il elle ils elles lui leur leurs
    someone somebody everyone people patients patient person
    friend friends son daughter mother mum mom mam dad father brother sister
    husband wife partner boyfriend girlfriend child children kid kids teen
    teenager cousin aunt uncle colleague coworker neighbour neighbor grandma
    grandmother grandfather grandpa nephew niece client clients student
    students member members man woman guy girl boy mate bf gf fiance fiancee
    ami amie amis copain copine fils fille mere pere frere soeur mari femme
    conjoint conjointe compagnon compagne enfant enfants ado ados cousine
    collegue voisin voisine quelqu'un proche proches mamie papi tante oncle
    maman papa belle-mere beau-pere gens patiente patients patientes
    coloc colocataire roommate flatmate chum blonde famille family s' gars mec
    monsieur dame madame collegue women men lady ladies character singer
    author actor actress celebrity poet narrator hero heroine protagonist
    personnage chanteur chanteuse auteur auteure heros
    """.split()
)
# Words and shapes that say the cue is someone's question to the author, or
# a form's: "asked if I wanted to die", "la question « … ? »".
_REPORTED_RE = re.compile(
    r"\b(?:ask|asks|asked|asking|question|questions|questioned|questionnaire|form"
    r"|forms|survey|screening|phq-?9|checklist|scale|item|demande|demandait"
    r"|demander|formulaire|echelle)\b[^.!?\n]{0,40}?"
    r"(?:\b(?:if|whether|about|si|s'|sur)\b|:|«|\"|“)"
    r"|\b(?:told me to|telling me to|tells me to|said i should|m'a dit de|me dit de|m'ont dit de)\b"
)
# Words that deny or disown what follows: "je ne veux pas mourir", "an
# overdose by accident". When the rules keep nothing, they also keep the
# model from overruling them.
_DENIAL_RE = re.compile(
    r"\b(?:(?:ne )?veux pas mourir|ne veux pas en finir|don'?t want to die|do not want to die"
    r"|not suicidal|pas suicidaire|no intention of|aucune intention de|sans le vouloir"
    r"|by accident|accidentally|par erreur|par accident)\b"
)
# A clinician speaking as one: "GP here.", "Médecin à Bamako.", "as a nurse…".
_CLINICIAN_VOICE_RE = re.compile(
    r"^\W*(?:(?:gp|doctor|dr|nurse|pharmacist|psychiatrist|psychologist|consultant|medecin"
    r"|infirmier|infirmiere|pharmacien|pharmacienne|psychiatre|psychologue)\w*"
    r" (?:here|ici|a |au |en |de )|(?:as a|en tant que|je suis) (?:gp|doctor|nurse|pharmacist"
    r"|psychiatrist|clinician|medecin|infirmier|infirmiere|pharmacien\w*|psychiatre))"
)
_ANSWER_NO_RE = re.compile(
    r"\b(?:i|j'ai|je lui ai|je leur ai|and i|et j'ai)\s*(?:said|answered|replied|told"
    r" (?:her|him|them)|dit|repondu)\s*(?:no|non|not|never|honestly no|pas du tout"
    r"|que non|jamais)\b"
)
_ANSWER_YES_RE = re.compile(
    r"\b(?:said|answered|replied|admitted|dit|repondu|avoue)\s*(?:yes|oui|que oui"
    r"|the truth|la verite)\b"
)
_PAST_RE = re.compile(
    r"\b(?:wanted|wished|tried|attempted|was|were|thought|felt|had|used to|considered|cut|hurt|harmed|burned|burnt|gave|wrote|once|\w+(?<!r)ais|\w+(?<!r)ait|remember|remembering|souviens|rappelle|ai ete|j'ai ete|hospitali[sz]ed|hospitalisee?"
    r"|planned|took|overdosed|did|went|voulais|voulait|avais|avait|ai voulu"
    r"|ai pense|pensais|ai tente|ai essaye|ai fait|etais|etait|ai eu|avais envie"
    r"|j'ai fait|j'avais|j'etais|je voulais|je pensais|me suis)\b"
)
# "… et des idées suicidaires tous les jours maintenant": the author's present.
_NOW_RE = re.compile(
    r"\b(?:every (?:day|night)|tous les (?:jours|soirs)|maintenant|right now|lately|these days"
    r"|ces temps-ci|en ce moment|depuis (?:janvier|fevrier|mars|avril|mai|juin|juillet|aout"
    r"|septembre|octobre|novembre|decembre|des semaines|des mois))\b"
)
_SUBJUNCTIVE_RE = re.compile(
    r"\b(?:wish|wishing|if|as if|hope|hoping) i (?:was|were|had)\b"
)
_RECENT_RE = re.compile(
    r"\b(?:last night|yesterday|today|tonight|this morning|this evening|this week"
    r"|again|still|recently|lately|right now|just now|earlier|a few days ago|days ago"
    r"|this afternoon|hier|cette nuit|ce matin|ce soir|aujourd'hui|cette semaine"
    r"|encore|toujours|recemment|ces derniers (?:jours|temps)|a nouveau|de nouveau"
    r"|tout a l'heure|avant-hier|la nuit derniere|depuis (?:quelques|hier|des) jours)\b"
)
_DISTANT_RE = re.compile(
    r"\b(?:(?:\d+|a few|few|several|two|three|four|five|ten|many|some|a couple of"
    r"|a|one) (?:years?|decades?) (?:ago|back|before)|last (?:year|winter|summer"
    r"|spring|autumn|fall|decade|time)|a year ago|(?:l'|la |le )(?:hiver|ete|automne|printemps|annee|mois) (?:dernier|derniere|passe|passee)|as a (?:teen|teenager|kid|child"
    r"|student|young (?:man|woman|adult))|when i was (?:young|younger|a|in|at|\d+"
    r"|at uni|at school|pregnant|first diagnosed)|in my (?:teens|twenties|thirties"
    r"|youth|20s|30s|early|late)|back (?:then|in|when)|at (?:the|that) time|in (?:19|20)"
    r"\d\d|used to|during my (?:teens|twenties|first|worst|depression|divorce)|in the past"
    r"|years? later|il y a (?:\d+|quelques|plusieurs|deux|trois|quatre|cinq|dix"
    r"|des|un|une) (?:ans|annees|an|annee)|l'an dernier|l'annee derniere|l'an passe"
    r"|a l'epoque|quand j'etais|autrefois|a \d+ ans|vers \d+ ans|en (?:19|20)\d\d|at \d{1,2}\b|aged \d{1,2}"
    r"|adolescente?|plus jeune|dans ma jeunesse|pendant (?:des annees|mon adolescence"
    r"|ma depression|mes annees)|jadis|par le passe|avant mon|avant ma)\b"
)
_RECOVERED_RE = re.compile(
    r"\b(?:not there anymore|not there any more|no longer|not anymore|not any more"
    r"|(?:much|so much|a lot|far|way) better (?:now|these days|today)|i'?m better now"
    r"|in a (?:good|better|much better|safe|stable|great) place|got (?:help|better"
    r"|through it|through that|treatment)|recovered|recovery|survivor|survived"
    r"|(?:therapy|treatment|medication|meds|my psych\w*|counselling|counseling|cbt"
    r"|dbt) (?:helped|saved|worked|changed)|glad i'?m (?:still )?(?:here|alive)"
    r"|changed everything|i'?m safe|i am safe|je vais bien|(?:years?|months?) (?:clear|free)|lifted|went away|sont parties?|ont disparu|plus rien depuis|not had one in|(?:that|it) was at my lowest|c'etait au pire|i volunteer|je suis benevole|life is (?:\w+ )?(?:good|better|beautiful)"
    r"|posting (?:this )?for (?:anyone|those)|for anyone who (?:needs|is)|pour ceux qui (?:sont|en ont|traversent)"
    r"|(?:ca|ça) peut (?:aller mieux|bouger|changer)|(?:loin )?derriere moi|plus aucune? (?:idee|envie|pensee)"
    r"|je ne suis plus dans|je (?:ne )?ressens plus|ca fait longtemps|heureusement|today i (?:ran|am|feel|got|have)"
    r"|aujourd'hui (?:ma|mon|j'ai|je cours|j'ai couru)|since i last|depuis la derniere fois|i'?m \d\d now"
    r"|j'en ai \d\d|(?:ans|years|mois|months) (?:clean|sans)|got me out|pulled me out"
    r"|m'(?:en )?a sortie?|c'est passe|tout change|heureuse? (?:aujourd'hui|maintenant)"
    r"|happy now|benevolat"
    r"|(?:i'?m|i am|feeling|feel) (?:safe|stable|fine|ok|okay|good|well|happy)"
    r" (?:now|these days|today)|doing (?:well|ok|okay|good|fine|better|great) now"
    r"|(?:that'?s|it'?s|all) (?:behind me|in the past)|now i'?m (?:ok|okay|fine|good"
    r"|better|happy|stable|well|safe)|these days i'?m|glad i (?:stayed|didn't|did not|held on|am still here)|(?:so |tellement )?contente? d'etre (?:restee?|la|encore la|en vie)|(?:don't|do not|no longer) feel"
    r" (?:like )?that (?:way|anymore)|passed|it passed|got out of it|came out of it"
    r"|aujourd'hui (?:ca va|je vais (?:bien|mieux)|tout va bien|je suis)|ca va (?:beaucoup"
    r" |bien |tellement )?mieux|je vais (?:beaucoup |bien |tellement )?mieux|je m'en suis"
    r" sortie?|c'est derriere moi|(?:plus|n'est plus) d'actualite|j'ai ete (?:aidee?"
    r"|soignee?|suivie?|hospitalisee?)|(?:grace a|avec) (?:la|ma|mon|une) (?:therapie|psy"
    r"|traitement|suivi)|sortie? d'affaire|tout va bien maintenant|plus du tout|c'est"
    r" fini tout ca|ca m'a sauve|m'a sauve|guerie?|je suis (?:heureuse|heureux|bien)"
    r" (?:maintenant|aujourd'hui))\b"
)
# Denial after the cue: "…ending my life never crossed my mind", "l'idée de
# mettre fin à mes jours ne m'a jamais effleurée".
_DENIED_AFTER_RE = re.compile(
    r"^[^.!?\n]{0,25}?\b(?:ne m'a (?:jamais|pas|meme pas) (?:effleure|traverse|tente)"
    r"|(?:n'est|ne sont) (?:pas|jamais|plus) (?:une option|pour moi|d'actualite|a l'ordre"
    r" du jour)|(?:has )?never (?:crossed|entered) my mind|(?:is|isn't|is not) not"
    r" (?:an option|something i|on the table)|isn't (?:an option|something i|on the"
    r" table)|(?:is|are) out of the question|hors de question|never been (?:a|an) (?:option"
    r"|thing for me)|not for me|pas pour moi|(?:has|have|had) never been something"
    r"|n'a jamais ete (?:une option|envisage))"
)
# The next sentence says no: "… pour me laisser mourir. Pas du tout."
_DENIED_NEXT_RE = re.compile(
    r"^\W*(?:pas du tout|not at all|absolutely not|not true|c'est faux|faux\b|non,|no,)"
)
# A symptom named as something to watch or a risk, or asked about by a
# clinician: "surveiller … les idées
# noires", "le risque suicidaire", "can cause suicidal thoughts".
_CLINICAL_BEFORE_RE = re.compile(
    r"\b(?:surveiller|surveillez|monitor|monitoring|watch for|watch out for|screen(?:ing)?"
    r" for|look(?:ing)? out for|signs? of|risk of|risque|warning|side effects?|effets?"
    r" (?:secondaires|indesirables)|provoquer|peut provoquer|can cause|may cause|causes?"
    r"|question des|pose la question|ask(?:s|ed)? (?:all |every |my )?(?:patients|about)|a tous mes patients|all my patients"
    r"|associated with|associe|le risque|rates? of|taux de)\b"
)
# A farewell that says why, and it is not a crisis: moving, better, a new forum.
_BENIGN_FAREWELL_RE = re.compile(
    r"\b(?:moving (?:over )?to|switching to|new (?:\w+ )?forum|see you (?:there|on|at)"
    r"|not because anything|because i'?m (?:better|moving|leaving|cured|in remission)"
    r"|on se retrouve|nouveau forum|je demenage|rendez-vous sur|a bientot sur)\b"
)
# Kept pills and boxes with a plain purpose: crafts, recycling, travel.
_BENIGN_PURPOSE_RE = re.compile(
    r"\b(?:pour (?:les |le |la |mes )?(?:bricolages?|recyclage|voyages?|vacances|la pharmacie)"
    r"|to (?:recycle|return|take back)|for (?:recycling|crafts|travel|my trip|the pharmacy))\b"
)
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:if i ever|if ever i|if i were ever|if i should ever|in case i ever|should i"
    r" ever|if i (?:start|started|begin|began) to|si jamais|au cas ou|si un jour"
    r"|s'il m'arrivait|if it gets (?:that )?bad|if things get)\b"
)
_IDIOM_AFTER_RE = re.compile(
    r"^\W{0,3}(?:of|from|with) (?:embarrassment|shame|boredom|laughter|laughing|cringe"
    r"|the heat|heat|hunger|curiosity|happiness|jealousy|envy|excitement|cuteness|joy)"
    r"|^\W{0,3}(?:laughing|lol|lmao|haha|xd|😂|🤣)|^\W{0,3}(?:de|d') (?:honte|rire"
    r"|chaud|froid|faim|soif|fatigue|ennui|jalousie|peur|envie|bonheur|joie)"
    r"|^\W{0,3}(?:trying to|to (?:get|finish|keep|make|meet|please|fit)|at (?:work|the"
    r" gym)|working|over (?:this|that|it)|a la tache|au travail|pour (?:rien|eux|lui"
    r"|elle|le boulot))"
)
_GENERIC_QUESTION_RE = re.compile(
    r"\b(?:is it (?:normal|common|possible|true)|can (?:this|that|it|the|these|those"
    r"|[a-z]+ (?:drug|med|medication|pill|treatment)s?)|could (?:this|that|it|the)"
    r"|does (?:this|that|it|the)|do (?:these|those|the) |is (?:this|that|it) (?:a"
    r" )?(?:side effect|normal)|side effects?|how (?:do|can|should) (?:i|we|you) help"
    r"|what (?:should|do|can) (?:i|we|you) (?:say|do) (?:to|when|if)|est-ce (?:normal"
    r"|que ce|que ca|que le|que la|que les|que ces)|peut-il|peut-elle|peuvent-ils"
    r"|comment (?:aider|reagir|parler)|effets? (?:secondaires?|indesirables?))\b"
)
_CAUSATIVE_RE = re.compile(
    r"\b(?:make|makes|made|making|cause|causes|caused|rendre|rend|rendent)"
    r" (?:me|you|people|someone|patients|one|te|vous|les gens)? ?(?:feel )?$"
)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str


def _sentences(text: str) -> list[_Sentence]:
    out = []
    for m in re.finditer(r"[^.!?…\n]+(?:[.!?…]+[\"»”)]*|\n|$)", text):
        if m.group().strip():
            out.append(_Sentence(m.start(), m.end(), m.group()))
    return out or [_Sentence(0, len(text), text)]


def _mask_quotes(text: str) -> str:
    """Blank out quoted words that someone else said or asked (a question
    mark inside, a "you", or a reporting verb before the quote)."""

    def blank(m: re.Match[str]) -> str:
        inner = m.group(0)
        before = text[max(0, m.start() - 60) : m.start()]
        reported = re.search(
            r"\b(?:said|says|say|asked|asks|ask|told|tells|wrote|writes|question"
            r"|form|leaflet|notice|warning|dit|disait|demande|demandait|a dit"
            r"|ecrit|question|formulaire|notice|repete|repetait|hurle|crie|went"
            r"|goes|sang|sings|song|lyrics?|chorus|poem|book|film|movie|show"
            r"|line|quote|quoted|titled|called|chanson|paroles|refrain|poeme"
            r"|livre|serie|titre|intitule|character|personnage|prevenu|previent"
            r"|warned|warns|explained|explique|lance|disais|disions|used to say)\b[^.!?]*$",
            before,
        )
        if (
            "?" in inner
            or reported
            or re.search(r"\b(?:you|your|vous|tu|te|t'|votre|ton)\b", inner)
        ):
            return re.sub(r"[^\n]", " ", inner)
        return inner

    return re.sub(
        r"«[^»\n]{1,300}»|“[^”\n]{1,300}”|\"[^\"\n]{1,300}\"|(?<![a-z])'(?:[^'\n]|(?<=[a-z])'(?=[a-z])){3,200}'(?![a-z])",
        blank,
        text,
    )


_AGE_TOKEN_RE = re.compile(r"\d{1,2}(?:yo|yr|yrs)")
_ANYONE_ELSE_RE = re.compile(
    r"\b(?:anyone|anybody|any of you|quelqu'un) (?:else|d'autre|here|ici|too|aussi)\b"
)


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def _clause_before(sentence: str, offset: int) -> str:
    """The part of the sentence from the last contrast ("but", "mais") to the cue."""
    before = sentence[:offset]
    contrasts = list(_CONTRAST_RE.finditer(before))
    return before[contrasts[-1].end() :] if contrasts else before


# "did I", "have I": after a negative put first, the verb comes before "I".
_INVERTED_AUX = frozenset("did have had do does was were would could".split())


def _negated_before_aside(tokens: list[str], comma: int) -> bool:
    """A negation cut off by an aside between commas: "I'm not, and to be
    clear never have been, planning to…", "je ne vais pas, et je le dis a
    tete reposee, me faire du mal", "zero, honestly zero, intention of…"."""
    commas = [i for i, t in enumerate(tokens[: max(comma, 0) + 1]) if t == ","]
    for earlier in reversed(commas[-3:]):
        if comma - earlier > 16:
            break
        last = tokens[earlier - 1] if earlier > 0 else ""
        if last in _NEGATORS or last.endswith("n't") or last == "zero":
            return True
    return False


def _negated(before: str) -> bool:
    """A negator in the verb phrase that governs the cue: look back from the
    cue to the nearest subject or punctuation, and across "don't think I…"."""
    tokens = _tokens(before)
    # "de plus en plus": more and more, not "no longer".
    tokens = [t for t in tokens if t not in {"ne", "n'"}]
    text = " ".join(tokens)
    if re.search(r"\bde plus en plus$|\bplus que jamais$", text):
        return False
    window = tokens[-7:]
    for i in range(len(window) - 1, -1, -1):
        token = window[i]
        if token in _BOUNDARY:
            at = len(tokens) - len(window) + i
            return token == "," and _negated_before_aside(tokens, at)
        if token in _SUBJECTS or token in {"j'", "i"}:
            # A negative put first: "jamais je n'ai pense a…", "never once
            # … did I consider…", "at no time … have I had…".
            previous = window[i - 1] if i else ""
            # The tokens before ``previous``, within the last sixteen.
            at = len(tokens) - len(window) + i - 1
            earlier = tokens[max(0, len(tokens) - 16) : max(at, 0)]
            if previous in _NEGATORS or (
                previous in _INVERTED_AUX and any(t in _NEGATORS for t in earlier)
            ):
                return True
            # "I don't think I'm …", "je ne dis pas que je …", "not saying I …"
            head = " ".join(window[:i])
            if re.search(
                r"\b(?:pas|not) (?:que|that)$|\bpas parce que\b|\bnot because\b", head
            ):
                return True
            return bool(
                re.search(
                    r"(?:\b(?:not|\w*n't|dont|never|no|pas|jamais)\b"
                    r"(?: \w+){0,2} (?:think|believe|say|saying|mean|claim|feel like"
                    r"|dis|crois|pense|veux dire|dire)(?: that| que| qu'| like)?)$",
                    head,
                )
            )
        if token in _NEGATORS or token.endswith("n't"):
            rest = " ".join(window[i:])
            # Two negatives: "can't stop thinking about…", "peux pas
            # m'empecher de…" say it goes on.
            if re.match(
                r"(?:can't|cannot|can not|couldn't|could not|pas|plus) "
                r"(?:stop|help|quit|shake|m'empecher|arreter|m'arreter|enlever)\b",
                rest,
            ):
                return False
            # Uncertainty is not denial: "not sure I want to go on".
            return not re.match(
                r"(?:not|n't|don't|dont|pas|no) (?:sure|certain|know|knowing)"
                r"|(?:don't|dont|do not) know|pas (?:sure|sur|certaine?)|no idea",
                rest,
            )
    return False


def _person(before: str) -> str | None:
    """The person nearest before the cue in its sentence: "first", "second",
    "third", or None when nobody is named. "Anyone else…?" includes the
    author."""
    if _ANYONE_ELSE_RE.search(before):
        return "first"
    for token in reversed(_tokens(before)[-14:]):
        if token in _POSSESSIVES:
            continue
        if token in _FIRST:
            return "first"
        if token in _SECOND:
            return "second"
        if token in _THIRD or _AGE_TOKEN_RE.fullmatch(token):
            return "third"
    return None


def _has_first_person(sentence: str) -> bool:
    return bool(_PRO_DROP_RE.match(sentence)) or any(
        t in _FIRST for t in _tokens(sentence)
    )


# What ``_read`` says when the context, not the lack of it, sets a cue aside.
_CONTEXT = "context"


def _aside() -> str:
    return _CONTEXT


def _read(cue: _Cue, m: re.Match[str], sentence: _Sentence, text: str) -> str | None:
    """The tier this cue keeps in its context, or None when it doesn't count."""
    offset = m.start() - sentence.start
    before_sentence = sentence.text[:offset]
    clause = _clause_before(sentence.text, offset)
    after = text[m.end() : m.end() + 40]
    if _IDIOM_AFTER_RE.search(after):
        return None
    if _negated(clause):
        return _aside()
    # The cue names its speaker ("je ne serai plus la"): whoever was addressed
    # before ("prenez soin de vous, …") doesn't make it someone else's.
    person = (
        "first"
        if _FIRST.intersection(_tokens(m.group()))
        else _person(clause) or _person(before_sentence)
    )
    if not cue.self_ref and person in ("third", "second"):
        return _aside()
    if cue.needs_first_person and person != "first":
        if person in ("third", "second"):
            return _aside()
        if not _has_first_person(sentence.text):
            # "suicidal again.": a fragment about oneself; a longer sentence
            # naming nobody is about the topic.
            if len(_tokens(sentence.text)) > 6 and not _NOW_RE.search(sentence.text):
                return None
            return POSSIBLE
    if _HYPOTHETICAL_RE.search(clause):
        return _aside()
    if _DENIED_AFTER_RE.match(text[m.end() : m.end() + 60]):
        return _aside()
    if _DENIED_NEXT_RE.match(text[sentence.end : sentence.end + 30]):
        return _aside()
    if cue.needs_first_person and _CLINICAL_BEFORE_RE.search(clause[-80:]):
        return _aside()
    if cue.category == FAREWELL and (
        _BENIGN_FAREWELL_RE.search(text) or _DENIAL_RE.search(text)
    ):
        return _aside()
    if cue.category == METHOD and _BENIGN_PURPOSE_RE.search(
        text[m.end() : m.end() + 50]
    ):
        return _aside()
    reported = _REPORTED_RE.search(before_sentence)
    if reported and not _ANSWER_YES_RE.search(text[m.end() :]):
        return _aside()
    if _ANSWER_NO_RE.search(sentence.text[offset:]) or _ANSWER_NO_RE.search(
        text[sentence.end : sentence.end + 60]
    ):
        return _aside()
    tier = cue.tier
    question = sentence.text.rstrip(' "»”)').endswith("?")
    if question:
        if _GENERIC_QUESTION_RE.search(sentence.text) or _CAUSATIVE_RE.search(
            before_sentence
        ):
            return None
        tier = POSSIBLE
    # When: a past episode with a distant time or said to be over is history.
    rest = text[m.end() : min(sentence.end, m.end() + 40)]
    window = clause[-45:] + m.group() + rest[:15]
    # "I wish I was dead", "if I were gone": a wish, not the past.
    past = bool(_PAST_RE.search(_SUBJUNCTIVE_RE.sub(" ", window)))
    if past or _DISTANT_RE.search(clause[-45:] + m.group() + rest):
        if _RECOVERED_RE.search(text):
            return _aside()
        if not _RECENT_RE.search(window + rest):
            if _DISTANT_RE.search(sentence.text):
                return _aside()
            tier = POSSIBLE
    # Nobody named and no verb for the author: a sentence about the topic
    # ("the scale separates wish to be dead, ideation…"), unless it is short.
    if person is None and not _has_first_person(sentence.text):
        if len(_tokens(sentence.text)) > 12:
            return None
        tier = POSSIBLE
    return tier


def _scan(masked: str) -> tuple[list[Signal], bool]:
    """The signals kept after reading each cue of ``masked`` (``model_input``:
    folded, others' quotes blanked) in its context, and whether a cue was set
    aside by what its context says (negated, in the past and over, someone
    else's, quoted, hypothetical)."""
    sentences = _sentences(masked)
    found: list[tuple[int, int, Signal]] = []
    starts = [s.start for s in sentences]
    seen: dict[str, list[int]] = {}
    set_aside = False
    for cue, scanner in _SCANNERS:
        for m in scanner.finditer(masked, seen):
            sentence = sentences[max(0, bisect.bisect_right(starts, m.start()) - 1)]
            tier = _read(cue, m, sentence, masked)
            if tier == _CONTEXT:
                set_aside = True
            elif tier is not None:
                found.append(
                    (m.start(), m.end(), Signal(cue.category, tier, m.group().strip()))
                )
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[Signal] = []
    last_end = -1
    for start, end, signal in found:
        if start >= last_end:  # Overlapping cues count once.
            kept.append(signal)
        elif signal.tier == HIGH and kept and kept[-1].tier != HIGH:
            # "think about killing myself": the longer phrase, the graver tier.
            kept[-1] = Signal(signal.category, HIGH, kept[-1].phrase)
        last_end = max(last_end, end)
    return kept, set_aside


@lru_cache(maxsize=32)
def assess(text: str) -> Assessment:
    """Read ``text`` (a title and body, or a reply) for crisis signals: the
    rules first; when they kept no signal, the learned model
    (``safety.riskmodel``) may still put the post in the possible tier."""
    folded = fold(text or "")
    masked = _mask_quotes(folded)
    found, set_aside = _scan(masked)
    signals = tuple(found)
    if not signals:
        if set_aside or _DENIAL_RE.search(folded) or _CLINICIAN_VOICE_RE.search(folded):
            # The rules read a cue and its context said no ("last winter I
            # wanted to die, but I'm not there anymore"): the model, which
            # reads words without context, doesn't overrule them.
            return Assessment(None)
        flagged, words = riskmodel.assess(masked)
        if not flagged:
            return Assessment(None)
        phrase = "model: " + ", ".join(f"“{w}”" for w in words)
        return Assessment(POSSIBLE, (Signal(MODEL, POSSIBLE, phrase),))
    tier = HIGH if any(s.tier == HIGH for s in signals) else POSSIBLE
    return Assessment(tier, signals)


def model_input(text: str) -> str:
    """What the model reads: the folded text without others' quoted words."""
    return _mask_quotes(fold(text))


def rules_decide(text: str) -> tuple[bool, bool]:
    """(whether the rules flag ``text``, whether the rules decide it: a signal
    kept or a cue set aside by its context; otherwise the model is asked)."""
    found, set_aside = _scan(model_input(text or ""))
    return bool(found), bool(found) or set_aside


def assess_rules(text: str) -> Assessment:
    """The rules alone (what the model is trained to complement)."""
    found, _ = _scan(model_input(text or ""))
    if not found:
        return Assessment(None)
    return Assessment(
        HIGH if any(s.tier == HIGH for s in found) else POSSIBLE, tuple(found)
    )


def signals(text: str) -> list[str]:
    """The high-confidence crisis phrases found in ``text``, in order."""
    return [s.phrase for s in assess(text).signals if s.tier == HIGH]


def new_assessment(text: str, previous_text: str = "") -> Assessment:
    """What an edit adds: the new text's assessment when it is graver than the
    text before the edit, else nothing (an edit of an already-flagged post
    raises nothing new)."""
    now = assess(text)
    if not previous_text or not now:
        return now
    before = assess(previous_text)
    if before.is_high or (before.is_possible and not now.is_high):
        return Assessment(None)
    return now
