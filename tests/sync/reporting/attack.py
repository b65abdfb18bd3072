"""The adversary: what can be worked out about a suppressed cell from everything published.

Independent of the production code's own checks: it reads only the published tables (as the API
returns them: a category or "all" per dimension, a count or None), sets up the unknown counts of
every combination of categories (one set per measure: screenings, and each flag), and for each
suppressed cell solves the linear programmes "minimise / maximise this cell subject to every
published count, non-negative counts, and no flag count above its screening count" with
``scipy.optimize.linprog`` (HiGHS).

Maxima are first found for all suppressed cells at once, by one programme that maximises the sum
over cells of min(cell, 5): a cell that reaches 5 in that one solution provably can. Only the
cells left are maximised one by one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from sync.server.reporting.aggregates import ALL, FLAG, SCREENINGS, CountsTable

THRESHOLD = 5


@dataclass(frozen=True)
class Target:
    """A suppressed cell: its measure and categories (``"all"`` for a summed dimension)."""

    measure: str
    categories: tuple[tuple[str, str], ...]


@dataclass
class Attack:
    """The adversary's programme over the microcells of ``dimensions``."""

    dimensions: tuple[str, ...]
    domains: dict[str, tuple[str, ...]]
    measures: list[str] = field(default_factory=list)
    equations: list[tuple[np.ndarray, float]] = field(default_factory=list)
    targets: dict[Target, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.shape = tuple(len(self.domains[d]) for d in self.dimensions)
        self.size = int(np.prod(self.shape))
        self.ids = np.arange(self.size).reshape(self.shape)

    def _offset(self, measure: str) -> int:
        if measure not in self.measures:
            self.measures.append(measure)
        return self.measures.index(measure) * self.size

    def _cells(self, measure: str, categories: dict[str, str]) -> np.ndarray:
        index: list[object] = []
        for d in self.dimensions:
            value = categories.get(d, ALL)
            index.append(slice(None) if value == ALL else self.domains[d].index(value))
        return self.ids[tuple(index)].ravel() + self._offset(measure)

    def publish(self, table: CountsTable) -> None:
        """Add every cell of a published table (and, for a flag table, its screenings column)."""
        for cell in table.cells:
            categories = {d: v for d, v in cell.categories.items() if d != FLAG}
            extra = set(categories) - set(self.dimensions)
            if any(categories[d] != ALL for d in extra):
                raise ValueError(f"the attack does not cover dimensions {extra}")
            measure = cell.categories.get(FLAG, SCREENINGS)
            self._add(measure, categories, cell.count)
            if FLAG in cell.categories:
                self._add(SCREENINGS, categories, cell.screenings)

    def _add(self, measure: str, categories: dict[str, str], count: int | None) -> None:
        cells = self._cells(measure, categories)
        if count is None:
            key = Target(measure, tuple(sorted((d, v) for d, v in categories.items() if v != ALL)))
            self.targets[key] = cells
        else:
            self.equations.append((cells, float(count)))

    # -- solving -------------------------------------------------------------------------------

    def _compile(self) -> None:
        """The programme over the microcells that can be non-zero: a microcell inside a published
        zero is known to be empty (and a flag's, where the screenings' is), so it is left out."""
        total = self.size * len(self.measures)
        fixed = np.zeros(total, dtype=bool)
        for cells, value in self.equations:
            if value == 0:
                fixed[cells] = True
        base = self.measures.index(SCREENINGS) * self.size if SCREENINGS in self.measures else None
        if base is not None:
            for measure in self.measures:
                offset = self.measures.index(measure) * self.size
                fixed[offset : offset + self.size] |= fixed[base : base + self.size]
        self.free = np.flatnonzero(~fixed)
        column = np.full(total, -1, dtype=np.int64)
        column[self.free] = np.arange(self.free.size)
        rows, cols, rhs = [], [], []
        for cells, value in self.equations:
            used = column[cells]
            used = used[used >= 0]
            if used.size == 0:
                assert value == 0, "a published count over cells known to be empty"
                continue
            rows.append(np.full(used.size, len(rhs)))
            cols.append(used)
            rhs.append(value)
        n = self.free.size
        self.n = n
        self.equalities = coo_matrix(
            (np.ones(sum(r.size for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(rhs), n),
        ).tocsr()
        self.rhs = np.array(rhs)
        ub_rows, ub_cols, ub_data = [], [], []
        if base is not None:
            for measure in self.measures:
                if measure == SCREENINGS:
                    continue
                offset = self.measures.index(measure) * self.size
                flag_cols = column[offset : offset + self.size]
                base_cols = column[base : base + self.size]
                keep = flag_cols >= 0
                r = np.arange(int(keep.sum())) + (ub_rows[-1][-1] + 1 if ub_rows else 0)
                ub_rows += [r, r]
                ub_cols += [flag_cols[keep], base_cols[keep]]
                ub_data += [np.ones(r.size), -np.ones(r.size)]
        count = int(ub_rows[-1][-1] + 1) if ub_rows and ub_rows[-1].size else 0
        self.inequalities = coo_matrix(
            (
                np.concatenate(ub_data) if ub_data else np.zeros(0),
                (
                    np.concatenate(ub_rows) if ub_rows else np.zeros(0, dtype=np.int64),
                    np.concatenate(ub_cols) if ub_cols else np.zeros(0, dtype=np.int64),
                ),
            ),
            shape=(count, n),
        ).tocsr()
        self.columns = {t: column[cells][column[cells] >= 0] for t, cells in self.targets.items()}
        self.compiled_for = (len(self.equations), len(self.targets))

    def _ready(self) -> None:
        if getattr(self, "compiled_for", None) != (len(self.equations), len(self.targets)):
            self._compile()

    def _solve(self, objective: np.ndarray) -> float:
        result = linprog(
            objective,
            A_ub=self.inequalities if self.inequalities.shape[0] else None,
            b_ub=np.zeros(self.inequalities.shape[0]) if self.inequalities.shape[0] else None,
            A_eq=self.equalities,
            b_eq=self.rhs,
            bounds=(0, None),
            method="highs",
        )
        if result.status == 3:
            return float("-inf")  # unbounded (maximising: the cell can be anything)
        assert result.status == 0, result.message
        return float(result.fun)

    def minimum(self, target: Target) -> float:
        """The least the cell can be."""
        self._ready()
        if self.columns[target].size == 0:
            return 0.0
        objective = np.zeros(self.n)
        objective[self.columns[target]] = 1.0
        return self._solve(objective)

    def maximum(self, target: Target) -> float:
        """The most the cell can be (inf if unbounded)."""
        self._ready()
        if self.columns[target].size == 0:
            return 0.0
        objective = np.zeros(self.n)
        objective[self.columns[target]] = -1.0
        return -self._solve(objective)

    def maxima_at_least_threshold(self) -> dict[Target, float]:
        """Every suppressed cell's maximum, as far as needed to tell whether it reaches 5: a value
        of 5 or more means "at least that", one under 5 is the exact maximum."""
        self._ready()
        found: dict[Target, float] = {}
        pending = list(self.targets)
        for _ in range(60):
            if not pending:
                break
            values = self._batch(pending)
            reached = {t: v for t, v in zip(pending, values, strict=True) if v >= THRESHOLD - 1e-6}
            if not reached:
                break
            found.update(reached)
            pending = [t for t in pending if t not in found]
        for target in pending:
            found[target] = self.maximum(target)
        return found

    def _batch(self, pending: list[Target]) -> list[float]:
        """One solution maximising the sum over the cells of min(cell, 5): z_t <= cell, 0 <= z <= 5."""
        from scipy.sparse import hstack, vstack

        k, n = len(pending), self.n
        rows = [self.columns[t] for t in pending]
        link = coo_matrix(
            (
                np.concatenate([np.ones(k), -np.ones(sum(len(r) for r in rows))]),
                (
                    np.concatenate([np.arange(k), np.repeat(np.arange(k), [len(r) for r in rows])]),
                    np.concatenate([n + np.arange(k), np.concatenate(rows)]),
                ),
            ),
            shape=(k, n + k),
        )
        pad = lambda m: hstack([m, coo_matrix((m.shape[0], k))]).tocsr()  # noqa: E731
        a_ub = vstack([pad(self.inequalities), link]).tocsr()
        b = np.zeros(a_ub.shape[0])
        bounds = np.vstack(
            [
                np.column_stack([np.zeros(n), np.full(n, np.inf)]),
                np.column_stack([np.zeros(k), np.full(k, THRESHOLD)]),
            ]
        )
        objective = np.concatenate([np.zeros(n), -np.ones(k)])
        result = linprog(
            objective,
            A_ub=a_ub,
            b_ub=b,
            A_eq=pad(self.equalities),
            b_eq=self.rhs,
            bounds=bounds,
            method="highs",
        )
        assert result.status == 0, result.message
        x = result.x[:n]
        return [float(x[self.columns[t]].sum()) for t in pending]


def dimension_sets(dimensions: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    """Every set of ``size`` of the dimensions."""
    return list(itertools.combinations(dimensions, size))
