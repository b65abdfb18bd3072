"""Who may do what at the centre: the station's agency and the user's role decide.

This is the one place the service asks. It covers push, pull and look-up (central users are
authorised by the reporting pages).

* A station's users have the roles its agency employs (:data:`_STATION_ROLES`); a record authored,
  or a pull made, under any other role is refused.
* Administrators manage stations; they do not screen and do not open people's records
  (DESIGN.md), so the only record an administrator writes is an audit anchor (``AuditEvent``).
* A QuestionnaireResponse is written only for a form version the centre knows, by a role the form
  lists, at an agency whose type fits the form's stage (a custody screen at a police station, a
  pre-sentence report section at probation or court, ...).
* Flags, people, consents and disclosure records are written by any screening role of the agency.
* A pull (forms, the flag registry, this station's own directives) needs a role the agency has.
* A look-up of a person (other agencies' shared summaries) needs a screening role the agency has:
  administrators do not open people's records, so they do not look people up either. What a
  look-up returns is decided by the disclosure function for the recipient the agency is.
"""

from __future__ import annotations

from enum import StrEnum

from screening.domain.enums import Role, Stage
from sync.protocol import SYNCED_TYPES, AgencyType
from sync.server.forms import FormRule


class Action(StrEnum):
    PUSH = "push"
    PULL = "pull"
    LOOKUP = "lookup"


_STATION_ROLES: dict[AgencyType, frozenset[Role]] = {
    AgencyType.POLICE: frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.LIAISON_DIVERSION: frozenset({Role.LD_PRACTITIONER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.PROBATION: frozenset({Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.PRISON: frozenset({Role.LD_PRACTITIONER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.COURT: frozenset({Role.LD_PRACTITIONER, Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
}
"""The station roles an agency of each type has: a record authored under any other role is refused."""

_STAGE_AGENCIES: dict[Stage, frozenset[AgencyType]] = {
    Stage.CUSTODY: frozenset({AgencyType.POLICE}),
    Stage.COURT: frozenset({AgencyType.LIAISON_DIVERSION, AgencyType.COURT}),
    Stage.PROBATION: frozenset({AgencyType.PROBATION, AgencyType.COURT}),
    Stage.PRISON: frozenset({AgencyType.PRISON}),
    Stage.ANY: frozenset(AgencyType),
}
"""Where a form of each stage is taken."""

ANCHOR_TYPE = "AuditEvent"
RESPONSE_TYPE = "QuestionnaireResponse"


def roles_for(agency_type: AgencyType) -> frozenset[Role]:
    """The station roles an agency of this type employs."""
    return _STATION_ROLES[agency_type]


def may(
    agency_type: AgencyType,
    role: Role,
    action: Action,
    resource_type: str | None = None,
    *,
    form: FormRule | None = None,
) -> bool:
    """Whether a user in ``role`` at a station of an agency of ``agency_type`` may do ``action``.

    For a push, ``resource_type`` is what is written and, for a QuestionnaireResponse, ``form`` the
    rule of the form version it answers (None: a form the centre does not know, refused). A push
    writes only into the station's own agency's records (the store enforces that part).
    """
    if role not in _STATION_ROLES[agency_type]:
        return False
    if action is Action.PULL:
        return True
    if action is Action.LOOKUP:
        return role is not Role.ADMIN
    if action is not Action.PUSH or resource_type not in SYNCED_TYPES:
        return False
    if resource_type == ANCHOR_TYPE:
        return True
    if role is Role.ADMIN:
        return False
    if resource_type == RESPONSE_TYPE:
        return form is not None and role in form.roles and agency_type in _STAGE_AGENCIES[form.stage]
    return True
