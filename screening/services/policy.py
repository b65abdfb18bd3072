"""Who may do what on the station: the role rules, in one place.

- Administrators manage the station (users, settings, retention); they do not screen, and they do
  not open people's records or screenings, whatever a form's ``roles`` list says.
- Everyone else may find, create and edit person records (a screening starts from one).
- A form may be started by the roles its definition lists (``form.definition.roles``), except
  administrators.
- A screening may be opened by its author, by whoever finalised it, by a supervisor (they sign
  off), by an L&D practitioner (health staff see the full record, DESIGN.md "People, recipients and
  consent"), and by the other roles the form was written for (a custody officer opens the custody
  screens of the suite). A probation officer does not open an L&D court screen: what may reach
  them goes through the disclosure function.
- Only the author changes a draft; another user of the *same role* may take it over first.
- A supervisor signs off a finalised revision that someone else finalised.
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.checklist.loader import CompiledForm, FormLibrary
from screening.domain.enums import Role, ScreeningStatus
from screening.domain.models import Screening

SCREENING_ROLES = frozenset(
    {Role.CUSTODY_OFFICER, Role.LD_PRACTITIONER, Role.PROBATION_OFFICER, Role.SUPERVISOR}
)
"""Roles that screen people (every role but admin)."""

FULL_RECORD_ROLES = frozenset({Role.SUPERVISOR, Role.LD_PRACTITIONER})
"""Roles that may open any screening on the station."""


def may_handle_people(role: Role) -> bool:
    """Find, open, create and edit person records."""
    return role in SCREENING_ROLES


def may_start(role: Role, form: CompiledForm) -> bool:
    """Start a screening with ``form``."""
    return role in SCREENING_ROLES and role in form.definition.roles


def may_open(
    role: Role,
    user_id: str,
    *,
    involved: Iterable[str | None],
    form_roles: Iterable[Role],
) -> bool:
    """Open (read) a screening; ``involved`` are the ids of its author, who started it and who
    finalised it; ``form_roles`` are the roles its form version lists."""
    if role not in SCREENING_ROLES:
        return False
    if user_id in set(involved):
        return True
    return role in FULL_RECORD_ROLES or role in set(form_roles)


def may_take_over(role: Role, author_role: Role | None, form_roles: Iterable[Role]) -> bool:
    """Take over a draft whose author has ``author_role`` (None: the author was removed)."""
    return role in SCREENING_ROLES and role in set(form_roles) and (
        author_role is None or author_role == role
    )


def may_sign_off(role: Role, user_id: str, screening: Screening) -> bool:
    """Sign off a finalised revision."""
    return (
        role is Role.SUPERVISOR
        and screening.status is ScreeningStatus.FINALISED
        and screening.finalised_by != user_id
    )


def may_manage_station(role: Role) -> bool:
    """Change station settings (idle lock, retention)."""
    return role is Role.ADMIN


def visible_form_ids(role: Role, library: FormLibrary) -> frozenset[str]:
    """Ids of the forms whose screenings ``role`` may open beyond their own (see ``may_open``)."""
    if role not in SCREENING_ROLES:
        return frozenset()
    return frozenset(
        form.id
        for form in library.forms.values()
        if role in FULL_RECORD_ROLES or role in form.definition.roles
    )
