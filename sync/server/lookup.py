"""Shared summaries: a logged-in user at one agency's station looks a person up, and sees what other
agencies found, within the law (DESIGN.md, "Sharing across agencies").

* A PNC ID or NHS number matches directly. A name + date of birth match is answered with a
  candidate only (the holding agency's name, nothing about the person); its summaries come back
  when the user confirms it is the same person and looks up again with the candidate named in
  ``confirmed`` (the name and date of birth are checked again, so a candidate id alone opens
  nothing).
* Only other agencies' records, and of each chain of revisions only the latest (an amendment
  replaces what it amends). Each is rendered by the one disclosure function
  (:func:`screening.services.disclosure.disclosure_view`) for the recipient the looking-up agency
  is, as a disclosable summary, with the consents recorded on the chain as they stand now: a
  Consent's latest synced version governs, so a withdrawal withdraws what it allowed from the next
  look-up on. No legal basis is relied on here (a legal basis is recorded for one disclosure, by
  the agency making it), so confidential detail reaches another agency only on consent, or as the
  disclosure function's rule for health staff says.
* Every look-up answered is written to ``lookup_audit`` (who: station, agency, user, role; what was
  matched: how, and the Patient ids; what was returned: each revision with the items shown and the
  consents relied on), and to the access log; every refusal to the access log.

Nothing about the person looked up is logged: the log lines carry the station and counts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.engine import Connection

from screening.checklist.loader import CompiledForm, FormLibrary
from screening.domain.enums import Role
from screening.domain.models import Consent, RaisedFlag, Screening
from screening.domain.reference import normalise_identifier
from screening.interop.importers import (
    RecordImportError,
    import_consent,
    import_flag,
    import_patient,
    import_revision,
)
from screening.services.disclosure import DisclosureView, DocumentKind, disclosure_view
from screening.services.errors import ServiceError as DomainServiceError
from sync.protocol import (
    AgencyType,
    LookupCandidate,
    LookupRequest,
    LookupResponse,
    MatchKind,
    SharedFlag,
    SharedItem,
    SharedPerson,
    SharedScore,
    SharedSummary,
    SyncError,
)
from sync.server.db import (
    agencies,
    as_utc,
    lookup_audit,
    lookup_keys,
    lookup_links,
    resources,
    station_user_revocations,
    stations,
    utcnow,
)
from sync.server.forms import form_of, shipped_forms_root
from sync.server.lookup_index import DIRECT_KINDS, KeyKind, key_hash, name_dob_value
from sync.server.policy import Action, may
from sync.server.service import ServiceError, Station, in_transaction, record_access

log = logging.getLogger(__name__)

_LIBRARY: FormLibrary | None = None
_LIBRARY_LOCK = threading.Lock()


def form_library() -> FormLibrary:
    """The forms shipped with the software, loaded once per process (what the centre renders)."""
    global _LIBRARY
    with _LIBRARY_LOCK:
        if _LIBRARY is None:
            _LIBRARY = FormLibrary.load(shipped_forms_root())
        return _LIBRARY


@dataclass(frozen=True)
class _Match:
    patient_id: str
    agency_id: str
    kind: MatchKind


def _refuse(engine: Engine, error: ServiceError, *, station: Station, user_id: str | None,
            role: str | None) -> ServiceError:
    def write(connection: Connection) -> None:
        record_access(connection, action="lookup", outcome="refused", station=station, user_id=user_id,
                      role=role, detail=error.reason.value)

    in_transaction(engine, write)
    log.info("lookup refused for station %s: %s", station.id, error.reason.value)
    return error


def _authorise(engine: Engine, station: Station, user_id: str | None, role: str | None) -> Role:
    if not user_id or not role:
        raise _refuse(engine, ServiceError(
            401, SyncError.USER_MISSING,
            "Looking a person up needs a logged-in user: send X-Waypoint-User and X-Waypoint-Role."),
            station=station, user_id=user_id, role=role)
    try:
        user_role = Role(role)
    except ValueError:
        raise _refuse(engine, ServiceError(400, SyncError.ROLE_INVALID,
                                           "X-Waypoint-Role is not a known role"),
                      station=station, user_id=user_id, role=None) from None
    if not may(station.agency_type, user_role, Action.LOOKUP):
        raise _refuse(engine, ServiceError(
            403, SyncError.ROLE_NOT_ALLOWED,
            f"A {user_role.value} may not look people up through a {station.agency_type.value} station."),
            station=station, user_id=user_id, role=role)
    with engine.connect() as connection:
        revoked = connection.execute(
            select(station_user_revocations.c.user_id).where(
                station_user_revocations.c.station_id == station.id,
                station_user_revocations.c.user_id == user_id,
            )
        ).first()
    if revoked is not None:
        raise _refuse(engine, ServiceError(
            403, SyncError.USER_REVOKED, "This user has been revoked at the central service."),
            station=station, user_id=user_id, role=role)
    return user_role


def _request_keys(request: LookupRequest) -> tuple[list[tuple[KeyKind, str]], str | None]:
    """The direct keys and the name + date of birth key of a request. An identifier that does not
    validate matches nothing (only valid ones are indexed), and neither does a request with nothing
    to look up by: both are answered, empty, and audited like any other look-up."""
    direct: list[tuple[KeyKind, str]] = []
    for identifier in request.identifiers:
        kind = next(k for k, v in DIRECT_KINDS.items() if v.value == identifier.kind.value)
        try:
            value = normalise_identifier(kind, identifier.value)
        except ValueError:
            continue
        direct.append((DIRECT_KINDS[kind], key_hash(DIRECT_KINDS[kind], value)))
    name_key = None
    if request.date_of_birth is not None:
        named = name_dob_value(request.given_names, request.family_name, request.date_of_birth)
        name_key = key_hash(KeyKind.NAME_DOB, named) if named else None
    return direct, name_key


def _matches(connection: Connection, station: Station, direct: list[tuple[KeyKind, str]],
             name_key: str | None) -> tuple[list[_Match], list[_Match]]:
    """(shown, candidates): patients of other agencies matched directly, and those matched by
    name + date of birth only."""
    others = lookup_keys.c.agency_id != station.agency_id
    shown: dict[str, _Match] = {}
    for kind, digest in direct:
        for row in connection.execute(
            select(lookup_keys.c.patient_id, lookup_keys.c.agency_id).where(
                lookup_keys.c.kind == kind.value, lookup_keys.c.key_hash == digest, others)
        ):
            shown.setdefault(row.patient_id, _Match(row.patient_id, row.agency_id, MatchKind.IDENTIFIER))
    candidates: dict[str, _Match] = {}
    if name_key is not None:
        for row in connection.execute(
            select(lookup_keys.c.patient_id, lookup_keys.c.agency_id).where(
                lookup_keys.c.kind == KeyKind.NAME_DOB.value, lookup_keys.c.key_hash == name_key, others)
        ):
            if row.patient_id not in shown:
                candidates[row.patient_id] = _Match(row.patient_id, row.agency_id, MatchKind.NAME_DOB)
    return sorted(shown.values(), key=lambda m: m.patient_id), sorted(
        candidates.values(), key=lambda m: m.patient_id)


def _bodies(connection: Connection, resource_type: str, ids: Iterable[str]) -> dict[str, Any]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(
        select(resources.c.resource_id, resources.c.body, resources.c.version, resources.c.author_role,
               resources.c.station_id, resources.c.received_at).where(
            resources.c.resource_type == resource_type, resources.c.resource_id.in_(wanted))
    ).all()
    return {row.resource_id: row for row in rows}


@dataclass(frozen=True)
class _Chain:
    latest: str
    members: tuple[str, ...]
    """Every revision of the chain the centre holds, oldest first."""


def _chains(connection: Connection, patient_ids: Sequence[str]) -> dict[str, list[_Chain]]:
    """Each patient's chains of revisions, by their latest revision."""
    rows = connection.execute(
        select(lookup_links.c.resource_id, lookup_links.c.patient_id, lookup_links.c.replaces_id).where(
            lookup_links.c.resource_type == "QuestionnaireResponse",
            lookup_links.c.patient_id.in_(sorted(set(patient_ids))))
    ).all()
    by_patient: dict[str, dict[str, str | None]] = {}
    for row in rows:
        by_patient.setdefault(row.patient_id, {})[row.resource_id] = row.replaces_id
    chains: dict[str, list[_Chain]] = {}
    for patient_id, replaces in by_patient.items():
        replaced = {r for r in replaces.values() if r}
        for latest in sorted(r for r in replaces if r not in replaced):
            members = [latest]
            seen = {latest}
            previous = replaces.get(latest)
            while previous and previous in replaces and previous not in seen:
                members.append(previous)
                seen.add(previous)
                previous = replaces.get(previous)
            chains.setdefault(patient_id, []).append(_Chain(latest, tuple(reversed(members))))
    return chains


def _links_of(
    connection: Connection, resource_type: str, response_ids: Iterable[str]
) -> dict[str, list[str]]:
    wanted = sorted(set(response_ids))
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    for row in connection.execute(
        select(lookup_links.c.resource_id, lookup_links.c.response_id).where(
            lookup_links.c.resource_type == resource_type, lookup_links.c.response_id.in_(wanted))
    ):
        found.setdefault(row.response_id, []).append(row.resource_id)
    return found


def _summary(view: DisclosureView, *, agency_name: str, agency_type: AgencyType, site: str,
             match: MatchKind, author_role: str) -> SharedSummary:
    """The wire form of a view: what a summary prints. The codes of withheld items (kept in a view
    for the holding station's disclosure log) never leave the centre."""
    return SharedSummary(
        revision_id=str(view.revision_id),
        agency_name=agency_name,
        agency_type=agency_type,
        site=site,
        match=match,
        recipient=view.recipient,
        person=SharedPerson(display_name=view.person.display_name, date_of_birth=view.person.date_of_birth,
                            age_in_doubt=view.person.age_in_doubt, identifiers=view.person.identifiers),
        form_title=view.form_title,
        form_id=view.form_id,
        form_version=view.form_version,
        screening_date=view.screening_date,
        revision=view.revision,
        amended_revision=view.replaces is not None,
        finalised_at=view.finalised_at,
        author_role=author_role,
        full_record=view.full_record,
        flags=tuple(SharedFlag(code=f.code, level=f.level.value, label=f.label, definition=f.definition,
                               reasons=tuple(r.text for r in f.reasons)) for f in view.flags),
        adjustments=tuple(a.text for a in view.adjustments),
        items=tuple(SharedItem(code=i.code, section=i.section, question=i.question, answer=i.answer,
                               presentation=i.presentation.value, basis=i.basis.value, kind=i.kind.value)
                    for i in view.items if i.answered),
        scores=tuple(SharedScore(label=s.label, value=s.value, band=s.band) for s in view.scores),
        withheld=tuple(dict.fromkeys(g.reason for g in view.withheld)),
        consent_statement=view.consent_statement,
        legal_basis_statement=view.legal_basis_statement,
    )


def _render(connection: Connection, station: Station, matches: Sequence[_Match],
            at: datetime) -> tuple[list[SharedSummary], list[dict[str, Any]], int]:
    """The summaries of the matched patients' latest revisions, their audit entries, and how many
    revisions could not be rendered."""
    if not matches:
        return [], [], 0
    library = form_library()
    match_of = {m.patient_id: m for m in matches}
    chains = _chains(connection, list(match_of))
    latest_ids = [c.latest for cs in chains.values() for c in cs]
    chain_ids = [r for cs in chains.values() for c in cs for r in c.members]
    responses = _bodies(connection, "QuestionnaireResponse", chain_ids)
    patients = _bodies(connection, "Patient", list(match_of))
    flag_ids = _links_of(connection, "Flag", latest_ids)
    consent_ids = _links_of(connection, "Consent", chain_ids)
    flags = _bodies(connection, "Flag", [f for fs in flag_ids.values() for f in fs])
    consents = _bodies(connection, "Consent", [c for cs in consent_ids.values() for c in cs])
    agency_rows = {row.id: row for row in connection.execute(select(agencies.c.id, agencies.c.name,
                                                                    agencies.c.type))}
    site_of = {row.id: row.site for row in connection.execute(
        select(stations.c.id, stations.c.site).where(
            stations.c.id.in_(sorted({r.station_id for r in responses.values()}))))}
    recipient = station.agency_type.recipient
    summaries: list[SharedSummary] = []
    audit: list[dict[str, Any]] = []
    not_shown = 0
    for patient_id, patient_chains in sorted(chains.items()):
        match = match_of[patient_id]
        patient_row = patients.get(patient_id)
        if patient_row is None:
            not_shown += len(patient_chains)
            continue
        agency = agency_rows[match.agency_id]
        for chain in patient_chains:
            row = responses.get(chain.latest)
            try:
                if row is None:
                    raise RecordImportError("the revision is not held")
                named = form_of(row.body)
                form: CompiledForm | None = library.forms.get(named) if named else None
                if form is None:
                    raise RecordImportError("the form version is not known here")
                person = import_patient(patient_row.body, recorded_at=as_utc(patient_row.received_at),
                                        version=int(patient_row.version))
                raised: list[RaisedFlag] = [import_flag(flags[f].body) for f in
                                            sorted(flag_ids.get(chain.latest, [])) if f in flags]
                revision = import_revision(row.body, form, flags=raised, registry=library.registry)
                earlier: list[Screening] = []
                for member in chain.members[:-1]:
                    member_row = responses.get(member)
                    if member_row is not None and form_of(member_row.body) == named:
                        earlier.append(import_revision(member_row.body, form, registry=library.registry))
                decisions: list[Consent] = sorted(
                    (import_consent(consents[c].body, version=int(consents[c].version))
                     for member in chain.members for c in consent_ids.get(member, []) if c in consents),
                    key=lambda c: (c.decided_at, str(c.id)))
                view = disclosure_view(
                    screening=revision, form=form, registry=library.registry, person=person,
                    recipient=recipient, consents=decisions, legal_basis=None, agency=agency.name,
                    at=at, document=DocumentKind.SHARED_SUMMARY, revisions=[*earlier, revision],
                )
            except (RecordImportError, DomainServiceError, KeyError, ValueError) as exc:
                log.warning("lookup: revision %s not rendered (%s)", chain.latest, type(exc).__name__)
                not_shown += 1
                continue
            summaries.append(_summary(view, agency_name=agency.name, agency_type=AgencyType(agency.type),
                                      site=site_of.get(row.station_id, ""), match=match.kind,
                                      author_role=row.author_role))
            audit.append({"revision": chain.latest, "patient": patient_id, "agency": match.agency_id,
                          "items": list(view.items_included),
                          "consents": [str(c) for c in view.consents_relied_on],
                          "full_record": view.full_record})
    return summaries, audit, not_shown


def lookup(engine: Engine, *, station: Station, user_id: str | None, role: str | None,
           request: LookupRequest) -> LookupResponse:
    """Look a person up for a logged-in user of ``station`` (see the module docstring)."""
    _authorise(engine, station, user_id, role)
    assert user_id is not None and role is not None
    direct, name_key = _request_keys(request)
    confirmed = set(request.confirmed)

    def work(connection: Connection) -> LookupResponse:
        at = utcnow()
        shown, by_name = _matches(connection, station, direct, name_key)
        to_show = [*shown, *(m for m in by_name if m.patient_id in confirmed)]
        pending = [m for m in by_name if m.patient_id not in confirmed]
        summaries, returned, not_shown = _render(connection, station, to_show, at)
        names = {row.id: row for row in connection.execute(
            select(agencies.c.id, agencies.c.name, agencies.c.type).where(
                agencies.c.id.in_(sorted({m.agency_id for m in pending}))))} if pending else {}
        candidates = tuple(
            LookupCandidate(candidate_id=m.patient_id, agency_name=names[m.agency_id].name,
                            agency_type=AgencyType(names[m.agency_id].type))
            for m in pending)
        matched = [{"by": "identifier" if m.kind is MatchKind.IDENTIFIER else "name_dob",
                    "patient": m.patient_id, "agency": m.agency_id,
                    "shown": m in to_show} for m in [*shown, *by_name]]
        connection.execute(insert(lookup_audit).values(
            at=at, station_id=station.id, agency_id=station.agency_id, user_id=user_id, role=role,
            recipient=station.agency_type.recipient.value, matched=matched, returned=returned,
            candidates=len(candidates)))
        record_access(connection, action="lookup", outcome="ok", station=station, user_id=user_id,
                      role=role, detail=f"matched={len(matched)} summaries={len(summaries)} "
                                        f"candidates={len(candidates)} not_shown={not_shown}")
        return LookupResponse(looked_up_at=at, recipient=station.agency_type.recipient,
                              summaries=tuple(summaries), candidates=candidates, not_shown=not_shown)

    response = in_transaction(engine, work)
    log.info("lookup by station %s: summaries=%d candidates=%d", station.id, len(response.summaries),
             len(response.candidates))
    return response
