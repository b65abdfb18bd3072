"""The interface language (English or Welsh), the Qt way: Qt Linguist catalogues and a translator.

Interface text goes through ``tr(context, source, **values)``: ``QCoreApplication.translate`` on
the source text, then ``str.format`` with the values. The Welsh catalogue is
``resources/translations/qt/screening_cy.ts`` (the source), compiled by ``pyside6-lrelease`` to
``screening_cy.qm`` (committed beside it, and shipped with ``resources/``); ``catalogue.py`` in
that folder gathers every ``tr`` call of ``screening/ui`` into the ``.ts`` and compiles it, and a
test checks both are up to date. Form content (questions, options, "why we ask") does not come
from here: it comes from the form files, in the form language the wizard shows.

``set_language("cy")`` installs a ``QTranslator`` with the Welsh catalogue; ``set_language("en")``
removes it. Then every widget on screen is retranslated *in place*: each text that ``tr`` produced
(labels, buttons, titles, placeholders, tool tips, accessible names and descriptions, combo box
items, tab titles, actions and menus) is looked up and set again in the new language, and table
headers and rows are redrawn. Nothing is rebuilt, so no page loses its state and no answer is
lost. Texts made of several ``tr`` results, or filled in later by a controller, follow at their
next update; controllers that keep such text on screen listen to ``language_changed``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QPushButton

from screening.paths import resource_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView, QWidget

log = logging.getLogger(__name__)

LANGUAGES: dict[str, str] = {"en": "English", "cy": "Cymraeg"}
"""The interface languages, each named in itself."""
SOURCE_LANGUAGE = "en"
CATALOGUE_FOLDER = ("resources", "translations", "qt")
_KNOWN_LIMIT = 20000

Key = tuple[str, str, tuple[tuple[str, Any], ...]]


def catalogue_path(lang: str, suffix: str = ".qm") -> str:
    return str(resource_path(*CATALOGUE_FOLDER, f"screening_{lang}{suffix}"))


class _Language(QObject):
    language_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.lang = SOURCE_LANGUAGE
        self.chosen_by_hand = False
        """The language switch was used since the last session began (the choice made on the
        login screen wins over the language the user had saved)."""
        self.translator: QTranslator | None = None
        # Every text tr() produced, in any language, and what it was made from: this is how a
        # text already on screen is found again and set in the new language.
        self.known: OrderedDict[str, Key] = OrderedDict()


_state: _Language | None = None


def _language() -> _Language:
    global _state
    if _state is None:
        _state = _Language()
    return _state


def language_changed() -> Any:
    """The signal (``str``: the new language) emitted after the interface language changed."""
    return _language().language_changed


def current_language() -> str:
    return _language().lang


def tr(context: str, source: str, /, **values: Any) -> str:
    """``source`` in the interface language, with ``{name}`` placeholders filled from ``values``.

    ``context`` groups the texts of one screen in the catalogue (a translator sees them together).
    Both arguments must be string literals so that ``catalogue.py`` can find them.
    """
    key: Key = (context, source, tuple(sorted(values.items())))
    return _render(key)


def translatable(context: str, source: str, /) -> str:
    """Marks ``source`` for the catalogue and returns it unchanged, in English: for texts made
    elsewhere (the services' messages) that ``translated`` looks up when they are shown.
    Both arguments must be string literals, as for ``tr``."""
    return source


def translated(context: str, source: str) -> str:
    """``source`` (marked with ``translatable``) in the interface language."""
    return _render((context, source, ()))


def _render(key: Key) -> str:
    context, source, values = key
    text = QCoreApplication.translate(context, source)
    if values:
        try:
            text = text.format(**dict(values))
        except (KeyError, IndexError, ValueError):
            log.warning("translation of %r in %s does not fit its values", source, context)
            text = source.format(**dict(values))
    state = _language()
    state.known[text] = key
    state.known.move_to_end(text)
    while len(state.known) > _KNOWN_LIMIT:
        state.known.popitem(last=False)
    return text


def error_text(message: str) -> str:
    """"Error: <message>" (never colour alone says that something is wrong)."""
    return tr("Common", "Error: {message}", message=message)


def take_hand_choice() -> bool:
    """True once if someone used the language switch since this was last asked (a session
    starting asks: a language chosen on the login screen is kept, not replaced by the saved
    one)."""
    state = _language()
    chosen, state.chosen_by_hand = state.chosen_by_hand, False
    return chosen


def forget_texts() -> None:
    """Drops the remembered texts made with values (at the end of a session: some carry names);
    plain texts stay, so the screens that outlive a session (login, lock) still switch."""
    known = _language().known
    for text in [text for text, (_context, _source, values) in known.items() if values]:
        del known[text]


def set_language(lang: str) -> bool:
    """Makes ``lang`` the interface language and retranslates every widget on screen.

    Returns False (and changes nothing) if there is no catalogue for ``lang``."""
    if lang not in LANGUAGES:
        return False
    state = _language()
    if lang == state.lang:
        return True
    app = QCoreApplication.instance()
    translator: QTranslator | None = None
    if lang != SOURCE_LANGUAGE:
        translator = QTranslator(app)
        if not translator.load(catalogue_path(lang)):
            log.error("the %s interface catalogue could not be loaded", lang)
            return False
    if state.translator is not None:
        QCoreApplication.removeTranslator(state.translator)
        state.translator.deleteLater()
    state.translator = translator
    if translator is not None:
        QCoreApplication.installTranslator(translator)
    state.lang = lang
    QLocale.setDefault(QLocale(QLocale.Language.Welsh if lang == "cy" else QLocale.Language.English,
                               QLocale.Country.UnitedKingdom))
    retranslate_all()
    state.language_changed.emit(lang)
    log.info("interface language: %s", lang)
    return True


# --- retranslating what is on screen --------------------------------------------------------------


def again(text: str) -> str:
    """``text`` in the current language, if ``tr`` made it; else ``text`` unchanged."""
    key = _language().known.get(text)
    if key is None:
        return text
    context, source, values = key
    # A value that tr made too ("{label}, again") follows into the new language.
    values = tuple((name, again(value) if isinstance(value, str) and value != text else value)
                   for name, value in values)
    return _render((context, source, values))


def retranslate_all() -> None:
    """Retranslates every widget of the application (see the module docstring)."""
    if not isinstance(QCoreApplication.instance(), QApplication):
        return
    for widget in QApplication.allWidgets():
        retranslate(widget)


def retranslate(widget: QWidget) -> None:
    """Sets each text of ``widget`` that ``tr`` made again, in the current language."""
    # Imported here, not with the module: only a language switch needs them (the login window
    # shows sooner without them; tests/unit/test_startup_imports.py).
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QTabWidget,
        QTextEdit,
    )

    _swap(widget.windowTitle, widget.setWindowTitle)
    _swap(widget.toolTip, widget.setToolTip)
    _swap(widget.accessibleName, widget.setAccessibleName)
    _swap(widget.accessibleDescription, widget.setAccessibleDescription)
    if isinstance(widget, QLabel | QAbstractButton) and _swap(widget.text, widget.setText):
        _relayout(widget)
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        _swap(widget.placeholderText, widget.setPlaceholderText)
    if isinstance(widget, QGroupBox):
        _swap(widget.title, widget.setTitle)
    if isinstance(widget, QMenu):
        _swap(widget.title, widget.setTitle)
    for action in widget.actions():
        _swap(action.text, action.setText)
        _swap(action.toolTip, action.setToolTip)
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            text = widget.itemText(index)
            new = again(text)
            if new != text:
                widget.setItemText(index, new)
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            text = widget.tabText(index)
            new = again(text)
            if new != text:
                widget.setTabText(index, new)
    if isinstance(widget, QAbstractItemView):
        _redraw(widget)


def _swap(getter: Any, setter: Any) -> bool:
    text = getter()
    if text:
        new = again(text)
        if new != text:
            setter(new)
            return True
    return False


def _relayout(widget: QWidget) -> None:
    """A text of another length: every layout up to the window works its sizes out again
    (word-wrapped labels inside buttons, and flow layouts, cache their heights)."""
    current: QWidget | None = widget
    while current is not None:
        layout = current.layout()
        if layout is not None:
            layout.invalidate()
        current.updateGeometry()
        if current.isWindow():
            break
        current = current.parentWidget()


def _redraw(view: QAbstractItemView) -> None:
    """Table models compute their words when asked: ask again."""
    model = view.model()
    if model is None:
        return
    columns, rows = model.columnCount(), model.rowCount()
    if columns:
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    if rows and columns:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, columns - 1))


# --- the switch ---------------------------------------------------------------------------------


def language_button_text(lang: str) -> str:
    """The language switch names the other language, in that language (as Welsh public sites do)."""
    return LANGUAGES["en" if lang == "cy" else "cy"]


class LanguageButton(QPushButton):
    """Switches the interface between English and Welsh (the text names the other language)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_button")
        self.clicked.connect(self._switch)
        language_changed().connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        lang = current_language()
        self.setText(language_button_text(lang))
        if lang == "cy":
            self.setAccessibleName("English: switch the interface to English")
            self.setAccessibleDescription("Newid iaith y rhyngwyneb i Saesneg")
        else:
            self.setAccessibleName("Cymraeg: newid iaith y rhyngwyneb i'r Gymraeg")
            self.setAccessibleDescription("Switch the interface to Welsh")

    def _switch(self) -> None:
        _language().chosen_by_hand = True
        set_language("en" if current_language() == "cy" else "cy")
