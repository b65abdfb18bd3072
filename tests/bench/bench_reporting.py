"""Central reporting: building every published figure for 100,000 screenings on PostgreSQL.

A throwaway PostgreSQL cluster (as ``tests/sync/conftest.py`` starts one) gets the central schema,
and its reporting store 100,000 screening revisions over 24 months (plus their flags), made by
the builder's own ``screening_row`` from synthetic facts: custody, court, probation and prison
screenings by police, L&D, probation, prison and court agencies, people screened more than once,
flags at the rates and stages the forms raise them. Untimed.

Timed: :func:`sync.server.reporting.aggregates.build_release`, cold (no cache): the two GROUP BY
queries, the follow-through query, and disclosure control over every table the service can
publish (ten three-way screening tables and ten two-way tables for each flag, with all their
margins; agency type protected as the detail under stage, each stage with more than one agency
type as a split of its figures; here every agency type screens at one stage) and the
follow-through tables. Target < 5 s. Baseline:
the two GROUP BY queries alone. The note gives this process's CPU time too (PostgreSQL's own is
not in it): on a shared machine the wall time also waits for the CPU.
When PostgreSQL is not installed the figure is reported with ``met`` unset and a note.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta

from sqlalchemy import insert

from sync.server import migrate
from sync.server.db import make_engine
from sync.server.reporting import aggregates
from sync.server.reporting.builder import screening_row
from sync.server.reporting.facts import Demographics, ScreeningFacts
from sync.server.reporting.pseudonym import PseudonymKey
from sync.server.reporting.schema import TABLES
from tests.bench.run import Options, Result, timed

SCREENINGS = 100_000
MONTHS = 24
TARGET_SECONDS = 5.0

_VISITS = (  # agency type, form, stage, share, flags that stage's form raises (rate)
    (
        "police",
        "custody-screen",
        "custody",
        0.55,
        {
            "REFER_LIAISON_DIVERSION": 0.35,
            "SELF_HARM_RISK": 0.12,
            "APPROPRIATE_ADULT": 0.08,
            "COMMUNICATION_SUPPORT": 0.1,
            "WITHDRAWAL_RISK": 0.15,
            "SELF_HARM_HISTORY": 0.1,
            "SUSPECTED_NEURODIVERGENCE": 0.08,
            "HEALTH_REVIEW_BEFORE_INTERVIEW": 0.05,
            "INTERMEDIARY_OR_AA": 0.04,
            "FAITH_OR_CULTURAL_NEEDS": 0.03,
        },
    ),
    (
        "liaison_diversion",
        "ld-court-screen",
        "court",
        0.25,
        {"REFER_LIAISON_DIVERSION": 0.4, "URGENT_MH_REVIEW": 0.1},
    ),
    ("probation", "psr-mental-health", "probation", 0.14, {"MHTR_SUITABLE": 0.2, "TRAUMA_INFORMED": 0.15}),
    (
        "prison",
        "neurodevelopmental",
        "prison",
        0.04,
        {"SUSPECTED_NEURODIVERGENCE": 0.3, "INTERMEDIARY_OR_AA": 0.1},
    ),
    ("court", "neurodevelopmental", "court", 0.02, {"SUSPECTED_NEURODIVERGENCE": 0.25}),
)
_ETHNICITIES = (  # (code, weight)
    ("white_british", 0.62),
    ("white_other", 0.06),
    ("white_irish", 0.02),
    ("black_caribbean", 0.05),
    ("black_african", 0.05),
    ("asian_pakistani", 0.03),
    ("asian_indian", 0.03),
    ("asian_bangladeshi", 0.02),
    ("mixed_white_black_caribbean", 0.03),
    ("mixed_other", 0.02),
    ("other_any", 0.02),
    ("other_arab", 0.01),
    ("prefer_not_to_say", 0.02),
    (None, 0.02),
)


def _rows(
    key: PseudonymKey, count: int, seed: int = 100
) -> tuple[list[dict[str, object]], list[dict[str, str]]]:
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    span = 30 * MONTHS
    codes = [c for c, _ in _ETHNICITIES]
    weights = [w for _, w in _ETHNICITIES]
    rows: list[dict[str, object]] = []
    flags: list[dict[str, str]] = []
    person = 0
    while len(rows) < count:
        person += 1
        demographics = Demographics(
            person_token=f"pnc_id:{person}",
            birth_date=None
            if rng.random() < 0.03
            else date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)),
            ethnicity=rng.choices(codes, weights)[0],
            sex=rng.choices(["male", "female"], [0.85, 0.15])[0],
        )
        first = start + timedelta(days=rng.randint(0, span - 1))
        for visit in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
            agency, form, stage, _, rates = rng.choices(_VISITS, [v[3] for v in _VISITS])[0]
            on = first + timedelta(days=visit * rng.randint(0, 60))
            if on >= start + timedelta(days=span):
                continue
            facts = ScreeningFacts(
                resource_id=f"r{len(rows)}",
                subject_id=f"p{person}-{agency}",
                replaces_id=None,
                form_id=form,
                form_version="1.0.0",
                screening_date=on,
                screening_ethnicity=None,
                screening_sex=None,
            )
            row = screening_row(
                key, facts, agency, demographics, form_stage=stage if form != "neurodevelopmental" else None
            )
            rows.append(row)
            flags += [
                {"record_key": str(row["record_key"]), "flag": f}
                for f, rate in rates.items()
                if rng.random() < rate
            ]
    kept = {str(r["record_key"]) for r in rows[:count]}
    return rows[:count], [f for f in flags if f["record_key"] in kept]


@contextmanager
def _postgres() -> Iterator[str | None]:
    """A throwaway cluster's SQLAlchemy URL (None if PostgreSQL cannot run here)."""
    from tests.sync.conftest import PostgresMissingError, throwaway_postgres

    stack = ExitStack()
    try:
        cluster = stack.enter_context(throwaway_postgres("bench-pg-"))
    except PostgresMissingError:
        yield None
        return
    with stack:
        yield cluster.create_database("bench")


def _count_queries(engine: object) -> None:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        aggregates._count_rows(connection)


def benchmarks(opts: Options) -> list[Result]:
    name = f"reporting: every published figure, {SCREENINGS:,} screenings (PostgreSQL)"
    with _postgres() as url:
        if url is None:
            return [
                Result(
                    name, None, "s", target=TARGET_SECONDS, note="PostgreSQL is not installed: not measured"
                )
            ]
        migrate.upgrade(url)
        engine = make_engine(url)
        key = PseudonymKey(os.urandom(32))
        rows, flags = _rows(key, SCREENINGS)
        with engine.begin() as connection:
            for start in range(0, len(rows), 5000):
                connection.execute(insert(TABLES.screening), rows[start : start + 5000])
            for start in range(0, len(flags), 10000):
                connection.execute(insert(TABLES.flag), flags[start : start + 10000])
            connection.exec_driver_sql("ANALYZE")
        aggregates.build_release(engine)  # warm: connections, imports, the planner's statistics
        repeats = opts.repeats(3, 1)
        samples, cpu_samples, baselines = [], [], []
        release = None
        for _ in range(repeats):
            baselines.append(timed(lambda: _count_queries(engine)))
            start_time, start_cpu = time.perf_counter(), time.process_time()
            release = aggregates.build_release(engine)
            samples.append(time.perf_counter() - start_time)
            cpu_samples.append(time.process_time() - start_cpu)
        engine.dispose()
    assert release is not None
    protection = release.protection
    tables = [aggregates.counts_table(release, dims) for dims in aggregates.allowed_tables(release)]
    cells = sum(len(table.cells) for table in tables)
    hidden = sum(cell.suppressed for table in tables for cell in table.cells)
    note = (
        f"median of {repeats} (CPU {statistics.median(cpu_samples):.2f} s in this process); "
        f"{len(release.flags)} flags, {cells:,} cells in the {len(tables)} tables (each flag's), "
        f"{hidden:,} suppressed ({protection.secondary_count:,} secondary); "
        "baseline: the two GROUP BY queries"
    )
    return [
        Result(
            name,
            statistics.median(samples),
            "s",
            baseline=statistics.median(baselines),
            target=TARGET_SECONDS,
            note=note,
        )
    ]
