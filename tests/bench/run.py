"""The project's one benchmark runner.

    python tests/bench/run.py [--quick] [--json OUT] [--only NAME ...]

Each ``bench_*.py`` module beside this file defines ``benchmarks(opts) -> list[Result]``.
Figures are medians (or percentiles) of repeated runs, printed as a table and written as JSON:
one object per figure with name, value, unit, baseline, ratio, target, op, applies_to, met, note.
Targets are checked here, never as timed asserts in unit tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class Options:
    quick: bool

    def repeats(self, full: int, quick: int) -> int:
        return quick if self.quick else full


@dataclass
class Result:
    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: float | None = None
    op: str = "<="
    applies_to: str = "value"
    met: bool | None = None
    note: str = ""

    def finish(self) -> Result:
        if self.value is not None and self.baseline:
            self.ratio = self.value / self.baseline
        measured = self.ratio if self.applies_to == "ratio" else self.value
        if self.target is None or measured is None:
            self.met = None
        else:
            self.met = measured <= self.target if self.op == "<=" else measured >= self.target
        return self


def timed(fn: Callable[[], Any]) -> float:
    """Seconds one call takes (perf_counter)."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(fn: Callable[[], Any], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn) for _ in range(repeats)) * 1000


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def discover() -> list[Any]:
    return [importlib.import_module(f"tests.bench.{p.stem}") for p in sorted(HERE.glob("bench_*.py"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under 4 minutes)")
    parser.add_argument("--json", metavar="OUT", help="write the results as JSON")
    parser.add_argument("--only", nargs="*", default=[], help="run modules whose name contains")
    args = parser.parse_args(argv)
    opts = Options(quick=args.quick)

    results: list[Result] = []
    for module in discover():
        if args.only and not any(o in module.__name__ for o in args.only):
            continue
        try:
            results.extend(r.finish() for r in module.benchmarks(opts))
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the rest
            traceback.print_exc()
            results.append(Result(module.__name__.rsplit(".", 1)[-1], None, "", note=f"failed: {exc}"))

    header = (f"{'benchmark':44} {'value':>11} {'unit':6} {'baseline':>10} {'ratio':>7} "
              f"{'target':>10}  met")
    print(header)
    print("-" * len(header))
    for r in results:
        target = f"{r.op}{r.target:g}{'x' if r.applies_to == 'ratio' else ''}" if r.target else ""
        met = "-" if r.met is None else "yes" if r.met else "NO"
        print(f"{r.name:44} {_fmt(r.value):>11} {r.unit:6} {_fmt(r.baseline):>10} "
              f"{_fmt(r.ratio):>7} {target:>10}  {met}" + (f"  ({r.note})" if r.note else ""))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"


if __name__ == "__main__":
    sys.exit(main())
