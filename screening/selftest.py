"""`screening self-test`: checks that this build (from source or frozen) has what it needs.

Each step returns a ``StepResult``; the command prints one line per step. Later layers add
steps here (station pragmas, PDF rendering, resources).
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    detail: str


def check_sqlcipher() -> str:
    """A temporary encrypted database opens only with its key, and its file is not plain SQLite."""
    import sqlcipher3

    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="screening-selftest-") as folder:
        path = Path(folder) / "probe.db"

        def connect(raw_key: bytes) -> Any:
            conn = sqlcipher3.connect(str(path))
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
            return conn

        conn = connect(key)
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
        conn.execute("CREATE TABLE probe (value TEXT)")
        conn.execute("INSERT INTO probe VALUES ('self-test')")
        conn.commit()
        conn.close()
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("the database file is not encrypted")
        wrong = connect(secrets.token_bytes(32))
        try:
            wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            pass
        else:
            raise RuntimeError("a wrong key opened the database")
        finally:
            wrong.close()
        conn = connect(key)
        try:
            (value,) = conn.execute("SELECT value FROM probe").fetchone()
        finally:
            conn.close()
        if value != "self-test":
            raise RuntimeError("the database did not read back what was written")
    if not str(version).startswith("4."):
        raise RuntimeError(f"SQLCipher {version} found; version 4 is required")
    return f"SQLCipher {version} encrypts and refuses a wrong key"


def check_station() -> str:
    """A temporary station is created, unlocked with its pragmas asserted, and locked again.

    Uses the production key-derivation settings (so it also proves Argon2id can get its memory
    here) unless ``SCREENING_INSECURE_TEST_KDF=1`` is set.
    """
    from screening.store.db import pragma_problems
    from screening.store.station import create_station, unlock

    passphrase = secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="screening-selftest-") as folder:
        home = Path(folder) / "station"
        create_station(
            home, name="Self-test", agency="Self-test", site="Self-test", admin_id="selftest",
            admin_name="Self-test", admin_passphrase=passphrase,
        )
        station = unlock(home, user_id="selftest", passphrase=passphrase)
        try:
            station.db.assert_pragmas()
            problems = pragma_problems(station.db.connection)
            if problems:
                raise RuntimeError("; ".join(problems))
            checks = station.check()
            if not checks.ok:
                raise RuntimeError(str(checks))
            version = station.db.query_value("PRAGMA cipher_version")
        finally:
            station.lock()
        if not station.locked:
            raise RuntimeError("the station did not lock")
        if (home / "station.db").read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("the station database is not encrypted")
    return (f"a temporary station (SQLCipher {version}) was created, unlocked with WAL, "
            "synchronous=FULL, secure_delete and temp_store=MEMORY asserted, checked and locked")


def check_forms() -> str:
    """Every shipped form loads and scores an empty and a sample answer set."""
    from screening.checklist.engine import evaluate
    from screening.checklist.loader import FormLibrary
    from screening.paths import resource_path

    library = FormLibrary.load(resource_path("forms"))
    for form in library.forms.values():
        sample: dict[str, Any] = {}
        for code, item in form.items.items():
            if item.options:
                sample[code] = (item.options[0].code if item.type == "choice"
                                else [item.options[-1].code])
        for answers in ({}, sample):
            evaluate(form, answers, on=date.today(), registry=library.registry)
    return (f"{len(library.forms)} forms and flag registry {library.registry.version} "
            "load and score")


def check_resources() -> str:
    """Every shipped resource resolves and reads: the forms root, every font in resources/fonts
    (a TrueType font fontTools can read, with the licence beside it), the icons and the stylesheet
    files if any, and the rest of ``resources/``."""
    import xml.etree.ElementTree as ElementTree

    from fontTools.ttLib import TTFont

    from screening.paths import resource_path
    from screening.reports.fonts import SHIPPED_FONTS

    forms = resource_path("forms")
    if not forms.is_dir():
        raise RuntimeError(f"the forms folder is missing: {forms}")
    if not (forms / "flags.yaml").is_file():
        raise RuntimeError(f"the flag registry is missing: {forms / 'flags.yaml'}")
    if not any(forms.rglob("*.yaml")):
        raise RuntimeError(f"no form definitions in {forms}")

    fonts = resource_path("resources", "fonts")
    for shipped in SHIPPED_FONTS:
        for name in (shipped.filename, shipped.licence):
            if not (fonts / name).is_file():
                raise RuntimeError(f"a shipped font file is missing: {fonts / name}")
    font_files = sorted(p for p in fonts.iterdir() if p.suffix.lower() in {".ttf", ".otf"})
    for path in font_files:
        try:
            with TTFont(str(path), lazy=True) as font:
                if "glyf" not in font:
                    raise RuntimeError(f"{path.name} is not a TrueType (glyf) font")
                if not font.getBestCmap():
                    raise RuntimeError(f"{path.name} maps no characters")
        except RuntimeError:
            raise
        except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
            raise RuntimeError(f"{path.name} cannot be read as a font ({type(exc).__name__})") from exc

    counts = {"files": 0, "images": 0, "stylesheets": 0}
    root = resource_path("resources")
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        data = path.read_bytes()
        suffix = path.suffix.lower()
        counts["files"] += 1
        if suffix == ".svg":
            try:
                element = ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                raise RuntimeError(f"{relative} is not a well-formed SVG file ({exc})") from exc
            if not element.tag.endswith("svg"):
                raise RuntimeError(f"{relative} is not an SVG image")
            counts["images"] += 1
        elif suffix == ".png":
            if not data.startswith(b"\x89PNG\r\n\x1a\n"):
                raise RuntimeError(f"{relative} is not a PNG image")
            counts["images"] += 1
        elif suffix in {".qss", ".css", ".md", ".txt"}:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RuntimeError(f"{relative} is not UTF-8 text") from exc
            counts["stylesheets"] += suffix in {".qss", ".css"}
    return (f"forms folder and {counts['files']} files under resources/ ({len(font_files)} fonts with "
            f"licences, {counts['images']} images, {counts['stylesheets']} stylesheets) resolve and "
            f"read under {resource_path()}")


# Names in several scripts: Welsh and Polish letters (DejaVu Sans), Arabic and Urdu (Noto Sans
# Arabic, shaped and ordered right to left), Chinese (Droid Sans Fallback).
_SAMPLE_NAMES = {
    "Welsh": ("Siân Dafydd-Ŵyn", "DejaVuSans"),
    "Polish": ("Łucja Wąsowska-Żak", "DejaVuSans"),
    "Arabic": ("محمد عبد الله", "NotoSansArabic"),
    "Urdu": ("عائشہ بی بی", "NotoSansArabic"),
    "Chinese": ("王小明", "DroidSansFallback"),
}


def sample_summary_pdf() -> bytes:
    """A summary-like document (names in several scripts, a flag, a list, a withheld note),
    rendered in memory; nothing in it is about a real person."""
    from screening.domain.enums import FlagLevel
    from screening.reports.layout import DocumentBuilder, DocumentSpec

    doc = DocumentBuilder(DocumentSpec(title="Disclosable summary", document_id="SELF-TEST-0001"))
    doc.heading("Disclosable summary (self-test)")
    doc.key_values([(f"Name ({script})", name) for script, (name, _) in _SAMPLE_NAMES.items()])
    doc.heading("Flags", level=2)
    doc.flag(level=FlagLevel.ALERT, title="Appropriate adult required",
             definition="A self-test flag: nothing here is about a real person.",
             reasons=["because A8 = yes"], reasons_label="Why this flag was raised")
    doc.bullets(["Explain each step in plain words.", "Allow extra time."])
    doc.note("Health detail is withheld: no consent recorded.", title="Withheld", kind="withheld")
    doc.paragraph("Cymraeg: Rhaid i’r swyddog esbonio pob cam.")
    doc.paragraph("العربية: يجب شرح كل خطوة.")
    doc.paragraph("中文：每一步都要解释。")
    pdf: bytes = doc.build()
    return pdf


def check_pdf() -> str:
    """A summary-like document with names in several scripts renders to PDF in memory, every
    character set in a shipped font that has its glyph."""
    from screening.reports.fonts import REPLACEMENT_CHARACTER, font_runs
    from screening.reports.text import shape

    for script, (name, family) in _SAMPLE_NAMES.items():
        runs = font_runs(shape(name))
        if any(REPLACEMENT_CHARACTER in run for _, run in runs):
            raise RuntimeError(f"no shipped font has every {script} letter of the sample name")
        if not any(font.startswith(family) for font, _ in runs):
            raise RuntimeError(f"{script} text is not set in {family}")
    pdf = sample_summary_pdf()
    if not pdf.startswith(b"%PDF-") or not pdf.rstrip().endswith(b"%%EOF"):
        raise RuntimeError("the document is not a complete PDF")
    families = {family for _, family in _SAMPLE_NAMES.values()}
    missing = sorted(f for f in families if f"+{f}".encode() not in pdf)
    if missing:
        raise RuntimeError(f"fonts not embedded: {', '.join(missing)}")
    return (f"a {len(pdf) // 1024} KB summary with {', '.join(_SAMPLE_NAMES)} text rendered in memory "
            f"with {', '.join(sorted(families))} embedded")


def check_fhir() -> str:
    """Every shipped form exports as a FHIR R4 Questionnaire that the R4B models validate, and an
    R4B model is found by resource type (the models are imported by name)."""
    from screening.checklist.loader import FormLibrary
    from screening.interop.questionnaire import export_questionnaire
    from screening.interop.records import validate_record
    from screening.paths import resource_path

    library = FormLibrary.load(resource_path("forms"))
    for form in library.forms.values():
        export_questionnaire(form)
    validate_record({"resourceType": "Patient", "id": "self-test", "gender": "unknown"})
    return f"{len(library.forms)} forms export as validated FHIR R4 (R4B) Questionnaires"


def check_sealing() -> str:
    """The sync envelope primitives work: a sealed box opens only with its key, and a signature
    verifies (libsodium through PyNaCl)."""
    from nacl.exceptions import BadSignatureError, CryptoError
    from nacl.public import PrivateKey, SealedBox
    from nacl.signing import SigningKey

    message = secrets.token_bytes(64)
    centre = PrivateKey.generate()
    sealed = SealedBox(centre.public_key).encrypt(message)
    if SealedBox(centre).decrypt(sealed) != message:
        raise RuntimeError("a sealed message did not open to what was sealed")
    try:
        SealedBox(PrivateKey.generate()).decrypt(sealed)
    except CryptoError:
        pass
    else:
        raise RuntimeError("a sealed message opened with the wrong key")
    station = SigningKey.generate()
    signed = station.sign(message)
    station.verify_key.verify(signed)
    try:
        station.verify_key.verify(signed[:-1] + bytes([signed[-1] ^ 1]))
    except BadSignatureError:
        pass
    else:
        raise RuntimeError("a changed message passed its signature check")
    return "sealed boxes open only with their key; signatures verify and catch a change"


STEPS: list[tuple[str, Callable[[], str]]] = [
    ("sqlcipher", check_sqlcipher),
    ("station", check_station),
    ("forms", check_forms),
    ("resources", check_resources),
    ("pdf", check_pdf),
    ("fhir", check_fhir),
    ("sealing", check_sealing),
]


def run_all() -> Iterator[StepResult]:
    for name, step in STEPS:
        try:
            yield StepResult(name, True, step())
        except Exception as exc:  # noqa: BLE001 - every failure is reported as that step's
            yield StepResult(name, False, f"{type(exc).__name__}: {exc}")
