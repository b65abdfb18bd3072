"""Our structured conditions as FHIR: plain ``enableWhen`` where it says exactly the same thing,
otherwise an SDC ``enableWhenExpression`` in FHIRPath.

Semantics we must keep (DESIGN.md): an unanswered (or hidden) item makes every comparison on it
false; ``not`` negates that. FHIR R4's ``enableWhen`` operators mean: ``=``, ``>``, ``<``, ``>=``,
``<=`` "at least one answer compares so" (false when unanswered); ``!=`` "no answer is equal"
(TRUE when unanswered); ``exists`` answered or not. So our ``ne X`` (answered and not X) is the pair
``exists true`` + ``!= X`` under ``enableBehavior all``, and ``not (eq X)`` is a lone ``!= X``.

What plain enableWhen expresses (else FHIRPath is used):
- item comparisons: eq / in (``=``, any), ne / not_in (``exists`` + ``!=``, all), includes (``=``,
  any), excludes (``exists`` + ``!=``, all), lt / le / gt / ge on numbers, dates and datetimes,
  answered / unanswered (``exists``);
- option_score comparisons, rewritten as "the chosen option is one of those whose score passes";
- ``all`` of parts that combine with "all", ``any`` of parts that combine with "any";
- ``not`` of an eq / in / includes / answered / unanswered comparison.
Never: count, score, selected, age, language-subtag operands, mixed nesting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from screening.checklist.model import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    CountOf,
    Item,
    NotOf,
    Op,
    Score,
)
from screening.domain.enums import ItemType
from screening.interop.fhir_common import BCP47, JSON, fhir_datetime

Mode = Literal["one", "all", "any"]

_ORDER_SYMBOL = {Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">="}
_FHIRPATH_SYMBOL = {Op.EQ: "=", Op.NE: "!=", **_ORDER_SYMBOL}


@dataclass(frozen=True)
class EnableWhen:
    """enableWhen entries and how they combine (``one`` = a single entry, no behaviour needed)."""

    entries: tuple[JSON, ...]
    mode: Mode

    def to_json(self, target: JSON) -> None:
        """Writes ``enableWhen`` (and ``enableBehavior`` where more than one entry) into ``target``."""
        target["enableWhen"] = list(self.entries)
        if len(self.entries) > 1:
            target["enableBehavior"] = "any" if self.mode == "any" else "all"


@dataclass(frozen=True)
class ConditionContext:
    """What the mapping needs to know about the form."""

    items: Mapping[str, Item]
    scores: Mapping[str, Score]
    system_for: Callable[[str], str]
    """The answer-option code system of a choice item."""


# ------------------------------------------------------------------------------------- enableWhen


def to_enable_when(condition: Condition, ctx: ConditionContext) -> EnableWhen | None:
    """The plain enableWhen equivalent of ``condition``, or None when there is none."""
    if isinstance(condition, Comparison):
        return _leaf(condition, ctx)
    if isinstance(condition, AllOf | AnyOf):
        wanted: Mode = "all" if isinstance(condition, AllOf) else "any"
        children = condition.all if isinstance(condition, AllOf) else condition.any
        entries: list[JSON] = []
        for child in children:
            part = to_enable_when(child, ctx)
            if part is None or part.mode not in ("one", wanted):
                return None
            entries.extend(part.entries)
        return EnableWhen(tuple(entries), "one" if len(entries) == 1 else wanted)
    if isinstance(condition, NotOf) and isinstance(condition.not_, Comparison):
        return _negated_leaf(condition.not_, ctx)
    return None


def _entry(question: str, operator: str, answer: tuple[str, Any]) -> JSON:
    return {"question": question, "operator": operator, answer[0]: answer[1]}


def _exists(question: str, value: bool) -> JSON:
    return _entry(question, "exists", ("answerBoolean", value))


def _leaf(c: Comparison, ctx: ConditionContext) -> EnableWhen | None:
    kind, ref = c.operand
    if kind not in ("item", "option_score"):
        return None
    item = ctx.items[ref]
    op = c.op
    if kind == "option_score":
        codes = _codes_whose_score(item, op, c.value)
        if not codes:
            return None  # never true: leave it to FHIRPath ("false")
        if len(codes) == len(item.options):
            return EnableWhen((_exists(ref, True),), "one")
        system = ctx.system_for(ref)
        return _equal_any(ref, [("answerCoding", {"system": system, "code": code}) for code in codes])
    if op is Op.ANSWERED:
        return EnableWhen((_exists(ref, True),), "one")
    if op is Op.UNANSWERED:
        return EnableWhen((_exists(ref, False),), "one")
    values = c.value if isinstance(c.value, list) else [c.value]
    typed: list[tuple[str, Any]] = []
    for v in values:
        answer = _answer(item, v, ctx)
        if answer is None:
            return None
        typed.append(answer)
    if op in (Op.EQ, Op.IN, Op.INCLUDES):
        return _equal_any(ref, typed)
    if op in (Op.NE, Op.NOT_IN, Op.EXCLUDES):
        entries = (_exists(ref, True), *(_entry(ref, "!=", a) for a in typed))
        return EnableWhen(entries, "all")
    if op in _ORDER_SYMBOL and item.type in (
        ItemType.INTEGER, ItemType.DECIMAL, ItemType.DATE, ItemType.DATETIME
    ):
        return EnableWhen((_entry(ref, _ORDER_SYMBOL[op], typed[0]),), "one")
    return None


def _negated_leaf(c: Comparison, ctx: ConditionContext) -> EnableWhen | None:
    plain = _leaf(c, ctx)
    if plain is None:
        return None
    entries = plain.entries
    if len(entries) == 1 and entries[0]["operator"] == "exists":
        return EnableWhen((_exists(entries[0]["question"], not entries[0]["answerBoolean"]),), "one")
    if plain.mode in ("one", "any") and all(e["operator"] == "=" for e in entries):
        flipped = tuple({**e, "operator": "!="} for e in entries)
        return EnableWhen(flipped, "one" if len(flipped) == 1 else "all")
    return None


def _equal_any(ref: str, answers: list[tuple[str, Any]]) -> EnableWhen:
    entries = tuple(_entry(ref, "=", a) for a in answers)
    return EnableWhen(entries, "one" if len(entries) == 1 else "any")


def _answer(item: Item, value: Any, ctx: ConditionContext) -> tuple[str, Any] | None:
    """The typed ``answer[x]`` for comparing ``item`` with ``value``, or None if FHIR cannot say it."""
    kind = item.type
    if kind in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
        return ("answerCoding", {"system": ctx.system_for(item.code), "code": value})
    if kind is ItemType.LANGUAGE:
        return ("answerCoding", {"system": BCP47, "code": value})
    if kind is ItemType.INTEGER:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return ("answerInteger", value) if isinstance(value, int) else None
    if kind is ItemType.DECIMAL:
        return ("answerDecimal", value)
    if kind is ItemType.DATE:
        return ("answerDate", value)
    if kind is ItemType.DATETIME:
        return ("answerDateTime", fhir_datetime(datetime.fromisoformat(value)))
    return ("answerString", value)


_SCALAR_TESTS: dict[Op, Callable[[float, float], bool]] = {
    Op.EQ: lambda a, b: a == b,
    Op.NE: lambda a, b: a != b,
    Op.LT: lambda a, b: a < b,
    Op.LE: lambda a, b: a <= b,
    Op.GT: lambda a, b: a > b,
    Op.GE: lambda a, b: a >= b,
}


def _codes_whose_score(item: Item, op: Op, value: Any) -> list[str]:
    """The options whose score passes ``op value`` (the loader allows only scalar operators here)."""
    test = _SCALAR_TESTS[op]
    return [o.code for o in item.options if o.score is not None and test(o.score, value)]


# --------------------------------------------------------------------------------------- FHIRPath


def literal(value: str) -> str:
    """A FHIRPath string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def answers_of(code: str) -> str:
    """The FHIRPath collection of an item's answer values in the QuestionnaireResponse."""
    return f"%resource.repeat(item).where(linkId = {literal(code)}).answer.value"


def score_values(score: Score) -> str:
    """The answer values of a score's items."""
    if len(score.items) == 1:
        return answers_of(score.items[0])
    codes = " | ".join(literal(code) for code in score.items)
    return f"%resource.repeat(item).where(linkId in ({codes})).answer.value"


def score_expression(score: Score) -> str:
    """A score as FHIRPath: the sum (or count above 0) of the chosen options' ordinal values,
    empty unless every item is answered (as the engine says)."""
    values = score_values(score)
    total = (
        f"{values}.ordinal().where($this > 0).count()" if score.method == "count"
        else f"{values}.ordinal().sum()"
    )
    return f"iif({values}.count() = {len(score.items)}, {total}, {{}})"


def to_fhirpath(condition: Condition, ctx: ConditionContext) -> str:
    """``condition`` as a FHIRPath boolean (never empty) over the QuestionnaireResponse."""
    if isinstance(condition, AllOf):
        return " and ".join(f"({to_fhirpath(c, ctx)})" for c in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(f"({to_fhirpath(c, ctx)})" for c in condition.any)
    if isinstance(condition, NotOf):
        return f"({to_fhirpath(condition.not_, ctx)}).not()"
    if isinstance(condition, CountOf):
        terms = " + ".join(f"iif({to_fhirpath(c, ctx)}, 1, 0)" for c in condition.count)
        return f"({terms}) {_FHIRPATH_SYMBOL[condition.op]} {condition.value}"
    return _leaf_fhirpath(condition, ctx)


def _score_fhirpath(score: Score, ctx: ConditionContext, op: Op, value: Any) -> str:
    """A score comparison spelled out from the option scores (no ``ordinal()``, so any FHIRPath
    engine can evaluate it): every item answered, and the total compares so."""
    terms: list[str] = []
    for code in score.items:
        values = answers_of(code)
        by_score: dict[int, list[str]] = {}
        for option in ctx.items[code].options:
            if option.score:
                by_score.setdefault(option.score, []).append(option.code)
        for points, codes in by_score.items():
            if score.method == "count":
                points = 1
            terms.append(f"iif({values}.where({_code_in(codes)}).exists(), {points}, 0)")
    total = " + ".join(terms) or "0"
    return (f"({score_values(score)}.count() = {len(score.items)} and "
            f"({total}) {_FHIRPATH_SYMBOL[op]} {_number(value)})")


def _where_any(values: str, predicate: str) -> str:
    return f"{values}.where({predicate}).exists()"


def _answered_and_none(values: str, predicate: str) -> str:
    return f"({values}.exists() and {values}.where({predicate}).empty())"


def _leaf_fhirpath(c: Comparison, ctx: ConditionContext) -> str:
    kind, ref = c.operand
    op = c.op
    if kind == "score":
        return _score_fhirpath(ctx.scores[ref], ctx, op, c.value)
    values = answers_of(ref)
    if op is Op.ANSWERED:
        return f"{values}.exists()"
    if op is Op.UNANSWERED:
        return f"{values}.empty()"
    item = ctx.items[ref]
    if kind == "option_score":
        codes = _codes_whose_score(item, op, c.value)
        if not codes:
            return "false"
        return _where_any(values, _code_in(codes))
    if kind == "selected":
        return f"({values}.exists() and {values}.count() {_FHIRPATH_SYMBOL[op]} {_number(c.value)})"
    if kind == "age":
        return _age(values, op, c.value)
    if kind == "language":
        tags = c.value if isinstance(c.value, list) else [c.value]
        predicate = " or ".join(
            f"code.lower() = {literal(t)} or code.lower().startsWith({literal(t + '-')})" for t in tags
        )
        if op in (Op.EQ, Op.IN):
            return _where_any(values, predicate)
        return _answered_and_none(values, predicate)
    # kind == "item"
    raw = c.value if isinstance(c.value, list) else [c.value]
    if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE, ItemType.LANGUAGE):
        predicate = _code_in([str(v) for v in raw])
    else:
        rendered = [_value_literal(item, v) for v in raw]
        if op in _ORDER_SYMBOL:
            return _where_any(values, f"$this {_ORDER_SYMBOL[op]} {rendered[0]}")
        predicate = f"$this = {rendered[0]}" if len(rendered) == 1 else \
            f"$this in ({' | '.join(rendered)})"
    if op in (Op.EQ, Op.IN, Op.INCLUDES):
        return _where_any(values, predicate)
    return _answered_and_none(values, predicate)


def _code_in(codes: list[str]) -> str:
    if len(codes) == 1:
        return f"code = {literal(codes[0])}"
    return f"code in ({' | '.join(literal(c) for c in codes)})"


def _value_literal(item: Item, value: Any) -> str:
    if item.type is ItemType.DATE:
        return f"@{value}"
    if item.type is ItemType.DATETIME:
        return f"@{fhir_datetime(datetime.fromisoformat(value))}"
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        return _number(value)
    return literal(str(value))


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _age(values: str, op: Op, value: Any) -> str:
    """Age in whole years on the screening date (taken as the response's ``authored`` date):
    age >= n exactly when the date of birth is on or before the screening date minus n years."""
    number = float(value)

    def at_least(years: int) -> str:
        return f"$this <= (%resource.authored.toDate() - {years} years)"

    low, high = math.ceil(number), math.floor(number) + 1
    if op is Op.GE:
        return _where_any(values, at_least(low))
    if op is Op.GT:
        return _where_any(values, at_least(high))
    if op is Op.LT:
        return _answered_and_none(values, at_least(low))
    if op is Op.LE:
        return _answered_and_none(values, at_least(high))
    if not number.is_integer():
        return "false" if op is Op.EQ else f"{values}.exists()"
    whole = int(number)
    exactly = f"{at_least(whole)} and ({at_least(whole + 1)}).not()"
    if op is Op.EQ:
        return _where_any(values, exactly)
    return _answered_and_none(values, exactly)
