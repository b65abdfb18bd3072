"""``Services``: everything the UI, the reports and sync may ask of an unlocked station.

    station = unlock(home, user_id="pc1234", passphrase=...)
    services = Services(station, FormLibrary.load(resource_path("forms")))
    person = services.people.create(details=PersonDetails(given_names="Jan", ...))
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    progress = services.screenings.answer(screening_id=draft.id, item_code="A8", value="no")

Every method takes keyword arguments and returns pydantic objects (domain models or the views in
``services.views``); errors whose message may be shown as it is are ``errors.USER_ERRORS``.
One thread at a time (the UI's database worker) uses a ``Services``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from screening.checklist.loader import FormLibrary
from screening.domain.dates import utc_now
from screening.domain.enums import Role
from screening.services.consents import ConsentService
from screening.services.disclose import DisclosureService
from screening.services.errors import NotAllowedError
from screening.services.idle import IdleClock
from screening.services.outbox import Outbox, OutboxSealer
from screening.services.people import PeopleService
from screening.services.retention import RetentionService
from screening.services.screenings import ScreeningService
from screening.services.session import Clock, Session
from screening.services.settings import SettingsService
from screening.services.station_sync import StationSync
from screening.store.station import Station

log = logging.getLogger(__name__)


class Services:
    """The use cases over one unlocked station, for its logged-in user."""

    people: PeopleService
    screenings: ScreeningService
    consents: ConsentService
    disclosures: DisclosureService
    settings: SettingsService
    retention: RetentionService
    outbox: Outbox
    sync: StationSync

    def __init__(
        self,
        station: Station,
        library: FormLibrary,
        *,
        clock: Clock = utc_now,
        sealer: OutboxSealer | None = None,
    ) -> None:
        self._library = library
        self._clock = clock
        self._sealer = sealer
        self._build(Session(station, library, clock=clock))
        # Refuses a user the central service revoked; attaches the sealer once enrolled.
        self.sync.on_unlock()
        if not station.must_change_passphrase:
            self.people.ensure_search_index()

    def _build(self, session: Session) -> None:
        self.session = session
        self.outbox = Outbox(session, self._sealer)
        self.people = PeopleService(session, self.outbox)
        self.screenings = ScreeningService(session, self.outbox)
        self.consents = ConsentService(session, self.outbox, self.screenings)
        self.disclosures = DisclosureService(session, self.outbox, self.screenings, self.consents)
        self.settings = SettingsService(session)
        self.retention = RetentionService(session, self.outbox, self.settings)
        self.sync = StationSync(session, self.outbox)

    # --- who ---

    @property
    def user_id(self) -> str:
        """The logged-in user's id."""
        return self.session.user_id

    @property
    def role(self) -> Role:
        """The logged-in user's role."""
        return self.session.role

    @property
    def library(self) -> FormLibrary:
        """The form library the services use."""
        return self._library

    @property
    def must_change_passphrase(self) -> bool:
        """True after an administrator reset the user's passphrase: until ``change_passphrase``,
        every other service call raises ``NotAllowedError``."""
        return self.session.station.must_change_passphrase

    def change_passphrase(self, *, current_passphrase: str, new_passphrase: str) -> None:
        """Replace the logged-in user's passphrase (at least 12 characters; audited by the store).

        Raises ``LoginFailedError`` if ``current_passphrase`` is wrong and
        ``PassphrasePolicyError`` (a ``StoreError``) if the new one is not allowed."""
        self.session.station.change_passphrase(
            current_passphrase=current_passphrase, new_passphrase=new_passphrase
        )
        self.sync.on_unlock()
        self.people.ensure_search_index()

    # --- locking ---

    @property
    def locked(self) -> bool:
        """True once the station has locked; every service call then raises
        ``StationLockedError`` until ``resume``."""
        return self.session.locked

    def lock(self) -> None:
        """Lock now: the database closes and its key is wiped (audited by the store)."""
        self.session.station.lock()

    def idle_clock(self, *, on_idle: Callable[[], None] | None = None) -> IdleClock:
        """An ``IdleClock`` set to the station's idle minutes that locks the station (or calls
        ``on_idle``, e.g. to lock on the database worker and then show the unlock screen)."""
        minutes = self.settings.get().idle_minutes
        return IdleClock(idle_minutes=minutes, on_idle=on_idle or self.lock)

    def resume(self, station: Station) -> None:
        """Carry on after an unlock, with the newly unlocked ``station``. Only the same user
        resumes (another user starts a new ``Services``); the UI returns them to where they were."""
        if station.user is None or station.user.id != self.session.user_id:
            raise NotAllowedError(
                "A different user unlocked the station, so the previous user's work was not "
                "reopened. Start from the home screen."
            )
        self._build(Session(station, self._library, clock=self._clock))
        self.sync.on_unlock()
        log.info("session resumed for user %s", station.user.id)
