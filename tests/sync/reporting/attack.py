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
from scipy.sparse import coo_matrix, csr_matrix

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

    def _system(self, extra: int = 0) -> tuple[csr_matrix, np.ndarray, csr_matrix, np.ndarray, int]:
        n = self.size * len(self.measures)
        rows = np.concatenate([np.full(len(c), r) for r, (c, _) in enumerate(self.equations)])
        cols = np.concatenate([c for c, _ in self.equations])
        equalities = coo_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(self.equations), n + extra)
        ).tocsr()
        rhs = np.array([v for _, v in self.equations])
        # flag <= screenings, microcell by microcell
        bounded = [m for m in self.measures if m != SCREENINGS]
        base = self.measures.index(SCREENINGS) * self.size if SCREENINGS in self.measures else None
        ub_rows, ub_cols, ub_data = [], [], []
        if base is not None:
            for k, measure in enumerate(bounded):
                offset = self.measures.index(measure) * self.size
                r = np.arange(self.size) + k * self.size
                ub_rows += [r, r]
                ub_cols += [offset + np.arange(self.size), base + np.arange(self.size)]
                ub_data += [np.ones(self.size), -np.ones(self.size)]
        count = len(bounded) * self.size if base is not None else 0
        inequalities = coo_matrix(
            (
                np.concatenate(ub_data) if ub_data else np.zeros(0),
                (
                    np.concatenate(ub_rows) if ub_rows else np.zeros(0),
                    np.concatenate(ub_cols) if ub_cols else np.zeros(0),
                ),
            ),
            shape=(count, n + extra),
        ).tocsr()
        return equalities, rhs, inequalities, np.zeros(count), n

    def _solve(self, objective: np.ndarray) -> float:
        equalities, rhs, inequalities, b_ub, n = self._system()
        result = linprog(
            objective,
            A_ub=inequalities if inequalities.shape[0] else None,
            b_ub=b_ub if inequalities.shape[0] else None,
            A_eq=equalities,
            b_eq=rhs,
            bounds=(0, None),
            method="highs",
        )
        if result.status == 3:
            return float("-inf")  # unbounded (maximising: the cell can be anything)
        assert result.status == 0, result.message
        return float(result.fun)

    def minimum(self, target: Target) -> float:
        """The least the cell can be."""
        objective = np.zeros(self.size * len(self.measures))
        objective[self.targets[target]] = 1.0
        return self._solve(objective)

    def maximum(self, target: Target) -> float:
        """The most the cell can be (inf if unbounded)."""
        objective = np.zeros(self.size * len(self.measures))
        objective[self.targets[target]] = -1.0
        return -self._solve(objective)

    def maxima_at_least_threshold(self) -> dict[Target, float]:
        """Every suppressed cell's maximum, as far as needed to tell whether it reaches 5: a value
        of 5 or more means "at least that", one under 5 is the exact maximum."""
        found: dict[Target, float] = {}
        pending = list(self.targets)
        for _ in range(40):
            if not pending:
                break
            values = self._batch(pending)
            reached = [t for t, v in zip(pending, values, strict=True) if v >= THRESHOLD - 1e-6]
            for t, v in zip(pending, values, strict=True):
                if v >= THRESHOLD - 1e-6:
                    found[t] = v
            if not reached:
                break
            pending = [t for t in pending if t not in found]
        for target in pending:
            found[target] = self.maximum(target)
        return found

    def _batch(self, pending: list[Target]) -> list[float]:
        k = len(pending)
        equalities, rhs, inequalities, b_ub, n = self._system(extra=k)
        rows = [self.targets[t] for t in pending]
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
        from scipy.sparse import vstack

        a_ub = vstack([inequalities, link]).tocsr()
        b = np.concatenate([b_ub, np.zeros(k)])
        bounds = [(0, None)] * n + [(0, THRESHOLD)] * k
        objective = np.concatenate([np.zeros(n), -np.ones(k)])
        result = linprog(
            objective, A_ub=a_ub, b_ub=b, A_eq=equalities, b_eq=rhs, bounds=bounds, method="highs"
        )
        assert result.status == 0, result.message
        x = result.x[:n]
        return [float(x[self.targets[t]].sum()) for t in pending]


def dimension_sets(dimensions: tuple[str, ...], size: int) -> list[tuple[str, ...]]:
    """Every set of ``size`` of the dimensions."""
    return list(itertools.combinations(dimensions, size))
