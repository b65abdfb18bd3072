"""Forms engine: loading every shipped form; re-evaluating the custody form after one answer."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml

from screening.checklist.engine import evaluate
from screening.checklist.loader import FormLibrary
from tests.bench.run import ROOT, Options, Result, median_ms, percentile, timed

FORMS = ROOT / "forms"


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_only() -> None:
    for path in sorted(FORMS.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)  # noqa: S506 - a safe loader


def benchmarks(opts: Options) -> list[Result]:
    repeats = opts.repeats(21, 7)
    load = median_ms(lambda: FormLibrary.load(FORMS), repeats)
    parse = median_ms(_parse_only, repeats)
    results = [Result("load all shipped forms", load, "ms", baseline=parse, target=300,
                      note="baseline: parsing the same files with the same YAML parser")]

    library = FormLibrary.load(Path(FORMS))
    form = library.get("custody-screen")
    rng = random.Random(7)
    answers: dict[str, object] = {"A1": date(1990, 5, 17)}
    for code, item in form.items.items():
        if item.type == "choice":
            answers[code] = item.options[0].code
    choice_items = [c for c, i in form.items.items() if i.type == "choice"]
    on = date(2026, 11, 22)
    evaluate(form, answers, on=on, registry=library.registry)
    samples = []
    for _ in range(opts.repeats(5000, 1000)):
        code = rng.choice(choice_items)
        answers[code] = rng.choice(form.items[code].option_codes)
        samples.append(timed(lambda: evaluate(form, answers, on=on, registry=library.registry)))
    p95 = percentile(samples, 95) * 1000
    results.append(Result("custody form re-evaluation after one answer (p95)", p95, "ms",
                          target=2, note=f"median {percentile(samples, 50) * 1000:.3f} ms"))
    return results
