"""Static checks of a form: every reference, option code, operand type and dependency cycle.

Run once when a form is loaded, so the engine can evaluate without defensive checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from screening.checklist.model import (
    LIST_OPS,
    ORDERING_OPS,
    PRESENCE_OPS,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    CountOf,
    FlagRegistry,
    FlagRule,
    Include,
    Item,
    NotOf,
    Op,
    Prefill,
    Score,
    Section,
)
from screening.checklist.yamlsource import Location
from screening.domain.enums import DisclosureClass, ItemKind, ItemType

ErrorSink = Callable[[Location, str], None]

_NUMERIC = frozenset({ItemType.INTEGER, ItemType.DECIMAL})
_TEMPORAL = frozenset({ItemType.DATE, ItemType.DATETIME})
_STRINGY = frozenset({ItemType.TEXT, ItemType.IDENTIFIER, ItemType.ETHNICITY, ItemType.LANGUAGE})
_PREFILL_TYPES = {
    Prefill.DATE_OF_BIRTH: ItemType.DATE,
    Prefill.LANGUAGE: ItemType.LANGUAGE,
    Prefill.ETHNICITY: ItemType.ETHNICITY,
    Prefill.INTERPRETER: ItemType.CHOICE,
}


def walk(condition: Condition, loc: Location = ()) -> Iterator[tuple[Comparison, Location]]:
    """Every comparison in a condition tree, with its location relative to the condition."""
    if isinstance(condition, AllOf):
        for i, child in enumerate(condition.all):
            yield from walk(child, (*loc, "all", i))
    elif isinstance(condition, AnyOf):
        for i, child in enumerate(condition.any):
            yield from walk(child, (*loc, "any", i))
    elif isinstance(condition, NotOf):
        yield from walk(condition.not_, (*loc, "not"))
    elif isinstance(condition, CountOf):
        for i, child in enumerate(condition.count):
            yield from walk(child, (*loc, "count", i))
    else:
        yield condition, loc


def item_references(condition: Condition, scores: dict[str, Score]) -> set[str]:
    """The item codes a condition reads, with scores expanded into their items."""
    refs: set[str] = set()
    for comparison, _ in walk(condition):
        kind, ref = comparison.operand
        if kind == "score":
            refs.update(scores[ref].items if ref in scores else ())
        else:
            refs.add(ref)
    return refs


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_iso(value: Any, item_type: ItemType) -> bool:
    if not isinstance(value, str):
        return False
    try:
        (date if item_type is ItemType.DATE else datetime).fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_comparison(
    comparison: Comparison,
    items: dict[str, Item],
    scores: dict[str, Score],
    loc: Location,
    error: ErrorSink,
) -> None:
    kind, ref = comparison.operand
    op = comparison.op
    value = comparison.value
    values = value if isinstance(value, list) else [value]
    where = (*loc, kind)

    if kind == "score":
        if ref not in scores:
            error(where, f"unknown score '{ref}'")
        elif op not in PRESENCE_OPS and (op in LIST_OPS or not _is_number(value)):
            error((*loc, "value"), f"a score is compared with a number using {_SCALAR_OPS}")
        return

    item = items.get(ref)
    if item is None:
        error(where, f"unknown item '{ref}'")
        return
    if op in PRESENCE_OPS:
        if kind != "item":
            error((*loc, "op"), f"'{op}' applies to an item, not to {kind}")
        return

    def need(types: frozenset[ItemType], what: str) -> bool:
        if item.type not in types:
            error(where, f"{what} needs a {' or '.join(sorted(types))} item; {ref} is {item.type}")
            return False
        return True

    def need_scalar_op() -> bool:
        if op in LIST_OPS:
            error((*loc, "op"), f"'{op}' cannot be used with {kind}; use {_SCALAR_OPS}")
            return False
        return True

    if kind == "option_score":
        if need(frozenset({ItemType.CHOICE}), "option_score") and need_scalar_op():
            if any(o.score is None for o in item.options):
                error(where, f"every option of {ref} needs a score for option_score")
            if not _is_number(value):
                error((*loc, "value"), "option_score is compared with a number")
        return
    if kind in ("selected", "age"):
        wanted = ItemType.MULTI_CHOICE if kind == "selected" else ItemType.DATE
        if need(frozenset({wanted}), kind) and need_scalar_op() and not _is_number(value):
            error((*loc, "value"), f"{kind} is compared with a number")
        return
    if kind == "language":
        if need(frozenset({ItemType.LANGUAGE}), "language"):
            if op in ORDERING_OPS or op in (Op.INCLUDES, Op.EXCLUDES):
                error((*loc, "op"), f"'{op}' cannot be used with a language")
            elif not all(isinstance(v, str) and v.isalpha() and v.islower() for v in values):
                error((*loc, "value"), "a language is compared with primary subtags such as 'en'")
        return

    # kind == "item": the answer itself
    if item.type is ItemType.CHOICE:
        if op in ORDERING_OPS or op in (Op.INCLUDES, Op.EXCLUDES):
            error((*loc, "op"), f"'{op}' cannot be used with a choice item; use eq, ne, in, not_in")
            return
    elif item.type is ItemType.MULTI_CHOICE:
        if op not in (Op.INCLUDES, Op.EXCLUDES):
            error((*loc, "op"), f"'{op}' cannot be used with a multi-choice item; "
                                "use includes, excludes, or selected for a count")
            return
    elif item.type in _NUMERIC:
        if op in (Op.INCLUDES, Op.EXCLUDES) or not all(_is_number(v) for v in values):
            error((*loc, "value"), f"{ref} is a number: compare it with numbers")
        return
    elif item.type in _TEMPORAL:
        if op in LIST_OPS or not _is_iso(value, item.type):
            error((*loc, "value"), f"{ref} is a {item.type}: compare it with an ISO 8601 value")
        return
    else:
        if op in ORDERING_OPS or op in (Op.INCLUDES, Op.EXCLUDES):
            error((*loc, "op"), f"'{op}' cannot be used with a {item.type} item")
        elif not all(isinstance(v, str) for v in values):
            error((*loc, "value"), f"{ref} is {item.type}: compare it with text")
        return

    codes = set(item.option_codes)
    for index, v in enumerate(values):
        if not isinstance(v, str):
            hint = " (quote yes/no in YAML)" if isinstance(v, bool) else ""
            error((*loc, "value") + ((index,) if isinstance(value, list) else ()),
                  f"option codes are text, got {v!r}{hint}")
        elif v not in codes:
            error((*loc, "value") + ((index,) if isinstance(value, list) else ()),
                  f"'{v}' is not an option of {ref} (options: {', '.join(item.option_codes)})")


_SCALAR_OPS = "eq, ne, lt, le, gt or ge"


def check_form(
    *,
    items: dict[str, Item],
    section_of: dict[str, str],
    section_conditions: dict[str, tuple[Condition, ...]],
    scores: dict[str, Score],
    form_scores: Sequence[Score],
    flag_rules: Sequence[FlagRule],
    form_sections: Sequence[Section | Include],
    registry: FlagRegistry,
    locations: dict[str, Location],
    error: ErrorSink,
) -> tuple[str, ...]:
    """Reports every static problem through ``error``; returns an evaluation order of the items."""

    def check_condition(condition: Condition, loc: Location) -> None:
        for comparison, sub in walk(condition):
            _check_comparison(comparison, items, scores, (*loc, *sub), error)

    # Conditions on sections and items (only those written in this file get precise locations).
    for s_index, entry in enumerate(form_sections):
        if entry.enable_when is not None:
            check_condition(entry.enable_when, ("sections", s_index, "enable_when"))
        if isinstance(entry, Section):
            for i_index, item in enumerate(entry.items):
                if item.enable_when is not None:
                    check_condition(item.enable_when,
                                    ("sections", s_index, "items", i_index, "enable_when"))
    for code, item in items.items():
        if item.prefill is not None and item.type is not _PREFILL_TYPES[item.prefill]:
            error((*locations.get(code, ()), "prefill"),
                  f"{item.prefill} fills a {_PREFILL_TYPES[item.prefill]} item, not {item.type}")
        if item.validation is not None and item.validation.check is not None \
                and item.type is not ItemType.IDENTIFIER:
            error((*locations.get(code, ()), "validation"),
                  "identifier checks apply to identifier items")

    # Scores read choice items whose options all carry a score.
    for index, score in enumerate(form_scores):
        for j, ref in enumerate(score.items):
            scored = items.get(ref)
            if scored is None:
                error(("scores", index, "items", j), f"unknown item '{ref}'")
            elif scored.type is not ItemType.CHOICE or any(o.score is None for o in scored.options):
                error(("scores", index, "items", j),
                      f"{ref} must be a choice item with a score on every option")

    for index, rule in enumerate(flag_rules):
        if registry.flags and registry.get(rule.flag) is None:  # an unreadable registry is reported once
            error(("flags", index, "flag"),
                  f"'{rule.flag}' is not in the flag registry (version {registry.version})")
        check_condition(rule.when, ("flags", index, "when"))

    return _evaluation_order(items, section_of, section_conditions, scores, locations, error)


def required_codes(
    items: dict[str, Item], scores: dict[str, Score], flag_rules: Sequence[FlagRule]
) -> frozenset[str]:
    """Items that must be answered when visible (DESIGN.md, "Required items").

    The form's own ``required`` wins; otherwise free text and observations are optional, and an
    item is required when it is disclosable or a flag rule or score reads it.
    """
    read: set[str] = set()
    for score in scores.values():
        read.update(score.items)
    for rule in flag_rules:
        read |= item_references(rule.when, scores)
    required = set()
    for code, item in items.items():
        if item.required is not None:
            if item.required:
                required.add(code)
        elif item.type is ItemType.TEXT or item.kind is ItemKind.OBSERVATION:
            continue
        elif item.disclosure is DisclosureClass.DISCLOSABLE or code in read:
            required.add(code)
    return frozenset(required)


def _evaluation_order(
    items: dict[str, Item],
    section_of: dict[str, str],
    section_conditions: dict[str, tuple[Condition, ...]],
    scores: dict[str, Score],
    locations: dict[str, Location],
    error: ErrorSink,
) -> tuple[str, ...]:
    """Items ordered so each follows what its visibility reads; reports dependency cycles."""
    depends: dict[str, set[str]] = {}
    for code, item in items.items():
        conditions = list(section_conditions.get(section_of[code], ()))
        if item.enable_when is not None:
            conditions.append(item.enable_when)
        refs: set[str] = set()
        for condition in conditions:
            refs |= item_references(condition, scores)
        depends[code] = {r for r in refs if r in items}

    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            cycle = path[path.index(code):] + [code]
            if frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                error((*locations.get(code, ()), "enable_when"),
                      "conditions form a cycle: " + " -> ".join(cycle))
            return
        state[code] = 1
        for ref in sorted(depends[code], key=list(items).index):
            visit(ref, [*path, code])
        state[code] = 2
        order.append(code)

    for code in items:
        visit(code, [])
    return tuple(order)
