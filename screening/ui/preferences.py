"""Each user's display preferences (text size, high contrast, easy read, languages), remembered
per user.

They live inside the encrypted station (``services.settings.preferences``), never in a plain
settings file beside it. ``PreferencesController.load()`` runs after a user unlocks: it applies
their text size, contrast and interface language to the running app. From then on every change the
user makes (the Display menu, the easy-read switch, the language switch, the form language) is saved
for them on the database worker.

The interface language is the application's (``ui/i18n.py``): after a login it becomes the
user's saved one, unless someone chose a language on the login screen just before, which is then
saved as theirs. The form language is the one a screening opens in, when the form offers it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from screening.services.settings import UserPreferences
from screening.ui.context import AppContext
from screening.ui.i18n import current_language, language_changed, set_language, take_hand_choice
from screening.ui.tasks import WorkerStoppedError
from screening.ui.theme import ThemeSettings

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
        interface = preferences.interface_language
        if take_hand_choice():
            # Chosen on the login screen just now: that is what this user wants today.
            self._interface_language_changed(current_language())
        elif interface != current_language():
            self._applying = True
            try:
                set_language(interface)
            finally:
                self._applying = False
        self.loaded.emit(self.preferences)

    def _theme_changed(self, settings: object) -> None:
        if self._applying or not self._loaded_for or not isinstance(settings, ThemeSettings):
            return  # nobody's preferences are loaded yet: nothing to remember them for
        self.save(self.preferences.model_copy(update={
            "font_scale": settings.font_scale, "high_contrast": settings.high_contrast}))

    @property
    def form_language(self) -> str:
        """The form language this user last chose."""
        return self.preferences.form_language

    def set_form_language(self, lang: str) -> None:
        if lang != self.preferences.form_language:
            self.save(self.preferences.model_copy(update={"form_language": lang}))

    def _interface_language_changed(self, lang: str) -> None:
        if self._applying or not self._loaded_for:
            return  # applying someone's saved language, or nobody's preferences are loaded yet
        if self.preferences.interface_language != lang:
            self.save(self.preferences.model_copy(update={"interface_language": lang}))

    def set_easy_read(self, on: bool) -> None:
        if on != self.preferences.easy_read:
            self.save(self.preferences.model_copy(update={"easy_read": on}))

    def save(self, preferences: UserPreferences) -> None:
        self.preferences = preferences
        try:
            self.context.gateway.call(
                lambda services: services.settings.save_preferences(preferences=preferences),
                label="save preferences",
                on_error=lambda error: log.info("preferences not saved: %s", type(error).__name__))
        except WorkerStoppedError:
            log.info("preferences not saved: the app is closing")
