"""``manage.py train_crisis_model``: fit the crisis detector's learned
second opinion on the tuning sentences and write ``safety/data/crisis_model.json``."""

import json

from django.core.management.base import BaseCommand

from safety import crisis, evaluation, riskmodel


class Command(BaseCommand):
    help = "Train the possible-tier model on the tuning set (never the held-out)."

    def add_arguments(self, parser):
        parser.add_argument("--far-budget", type=float, default=0.14)

    def handle(self, *args, **options):
        tune = evaluation.load("crisis", "tune")
        # Everyday forum writing (the personal-data set's lines, the everyday
        # posts set, the demo forum) teaches the model what is not distress.
        tune_texts = {t.text for t in tune}
        ordinary = [e for e in evaluation.everyday("tune") if e.text not in tune_texts]
        examples = [(crisis.model_input(e.text), e.label == "risk") for e in tune]
        examples += [(crisis.model_input(e.text), False) for e in ordinary]
        texts = {crisis.model_input(e.text): e.text for e in tune + ordinary}
        decisions = {
            folded: crisis.rules_decide(text) for folded, text in texts.items()
        }
        # Where the rules decide (a signal kept, or a cue its context set
        # aside) the model is not asked: count those posts as the rules did.
        threshold, figures = riskmodel.choose_threshold(
            examples,
            far_budget=options["far_budget"],
            decided=lambda folded: decisions[folded][1],
            rules_flag=lambda folded: decisions[folded][0],
            ordinary=frozenset(crisis.model_input(e.text) for e in ordinary),
        )
        model = riskmodel.train(examples)
        model["threshold"] = threshold
        model["trained_on"] = len(examples)
        model["cross_validation"] = figures
        riskmodel.MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        riskmodel.MODEL_PATH.write_text(
            json.dumps(
                model, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            ),
            encoding="utf-8",
        )
        self.stdout.write(
            f"{len(model['weights'])} features, threshold {threshold}, "
            f"cross-validated on the tuning set: {figures}"
        )
