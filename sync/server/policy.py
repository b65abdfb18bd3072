"""Who may do what at the centre: the station's agency and the user's role decide.

This is the one place the service asks. It covers what the sync foundation does today (push and
pull); look-ups of other agencies' records, central users and their roles are later issues and
extend :class:`Action` and the tables here.
"""

from __future__ import annotations

from enum import StrEnum

from screening.domain.enums import Role
from sync.protocol import SYNCED_TYPES, AgencyType


class Action(StrEnum):
    PUSH = "push"
    PULL = "pull"


_STATION_ROLES: dict[AgencyType, frozenset[Role]] = {
    AgencyType.POLICE: frozenset({Role.CUSTODY_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.LIAISON_DIVERSION: frozenset({Role.LD_PRACTITIONER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.PROBATION: frozenset({Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.PRISON: frozenset({Role.LD_PRACTITIONER, Role.SUPERVISOR, Role.ADMIN}),
    AgencyType.COURT: frozenset({Role.LD_PRACTITIONER, Role.PROBATION_OFFICER, Role.SUPERVISOR, Role.ADMIN}),
}
"""The station roles an agency of each type has: a record authored under any other role is refused."""


def roles_for(agency_type: AgencyType) -> frozenset[Role]:
    """The station roles an agency of this type employs."""
    return _STATION_ROLES[agency_type]


def may(agency_type: AgencyType, role: Role, action: Action, resource_type: str | None = None) -> bool:
    """Whether a user in ``role`` at a station of an agency of ``agency_type`` may do ``action``.

    A push writes only into the station's own agency's records (the store enforces that part);
    here it also needs a role the agency has and a type that syncs. A pull (forms, the flag
    registry, the station's own directives) needs a role the agency has.
    """
    if role not in _STATION_ROLES[agency_type]:
        return False
    if action is Action.PUSH:
        return resource_type in SYNCED_TYPES
    return action is Action.PULL
