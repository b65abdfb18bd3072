"""MUST SHOW: the sealed outbox. With the station locked (no passphrase anywhere, the push run as
`screening sync` in another process) the outbox is sent; no file the station keeps outside its
database holds a marker planted in the screening, while the positive controls find it in the
plaintext (the outbox row, the opened envelope, the record the centre stored); a flipped bit in an
envelope, or an envelope signed by another station, is refused by the centre (and quarantined by
the station with the centre's reason)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from nacl.signing import VerifyKey
from sqlalchemy import select

from screening.checklist.loader import FormLibrary
from screening.services.sealing import load_signing_key
from screening.services.sync_state import envelope_name
from sync.client import PushOutcome, SyncClient
from sync.protocol import AgencyType, canonical_json, decode_verify_key, open_sealed, seal
from sync.server.db import resources
from tests.sync.conftest import ROOT, Central
from tests.sync.stations import custody_revision, make_station

SEALED_REASONS = {"envelope-damaged", "envelope-format", "envelope-signature", "envelope-station-mismatch"}


def station_files(home: Path) -> list[Path]:
    """Everything sync keeps outside the encrypted database."""
    return [p for folder in (home / "outbox", home / "sync") if folder.exists() for p in folder.rglob("*")
            if p.is_file()]


def screening_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENING_")}
    env["SCREENING_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "screening.cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def centre_body(central: Central, resource_type: str, resource_id: str) -> str | None:
    with central.engine.connect() as connection:
        body = connection.execute(
            select(resources.c.body).where(
                resources.c.resource_type == resource_type, resources.c.resource_id == resource_id
            )
        ).scalar_one_or_none()
    return None if body is None else json.dumps(body)


def test_the_locked_station_sends_and_its_files_reveal_nothing(
    tmp_path: Path, library: FormLibrary, central_pg: Central
) -> None:
    marker = f"CANARY{uuid.uuid4().hex[:12].upper()}"
    station = make_station(tmp_path / "station", library)
    station.enrol(central_pg, AgencyType.POLICE)
    officer = station.services("pc1")
    revision = custody_revision(officer, flagged=True, feeling=f"I feel {marker} today")
    rows = {entry.resource_id: entry for entry in officer.outbox.pending()}
    assert marker in json.dumps(rows[str(revision.id)].payload)  # positive control: the plaintext
    officer.lock()
    assert all(opened.locked for opened in station.opened)

    files = station_files(station.home)
    assert any(p.suffix == ".env" for p in files)
    needles = [marker.encode(), marker.lower().encode(), base64.b64encode(marker.encode())[:12]]
    for path in files:
        data = path.read_bytes()
        assert not any(needle in data for needle in needles), path
    # Positive control: the centre's key opens the envelope and the marker is inside.
    envelope = next(p for p in files if p.name.endswith(".env") and str(revision.id) in p.name)
    opened = open_sealed(
        envelope.read_bytes(),
        centre_private_key=central_pg.keys.encryption,
        station_verify_key_lookup=lambda _sid: load_verify_key(station.home),
    )
    assert marker in json.dumps(opened.resource)
    assert (opened.author_id, opened.role.value) == ("pc1", "custody_officer")

    # Locked: a separate process with no passphrase and no terminal sends everything.
    result = screening_cli("sync", home=station.home)
    assert result.returncode == 0, result.stderr
    assert "push complete" in result.stdout and "0 waiting" in result.stdout
    assert station.folder.envelopes() == []
    stored = centre_body(central_pg, "QuestionnaireResponse", str(revision.id))
    assert stored is not None and marker in stored  # the centre holds the screening whole
    for path in station_files(station.home):  # what is left (acknowledgements, state) is clean too
        assert marker.encode() not in path.read_bytes()
    station.lock_all()


def load_verify_key(home: Path) -> VerifyKey:
    document = json.loads((home / "sync" / "signing-key.json").read_text())
    return decode_verify_key(document["public_key"])


def test_a_flipped_bit_or_another_stations_signature_is_refused(
    tmp_path: Path, library: FormLibrary, central_pg: Central
) -> None:
    ours = make_station(tmp_path / "ours", library)
    theirs = make_station(tmp_path / "theirs", library, name="Another Suite")
    enrolment = ours.enrol(central_pg, AgencyType.POLICE)
    theirs.enrol(central_pg, AgencyType.POLICE, agency_id=ours.agency_id)
    officer = ours.services("pc1")
    for _ in range(3):
        custody_revision(officer, flagged=True)
    other_officer = theirs.services("pc1")
    foreign = custody_revision(other_officer)
    their_key = load_signing_key(other_officer.session, theirs.folder)
    officer.lock()
    other_officer.lock()

    envelopes = ours.folder.envelopes()
    refused: dict[str, str] = {}
    # 1. A bit flipped anywhere in an envelope file.
    raw_victim = envelopes[0]
    data = bytearray(raw_victim.read())
    data[len(data) // 3] ^= 0x04
    raw_victim.path.write_bytes(bytes(data))
    refused[raw_victim.path.name] = "raw"
    # 2. A bit flipped in the ciphertext itself (the envelope otherwise well formed).
    box_victim = envelopes[1]
    outer = json.loads(box_victim.read())
    sealed = bytearray(base64.b64decode(outer["sealed"]))
    sealed[len(sealed) // 2] ^= 0x01
    outer["sealed"] = base64.b64encode(bytes(sealed)).decode("ascii")
    box_victim.path.write_bytes(canonical_json(outer))
    refused[box_victim.path.name] = "envelope-damaged"
    # 3. Another station's own envelope, sent with our credential.
    stolen = next(e for e in theirs.folder.envelopes() if e.resource_id == str(foreign.id))
    stolen_name = envelope_name(seq=900001, resource_type=stolen.resource_type,
                                resource_id=stolen.resource_id, version=stolen.version)
    (ours.folder.outbox_dir / stolen_name).write_bytes(stolen.read())
    refused[stolen_name] = "envelope-station-mismatch"
    # 4. A record naming our station but signed with the other station's key.
    victim = envelopes[2]
    opened = open_sealed(
        victim.read(),
        centre_private_key=central_pg.keys.encryption,
        station_verify_key_lookup=lambda _sid: load_verify_key(ours.home),
    )
    forged = seal(
        opened.resource,
        resource_type=opened.resource_type,
        resource_id=opened.resource_id,
        author_id=opened.author_id,
        role=opened.role,
        station_id=enrolment.station_id,
        signing_key=their_key,
        centre_public_key=central_pg.keys.encryption.public_key,
    )
    victim.path.write_bytes(forged)
    refused[victim.path.name] = "envelope-signature"

    with SyncClient(ours.folder) as client:
        report = client.push()
    assert report.outcome is PushOutcome.DONE
    assert report.quarantined == len(refused)
    reasons = {item.name: item for item in ours.folder.quarantined()}
    assert set(reasons) == set(refused)
    for name, expected in refused.items():
        item = reasons[name]
        assert item.status == 422
        assert item.reason in SEALED_REASONS
        if expected != "raw":
            assert item.reason == expected, (name, item.reason)
        assert centre_body(central_pg, item.resource_type, item.resource_id) is None or (
            item.resource_id == str(foreign.id)
        )
    assert centre_body(central_pg, "QuestionnaireResponse", str(foreign.id)) is None  # not via us
    listing = screening_cli("sync", "quarantine", home=ours.home)
    assert listing.returncode == 0 and f"{len(refused)} record(s) need attention" in listing.stdout
    assert "envelope-signature" in listing.stdout
    ours.lock_all()
    theirs.lock_all()
