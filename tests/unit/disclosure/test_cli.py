"""`screening disclosures` and `screening verify-pdf`, run for real in a subprocess against a
station made through the services (cheap Argon2id; the passphrase read from a file)."""

from __future__ import annotations

from pathlib import Path

from screening.domain.enums import LegalBasisKind, Recipient
from screening.domain.models import LegalBasis
from screening.services import Services
from screening.services.disclose import DisclosureRequest
from tests.unit.cli.conftest import base_env, run_cli
from tests.unit.disclosure.conftest import PASSPHRASES, Bench, finalised_custody

BASIS = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="2", purpose="Case file")


def _env(bench: Bench, tmp_path: Path, user: str) -> dict[str, str]:
    secret = tmp_path / f"{user}.txt"
    secret.write_text(PASSPHRASES[user] + "\n", encoding="utf-8")
    secret.chmod(0o600)
    env = base_env(bench.home)
    env["SCREENING_PASSPHRASE_FILE"] = str(secret)
    return env


def test_disclosures_lists_the_log_and_verify_pdf_finds_the_entry(
        bench: Bench, officer: Services, tmp_path: Path) -> None:
    screening = finalised_custody(officer)
    made = officer.disclosures.disclose(DisclosureRequest(
        screening_id=screening.id, recipient=Recipient.CPS, purpose="Charging decision",
        legal_basis=BASIS))
    other = finalised_custody(officer)
    officer.disclosures.disclose(DisclosureRequest(
        screening_id=other.id, recipient=Recipient.POLICE, purpose="Handover",
        legal_basis=BASIS))
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(made.content)
    officer.session.station.lock()
    env = _env(bench, tmp_path, "pc1234")

    listed = run_cli(["disclosures", "--user", "pc1234"], env)
    assert listed.code == 0, listed
    assert len(listed.out.splitlines()) == 2 and "2 disclosures" in listed.err
    assert str(made.document_id) in listed.out and made.entry.sha256 in listed.out
    only = run_cli(["disclosures", "--user", "pc1234", "--person", str(screening.person_id)], env)
    assert only.code == 0 and len(only.out.splitlines()) == 1, only
    assert "Kowalski" not in listed.out + only.out  # ids only, never names

    found = run_cli(["verify-pdf", str(pdf), "--user", "pc1234"], env)
    assert found.code == 0, found
    assert f"document {made.document_id}" in found.out
    assert "for cps (summary)" in found.out and "revision not amended since" in found.out

    # Amend and finalise: the PDF's revision has since been amended.
    services = bench.services("pc1234")
    amended = services.screenings.amend(screening_id=screening.id, reason="A7 misheard")
    services.screenings.complete(screening_id=amended.id)
    services.screenings.finalise(screening_id=amended.id, passphrase=PASSPHRASES["pc1234"])
    services.session.station.lock()
    again = run_cli(["verify-pdf", str(pdf), "--user", "pc1234"], env)
    assert again.code == 0 and "revision since amended" in again.out, again
    assert str(amended.id) in again.out

    changed = tmp_path / "changed.pdf"
    changed.write_bytes(made.content.replace(b"%%EOF", b"%%EOF\n%"))
    missing = run_cli(["verify-pdf", str(changed), "--user", "pc1234"], env)
    assert missing.code == 1 and "no disclosure" in missing.out, missing


def test_verify_pdf_without_a_user_prints_the_hash_and_asks_for_one(bench: Bench,
                                                                     tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    result = run_cli(["verify-pdf", str(pdf)], base_env(bench.home))
    assert result.code == 2 and result.out.startswith("sha256 "), result
    assert "--user" in result.err


def test_a_wrong_passphrase_is_one_line(bench: Bench, tmp_path: Path) -> None:
    secret = tmp_path / "wrong.txt"
    secret.write_text("not the passphrase\n", encoding="utf-8")
    secret.chmod(0o600)
    env = base_env(bench.home)
    env["SCREENING_PASSPHRASE_FILE"] = str(secret)
    result = run_cli(["disclosures", "--user", "pc1234"], env)
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result
