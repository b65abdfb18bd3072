"""Screenshot steps for the people and screening-flow pages (run by ``take.py``).

A throwaway encrypted station in a temporary folder (cheap, insecure key derivation: this is a
picture, not a station), fictional people and screenings made through the services, the pages
attached to a plain ``PageStack``. Each screen is taken at 100 % and 200 % text: the people
search, a person's page, a new person with identifier problems, consent, the finalise dialog (and
after a wrong passphrase), the finalised view and its revisions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QWidget

from screening.checklist.loader import FormLibrary
from screening.domain.dates import LONDON
from screening.domain.enums import DisclosureClass, IdentifierKind, Recipient
from screening.domain.models import ConsentScope
from screening.domain.reference import Ethnicity
from screening.services import IdentifierEntry, PersonDetails, Services
from screening.store.keyslots import INSECURE_TEST_KDF, TEST_KDF_ENV
from screening.store.station import create_station, unlock
from screening.ui.context import AppContext, Navigator, ServicesGateway
from screening.ui.flow import PageStack, ScreeningPages, attach_screening_pages
from screening.ui.i18n import set_language
from screening.ui.tasks import BackgroundTasks
from screening.ui.theme import ThemeController, ThemeSettings

OFFICER, PASSPHRASE = "pc1234", "officer passphrase two"
Step = Callable[[], Any]

QUIET: dict[str, object] = {
    "A1b": "no", "A2": "no", "A3": "Worried about my children", "A3_observation": ["anxious"],
    "A4": "no", "A5": "unsure", "A7": "within_month", "A7_custody": "no", "A8": "yes",
    "A9a": "no", "A10": ["none"], "A11": "no", "A12": "no", "A13_language": "pl",
    "A13_interpreter": "yes", "A14": ["distressed"], "A15_i": "yes", "A15_ii": "no",
    "A15_iii": "no", "A16": "no", "A18": "3", "A19_referred": ["liaison_diversion"],
}


class FlowShots:
    """Owns the station, the session and the pages while the screenshots are taken."""

    def __init__(self, *, out: Path, size: tuple[int, int], theme: ThemeController,
                 tasks: BackgroundTasks, library: FormLibrary, written: list[Path],
                 only: set[str] | frozenset[str] = frozenset()) -> None:
        self.out, self.size, self.theme, self.tasks = out, size, theme, tasks
        self.library, self.written = library, written
        self.only = only
        """The shots to take (by name; all when empty)."""
        self.folder = Path(tempfile.mkdtemp(prefix="screening-shots-"))
        self.home = self.folder / "station"
        self.host: PageStack | None = None
        self.pages: ScreeningPages | None = None
        self.context = AppContext(gateway=ServicesGateway(tasks), tasks=tasks,
                                  navigator=Navigator(), theme=theme, library=library,
                                  station_name="Fictional Custody Suite")
        self.ids: dict[str, UUID] = {}

    # ------------------------------------------------------------------ the station

    def on_worker(self, operation: Callable[[], Any]) -> Any:
        """Runs ``operation`` on the database worker and waits for it (setting up only)."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["result"] = operation()
            except BaseException as error:  # noqa: BLE001 - re-raised below
                box["error"] = error
            finally:
                done.set()

        self.tasks.database.submit(job, label="screenshots")
        if not done.wait(60):
            raise TimeoutError("the station did not answer")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def make_station(self) -> None:
        os.environ[TEST_KDF_ENV] = "1"
        create_station(self.home, name="Fictional Custody Suite", agency="Fictional Constabulary",
                       site="Suite A", admin_id="admin1", admin_name="Alex Admin",
                       admin_passphrase="admin passphrase one", kdf=INSECURE_TEST_KDF)
        with unlock(self.home, user_id="admin1", passphrase="admin passphrase one") as admin:
            admin.add_user(user_id=OFFICER, display_name="PC Officer", role="custody_officer",
                           passphrase=PASSPHRASE, must_change=False, kdf=INSECURE_TEST_KDF)
        gateway, home, library = self.context.gateway, self.home, self.library

        def login() -> None:
            gateway.set_services(Services(unlock(home, user_id=OFFICER, passphrase=PASSPHRASE),
                                          library))

        self.on_worker(login)
        self.ids.update(self.on_worker(lambda: self._seed(gateway._services)))  # noqa: SLF001

    @staticmethod
    def _seed(services: Services | None) -> dict[str, UUID]:
        assert services is not None
        people = services.people
        jan = people.create(details=PersonDetails(
            given_names="Jan Piotr", family_name="Kowalski", date_of_birth=date(1980, 5, 20),
            identifiers=(IdentifierEntry(kind=IdentifierKind.PNC_ID, value="2019/0012345G"),
                         IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value="943 476 5919"),
                         IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="01/123456/25")),
            ethnicity=Ethnicity.WHITE_OTHER, ethnicity_write_in="Polish", language="pl",
            interpreter_needed=True))
        people.create(details=PersonDetails(given_names="Anna", family_name="Kowalska",
                                            date_of_birth=date(1991, 1, 2)))
        people.create(details=PersonDetails(given_names="Piotr", family_name="Kowalczyk",
                                            age_in_doubt=True, identifiers=(IdentifierEntry(
                                                kind=IdentifierKind.CUSTODY_RECORD,
                                                value="01/998877/25"),)))
        screenings = services.screenings
        first = screenings.start(person_id=jan.id, form_id="custody-screen")
        referred = datetime.now(LONDON).replace(second=0, microsecond=0)
        screenings.answer(screening_id=first.id, item_code="A19", value=referred)
        for code, value in QUIET.items():
            screenings.answer(screening_id=first.id, item_code=code, value=value)
        services.consents.record(screening_id=first.id, recipient=Recipient.LIAISON_DIVERSION,
                                 given=True, capacity_considered=True,
                                 scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)))
        services.consents.record(screening_id=first.id, recipient=Recipient.CPS, given=False,
                                 capacity_considered=True, scope=ConsentScope())
        screenings.complete_and_finalise(screening_id=first.id, passphrase=PASSPHRASE)
        second = screenings.amend(screening_id=first.id,
                                  reason="A7 was within 12 months, not within the last month")
        screenings.answer(screening_id=second.id, item_code="A7", value="within_12_months")
        screenings.complete_and_finalise(screening_id=second.id, passphrase=PASSPHRASE)
        draft = screenings.start(person_id=jan.id, form_id="neurodevelopmental")
        to_finalise = screenings.start(person_id=jan.id, form_id="custody-screen")
        screenings.answer(screening_id=to_finalise.id, item_code="A19", value=referred)
        for code, value in QUIET.items():
            screenings.answer(screening_id=to_finalise.id, item_code=code, value=value)
        return {"jan": jan.id, "first": first.id, "second": second.id, "draft": draft.id,
                "to_finalise": to_finalise.id}

    # ------------------------------------------------------------------ pages

    def open_pages(self, scale: float) -> None:
        self.theme.apply(ThemeSettings(font_scale=scale))
        if self.host is not None:
            self.host.close()
            self.host.deleteLater()
        host = PageStack()
        host.resize(*self.size)
        self.host = host
        self.pages = attach_screening_pages(host, self.context)
        host.show()
        host.activateWindow()

    @property
    def p(self) -> ScreeningPages:
        assert self.pages is not None
        return self.pages

    def save(self, name: str, widget: QWidget | None = None) -> None:
        if self.only and name not in self.only:
            return
        path = self.out / f"{name}.png"
        target = widget if widget is not None else self.host
        assert target is not None
        target.grab().save(str(path))
        self.written.append(path)

    def steps(self) -> list[Step]:
        steps: list[Step] = [self.make_station]
        for scale in (1.0, 2.0):
            percent = round(scale * 100)
            steps += self._steps_at(scale, percent)
        steps.append(self.finish)
        return steps

    def _steps_at(self, scale: float, percent: int) -> list[Step]:
        ids = self.ids  # filled in by make_station, the first step

        def search() -> Callable[[], bool]:
            self.p.show_people(choosing=False)
            self.p.search.view.search.setText("kowal")
            self.p.search.search_now("kowal")
            return lambda: len(self.p.search.results) == 3

        def person() -> Callable[[], bool]:
            self.p.show_person(str(ids["jan"]))
            return lambda: self.p.person.data is not None and len(self.p.person.view.rows) == 4

        def new_person() -> None:
            self.p.create_person()
            view = self.p.editor.view
            view.given.setText("Ewa")
            view.family.setText("Nowak")
            view.birth.setText("02/03/1987")
            view.identifiers[IdentifierKind.PNC_ID].setText("87/123456X")
            view.identifiers[IdentifierKind.NHS_NUMBER].setText("943 476 5918")
            self.p.editor.save()

        def new_person_fields() -> None:
            view = self.p.editor.view
            view.ensureWidgetVisible(view.identifier_fields[IdentifierKind.NHS_NUMBER], 24, 48)

        def consent() -> Callable[[], bool]:
            self.p.show_screening(str(ids["to_finalise"]))
            return lambda: self.p.flow.page() == "wizard"

        def consent_filled() -> None:
            flow = self.p.flow
            flow._to_consent()  # noqa: SLF001 - as the review page's Finalise does
            cards = flow.consent.view.cards
            cards[Recipient.LIAISON_DIVERSION].decisions["given"].setChecked(True)
            cards[Recipient.LIAISON_DIVERSION].capacity.setChecked(True)
            cards[Recipient.CPS].decisions["refused"].setChecked(True)
            cards[Recipient.CPS].capacity.setChecked(True)
            view = flow.consent.view
            card = cards[Recipient.LIAISON_DIVERSION]
            QTimer.singleShot(100, lambda: view.verticalScrollBar().setValue(
                card.mapTo(view.widget(), QPoint(0, 0)).y() - 16))

        def show_receives() -> None:
            flow = self.p.flow
            view = flow.consent.view
            card = view.cards[Recipient.CPS]
            card.receives_button.setChecked(True)
            QTimer.singleShot(100, lambda: view.verticalScrollBar().setValue(
                card.mapTo(view.widget(), QPoint(0, 0)).y() - 16))

        def finalise() -> None:
            self.p.flow.ask_passphrase()

        def wrong_passphrase() -> Callable[[], bool]:
            dialog = self.p.flow.dialog
            assert dialog is not None
            dialog.passphrase.setText("not my passphrase")
            dialog._submit()  # noqa: SLF001 - as pressing Finalise does
            return lambda: dialog.problem.isVisible()

        def close_dialog() -> None:
            if self.p.flow.dialog is not None:
                self.p.flow.dialog.reject()

        def record() -> Callable[[], bool]:
            self.p.show_screening(str(ids["second"]))
            return lambda: self.p.flow.page() == "record"

        def revisions() -> None:
            view = self.p.flow.record.view
            rows = list(view.revision_rows.values())
            view.ensureWidgetVisible(rows[-1], 24, 24)

        def dialog_shot(name: str) -> Step:
            return lambda: self.save(name, self.p.flow.dialog)

        return [
            lambda: self.open_pages(scale),
            search, lambda: self.save(f"people-search-{percent}"),
            person, lambda: self.save(f"person-page-{percent}"),
            lambda: set_language("cy"), lambda: self.save(f"person-page-welsh-{percent}"),
            new_person, lambda: self.save(f"person-new-problems-welsh-{percent}"),
            lambda: set_language("en"),
            new_person, lambda: self.save(f"person-new-problems-{percent}"),
            new_person_fields, lambda: self.save(f"person-new-identifier-problems-{percent}"),
            consent, consent_filled, lambda: self.save(f"consent-{percent}"),
            show_receives, lambda: self.save(f"consent-receives-{percent}"),
            lambda: set_language("cy"), lambda: self.save(f"consent-welsh-{percent}"),
            lambda: set_language("en"),
            finalise, dialog_shot(f"finalise-dialog-{percent}"),
            wrong_passphrase, dialog_shot(f"finalise-dialog-wrong-passphrase-{percent}"),
            close_dialog,
            record, lambda: self.save(f"record-finalised-{percent}"),
            lambda: set_language("cy"), lambda: self.save(f"record-finalised-welsh-{percent}"),
            lambda: set_language("en"),
            revisions, lambda: self.save(f"record-revisions-{percent}"),
        ]

    def finish(self) -> None:
        gateway = self.context.gateway

        def lock() -> None:
            services = gateway._services  # noqa: SLF001 - the script plays the shell's part
            if services is not None:
                services.lock()
            gateway.set_services(None)

        self.on_worker(lock)
        if self.host is not None:
            self.host.close()
        self.theme.apply(ThemeSettings())
        shutil.rmtree(self.folder, ignore_errors=True)
