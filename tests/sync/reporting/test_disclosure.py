"""Disclosure control over the generated population: no count of 1 to 4 is published, and for
every suppressed cell the adversary's linear programme over the published tables and margins
leaves it able to be 5 or more (so its interval is wider than 0-4); with a positive control that
the same programme does catch a release protected by primary suppression alone."""

from __future__ import annotations

import dataclasses
import itertools
import random
import statistics
from collections import defaultdict

import numpy as np
import pytest

from sync.server.reporting import aggregates, disclosure
from sync.server.reporting.aggregates import (
    ALL,
    ANY_FLAG,
    DIMENSIONS,
    FLAG,
    SCREENINGS,
    Release,
    counts_table,
    follow_through_rows,
)
from sync.server.reporting.disclosure import RULE, Measure, protect
from tests.sync.reporting.attack import Attack, Target
from tests.sync.reporting.conftest import Store
from tests.sync.reporting.population import Population

LINKED = ("ethnicity_group", "stage", "month")
"""The dashboard's dimensions: its tables are attacked together, every measure at once."""


def every_table(release: Release) -> list[aggregates.CountsTable]:
    """Every table the service publishes."""
    return [counts_table(release, dims) for dims in aggregates.allowed_tables()]


THREE_WAY = [dims for dims in aggregates.allowed_tables() if len(dims) == 3 and FLAG not in dims]
FLAG_TABLES = [dims[1:] for dims in aggregates.allowed_tables() if dims[0] == FLAG and len(dims) > 1]


def _truth(population: Population, target: Target) -> int:
    wanted = dict(target.categories)
    total = 0
    for t in population.truth:
        if all(getattr(t, d) == v for d, v in wanted.items()) and (
            target.measure == SCREENINGS or target.measure in t.flags
        ):
            total += 1
    return total


def test_no_count_of_1_to_4_is_published_anywhere(release: Release) -> None:
    published = suppressed = rates = 0
    for table in every_table(release):
        for cell in table.cells:
            if cell.count is None:
                suppressed += 1
                assert cell.rate_per_100 is None
                continue
            published += 1
            assert cell.count == 0 or cell.count >= disclosure.THRESHOLD, (table.dimensions, cell)
            if cell.screenings is not None:
                assert cell.screenings == 0 or cell.screenings >= disclosure.THRESHOLD
            if cell.rate_per_100 is not None:
                rates += 1
                assert cell.screenings is not None
                assert cell.rate_per_100 == round(100 * cell.count / cell.screenings, 1)
    assert published > 3000 and suppressed > 500 and rates > 1000
    # Secondary suppression happened: some suppressed counts are 5 or more.
    protection = release.protection
    secondary = sum(
        int(((protection.values(m, level) >= 5) & protection.is_suppressed(m, level)).sum())
        for m in protection.measures
        for level in protection.levels(m)
    )
    assert secondary > 100
    # And no zero is hidden: a zero counts no one, and other tables would often give it away.
    hidden_zeros = sum(
        int(((protection.values(m, level) == 0) & protection.is_suppressed(m, level)).sum())
        for m in protection.measures
        for level in protection.levels(m)
    )
    assert hidden_zeros == 0


@pytest.mark.timeout(1800)
def test_every_published_table_at_once_leaves_every_suppressed_cell_able_to_reach_5(release: Release) -> None:
    """The adversary's programme over everything the service publishes, every table of every
    measure with every margin, flag counts bounded by screening counts, microcell by microcell."""
    attack = Attack(DIMENSIONS, release.domains)
    tables = every_table(release)
    # Screenings by 1, 2 or 3 of the five dimensions, agency type alone or by stage (5 + 7 + 4);
    # flags alone, by one dimension, or by two, agency type by stage only (1 + 5 + 7).
    assert len(tables) == 16 + 13
    for table in tables:
        attack.publish(table)
    assert len(attack.targets) > 1000
    maxima = attack.maxima_at_least_threshold()
    low = {t: v for t, v in maxima.items() if v < disclosure.THRESHOLD - 1e-6}
    assert not low, f"{len(low)} suppressed cells can be pinned under 5, e.g. {list(low.items())[:3]}"


def test_agency_type_goes_with_stage_and_flag_only() -> None:
    assert aggregates.parse_dimensions("flag,stage,agency_type") == ("flag", "stage", "agency_type")
    for refused in ("agency_type,ethnicity_group", "stage,agency_type,month", "flag,agency_type,age_band"):
        with pytest.raises(aggregates.TableRequestError, match="agency_type is published on its own"):
            aggregates.parse_dimensions(refused)


TWIN_GROUPS = [
    ("stage", "agency_type", *pair)
    for pair in itertools.combinations(("ethnicity_group", "month", "age_band"), 2)
]


def test_tables_by_agency_type_next_to_the_same_by_stage_would_give_suppressed_counts_away(
    release: Release, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Positive control, and why agency type goes with stage only: a release with every crossing,
    each three-way table protected on its own; the tables by stage and by agency type on the same
    two other dimensions, and by both on each of them, attacked together, give hidden counts away
    (agency type nearly repeats stage, and the differences pin them)."""
    monkeypatch.setattr(aggregates, "NARROW", ())
    counts = release.protection.measures
    wide = dataclasses.replace(
        release,
        protection=aggregates.protect_counts(
            release.domains, counts[SCREENINGS].counts, {f: counts[f].counts for f in release.flags}
        ),
    )
    pinned = 0
    for stage, agency, x, y in TWIN_GROUPS:
        attack = Attack((stage, agency, x, y), wide.domains)
        for table in ((stage, x, y), (agency, x, y), (stage, agency, x), (stage, agency, y)):
            attack.publish(counts_table(wide, list(table)))
        maxima = attack.maxima_at_least_threshold()
        pinned += sum(1 for v in maxima.values() if v < disclosure.THRESHOLD - 1e-6)
    assert pinned > 0


def test_the_linked_dashboard_tables_leave_every_suppressed_cell_an_interval_wider_than_0_to_4(
    release: Release, pg_store: Store
) -> None:
    """Screenings by ethnic group x stage x month with all margins, and for every flag the tables
    by each pair of those dimensions with their screenings columns, attacked together."""
    attack = Attack(LINKED, release.domains)
    attack.publish(counts_table(release, list(LINKED)))
    for pair in itertools.combinations(LINKED, 2):
        attack.publish(counts_table(release, [FLAG, *pair]))
    assert len(attack.targets) > 300 and len(attack.measures) == 1 + len(release.flags)
    maxima = attack.maxima_at_least_threshold()
    low = {t: v for t, v in maxima.items() if v < disclosure.THRESHOLD - 1e-6}
    assert not low, f"{len(low)} suppressed cells can be pinned under 5, e.g. {list(low.items())[:3]}"
    # Minimum and maximum for a sample: the true count lies between them, and the interval is
    # wider than 0-4 (its top is 5 or more).
    sample = random.Random(1).sample(sorted(attack.targets, key=repr), 40)
    for target in sample:
        low_end, high_end = attack.minimum(target), attack.maximum(target)
        truth = _truth(pg_store.population, target)
        assert low_end - 1e-6 <= truth <= high_end + 1e-6, (target, low_end, truth, high_end)
        assert high_end >= disclosure.THRESHOLD - 1e-6
        assert not (low_end >= -1e-6 and high_end <= 4 + 1e-6)


@pytest.mark.parametrize("dims", THREE_WAY, ids="+".join)
def test_every_three_way_table_with_its_margins_protects_every_suppressed_cell(
    release: Release, dims: tuple[str, ...]
) -> None:
    attack = Attack(dims, release.domains)
    attack.publish(counts_table(release, list(dims)))
    maxima = attack.maxima_at_least_threshold()
    assert maxima, "a table of this population has small cells"
    assert min(maxima.values()) >= disclosure.THRESHOLD - 1e-6


@pytest.mark.parametrize("dims", FLAG_TABLES, ids="+".join)
def test_every_flag_table_with_its_margins_and_screenings_protects_every_suppressed_cell(
    release: Release, dims: tuple[str, ...]
) -> None:
    attack = Attack(dims, release.domains)
    attack.publish(counts_table(release, [FLAG, *dims]))
    maxima = attack.maxima_at_least_threshold()
    assert min(maxima.values(), default=5.0) >= disclosure.THRESHOLD - 1e-6


def test_the_attack_catches_a_release_with_primary_suppression_only(release: Release) -> None:
    """Positive control: with the small cells hidden and nothing else, row and column totals give
    them away, and the same attack says so."""
    measures = list(release.protection.measures.values())
    bare = disclosure.Protection(
        release.protection.dims, release.protection.domains, {m.name: m for m in measures}
    )
    for measure in measures:
        for level in bare.levels(measure.name):
            values = bare.values(measure.name, level)
            bare.suppressed[(measure.name, level)] = np.asarray((values > 0) & (values < 5))
    primary_only = dataclasses.replace(release, protection=bare)
    attack = Attack(LINKED, release.domains)
    attack.publish(counts_table(primary_only, list(LINKED)))
    maxima = attack.maxima_at_least_threshold()
    assert sum(1 for v in maxima.values() if v < disclosure.THRESHOLD - 1e-6) > 10


def test_a_single_small_cell_takes_a_second_one_with_it() -> None:
    counts = np.array([3, 40, 25, 60], dtype=np.int64)
    state = protect(("group",), [("a", "b", "c", "d")], [Measure(SCREENINGS, counts, ((0,),))])
    hidden = state.is_suppressed(SCREENINGS, (0,))
    assert hidden.tolist() == [True, False, True, False]  # the smallest other, not the total
    assert not bool(state.is_suppressed(SCREENINGS, ()))


def test_a_two_way_table_hides_a_box_and_keeps_its_margins() -> None:
    counts = np.array([[2, 30, 40], [25, 50, 35], [30, 20, 60]], dtype=np.int64)
    state = protect(
        ("r", "c"), [("r1", "r2", "r3"), ("c1", "c2", "c3")], [Measure(SCREENINGS, counts, ((0, 1),))]
    )
    hidden = state.is_suppressed(SCREENINGS, (0, 1))
    assert hidden.sum() == 4 and hidden[0, 0]
    assert hidden.sum(axis=0).tolist().count(1) == 0 and hidden.sum(axis=1).tolist().count(1) == 0
    assert not state.is_suppressed(SCREENINGS, (0,)).any() and not state.is_suppressed(SCREENINGS, (1,)).any()


def test_the_rule_is_stated_on_every_output(release: Release) -> None:
    table = counts_table(release, ["ethnicity_group", "stage"])
    assert aggregates.table_json(table)["disclosure_control"]["rule"] == RULE
    for text in (
        aggregates.table_csv(table),
        aggregates.release_csv(release),
        aggregates.follow_through_csv(release),
    ):
        comments = [line for line in text.splitlines() if line.startswith("#")]
        assert f"# {RULE}" in comments
        assert f"# {aggregates.RESTRICTION}" in comments
    for statement in (
        aggregates.table_json(table)["disclosure_control"],
        aggregates.follow_through_json(release)["disclosure_control"],
    ):
        assert statement["rule"] == RULE and statement["tables"] == aggregates.RESTRICTION


def test_the_follow_through_from_custody_matches_the_population(release: Release, pg_store: Store) -> None:
    population = pg_store.population
    visits: dict[int, list] = defaultdict(list)
    for t in population.truth:
        visits[t.person].append(t)
    flagged: dict[str, int] = defaultdict(int)
    followed: dict[str, int] = defaultdict(int)
    days: list[int] = []
    for person_visits in visits.values():
        custody = [v for v in person_visits if v.stage == "custody" and v.flags]
        if not custody:
            continue
        index = min(custody, key=lambda v: v.day)
        flagged[index.ethnicity_group] += 1
        later = [
            v.day
            for v in person_visits
            if v.linked and v.agency_type in ("liaison_diversion", "probation") and v.day >= index.day
        ]
        if later:
            followed[index.ethnicity_group] += 1
            days.append((min(later) - index.day).days)
    rows = {row.ethnicity_group: row for row in follow_through_rows(release, ANY_FLAG)}
    internal = release.follow_through[ANY_FLAG]
    for i, group in enumerate(internal.groups):
        assert int(internal.flagged[i]) == flagged.get(group, 0)
        assert int(internal.followed[i]) == followed.get(group, 0)
    assert rows[ALL].flagged == sum(flagged.values()) > 500
    assert rows[ALL].followed == sum(followed.values())
    assert rows[ALL].median_days == statistics.median(days)
    assert rows[ALL].share_percent == round(100 * sum(followed.values()) / sum(flagged.values()), 1)
    for row in rows.values():
        for value in (row.flagged, row.followed):
            assert value is None or value == 0 or value >= 5
        if row.median_days is not None:
            assert row.followed is not None and row.followed >= disclosure.MEDIAN_MINIMUM
    # Its suppressions hold too (people flagged, and those followed, by ethnic group and in all).
    protection = internal.protection
    for measure in ("flagged", "followed"):
        hidden = protection.is_suppressed(measure, (0,))
        if hidden.any():
            assert hidden.sum() >= 2 or bool(protection.is_suppressed(measure, ()))
