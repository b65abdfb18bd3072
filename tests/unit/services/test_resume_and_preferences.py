"""What the desktop flow needs beyond the lifecycle: where a draft was left, finalising a draft in
one act with the passphrase checked first, and each user's display preferences."""

from __future__ import annotations

import pytest
import sqlcipher3

from screening.domain.enums import ScreeningStatus
from screening.services import ResumePosition, Services, UserPreferences
from screening.services.errors import (
    IncompleteError,
    InvalidInputError,
    NotAllowedError,
    PassphraseRejectedError,
    WrongStateError,
)
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details


def test_a_draft_remembers_the_page_and_question_it_was_left_at(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    assert officer.screenings.resume_position(screening_id=draft.id) == ResumePosition()
    officer.screenings.save_position(screening_id=draft.id, page="health", item_code="A7")
    officer.screenings.save_position(screening_id=draft.id, page="#review", item_code=None)
    officer.screenings.save_position(screening_id=draft.id, page="health", item_code="A7_custody")
    officer.session.station.lock()

    again = bench.services("pc1234")
    assert again.screenings.resume_position(screening_id=draft.id) == ResumePosition(
        page="health", item_code="A7_custody"
    )


def test_a_position_names_only_pages_and_questions_of_the_form(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    with pytest.raises(InvalidInputError):
        officer.screenings.save_position(screening_id=draft.id, page="Jan Kowalski", item_code=None)
    with pytest.raises(InvalidInputError):
        officer.screenings.save_position(screening_id=draft.id, page="health", item_code="Z99")
    # And the database itself refuses anything but names (no spaces, nothing typed).
    with pytest.raises(sqlcipher3.IntegrityError):
        officer.session.db.execute(
            "UPDATE screenings SET resume_page = 'worried about my kids' WHERE id = ?", (str(draft.id),)
        )


def test_only_the_author_moves_in_a_draft_and_a_finalised_one_has_no_position(
    bench: Bench, officer: Services
) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    colleague = bench.services("pc5678")
    with pytest.raises(NotAllowedError):
        colleague.screenings.save_position(screening_id=draft.id, page="health", item_code=None)
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete_and_finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])
    with pytest.raises(WrongStateError):
        officer.screenings.save_position(screening_id=draft.id, page="health", item_code=None)


def test_complete_and_finalise_checks_the_passphrase_before_writing_anything(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    # A hidden answer: A9b only shows when A9a is yes. It stays in the draft until completion.
    officer.screenings.answer(screening_id=draft.id, item_code="A9b", value="yes")
    before = officer.screenings.get(screening_id=draft.id).answer_values()

    with pytest.raises(PassphraseRejectedError):
        officer.screenings.complete_and_finalise(screening_id=draft.id, passphrase="not my passphrase")
    after = officer.screenings.get(screening_id=draft.id)
    assert after.status is ScreeningStatus.DRAFT
    assert after.answer_values() == before and "A9b" in before

    finalised = officer.screenings.complete_and_finalise(
        screening_id=draft.id, passphrase=PASSPHRASES["pc1234"]
    )
    assert finalised.status is ScreeningStatus.FINALISED
    assert "A9b" not in finalised.answer_values()  # dropped at completion, as always


def test_complete_and_finalise_refuses_an_incomplete_draft_without_the_passphrase(
    officer: Services,
) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    with pytest.raises(IncompleteError) as raised:
        officer.screenings.complete_and_finalise(screening_id=draft.id, passphrase="wrong anyway")
    assert "A8" in raised.value.missing
    assert officer.screenings.get(screening_id=draft.id).status is ScreeningStatus.DRAFT


def test_display_preferences_are_kept_per_user_inside_the_station(bench: Bench, officer: Services) -> None:
    assert officer.settings.preferences() == UserPreferences()
    chosen = UserPreferences(font_scale=2.0, high_contrast=True, easy_read=True, interface_language="cy",
                             form_language="cy")
    assert officer.settings.save_preferences(preferences=chosen) == chosen

    colleague = bench.services("pc5678")
    assert colleague.settings.preferences() == UserPreferences()
    officer.session.station.lock()
    assert bench.services("pc1234").settings.preferences() == chosen
    with pytest.raises(InvalidInputError):
        colleague.settings.save_preferences(
            preferences=UserPreferences.model_construct(font_scale=9.0)
        )
    with pytest.raises(InvalidInputError):
        colleague.settings.save_preferences(
            preferences=UserPreferences.model_construct(interface_language="Welsh; DROP")
        )
