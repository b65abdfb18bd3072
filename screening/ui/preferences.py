"""Each user's display preferences (text size, high contrast, easy read, languages), remembered
per user.

They live inside the encrypted station (``services.settings.preferences``), never in a plain
settings file beside it. ``PreferencesController.load()`` runs after a user unlocks: it applies
their text size, contrast and interface language to the running app. From then on every change the
user makes (the Display menu, the easy-read switch, the language switch, the form language) is saved
for them on the database worker.

The languages are remembered once ``UserPreferences`` has the fields ``interface_language`` and
``form_language`` (``screening/services/settings.py``); until then they apply to the session only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from screening.services.settings import UserPreferences
from screening.ui.context import AppContext
from screening.ui.i18n import current_language, language_changed, set_language
from screening.ui.theme import ThemeSettings

LANGUAGE_FIELDS = ("interface_language", "form_language")


def remembers_languages() -> bool:
    """Whether the station keeps each user's languages (the services' preferences model has
    the fields)."""
    return all(name in UserPreferences.model_fields for name in LANGUAGE_FIELDS)

log = logging.getLogger(__name__)


class PreferencesController(QObject):
    """Loads, applies and saves the logged-in user's preferences."""

    loaded = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preferences = UserPreferences()
        self._applying = False
        self._loaded_for = ""
        if context.theme is not None:
            context.theme.theme_changed.connect(self._theme_changed)
        language_changed().connect(self._interface_language_changed)

    def load(self) -> None:
        """Reads the user's preferences (on the worker) and applies them."""
        self.context.gateway.call(
            lambda services: (services.user_id, services.settings.preferences()),
            label="load preferences", on_done=self._apply,
            on_error=lambda error: log.info("preferences not loaded: %s", type(error).__name__))

    def _apply(self, loaded: tuple[str, UserPreferences]) -> None:
        user_id, preferences = loaded
        self._loaded_for = user_id
        self.preferences = preferences
        theme = self.context.theme
        if theme is not None:
            self._applying = True
            try:
                theme.apply(ThemeSettings(font_scale=preferences.font_scale,
                                          high_contrast=preferences.high_contrast))
            finally:
                self._applying = False
        interface = getattr(preferences, "interface_language", None)
        if isinstance(interface, str) and interface != current_language():
            self._applying = True
            try:
                set_language(interface)
            finally:
                self._applying = False
        self.loaded.emit(preferences)

    def _theme_changed(self, settings: object) -> None:
        if self._applying or not self._loaded_for or not isinstance(settings, ThemeSettings):
            return  # nobody's preferences are loaded yet: nothing to remember them for
        self.save(self.preferences.model_copy(update={
            "font_scale": settings.font_scale, "high_contrast": settings.high_contrast}))

    @property
    def form_language(self) -> str | None:
        """The form language this user last chose (None: not remembered)."""
        lang = getattr(self.preferences, "form_language", None)
        return lang if isinstance(lang, str) else None

    def set_form_language(self, lang: str) -> None:
        if remembers_languages() and lang != self.form_language:
            self.save(self.preferences.model_copy(update={"form_language": lang}))

    def _interface_language_changed(self, lang: str) -> None:
        if self._applying or not self._loaded_for or not remembers_languages():
            return
        if getattr(self.preferences, "interface_language", None) != lang:
            self.save(self.preferences.model_copy(update={"interface_language": lang}))

    def set_easy_read(self, on: bool) -> None:
        if on != self.preferences.easy_read:
            self.save(self.preferences.model_copy(update={"easy_read": on}))

    def save(self, preferences: UserPreferences) -> None:
        self.preferences = preferences
        self.context.gateway.call(
            lambda services: services.settings.save_preferences(preferences=preferences),
            label="save preferences",
            on_error=lambda error: log.info("preferences not saved: %s", type(error).__name__))
