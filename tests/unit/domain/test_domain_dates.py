"""The screening date (Europe/London) and age in whole years (screening.domain.dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.domain.dates import age_on, screening_date_for, utc_now

# --------------------------------------------------------------------------------------------
# age_on
# --------------------------------------------------------------------------------------------


def test_the_day_before_the_18th_birthday_is_17() -> None:
    assert age_on(date(2008, 3, 15), date(2026, 3, 14)) == 17


def test_the_18th_birthday_is_18() -> None:
    assert age_on(date(2008, 3, 15), date(2026, 3, 15)) == 18
    assert age_on(date(2008, 3, 15), date(2026, 3, 16)) == 18


def test_new_years_eve_and_day() -> None:
    assert age_on(date(2008, 1, 1), date(2025, 12, 31)) == 17
    assert age_on(date(2008, 1, 1), date(2026, 1, 1)) == 18
    assert age_on(date(2007, 12, 31), date(2025, 12, 30)) == 17
    assert age_on(date(2007, 12, 31), date(2025, 12, 31)) == 18


def test_29_february_birthday_turns_older_on_1_march_in_a_common_year() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    # In a leap year the anniversary exists.
    assert age_on(born, date(2028, 2, 28)) == 19
    assert age_on(born, date(2028, 2, 29)) == 20


def test_age_on_the_day_of_birth_is_zero() -> None:
    assert age_on(date(2020, 5, 5), date(2020, 5, 5)) == 0


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError):
        age_on(date(2020, 5, 5), date(2020, 5, 4))


def test_age_on_refuses_datetimes() -> None:
    with pytest.raises(TypeError):
        age_on(datetime(2000, 1, 1, tzinfo=UTC), date(2020, 1, 1))
    with pytest.raises(TypeError):
        age_on(date(2000, 1, 1), datetime(2020, 1, 1, tzinfo=UTC))


def _anniversary(born: date, year: int) -> date:
    """The birthday in ``year``; 1 March for a 29 February birthday in a common year."""
    try:
        return born.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 110))
def test_age_is_the_number_of_birthdays_passed(born: date, years: int) -> None:
    birthday = _anniversary(born, born.year + years)
    next_birthday = _anniversary(born, born.year + years + 1)
    assert age_on(born, birthday) == years
    assert age_on(born, next_birthday - timedelta(days=1)) == years
    if years > 0:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


# --------------------------------------------------------------------------------------------
# screening_date_for
# --------------------------------------------------------------------------------------------


def test_late_evening_utc_in_summer_is_the_next_day_in_london() -> None:
    # 23:30 UTC on 15 July is 00:30 BST on 16 July.
    assert screening_date_for(datetime(2025, 7, 15, 23, 30, tzinfo=UTC)) == date(2025, 7, 16)


def test_late_evening_utc_in_winter_is_the_same_day_in_london() -> None:
    assert screening_date_for(datetime(2025, 1, 15, 23, 30, tzinfo=UTC)) == date(2025, 1, 15)


def test_across_the_spring_change() -> None:
    # Clocks go forward at 01:00 UTC on Sunday 30 March 2025.
    assert screening_date_for(datetime(2025, 3, 29, 23, 30, tzinfo=UTC)) == date(2025, 3, 29)
    assert screening_date_for(datetime(2025, 3, 30, 0, 59, tzinfo=UTC)) == date(2025, 3, 30)
    assert screening_date_for(datetime(2025, 3, 30, 23, 30, tzinfo=UTC)) == date(2025, 3, 31)


def test_across_the_autumn_change() -> None:
    # Clocks go back at 01:00 UTC on Sunday 26 October 2025.
    assert screening_date_for(datetime(2025, 10, 25, 23, 30, tzinfo=UTC)) == date(2025, 10, 26)
    assert screening_date_for(datetime(2025, 10, 26, 23, 30, tzinfo=UTC)) == date(2025, 10, 26)


def test_other_offsets_are_converted() -> None:
    # 04:00 on 16 July at UTC+05:00 is 23:00 UTC on 15 July, 00:00 BST on 16 July.
    plus_five = timezone(timedelta(hours=5))
    assert screening_date_for(datetime(2025, 7, 16, 4, 0, tzinfo=plus_five)) == date(2025, 7, 16)
    assert screening_date_for(datetime(2025, 7, 16, 3, 59, tzinfo=plus_five)) == date(2025, 7, 15)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        screening_date_for(datetime(2025, 7, 15, 23, 30))


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    )
)
def test_london_date_is_the_utc_date_or_the_next(instant: datetime) -> None:
    london = screening_date_for(instant)
    assert london in (instant.date(), instant.date() + timedelta(days=1))


def test_utc_now_is_aware() -> None:
    assert utc_now().utcoffset() == timedelta(0)
