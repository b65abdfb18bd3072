"""The person's page, the person editor with its inline checks, the seen-before panel, the
finalised record and the sync status and refused-records dialog in Welsh, over a real station:
switched while open, each shows Welsh with no catalogue text left in English, the mnemonics do
not clash, nothing is cut off at 200 % text, and switching back keeps what was typed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from screening.domain import reference
from screening.domain.enums import IdentifierKind
from screening.domain.reference import Ethnicity
from screening.services import Services
from screening.services.sync_state import QuarantinedEnvelope
from screening.services.views import PersonDetails
from screening.ui.editors import EthnicityEditor, language_entry
from screening.ui.i18n import set_language
from screening.ui.syncing import QuarantineDialog, status_text
from screening.ui.theme import ThemeController
from screening.ui.wizard import REVIEW_PAGE, ItemView, ScrollingPage
from sync.client import SyncState, SyncStatus
from tests.ui.flow.conftest import PASSPHRASES, AppSession
from tests.ui.flow.test_resume_take_over_finalise import QUIET, new_draft
from tests.ui.flow.test_seen_before import open_person, person
from tests.ui.flow.test_welsh_interface import mnemonic_clashes, started
from tests.ui.welsh import english_left, shown_texts

__all__ = ["started"]  # the fixture this module uses

WAIT_MS = 15000


def unclipped(root: QWidget) -> bool:
    """Every wrapped label under ``root`` is as tall as its text needs, and none runs off the
    right edge of its scrolling page."""
    page = root if isinstance(root, ScrollingPage) else None
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.wordWrap() or not label.text():
            continue
        if label.height() < label.heightForWidth(label.width()):
            return False
        if page is not None:
            right = label.mapTo(page.viewport(), label.rect().topRight()).x()
            if right > page.viewport().width() + 1:
                return False
    return True


def reference_english_left(root: QWidget, skip: tuple[type[QWidget], ...] = ()) -> list[str]:
    """Ethnicity categories, their group headings and language names still in English under
    ``root`` (reference data, not catalogue texts, so ``english_left`` does not see them): shown
    texts, and the accessible texts and tool tips of combo box entries. Names that are the same
    in both languages ("Roma", "Hindi (hi)") do not count."""
    whole: set[str] = set(reference.ETHNIC_GROUP_LABELS.values())
    parts: set[str] = set()
    for category in reference.ETHNICITIES.values():
        if category.label != category.label_cy:
            whole.add(category.label)
            parts.add(category.full_label)
    for language in reference.LANGUAGES:
        if language.name_en != language.name_cy:
            whole.add(language.name_en)
            parts.add(language_entry(language, "en"))
    texts = shown_texts(root, skip)
    for combo in [root, *root.findChildren(QComboBox)]:
        if isinstance(combo, QComboBox) and combo.isVisibleTo(root):
            for index in range(combo.count()):
                for role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
                    data = combo.itemData(index, role)
                    if isinstance(data, str):
                        texts.append(data)
    left = set()
    for text in texts:
        for line in text.split("\n"):
            line = line.strip()
            if line in whole or any(part in line for part in parts):
                left.add(line)
    return sorted(left)


def ethnicity_texts(combo: QComboBox) -> list[str]:
    return [combo.itemText(i).strip() for i in range(1, combo.count())]  # not the placeholder


def test_the_persons_page_and_the_seen_before_panel_in_welsh(
    qtbot: QtBot, app: AppSession, theme: ThemeController
) -> None:
    app.login("pc1234")
    theme.set_font_scale(2.0)
    person_id = person(app)
    new_draft(app)  # a draft of someone else: the list below is only Anna's
    seen = open_person(qtbot, app, person_id)
    page = app.screening_pages.person
    view = page.view
    qtbot.waitUntil(lambda: seen.panel.status.text().startswith("Not connected"), timeout=WAIT_MS)
    app.call(lambda services: services.screenings.start(person_id=page.data.person.id,
                                                        form_id="custody-screen"))
    page.show_person(person_id)  # now with a draft in the list
    qtbot.waitUntil(lambda: bool(view.rows), timeout=WAIT_MS)

    set_language("cy")  # on the open page
    assert view.new_button.text() == "Sgrinio &newydd…"
    assert view.edit_button.text() == "Golygu'r &manylion"
    facts = [label.text() for label in view.fact_labels]
    assert facts[0].startswith("Ganwyd 02/01/1991")
    assert "Ethnigrwydd heb ei gofnodi" in facts and "Iaith heb ei chofnodi" in facts
    row = next(iter(view.rows.values())).label_text()
    assert "Drafft: dechreuwyd Dydd " in row and "gennych chi (agorwch i barhau)" in row
    assert seen.panel.heading.text() == "Wedi'i weld o'r blaen mewn asiantaethau eraill"
    assert seen.panel.status.text() == "Heb gysylltu â'r gwasanaeth canolog: heb wirio."
    assert seen.panel.retry_button.text() == "Gwirio &eto"
    assert english_left(view) == []
    assert mnemonic_clashes(view) == []
    qtbot.waitUntil(lambda: unclipped(view), timeout=WAIT_MS)

    set_language("en")
    assert view.new_button.text() == "&New screening…"
    assert "Draft: started " in next(iter(view.rows.values())).label_text()
    assert seen.panel.status.text() == "Not connected to the central service: not checked."


def test_the_person_editor_and_its_inline_checks_in_welsh(
    qtbot: QtBot, app: AppSession, theme: ThemeController
) -> None:
    app.login("pc1234")
    theme.set_font_scale(2.0)
    pages = app.screening_pages
    set_language("cy")
    pages.create_person()
    view = pages.editor.view
    assert view.title.text() == "Person newydd"
    assert view.save_button.text() == "&Cadw'r person"
    assert view.sex.itemText(1) == "Gwryw"
    ethnicities = ethnicity_texts(view.ethnicity)
    assert ethnicities[0] == "Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig"
    assert "Indiaidd" in ethnicities and "Gwyn a Du Caribïaidd" in ethnicities
    assert ethnicities[-1] == "Gwell gennyf beidio â dweud"
    languages = [view.language.itemText(i) for i in range(view.language.count())]
    assert "Pwyleg (pl)" in languages and "Iaith Arwyddion Prydain (bfi)" in languages
    assert reference_english_left(view) == []
    view.identifiers[IdentifierKind.NHS_NUMBER].setText("943 476 5918")
    view.identifiers[IdentifierKind.PNC_ID].setText("19/0012345")
    view.birth.setText("31/02/1990")
    view.given.setText("Siân")
    view.save_button.click()
    fields = view.fields()
    assert fields["identifiers.nhs_number"].problem_text().startswith("Dydy'r digid olaf")
    assert fields["identifiers.pnc_id"].problem_text().startswith(
        "Mae ID PNC yn gorffen gyda'i lythyren wirio")
    assert view.summary.heading.text() == "Mae 3 problem"
    assert view.form_status.text().startswith("Heb ei gadw")
    assert english_left(view) == []
    assert reference_english_left(view) == []
    assert mnemonic_clashes(view) == []
    qtbot.waitUntil(lambda: unclipped(view), timeout=WAIT_MS)

    # Back to English in place: what was typed stays.
    set_language("en")
    assert view.save_button.text() == "&Save person"
    assert "Indian" in ethnicity_texts(view.ethnicity)
    assert "Polish (pl)" in [view.language.itemText(i) for i in range(view.language.count())]
    assert view.given.text() == "Siân" and view.birth.text() == "31/02/1990"
    assert view.identifiers[IdentifierKind.NHS_NUMBER].text() == "943 476 5918"
    assert fields["identifiers.nhs_number"].problem_text().startswith("The last digit")


def test_the_finalised_record_in_welsh(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    draft_id = new_draft(app, QUIET)

    def finalise(services: Services) -> None:
        services.screenings.complete(screening_id=draft_id)
        services.screenings.finalise(screening_id=draft_id, passphrase=PASSPHRASES["pc1234"])

    app.call(finalise)
    flow = app.screening_pages.flow
    app.context.navigator.screening_requested.emit(str(draft_id))
    qtbot.waitUntil(lambda: flow.page() == "record", timeout=WAIT_MS)
    view = flow.record.view
    set_language("cy")
    qtbot.waitUntil(lambda: view.lead.text() == "Terfynwyd, fersiwn 1", timeout=WAIT_MS)
    texts = "\n".join(label.text() for label in view.findChildren(QLabel))
    assert "Terfynwyd gan pc1234 ar Dydd " in texts
    assert "Dyddiad y sgrinio Dydd " in texts
    assert "Heb ei lofnodi gan oruchwyliwr eto." in texts
    # the form's own words follow the reader's language too (the forms have Welsh)
    assert view.title.text() == "Sgrinio bod yn agored i niwed wrth gofrestru yn y ddalfa"
    questions = [row.question.text() for row in view.answer_rows.values()]
    assert "A1: Beth yw eich dyddiad geni?" in questions
    assert any(b.label_text().startswith("Fersiwn 1: terfynwyd")
               for b in view.revision_rows.values())
    assert english_left(view) == []
    assert mnemonic_clashes(view) == []
    # shown again in place, laid out at once: the flags and answers are there, not collapsed
    assert view.content.isVisible() and view.content.height() > 200
    card = next(iter(view.flag_cards.values()), None)
    assert card is None or card.height() >= card.sizeHint().height() // 2
    qtbot.waitUntil(lambda: unclipped(view), timeout=WAIT_MS)
    set_language("en")
    assert any(b.label_text().startswith("Revision 1: finalised")
               for b in view.revision_rows.values())
    assert view.title.text() == "Custody booking-in vulnerability screen"


def test_the_sync_status_and_the_refused_records_in_welsh(qtbot: QtBot, started: object) -> None:
    from screening.ui.startup import Application

    assert isinstance(started, Application)
    window = started.window
    set_language("cy")
    assert window.sync_status_text().startswith("Gwasanaeth canolog: heb gysylltu")
    now = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    status = SyncStatus(state=SyncState.OFFLINE, waiting=3, attention=1,
                        last_synced_at=datetime(2026, 3, 12, 16, 5, tzinfo=UTC))
    assert status_text(status, now=now) == (
        "Gwasanaeth canolog: all-lein · 3 yn aros · cysonwyd ddiwethaf am 12 Maw 2026 16:05 · "
        "1 angen sylw")

    dialog = QuarantineDialog(window)
    qtbot.addWidget(dialog)
    item = QuarantinedEnvelope(name="0001", resource_type="QuestionnaireResponse",
                               resource_id="8d6f1e52-2222-4c1d-9a8e-5b5b5b5b5b5b", version=2,
                               status=409, reason="conflict", diagnostics=None, at=now)
    dialog.show_items([item], may_retry=False)
    dialog.set_status(status_text(status, now=now))
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Cysoni â'r gwasanaeth canolog"
    assert dialog.lead.text().startswith("Gwrthododd y gwasanaeth canolog 1 cofnod.")
    assert dialog.model.data(dialog.model.index(0, 0)) == "Sgrinio 8d6f1e52 (fersiwn 2)"
    assert dialog.model.data(dialog.model.index(0, 1)).startswith(
        "Mae'r gwasanaeth canolog eisoes yn dal cynnwys gwahanol")
    assert dialog.note.text() == "Gall goruchwyliwr neu weinyddwr geisio anfon y cofnodion hyn eto."
    assert english_left(dialog) == []
    assert mnemonic_clashes(dialog) == []
    set_language("en")
    assert dialog.lead.text().startswith("The central service refused 1 record.")
    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == "Why it was refused"


def test_login_home_header_and_lock_leave_no_english(qtbot: QtBot, started: object) -> None:
    from screening.ui.startup import Application
    from tests.ui.station.helpers import log_in, wait_for_session

    assert isinstance(started, Application)
    app = started
    app.login_view.language_button.click()  # Cymraeg, chosen on the login screen: kept
    assert english_left(app.window) == []
    log_in(qtbot, app, "pc1234", PASSPHRASES["pc1234"])
    wait_for_session(qtbot, app)
    home = app.shell.pages["home"]  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: home.loads > 0, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert english_left(app.window) == []
    assert app.shell is not None
    app.shell.lock_now()
    qtbot.waitUntil(lambda: app.window.workspace is None)
    assert english_left(app.window) == []


def test_a_wrong_passphrase_is_told_in_welsh(qtbot: QtBot, started: object) -> None:
    from screening.ui.startup import Application
    from tests.ui.station.helpers import log_in

    assert isinstance(started, Application)
    app = started
    app.login_view.language_button.click()  # Cymraeg
    log_in(qtbot, app, "pc1234", "not the passphrase at all")
    qtbot.waitUntil(lambda: bool(app.login_view.message.text()), timeout=WAIT_MS)
    assert app.login_view.message.text() == (
        "Dydy'r enw defnyddiwr neu'r cyfrinymadrodd ddim yn gywir. Gwiriwch y ddau a rhowch gynnig "
        "arall arni.")
    assert english_left(app.window) == []


def test_the_wizard_leaves_no_interface_english(qtbot: QtBot, app: AppSession) -> None:
    from tests.ui.flow.test_resume_take_over_finalise import open_draft

    app.login("pc1234")
    draft_id = new_draft(app)
    open_draft(qtbot, app, draft_id)
    wizard = app.screening_pages.flow.wizard
    assert wizard is not None
    set_language("cy")
    form_words = (ItemView,)  # the questions and options: the form's, in the form language
    assert english_left(wizard.view, form_words) == []
    wizard.go_to("about_you")
    assert english_left(wizard.view, form_words) == []
    wizard.go_to(REVIEW_PAGE)
    assert english_left(wizard.review.view, form_words) == []


def test_the_person_editor_keeps_ethnicity_and_language_across_a_switch(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    pages = app.screening_pages
    pages.create_person()
    editor = pages.editor
    view = editor.view
    view.given.setText("Siân")
    view.family.setText("Gwyddel")
    view.birth.setText("02/01/1991")
    view.ethnicity.setCurrentIndex(
        view.ethnicity.findData(Ethnicity.WHITE_IRISH.value, Qt.ItemDataRole.UserRole))
    view.language.set_tag("pl")
    assert view.ethnicity.currentText().strip() == "Irish"
    assert view.language.currentText() == "Polish (pl)"

    set_language("cy")  # relabelled in place: the choices stay
    assert view.ethnicity.currentData(Qt.ItemDataRole.UserRole) == Ethnicity.WHITE_IRISH.value
    assert view.ethnicity.currentText().strip() == "Gwyddelig"
    index = view.ethnicity.currentIndex()
    assert view.ethnicity.itemData(index, Qt.ItemDataRole.AccessibleTextRole) == "Gwyn: Gwyddelig"
    assert view.language.currentText() == "Pwyleg (pl)"
    assert view.language.read() == ("pl", None)
    assert reference_english_left(view) == []

    # Typed text (over the chosen language) is kept as typed, and read in either language.
    view.language.line.selectAll()
    qtbot.keyClicks(view.language.line, "Pwy")
    set_language("en")
    assert view.language.currentText() == "Pwy"
    assert view.ethnicity.currentText().strip() == "Irish"
    qtbot.keyClicks(view.language.line, "leg")
    assert view.language.read() == ("pl", None)
    set_language("cy")
    assert view.language.currentText() == "Pwyleg"
    view.language.setEditText("Polish (pl)")  # the English entry, typed while in Welsh
    assert view.language.read() == ("pl", None)
    view.language.set_tag("pl")

    with qtbot.waitSignal(editor.person_saved, timeout=WAIT_MS) as saved:
        view.save_button.click()
    person = saved.args[0]
    assert person.ethnicity is Ethnicity.WHITE_IRISH and person.language == "pl"
    page = pages.person
    qtbot.waitUntil(lambda: page.data is not None, timeout=WAIT_MS)
    facts = [label.text() for label in page.view.fact_labels]
    assert "Ethnigrwydd: Gwyn: Gwyddelig" in facts
    assert "Iaith: Pwyleg" in facts
    assert reference_english_left(page.view) == []
    assert english_left(page.view) == []

    set_language("en")
    facts = [label.text() for label in page.view.fact_labels]
    assert "Ethnicity: White: Irish" in facts and "Language: Polish" in facts


def test_the_wizard_ethnicity_item_follows_the_form_language(qtbot: QtBot, app: AppSession) -> None:
    from tests.ui.flow.test_resume_take_over_finalise import open_draft

    app.login("ld1")

    def make(services: Services) -> object:
        person = services.people.create(details=PersonDetails(
            given_names="Tomos", family_name="Rhys", date_of_birth=date(1979, 11, 4),
            ethnicity=Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN))
        return services.screenings.start(person_id=person.id, form_id="ld-court-screen").id

    draft_id = app.call(make)
    open_draft(qtbot, app, draft_id)  # type: ignore[arg-type]
    wizard = app.screening_pages.flow.wizard
    assert wizard is not None
    editor = wizard.view.items["B12_ethnicity"].editor
    assert isinstance(editor, EthnicityEditor)
    combo = editor.combo
    assert editor.value() == Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN.value  # prefilled
    assert combo.currentText().strip() == "White and Black Caribbean"

    wizard.set_language("cy")  # the form language: the list follows it, the answer stays
    assert editor.value() == Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN.value
    assert combo.currentText().strip() == "Gwyn a Du Caribïaidd"
    texts = ethnicity_texts(combo)
    assert texts[0] == "Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig"
    assert "Grwpiau ethnig cymysg neu amlethnig" in texts and "Sipsi neu Deithiwr Gwyddelig" in texts
    assert texts[-1] == "Gwell gennyf beidio â dweud"
    assert combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) == (
        "Grwpiau ethnig cymysg neu amlethnig: Gwyn a Du Caribïaidd")
    assert reference_english_left(editor) == []

    wizard.set_language("en")
    assert combo.currentText().strip() == "White and Black Caribbean"
    assert "Mixed or Multiple ethnic groups" in ethnicity_texts(combo)
