"""Answer values: turning JSON into typed values, and validating them against an item.

Value types: choice -> option code (str); multi-choice -> list of option codes; integer -> int;
decimal -> float; date -> ``datetime.date``; datetime -> ``datetime.datetime``; text, identifier,
ethnicity and language -> str.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from screening.checklist.model import IdentifierCheck, Item
from screening.domain.enums import ItemType

Value = str | int | float | date | datetime | list[str]

_LANGTAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class AnswerTypeError(ValueError):
    """A value of the wrong type, or an option code the item does not have."""


def is_answered(value: Any) -> bool:
    """Whether a stored value counts as an answer (blank text and empty selections do not)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def coerce(item: Item, raw: Any) -> Value:
    """Converts a JSON value (as stored or as given on the command line) to the item's type."""
    kind = item.type
    if kind is ItemType.CHOICE:
        if not isinstance(raw, str):
            raise AnswerTypeError(f"{item.code} takes an option code, got {raw!r}")
        if item.option(raw) is None:
            raise AnswerTypeError(
                f"'{raw}' is not an option of {item.code} ({', '.join(item.option_codes)})"
            )
        return raw
    if kind is ItemType.MULTI_CHOICE:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise AnswerTypeError(f"{item.code} takes a list of option codes, got {raw!r}")
        unknown = [v for v in raw if item.option(v) is None]
        if unknown:
            raise AnswerTypeError(
                f"{', '.join(repr(u) for u in unknown)} not among the options of {item.code} "
                f"({', '.join(item.option_codes)})"
            )
        return list(dict.fromkeys(raw))
    if kind is ItemType.INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise AnswerTypeError(f"{item.code} takes a whole number, got {raw!r}")
        return raw
    if kind is ItemType.DECIMAL:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise AnswerTypeError(f"{item.code} takes a number, got {raw!r}")
        return float(raw)
    if kind is ItemType.DATE:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) else _bad_date(item, raw)
        except ValueError:
            return _bad_date(item, raw)
    if kind is ItemType.DATETIME:
        if isinstance(raw, datetime):
            return raw
        try:
            if isinstance(raw, str):
                return datetime.fromisoformat(raw)
        except ValueError:
            pass
        raise AnswerTypeError(f"{item.code} takes a date and time (YYYY-MM-DDTHH:MM), got {raw!r}")
    if not isinstance(raw, str):
        raise AnswerTypeError(f"{item.code} takes text, got {raw!r}")
    return raw


def _bad_date(item: Item, raw: Any) -> date:
    raise AnswerTypeError(f"{item.code} takes a date (YYYY-MM-DD), got {raw!r}")


def to_json(value: Value) -> Any:
    """The JSON form of a typed value (the inverse of ``coerce``)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def validate(item: Item, value: Value, *, on: date) -> str | None:
    """A plain-words problem with a well-typed value, or None when it is acceptable."""
    if item.type is ItemType.MULTI_CHOICE and isinstance(value, list):
        exclusive = [code for code in value if (o := item.option(code)) and o.exclusive]
        if exclusive and len(value) > 1:
            return f"'{exclusive[0]}' cannot be combined with another option"
    if item.type is ItemType.LANGUAGE and isinstance(value, str) and not _LANGTAG.match(value):
        return f"'{value}' is not a language code (BCP 47, e.g. en-GB, cy, bfi)"
    rules = item.validation
    if rules is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rules.min is not None and value < rules.min:
            return f"must be at least {rules.min:g}"
        if rules.max is not None and value > rules.max:
            return f"must be at most {rules.max:g}"
    if isinstance(value, str):
        if rules.max_length is not None and len(value) > rules.max_length:
            return f"must be at most {rules.max_length} characters"
        if rules.pattern is not None and not re.fullmatch(rules.pattern, value):
            return "is not in the expected format"
        if rules.check is not None:
            return _identifier_problem(rules.check, value)
    if rules.not_future and isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day > on:
            return "cannot be in the future"
    return None


def _identifier_problem(check: IdentifierCheck, value: str) -> str | None:
    from screening.domain import reference

    if check is IdentifierCheck.NHS_NUMBER:
        return None if reference.is_valid_nhs_number(value) else "is not a valid NHS number"
    return None if reference.is_valid_pnc_id(value) else "is not a valid PNC ID"
