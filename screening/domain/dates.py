"""Dates the law and the forms depend on: the screening date (Europe/London) and age in years."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
"""Every screening date is a date in England and Wales local time (GMT in winter, BST in summer)."""


def utc_now() -> datetime:
    """The current instant as an aware UTC datetime (the form every stored timestamp takes)."""
    return datetime.now(UTC)


def screening_date_for(instant: datetime) -> date:
    """The calendar date in Europe/London at ``instant``.

    The screening date is the date the screening was started in London time, so 23:30 UTC on a
    summer evening (00:30 BST) is already the next day. ``instant`` must be timezone-aware: a naive
    datetime has no defined instant and is refused with ``ValueError``.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("the instant needs a timezone (a naive datetime is ambiguous)")
    return instant.astimezone(LONDON).date()


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on the date ``on``.

    The person turns a year older on the anniversary of their birth. Someone born on 29 February
    turns a year older on 1 March in a non-leap year (they are still the younger age on 28
    February): that is the reading used in England and Wales when the anniversary does not exist,
    and the one that never treats someone as 18 before they have lived 18 full years.

    Raises ``ValueError`` if ``on`` is before ``date_of_birth``. Passing a ``datetime`` for either
    argument is refused too: convert instants with ``screening_date_for`` first.
    """
    if isinstance(date_of_birth, datetime) or isinstance(on, datetime):
        raise TypeError("age_on takes dates, not datetimes (use screening_date_for first)")
    if on < date_of_birth:
        raise ValueError("the date is before the date of birth")
    # Comparing (month, day) pairs gives the 1 March rule for free: (2, 28) < (2, 29).
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)
