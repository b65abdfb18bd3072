"""Key slots: Argon2id -> AES-GCM -> X25519 wrap of the database key, bound to station and user id."""

from __future__ import annotations

import base64
import json
import os
import stat
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from argon2.low_level import Type, hash_secret_raw

from screening.store import keyslots
from screening.store.errors import KeySlotError, LoginFailedError, PassphrasePolicyError, UserError
from screening.store.keyslots import (
    INSECURE_TEST_KDF,
    PRODUCTION_KDF,
    KeySlotFile,
    check_passphrase,
    default_kdf,
    make_slot,
    new_database_key,
    normalise_recovery_key,
    normalise_user_id,
    open_slot,
    rewrap_slot,
)

STATION = "station-1"
PASS = "a long enough passphrase"


def _slot(slot_id: str = "alice", key: bytearray | None = None, **kwargs: object) -> keyslots.KeySlot:
    return make_slot(
        station_id=STATION,
        slot_id=slot_id,
        secret=PASS,
        db_key=key if key is not None else new_database_key(),
        kdf=INSECURE_TEST_KDF,
        **kwargs,  # type: ignore[arg-type]
    )


def test_production_parameters_are_argon2id_with_at_least_64_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keyslots.TEST_KDF_ENV, raising=False)
    assert default_kdf() == PRODUCTION_KDF
    assert PRODUCTION_KDF.algorithm == "argon2id" and PRODUCTION_KDF.version == 19
    assert PRODUCTION_KDF.memory_kib >= 64 * 1024
    assert PRODUCTION_KDF.time_cost >= 2
    assert PRODUCTION_KDF.parallelism >= 1
    # derive() really is Argon2id (type ID) with these numbers; checked on cheap settings.
    expected = hash_secret_raw(b"secret", b"s" * 16, 1, 8, 1, 32, Type.ID)
    assert INSECURE_TEST_KDF.derive(b"secret", b"s" * 16) == expected


def test_test_parameters_only_through_the_explicit_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keyslots.TEST_KDF_ENV, "1")
    assert default_kdf() == INSECURE_TEST_KDF
    monkeypatch.setenv(keyslots.TEST_KDF_ENV, "yes")
    assert default_kdf() == PRODUCTION_KDF


def test_slot_opens_with_its_passphrase_and_yields_the_database_key() -> None:
    key = new_database_key()
    slot = _slot(key=key)
    opened = open_slot(slot, station_id=STATION, secret=PASS)
    assert opened.db_key == key and opened.next_db_key is None
    opened.wipe()
    assert opened.db_key == bytearray(32)


def test_wrong_passphrase_is_refused() -> None:
    with pytest.raises(LoginFailedError):
        open_slot(_slot(), station_id=STATION, secret=PASS + "x")


def test_passphrase_is_normalised_so_composed_and_decomposed_input_match() -> None:
    key = new_database_key()
    slot = make_slot(
        station_id=STATION, slot_id="a", secret="caf\u00e9 au lait please", db_key=key, kdf=INSECURE_TEST_KDF
    )
    assert open_slot(slot, station_id=STATION, secret="cafe\u0301 au lait please").db_key == key


def test_slot_moved_to_another_user_id_does_not_open() -> None:
    slot = _slot("alice")
    moved = replace(slot, slot_id="bob")
    with pytest.raises(LoginFailedError):
        open_slot(moved, station_id=STATION, secret=PASS)


def test_slot_of_another_station_does_not_open() -> None:
    with pytest.raises(LoginFailedError):
        open_slot(_slot(), station_id="station-2", secret=PASS)


@pytest.mark.parametrize(
    "change",
    [
        lambda s: replace(s, must_change=not s.must_change),
        lambda s: replace(s, kind="recovery"),
        lambda s: replace(s, public_key=bytes(32)),
        lambda s: replace(s, kdf=replace(s.kdf, time_cost=2)),
        lambda s: replace(s, salt=bytes(16)),
    ],
    ids=["must_change", "kind", "public_key", "kdf", "salt"],
)
def test_altered_slot_fields_do_not_open(change: object) -> None:
    slot = _slot()
    with pytest.raises(LoginFailedError):
        open_slot(change(slot), station_id=STATION, secret=PASS)  # type: ignore[operator]


def test_rewrap_with_only_the_public_key_gives_the_new_key() -> None:
    old, new = new_database_key(), new_database_key()
    slot = _slot(key=old)
    transitional = rewrap_slot(slot, station_id=STATION, db_key=old, next_db_key=new)
    opened = open_slot(transitional, station_id=STATION, secret=PASS)
    assert opened.db_key == old and opened.next_db_key == new
    final = rewrap_slot(slot, station_id=STATION, db_key=new)
    assert open_slot(final, station_id=STATION, secret=PASS).db_key == new


def test_slot_file_round_trip_private_atomic_and_without_the_key(tmp_path: Path) -> None:
    key = new_database_key()
    path = tmp_path / "station.keys.json"
    slots = KeySlotFile(path, STATION)
    slots.put(_slot("alice", key))
    slots.put(_slot(keyslots.RECOVERY_SLOT_ID, key, kind="recovery"))
    slots.save()
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["station.keys.json"]  # no temp file left
    text = path.read_text()
    for encoding in (key.hex(), base64.b64encode(key).decode()):
        assert encoding not in text
    loaded = KeySlotFile.load(path)
    assert loaded.slot_ids() == ["#recovery", "alice"]
    slot = loaded.get("alice")
    assert slot is not None
    assert open_slot(slot, station_id=loaded.station_id, secret=PASS).db_key == key


def test_slot_file_problems_are_clear(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    with pytest.raises(KeySlotError, match="missing"):
        KeySlotFile.load(path)
    path.write_text("{not json")
    with pytest.raises(KeySlotError, match="cannot be read"):
        KeySlotFile.load(path)
    path.write_text(json.dumps({"format": "other"}))
    with pytest.raises(KeySlotError, match="format"):
        KeySlotFile.load(path)
    good = KeySlotFile(path, STATION)
    good.put(_slot())
    document = good.to_json()
    document["slots"]["alice"]["kdf"]["algorithm"] = "scrypt"
    path.write_text(json.dumps(document))
    with pytest.raises(KeySlotError):
        KeySlotFile.load(path)


def test_passphrase_rules() -> None:
    with pytest.raises(PassphrasePolicyError, match="12"):
        check_passphrase("elevenchars")
    with pytest.raises(PassphrasePolicyError):
        check_passphrase("   short    padded   ".replace(" ", "") + "   ")
    with pytest.raises(PassphrasePolicyError):
        check_passphrase("pc1234567890", user_id="PC1234567890")
    with pytest.raises(PassphrasePolicyError):
        check_passphrase("x" * 1025)
    check_passphrase("twelve chars")


def test_user_ids_are_normalised_and_checked() -> None:
    assert normalise_user_id("  PC1234 ") == "pc1234"
    assert normalise_user_id("a.b-c_d@e") == "a.b-c_d@e"
    for bad in ("", "#recovery", "has space", "x" * 65, "-leading"):
        with pytest.raises(UserError):
            normalise_user_id(bad)


def test_recovery_keys_are_typed_forgivingly() -> None:
    key = keyslots.generate_recovery_key()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert normalise_recovery_key(key.lower().replace("-", " ")) == key
    assert normalise_recovery_key("0o1i8b") == "OOII-BB"


def test_wrapping_uses_fresh_randomness_each_time() -> None:
    key = new_database_key()
    a, b = _slot(key=key), _slot(key=key)
    assert a.salt != b.salt and a.public_key != b.public_key
    assert a.db_key.ciphertext != b.db_key.ciphertext
    assert os.urandom(1) is not None
