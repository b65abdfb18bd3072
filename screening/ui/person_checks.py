"""Checks of what is typed into a person record, with messages that say exactly what is wrong.

The services check everything again when the record is saved (``reference.normalise_identifier``);
these run as the user types, so the message can point at the part to fix: a missing '/', a year
of the wrong length, a check letter or check digit that does not match. They never suggest the
"right" check digit or letter: a mismatch means something was mistyped, and the officer should
find what, not make the number pass.
"""

from __future__ import annotations

import re
from datetime import date

from screening.domain import reference
from screening.domain.enums import IdentifierKind
from screening.ui.editors import parse_date
from screening.ui.i18n import SOURCE_LANGUAGE, current_language, tr

_NOT_DIGIT_OR_SPACE = re.compile(r"[^0-9\s]")


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def nhs_number_problem(text: str) -> str | None:
    """What is wrong with a typed NHS number, or None if it is valid (or empty)."""
    if not text.strip():
        return None
    strays = sorted(set(_NOT_DIGIT_OR_SPACE.findall(text)))
    if strays:
        shown = " ".join(f"'{ch}'" for ch in strays)
        return tr("Checks", "An NHS number has only digits (spaces are fine). Remove {characters}.",
                  characters=shown)
    digits = re.sub(r"\s+", "", text)
    if len(digits) != 10:
        return tr("Checks", "An NHS number has 10 digits; this has {count}.", count=len(digits))
    expected = reference.nhs_check_digit(digits[:9])
    if expected is None:
        return tr("Checks", "No NHS number starts with these nine digits (no check digit fits "
                            "them), so one of them is mistyped. Check it against the NHS record.")
    if expected != int(digits[9]):
        return tr("Checks", "The last digit (the check digit) does not match the first nine, so "
                            "one of the ten digits is mistyped. Check it against the NHS record.")
    return None


def pnc_id_problem(text: str) -> str | None:
    """What is wrong with a typed PNC ID, or None if it is valid (or empty)."""
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        return None
    if compact.count("/") != 1:
        return tr("Checks", "A PNC ID has one '/' after the year, like 19/0012345G or "
                            "2019/0012345G.")
    year, rest = compact.split("/")
    if not year.isdigit() or len(year) not in (2, 4):
        return tr("Checks", "The year before the '/' has 2 or 4 digits (19 or 2019), like "
                            "19/0012345G or 2019/0012345G.")
    if len(year) == 4 and year[:2] not in ("19", "20"):
        return tr("Checks", "A four-digit year starts with 19 or 20 (for example 2019).")
    if not rest or not rest[-1].isalpha():
        return tr("Checks", "A PNC ID ends with its check letter (the G in 19/0012345G); add it "
                            "after the number.")
    serial, letter = rest[:-1], rest[-1]
    if not serial:
        return tr("Checks", "The number between the '/' and the check letter is missing, like "
                            "19/0012345G or 2019/0012345G.")
    if not serial.isdigit():
        return tr("Checks", "Only digits go between the '/' and the check letter.")
    if len(serial) > 7:
        return tr("Checks", "The number after the '/' has at most 7 digits; this has {count}.",
                  count=len(serial))
    if letter not in reference.PNC_CHECK_LETTERS:
        return tr("Checks", "The check letter is never {letter} (PNC IDs do not use I, O or S), "
                            "so it is mistyped. Check it against the PNC record.", letter=letter)
    if reference.pnc_check_letter(int(year[-2:]), int(serial)) != letter:
        return tr("Checks", "The check letter {letter} does not match {number}, so the year, a "
                            "digit or the letter is mistyped. Check it against the PNC record.",
                  letter=letter, number=f"{year}/{int(serial):07d}")
    return None


def identifier_problem(kind: IdentifierKind, text: str) -> str | None:
    """What is wrong with a typed identifier of ``kind``, or None if it is valid (or empty)."""
    if not text.strip():
        return None
    if kind is IdentifierKind.NHS_NUMBER:
        return nhs_number_problem(text)
    if kind is IdentifierKind.PNC_ID:
        return pnc_id_problem(text)
    try:
        reference.normalise_reference(kind, text)
    except ValueError as exc:
        if current_language() == SOURCE_LANGUAGE:
            return _sentence(str(exc))
        return tr("Checks", "This is not in the form this reference takes. Check it against the "
                            "record it comes from.")
    return None


def date_of_birth_problem(text: str, *, today: date, age_in_doubt: bool) -> tuple[date | None, str | None]:
    """The date of birth typed (or None) and what is wrong with it, if anything."""
    day, problem = parse_date(text)
    if problem:
        return None, problem
    if day is None:
        if age_in_doubt:
            return None, None
        return None, tr("Checks", "Type the date of birth, or tick \u201cAge in doubt\u201d if the "
                                  "person does not know it or it is not believed.")
    if day > today:
        return None, tr("Checks", "The date of birth is in the future. Check the year.")
    if today.year - day.year > 120:
        return None, tr("Checks", "That would make the person over 120. Check the year.")
    return day, None
