"""``manage.py eval_safety``: precision, recall and false-alarm rates of the
crisis detector and the personal-data guard, per set, language and kind, on
the tuning and the held-out parts; and the time to screen a long post."""

from django.core.management.base import BaseCommand

from safety import crisis, evaluation, pii


def _f(value) -> str:
    return "   -" if value is None else f"{value:.2f}"


class Command(BaseCommand):
    help = "Measure the crisis detector and the personal-data guard."

    def add_arguments(self, parser):
        parser.add_argument(
            "--errors",
            choices=["tune", "none"],
            default="none",
            help="List the tuning part's misclassified lines (never the held-out's).",
        )
        parser.add_argument("--no-timing", action="store_true")
        parser.add_argument(
            "--final",
            action="store_true",
            help="Also measure the last held-out set (kept for the final figures).",
        )

    def handle(self, *args, **options):
        for name, label, detect, positive in (
            ("crisis", "crisis (rules and model)", evaluation.crisis_detect, "risk"),
            ("crisis", "crisis (rules alone)", evaluation.crisis_detect_rules, "risk"),
            ("pii", "pii", evaluation.pii_detect, "pii"),
        ):
            for part in evaluation.PARTS:
                examples = evaluation.load(name, part)
                if not examples or (part == evaluation.FINAL and not options["final"]):
                    continue
                report = evaluation.score(examples, detect, positive)
                self._print(label, part, report, crisis_tiers=name == "crisis")
                if options["errors"] == part:
                    for example, tier in report.errors:
                        self.stdout.write(
                            f"  ! {example.lang} {example.label}/{example.kind}"
                            f" → {tier}: {example.text}"
                        )
        self._ordinary(options)
        if not options["no_timing"]:
            self._timing()

    def _ordinary(self, options):
        """Crisis false alarms on everyday writing: the personal-data lines,
        the everyday posts set and (tuning) the demo forum's posts."""
        self.stdout.write(
            "\n== crisis false alarms on everyday posts (personal-data lines,"
            " everyday posts, demo forum)"
        )
        for part in evaluation.PARTS:
            if part == evaluation.FINAL and not options["final"]:
                continue
            lines = evaluation.everyday(part)
            for lang in ("en", "fr"):
                texts = [e.text for e in lines if e.lang == lang]
                if not texts:
                    continue
                tiers = [evaluation.crisis_detect(t) for t in texts]
                far = sum(1 for t in tiers if t) / len(texts)
                high = sum(1 for t in tiers if t == "high") / len(texts)
                self.stdout.write(
                    f"{part:10} {lang}  n {len(texts):4}  "
                    f"FAR {far:.3f}  FAR hi {high:.3f}"
                )
        demo = [evaluation.crisis_detect(e.text) for e in evaluation.demo_lines()]
        self.stdout.write(
            f"{'demo':10} en  n {len(demo):4}  "
            f"FAR {sum(1 for t in demo if t) / len(demo):.3f}"
        )

    def _print(self, name, part, report, *, crisis_tiers):
        n = report.overall.positives + report.overall.negatives
        self.stdout.write(f"\n== {name} · {part} ({n} lines)")
        head = f"{'':22} {'n+':>4} {'n-':>4} {'prec':>5} {'recall':>6} {'FAR':>5}"
        if crisis_tiers:
            head += f" {'rec hi':>6} {'FAR hi':>6}"
        self.stdout.write(head)
        rows = [("all", report.overall)]
        rows += [(f"lang {k}", v) for k, v in sorted(report.by_lang.items())]
        rows += [(f"  {k}", v) for k, v in sorted(report.by_kind.items())]
        for label, c in rows:
            line = (
                f"{label:22} {c.positives:4} {c.negatives:4} {_f(c.precision):>5}"
                f" {_f(c.recall):>6} {_f(c.false_alarm_rate):>5}"
            )
            if crisis_tiers:
                line += f" {_f(c.recall_high):>6} {_f(c.false_alarm_rate_high):>6}"
            self.stdout.write(line)

    def _timing(self):
        self.stdout.write(
            "\n== time to screen a 20,000-character post (ms; 8 posts x 5 runs)"
        )
        detectors = (
            ("crisis", lambda t: (crisis.assess.cache_clear(), crisis.assess(t))),
            ("pii", pii.find),
        )
        for label, lines in (
            ("story (both sets' lines)", evaluation.mixed_lines()),
            ("worst case (crisis lines only)", evaluation.load("crisis", "tune")),
        ):
            texts = evaluation.long_posts(lines)
            for name, fn in detectors:
                t = evaluation.timing(fn, texts, runs=5)
                self.stdout.write(
                    f"{name:7} {label:31} p50 {t['p50']:6.1f}  "
                    f"p95 {t['p95']:6.1f}  max {t['max']:6.1f}  "
                    f"(processor time p95 {t['cpu_p95']:5.1f})"
                )
