"""The wire protocol on its own: content hashes, sealing and opening envelopes, signed changes, and
that the push and response Bundles are valid FHIR R4."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import given
from hypothesis import strategies as st
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from screening.domain.enums import Role
from sync.protocol import (
    IDEMPOTENCY_KEY_SYSTEM,
    BatchResponse,
    ChangeSignatureError,
    Directive,
    DirectiveAction,
    EntryResponse,
    EnvelopeDecryptError,
    EnvelopeError,
    EnvelopeFormatError,
    EnvelopeRecipientError,
    EnvelopeSignatureError,
    EnvelopeStationMismatchError,
    EnvelopeUnknownStationError,
    FormVersionChange,
    Identifier,
    OpenedEnvelope,
    ProtocolError,
    PushBundle,
    PushEntry,
    ResponseEntry,
    SyncError,
    canonical_json,
    content_hash,
    open_sealed,
    open_sealed_record,
    operation_outcome,
    read_batch_response,
    seal,
    sign_change,
    verify_change,
)
from tests.sync.helpers import patient, questionnaire_response

STATION = "station-a"
CENTRE = PrivateKey.generate()
STATION_KEY = SigningKey.generate()
OTHER_KEY = SigningKey.generate()
MARKER = "PLANTED-MARKER-7f3a"


def _lookup(station_id: str) -> VerifyKey | None:
    return {STATION: STATION_KEY.verify_key, "station-b": OTHER_KEY.verify_key}.get(station_id)


def _seal(
    resource: dict[str, object], *, key: SigningKey = STATION_KEY, station_id: str = STATION, **kwargs: object
) -> bytes:
    return seal(
        resource,
        resource_type=str(resource["resourceType"]),
        resource_id=str(resource["id"]),
        author_id="user-1",
        role=Role.CUSTODY_OFFICER,
        station_id=station_id,
        signing_key=key,
        centre_public_key=CENTRE.public_key,
        **kwargs,
    )  # type: ignore[arg-type]


def _open(envelope: bytes, *, expected: str | None = STATION) -> OpenedEnvelope:
    return open_sealed(
        envelope, centre_private_key=CENTRE, station_verify_key_lookup=_lookup, expected_station_id=expected
    )


ENVELOPE = _seal(questionnaire_response("3c1d7e2a-1111-4111-8111-111111111111"))


# --- content hash ---------------------------------------------------------------------------


def test_content_hash_is_sha256_of_rfc8785_json_without_meta() -> None:
    resource = {"resourceType": "Patient", "id": "x", "meta": {"versionId": "3"}, "active": True}
    expected = hashlib.sha256(b'{"active":true,"id":"x","resourceType":"Patient"}').hexdigest()
    assert content_hash(resource) == expected


def test_content_hash_ignores_key_order_and_meta_but_not_content() -> None:
    a = patient("p", family="Jones")
    b = dict(reversed(list(a.items())), meta={"lastUpdated": "2024-01-01T00:00:00Z"})
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(patient("p", family="Jonas"))


def test_content_hash_refuses_what_json_cannot_carry() -> None:
    with pytest.raises(ValueError):
        content_hash({"resourceType": "Patient", "id": "x", "n": float("nan")})


# --- sealing --------------------------------------------------------------------------------


def test_an_envelope_opens_to_what_was_sealed() -> None:
    resource = patient("0d8e3c84-2222-4222-8222-222222222222")
    envelope = _seal(resource, base_version=3)
    opened = _open(envelope)
    assert opened.resource == resource
    assert (opened.resource_type, opened.resource_id) == ("Patient", resource["id"])
    assert (opened.station_id, opened.author_id, opened.role) == (STATION, "user-1", Role.CUSTODY_OFFICER)
    assert opened.base_version == 3
    assert opened.content_hash == content_hash(resource)
    STATION_KEY.verify_key.verify(opened.signed_payload(), opened.signature)


def test_an_envelope_reveals_nothing_of_the_record() -> None:
    resource = patient("0d8e3c84-3333-4333-8333-333333333333", family=MARKER)
    envelope = _seal(resource)
    assert MARKER.encode() in canonical_json(resource)  # positive control
    for text in (envelope, base64.b64decode(json.loads(envelope)["sealed"])):
        assert MARKER.encode() not in text
        assert b"Patient" not in text
        assert STATION.encode() not in text


def test_seal_refuses_what_the_centre_would_refuse() -> None:
    resource = questionnaire_response()
    common = {
        "author_id": "u",
        "role": Role.ADMIN,
        "station_id": STATION,
        "signing_key": STATION_KEY,
        "centre_public_key": CENTRE.public_key,
    }
    with pytest.raises(ValueError, match="not a type that syncs"):
        seal(
            {**resource, "resourceType": "Observation"},
            resource_type="Observation",
            resource_id=resource["id"],
            **common,
        )  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must match"):
        seal(resource, resource_type="QuestionnaireResponse", resource_id="other", **common)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="immutable"):
        _seal(resource, base_version=1)


def _flip(data: bytes, bit: int) -> bytes:
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


@given(st.integers(min_value=0, max_value=len(ENVELOPE) * 8 - 1))
def test_any_flipped_bit_in_an_envelope_is_refused(bit: int) -> None:
    with pytest.raises(EnvelopeError):
        _open(_flip(ENVELOPE, bit))


def test_a_flipped_bit_in_the_ciphertext_fails_decryption() -> None:
    outer = json.loads(ENVELOPE)
    sealed = bytearray(base64.b64decode(outer["sealed"]))
    sealed[len(sealed) // 2] ^= 0x01
    outer["sealed"] = base64.b64encode(bytes(sealed)).decode()
    with pytest.raises(EnvelopeDecryptError, match="could not be decrypted"):
        _open(canonical_json(outer))


def test_an_envelope_signed_for_another_station_is_refused() -> None:
    envelope = _seal(questionnaire_response(), key=OTHER_KEY, station_id="station-b")
    with pytest.raises(EnvelopeStationMismatchError, match="different station"):
        _open(envelope, expected=STATION)
    assert _open(envelope, expected="station-b").station_id == "station-b"


def test_an_envelope_signed_with_another_stations_key_is_refused() -> None:
    envelope = _seal(questionnaire_response(), key=OTHER_KEY, station_id=STATION)
    with pytest.raises(EnvelopeSignatureError, match="signature does not verify"):
        _open(envelope)


def test_an_envelope_from_an_unknown_station_is_refused() -> None:
    envelope = _seal(questionnaire_response(), station_id="station-z")
    with pytest.raises(EnvelopeUnknownStationError):
        _open(envelope, expected=None)


def test_an_envelope_sealed_to_another_centre_is_refused() -> None:
    resource = questionnaire_response("q")
    envelope = seal(
        resource,
        resource_type="QuestionnaireResponse",
        resource_id="q",
        author_id="u",
        role=Role.CUSTODY_OFFICER,
        station_id=STATION,
        signing_key=STATION_KEY,
        centre_public_key=PrivateKey.generate().public_key,
    )
    with pytest.raises(EnvelopeRecipientError):
        _open(envelope)


def _hand_sealed(payload: dict[str, object], key: SigningKey = STATION_KEY) -> bytes:
    signed = key.sign(canonical_json(payload))
    sealed = SealedBox(CENTRE.public_key).encrypt(bytes(signed))
    return canonical_json(
        {
            "format": "waypoint-sealed-envelope/1",
            "recipient": json.loads(ENVELOPE)["recipient"],
            "sealed": base64.b64encode(sealed).decode(),
        }
    )


def _payload(resource: dict[str, object], **changes: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "format": "waypoint-signed-payload/1",
        "station_id": STATION,
        "author_id": "u",
        "role": "custody_officer",
        "resource_type": resource["resourceType"],
        "resource_id": resource["id"],
        "content_hash": content_hash(resource),
        "base_version": None,
        "sealed_at": datetime(2024, 5, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        "resource": resource,
    }
    payload.update(changes)
    return payload


def test_a_correctly_signed_payload_that_lies_is_still_refused() -> None:
    resource = questionnaire_response()
    assert _open(_hand_sealed(_payload(resource))).resource == resource  # control
    cases = {
        "content hash": _payload(resource, content_hash="0" * 64),
        "type": _payload(resource, resource_type="Flag"),
        "id": _payload(resource, resource_id="another"),
        "role": _payload(resource, role="chief_constable"),
        "format": _payload(resource, format="waypoint-signed-payload/9"),
    }
    for case, payload in cases.items():
        with pytest.raises(EnvelopeFormatError):
            _open(_hand_sealed(payload))
            pytest.fail(f"a payload with a wrong {case} was accepted")


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"meta": {"versionId": "2", "lastUpdated": "2024-05-01T00:00:00Z"}},
        {"name": [{"family": "Siân Ó Ceallaigh 😀", "given": ["Llŷr"]}]},
        {"x": 1.5, "y": 1e21},  # off the fast path: floats, which JCS writes as ECMAScript does
        {"n": -(2**53) + 1, "flag": False, "none": None},
    ],
)
def test_an_opened_record_carries_the_resources_json_text(extra: dict[str, object]) -> None:
    resource = {**patient("0d8e3c84-4444-4444-8444-444444444444"), **extra}
    record = open_sealed_record(
        _seal(resource), centre_private_key=CENTRE, station_verify_key_lookup=_lookup,
        expected_station_id=STATION,
    )
    assert record.envelope.resource == resource
    assert record.payload == record.envelope.signed_payload()
    assert json.loads(record.resource_json) == resource
    assert record.envelope.content_hash == content_hash(resource)
    if "x" not in extra:  # the fast path: the canonical text itself
        assert record.resource_json == canonical_json(resource)


def test_an_envelope_in_another_spelling_is_refused() -> None:
    """The outer envelope is compared with its canonical text without escaping it again: any other
    spelling of the same JSON (spaces, key order, escapes a canonical writer does not use) is
    still refused, and the canonical one opens."""
    outer = json.loads(ENVELOPE)
    assert canonical_json(outer) == ENVELOPE
    first = outer["sealed"][:1].encode()
    spellings = [
        json.dumps(outer, sort_keys=True).encode(),
        json.dumps(dict(reversed(list(outer.items()))), separators=(",", ":")).encode(),
        ENVELOPE.replace(b'"format":"waypoint', b'"format":"\\u0077aypoint', 1),
        ENVELOPE.replace(b'"sealed":"' + first, b'"sealed":"\\u00' + first.hex().encode(), 1),
    ]
    for text in spellings:
        assert json.loads(text) == outer
        with pytest.raises(EnvelopeFormatError):
            _open(text)
    assert _open(ENVELOPE).resource_id == "3c1d7e2a-1111-4111-8111-111111111111"


def test_open_sealed_names_every_failure_with_a_reason_code() -> None:
    errors = [
        EnvelopeDecryptError,
        EnvelopeSignatureError,
        EnvelopeStationMismatchError,
        EnvelopeUnknownStationError,
        EnvelopeRecipientError,
        EnvelopeFormatError,
    ]
    assert {error.reason for error in errors} == {
        SyncError.ENVELOPE_DAMAGED,
        SyncError.ENVELOPE_SIGNATURE,
        SyncError.ENVELOPE_STATION_MISMATCH,
        SyncError.ENVELOPE_UNKNOWN_STATION,
        SyncError.ENVELOPE_RECIPIENT,
        SyncError.ENVELOPE_FORMAT,
    }


# --- FHIR shape of the Bundles --------------------------------------------------------------


def test_push_bundle_and_batch_response_are_valid_fhir_r4_bundles() -> None:
    resource = questionnaire_response()
    bundle = PushBundle(entry=[PushEntry.of("QuestionnaireResponse", resource["id"], _seal(resource))])
    assert Bundle.model_validate_json(bundle.to_json()).type == "batch"
    response = BatchResponse(
        id="r1",
        timestamp=datetime.now(UTC),
        identifier=Identifier(system=IDEMPOTENCY_KEY_SYSTEM, value="k1"),
        entry=[
            ResponseEntry(
                response=EntryResponse(
                    status="409", outcome=operation_outcome(SyncError.CONFLICT, "held with different content")
                )
            )
        ],
    )
    parsed = Bundle.model_validate_json(response.to_json())
    assert parsed.type == "batch-response"
    assert parsed.entry[0].response.outcome.get_resource_type() == "OperationOutcome"


def _response(entries: list[EntryResponse], key: str = "k1") -> bytes:
    return BatchResponse(
        id="r",
        timestamp=datetime.now(UTC),
        identifier=Identifier(value=key),
        entry=[ResponseEntry(response=e) for e in entries],
    ).to_json()


def test_a_client_accepts_only_the_response_to_its_own_batch() -> None:
    resource = questionnaire_response()
    bundle = PushBundle(entry=[PushEntry.of("QuestionnaireResponse", resource["id"], _seal(resource))])
    good = EntryResponse(status="201", location=f"QuestionnaireResponse/{resource['id']}/_history/1")
    (result,) = read_batch_response(bundle, _response([good]), idempotency_key="k1")
    assert (result.status, result.version, result.accepted) == (201, 1, True)
    with pytest.raises(ProtocolError, match="different batch"):
        read_batch_response(bundle, _response([good], key="k2"), idempotency_key="k1")
    with pytest.raises(ProtocolError, match="2 entries for 1"):
        read_batch_response(bundle, _response([good, good]), idempotency_key="k1")
    wrong = EntryResponse(status="200", location="QuestionnaireResponse/another/_history/1")
    with pytest.raises(ProtocolError, match="location"):
        read_batch_response(bundle, _response([wrong]), idempotency_key="k1")
    with pytest.raises(ProtocolError, match="not a batch-response"):
        read_batch_response(bundle, b'{"resourceType": "OperationOutcome"}', idempotency_key="k1")
    refused = EntryResponse(status="409", outcome=operation_outcome(SyncError.CONFLICT, "changed"))
    (result,) = read_batch_response(bundle, _response([refused]), idempotency_key="k1")
    assert (result.status, result.reason, result.accepted) == (409, SyncError.CONFLICT, False)


# --- signed changes -------------------------------------------------------------------------


def test_changes_verify_only_with_the_centres_key_and_untouched() -> None:
    centre_signing = SigningKey.generate()
    content = "id: custody-screen\nversion: 1.0.1\n"
    change = sign_change(
        FormVersionChange(
            form_id="custody-screen",
            version="1.0.1",
            content=content,
            content_sha256=hashlib.sha256(content.encode()).hexdigest(),
            published_at=datetime.now(UTC),
        ),
        centre_signing,
    )
    verify_change(change, centre_signing.verify_key)
    verify_change(change.model_copy(update={"change_id": 99}), centre_signing.verify_key)  # not signed
    with pytest.raises(ChangeSignatureError):
        verify_change(change, SigningKey.generate().verify_key)
    with pytest.raises(ChangeSignatureError):
        verify_change(change.model_copy(update={"content": content + "x: 1\n"}), centre_signing.verify_key)
    directive = sign_change(
        Directive(
            action=DirectiveAction.USER_REVOKED, station_id="s", user_id="u", issued_at=datetime.now(UTC)
        ),
        centre_signing,
    )
    verify_change(directive, centre_signing.verify_key)
    with pytest.raises(ChangeSignatureError):
        verify_change(directive.model_copy(update={"station_id": "t"}), centre_signing.verify_key)
