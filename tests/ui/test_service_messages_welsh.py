"""The services' messages shown to the user, in Welsh at the UI boundary: every message the UI
translates is one the services really raise (word for word), a known message comes out in Welsh,
any other error meant for the user gets a Welsh sentence for its kind, and in English the
services' own words are shown unchanged."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.services.errors import (
    NotAllowedError,
    NotFoundError,
    PassphraseRejectedError,
    StaleRecordError,
    WrongStateError,
)
from screening.ui.common import SERVICE_MESSAGES, failure_text, service_error_text
from screening.ui.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]


def _service_strings() -> set[str]:
    found: set[str] = set()
    for folder in ("services", "store"):
        for path in (ROOT / "screening" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return found


@pytest.fixture
def welsh(qapp: object) -> Iterator[None]:
    set_language("cy")
    yield
    set_language("en")


def test_every_translated_message_is_one_the_services_raise() -> None:
    strings = _service_strings()
    assert sorted(m for m in SERVICE_MESSAGES if m not in strings) == []


def test_known_messages_in_welsh_others_by_kind(welsh: None) -> None:
    stale = StaleRecordError("Someone saved changes to this person while you were editing. "
                             "Reload the record, check it and make your change again.")
    assert service_error_text(stale) == (
        "Cadwodd rhywun newidiadau i'r person hwn tra oeddech chi'n golygu. Ail-lwythwch y "
        "cofnod, gwiriwch ef a gwnewch eich newid eto.")
    # A message made with values: the sentence for its kind, in Welsh.
    assert service_error_text(WrongStateError("This revision has already been amended "
                                              "(revision 3, draft).")).startswith("Dydy cyflwr")
    assert service_error_text(NotFoundError("x")).startswith("Dydy'r cofnod hwnnw ddim")
    assert service_error_text(NotAllowedError("x")).startswith("Dydy eich rôl")
    assert service_error_text(PassphraseRejectedError("x")).startswith("Dydy'r cyfrinymadrodd")
    assert service_error_text(ValueError("internal")) is None
    assert failure_text(ValueError("internal")).startswith("Aeth rhywbeth o'i le")
    assert "(ValueError)" in failure_text(ValueError("internal"))


def test_in_english_the_services_words_are_shown_unchanged(qapp: object) -> None:
    message = "This revision has already been amended (revision 3, draft). Open the latest."
    assert service_error_text(WrongStateError(message)) == message
