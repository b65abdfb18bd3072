"""The published figures: counts by any two or three dimensions, rates per 100 screenings, and the
follow-through from custody to liaison and diversion or probation, all under disclosure control.

A :class:`Release` is everything the service publishes for one state of the reporting store. It
is computed whole (:func:`build_release`, from two GROUP BY queries and one scan of the people
flagged at custody) and cached by the store's data version, so every table served from it, by the
API, the dashboard or the command line, is protected together (see :mod:`.disclosure`).

Counts are of screenings: the current revision of each screening (an amended revision replaces
the one before). A flag table counts the screenings that raised that flag, with the screenings in
the same cell as denominator. The follow-through counts people (by pseudonymous person key).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import itertools
import logging
import statistics
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import yaml
from sqlalchemy import Engine, func, literal, select, union_all
from sqlalchemy.engine import Connection

from sync.server.db import changes, utcnow
from sync.server.forms import shipped_forms_root
from sync.server.reporting.builder import data_version
from sync.server.reporting.disclosure import (
    MEDIAN_MINIMUM,
    RULE,
    THRESHOLD,
    BoolArray,
    IntArray,
    Level,
    Measure,
    Protection,
    cell_range,
    families,
    protect,
    published_zeros,
)
from sync.server.reporting.facts import AGE_BANDS, AGENCY_TYPES, ETHNIC_GROUPS, STAGES
from sync.server.reporting.schema import TABLES

log = logging.getLogger(__name__)

DIMENSIONS = ("ethnicity_group", "stage", "month", "agency_type", "age_band")
FLAG = "flag"
ALL = "all"
ANY_FLAG = "ANY"
SCREENINGS = "screenings"
MAX_DIMENSIONS = 3
"""A table has at most three dimensions, the flag counting as one."""
NARROW = ("agency_type",)
COMPANION = "stage"
DETAIL = "agency_type"
"""Agency type is the detail under stage: the agency types that screen at a stage split its
figures (at court, Liaison & Diversion and the court itself). A *service point* is a stage and
an agency type that screens there.

1. The stage-level release is protected first: every table without agency type, and agency type
   on its own and by stage (:data:`NARROW` goes with :data:`COMPANION` only there).
2. The agency crossings (agency type with ethnic group, month or age band, with or without
   stage) are then protected at the service points, stage by stage (:func:`_protect_detail`):
   - a stage with one agency type: its service point's cells are the stage's, hidden where they
     are;
   - a stage with several: their cells split the stage's, which are fixed there (published or
     hidden as step 1 decided): a small cell is hidden with a sibling agency and a matching pair
     elsewhere, so every stage figure stays as published. Every nonzero part of a hidden stage
     cell is hidden too.
   If a stage's split cannot protect a cell without hiding a stage-level cell, that cell is
   hidden in step 1 as well and step 1 runs again.
3. An agency type's cells without stage are the sums of its service points' (published only
   where every part is).
4. A crossing with a suppressed count that a flag never raised by its agency type keeps under 5
   is withheld (:func:`_withhold_pinned`): no suppression can protect that count."""
RESTRICTION = (
    "Agency type is the detail under stage: its figures are protected as parts of the published "
    "figures by stage. A table of agency type by other dimensions is withheld where a flag that an "
    "agency type never raises would show one of its suppressed counts to be under 5."
)
"""Stated next to the rule on every output."""
FOLLOW_UP_AGENCIES = ("liaison_diversion", "probation")

DIMENSION_LABELS = {
    "ethnicity_group": "Ethnic group",
    "stage": "Stage",
    "month": "Month",
    "agency_type": "Agency type",
    "age_band": "Age band",
    "flag": "Flag",
}
CATEGORY_LABELS = {
    "asian": "Asian",
    "black": "Black",
    "mixed": "Mixed",
    "white": "White",
    "other": "Other",
    "not_stated": "Not stated",
    "unknown": "Not recorded",
    "custody": "Custody",
    "court": "Court",
    "probation": "Probation",
    "prison": "Prison",
    "police": "Police",
    "liaison_diversion": "Liaison & Diversion",
    "under_18": "Under 18",
    "18_24": "18-24",
    "25_34": "25-34",
    "35_44": "35-44",
    "45_54": "45-54",
    "55_64": "55-64",
    "65_plus": "65+",
    "all": "All",
}
_ORDER = {
    "ethnicity_group": ETHNIC_GROUPS,
    "stage": STAGES,
    "agency_type": AGENCY_TYPES,
    "age_band": AGE_BANDS,
}


class TableRequestError(ValueError):
    """A table that cannot be made as asked (the message says why)."""


# ------------------------------------------------------------------------------------------------
# Reading the store


@dataclass
class FollowThrough:
    """People flagged at custody (for one flag, or any), by ethnic group: how many, how many were
    later seen by L&D or probation, and after how many days."""

    flag: str
    groups: tuple[str, ...]
    flagged: IntArray
    followed: IntArray
    days: dict[str, list[int]]
    protection: Protection


@dataclass
class Release:
    """Everything published for one state of the reporting store."""

    data_version: int
    generated_at: datetime
    domains: dict[str, tuple[str, ...]]
    flags: tuple[str, ...]
    flag_labels: dict[str, str]
    protection: Protection
    follow_through: dict[str, FollowThrough] = field(default_factory=dict)

    @property
    def total_screenings(self) -> int | None:
        """The published grand total (None if it is suppressed)."""
        if bool(self.protection.is_suppressed(SCREENINGS, ())):
            return None
        return int(self.protection.values(SCREENINGS, ()))


def _ordered(dimension: str, values: Iterable[str]) -> tuple[str, ...]:
    present = set(values)
    if dimension in _ORDER:
        known = [v for v in _ORDER[dimension] if v in present]
        return (*known, *sorted(present - set(known)))
    return tuple(sorted(present))


def _domains(rows: Sequence[Any]) -> dict[str, tuple[str, ...]]:
    """Every ethnic group and age band; every month from the first to the last; the stages and
    agency types that occur."""
    found = {d: _ordered(d, (row[i] for row in rows)) for i, d in enumerate(DIMENSIONS)}
    months = found["month"]
    if months:
        year, month = (int(x) for x in months[0].split("-"))
        span = []
        while f"{year:04d}-{month:02d}" <= months[-1]:
            span.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        months = tuple(span)
    return {
        "ethnicity_group": ETHNIC_GROUPS,
        "stage": found["stage"],
        "month": months,
        "agency_type": found["agency_type"],
        "age_band": AGE_BANDS,
    }


def _count_rows(connection: Connection) -> tuple[Sequence[Any], Sequence[Any]]:
    screening, flag = TABLES.screening, TABLES.flag
    columns = [screening.c[d] for d in DIMENSIONS]
    current = screening.c.superseded.is_(False)
    screenings = connection.execute(select(*columns, func.count()).where(current).group_by(*columns)).all()
    flags = connection.execute(
        select(*columns, flag.c.flag, func.count())
        .select_from(screening.join(flag, flag.c.record_key == screening.c.record_key))
        .where(current)
        .group_by(*columns, flag.c.flag)
    ).all()
    return screenings, flags


def _registry_labels(text: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    try:
        registry = yaml.safe_load(text) or {}
        for entry in registry.get("flags") or []:
            label = (entry.get("label") or {}).get("en")
            if isinstance(entry.get("code"), str) and isinstance(label, str):
                labels[entry["code"]] = label
    except (yaml.YAMLError, AttributeError, TypeError):
        log.warning("a flag registry could not be read for labels")
    return labels


def flag_labels(connection: Connection) -> dict[str, str]:
    """Flag labels: the registry shipped with the software, overridden by the latest one
    published to the change feed."""
    labels: dict[str, str] = {}
    with contextlib.suppress(OSError):
        labels.update(_registry_labels((shipped_forms_root() / "flags.yaml").read_text(encoding="utf-8")))
    payload = connection.execute(
        select(changes.c.payload).where(changes.c.kind == "registry_version").order_by(changes.c.id.desc())
    ).first()
    if payload is not None and isinstance(payload.payload, dict):
        labels.update(_registry_labels(str(payload.payload.get("content", ""))))
    return labels


def flag_label(code: str, labels: dict[str, str]) -> str:
    """A flag's label, or its code in words."""
    if code == ANY_FLAG:
        return "Any flag"
    return labels.get(code) or code.replace("_", " ").capitalize()


def protect_counts(
    domains: dict[str, tuple[str, ...]],
    screenings: IntArray,
    flag_counts: dict[str, IntArray],
    *,
    narrow: Sequence[str] | None = None,
) -> Protection:
    """Disclosure control over every table published of these counts (``narrow``: the
    dimensions that go with the :data:`COMPANION` only; :data:`NARROW` unless given)."""
    positions = [DIMENSIONS.index(d) for d in (NARROW if narrow is None else narrow)]
    companions = [DIMENSIONS.index(COMPANION)]
    # What the flags show of the screenings from below, and what each family shows of the
    # others' margins, is checked after the families are protected (see disclosure.protect).
    measures = [
        Measure(
            SCREENINGS,
            screenings,
            families(len(DIMENSIONS), MAX_DIMENSIONS, narrow=positions, companions=companions),
        )
    ]
    flag_families = families(len(DIMENSIONS), MAX_DIMENSIONS - 1, narrow=positions, companions=companions)
    measures += [
        Measure(f, flag_counts[f], flag_families, bounded_by=SCREENINGS) for f in sorted(flag_counts)
    ]
    preset: dict[tuple[str, Level], BoolArray] | None = None
    passes = 0
    while True:
        fresh = [dataclasses.replace(m) for m in measures]
        protection = protect(DIMENSIONS, [domains[d] for d in DIMENSIONS], fresh, preset=preset)
        stage_level = {key: hidden.copy() for key, hidden in protection.suppressed.items()}
        stage_families = {m.name: m.families for m in fresh}
        passes += 1
        if DETAIL not in (NARROW if narrow is None else narrow):
            return protection
        more = _protect_detail(protection)
        protection.notes["passes"] = passes
        if not more:
            protection.withheld = _withhold_pinned(protection, stage_families)
            protection.notes["withheld"] = len(protection.withheld)
            # Secondary: hidden though 5 or more (a later pass has the earlier ones as preset).
            stage_secondary = sum(
                int((hidden & (protection.values(name, level) >= THRESHOLD)).sum())
                for (name, level), hidden in stage_level.items()
            )
            protection.secondary_count = stage_secondary + protection.notes["split_secondary"]
            return protection
        # A split could not protect a service point's cell without hiding a stage-level cell:
        # hide that one there too and protect the stage-level release again (it only gains room).
        for key, hidden in more.items():
            stage_level[key] |= hidden
        preset = stage_level


def _detail_families(measure: str) -> tuple[Level, ...]:
    """The agency crossings of a measure: agency type with two (screenings) or one (a flag) of
    the dimensions other than stage."""
    others = [i for i, d in enumerate(DIMENSIONS) if d not in (COMPANION, DETAIL)]
    size = MAX_DIMENSIONS - 1 if measure == SCREENINGS else MAX_DIMENSIONS - 2
    detail = DIMENSIONS.index(DETAIL)
    return tuple(tuple(sorted((detail, *chosen))) for chosen in itertools.combinations(others, size))


def _protect_detail(protection: Protection) -> dict[tuple[str, Level], BoolArray]:
    """Add the agency crossings to a protected stage-level release (see :data:`DETAIL`): protect
    them at the service points, stage by stage; each agency type's are the sums of its service
    points'. Return the stage-level cells a split needs hidden as well (none: done)."""
    stage_axis, detail_axis = DIMENSIONS.index(COMPANION), DIMENSIONS.index(DETAIL)
    by_both = protection.values(SCREENINGS, (stage_axis, detail_axis))
    notes = {"crossings": 0, "splits": 0, "split_secondary": 0, "stage_cells_asked": 0}
    protection.notes.update(notes)
    notes["crossings"] = 1
    measures = list(protection.measures.values())
    crossings: dict[str, list[Level]] = {}
    for measure in measures:
        found = _detail_families(measure.name)
        measure.families = (*measure.families, *found)
        crossings[measure.name] = sorted(
            {level for f in found for level in _subsets_of(f) if detail_axis in level and len(level) > 1}
        )
        for level in crossings[measure.name]:
            point = _with(level, stage_axis)
            protection.suppressed[(measure.name, point)] = np.zeros(
                protection.values(measure.name, point).shape, dtype=bool
            )

    def at_stage(key: tuple[str, Level], stage: int) -> Any:
        """The slice of a table (keyed by measure and level, with stage) at one stage: a view."""
        index: list[Any] = [slice(None)] * len(key[1])
        index[key[1].index(stage_axis)] = stage
        return protection.suppressed[key][tuple(index)]

    more: dict[tuple[str, Level], BoolArray] = {}
    sub_dims = tuple(i for i in range(len(DIMENSIONS)) if i != stage_axis)
    to_main = dict(enumerate(sub_dims))
    sub_detail = sub_dims.index(detail_axis)
    for stage in range(by_both.shape[0]):
        agencies = np.flatnonzero(by_both[stage])
        if len(agencies) == 1:
            # Its service point's cells are the stage's, hidden where they are.
            for measure in measures:
                for level in crossings[measure.name]:
                    hidden = at_stage((measure.name, _with(level, stage_axis, detail_axis)), stage)
                    parent = at_stage((measure.name, _with(level, stage_axis, drop=detail_axis)), stage)
                    index: list[Any] = [slice(None)] * len(level)
                    index[level.index(detail_axis)] = int(agencies[0])
                    hidden[tuple(index)] = parent
            continue
        if len(agencies) == 0:
            continue
        # A split of the stage's cells, the stage-level tables fixed as margins.
        notes["splits"] += 1
        domains = [
            tuple(protection.domains[d][a] for a in agencies) if d == detail_axis else protection.domains[d]
            for d in sub_dims
        ]
        sub_measures = []
        for measure in measures:
            counts = np.take(np.take(measure.counts, stage, axis=stage_axis), agencies, axis=sub_detail)
            found = tuple(tuple(sub_dims.index(d) for d in f) for f in _detail_families(measure.name))
            sub_measures.append(Measure(measure.name, counts, found, bounded_by=measure.bounded_by))
        preset: dict[tuple[str, Level], BoolArray] = {}
        fixed: set[Level] = set()
        for measure in sub_measures:
            for family in measure.families:
                for level in _subsets_of(family):
                    main = tuple(to_main[i] for i in level)
                    if sub_detail not in level:
                        # The stage's own cells (a table without agency type).
                        fixed.add(level)
                        stage_table = (measure.name, _with(main, stage_axis))
                        preset[(measure.name, level)] = at_stage(stage_table, stage)
                    elif level == (sub_detail,):
                        # The stage's row of stage x agency type.
                        fixed.add(level)
                        row = at_stage((measure.name, (stage_axis, detail_axis)), stage)
                        preset[(measure.name, level)] = row[agencies]
                    else:
                        point = _with(main, stage_axis)
                        counted = protection.values(measure.name, point)
                        at = np.take(counted, stage, axis=point.index(stage_axis))
                        values = np.take(at, agencies, axis=level.index(sub_detail))
                        parent = at_stage((measure.name, _with(main, stage_axis, drop=detail_axis)), stage)
                        inherited = np.expand_dims(parent, level.index(sub_detail)) & (values > 0)
                        preset[(measure.name, level)] = ((values > 0) & (values < THRESHOLD)) | inherited
        sub = protect(
            [DIMENSIONS[d] for d in sub_dims], domains, sub_measures, preset=preset, fixed=frozenset(fixed)
        )
        notes["split_secondary"] += sub.secondary_count
        for (name, level), hidden in sub.suppressed.items():
            main = tuple(to_main[i] for i in level)
            if level not in fixed:
                view = at_stage((name, _with(main, stage_axis)), stage)
                index = [slice(None)] * len(main)
                index[main.index(detail_axis)] = agencies
                view[tuple(index)] = hidden
                continue
            added = np.asarray(hidden & ~preset[(name, level)])
            if not added.any():
                continue
            notes["stage_cells_asked"] += int(added.sum())
            key: tuple[str, Level] = (name, _with(main, stage_axis))
            grown = more.setdefault(key, np.zeros_like(protection.suppressed[key]))
            index = [slice(None)] * len(key[1])
            index[key[1].index(stage_axis)] = stage
            if level == (sub_detail,):
                index[key[1].index(detail_axis)] = agencies
            grown[tuple(index)] |= added
    # An agency type's figures without stage: the sums of its service points', hidden where any is.
    for measure in measures:
        for level in crossings[measure.name]:
            point = _with(level, stage_axis)
            parts = protection.suppressed[(measure.name, point)]
            protection.suppressed[(measure.name, level)] = np.asarray(parts.any(axis=point.index(stage_axis)))
    protection.notes.update(notes)
    return more


def _withhold_pinned(protection: Protection, stage_families: dict[str, tuple[Level, ...]]) -> set[Level]:
    """The agency crossings to withhold (by level): those with a suppressed count under 5 that a
    flag never raised by its agency type keeps under 5, whatever else is hidden. 9 screened of one
    ethnic group in a month, 5 of them referred to L&D, a referral the court never makes (a
    published zero): the court's count there is at most 4. No suppression among the crossings can
    widen that; only not publishing the table can (and every table that shows it: a flag's counts
    under it are at most its). The adversary's view of the flag's and the screenings' counts is
    the stage-level release's (``stage_families``)."""
    detail = DIMENSIONS.index(DETAIL)
    plain = tuple(i for i, d in enumerate(DIMENSIONS) if d not in (COMPANION, DETAIL))
    # The crossings' suppressed counts under 5.
    candidates = {
        level: hidden & (protection.values(SCREENINGS, level) < THRESHOLD)
        for (name, level), hidden in protection.suppressed.items()
        if name == SCREENINGS and detail in level and 1 < len(level) <= MAX_DIMENSIONS
    }

    found: set[Level] = set()
    for flag in protection.measures.values():
        if flag.bounded_by != SCREENINGS:
            continue
        # Where the flag is known to be zero, over every dimension (its tables: up to two).
        everywhere = tuple(range(len(DIMENSIONS)))
        tables = [t for t in _subsets_of(everywhere) if len(t) < MAX_DIMENSIONS]
        zero = published_zeros(protection, flag.name, everywhere, tables)
        for level in _subsets_of(plain):
            if len(level) == MAX_DIMENSIONS:
                continue
            flagged, screened = protection.values(flag.name, level), protection.values(SCREENINGS, level)
            for at in np.argwhere((flagged > 0) & (screened - flagged < THRESHOLD)):
                cell = tuple(int(i) for i in at)
                # The most the screenings under the cell where the flag is zero can be.
                unflagged: int | None = None
                for table, small in candidates.items():
                    if table in found or not set(level) <= set(table):
                        continue
                    bounded, shown = _bounded_cells(protection, zero, level, cell, table)
                    if not (small & bounded).any():
                        continue
                    if int(screened[cell] - flagged[cell]) - shown >= THRESHOLD:
                        continue  # the adversary's bound is no tighter than the true counts'
                    if unflagged is None:
                        unflagged = _most_unflagged(protection, stage_families, flag.name, level, cell)
                    if unflagged - shown < THRESHOLD:
                        found.add(table)
    return found


def _most_unflagged(
    protection: Protection,
    stage_families: dict[str, tuple[Level, ...]],
    flag: str,
    level: Level,
    cell: tuple[int, ...],
) -> int:
    """The most screenings in a cell that did not raise the flag, as the stage-level release shows
    them: the most the screenings can be, less the least the flag's count can be."""
    _, screened = cell_range(protection, SCREENINGS, level, cell, stage_families[SCREENINGS])
    flagged, _ = cell_range(protection, flag, level, cell, stage_families[flag])
    return screened - flagged


def _bounded_cells(
    protection: Protection, zero: BoolArray, level: Level, cell: tuple[int, ...], table: Level
) -> tuple[BoolArray, int]:
    """The cells of a table under a cell of a table on fewer dimensions (``level``) where the
    flag is known to be zero, and the sum of those of them published."""
    others = tuple(d for d in range(len(zero.shape)) if d not in table)
    under = np.zeros([zero.shape[d] if d in level else 1 for d in table], dtype=bool)
    where = dict(zip(level, cell, strict=True))
    under[tuple(where.get(d, 0) for d in table)] = True
    bounded = zero.all(axis=others) & under
    hidden = protection.suppressed[(SCREENINGS, table)]
    return bounded, int(protection.values(SCREENINGS, table)[bounded & ~hidden].sum())


def _with(level: Level, *axes: int, drop: int | None = None) -> Level:
    """A level with some axes added (and one taken away), in order."""
    return tuple(sorted({*level, *axes} - {drop}))


def _subsets_of(level: Level) -> list[Level]:
    return [c for k in range(len(level) + 1) for c in itertools.combinations(level, k)]


def build_release(engine: Engine) -> Release:
    """Read the store and protect every table (see the module doc)."""
    with engine.connect() as connection:
        version = data_version(connection)
        screening_rows, flag_rows = _count_rows(connection)
        follow_ups = _follow_ups(connection)
        labels = flag_labels(connection)
    domains = _domains(screening_rows)
    shape = tuple(len(domains[d]) for d in DIMENSIONS)
    positions = [{v: i for i, v in enumerate(domains[d])} for d in DIMENSIONS]
    screenings = np.zeros(shape, dtype=np.int64)
    for row in screening_rows:
        screenings[tuple(positions[i][row[i]] for i in range(len(DIMENSIONS)))] += int(row[-1])
    flag_counts: dict[str, IntArray] = {}
    for row in flag_rows:
        counts = flag_counts.setdefault(row[-2], np.zeros(shape, dtype=np.int64))
        counts[tuple(positions[i][row[i]] for i in range(len(DIMENSIONS)))] += int(row[-1])
    flags = tuple(sorted(flag_counts))
    protection = protect_counts(domains, screenings, flag_counts)
    release = Release(
        data_version=version,
        generated_at=utcnow(),
        domains=domains,
        flags=flags,
        flag_labels=labels,
        protection=protection,
    )
    release.follow_through = _follow_through(follow_ups, domains["ethnicity_group"])
    log.info(
        "reporting release built: version %d, %d flags, %d secondary suppressions",
        version,
        len(flags),
        protection.secondary_count,
    )
    return release


# ------------------------------------------------------------------------------------------------
# Follow-through


def _follow_ups(connection: Connection) -> list[Any]:
    """(flag, ethnic group, days, people): for each person and flag (and "any flag"), the ethnic
    group at their first custody screening that raised it, and the days from it to their first
    later screening (the same day or after; another record) by a Liaison & Diversion or probation
    agency (None: none yet), counted."""
    screening, flag = TABLES.screening, TABLES.flag
    current = screening.c.superseded.is_(False)
    raised = (
        select(
            screening.c.person_key,
            screening.c.record_key,
            screening.c.day,
            screening.c.ethnicity_group,
            flag.c.flag,
        )
        .select_from(screening.join(flag, flag.c.record_key == screening.c.record_key))
        .where(current, screening.c.stage == "custody")
        .subquery()
    )
    each_and_any = union_all(
        select(raised),
        select(
            raised.c.person_key,
            raised.c.record_key,
            raised.c.day,
            raised.c.ethnicity_group,
            literal(ANY_FLAG),
        ),
    ).subquery()
    ranked = select(
        each_and_any,
        func.row_number()
        .over(
            partition_by=(each_and_any.c.person_key, each_and_any.c.flag),
            order_by=(each_and_any.c.day, each_and_any.c.record_key),
        )
        .label("n"),
    ).subquery()
    first = select(ranked).where(ranked.c.n == 1).subquery()
    later = screening.alias("later")
    joined = (
        select(
            first.c.flag,
            first.c.ethnicity_group,
            (func.min(later.c.day) - first.c.day).label("days"),
        )
        .select_from(
            first.outerjoin(
                later,
                (later.c.person_key == first.c.person_key)
                & later.c.superseded.is_(False)
                & later.c.agency_type.in_(FOLLOW_UP_AGENCIES)
                & (later.c.day >= first.c.day)
                & (later.c.record_key != first.c.record_key),
            )
        )
        .group_by(first.c.person_key, first.c.flag, first.c.ethnicity_group, first.c.day)
        .subquery()
    )
    return list(
        connection.execute(
            select(
                joined.c.flag, joined.c.ethnicity_group, joined.c.days, func.count().label("people")
            ).group_by(joined.c.flag, joined.c.ethnicity_group, joined.c.days)
        )
    )


def _follow_through(rows: list[Any], groups: tuple[str, ...]) -> dict[str, FollowThrough]:
    position = {g: i for i, g in enumerate(groups)}
    flagged: dict[str, IntArray] = {}
    followed: dict[str, IntArray] = {}
    days: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row.ethnicity_group not in position:
            continue
        group = position[row.ethnicity_group]
        people = int(row.people)
        flagged.setdefault(row.flag, np.zeros(len(groups), dtype=np.int64))[group] += people
        reached = followed.setdefault(row.flag, np.zeros(len(groups), dtype=np.int64))
        if row.days is not None:
            reached[group] += people
            days[row.flag][row.ethnicity_group] += [int(row.days)] * people
    out: dict[str, FollowThrough] = {}
    # "Any flag" is always there (all zeros before anyone is flagged), so its table always exists.
    flagged.setdefault(ANY_FLAG, np.zeros(len(groups), dtype=np.int64))
    followed.setdefault(ANY_FLAG, np.zeros(len(groups), dtype=np.int64))
    for code in sorted(flagged, key=lambda c: (c != ANY_FLAG, c)):
        protection = protect(
            ("ethnicity_group",),
            [groups],
            [
                Measure("flagged", flagged[code], ((0,),), floor=followed[code]),
                Measure("followed", followed[code], ((0,),), bounded_by="flagged"),
            ],
        )
        out[code] = FollowThrough(code, groups, flagged[code], followed[code], dict(days[code]), protection)
    return out


# ------------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Cell:
    """One published cell: its categories ("all" for a margin), its count or None if suppressed,
    and for a flag table the screenings in the same cell and the rate per 100."""

    categories: dict[str, str]
    count: int | None
    screenings: int | None = None
    rate_per_100: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class CountsTable:
    """A table with all its margins."""

    dimensions: tuple[str, ...]
    measure: str
    cells: tuple[Cell, ...]
    data_version: int
    generated_at: datetime

    @property
    def title(self) -> str:
        by = " x ".join(DIMENSION_LABELS[d] for d in self.dimensions)
        return f"{self.measure.capitalize()} by {by}"


def parse_dimensions(spec: str | Sequence[str]) -> tuple[str, ...]:
    """``"flag,ethnicity_group,stage"`` as a checked tuple."""
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    known = (*DIMENSIONS, FLAG)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TableRequestError(f"unknown dimension {unknown[0]!r}; choose from {', '.join(known)}")
    if len(set(names)) != len(names):
        raise TableRequestError("a dimension is named twice")
    if not 1 <= len(names) <= MAX_DIMENSIONS:
        raise TableRequestError(f"a table has 1 to {MAX_DIMENSIONS} dimensions")
    return tuple(names)


def allowed_tables(release: Release | None = None) -> list[tuple[str, ...]]:
    """Every table the service publishes (dimension sets in canonical order); of a release, those
    it has (not those withheld, see :data:`DETAIL`)."""
    found = []
    for size in range(1, MAX_DIMENSIONS + 1):
        for dims in itertools.combinations((FLAG, *DIMENSIONS), size):
            if release is None or publishes(release, dims):
                found.append(dims)
    return found


def publishes(release: Release, dims: Sequence[str]) -> bool:
    """Whether the release has this table (see :data:`DETAIL`): not where one it shows (as a
    margin, or as the screenings beside a flag's counts) is withheld (:func:`_withhold_pinned`)."""
    level = tuple(sorted(DIMENSIONS.index(d) for d in dims if d != FLAG))
    withheld = any(set(table) <= set(level) for table in release.protection.withheld)
    return (SCREENINGS, level) in release.protection.suppressed and not withheld


def counts_table(release: Release, dimensions: Sequence[str]) -> CountsTable:
    """A table of the release (dimensions in the order asked), with every margin."""
    dims = parse_dimensions(dimensions)
    plain = [d for d in dims if d != FLAG]
    if not publishes(release, dims):
        raise TableRequestError(
            "this table is withheld from these figures: a flag that an agency type never raises would "
            "show one of its suppressed counts to be under 5"
        )
    if FLAG in dims:
        cells = [
            cell
            for code in release.flags
            for cell in _cells(release, code, plain, extra={FLAG: code}, rates=True)
        ]
        measure = "screenings raising each flag"
    else:
        cells = _cells(release, SCREENINGS, plain)
        measure = SCREENINGS
    return CountsTable(dims, measure, tuple(cells), release.data_version, release.generated_at)


def _cells(
    release: Release,
    measure: str,
    dims: Sequence[str],
    *,
    extra: dict[str, str] | None = None,
    rates: bool = False,
) -> list[Cell]:
    protection = release.protection
    positions = {d: DIMENSIONS.index(d) for d in dims}
    cells: list[Cell] = []
    for size in range(len(dims), -1, -1):
        for chosen in itertools.combinations(dims, size):
            level = tuple(sorted(positions[d] for d in chosen))
            values = protection.values(measure, level)
            hidden = protection.is_suppressed(measure, level)
            base_values = protection.values(SCREENINGS, level)
            base_hidden = protection.is_suppressed(SCREENINGS, level)
            order = [DIMENSIONS[i] for i in level]
            for index in itertools.product(*(range(len(release.domains[d])) for d in order)):
                where = dict(zip(order, index, strict=True))
                categories = dict(extra or {})
                for d in dims:
                    categories[d] = release.domains[d][where[d]] if d in where else ALL
                count = None if bool(hidden[index]) else int(values[index])
                screenings = rate = None
                if rates:
                    screenings = None if bool(base_hidden[index]) else int(base_values[index])
                    if count is not None and screenings:
                        rate = round(100.0 * count / screenings, 1)
                cells.append(Cell(categories, count, screenings, rate))
    return cells


# ------------------------------------------------------------------------------------------------
# Rendering


def table_json(table: CountsTable) -> dict[str, Any]:
    """A table as the JSON the API returns (the disclosure rule included)."""
    rates = table.dimensions.count(FLAG) > 0
    rows = []
    for cell in table.cells:
        row: dict[str, Any] = {d: cell.categories[d] for d in table.dimensions}
        row["count"] = cell.count
        row["suppressed"] = cell.suppressed
        if rates:
            row["screenings"] = cell.screenings
            row["rate_per_100"] = cell.rate_per_100
        rows.append(row)
    return {
        "title": table.title,
        "disclosure_control": disclosure_statement(),
        "dimensions": list(table.dimensions),
        "measure": table.measure,
        "data_version": table.data_version,
        "generated_at": table.generated_at.isoformat(),
        "rows": rows,
    }


def disclosure_statement() -> dict[str, Any]:
    """The rule, as every output states it."""
    return {
        "rule": RULE,
        "tables": RESTRICTION,
        "threshold": THRESHOLD,
        "median_minimum": MEDIAN_MINIMUM,
        "mark": "suppressed",
    }


def _comment_lines(title: str, release_version: int, generated_at: datetime) -> list[str]:
    return [
        f"# {title}",
        f"# Waypoint central reporting, data version {release_version}, generated {generated_at.isoformat()}",
        f"# {RULE}",
        f"# {RESTRICTION}",
    ]


def table_csv(table: CountsTable, *, header: bool = True, table_name: str | None = None) -> str:
    """A table as CSV, the rule stated in ``#`` comment lines above the header."""
    out = io.StringIO()
    if header:
        out.write("\n".join(_comment_lines(table.title, table.data_version, table.generated_at)) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    rates = FLAG in table.dimensions
    columns = (["table"] if table_name else []) + list(table.dimensions) + ["count", "status"]
    if rates:
        columns += ["screenings", "rate_per_100"]
    if header:
        writer.writerow(columns)
    for cell in table.cells:
        row: list[Any] = [table_name] if table_name else []
        row += [cell.categories[d] for d in table.dimensions]
        row += ["" if cell.count is None else cell.count, "suppressed" if cell.suppressed else "published"]
        if rates:
            row += ["" if cell.screenings is None else cell.screenings, _blank(cell.rate_per_100)]
        writer.writerow(row)
    return out.getvalue()


def _blank(value: float | int | None) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class FollowThroughRow:
    """One line of the follow-through table."""

    ethnicity_group: str
    flagged: int | None
    followed: int | None
    share_percent: float | None
    median_days: float | None


def follow_through_rows(release: Release, flag: str = ANY_FLAG) -> list[FollowThroughRow]:
    """The follow-through for a flag (or any flag), by ethnic group then all groups."""
    found = release.follow_through.get(flag)
    if found is None:
        raise TableRequestError(f"no one was flagged {flag} at custody, or {flag} is not a flag code")
    protection = found.protection
    rows = []
    for index in [*((i,) for i in range(len(found.groups))), ()]:
        level = (0,) if index else ()
        flagged_hidden = bool(protection.is_suppressed("flagged", level)[index])
        followed_hidden = bool(protection.is_suppressed("followed", level)[index])
        flagged = None if flagged_hidden else int(protection.values("flagged", level)[index])
        followed = None if followed_hidden else int(protection.values("followed", level)[index])
        group = found.groups[index[0]] if index else ALL
        days = found.days.get(group, []) if index else [d for v in found.days.values() for d in v]
        share = round(100.0 * followed / flagged, 1) if flagged and followed is not None else None
        median = (
            float(statistics.median(days)) if followed is not None and len(days) >= MEDIAN_MINIMUM else None
        )
        rows.append(FollowThroughRow(group, flagged, followed, share, median))
    return rows


def follow_through_json(release: Release, flag: str = ANY_FLAG) -> dict[str, Any]:
    """The follow-through measure as the API returns it."""
    return {
        "title": f"People flagged at custody ({flag_label(flag, release.flag_labels)}) later seen by "
        "Liaison & Diversion or probation",
        "disclosure_control": disclosure_statement(),
        "flag": flag,
        "definition": (
            "People (by pseudonymous key) with a custody screening that raised the flag; of them, "
            "those with a later screening (the same day or after) by a Liaison & Diversion or "
            "probation agency, and the median days from the first such custody screening to the "
            "first such later screening."
        ),
        "data_version": release.data_version,
        "generated_at": release.generated_at.isoformat(),
        "rows": [
            {
                "ethnicity_group": row.ethnicity_group,
                "flagged_at_custody": row.flagged,
                "seen_later": row.followed,
                "share_percent": row.share_percent,
                "median_days": row.median_days,
            }
            for row in follow_through_rows(release, flag)
        ],
    }


def follow_through_csv(release: Release, flag: str = ANY_FLAG) -> str:
    """The follow-through measure as CSV with the rule in comment lines."""
    out = io.StringIO()
    title = f"People flagged at custody ({flag}) later seen by Liaison & Diversion or probation"
    out.write("\n".join(_comment_lines(title, release.data_version, release.generated_at)) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["flag", "ethnicity_group", "flagged_at_custody", "seen_later", "share_percent", "median_days"]
    )
    for row in follow_through_rows(release, flag):
        writer.writerow(
            [
                flag,
                row.ethnicity_group,
                _blank(row.flagged),
                _blank(row.followed),
                _blank(row.share_percent),
                _blank(row.median_days),
            ]
        )
    return out.getvalue()


STANDARD_TABLES: tuple[tuple[str, ...], ...] = (
    ("ethnicity_group", "stage", "month"),
    ("ethnicity_group", "stage", "age_band"),
    ("flag", "ethnicity_group", "stage"),
    ("flag", "stage", "month"),
    ("flag", "ethnicity_group", "month"),
    ("flag", "ethnicity_group", "age_band"),
)
"""The tables of the standard report (``screening-central report --csv``, ``/reports/v1/report.csv``)."""


def release_csv(release: Release) -> str:
    """The standard report: every standard table and the follow-through, in one CSV."""
    out = io.StringIO()
    out.write(
        "\n".join(
            _comment_lines(
                "Waypoint central reporting: standard tables", release.data_version, release.generated_at
            )
        )
        + "\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["table", "measure", "flag", *DIMENSIONS, "count", "status", "screenings", "rate_per_100"]
    )
    for dims in STANDARD_TABLES:
        table = counts_table(release, dims)
        name = "+".join(dims)
        for cell in table.cells:
            writer.writerow(
                [
                    name,
                    table.measure,
                    cell.categories.get(FLAG, ""),
                    *(cell.categories.get(d, "") for d in DIMENSIONS),
                    _blank(cell.count),
                    "suppressed" if cell.suppressed else "published",
                    _blank(cell.screenings),
                    _blank(cell.rate_per_100),
                ]
            )
    out.write("\n")
    out.write(follow_through_csv(release))
    return out.getvalue()


# ------------------------------------------------------------------------------------------------
# Cache


class ReleaseCache:
    """The latest release, rebuilt when the store's data version changes (one build at a time)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._release: Release | None = None

    def get(self) -> Release:
        with self._engine.connect() as connection:
            version = data_version(connection)
        with self._lock:
            if self._release is None or self._release.data_version != version:
                self._release = build_release(self._engine)
            return self._release
