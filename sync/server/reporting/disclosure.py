"""Disclosure control: small counts suppressed, and enough others with them that none comes back.

The rule (stated on every output, :data:`RULE`): a count of 1 to 4 is never published; it is
suppressed. Further counts are suppressed wherever that is needed so that no suppressed count can
be narrowed down to "under 5" from the published counts and totals: for every suppressed count,
the published figures must allow it to be 5 or more. Rates are published only where both the
count and its denominator are. A zero is published: it counts no one, and suppressing zeros (the
empty combinations a three-way table is full of) as well would, to keep each of them able to
reach 5, hide most of every sparse table, margins included.

How. Every figure the service can publish is a count over a *table* of a *measure*: the measure
is "screenings" or "screenings that raised flag F", the table a set of dimensions (ethnic group,
stage, month, agency type, age band: up to three for screenings, up to two for a flag; agency
type's crossings are protected afterwards as parts of the stage figures, with those tables
*fixed*, see :data:`.aggregates.DETAIL`). A table's
cell is the count for one combination of categories; a table's margins are the tables on fewer
of its dimensions, down to the grand total. Every table of every measure is protected at once
(:func:`protect`), with one suppression state per cell shared by every table it appears in, so the
same count is published, or suppressed, everywhere.

For each *family* (a table on the most dimensions its measure allows, with all its margins) and
each small cell in it, the protection makes sure an adversary who solves the linear programme
"maximise this cell subject to every figure the family publishes, non-negative counts, and a flag
count within its published screening count" gets 5 or more. Cheap first, a *certificate*: the
hypercube moves of Repsilber's method (used by tau-ARGUS), generalised to margins: add t to one
corner of a 2x2(x2) box of suppressed cells and to its opposite corners, take t from the others
(every published figure stays as it is); a box on fewer dimensions (a margin) is lifted into the
family at a fixed category of the other dimensions; moves add up. Where moves do not reach 5, the
linear programme itself decides (one solution often shows many cells at once). Where even that
stays under 5, the box that buys the most room for the least (its published cells, weighted by
count and, far more, by how high up the margins they are; never a box with a published zero,
which stays published) is suppressed as well: a secondary suppression. Suppressing more never
makes a protected cell unprotected; passes over every family repeat until one adds nothing, and
every table is protected with its margins; tables that share a margin share its suppression.

Screenings and flags are linked (a flag count is at most its screening count). So what a flag's
tables publish bounds the screenings from below: 11 screened in a month, 8 of them referred to
L&D, a flag never raised at probation (a published zero), so at least 8 at custody or court and
at most 3 at probation. The moves do not see that; once every family is protected, each
screenings family is checked again by its programme with those sums as inequalities
(:func:`_audit_family`), and suppresses more where a cell cannot reach 5. Tables of different
families share cells only through margins, but what one family shows of a suppressed margin is
known in the others: a flag raised at probation only, 5 for one ethnic group by stage (zeros
elsewhere), is 5 for that group in the table by month too, even where that total is suppressed.
So each family is then checked again with the least and most every other family allows each
suppressed margin on one dimension (or none). The tests solve the adversary's programme over
every published table at once (every table of every measure, every margin) to check that the
links leak nothing either. They do not, on every generated population tried; but a population
built by hand shows a way through (a strict xfail in the tests): a flag's suppressed count that
its own margins give away, and a suppressed two-way margin that another family's cells give
away, together pin a stage's count that the flag is never raised at. The checks here see
neither; widening them needs more suppressed in the *other* family, which a family-by-family
protection cannot ask for.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

THRESHOLD = 5
RULE = (
    "Disclosure control: counts of 1 to 4 are not published; they are shown as 'suppressed'. Some "
    "larger counts are suppressed too (secondary suppression), so that no suppressed count can be "
    "worked out, or narrowed down to under 5, from the row and column totals or from any other "
    "published table. Zeros are published: they count no one. Rates per 100 screenings are shown "
    "only where both the count and the number of screenings are published; medians only where 10 "
    "or more people contribute. Every suppressed cell carries the same mark, whatever the reason."
)
MEDIAN_MINIMUM = 10

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Level = tuple[int, ...]
"""A table as the positions (in :attr:`Protection.dims`) of its dimensions, ascending."""

_INFINITE = np.int64(1) << 40
_MARGIN_COST = 8.0
"""How much dearer suppressing a cell one level up (a margin) is than an inner cell."""
_FIXED_COST = 1e9
"""How much dearer suppressing a cell of a *fixed* table is (see :func:`protect`): only where no
other way is left."""


@dataclass
class Measure:
    """A measure's counts over every combination of categories of all dimensions.

    ``families``: the largest tables of this measure that are published (as positions of their
    dimensions); every table on a subset of one of them is published too. ``floor``: counts a
    cell may not go below. ``bounded_by``: the measure that bounds this one from above, cell by
    cell (a flag: screenings); where that measure's count is published, an adversary knows the
    bound. It must be protected first, and publish every table this one does.
    """

    name: str
    counts: IntArray
    families: tuple[Level, ...]
    floor: IntArray | None = None
    bounded_by: str | None = None


@dataclass
class Protection:
    """The suppression state of every cell of every table of every measure."""

    dims: tuple[str, ...]
    domains: tuple[tuple[str, ...], ...]
    measures: dict[str, Measure]
    suppressed: dict[tuple[str, Level], BoolArray] = field(default_factory=dict)
    secondary_count: int = 0
    fixed: frozenset[Level] = frozenset()
    """Tables whose suppression was decided elsewhere (:func:`protect`'s ``preset``): their cells
    are not protected here, and hiding more of them is priced out unless nothing else moves."""
    notes: dict[str, int] = field(default_factory=dict)
    """Figures about how the protection ran, for the log and the benchmark."""
    withheld: set[Level] = field(default_factory=set)
    """Tables protected here but not published after all, nor any table that shows one (a
    caller's decision, see :func:`.aggregates.publishes`)."""
    _values: dict[tuple[str, Level], IntArray] = field(default_factory=dict, repr=False)

    def values(self, measure: str, level: Level) -> IntArray:
        """The counts of one table."""
        found = self._values.get((measure, level))
        if found is None:
            found = np.array(_marginal(self.measures[measure].counts, level, len(self.dims)), dtype=np.int64)
            self._values[(measure, level)] = found
        return found

    def is_suppressed(self, measure: str, level: Level) -> BoolArray:
        """Which cells of one table are suppressed."""
        return self.suppressed[(measure, level)]

    def levels(self, measure: str) -> list[Level]:
        """Every published table of a measure (including the grand total, ``()``)."""
        found = {level for family in self.measures[measure].families for level in _subsets(family)}
        return sorted(found, key=lambda level: (len(level), level))


def protect(
    dims: Sequence[str],
    domains: Sequence[Sequence[str]],
    measures: Sequence[Measure],
    *,
    preset: dict[tuple[str, Level], BoolArray] | None = None,
    fixed: frozenset[Level] = frozenset(),
) -> Protection:
    """Primary and secondary suppression for every table of every measure (see the module doc).

    ``preset``: a starting suppression for some tables (else their counts of 1 to 4);
    ``fixed``: tables (of every measure) protected elsewhere: their suppressed cells are not
    protected again here, and a box that would hide more of them is priced out unless no other
    box can move (see :data:`_FIXED_COST`)."""
    state = Protection(
        tuple(dims), tuple(tuple(d) for d in domains), {m.name: m for m in measures}, fixed=fixed
    )
    for measure in measures:
        for level in state.levels(measure.name):
            start = (preset or {}).get((measure.name, level))
            values = state.values(measure.name, level)
            state.suppressed[(measure.name, level)] = np.array(
                _small(values) if start is None else start, dtype=bool
            )
    # Every suppressed count under 5 must be able to reach 5, the zeros a secondary suppression
    # hid included; hiding one may hide a zero elsewhere, so passes repeat until none does.
    # What a family has shown safe stays safe (more suppression only widens what is possible).
    certified: dict[tuple[str, Level], set[tuple[Level, tuple[int, ...]]]] = {}
    while True:
        before = state.secondary_count
        for measure in measures:
            for family in measure.families:
                _protect_family(state, measure, family, certified.setdefault((measure.name, family), set()))
        if state.secondary_count == before:
            break
    for measure in measures:
        if any(m.bounded_by == measure.name for m in measures):
            for family in measure.families:
                _audit_family(state, measure, family)
    # Families share margins: what one shows of a suppressed margin (its least and most) the
    # adversary knows in the others too. The ranges are found once, before these checks: one
    # that a check then widens (more suppressed) makes the others stricter, not weaker; but a
    # margin a check newly suppresses is not shared (no attack in the tests finds a way through).
    for measure in measures:
        if len(measure.families) < 2:
            continue
        shown = {family: _margin_ranges(state, measure, family) for family in measure.families}
        for family in measure.families:
            sums: list[_Sum] = []
            for other, ranges in shown.items():
                if other == family:
                    continue
                for (level, cell), (least, most) in ranges.items():
                    if set(level) <= set(family):
                        cells = np.zeros(state.values(measure.name, family).shape, dtype=bool)
                        index: list[Any] = [slice(None)] * len(family)
                        for d, i in zip(level, cell, strict=True):
                            index[family.index(d)] = i
                        cells[tuple(index)] = True
                        sums.append((cells, least, most))
            if sums:
                _audit_family(state, measure, family, sums)
    _publish_given_away(state)
    return state


def _publish_given_away(state: Protection) -> None:
    """Publish the suppressed totals (the grand total and by one dimension) of counts no other
    measure bounds (screenings) that the published figures give away exactly anyway: 5 or more,
    hidden by a secondary suppression, as the totals by agency type add up to the grand total.
    Showing such a count tells no one anything new, and a dashboard need not say "suppressed"
    for the number of screenings."""
    for measure in state.measures.values():
        if measure.bounded_by is not None:
            continue
        for level in state.levels(measure.name):
            if len(level) > 1 or level in state.fixed:
                continue
            hidden = state.suppressed[(measure.name, level)]
            values = state.values(measure.name, level)
            for found in np.argwhere(hidden & (values >= THRESHOLD)):
                cell = tuple(int(i) for i in found)
                least, most = cell_range(state, measure.name, level, cell, measure.families)
                if least == most == values[cell]:
                    hidden[cell] = False


def _margin_ranges(
    state: Protection, measure: Measure, dims: Level
) -> dict[tuple[Level, tuple[int, ...]], tuple[int, int]]:
    """The least and most each suppressed cell of the family's margins on one dimension or none
    can be, given what the family publishes."""
    family = _family(state, measure, dims)
    program = _FamilyProgram(state, family, _bounded_from_below(state, measure, dims))
    found: dict[tuple[Level, tuple[int, ...]], tuple[int, int]] = {}
    for level in _subsets(dims):
        if len(level) > 1 or level == dims or level in state.fixed:
            continue
        for hidden in np.argwhere(state.suppressed[(measure.name, level)]):
            cell = tuple(int(i) for i in hidden)
            shown = program.interval(level, cell)
            if shown is not None:
                found[(level, cell)] = shown
    return found


def cell_range(
    state: Protection, measure: str, level: Level, cell: tuple[int, ...], families: Sequence[Level]
) -> tuple[int, int]:
    """The least and most a cell can be given what these families of its measure publish: its
    count where it is published; else the narrowest of what each family with the cell allows (as
    the checks see it, with what the flags show from below)."""
    if not state.suppressed[(measure, level)][cell]:
        value = int(state.values(measure, level)[cell])
        return value, value
    least, most = 0, int(_INFINITE)
    counted = state.measures[measure]
    for dims in families:
        if set(level) <= set(dims) and least < most:
            family = _family(state, counted, dims)
            program = _FamilyProgram(state, family, _bounded_from_below(state, counted, dims))
            shown = program.interval(level, cell)
            if shown is not None:
                least, most = max(least, shown[0]), min(most, shown[1])
    return least, most


_Sum = tuple[BoolArray, int | None, int | None]
"""Cells of a family whose sum is known to be at least / at most something (None: no bound)."""


def published_zeros(state: Protection, measure: str, dims: Level, levels: Sequence[Level]) -> BoolArray:
    """Where, over the table on ``dims``, the measure is known to be zero: under a published
    zero in any of its tables on these ``levels`` (subsets of ``dims``; those it has)."""
    shape = tuple(len(state.domains[d]) for d in dims)
    zero = np.zeros(shape, dtype=bool)
    for level in levels:
        if (measure, level) in state.suppressed:
            shown = (state.values(measure, level) == 0) & ~state.suppressed[(measure, level)]
            zero |= shown.reshape([shape[dims.index(d)] if d in level else 1 for d in dims])
    return zero


def _bounded_from_below(state: Protection, measure: Measure, dims: Level) -> list[_Sum]:
    """Sums of the family's cells that the published figures of the measures this one bounds
    show to be at least something: a published count of such a measure in a table on one
    dimension fewer is at most the sum of this measure's cells under it where that measure is
    not known to be zero (a published zero in any of its tables)."""
    found: list[_Sum] = []
    for other in state.measures.values():
        if other.bounded_by != measure.name:
            continue
        shape = state.values(measure.name, dims).shape
        zero = published_zeros(state, other.name, dims, [sub for sub in _subsets(dims) if sub != dims])
        for axis, dropped in enumerate(dims):
            sub = tuple(d for d in dims if d != dropped)
            if (other.name, sub) not in state.suppressed:
                continue
            values = state.values(other.name, sub)
            shown = ~state.suppressed[(other.name, sub)] & (values > 0)
            for cell in np.argwhere(shown):
                index: list[Any] = list(cell)
                index.insert(axis, slice(None))
                cells = np.zeros(shape, dtype=bool)
                cells[tuple(index)] = ~zero[tuple(index)]
                found.append((cells, int(values[tuple(cell)]), None))
    return found


def _audit_family(state: Protection, measure: Measure, dims: Level, more: Sequence[_Sum] = ()) -> None:
    """Check the family's suppressed cells under 5 once more, with what the measures this one
    bounds show of it from below (:func:`_bounded_from_below`) and ``more`` (what other
    families show of its margins), which the moves of :func:`_protect_family` do not know;
    suppress more where one cannot reach 5."""
    at_least = [*_bounded_from_below(state, measure, dims), *more]
    if not at_least:
        return
    while True:
        family = _family(state, measure, dims)
        targets = [
            (level, tuple(int(i) for i in found))
            for level in _subsets(dims)
            if level not in state.fixed
            for found in np.argwhere(
                state.suppressed[(measure.name, level)] & (state.values(measure.name, level) < THRESHOLD)
            )
        ]
        if not targets:
            return
        program = _FamilyProgram(state, family, at_least)
        pending = program.settle(targets, rounds=3)
        short = None
        while pending and short is None:
            first, pending = pending[0], pending[1:]
            if program.maximise(*first) < THRESHOLD - _TOLERANCE:
                short = first
            elif pending:
                # The solution that lets this one reach 5 may show others can too.
                pending = program.settle(pending, batch=False)
        if short is None:
            return
        level, cell = short
        target = dict(zip(level, cell, strict=True))
        need = THRESHOLD - int(state.values(measure.name, level)[cell])
        options = [_candidates(state, family, family.counts, level, target, box) for box in _subsets(level)]
        if not _suppress_cheapest(state, family, options, need):
            for hidden in _subsets(dims):
                state.suppressed[(measure.name, hidden)] |= state.values(measure.name, hidden) > 0
            return


# ------------------------------------------------------------------------------------------------


def _small(values: IntArray) -> BoolArray:
    """The counts the rule hides: 1 to 4. (A zero counts no one and is published.)"""
    return np.asarray((values > 0) & (values < THRESHOLD))


def families(
    ndim: int, size: int, *, narrow: Sequence[int] = (), companions: Sequence[int] = ()
) -> tuple[Level, ...]:
    """The largest tables on up to ``size`` of ``ndim`` dimensions, where a dimension in
    ``narrow`` appears only with the ``companions`` (and never with another narrow one)."""
    wide = [d for d in range(ndim) if d not in narrow]
    found = list(itertools.combinations(wide, min(size, len(wide))))
    for d in narrow:
        found.append(tuple(sorted((d, *companions[: size - 1]))))
    return tuple(found)


def _marginal(counts: IntArray, level: Level, ndim: int) -> IntArray:
    drop = tuple(axis for axis in range(ndim) if axis not in level)
    return counts.sum(axis=drop) if drop else counts


def _subsets(level: Level) -> Iterator[Level]:
    for k in range(len(level), -1, -1):
        yield from itertools.combinations(level, k)


@dataclass
class _Family:
    """One family's counts and bounds (at the family's own level) and where its tables sit."""

    measure: str
    dims: Level
    counts: IntArray
    floor: IntArray
    ceiling: IntArray


def _family(state: Protection, measure: Measure, dims: Level) -> _Family:
    ndim = len(state.dims)
    counts = state.values(measure.name, dims).copy()
    floor = np.zeros_like(counts)
    if measure.floor is not None:
        floor = np.array(_marginal(measure.floor, dims, ndim), dtype=np.int64)
    ceiling = np.full_like(counts, _INFINITE)
    if measure.bounded_by is not None:
        bound = measure.bounded_by
        published = ~state.suppressed[(bound, dims)]
        ceiling = np.where(published, state.values(bound, dims), _INFINITE)
    return _Family(measure.name, dims, counts, floor, ceiling)


def _protect_family(
    state: Protection, measure: Measure, dims: Level, certified: set[tuple[Level, tuple[int, ...]]]
) -> None:
    """Suppress until every suppressed cell under 5 of the family (inner cells and margins, and
    zeros hidden as secondary suppressions) can be 5 or more given everything the family
    publishes. ``certified``: the cells shown safe already (added to).

    Cheap first: moves along boxes of suppressed cells (a certificate). Where they do not reach
    5, the adversary's linear programme decides (it finds chains of moves the box search
    misses). Where even that stays under 5, boxes through the cell are suppressed, each time the
    one that buys the most room for the least (its published cells, weighted by count and, far
    more, by how high up the margins they are), until moves along them reach 5.
    """
    family = _family(state, measure, dims)
    program: _FamilyProgram | None = None
    # Margins first: the small cells of a margin's own line are the cheapest partners for one
    # another; inner cells then find much of what they need suppressed already.
    primaries = [
        (level, cell)
        for level in reversed(list(_subsets(dims)))
        if level not in state.fixed
        for found in np.argwhere(
            state.suppressed[(measure.name, level)] & (state.values(measure.name, level) < THRESHOLD)
        )
        if (level, cell := tuple(int(i) for i in found)) not in certified
    ]
    certified.update(primaries)
    settled: set[tuple[Level, tuple[int, ...]]] = set()
    if len(primaries) > _BATCH_FROM:
        # One programme for all of them first: most small cells are safe as the table stands.
        program = _FamilyProgram(state, family)
        unsettled = program.settle(primaries, rounds=_BATCH_ROUNDS)
        settled = set(primaries) - set(unsettled)
    for level, cell in primaries:
        if (level, cell) in settled:
            continue
        target = dict(zip(level, cell, strict=True))
        boxes = list(_subsets(level))
        need = THRESHOLD - int(state.values(measure.name, level)[cell])
        if _certificate(state, family, level, target, boxes, need):
            continue
        if program is None:
            program = _FamilyProgram(state, family)
        if program.maximise(level, cell) >= THRESHOLD - _TOLERANCE:
            # The adversary's best point for this cell may show that others can reach 5 too.
            unsettled = [p for p in primaries if p not in settled]
            reached = program.values_in(program.solution, unsettled) if program.solution is not None else []
            settled.update(p for p, v in zip(unsettled, reached, strict=True) if v >= THRESHOLD - _TOLERANCE)
            continue
        program = None
        while True:
            options = [_candidates(state, family, family.counts, level, target, box) for box in boxes]
            if not _suppress_cheapest(state, family, options, need):
                # Nothing can move: hide every count of the family but its zeros.
                for hidden in _subsets(dims):
                    state.suppressed[(measure.name, hidden)] |= state.values(measure.name, hidden) > 0
                return
            if _certificate(state, family, level, target, boxes, need):
                break


def _certificate(
    state: Protection, family: _Family, level: Level, target: dict[int, int], boxes: list[Level], need: int
) -> bool:
    """Whether moves along boxes of suppressed cells raise the target by ``need``: each move adds
    to the target and the corners of its box opposite it and takes from the others, so it keeps
    every published figure of the family; moves are made on a working copy and add up."""
    work = family.counts.copy()
    # The boxes and which of them are suppressed stay as they are; only the room changes.
    options: dict[Level, _Candidates] = {}
    while need > 0:
        for box in boxes:
            option = options.get(box)
            if option is None:
                option = options[box] = _candidates(state, family, work, level, target, box)
            elif option.covered.any():
                option.capacity = _capacity(family, work, option.grid, option.corners)
            if not option.covered.any():
                continue
            usable = np.where(option.covered, option.capacity, 0)
            totals = usable.sum(axis=tuple(range(len(option.box), len(option.grid))))
            if not totals.size or int(totals.max()) <= 0:
                continue
            flat = int(np.argmax(totals))
            where = np.unravel_index(flat, np.shape(totals)) if np.ndim(totals) else ()
            _apply(work, option, tuple(int(i) for i in where), usable, need)
            need -= int(np.ravel(totals)[flat])
            break
        else:
            return False
    return True


def _apply(
    work: IntArray, option: _Candidates, partner: tuple[int, ...], usable: IntArray, need: int
) -> None:
    """Move along every anchor of the chosen partners, as far as each can (up to ``need``)."""
    chosen = np.asarray(usable[partner] if partner else usable)
    remaining = need
    for position in np.argwhere(chosen > 0):
        if remaining <= 0:
            break
        amount = int(min(int(chosen[tuple(position)]), remaining))
        remaining -= amount
        grid_position = tuple(partner) + tuple(int(i) for i in position)
        for sign, coords in option.corners:
            index = tuple(_at(coords[d], grid_position) for d in sorted(coords))
            work[index] += sign * amount


_TOLERANCE = 1e-6
_BATCH_FROM = 8
_BATCH_ROUNDS = 3


class _FamilyProgram:
    """The adversary's linear programme for one family under the current suppressions: the
    family's suppressed inner cells are the unknowns (non-negative, and within a published
    bound), every published inner cell and margin an equation; ``at_least``: sums of inner cells
    known to be at least something (inequalities, see :func:`_bounded_from_below`)."""

    def __init__(self, state: Protection, family: _Family, sums: Sequence[_Sum] = ()) -> None:
        dims = family.dims
        shape = family.counts.shape
        hidden = np.asarray(state.suppressed[(family.measure, dims)])
        self.free = np.flatnonzero(hidden)
        coords = np.unravel_index(self.free, shape)
        known = np.where(hidden, 0, family.counts)
        self.members: dict[Level, tuple[IntArray, IntArray]] = {}
        rows: list[IntArray] = []
        columns: list[IntArray] = []
        rhs: list[IntArray] = []
        self.equations = 0
        for margin in _subsets(dims):
            positions = [dims.index(d) for d in margin]
            margin_shape = tuple(shape[p] for p in positions)
            where = (
                np.ravel_multi_index(tuple(coords[p] for p in positions), margin_shape).astype(np.int64)
                if margin
                else np.zeros(self.free.size, dtype=np.int64)
            )
            known_sums = np.asarray(_marginal(known, tuple(positions), len(dims)), dtype=np.int64).ravel()
            self.members[margin] = (where, known_sums)
            if margin == dims:
                continue
            published = ~np.asarray(state.suppressed[(family.measure, margin)]).ravel()
            values = np.asarray(state.values(family.measure, margin)).ravel()
            row_of = np.full(published.size, -1, dtype=np.int64)
            row_of[published] = np.arange(int(published.sum())) + self.equations
            used = row_of[where] >= 0
            rows.append(row_of[where][used])
            columns.append(np.flatnonzero(used))
            rhs.append((values - known_sums)[published])
            self.equations += int(published.sum())
        self.matrix = coo_matrix(
            (
                np.ones(sum(len(r) for r in rows)),
                (
                    np.concatenate(rows) if rows else np.zeros(0),
                    np.concatenate(columns) if columns else np.zeros(0),
                ),
            ),
            shape=(self.equations, self.free.size),
        ).tocsr()
        self.rhs = np.concatenate(rhs).astype(np.float64) if rhs else np.zeros(0)
        # Sums of cells known to lie within bounds (inequalities): at least: -sum(unknowns in
        # it) <= -(least - its published cells); at most: sum(unknowns in it) <= most - them.
        below_rows: list[IntArray] = []
        below_signs: list[float] = []
        below_rhs: list[float] = []
        position = np.full(int(np.prod(shape)), -1, dtype=np.int64)
        position[self.free] = np.arange(self.free.size)
        for cells, sum_least, sum_most in sums:
            flat = np.flatnonzero(cells)
            free = position[flat]
            if not (free >= 0).any():
                continue
            outside = int(known.ravel()[flat].sum())
            if sum_least is not None and sum_least - outside > 0:
                below_rows.append(free[free >= 0])
                below_signs.append(-1.0)
                below_rhs.append(-float(sum_least - outside))
            if sum_most is not None:
                below_rows.append(free[free >= 0])
                below_signs.append(1.0)
                below_rhs.append(float(sum_most - outside))
        self.below = coo_matrix(
            (
                np.repeat(below_signs, [len(r) for r in below_rows]),
                (
                    np.repeat(np.arange(len(below_rows)), [len(r) for r in below_rows]),
                    np.concatenate(below_rows) if below_rows else np.zeros(0, dtype=np.int64),
                ),
            ),
            shape=(len(below_rows), self.free.size),
        ).tocsr()
        self.below_rhs = np.array(below_rhs, dtype=np.float64)
        ceiling = family.ceiling.ravel()[self.free].astype(np.float64)
        self.upper = np.where(ceiling >= float(_INFINITE), np.inf, ceiling)
        self.shape = shape
        self.dims = dims
        self.solution: npt.NDArray[np.float64] | None = None
        # Each unknown is at most the least right-hand side of the equations it is in (all
        # unknowns are non-negative), and at most its bound: a cheap upper bound on any sum of them.
        self.each_at_most = self.upper.copy()
        if self.equations:
            by_column = self.matrix.tocsc()
            by_column.sort_indices()
            in_any = np.flatnonzero(np.diff(by_column.indptr))
            least = np.minimum.reduceat(self.rhs[by_column.indices], by_column.indptr[in_any])
            self.each_at_most[in_any] = np.minimum(self.each_at_most[in_any], least)

    def _target(self, level: Level, cell: tuple[int, ...]) -> tuple[npt.NDArray[np.bool_], float]:
        where, known_sums = self.members[level]
        margin_shape = tuple(self.shape[self.dims.index(d)] for d in level)
        index = int(np.ravel_multi_index(cell, margin_shape)) if level else 0
        return where == index, float(known_sums[index])

    def values_in(
        self, solution: npt.NDArray[np.float64], targets: list[tuple[Level, tuple[int, ...]]]
    ) -> list[float]:
        """Each target's value at one solution of the programme."""
        out = []
        for level, cell in targets:
            mask, constant = self._target(level, cell)
            out.append(constant + float(solution[mask].sum()))
        return out

    def interval(self, level: Level, cell: tuple[int, ...]) -> tuple[int, int] | None:
        """The least and most the cell can be (None: the programme could not be solved)."""
        mask, constant = self._target(level, cell)
        if not mask.any():
            return round(constant), round(constant)
        low = self._solve(mask.astype(np.float64))
        high = self._solve(-mask.astype(np.float64))
        if low is None or high is None:
            return None
        least = int(np.ceil(constant + float(low[mask].sum()) - _TOLERANCE))
        most = int(np.floor(constant + float(high[mask].sum()) + _TOLERANCE))
        return least, most

    def maximise(self, level: Level, cell: tuple[int, ...]) -> float:
        """The most the cell can be; the solution is kept for :meth:`settle`."""
        mask, constant = self._target(level, cell)
        if not mask.any():
            self.solution = None
            return constant
        # Short of 5 whatever the programme finds (its unknowns in one equation sum to at most
        # its right-hand side, each is at most its own least): no need to solve it.
        each = np.where(mask, np.minimum(self.each_at_most, float(_INFINITE)), 0.0)
        total = float(each.sum())
        at_most = total
        if self.equations:
            at_most = min(total, float(np.min(self.rhs + total - self.matrix @ each)))
        if constant + at_most < THRESHOLD - _TOLERANCE:
            self.solution = None
            return constant + at_most
        result = self._solve(-mask.astype(np.float64))
        if result is None:
            return float("inf")
        self.solution = result
        return constant + float(result[mask].sum())

    def settle(
        self, pending: list[tuple[Level, tuple[int, ...]]], *, batch: bool = True, rounds: int = 1_000
    ) -> list[tuple[Level, tuple[int, ...]]]:
        """The pending cells that are not yet shown to reach 5: solve for all of them at once
        (again while that shows more), or read the last single solution."""
        if not batch:
            if self.solution is None:
                return pending
            reached = self.values_in(self.solution, pending)
            return [t for t, v in zip(pending, reached, strict=True) if v < THRESHOLD - _TOLERANCE]
        for _ in range(rounds):
            if not pending:
                break
            solution = self._solve_batch(pending)
            reached = self.values_in(solution, pending)
            still = [t for t, v in zip(pending, reached, strict=True) if v < THRESHOLD - _TOLERANCE]
            if len(still) == len(pending):
                return still
            pending = still
        return pending

    def _solve(self, objective: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
        bounds = np.column_stack([np.zeros(self.free.size), self.upper])
        result = linprog(
            objective,
            A_ub=self.below if self.below_rhs.size else None,
            b_ub=self.below_rhs if self.below_rhs.size else None,
            A_eq=self.matrix if self.equations else None,
            b_eq=self.rhs if self.equations else None,
            bounds=bounds,
            method="highs",
        )
        if result.status == 3:  # unbounded
            return None
        if result.status != 0:
            raise RuntimeError(f"disclosure control: the linear programme failed ({result.message})")
        return np.asarray(result.x, dtype=np.float64)

    def _solve_batch(self, targets: list[tuple[Level, tuple[int, ...]]]) -> npt.NDArray[np.float64]:
        """Maximise the sum over targets of min(target, 5): one variable z per target with
        z <= target and 0 <= z <= 5."""
        n, k = self.free.size, len(targets)
        rows: list[IntArray] = []
        constants = np.zeros(k)
        for t, (level, cell) in enumerate(targets):
            mask, constants[t] = self._target(level, cell)
            rows.append(np.flatnonzero(mask))
        # z_t - sum(x in t) <= constant_t
        data = np.concatenate([np.ones(k), -np.ones(sum(len(r) for r in rows))])
        row_index = np.concatenate([np.arange(k), np.repeat(np.arange(k), [len(r) for r in rows])])
        col_index = np.concatenate(
            [n + np.arange(k), np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)]
        )
        inequalities = coo_matrix((data, (row_index, col_index)), shape=(k, n + k)).tocsr()
        if self.below_rhs.size:
            below = coo_matrix(self.below).tocsr()
            below.resize((self.below_rhs.size, n + k))
            inequalities = vstack([inequalities, below]).tocsr()
            limits = np.concatenate([constants, self.below_rhs])
        else:
            limits = constants
        equalities = None
        if self.equations:
            equalities = coo_matrix(self.matrix).tocsr()
            equalities.resize((self.equations, n + k))
        objective = np.concatenate([np.zeros(n), -np.ones(k)])
        bounds = np.vstack(
            [
                np.column_stack([np.zeros(n), self.upper]),
                np.column_stack([np.zeros(k), np.full(k, THRESHOLD)]),
            ]
        )
        result = linprog(
            objective,
            A_ub=inequalities,
            b_ub=limits,
            A_eq=equalities,
            b_eq=self.rhs if self.equations else None,
            bounds=bounds,
            method="highs",
        )
        if result.status != 0:
            raise RuntimeError(f"disclosure control: the linear programme failed ({result.message})")
        return np.asarray(result.x[:n], dtype=np.float64)


@dataclass
class _Candidates:
    """Every box of one shape through the target cell: per combination of partners (one per box
    dimension) and anchors (one category of each dimension outside the target's table)."""

    box: Level
    anchors: Level
    grid: tuple[int, ...]
    partners: dict[int, IntArray]
    capacity: IntArray
    covered: BoolArray
    corners: list[tuple[int, dict[int, Any]]]
    touched: list[tuple[Level, list[tuple[Any, ...]]]]


def _candidates(
    state: Protection,
    family: _Family,
    work: IntArray,
    level: Level,
    target: dict[int, int],
    box: Level,
) -> _Candidates:
    sizes = {d: len(state.domains[d]) for d in family.dims}
    anchors = tuple(d for d in family.dims if d not in level)
    partners = {d: _others(sizes[d], target[d]) for d in box}
    grid_dims = box + anchors
    grid = tuple(len(partners[d]) if d in box else sizes[d] for d in grid_dims)

    def along(d: int, values: IntArray) -> IntArray:
        shape = [1] * len(grid_dims)
        shape[grid_dims.index(d)] = len(values)
        return values.reshape(shape)

    anchor_index = {d: along(d, np.arange(sizes[d])) for d in anchors}
    partner_index = {d: along(d, partners[d]) for d in box}

    def coordinate(d: int, corner: frozenset[int]) -> Any:
        if d in box:
            return partner_index[d] if d in corner else target[d]
        if d in level:
            return target[d]
        return anchor_index[d]

    corners: list[tuple[int, dict[int, Any]]] = []
    for k in range(len(box) + 1):
        for flipped in itertools.combinations(box, k):
            corner = frozenset(flipped)
            corners.append((-1 if k % 2 else 1, {d: coordinate(d, corner) for d in family.dims}))
    capacity = _capacity(family, work, grid, corners)
    covered = np.ones(grid, dtype=bool)
    touched: list[tuple[Level, list[tuple[Any, ...]]]] = []
    for touched_level in _subsets(family.dims):
        if not set(box) <= set(touched_level):
            continue
        suppressed = state.suppressed[(family.measure, touched_level)]
        indices = [tuple(coords[d] for d in touched_level) for _, coords in corners]
        for index in indices:
            covered &= suppressed[index]
        touched.append((touched_level, indices))
    return _Candidates(box, anchors, grid, partners, capacity, covered, corners, touched)


def _capacity(
    family: _Family, work: IntArray, grid: tuple[int, ...], corners: list[tuple[int, dict[int, Any]]]
) -> IntArray:
    """How far each box can move: the least room at its corners (down to the floor where it
    takes, up to the ceiling where it adds)."""
    capacity = np.full(grid, _INFINITE, dtype=np.int64)
    for sign, coords in corners:
        index = tuple(coords[d] for d in family.dims)
        counts = work[index]
        room = counts - family.floor[index] if sign < 0 else family.ceiling[index] - counts
        np.minimum(capacity, room, out=capacity)
    np.maximum(capacity, 0, out=capacity)
    return capacity


@functools.cache
def _others(size: int, category: int) -> IntArray:
    """Every category of a dimension of ``size`` but one (read only: shared)."""
    found = np.delete(np.arange(size, dtype=np.int64), category)
    found.flags.writeable = False
    return found


def _cost(state: Protection, family: _Family, option: _Candidates) -> npt.NDArray[np.float64]:
    """What suppressing each box would cost: its published cells, weighted by their counts and
    (much more) by how far up the margins they are. A box with a published zero is not for sale:
    zeros stay published (hiding one would only hide a count other tables often give away)."""
    cost = np.zeros(option.grid, dtype=np.float64)
    for touched_level, indices in option.touched:
        suppressed = state.suppressed[(family.measure, touched_level)]
        values = state.values(family.measure, touched_level)
        weight = _MARGIN_COST ** (len(family.dims) - len(touched_level))
        if touched_level in state.fixed:
            weight *= _FIXED_COST
        for index in indices:
            value = values[index]
            cost += np.where(suppressed[index], 0.0, np.where(value == 0, np.inf, weight * (1.0 + value)))
    return cost


def _at(coordinate: Any, grid_position: tuple[int, ...]) -> int:
    if isinstance(coordinate, np.ndarray):
        at = tuple(min(i, size - 1) for i, size in zip(grid_position, coordinate.shape, strict=True))
        return int(coordinate[at])
    return int(coordinate)


def _suppress_cheapest(state: Protection, family: _Family, options: list[_Candidates], need: int) -> bool:
    """Suppress the box through the target that buys room most cheaply; False if none can move."""
    best: tuple[float, _Candidates, tuple[int, ...]] | None = None
    for option in options:
        # Boxes suppressed already have been counted on; only new ones add room.
        gain = np.where(option.covered, 0, np.minimum(option.capacity, need)).astype(np.float64)
        if not gain.size or float(gain.max()) <= 0:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            price = np.where(gain > 0, _cost(state, family, option) / np.maximum(gain, 1.0), np.inf)
        flat = int(np.argmin(price))
        if not np.isfinite(np.ravel(price)[flat]):
            continue
        if best is None or float(np.ravel(price)[flat]) < best[0]:
            position = tuple(int(i) for i in np.unravel_index(flat, np.shape(price)))
            best = (float(np.ravel(price)[flat]), option, position)
    if best is None:
        return False
    _, option, position = best
    for touched_level, indices in option.touched:
        suppressed = state.suppressed[(family.measure, touched_level)]
        for index in indices:
            cell = tuple(_at(i, position) for i in index)
            if not suppressed[cell]:
                suppressed[cell] = True
                state.secondary_count += 1
    return True
