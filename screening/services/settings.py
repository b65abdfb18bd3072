"""Station settings the organisation chooses: the idle lock and the retention period.

Kept in the station database (``settings`` table, one JSON value per key), changed by an
administrator, every change audited with its old and new value.
"""

from __future__ import annotations

import json
import logging

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from screening.services import policy
from screening.services.errors import InvalidInputError
from screening.services.session import Session
from screening.store.audit import AuditEvent

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 5
_KEYS = {"idle_minutes": "station.idle_minutes", "retention_days": "station.retention_days"}


class StationSettings(BaseModel):
    """The organisation's choices for this station."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    idle_minutes: int = Field(default=DEFAULT_IDLE_MINUTES, ge=1, le=60)
    """Lock the station after this many minutes without use."""
    retention_days: int | None = Field(default=None, ge=1)
    """Purge finalised records this many days after they were finalised, once the central
    service holds them. None: keep everything (the default until the organisation decides)."""


class UserPreferences(BaseModel):
    """How one user likes the screen: text size, high contrast, easy-read wording, languages.

    Kept per user inside the station database (never in a plain file beside it), keyed by the
    user's id; nothing about the people screened.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    font_scale: float = Field(default=1.0, ge=1.0, le=2.0)
    """Text size (1.0 = 100 %, 2.0 = 200 %)."""
    high_contrast: bool = False
    easy_read: bool = False
    """Show questions in easy-read wording when a screening opens."""
    interface_language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")
    """The language of buttons, menus and headings (a primary subtag: ``en``, ``cy``)."""
    form_language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")
    """The language questions are shown in when a screening opens."""


def _preferences_key(user_id: str) -> str:
    return f"user.{user_id}.preferences"


class SettingsService:
    """Read and change the station settings, and the logged-in user's own preferences."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self) -> StationSettings:
        """The current settings (defaults for anything never set)."""
        db = self._session.db
        values = {}
        for field, key in _KEYS.items():
            text = db.query_value("SELECT value FROM settings WHERE key = ?", (key,))
            if text is not None:
                values[field] = json.loads(text)
        try:
            return StationSettings.model_validate(values)
        except ValidationError:
            log.error("station settings unreadable; using the defaults")
            return StationSettings()

    def update(self, *, settings: StationSettings) -> StationSettings:
        """Save new settings (administrators only); each changed value is audited."""
        session = self._session
        session.require(
            policy.may_manage_station(session.role),
            "Only an administrator can change the station settings.",
        )
        try:
            settings = StationSettings.model_validate(settings.model_dump())
        except ValidationError as exc:
            raise InvalidInputError(
                "These settings are not allowed: " + str(exc.errors()[0]["msg"]) + "."
            ) from None
        current = self.get()
        with session.transaction() as db:
            for field, key in _KEYS.items():
                old, new = getattr(current, field), getattr(settings, field)
                if old == new:
                    continue
                db.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(new)),
                )
                session.audit(
                    AuditEvent.EDIT,
                    subjects={"station": session.station_id},
                    details={"setting": field},
                    values=(old, new),
                )
                log.info("station setting %s changed", field)
        return self.get()

    # --- the logged-in user's preferences ---

    def preferences(self) -> UserPreferences:
        """The logged-in user's display preferences (defaults until they change one)."""
        session = self._session
        text = session.db.query_value(
            "SELECT value FROM settings WHERE key = ?", (_preferences_key(session.user_id),)
        )
        if text is None:
            return UserPreferences()
        try:
            return UserPreferences.model_validate(json.loads(text))
        except (ValidationError, ValueError):
            log.error("display preferences of user %s unreadable; using the defaults", session.user_id)
            return UserPreferences()

    def save_preferences(self, *, preferences: UserPreferences) -> UserPreferences:
        """Remember the logged-in user's display preferences (any role; not audited: they change
        how the screen looks, not a record)."""
        session = self._session
        try:
            checked = UserPreferences.model_validate(preferences.model_dump())
        except ValidationError as exc:
            raise InvalidInputError(
                "These display settings are not allowed: " + str(exc.errors()[0]["msg"]) + "."
            ) from None
        with session.transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_preferences_key(session.user_id), checked.model_dump_json()),
            )
        return checked
