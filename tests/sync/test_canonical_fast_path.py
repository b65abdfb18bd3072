"""The fast paths of the protocol give exactly what the plain definitions give.

* ``canonical_json`` through the C encoder: byte for byte the rfc8785 package's output, and
  ``_plain_json`` (the test that decides the fast path applies) agrees with its recursive definition.
* ``open_sealed`` checks the signed payload's canonical form and the content hash with one walk
  over the payload: it accepts exactly the payloads whose canonical JSON, as
  ``OpenedEnvelope.signed_payload`` dumps it, are the signed bytes, and the content hash it checks is
  ``content_hash``'s.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey

from sync.protocol import (
    EnvelopeFormatError,
    OpenedEnvelope,
    _plain_json,
    canonical_json,
    content_hash,
    key_id,
    open_sealed,
    open_sealed_payload,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
ASCII_KEYS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | TEXT
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ASCII_KEYS, inner, max_size=4),
    max_leaves=25,
)


class _Level(IntEnum):
    LOW = 1


class _Word(StrEnum):
    YES = "yes"


ANY_KEYS = TEXT | st.sampled_from(["é", "😀", "\ue000", "a", "Z"])
ANY_SCALARS = (
    SCALARS
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([_Level.LOW, _Word.YES, b"bytes", 2**60, -(2**53), 2**53])
)
ANY_VALUES: st.SearchStrategy[Any] = st.recursive(
    ANY_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(ANY_KEYS, inner, max_size=4)
        | st.sets(st.integers(), max_size=2)
    ),
    max_leaves=25,
)


def _plain_json_reference(value: Any) -> bool:
    """The recursive definition the iterative ``_plain_json`` replaces."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -(2**53 - 1) <= value <= 2**53 - 1
    if isinstance(value, dict):
        return all(isinstance(k, str) and k.isascii() and _plain_json_reference(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain_json_reference(v) for v in value)
    return False


@given(VALUES)
def test_fast_path_equals_rfc8785(value: Any) -> None:
    assert _plain_json(value)
    assert canonical_json(value) == rfc8785.dumps(value)


@given(ANY_VALUES)
def test_the_fast_path_test_agrees_with_its_definition(value: Any) -> None:
    assert _plain_json(value) == _plain_json_reference(value)


def test_edge_strings_match() -> None:
    value = {"b": '\x00\x1f\x7f\u2028\u2029"\\/é😀', "a": [1, -(2**53) + 1, True, None]}
    assert canonical_json(value) == rfc8785.dumps(value)


def test_floats_and_non_ascii_keys_take_the_exact_path() -> None:
    for value in ({"x": 1.5}, {"é": 1, "e": 2, "😀": 3}, [{"deep": [1, {"x": 2.0}]}]):
        assert not _plain_json(value)
        assert canonical_json(value) == rfc8785.dumps(value)


def test_integers_beyond_ieee_double_are_refused_as_before() -> None:
    assert not _plain_json({"x": 2**60})
    assert not _plain_json([[{"x": -(2**53)}]])
    with pytest.raises(ValueError, match="not representable"):
        canonical_json({"x": 2**60})


# --- open_sealed's single walk ------------------------------------------------------------------

CENTRE = PrivateKey.generate()
STATION_KEY = SigningKey.generate()
STATION = "station-a"
# JSON values as they come off the wire, floats included (finite: JSON has no others).
WIRE_SCALARS = SCALARS | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
WIRE_VALUES: st.SearchStrategy[Any] = st.recursive(
    WIRE_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_KEYS, inner, max_size=4),
    max_leaves=20,
)


def _payload(resource: dict[str, Any], **changes: Any) -> dict[str, Any]:
    try:
        digest = content_hash(resource)
    except ValueError:
        digest = "0" * 64
    return {
        "format": "waypoint-signed-payload/1",
        "station_id": STATION,
        "author_id": "u",
        "role": "custody_officer",
        "resource_type": "Patient",
        "resource_id": "p",
        "content_hash": digest,
        "base_version": None,
        "sealed_at": "2024-05-01T00:00:00Z",
        "resource": resource,
        **changes,
    }


def _sealed(payload_bytes: bytes) -> bytes:
    sealed = SealedBox(CENTRE.public_key).encrypt(bytes(STATION_KEY.sign(payload_bytes)))
    envelope = {
        "format": "waypoint-sealed-envelope/1",
        "recipient": key_id(CENTRE.public_key),
        "sealed": base64.b64encode(sealed).decode(),
    }
    return canonical_json(envelope)


def _open(envelope: bytes) -> tuple[OpenedEnvelope, bytes]:
    return open_sealed_payload(
        envelope,
        centre_private_key=CENTRE,
        station_verify_key_lookup=lambda sid: STATION_KEY.verify_key if sid == STATION else None,
        expected_station_id=STATION,
    )


def _accepted_by_definition(payload_bytes: bytes) -> bool:
    """What open_sealed accepted before the single walk: the model's own dump, canonical, is the
    signed text, and the content hash is content_hash's."""
    try:
        opened = OpenedEnvelope.model_validate(json.loads(payload_bytes))
        if opened.signed_payload() != payload_bytes:
            return False
        return content_hash(opened.resource) == opened.content_hash
    except ValueError:
        return False


@settings(max_examples=300, deadline=None)
@given(WIRE_VALUES, st.sampled_from(["canonical", "python", "spaced"]))
def test_open_sealed_accepts_exactly_the_canonical_payloads(extra: Any, spelling: str) -> None:
    resource = {"resourceType": "Patient", "id": "p", "meta": {"versionId": "1"}, "extra": extra}
    payload = _payload(resource)
    if spelling == "canonical":
        try:
            text = canonical_json(payload)
        except ValueError:
            return  # nothing a station could seal
    elif spelling == "python":
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        )
    else:
        text = json.dumps(payload, sort_keys=True).encode()
    expected = _accepted_by_definition(text)
    try:
        opened, signed = _open(_sealed(text))
    except EnvelopeFormatError:
        assert not expected
        return
    assert expected
    assert signed == text == opened.signed_payload()
    assert opened.content_hash == content_hash(resource)
    assert opened.resource == json.loads(text)["resource"]


@pytest.mark.parametrize(
    "payload_text",
    [
        # Floats and big integers are canonical only as ECMAScript writes them (the exact path).
        canonical_json(_payload({"resourceType": "Patient", "id": "p", "x": 1.5, "n": 2**60 // 2**10})),
        canonical_json(_payload({"resourceType": "Patient", "id": "p", "é": 1, "😀": [1e21]})),
    ],
)
def test_payloads_off_the_fast_path_open_as_before(payload_text: bytes) -> None:
    opened, signed = _open(_sealed(payload_text))
    assert signed == payload_text == opened.signed_payload()
    assert opened.content_hash == content_hash(opened.resource)


@pytest.mark.parametrize(
    "payload_text",
    [
        # 1.0 is written 1 by JCS; a key order other than the sorted one; a NaN.
        json.dumps(
            _payload({"resourceType": "Patient", "id": "p", "x": 1.0}), sort_keys=True, separators=(",", ":")
        ).encode(),
        json.dumps(_payload({"resourceType": "Patient", "id": "p"}), separators=(",", ":")).encode(),
        json.dumps(
            _payload({"resourceType": "Patient", "id": "p", "x": float("nan")}),
            sort_keys=True,
            separators=(",", ":"),
        ).encode(),
        # The date in another spelling of the same instant; a missing defaulted field.
        canonical_json(
            _payload({"resourceType": "Patient", "id": "p"}, sealed_at="2024-05-01T00:00:00+00:00")
        ),
        canonical_json(
            {k: v for k, v in _payload({"resourceType": "Patient", "id": "p"}).items() if k != "base_version"}
        ),
        # Escaped where JCS writes the character itself.
        json.dumps(
            _payload({"resourceType": "Patient", "id": "p", "name": "é"}),
            sort_keys=True,
            separators=(",", ":"),
        ).encode(),
    ],
)
def test_payloads_not_in_canonical_form_are_refused(payload_text: bytes) -> None:
    assert not _accepted_by_definition(payload_text)
    with pytest.raises(EnvelopeFormatError, match="canonical"):
        open_sealed(
            _sealed(payload_text),
            centre_private_key=CENTRE,
            station_verify_key_lookup=lambda _sid: STATION_KEY.verify_key,
        )


def test_the_opened_payload_is_what_the_station_signed() -> None:
    resource = {"resourceType": "Patient", "id": "p", "meta": {"versionId": "2"}, "name": [{"family": "Ó"}]}
    text = canonical_json(
        _payload(resource, sealed_at=datetime(2024, 5, 1, tzinfo=UTC).isoformat()[:19] + "Z")
    )
    opened, signed = _open(_sealed(text))
    assert signed == text
    STATION_KEY.verify_key.verify(signed, opened.signature)
