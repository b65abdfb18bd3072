"""Keeps the interface catalogues in step with the code (see screening/ui/i18n.py).

    python resources/translations/qt/catalogue.py          # gather, then compile
    python resources/translations/qt/catalogue.py --check  # exit 1 if anything is out of date

Gathers every ``tr("Context", "source", ...)`` call in ``screening/ui`` (string literals only;
``translatable("Context", "source")`` marks a text translated later, the same way),
merges them into each ``screening_<lang>.ts`` (Qt Linguist source: keeps every translation already
made, adds new texts as unfinished, drops texts the code no longer has), then compiles each
``.ts`` to the ``.qm`` the app loads, with ``pyside6-lrelease``. Translate the unfinished texts in
Qt Linguist (``pyside6-linguist screening_cy.ts``) or any editor, and run this again.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CODE = ROOT / "screening" / "ui"
LANGUAGES = {"cy": "cy_GB"}
HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
          "<!-- Welsh interface text. Drafted by the development team; needs review by a Welsh "
          "speaker before release (see resources/translations/README.md). -->\n")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    where: str


def gather(code: Path = CODE) -> list[Message]:
    """Every ``tr`` call with literal arguments, in file and line order, without repeats."""
    found: list[Message] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(code.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id in ("tr", "translatable")]
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
            if len(call.args) < 2 or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             for a in call.args[:2]):
                raise SystemExit(f"{path.name}:{call.lineno}: tr() needs two string literals")
            context, source = call.args[0].value, call.args[1].value  # type: ignore[attr-defined]
            if (context, source) not in seen:
                seen.add((context, source))
                found.append(Message(context, source, f"{path.name}:{call.lineno}"))
    return found


def read_ts(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, source) -> (translation, finished)."""
    if not path.exists():
        return {}
    result: dict[tuple[str, str], tuple[str, bool]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            text = translation.text if translation is not None and translation.text else ""
            unfinished = translation is not None and translation.get("type") == "unfinished"
            result[(name, message.findtext("source") or "")] = (text, not unfinished and bool(text))
    return result


def render_ts(messages: list[Message], translations: dict[tuple[str, str], tuple[str, bool]],
              locale: str) -> str:
    root = ET.Element("TS", version="2.1", language=locale, sourcelanguage="en_GB")
    contexts: dict[str, ET.Element] = {}
    for message in sorted(messages, key=lambda m: m.context):
        context = contexts.get(message.context)
        if context is None:
            context = contexts[message.context] = ET.SubElement(root, "context")
            ET.SubElement(context, "name").text = message.context
        element = ET.SubElement(context, "message")
        ET.SubElement(element, "source").text = message.source
        text, finished = translations.get((message.context, message.source), ("", False))
        translation = ET.SubElement(element, "translation")
        translation.text = text
        if not finished:
            translation.set("type", "unfinished")
    ET.indent(root)
    return HEADER + ET.tostring(root, encoding="unicode") + "\n"


def lrelease(ts: Path, qm: Path) -> None:
    """Compiles ``ts`` to ``qm`` by way of a new file put in place at once: a running app maps
    the catalogue it loaded, and rewriting that file in place would crash it (SIGBUS)."""
    tool = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    fresh = qm.with_name(qm.name + ".new")
    try:
        subprocess.run([tool, "-silent", "-nounfinished", str(ts), "-qm", str(fresh)], check=True)
        os.replace(fresh, qm)
    finally:
        fresh.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    messages = gather()
    stale: list[str] = []
    for lang, locale in LANGUAGES.items():
        ts, qm = HERE / f"screening_{lang}.ts", HERE / f"screening_{lang}.qm"
        text = render_ts(messages, read_ts(ts), locale)
        current = ts.read_text(encoding="utf-8") if ts.exists() else ""
        if check:
            if text != current:
                stale.append(ts.name)
            with tempfile.TemporaryDirectory() as tmp:
                fresh = Path(tmp) / qm.name
                lrelease(ts, fresh)
                if not qm.exists() or fresh.read_bytes() != qm.read_bytes():
                    stale.append(qm.name)
            continue
        if text != current:
            ts.write_text(text, encoding="utf-8")
        lrelease(ts, qm)
        unfinished = [k for k, (_t, done) in read_ts(ts).items() if not done]
        print(f"{ts.name}: {len(messages)} texts, {len(unfinished)} not yet translated")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run resources/translations/qt/catalogue.py)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
