"""``manage.py train_crisis_model``: fit the crisis detector's learned
second opinion on the tuning sentences and write ``safety/data/crisis_model.json``."""

import json

from django.core.management.base import BaseCommand

from safety import crisis, evaluation, riskmodel


class Command(BaseCommand):
    help = "Train the possible-tier model on the tuning set (never the held-out)."

    def add_arguments(self, parser):
        parser.add_argument("--far-budget", type=float, default=0.12)

    def handle(self, *args, **options):
        examples = [
            (crisis.fold(e.text), e.label == "risk")
            for e in evaluation.load("crisis", "tune")
        ]
        tune = evaluation.load("crisis", "tune")
        decisions = {crisis.fold(e.text): crisis.rules_decide(e.text) for e in tune}
        # Where the rules decide (a signal kept, or a cue its context set
        # aside) the model is not asked: count those posts as the rules did.
        threshold, figures = riskmodel.choose_threshold(
            examples,
            far_budget=options["far_budget"],
            decided=lambda folded: decisions[folded][1],
            rules_flag=lambda folded: decisions[folded][0],
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
