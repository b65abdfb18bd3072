"""Display preferences remembered per user inside the station; accessible names, tab order and
200 % text on the people and screening-flow pages."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from screening.services import PersonDetails, Services, UserPreferences
from screening.ui.theme import ThemeController
from screening.ui.wizard import ScrollingPage
from tests.ui.flow.conftest import PASSPHRASES, AppSession
from tests.ui.flow.test_resume_take_over_finalise import QUIET, new_draft, open_draft
from tests.ui.helpers import focused, tab, walk

CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)


def test_text_size_contrast_and_easy_read_are_remembered_per_user(
    qtbot: QtBot, app: AppSession, theme: ThemeController
) -> None:
    app.login("pc1234")
    assert theme.settings.font_scale == 1.0
    draft_id = new_draft(app)
    open_draft(qtbot, app, draft_id)
    wizard = app.screening_pages.flow.wizard
    assert wizard is not None and not wizard.easy_read
    wizard.view.text_size_actions[2.0].trigger()
    wizard.view.contrast_action.trigger()
    wizard.view.easy_read_button.click()
    app.drain()
    assert app.call(lambda s: s.settings.preferences()) == UserPreferences(
        font_scale=2.0, high_contrast=True, easy_read=True)

    app.logout()
    app.login("pc5678")
    qtbot.waitUntil(lambda: theme.settings.font_scale == 1.0 and not theme.settings.high_contrast)

    app.logout()
    app.login("pc1234")
    qtbot.waitUntil(lambda: theme.settings.font_scale == 2.0 and theme.settings.high_contrast)
    open_draft(qtbot, app, draft_id)
    reopened = app.screening_pages.flow.wizard
    assert reopened is not None and reopened.easy_read
    assert reopened.view.easy_read_button.text() == "Easy read: on"
    # And nothing about preferences is written outside the encrypted station.
    for path in app.home.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".ini", ".conf", ".txt"):
            assert "font_scale" not in path.read_text(errors="ignore"), path


def all_pages(qtbot: QtBot, app: AppSession) -> dict[str, QWidget]:
    """Every page of the flow, filled in: search results, the editor, a person, the consent
    page, a finalised record, a take-over page."""
    pages = app.screening_pages
    draft_id = new_draft(app, QUIET)

    def finalised(services: Services) -> UUID:
        person = services.people.create(details=PersonDetails(
            given_names="Mair", family_name="Jones", date_of_birth=date(2001, 7, 7)))
        draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
        for code, value in {**QUIET, "A8": "yes"}.items():
            services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
        return services.screenings.complete_and_finalise(
            screening_id=draft.id, passphrase=PASSPHRASES["pc1234"]).id

    record_id = app.call(finalised)
    pages.search.search_now("jones")
    qtbot.waitUntil(lambda: bool(pages.search.results), timeout=5000)
    open_draft(qtbot, app, draft_id)
    pages.flow._to_consent()  # noqa: SLF001 - the review page's Finalise leads here
    open_draft(qtbot, app, record_id, page="record")
    person_id = pages.flow.current.person.id if pages.flow.current else None
    pages.show_person(str(person_id))
    qtbot.waitUntil(lambda: pages.person.data is not None, timeout=5000)
    return {
        "search": pages.search.widget,
        "editor": pages.editor.widget,
        "person": pages.person.widget,
        "consent": pages.flow.consent.widget,
        "record": pages.flow.record.widget,
        "take-over": pages.flow.view.take_over,
    }


def test_every_control_on_the_flow_pages_has_an_accessible_name(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    unnamed = []
    for name, page in all_pages(qtbot, app).items():
        for widget in walk(page):
            if isinstance(widget, CONTROLS) and not widget.accessibleName().strip():
                unnamed.append(f"{name}: {type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == [], "\n".join(unnamed)


def test_tab_follows_reading_order_in_the_person_form(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    pages = app.screening_pages
    pages.create_person()
    view = pages.editor.view
    assert focused() is view.given
    expected = [view.given, view.family, view.other, view.birth, view.age_in_doubt, view.sex,
                *view.identifiers.values(), view.ethnicity, view.language, view.interpreter,
                view.help_to_read, view.gender, view.faith, view.save_button, view.cancel_button]
    seen = [focused()]
    for _ in range(len(expected) - 1):
        tab(qtbot)
        current = focused()
        # The language picker's line edit belongs to the picker.
        seen.append(view.language if current is view.language.lineEdit() else current)
    assert seen == expected


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_flow_pages_reflow_at_large_text(qtbot: QtBot, app: AppSession, theme: ThemeController,
                                         scale: float, lang: str) -> None:
    from screening.ui.i18n import set_language

    app.login("pc1234")
    set_language(lang)
    theme.set_font_scale(scale)
    app.host.resize(1024, 720)
    for name, page in all_pages(qtbot, app).items():
        assert isinstance(page, QWidget)
        app.host.show_page(
            {"search": "people", "editor": "person-editor", "person": "person"}.get(name, "screening"))
        flow = app.screening_pages.flow
        if name in ("consent", "record", "take-over"):
            flow.view.stack.setCurrentWidget(page)
        qtbot.waitUntil(page.isVisible)

        def reflowed(page: QWidget = page) -> bool:
            if isinstance(page, ScrollingPage):
                viewport = page.viewport().width()
                root = page.widget()
                if root.width() > viewport:
                    return False
            else:
                viewport, root = page.width(), page
            for label in root.findChildren(QLabel):
                if label.isVisibleTo(root) and label.wordWrap() and label.text():
                    if label.height() < label.heightForWidth(label.width()):
                        return False
                    if label.mapTo(root, label.rect().topRight()).x() > viewport:
                        return False
            for button in root.findChildren(QAbstractButton):
                if button.isVisibleTo(root) and button.mapTo(root, button.rect().topRight()).x() > viewport:
                    return False
            return True

        qtbot.waitUntil(reflowed, timeout=3000)


def test_status_words_never_rely_on_colour(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    pages = all_pages(qtbot, app)
    person_rows = app.screening_pages.person.view.rows
    texts = [row.label_text() for row in person_rows.values()]
    assert any("Finalised, revision 1" in t for t in texts)
    record = app.screening_pages.flow.record.view
    assert record.flag_cards["SELF_HARM_RISK"].badge.word.text() == "ALERT"
    assert pages["record"] is record
    assert Qt.FocusPolicy.ClickFocus == record.answer_rows["A8"].focusPolicy()
