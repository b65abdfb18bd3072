"""Shared helpers for the FHIR interop tests: the form libraries, answer-set strategies, and a
reference reading of FHIR R4 enableWhen semantics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from screening.checklist.answers import Value, validate
from screening.checklist.checks import walk
from screening.checklist.engine import Evaluation, evaluate
from screening.checklist.loader import CompiledForm, FormLibrary
from screening.checklist.model import Condition, FlagRegistry
from screening.domain.enums import ItemType
from screening.interop.fhir_common import BASE_URL

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ROOT / "forms"
FIXTURES = ROOT / "tests" / "fixtures" / "fhir"
FIXTURE_FORMS = FIXTURES / "forms"
SHIPPED_FORM_IDS = ("custody-screen", "ld-court-screen", "psr-mental-health", "neurodevelopmental")
ON = date(2024, 6, 15)
"""The screening date every property test uses."""

_LIBRARIES: dict[Path, FormLibrary] = {}


def library(root: Path) -> FormLibrary:
    """The (cached) library under ``root``."""
    if root not in _LIBRARIES:
        _LIBRARIES[root] = FormLibrary.load(root)
    return _LIBRARIES[root]


def all_forms() -> list[tuple[Path, str]]:
    """(forms root, form id) for the four shipped forms and the purpose-built kitchen-sink form."""
    return [(SHIPPED, form_id) for form_id in SHIPPED_FORM_IDS] + [(FIXTURE_FORMS, "kitchen-sink")]


def form_param_id(value: tuple[Path, str]) -> str:
    return value[1]


# ------------------------------------------------------------------------------------- answers


def conditions_of(form: CompiledForm) -> Iterator[Condition]:
    for item in form.items.values():
        if item.enable_when is not None:
            yield item.enable_when
    for conditions in form.section_conditions.values():
        yield from conditions
    for rule in form.flags:
        yield rule.when


def compared_values(form: CompiledForm) -> dict[str, list[Any]]:
    """Per item, the values conditions compare it with (so equality tests get hit)."""
    found: dict[str, list[Any]] = {}
    for condition in conditions_of(form):
        for comparison, _ in walk(condition):
            kind, ref = comparison.operand
            if kind in ("item", "language") and comparison.value is not None:
                values = comparison.value if isinstance(comparison.value, list) else [comparison.value]
                found.setdefault(ref, []).extend(values)
    return found


def _around_birthdays(on: date) -> list[date]:
    days = []
    for years in (17, 18, 19):
        anniversary = on.replace(year=on.year - years)
        days.extend(anniversary + timedelta(days=d) for d in (-1, 0, 1))
    return days


def value_strategy(form: CompiledForm, code: str, on: date) -> st.SearchStrategy[Value]:
    """Values of the item's own type: its options, numbers around its ranges and condition values,
    dates around 18th birthdays, language tags, short texts."""
    item = form.items[code]
    seen = compared_values(form).get(code, [])
    kind = item.type
    if kind is ItemType.CHOICE:
        return st.sampled_from(item.option_codes)
    if kind is ItemType.MULTI_CHOICE:
        return st.lists(st.sampled_from(item.option_codes), unique=True, max_size=len(item.options))
    if kind is ItemType.INTEGER:
        near = sorted({int(v) + d for v in seen if isinstance(v, int | float) for d in (-1, 0, 1)})
        whole = st.integers(-2, 25)
        return st.one_of(whole, st.sampled_from(near)) if near else whole
    if kind is ItemType.DECIMAL:
        near_f = sorted({float(v) + d for v in seen if isinstance(v, int | float) for d in (-0.5, 0, 0.5)})
        real = st.floats(-10, 15, allow_nan=False)
        return st.one_of(real, st.sampled_from(near_f)) if near_f else real
    if kind is ItemType.DATE:
        near_d = _around_birthdays(on) + [
            date.fromisoformat(v) + timedelta(days=d) for v in seen for d in (-1, 0, 1)
        ]
        return st.one_of(st.dates(date(1930, 1, 1), date(2030, 12, 31)), st.sampled_from(near_d))
    if kind is ItemType.DATETIME:
        near_t = [datetime.fromisoformat(v) + timedelta(seconds=s) for v in seen for s in (-1, 0, 1)]
        any_time = st.datetimes(datetime(2023, 1, 1), datetime(2025, 12, 31))
        return st.one_of(any_time, st.sampled_from(near_t)) if near_t else any_time
    if kind is ItemType.LANGUAGE:
        tags = ["en", "en-GB", "EN-gb", "cy", "cy-GB", "bfi", "pl", "ar", "not a tag", *map(str, seen)]
        return st.sampled_from(sorted(set(tags)))
    texts = sorted({"", "x", "AB12", "W1", "a", "b", *map(str, seen)})
    return st.one_of(st.sampled_from(texts), st.text(max_size=6))


def answer_sets(form: CompiledForm, on: date = ON) -> st.SearchStrategy[dict[str, Value]]:
    """Answer sets over every item (hidden ones included), each item answered or not."""
    per_item = {
        code: st.one_of(st.none(), value_strategy(form, code, on)) for code in form.items
    }
    return st.fixed_dictionaries(per_item).map(
        lambda answers: {code: value for code, value in answers.items() if value is not None}
    )


def valid_only(form: CompiledForm, answers: Mapping[str, Value], on: date = ON) -> dict[str, Value]:
    """The answers the original form's validation accepts."""
    return {
        code: value for code, value in answers.items()
        if validate(form.items[code], value, on=on) is None
    }


def run(form: CompiledForm, answers: Mapping[str, Value], registry: FlagRegistry) -> Evaluation:
    return evaluate(form, answers, on=ON, registry=registry)


def outcome(form: CompiledForm, answers: Mapping[str, Value], registry: FlagRegistry) -> tuple[Any, ...]:
    """What must match between a form and its round-tripped copy."""
    result = run(form, answers, registry)
    return (
        result.visible,
        dict(result.scores),
        [(f.code, f.level, f.reason_texts(), f.summary) for f in result.flags],
        result.missing_required,
        result.ignored,
    )


# -------------------------------------------------------------------------------- FHIR helpers


def walk_items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from walk_items(item.get("item", []))


def strip_project_extensions(value: Any) -> Any:
    """A copy of FHIR JSON without any of our own extensions (what a foreign system might send)."""
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            if key == "extension":
                kept = [strip_project_extensions(e) for e in inner
                        if not str(e.get("url", "")).startswith(BASE_URL)]
                if kept:
                    out[key] = kept
            else:
                out[key] = strip_project_extensions(inner)
        return out
    if isinstance(value, list):
        return [strip_project_extensions(v) for v in value]
    return value


def response_answers(response: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """linkId -> its answers in a QuestionnaireResponse."""
    return {item["linkId"]: item["answer"] for item in walk_items(response.get("item", []))
            if "answer" in item}


def _answer_value(answer: dict[str, Any]) -> tuple[str, Any]:
    (key, value), = ((k, v) for k, v in answer.items() if k.startswith(("value", "answer")))
    return key.removeprefix("value").removeprefix("answer"), value


def _parse(kind: str, value: Any) -> Any:
    if kind == "Date":
        return date.fromisoformat(value)
    if kind == "DateTime":
        return datetime.fromisoformat(value)
    if kind == "Coding":
        return (value.get("system"), value.get("code"))
    return value


def fhir_enable_when(element: dict[str, Any], answers: dict[str, list[dict[str, Any]]]) -> bool:
    """An item's (or group's) own enableWhen as FHIR R4 defines the operators: ``exists``
    compares whether there is an answer; ``=``, ``>``, ``<``, ``>=``, ``<=`` hold when at least one
    answer compares so; ``!=`` holds when no answer is equal."""
    results = []
    for entry in element["enableWhen"]:
        given = answers.get(entry["question"], [])
        kind, expected = _answer_value({k: v for k, v in entry.items() if k.startswith("answer")})
        operator = entry["operator"]
        if operator == "exists":
            results.append(bool(given) == expected)
            continue
        target = _parse(kind, expected)
        values = [_parse(*_answer_value(a)) for a in given]
        tests = {
            "=": lambda v, t=target: v == t,
            "!=": lambda v, t=target: v == t,
            ">": lambda v, t=target: v > t,
            "<": lambda v, t=target: v < t,
            ">=": lambda v, t=target: v >= t,
            "<=": lambda v, t=target: v <= t,
        }
        hit = any(tests[operator](v) for v in values)
        results.append(not hit if operator == "!=" else hit)
    if element.get("enableBehavior") == "any":
        return any(results)
    return all(results)
