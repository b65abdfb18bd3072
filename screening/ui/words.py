"""How records read on screen: dates and times in London time, statuses, people, identifiers.

Plain functions over domain and services objects (no widgets), shared by the people pages, the
screening flow and the record view, so a date or a status reads the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from screening.domain import reference
from screening.domain.dates import LONDON, age_on
from screening.domain.enums import FlagLevel, IdentifierKind, Recipient, ScreeningStatus
from screening.domain.models import Identifier, Person
from screening.services.views import PersonSummary, ScreeningSummary
from screening.ui.editors import long_date
from screening.ui.i18n import current_language, tr


def recipient_label(recipient: Recipient) -> str:
    """A recipient's name in the interface language."""
    return {
        Recipient.POLICE: tr("Words", "Police"),
        Recipient.CPS: tr("Words", "Crown Prosecution Service (CPS)"),
        Recipient.COURT: tr("Words", "The court"),
        Recipient.DEFENCE: tr("Words", "Defence solicitor"),
        Recipient.PROBATION: tr("Words", "Probation"),
        Recipient.PRISON_HEALTHCARE: tr("Words", "Prison healthcare"),
        Recipient.LIAISON_DIVERSION: tr("Words", "Liaison and Diversion (L&D)"),
        Recipient.CUSTODY_ESCORT: tr("Words", "Custody and escort staff"),
        Recipient.PERSON: tr("Words", "The person (their own copy)"),
    }[recipient]


def level_word(level: FlagLevel) -> str:
    """A flag level's word, in capitals as on the badge (the word is always beside the colour)."""
    return {
        FlagLevel.ALERT: tr("Words", "ALERT"),
        FlagLevel.WARNING: tr("Words", "WARNING"),
        FlagLevel.ATTENTION: tr("Words", "ATTENTION"),
        FlagLevel.INFO: tr("Words", "INFO"),
    }[level]


def level_meaning(level: FlagLevel) -> str:
    """What a flag level asks of the reader."""
    return {
        FlagLevel.ALERT: tr("Words", "act now"),
        FlagLevel.WARNING: tr("Words", "act today"),
        FlagLevel.ATTENTION: tr("Words", "take into account"),
        FlagLevel.INFO: tr("Words", "for information"),
    }[level]


def level_shape(level: FlagLevel) -> str:
    """The shape drawn for a level, in words (screen readers say it with the word)."""
    return {
        FlagLevel.ALERT: tr("Words", "octagon"),
        FlagLevel.WARNING: tr("Words", "triangle"),
        FlagLevel.ATTENTION: tr("Words", "diamond"),
        FlagLevel.INFO: tr("Words", "circle"),
    }[level]


def level_name(level: FlagLevel) -> str:
    """A level in a sentence ("Alert", "Warning"...)."""
    return {
        FlagLevel.ALERT: tr("Words", "Alert"),
        FlagLevel.WARNING: tr("Words", "Warning"),
        FlagLevel.ATTENTION: tr("Words", "Attention"),
        FlagLevel.INFO: tr("Words", "Information"),
    }[level]


def identifier_label(kind: IdentifierKind) -> str:
    """An identifier's name in the interface language."""
    return {
        IdentifierKind.PNC_ID: tr("Words", "PNC ID"),
        IdentifierKind.CRO: tr("Words", "CRO number"),
        IdentifierKind.NHS_NUMBER: tr("Words", "NHS number"),
        IdentifierKind.CUSTODY_RECORD: tr("Words", "Custody record number"),
        IdentifierKind.COURT_CASE: tr("Words", "Court case reference"),
        IdentifierKind.PROBATION_CASE: tr("Words", "Probation case reference"),
    }.get(kind, reference.IDENTIFIER_LABELS.get(kind, str(kind)))


def day_text(day: date) -> str:
    """"Friday 14 March 2025" (in the interface language)."""
    return long_date(day, current_language())


def when_text(moment: datetime) -> str:
    """"Friday 14 March 2025 at 09:30", in London time."""
    local = moment.astimezone(LONDON) if moment.tzinfo is not None else moment
    return tr("Words", "{day} at {time}", day=long_date(local.date(), current_language()),
              time=f"{local:%H:%M}")


def birth_text(date_of_birth: date | None, age_in_doubt: bool, *, on: date | None = None) -> str:
    """"Born 20/05/1980 (44)" / "Date of birth not known (age in doubt)"."""
    if date_of_birth is None:
        return tr("Words", "Date of birth not known (age in doubt)")
    born = f"{date_of_birth:%d/%m/%Y}"
    if on is not None and on >= date_of_birth:
        age = age_on(date_of_birth, on)
        if age_in_doubt:
            return tr("Words", "Born {date} (age {age}), age in doubt", date=born, age=age)
        return tr("Words", "Born {date} (age {age})", date=born, age=age)
    if age_in_doubt:
        return tr("Words", "Born {date}, age in doubt", date=born)
    return tr("Words", "Born {date}", date=born)


def identifier_text(identifier: Identifier) -> str:
    """"NHS number 943 476 5919"."""
    value = identifier.value
    if identifier.kind is IdentifierKind.NHS_NUMBER and reference.is_valid_nhs_number(value):
        value = reference.format_nhs_number(value)
    return f"{identifier_label(identifier.kind)} {value}"


def identifiers_text(identifiers: tuple[Identifier, ...]) -> str:
    if not identifiers:
        return tr("Words", "No identifiers")
    return "; ".join(identifier_text(i) for i in identifiers)


def summary_name(person: PersonSummary | Person) -> str:
    return person.display_name or tr("Words", "(no name recorded)")


def status_text(status: ScreeningStatus, revision: int, *, replaced: bool = False) -> str:
    """The status in words, never a colour alone: "Draft", "Finalised, revision 2"..."""
    words = {
        ScreeningStatus.DRAFT: (tr("Words", "Draft") if revision == 1
                                else tr("Words", "Draft amendment")),
        ScreeningStatus.COMPLETED: tr("Words", "Completed, not yet finalised"),
        ScreeningStatus.FINALISED: tr("Words", "Finalised"),
    }[status]
    if revision > 1 or status is ScreeningStatus.FINALISED:
        words = tr("Words", "{status}, revision {revision}", status=words, revision=revision)
    if replaced:
        words = tr("Words", "{status} (replaced by a later revision)", status=words)
    return words


def screening_row_text(row: ScreeningSummary, *, me: str, replaced: bool = False) -> str:
    """One line per revision in the person's list."""
    status = status_text(row.status, row.revision, replaced=replaced)
    mine = row.author_id == me
    if row.status is ScreeningStatus.FINALISED and row.finalised_at is not None:
        when = when_text(row.finalised_at)
        event = (tr("Words", "finalised {when} by you", when=when) if mine
                 else tr("Words", "finalised {when} by {user}", when=when, user=row.author_id))
    else:
        day, saved = day_text(row.screening_date), when_text(row.updated_at)
        event = (tr("Words", "started {day}, last saved {when} by you", day=day, when=saved) if mine
                 else tr("Words", "started {day}, last saved {when} by {user}", day=day,
                         when=saved, user=row.author_id))
    extra = ""
    if row.status is not ScreeningStatus.FINALISED and not mine:
        extra = tr("Words", " (a colleague's draft: open it to take it over)")
    elif row.status is not ScreeningStatus.FINALISED:
        extra = tr("Words", " (open to continue)")
    if row.signed_off_by:
        extra += tr("Words", "; signed off by {user}", user=row.signed_off_by)
    return f"{row.form_title}\n{status}: {event}{extra}"
