"""Evaluating an answer set: visible items, scores, flags with the answers that raised them.

Rules (DESIGN.md, "Forms: definitions as data"):
- an unanswered item makes every comparison on it false; a score is null unless all its items
  are answered;
- answers to hidden items stay in the draft but never count (they are reported as ``ignored``);
- a value that fails validation does not count either (reported in ``invalid``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from screening.checklist.answers import Value, is_answered, validate
from screening.checklist.checks import walk
from screening.checklist.loader import CompiledForm
from screening.checklist.model import (
    AllOf,
    AnyOf,
    Band,
    Comparison,
    Condition,
    CountOf,
    FlagRegistry,
    NotOf,
    Op,
    text_in,
)
from screening.domain.dates import age_on
from screening.domain.enums import FlagLevel

DECLINED = "declined"
_LEVEL_RANK = {FlagLevel.ALERT: 0, FlagLevel.WARNING: 1, FlagLevel.ATTENTION: 2, FlagLevel.INFO: 3}
_SYMBOL = {Op.EQ: "=", Op.NE: "!=", Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">="}


@dataclass(frozen=True)
class FlagReason:
    """One way a flag was raised: readable text and the item codes it rests on."""

    text: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class FlagResult:
    code: str
    level: FlagLevel
    reasons: tuple[FlagReason, ...]
    summary: str = ""

    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]


@dataclass(frozen=True)
class Evaluation:
    """Everything the engine concludes from one answer set on one screening date."""

    form_id: str
    form_version: str
    registry_version: str
    on: date
    visible: frozenset[str]
    answers: Mapping[str, Value]
    """The answers that count: visible, answered, valid."""
    scores: Mapping[str, int | None]
    bands: Mapping[str, Band | None]
    flags: tuple[FlagResult, ...]
    missing_required: tuple[str, ...]
    ignored: tuple[str, ...]
    declined: tuple[str, ...]
    invalid: Mapping[str, str]

    @property
    def complete(self) -> bool:
        return not self.missing_required and not self.invalid

    def flag_codes(self) -> list[str]:
        return [f.code for f in self.flags]


class _Context:
    def __init__(self, form: CompiledForm, on: date) -> None:
        self.form = form
        self.on = on
        self.answers: dict[str, Value] = {}

    def score(self, score_id: str) -> int | None:
        score = self.form.scores[score_id]
        points: list[int] = []
        for code in score.items:
            value = self.answers.get(code)
            option = self.form.items[code].option(value) if isinstance(value, str) else None
            if option is None or option.score is None:
                return None
            points.append(option.score)
        if score.method == "count":
            return sum(1 for p in points if p > 0)
        return sum(points)

    def operand(self, comparison: Comparison) -> Any:
        """The operand's value, or None when it is unanswered (every comparison then fails)."""
        kind, ref = comparison.operand
        if kind == "score":
            return self.score(ref)
        value = self.answers.get(ref)
        if value is None:
            return None
        if kind == "item":
            return value
        if kind == "option_score":
            option = self.form.items[ref].option(value) if isinstance(value, str) else None
            return option.score if option is not None else None
        if kind == "selected":
            return len(value) if isinstance(value, list) else None
        if kind == "age":
            born = value.date() if isinstance(value, datetime) else value
            if not isinstance(born, date) or born > self.on:
                return None
            return age_on(born, self.on)
        if kind == "language":
            return value.split("-")[0].lower() if isinstance(value, str) else None
        raise AssertionError(kind)

    def holds(self, condition: Condition) -> bool:
        if isinstance(condition, AllOf):
            return all(self.holds(c) for c in condition.all)
        if isinstance(condition, AnyOf):
            return any(self.holds(c) for c in condition.any)
        if isinstance(condition, NotOf):
            return not self.holds(condition.not_)
        if isinstance(condition, CountOf):
            count = sum(1 for c in condition.count if self.holds(c))
            return _compare(count, condition.op, condition.value)
        actual = self.operand(condition)
        if condition.op is Op.ANSWERED:
            return actual is not None
        if condition.op is Op.UNANSWERED:
            return actual is None
        if actual is None:
            return False
        expected = condition.value
        kind, ref = condition.operand
        if kind == "item" and isinstance(actual, date):
            expected = _as_temporal(actual, expected)
        return _compare(actual, condition.op, expected)

    # ---------------------------------------------------------------- reasons

    def reasons(self, condition: Condition) -> list[FlagReason]:
        """For a condition that holds: one reason per alternative that made it hold."""
        if isinstance(condition, AnyOf):
            found: list[FlagReason] = []
            for child in condition.any:
                if self.holds(child):
                    found.extend(self.reasons(child))
            return found
        if isinstance(condition, AllOf):
            parts = [r for child in condition.all for r in self.reasons(child)]
            return [_joined(parts, " and ")]
        if isinstance(condition, CountOf):
            parts = [r for c in condition.count if self.holds(c) for r in self.reasons(c)]
            joined = _joined(parts, "; ")
            return [FlagReason(f"{len(parts)} of: {joined.text}", joined.items)]
        if isinstance(condition, NotOf):
            refs = tuple(sorted({c.operand[1] for c, _ in walk(condition.not_)}))
            return [FlagReason(f"not ({describe(condition.not_)})", refs)]
        return [self.leaf(condition)]

    def leaf(self, c: Comparison) -> FlagReason:
        kind, ref = c.operand
        actual = self.operand(c)
        items: tuple[str, ...] = (ref,)
        op = c.op
        if kind == "score":
            items = tuple(self.form.scores[ref].items)
            return FlagReason(f"{ref} = {actual} ({_SYMBOL.get(op, op)} {c.value})", items)
        if op is Op.ANSWERED:
            return FlagReason(f"{ref} answered", items)
        if op is Op.UNANSWERED:
            return FlagReason(f"{ref} unanswered", items)
        if kind == "option_score":
            chosen = self.answers.get(ref)
            return FlagReason(f"{ref} = {chosen} (scores {actual}, {_SYMBOL[op]} {c.value})", items)
        if kind == "selected":
            chosen = self.answers.get(ref)
            names = ", ".join(chosen) if isinstance(chosen, list) else ""
            return FlagReason(f"{ref}: {names} ({actual} selected, {_SYMBOL[op]} {c.value})", items)
        if kind == "age":
            return FlagReason(
                f"age {actual} on the screening date ({_SYMBOL[op]} {c.value})", items
            )
        if kind == "language":
            tag = self.answers.get(ref)
            shown = f"{ref} = {tag}"
            if op in (Op.NE, Op.NOT_IN):
                expected = c.value if isinstance(c.value, list) else [c.value]
                shown += f" (not {', '.join(expected)})"
            return FlagReason(shown, items)
        if op is Op.INCLUDES and isinstance(actual, list):
            matched = [v for v in actual if v in c.value]
            return FlagReason(f"{ref} includes {', '.join(matched)}", items)
        if op is Op.EXCLUDES:
            return FlagReason(f"{ref} excludes {', '.join(c.value)}", items)
        shown_value = ", ".join(actual) if isinstance(actual, list) else _plain(actual)
        if op in (Op.EQ, Op.IN):
            return FlagReason(f"{ref} = {shown_value}", items)
        if op is Op.NOT_IN:
            return FlagReason(f"{ref} = {shown_value} (not {', '.join(map(str, c.value))})", items)
        return FlagReason(f"{ref} = {shown_value} ({_SYMBOL[op]} {c.value})", items)


def _is_declined(value: Any) -> bool:
    return value == DECLINED or (isinstance(value, list) and DECLINED in value)


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _joined(parts: list[FlagReason], sep: str) -> FlagReason:
    items = tuple(dict.fromkeys(i for p in parts for i in p.items))
    return FlagReason(sep.join(p.text for p in parts), items)


def _as_temporal(actual: date, expected: Any) -> Any:
    convert = datetime.fromisoformat if isinstance(actual, datetime) else date.fromisoformat
    if isinstance(expected, list):
        return [convert(v) for v in expected]
    return convert(expected)


def _compare(actual: Any, op: Op, expected: Any) -> bool:
    try:
        if op is Op.EQ:
            return bool(actual == expected)
        if op is Op.NE:
            return bool(actual != expected)
        if op is Op.LT:
            return bool(actual < expected)
        if op is Op.LE:
            return bool(actual <= expected)
        if op is Op.GT:
            return bool(actual > expected)
        if op is Op.GE:
            return bool(actual >= expected)
        if op is Op.IN:
            return actual in expected
        if op is Op.NOT_IN:
            return actual not in expected
        if op is Op.INCLUDES:
            return any(v in expected for v in actual)
        if op is Op.EXCLUDES:
            return not any(v in expected for v in actual)
    except TypeError:
        return False
    raise AssertionError(op)


def describe(condition: Condition) -> str:
    """A static, readable rendering of a condition (used for 'not' reasons and by exports)."""
    if isinstance(condition, AllOf):
        return " and ".join(f"({describe(c)})" for c in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(f"({describe(c)})" for c in condition.any)
    if isinstance(condition, NotOf):
        return f"not ({describe(condition.not_)})"
    if isinstance(condition, CountOf):
        inner = "; ".join(describe(c) for c in condition.count)
        return f"count of [{inner}] {_SYMBOL[condition.op]} {condition.value}"
    kind, ref = condition.operand
    subject = ref if kind == "item" else f"{kind}({ref})"
    if condition.op in (Op.ANSWERED, Op.UNANSWERED):
        return f"{subject} {condition.op}"
    value = condition.value
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"{subject} {_SYMBOL.get(condition.op, str(condition.op))} {shown}"


def evaluate(
    form: CompiledForm,
    answers: Mapping[str, Value | None],
    *,
    on: date,
    registry: FlagRegistry,
    lang: str = "en",
) -> Evaluation:
    """Evaluates typed ``answers`` (see ``answers.coerce``) on the screening date ``on``.

    Never raises for any well-typed answer set; answers to unknown codes are ignored.
    """
    ctx = _Context(form, on)
    visible: set[str] = set()
    invalid: dict[str, str] = {}
    for code in form.order:
        item = form.items[code]
        conditions = form.section_conditions.get(form.section_of[code], ())
        shown = all(ctx.holds(c) for c in conditions) and (
            item.enable_when is None or ctx.holds(item.enable_when)
        )
        if not shown:
            continue
        visible.add(code)
        value = answers.get(code)
        if value is None or not is_answered(value):
            continue
        problem = validate(item, value, on=on)
        if problem is not None:
            invalid[code] = problem
            continue
        ctx.answers[code] = value

    scores = {score_id: ctx.score(score_id) for score_id in form.scores}
    bands = {
        score_id: (form.scores[score_id].band_for(value) if value is not None else None)
        for score_id, value in scores.items()
    }

    raised: dict[str, list[FlagReason]] = {}
    summaries: dict[str, str] = {}
    for rule in form.flags:
        if ctx.holds(rule.when):
            reasons = raised.setdefault(rule.flag, [])
            for reason in ctx.reasons(rule.when):
                if reason not in reasons:
                    reasons.append(reason)
            if rule.reason is not None:
                summaries.setdefault(rule.flag, text_in(rule.reason, lang))
    registry_order = {f.code: i for i, f in enumerate(registry.flags)}
    flags = []
    for code, reasons in raised.items():
        definition = registry.get(code)
        level = definition.level if definition is not None else FlagLevel.INFO
        flags.append(FlagResult(code, level, tuple(reasons), summaries.get(code, "")))
    flags.sort(key=lambda f: (_LEVEL_RANK[f.level], registry_order.get(f.code, 999)))

    reading = list(form.items)
    return Evaluation(
        form_id=form.id,
        form_version=form.version,
        registry_version=registry.version,
        on=on,
        visible=frozenset(visible),
        answers=dict(ctx.answers),
        scores=scores,
        bands=bands,
        flags=tuple(flags),
        missing_required=tuple(
            c for c in reading
            if c in visible and c in form.required and c not in ctx.answers and c not in invalid
        ),
        ignored=tuple(
            c for c in reading
            if c not in visible and answers.get(c) is not None and is_answered(answers.get(c))
        ),
        declined=tuple(c for c in reading if _is_declined(ctx.answers.get(c))),
        invalid=invalid,
    )
