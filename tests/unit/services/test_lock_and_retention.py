"""Auto-lock (the idle clock), station settings, and the retention purge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from screening.domain.enums import DisclosureClass, Recipient
from screening.domain.models import ConsentScope
from screening.services import IdleClock, Services, StationSettings
from screening.services.errors import NotAllowedError, NotFoundError, StationLockedError
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_idle_clock_fires_once_after_the_idle_period() -> None:
    ticker = Ticker()
    fired: list[int] = []
    clock = IdleClock(idle_minutes=5, on_idle=lambda: fired.append(1), monotonic=ticker)
    ticker.now += 299
    assert not clock.check() and clock.seconds_left() == pytest.approx(1)
    clock.touch()
    ticker.now += 299
    assert not clock.check()
    ticker.now += 1
    assert clock.check() and clock.check() and fired == [1]
    clock.touch()  # too late: it stays locked until reset
    assert clock.fired and clock.seconds_left() == 0
    clock.reset(idle_minutes=1)
    ticker.now += 59
    assert not clock.check()
    with pytest.raises(ValueError):
        IdleClock(idle_minutes=0, on_idle=lambda: None)


def test_idle_lock_closes_the_station_and_the_same_user_resumes(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    officer.screenings.answer(screening_id=draft.id, item_code="A8", value="no")
    ticker = Ticker()
    idle = officer.idle_clock()
    assert idle.idle_seconds == 5 * 60  # the default
    idle = IdleClock(idle_minutes=5, on_idle=officer.lock, monotonic=ticker)
    ticker.now += 5 * 60
    assert idle.check()
    station = officer.session.station
    assert officer.locked and station.db.closed and not any(station._key)  # key wiped
    with pytest.raises(StationLockedError, match="Unlock it"):
        officer.screenings.get(screening_id=draft.id)
    with pytest.raises(NotAllowedError, match="different user"):
        officer.resume(bench.station("pc5678"))
    officer.resume(bench.station("pc1234"))
    assert officer.screenings.get(screening_id=draft.id).answer("A8").value == "no"  # type: ignore[union-attr]
    assert "lock" in [r.event for r in officer.session.station.audit.records()]


def test_settings_are_changed_by_an_administrator_and_audited(bench: Bench, officer: Services) -> None:
    assert officer.settings.get() == StationSettings(idle_minutes=5, retention_days=None)
    with pytest.raises(NotAllowedError, match="administrator"):
        officer.settings.update(settings=StationSettings(idle_minutes=10))
    admin = bench.services("admin1")
    saved = admin.settings.update(settings=StationSettings(idle_minutes=10, retention_days=2190))
    assert saved == StationSettings(idle_minutes=10, retention_days=2190)
    assert officer.settings.get().idle_minutes == 10
    assert officer.idle_clock().idle_seconds == 600
    rows = [r for r in admin.session.station.audit.records(include_values=True) if r.details.get("setting")]
    assert [(r.details["setting"], r.old, r.new) for r in rows] == [
        ("idle_minutes", 5, 10),
        ("retention_days", None, 2190),
    ]


def finalised_with_consent(services: Services):  # type: ignore[no-untyped-def]
    person = services.people.create(details=details())
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(services, draft.id, {**QUIET_CUSTODY, "A8": "yes"})
    services.consents.record(
        screening_id=draft.id,
        recipient=Recipient.LIAISON_DIVERSION,
        given=True,
        scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)),
        capacity_considered=True,
        capacity_note="note",
    )
    services.screenings.complete(screening_id=draft.id)
    return person, services.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])


def test_nothing_is_purged_without_a_retention_period_or_the_centres_acknowledgement(
    bench: Bench, officer: Services
) -> None:
    person, final = finalised_with_consent(officer)
    bench.clock.advance(days=4000)
    report = officer.retention.purge_expired()
    assert report.retention_days is None and report.revisions_purged == 0
    bench.services("admin1").settings.update(settings=StationSettings(retention_days=365))
    report = officer.retention.purge_expired()
    assert (report.revisions_purged, report.waiting_for_centre) == (0, 1)
    # The centre holds only some of it (the consent is not acknowledged): still kept.
    outbox = officer.outbox
    outbox.acknowledge_all([e for e in outbox.pending() if e.kind != "Consent"])
    assert officer.retention.purge_expired().waiting_for_centre == 1
    assert officer.screenings.get(screening_id=final.id).id == final.id


def test_an_acknowledged_record_past_retention_is_purged_and_the_audit_log_still_verifies(
    bench: Bench, officer: Services
) -> None:
    person, final = finalised_with_consent(officer)
    amendment = officer.screenings.amend(screening_id=final.id, reason="A8 misheard")
    officer.screenings.answer(screening_id=amendment.id, item_code="A8", value="no")
    officer.screenings.complete(screening_id=amendment.id)
    second = officer.screenings.finalise(screening_id=amendment.id, passphrase=PASSPHRASES["pc1234"])
    keep_person = officer.people.create(details=details(family_name="Nowak"))
    recent = officer.screenings.start(person_id=keep_person.id, form_id="custody-screen")
    officer.screenings.answer(screening_id=recent.id, item_code="A6", value="discarded medicine note")
    officer.screenings.discard(screening_id=recent.id)
    bench.services("admin1").settings.update(settings=StationSettings(retention_days=365))
    officer.outbox.acknowledge_all(officer.outbox.pending())

    bench.clock.advance(days=364)
    assert officer.retention.purge_expired().revisions_purged == 0  # not yet past retention

    bench.clock.advance(days=2)
    report = officer.retention.purge_expired()
    assert (report.revisions_purged, report.people_purged, report.waiting_for_centre) == (2, 1, 0)
    assert report.audit_values_purged > 0
    for revision in (final.id, second.id):
        with pytest.raises(NotFoundError):
            officer.screenings.get(screening_id=revision)
    with pytest.raises(NotFoundError):
        officer.people.get(person_id=person.id)
    db = officer.session.db
    for table in ("answers", "flags", "consents", "person_name_tokens", "person_identifiers"):
        count = db.query_value(
            f"SELECT count(*) FROM {table} WHERE "
            + ("person_id = ?" if table.startswith("person") else "screening_id IN (?, ?)"),
            (str(person.id),) if table.startswith("person") else (str(final.id), str(second.id)),
        )
        assert count == 0, table
    assert officer.people.get(person_id=keep_person.id).family_name == "Nowak"
    station = officer.session.station
    assert station.verify_audit().ok, str(station.verify_audit())
    records = station.audit.records(limit=100_000, include_values=True)
    purge = [r for r in records if r.event == "purge"]
    assert purge[0].details["revisions"] == [str(final.id), str(second.id)]
    assert purge[0].details["person_deleted"] is True
    about_purged = [
        r for r in records
        if r.has_values and (r.subjects.get("screening") in (str(final.id), str(second.id), str(recent.id))
                             or r.subjects.get("person") == str(person.id))
    ]
    assert about_purged and all(r.values_purged for r in about_purged)
    assert not any(r.values_purged for r in records if r.subjects.get("person") == str(keep_person.id))
    # Running it again finds nothing more.
    again = officer.retention.purge_expired()
    assert (again.revisions_purged, again.people_purged, again.audit_values_purged) == (0, 0, 0)


def test_a_chain_with_an_amendment_in_draft_is_kept(bench: Bench, officer: Services) -> None:
    person, final = finalised_with_consent(officer)
    officer.screenings.amend(screening_id=final.id, reason="checking A8")
    bench.services("admin1").settings.update(settings=StationSettings(retention_days=30))
    officer.outbox.acknowledge_all(officer.outbox.pending())
    bench.clock.advance(days=60)
    assert officer.retention.purge_expired().revisions_purged == 0
    assert officer.screenings.get(screening_id=final.id).id == final.id
    assert bench.clock.now - final.finalised_at > timedelta(days=30)  # type: ignore[operator]


def test_a_reset_passphrase_must_be_replaced_before_working(bench: Bench) -> None:
    from screening.store.keyslots import INSECURE_TEST_KDF
    from screening.store.station import unlock

    admin = bench.station("admin1")
    temporary = admin.reset_user(user_id="pc1234", kdf=INSECURE_TEST_KDF)
    station = unlock(bench.home, user_id="pc1234", passphrase=temporary)
    bench.opened.append(station)
    services = Services(station, bench.library, clock=bench.clock)
    assert services.must_change_passphrase
    with pytest.raises(NotAllowedError, match="new passphrase"):
        services.people.search(query="kow")
    services.change_passphrase(current_passphrase=temporary, new_passphrase="a brand new passphrase")
    assert not services.must_change_passphrase
    assert services.people.search(query="kow") == []
