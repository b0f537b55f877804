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
    assert crisis.has_signals(text)


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
    assert not crisis.has_signals(text)


def test_signals_lists_each_phrase_once_as_written():
    assert crisis.signals("I think about killing myself. I want to die.") == [
        "think about killing myself",
        "want to die",
    ]


def test_an_edit_of_text_already_flagged_raises_nothing_new():
    assert crisis.new_signals("I want to die, still", "I want to die") == []
    assert crisis.new_signals("I want to die", "I feel fine") == ["want to die"]
