"""The evaluation sets and what they say about the safety nets. The held-out
lines were written apart from the rules and the model and are never tuned
against; these floors keep the figures from sliding back."""

import json

import pytest
from django.core.management import call_command

from safety import crisis, evaluation, riskmodel


def _report(name, part, detect, positive):
    return evaluation.score(evaluation.load(name, part), detect, positive)


def test_everyday_posts_rarely_alarm():
    """Posts the model has never seen that hold no distress (thanks, doses,
    appointments): almost none may land in the possible-risk list."""
    lines = evaluation.load("ordinary", "heldout")
    assert len(lines) >= 300
    alarms = [e.text for e in lines if evaluation.crisis_detect(e.text)]
    assert len(alarms) / len(lines) <= 0.02, alarms


def test_sets_are_large_enough_and_labelled():
    for name, positive in (("crisis", "risk"), ("pii", "pii")):
        tune = evaluation.load(name, "tune")
        held = evaluation.load(name, "heldout")
        assert len(tune) + len(held) >= 400
        assert {e.lang for e in held} == {"en", "fr"}
        assert {e.label for e in tune} == {positive, "none"}
        assert not {e.text for e in tune} & {e.text for e in held}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_crisis_heldout_floor(lang):
    report = _report("crisis", "heldout", evaluation.crisis_detect, "risk")
    counts = report.by_lang[lang]
    assert counts.recall >= 0.90
    assert counts.false_alarm_rate_high <= 0.05
    assert counts.false_alarm_rate <= 0.15


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pii_heldout_floor(lang):
    report = _report("pii", "heldout", evaluation.pii_detect, "pii")
    counts = report.by_lang[lang]
    assert counts.recall >= 0.85
    assert counts.false_alarm_rate <= 0.03


def test_score_counts_by_language_and_kind():
    examples = [
        evaluation.Example("a", "en", "risk", "explicit"),
        evaluation.Example("b", "en", "none", "idiom"),
        evaluation.Example("c", "fr", "risk", "plan"),
    ]
    report = evaluation.score(
        examples, lambda t: {"a": "high", "b": "possible"}.get(t), "risk"
    )
    assert (report.overall.tp, report.overall.fn, report.overall.fp) == (1, 1, 1)
    assert report.overall.fp_high == 0
    assert report.by_lang["fr"].recall == 0
    assert report.by_kind["en:idiom"].false_alarm_rate == 1


def test_eval_command_prints_each_part(capsys):
    call_command("eval_safety", "--no-timing")
    out = capsys.readouterr().out
    assert "== crisis (rules and model) · heldout" in out
    assert "== pii · tune" in out
    assert evaluation.FINAL not in out  # Measured once, with --final.


def test_shipped_model_is_the_one_the_tuning_set_trains(tmp_path, monkeypatch):
    shipped = json.loads(riskmodel.MODEL_PATH.read_text())
    monkeypatch.setattr(riskmodel, "MODEL_PATH", tmp_path / "model.json")
    call_command("train_crisis_model")
    retrained = json.loads((tmp_path / "model.json").read_text())
    assert retrained == shipped
    tune = evaluation.load("crisis", "tune")
    texts = {t.text for t in tune}
    everyday = [e for e in evaluation.everyday("tune") if e.text not in texts]
    assert shipped["trained_on"] == len(tune) + len(everyday)


def test_model_features_read_folded_words_pairs_and_pieces():
    found = riskmodel.features(crisis.fold("Unaliving ME"))
    assert {"unaliving", "me", "unaliving me", "#<unal", "#ving>"} <= found
