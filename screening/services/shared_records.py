"""Seen before: what other agencies found about a person, looked up at the central service.

Two steps, so the network never holds the database (and the database never waits for the network):

1. :func:`prepare_lookup` (with the unlocked ``Services``, on the database worker): reads the
   person's PNC ID, NHS number, name and date of birth, and the logged-in user and role, into a
   :class:`LookupQuery`; the opening is audited on the station like any view of the person.
2. :func:`look_up` (anywhere, e.g. the network pool; no database): asks the centre, as that user,
   and returns a :class:`SharedRecords`: the summaries (rendered at the centre by the disclosure
   function for the recipient this station's agency is), the name + date of birth candidates the
   user must confirm before anything of them is shown, or why nothing was checked (offline, not
   enrolled, refused), in words for people.

A confirmed candidate is looked up again with ``confirmed=(candidate_id,)``. The centre audits every
look-up. Nothing about the person is logged here (``LookupQuery`` hides its fields from ``repr``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from screening.domain.enums import IdentifierKind
from screening.services.sync_state import SyncFolder
from screening.store.audit import AuditEvent

if TYPE_CHECKING:
    import httpx

    from screening.services.core import Services
    from sync.protocol import LookupCandidate, SharedSummary

log = logging.getLogger(__name__)

OFFLINE_TEXT = "Offline: not checked."
NOT_ENROLLED_TEXT = "Not connected to the central service: not checked."
NOTHING_TEXT = "Not seen before at another agency."


class LookupState(StrEnum):
    CHECKED = "checked"
    """The centre answered (summaries and candidates may still be empty)."""
    OFFLINE = "offline"
    NOT_ENROLLED = "not_enrolled"
    REFUSED = "refused"


@dataclass(frozen=True)
class LookupQuery:
    """What a look-up sends, as read from the person record (personal data: never logged)."""

    person_id: UUID
    home: Path = field(repr=False)
    user_id: str = field(repr=False)
    role: str = field(repr=False)
    pnc_id: str | None = field(default=None, repr=False)
    nhs_number: str | None = field(default=None, repr=False)
    given_names: str = field(default="", repr=False)
    family_name: str = field(default="", repr=False)
    date_of_birth: date | None = field(default=None, repr=False)

    @property
    def searchable(self) -> bool:
        """Whether there is anything to look up by."""
        return bool(self.pnc_id or self.nhs_number or self.date_of_birth)


@dataclass(frozen=True)
class SharedRecords:
    """The outcome of one look-up."""

    state: LookupState
    summaries: tuple[SharedSummary, ...] = ()
    candidates: tuple[LookupCandidate, ...] = ()
    not_shown: int = 0
    message: str = ""

    @property
    def headline(self) -> str:
        """One calm line for the person's page."""
        if self.state is LookupState.OFFLINE:
            return OFFLINE_TEXT
        if self.state is LookupState.NOT_ENROLLED:
            return NOT_ENROLLED_TEXT
        if self.state is LookupState.REFUSED:
            return self.message
        if self.summaries:
            places = list(dict.fromkeys(s.agency_name for s in self.summaries))
            return "Seen before at " + _and(places) + "."
        if self.candidates:
            return ("A record with the same name and date of birth is held at another agency. "
                    "Confirm it is the same person to see it.")
        return NOTHING_TEXT


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def prepare_lookup(services: Services, *, person_id: UUID) -> LookupQuery:
    """Read what a look-up of this person sends (the person record's opening is audited)."""
    person = services.people.get(person_id=person_id)
    services.session.audit(AuditEvent.SYNC, subjects={"person": str(person_id)},
                           details={"action": "lookup"})
    return LookupQuery(
        person_id=person.id,
        home=services.session.station.files.home,
        user_id=services.user_id,
        role=services.role.value,
        pnc_id=person.identifier(IdentifierKind.PNC_ID),
        nhs_number=person.identifier(IdentifierKind.NHS_NUMBER),
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
    )


def look_up(
    query: LookupQuery,
    *,
    confirmed: tuple[str, ...] = (),
    transport: httpx.BaseTransport | None = None,
) -> SharedRecords:
    """Ask the centre (no database; safe on a network thread). Offline and refusals come back as
    a state with a message, not as exceptions."""
    from sync.client import LookupRefusedError, LookupUnavailableError, lookup
    from sync.protocol import LookupIdentifier, LookupIdentifierKind, LookupRequest

    folder = SyncFolder(query.home)
    if not folder.is_enrolled():
        return SharedRecords(LookupState.NOT_ENROLLED, message=NOT_ENROLLED_TEXT)
    identifiers = []
    if query.pnc_id:
        identifiers.append(LookupIdentifier(kind=LookupIdentifierKind.PNC_ID, value=query.pnc_id))
    if query.nhs_number:
        identifiers.append(LookupIdentifier(kind=LookupIdentifierKind.NHS_NUMBER, value=query.nhs_number))
    request = LookupRequest(
        identifiers=tuple(identifiers),
        given_names=query.given_names if query.date_of_birth else "",
        family_name=query.family_name if query.date_of_birth else "",
        date_of_birth=query.date_of_birth,
        confirmed=confirmed,
    )
    try:
        response = lookup(folder, user_id=query.user_id, role=query.role, request=request,
                          transport=transport)
    except LookupUnavailableError:
        return SharedRecords(LookupState.OFFLINE, message=OFFLINE_TEXT)
    except LookupRefusedError as exc:
        log.info("lookup for person %s refused (%s)", query.person_id,
                 exc.reason.value if exc.reason else exc.status)
        return SharedRecords(LookupState.REFUSED, message=_refusal_words(exc))
    return SharedRecords(LookupState.CHECKED, summaries=response.summaries,
                         candidates=response.candidates, not_shown=response.not_shown)


def _refusal_words(error: Exception) -> str:
    from sync.protocol import SyncError

    reason = getattr(error, "reason", None)
    if reason in (SyncError.USER_REVOKED, SyncError.STATION_REVOKED):
        return "Not checked: the central service has withdrawn access. Ask your administrator."
    if reason is SyncError.ROLE_NOT_ALLOWED:
        return "Not checked: your role does not look people up at the central service."
    return "Not checked: the central service did not accept the look-up. Try again later."
