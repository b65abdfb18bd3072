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

from sync.server.db import utcnow
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
    return [counts_table(release, dims) for dims in aggregates.allowed_tables(release)]


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
@pytest.mark.parametrize("which", ["release", "ld_custody_release"])
def test_every_published_table_at_once_leaves_every_suppressed_cell_able_to_reach_5(
    which: str, request: pytest.FixtureRequest
) -> None:
    """The adversary's programme over everything the service publishes, every table of every
    measure with every margin, flag counts bounded by screening counts, microcell by microcell;
    for the test population and for the one with L&D in custody too (an agency type at two
    stages; before the checks at the end of disclosure.protect, 8 of its cells were pinned)."""
    release = request.getfixturevalue(which)
    attack = Attack(DIMENSIONS, release.domains)
    tables = every_table(release)
    # Screenings by 1, 2 or 3 of the five dimensions (5 + 10 + 10); flags alone, by one
    # dimension, or by two (1 + 5 + 10); with L&D in custody, one crossing is withheld (see
    # test_a_crossing_a_flag_keeps_under_5_is_withheld).
    assert len(tables) == (25 + 16 if which == "release" else 25 + 16 - 1)
    for table in tables:
        attack.publish(table)
    assert len(attack.targets) > 1000
    _assert_nothing_pinned(attack)


def test_every_table_of_up_to_three_dimensions_is_published() -> None:
    """Any one, two or three of flag, ethnic group, stage, month, agency type and age band."""
    assert len(aggregates.allowed_tables()) == 6 + 15 + 20
    for spec in ("stage,agency_type,month", "ethnicity_group,stage,agency_type", "flag,agency_type,age_band"):
        aggregates.parse_dimensions(spec)


def _service_points(release: Release) -> dict[str, list[str]]:
    """The agency types that screen at each stage."""
    by_both = counts_table(release, ["stage", "agency_type"]).cells
    found: dict[str, list[str]] = defaultdict(list)
    for cell in by_both:
        stage, agency = cell.categories["stage"], cell.categories["agency_type"]
        if ALL not in (stage, agency) and cell.count != 0:
            found[stage].append(agency)
    return found


@pytest.mark.parametrize("which", ["release", "ld_custody_release"])
def test_agency_cells_are_parts_of_the_stage_cells(which: str, request: pytest.FixtureRequest) -> None:
    """At a stage with one agency type its cells are the stage's, hidden where they are; under a
    hidden stage cell every nonzero agency cell is hidden; a hidden agency cell under a published
    stage cell has a hidden sibling at that stage (the split moves between them). A cell by agency
    type without stage is the sum of its service points' (L&D in custody: of two stages'), hidden
    where any of them is."""
    release = request.getfixturevalue(which)
    points = _service_points(release)
    assert len(points["court"]) == 2 and len(points["probation"]) == 1
    stages_of_ld = sum("liaison_diversion" in agencies for agencies in points.values())
    assert stages_of_ld == (1 if which == "release" else 2)
    checked = 0
    for dims in aggregates.allowed_tables(release):
        plain = [d for d in dims if d != FLAG]
        if "agency_type" not in plain or len(plain) < 2 or len(dims) == 3 and "stage" not in dims:
            continue
        with_stage = list(dims) if "stage" in dims else [*dims, "stage"]
        if len(with_stage) > 3:
            continue
        parts = {_key(c): c for c in counts_table(release, with_stage).cells}
        by_stage = [d for d in with_stage if d != "agency_type"]
        parents = {_key(c): c for c in counts_table(release, by_stage).cells}
        for cell in parts.values():
            stage, agency = cell.categories["stage"], cell.categories["agency_type"]
            if ALL in (stage, agency) or all(
                v == ALL for d, v in cell.categories.items() if d not in (FLAG, "stage", "agency_type")
            ):
                continue  # stage by agency type: protected with the stage-level tables
            parent = parents[_key(cell, drop="agency_type")]
            if agency not in points[stage]:
                assert cell.count == 0
            elif len(points[stage]) == 1:
                assert (cell.count, cell.suppressed) == (parent.count, parent.suppressed), (dims, cell)
            elif parent.suppressed:
                assert cell.suppressed or cell.count == 0, (dims, cell, parent)
            elif cell.suppressed:
                siblings = [
                    parts[_key(cell, agency_type=other)] for other in points[stage] if other != agency
                ]
                assert any(s.suppressed for s in siblings), (dims, cell)
            checked += 1
        if "stage" not in dims:
            for cell in counts_table(release, list(dims)).cells:
                agency = cell.categories["agency_type"]
                if agency == ALL or all(
                    v == ALL for d, v in cell.categories.items() if d not in (FLAG, "agency_type")
                ):
                    continue  # agency type alone: the margin of stage by agency type
                summed = [parts[_key(cell, stage=s)] for s in points if agency in points[s]]
                if any(p.suppressed for p in summed):
                    assert cell.suppressed, (dims, cell)
                else:
                    assert cell.count == sum(p.count or 0 for p in summed), (dims, cell)
                checked += 1
    assert checked > 1000


def test_no_total_is_shown_suppressed_that_the_published_tables_give_away(release: Release) -> None:
    """A suppressed total (the grand total, or by one dimension) of screenings that the tables
    give away exactly would hide nothing: it is published instead (the totals by stage, where
    stage by agency type adds up to them; main's release showed 3 of 4 as suppressed)."""
    attack = Attack(DIMENSIONS, release.domains)
    for dims in aggregates.allowed_tables(release):
        if FLAG not in dims and len(dims) <= 2:
            attack.publish(counts_table(release, dims))
    totals = [t for t in attack.targets if len(t.categories) <= 1]
    assert all(attack.minimum(t) < attack.maximum(t) for t in totals), totals


def _key(cell: aggregates.Cell, *, drop: str | None = None, **changed: str) -> tuple[tuple[str, str], ...]:
    categories = {**cell.categories, **changed}
    categories.pop(drop or "", None)
    return tuple(sorted(categories.items()))


def _primary_only_crossings(release: Release) -> Release:
    """The release with its agency crossings hidden only where they are 1 to 4."""
    protection = release.protection
    bare = disclosure.Protection(protection.dims, protection.domains, dict(protection.measures))
    stage_axis, agency_axis = DIMENSIONS.index("stage"), DIMENSIONS.index("agency_type")
    for (name, level), hidden in protection.suppressed.items():
        values = bare.values(name, level)
        if agency_axis in level and level != (stage_axis, agency_axis) and len(level) > 1:
            hidden = np.asarray((values > 0) & (values < 5))
        bare.suppressed[(name, level)] = hidden.copy()
    return dataclasses.replace(release, protection=bare)


def test_the_attack_catches_agency_crossings_with_primary_suppression_only(release: Release) -> None:
    """Positive control for the split: the agency crossings with only their counts of 1 to 4
    hidden, next to the stage tables (whose cells are the sums of their agencies'), give hidden
    counts away, and the same attack says so; the release itself does not."""
    dims = ("ethnicity_group", "stage", "month", "agency_type")
    tables = (
        ["ethnicity_group", "stage", "month"],
        ["stage", "agency_type"],
        ["ethnicity_group", "month", "agency_type"],
        ["stage", "month", "agency_type"],
    )
    for tested, pinned_at_least in ((_primary_only_crossings(release), 10), (release, 0)):
        attack = Attack(dims, release.domains)
        for table in tables:
            attack.publish(counts_table(tested, table))
        maxima = attack.maxima_at_least_threshold()
        pinned = sum(1 for v in maxima.values() if v < disclosure.THRESHOLD - 1e-6)
        assert pinned > pinned_at_least if pinned_at_least else pinned == 0, pinned


def test_a_crossing_a_flag_keeps_under_5_is_withheld(ld_custody_release: Release) -> None:
    """With L&D in custody, one crossing has a suppressed count that a flag keeps under 5 whatever
    is hidden: the court screened 1 person of the Mixed group in January, of 9 screened that month
    of that group, 5 of whom were referred to L&D, which the court never does (a published zero):
    so at most 4. That table is withheld, and asking for it says why. Positive control: published
    anyway, the attack pins that count; the release without it pins nothing (see the every-table
    test)."""
    release = ld_custody_release
    withheld = release.protection.withheld
    assert withheld
    tables = [[DIMENSIONS[d] for d in level] for level in withheld]
    for dims in tables:
        for asked in [dims] + ([[FLAG, *dims]] if len(dims) < 3 else []):
            with pytest.raises(aggregates.TableRequestError, match="withheld .* never raises"):
                counts_table(release, asked)
    assert ["ethnicity_group", "month", "agency_type"] in tables
    shown = dataclasses.replace(release, protection=dataclasses.replace(release.protection, withheld=set()))
    # What pins it: the screenings and the flags by ethnic group and month, and the flags by agency.
    around = [["ethnicity_group", "month"], [FLAG, "ethnicity_group", "month"], [FLAG, "agency_type"]]
    attack = Attack(("ethnicity_group", "month", "agency_type"), release.domains)
    for dims in [*around, *tables]:
        attack.publish(counts_table(shown, dims))
    assert _pinned(attack), "the withheld table, published, gives nothing away: withheld for nothing"


def _by_hand(mixed_january: dict[tuple[int, int], tuple[int, int]], *, ld_referred: int = 3) -> Release:
    """A release built by hand: three ethnic groups, three months, two age bands; custody (the
    police, 30 screened in every cell, 10 referred to L&D), court (L&D, 20 screened, ``ld_referred``
    referred; the court, 20 screened, never referring: a published zero). ``mixed_january``: the Mixed
    group's January, by (stage, agency) position: screened and referred, in the first age band
    (none in the second)."""
    domains = {
        "ethnicity_group": ("asian", "black", "mixed"),
        "stage": ("custody", "court"),
        "month": ("2024-01", "2024-02", "2024-03"),
        "agency_type": ("police", "liaison_diversion", "court"),
        "age_band": ("25_34", "35_44"),
    }
    screenings = np.zeros((3, 2, 3, 3, 2), dtype=np.int64)
    screenings[:, 0, :, 0], screenings[:, 1, :, 1:] = 30, 20
    referred = np.zeros_like(screenings)
    referred[:, 0, :, 0], referred[:, 1, :, 1] = 10, ld_referred
    for (stage, agency), (screened, flagged) in mixed_january.items():
        screenings[2, stage, 0, agency] = (screened, 0)
        referred[2, stage, 0, agency] = (flagged, 0)
    protection = aggregates.protect_counts(domains, screenings, {"REFER": referred})
    return Release(1, utcnow(), domains, ("REFER",), {}, protection)


def _every_table_attack(release: Release) -> Attack:
    attack = Attack(DIMENSIONS, release.domains)
    for table in every_table(release):
        attack.publish(table)
    return attack


def test_a_flag_an_agency_never_raises_can_pin_a_crossing_so_that_crossing_is_withheld() -> None:
    """Of 14 people of the Mixed group screened in January, 8 at custody (all 8 referred to L&D),
    5 by L&D at court (2 referred) and 1 by the court, which never refers: so the court's count
    is at most 14 - 10 = 4, whatever is hidden. Published anyway, every table at once pins it;
    the release withholds ethnic group by month by agency type (the one table with that count),
    asking for it says why, and nothing is pinned."""
    release = _by_hand({(0, 0): (8, 8), (1, 1): (5, 2), (1, 2): (1, 0)})
    assert release.protection.withheld == {(0, 2, 3)}
    with pytest.raises(aggregates.TableRequestError, match="withheld"):
        counts_table(release, ["ethnicity_group", "month", "agency_type"])
    shown = dataclasses.replace(release, protection=dataclasses.replace(release.protection, withheld=set()))
    court = (("agency_type", "court"), ("ethnicity_group", "mixed"), ("month", "2024-01"))
    assert set(_pinned(_every_table_attack(shown))) == {Target(SCREENINGS, court)}
    _assert_nothing_pinned(_every_table_attack(release))


@pytest.mark.xfail(
    strict=True,
    reason="known gap: families are protected one by one; what one shows of another's "
    "two-dimensional margin, and a flag's suppressed count that its margins give away, are not "
    "seen by the check of what the flags show from below (no generated population shows it)",
)
def test_a_flag_never_raised_at_a_stage_can_pin_that_stage_through_other_families() -> None:
    """Of 9 people of the Mixed group screened in January, 8 at custody (5 referred) and 1 by
    the court; no referral is ever made at court (here L&D does not refer either). The count by
    age band gives the 9 (the other band is a published zero), the flag's January and the other
    groups' give the 5: the court stage's count is at most 4."""
    release = _by_hand({(0, 0): (8, 5), (1, 1): (0, 0), (1, 2): (1, 0)}, ld_referred=0)
    _assert_nothing_pinned(_every_table_attack(release))


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


def _linked_attack(release: Release) -> Attack:
    """The dashboard's tables: screenings by ethnic group x stage x month, and for every flag the
    tables by each pair of those dimensions with their screenings columns."""
    attack = Attack(LINKED, release.domains)
    attack.publish(counts_table(release, list(LINKED)))
    for pair in itertools.combinations(LINKED, 2):
        attack.publish(counts_table(release, [FLAG, *pair]))
    return attack


def _pinned(attack: Attack) -> dict[Target, float]:
    """The suppressed cells the attack pins under 5, with the most each can be."""
    return {t: v for t, v in attack.maxima_at_least_threshold().items() if v < disclosure.THRESHOLD - 1e-6}


def _assert_nothing_pinned(attack: Attack) -> None:
    low = _pinned(attack)
    assert not low, f"{len(low)} suppressed cells can be pinned under 5, e.g. {list(low.items())[:3]}"


def test_the_linked_dashboard_tables_leave_every_suppressed_cell_an_interval_wider_than_0_to_4(
    release: Release, pg_store: Store
) -> None:
    """Screenings by ethnic group x stage x month with all margins, and for every flag the tables
    by each pair of those dimensions with their screenings columns, attacked together."""
    attack = _linked_attack(release)
    assert len(attack.targets) > 300 and len(attack.measures) == 1 + len(release.flags)
    _assert_nothing_pinned(attack)
    # Minimum and maximum for a sample: the true count lies between them, and the interval is
    # wider than 0-4 (its top is 5 or more).
    sample = random.Random(1).sample(sorted(attack.targets, key=repr), 40)
    for target in sample:
        low_end, high_end = attack.minimum(target), attack.maximum(target)
        truth = _truth(pg_store.population, target)
        assert low_end - 1e-6 <= truth <= high_end + 1e-6, (target, low_end, truth, high_end)
        assert high_end >= disclosure.THRESHOLD - 1e-6
        assert not (low_end >= -1e-6 and high_end <= 4 + 1e-6)


def test_what_the_flags_show_of_the_screenings_from_below_is_taken_into_account(
    seed_1_release: Release,
) -> None:
    """With another seed: 11 people of unknown ethnic group screened in a month, 8 of them
    referred to L&D, a flag never raised at probation: at least 8 were at custody or court, so
    at most 3 at probation. The protection checks the screening families again with such sums
    (without that check this cell is pinned at 3)."""
    _assert_nothing_pinned(_linked_attack(seed_1_release))


def test_the_linked_dashboard_tables_where_l_and_d_also_screens_in_custody(
    ld_custody_release: Release,
) -> None:
    """The dashboard's tables attacked together over the second population. MHTR suitability is
    raised at probation only: one ethnic group's count is published by stage (5 at probation,
    zeros elsewhere) but suppressed by month, where, unless the protection shares what one
    family shows of a margin with the others, a monthly count can be pinned at 1 to 3."""
    _assert_nothing_pinned(_linked_attack(ld_custody_release))


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
            if v.linked
            and v is not index
            and v.agency_type in ("liaison_diversion", "probation")
            and v.day >= index.day
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
