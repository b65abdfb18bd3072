"""The frozen station build (dist/screening/, made by packaging/build) against the app from source.

Each figure is the median wall time of a fresh process (the files are in the page cache: this is
a process cold start, not a disk cold start), with the same command from source as the baseline:

* ``screening-cli --version``: the launcher and the command-line parser;
* ``screening-cli self-test``: every module the self-test loads (SQLCipher, Argon2id with the cheap
  test settings so the key derivation does not hide the loading, reportlab and the fonts, FHIR);
* the windowed ``screening`` to a first window shown offscreen (the launcher's SCREENING_SMOKE_QT
  check), standing in for the login window until the app shows one;

plus the bundle's size against its 250 MB budget. Without a bundle every figure is reported as
not measured (met = None) with the reason.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.run import ROOT, Options, Result

BUNDLE = ROOT / "dist" / "screening"
SUFFIX = ".exe" if sys.platform == "win32" else ""
SIZE_BUDGET_MB = 250.0

CASES: list[tuple[str, str, list[str], list[str], dict[str, str]]] = [
    # name, frozen executable, its arguments, the same from source, extra environment
    ("start: screening-cli --version", "screening-cli", ["--version"],
     ["-m", "screening.cli", "--version"], {}),
    ("start: screening-cli self-test", "screening-cli", ["self-test"],
     ["-m", "screening.cli", "self-test"], {"SCREENING_INSECURE_TEST_KDF": "1"}),
    ("start: screening to first window, offscreen", "screening", [],
     [str(ROOT / "packaging" / "launch.py")], {"SCREENING_SMOKE_QT": "1"}),
]


def _env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCREENING_", "QT_"))}
    env.update(SCREENING_HOME=str(home), SCREENING_LOG_DIR=str(home / "logs"),
               QT_QPA_PLATFORM="offscreen", **extra)
    return env


def _median_seconds(command: list[str], env: dict[str, str], repeats: int) -> float:
    def once() -> float:
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-500:]}")
        return elapsed

    once()  # warm-up: page cache, font caches
    return statistics.median(once() for _ in range(repeats))


def _size_mb(folder: Path) -> float:
    """On-disk size like `du`: allocated blocks where the platform reports them."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            blocks = getattr(stat, "st_blocks", None)
            total += blocks * 512 if blocks is not None else stat.st_size
    return total / (1024 * 1024)


def _stale_note() -> str:
    cli = BUNDLE / f"screening-cli{SUFFIX}"
    built = cli.stat().st_mtime
    for top in ("screening", "forms", "resources", "packaging"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.stat().st_mtime > built:
                return f"; bundle older than {path.relative_to(ROOT)}: rebuild with packaging/build"
    return ""


def benchmarks(opts: Options) -> list[Result]:
    cli = BUNDLE / f"screening-cli{SUFFIX}"
    if not cli.exists():
        note = "no bundle in dist/screening/: run packaging/build to measure"
        return [Result(name, None, "ms", note=note) for name, *_ in CASES] + [
            Result("frozen bundle size (du)", None, "MB", target=SIZE_BUDGET_MB, note=note)]

    import tempfile

    repeats = opts.repeats(5, 3)
    stale = _stale_note()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-packaging-") as folder:
        for name, exe, args, source_args, extra in CASES:
            env = _env(Path(folder) / "station", extra)
            frozen = _median_seconds([str(BUNDLE / f"{exe}{SUFFIX}"), *args], env, repeats)
            source = _median_seconds([sys.executable, *source_args], env, repeats)
            results.append(Result(
                name, frozen * 1000, "ms", baseline=source * 1000,
                note=f"frozen vs from source, median of {repeats} fresh processes{stale}",
            ))
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
    results.append(Result("frozen bundle size (du)", _size_mb(BUNDLE), "MB", target=SIZE_BUDGET_MB,
                          note=f"{files} files, unpacked, {sys.platform}{stale}"))
    return results
