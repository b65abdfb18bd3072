"""Use cases over an unlocked station: people, screenings, consent, settings, retention, outbox.

Start with ``Services`` (``services.core``). No Qt here; the UI calls these (on its database
worker) and gets pydantic objects back, never database rows.
"""

from screening.services.core import Services
from screening.services.errors import USER_ERRORS, ServiceError
from screening.services.idle import IdleClock
from screening.services.settings import StationSettings, UserPreferences
from screening.services.views import (
    IdentifierEntry,
    OutboxEntry,
    PersonAlert,
    PersonDetails,
    PersonSummary,
    Progress,
    PurgeReport,
    ResumePosition,
    ScreeningSummary,
)

__all__ = [
    "USER_ERRORS",
    "IdentifierEntry",
    "IdleClock",
    "OutboxEntry",
    "PersonAlert",
    "PersonDetails",
    "PersonSummary",
    "Progress",
    "PurgeReport",
    "ResumePosition",
    "ScreeningSummary",
    "ServiceError",
    "Services",
    "StationSettings",
    "UserPreferences",
]
