"""Numbers spelled out in English and French, read back as digits."""

import pytest

from safety import numbers


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("oh seven seven double-oh, nine double-oh, three five one", "07700900351"),
        ("07700 nine hundred one one eight", "07700900118"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "0612345678"),
        ("zéro sept, quatre-vingt-un, vingt-deux, quarante-cinq", "07812245"),
        ("06 trente-trois 45 douze 80", "0633451280"),
        ("cent quinze", "115"),
        ("nineteen eighty-two", "1982"),
        ("soixante et onze", "71"),
        ("triple five", "555"),
    ],
)
def test_spelled_numbers_become_digits(text, digits):
    runs = numbers.runs(numbers.fold(text))
    assert [r.digits for r in runs] == [digits]


def test_runs_keep_the_original_positions():
    text = "Appelez-moi au ZÉRO six, douze trente-quatre."
    (run,) = numbers.runs(numbers.fold(text))
    assert text[run.start : run.end] == "ZÉRO six, douze trente-quatre"
    assert run.words == 5  # "trente-quatre" is two number words.


def test_words_that_are_not_numbers_end_a_run():
    runs = numbers.runs(numbers.fold("one or two tablets, then three"))
    assert [r.digits for r in runs] == ["1", "2", "3"]


def test_fold_keeps_length():
    text = "Œuvre Élodie naïve ÇA Straße İ"
    assert len(numbers.fold(text)) == len(text)
