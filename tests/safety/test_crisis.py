"""Crisis signals: first-person phrases count, figures of speech don't."""

import pytest

from safety import crisis


@pytest.mark.parametrize(
    "text",
    [
        "Some days I want to kill myself.",
        "I keep thinking about killing myself",
        "Honestly I just want to die",
        "I want to end my life",
        "I'm thinking of taking my own life",
        "I’m going to end it all",
        "I've been feeling suicidal since the relapse",
        "I have suicidal thoughts most nights",
        "I wish I was dead",
        "everyone would be better off without me",
        "I don't want to be alive anymore",
        "I have nothing left to live for",
        "I've been self-harming again",
        "I plan to overdose on my pills",
        "je veux me suicider",
        "j'ai envie d'en finir",
        "Je veux en finir avec la vie",
        "je pense à me tuer",
        "je n'ai plus envie de vivre",
        "je suis suicidaire",
        "je voudrais mourir",
        "I WANT TO DIE",
    ],
)
def test_recognises_crisis_phrases(text):
    assert crisis.assess(text).is_high


@pytest.mark.parametrize(
    "text",
    [
        "this pain is killing me",
        "the drug killed my appetite",
        "The fatigue kills me every afternoon",
        "killing time in the waiting room",
        "I'm dying to know my results",
        "I could die of embarrassment",
        "I was scared I was going to die during the scan",
        "I don't want to die from this disease",
        "I would never kill myself",
        "I'm not suicidal, just exhausted",
        "MS will take my life eventually, my neurologist says not soon",
        # Talking about the subject, not about oneself: no urgent flag.
        "Here are the suicide prevention helpline numbers for France",
        "The leaflet lists suicidal thoughts as a rare side effect",
        "Can this drug make me suicidal?",
        "Pour en finir avec les migraines, voici ce qui a marché",
        "je ne veux pas mourir",
        "il a tenté de se suicider l'an dernier",
    ],
)
def test_ignores_figures_of_speech_and_third_person(text):
    assert not crisis.assess(text).is_high


def test_signals_lists_each_phrase_once_as_written():
    assert crisis.signals("I think about killing myself. I want to die.") == [
        "think about killing myself",
        "want to die",
    ]


def test_an_edit_of_text_already_flagged_raises_nothing_new():
    assert _new_high("I want to die, still", "I want to die") == []
    assert _new_high("I want to die", "I feel fine") == ["want to die"]


# What people really write: the examples quoted when the detector was
# measured on sentences nobody here had written. Either tier counts.
@pytest.mark.parametrize(
    "text",
    [
        "I don't see the point of going on",
        "plus goût à la vie",
        "going to take all my pills tonight once everyone's asleep",
        "C'est mon dernier message ici… adieu",
        "kms",
        "unaliving",
        "je veux crever",
        "honestly kms, this flare is never ending",
        "I'm thinking about unaliving myself",
        "s u i c i d a l again",
        "having su1c1dal thoughts since the dose change",
    ],
)
def test_catches_indirect_plans_goodbyes_and_slang(text):
    assert crisis.assess(text)


@pytest.mark.parametrize(
    "text",
    [
        "last winter I wanted to die, but I'm not there anymore",
        "not thinking of ending my life or anything like that",
        "ma psy m'a demandé « avez-vous envie de mourir ? », j'ai répondu non",
        "une amie répète qu'elle veut en finir",
        "my brother keeps saying he wants to die and I don't know how to help",
        "The leaflet lists suicidal ideation as a rare side effect.",
        "mort de rire, je suis morte de fatigue après le boulot",
    ],
)
def test_context_sets_aside_the_past_negation_quotes_and_others(text):
    assert not crisis.assess(text)


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("I want to die", crisis.HIGH),
        ("je vais me foutre en l'air ce soir", crisis.HIGH),
        ("This is my last post. Thank you all for everything.", crisis.HIGH),
        ("I don't see the point of going on", crisis.POSSIBLE),
        # The past with no sign it is over: possible; far past: history.
        ("I wanted to die", crisis.POSSIBLE),
        ("last year I wanted to die", None),
    ],
)
def test_tiers(text, tier):
    assert crisis.assess(text).tier == tier


@pytest.mark.parametrize(
    "text",
    [
        "The buyer's guide was helpful to me.",
        "My next MRI is on 14 March at the Royal Free.",
        "Je prends 500 mg de metformine matin et soir depuis 2019.",
        "Thanks everyone, the new pump is working well.",
    ],
)
def test_everyday_posts_raise_nothing(text):
    assert not crisis.assess(text)


def test_the_model_only_ever_says_possible():
    # No cue the rules know, the learned words only.
    text = "I keep looking at the river from the bridge on my way home"
    assert not crisis.assess_rules(text)
    found = crisis.assess(text)
    assert found.is_possible
    assert all(s.tier == crisis.POSSIBLE for s in found.signals)


def test_an_edit_that_stays_possible_raises_nothing_new():
    before = "I don't see the point of going on"
    assert not crisis.new_assessment(before + ", sorry.", before)
    assert crisis.new_assessment("I want to kill myself", before).is_high


def test_a_question_answered_yes_still_counts():
    asked = "my psychiatrist asked if I wanted to die and I said "
    assert crisis.assess(asked + "yes")
    assert not crisis.assess(asked + "no")


def _new_high(text: str, previous_text: str) -> list[str]:
    """High-confidence phrases an edit adds (none when the text before had them)."""
    found = crisis.new_assessment(text, previous_text)
    return [s.phrase for s in found.signals if s.tier == crisis.HIGH]
