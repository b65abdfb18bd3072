"""The person's own easy-read copy: large type, short sentences, what was recorded, what happens
next and who to ask, in English or Welsh.

The sentences come from ``resources/translations/easy-read/<language>.yaml`` (one file per
language: adding a file adds a language); the questions, answers and flag names come from the view,
which the disclosure function rendered in the same language with the forms' easy-read wording.
The copy holds what the disclosure function lets the person's copy hold: health answers appear
only where the person asked for them on this copy (a consent recorded for the recipient
``person``), so a paper taken into a cell does not carry them by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from screening.paths import resource_path
from screening.reports.common import Issue, new_document
from screening.reports.document import ReportDocument
from screening.services.disclosure import (
    DisclosureView,
    DocumentKind,
    WithheldCause,
    format_date,
)

TRANSLATIONS = ("resources", "translations", "easy-read")

_WITHHELD_KEYS: Mapping[WithheldCause, str] = {
    WithheldCause.OPERATIONAL_ONLY: "withheld_operational",
    WithheldCause.OUTCOME_ONLY: "withheld_outcome",
    WithheldCause.DERIVED_ONLY: "withheld_derived",
}


class EasyReadStrings:
    """The easy-read sentences in one language, English for any key it lacks."""

    def __init__(self, lang: str, strings: Mapping[str, str], next_steps: Mapping[str, str],
                 fallback: EasyReadStrings | None = None) -> None:
        self.lang = lang
        self._strings = dict(strings)
        self._next = dict(next_steps)
        self._fallback = fallback

    def __getitem__(self, key: str) -> str:
        if key in self._strings:
            return self._strings[key]
        if self._fallback is not None:
            return self._fallback[key]
        raise KeyError(key)

    def next_step(self, flag: str) -> str | None:
        found = self._next.get(flag)
        if found is None and self._fallback is not None:
            return self._fallback.next_step(flag)
        return found

    def keys(self) -> set[str]:
        return set(self._strings)

    def flag_keys(self) -> set[str]:
        return set(self._next)


def _folder() -> Path:
    return resource_path(*TRANSLATIONS)


def available_languages() -> list[str]:
    """The languages with an easy-read translation file (primary subtags, sorted)."""
    return sorted(path.stem for path in _folder().glob("*.yaml"))


@cache
def strings_for(lang: str) -> EasyReadStrings:
    """The easy-read sentences for ``lang`` (its primary subtag), English where none exist."""
    primary = lang.split("-")[0].lower()
    english = _load("en", None)
    if primary == "en" or not (_folder() / f"{primary}.yaml").is_file():
        return english
    return _load(primary, english)


def _load(lang: str, fallback: EasyReadStrings | None) -> EasyReadStrings:
    data = yaml.safe_load((_folder() / f"{lang}.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"easy-read translation {lang}.yaml is not a mapping")
    strings = {str(k): str(v) for k, v in (data.get("strings") or {}).items()}
    steps = {str(k): str(v) for k, v in (data.get("next_steps") or {}).items()}
    return EasyReadStrings(lang, strings, steps, fallback)


def build_easy_read(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The easy-read copy's blocks, in the view's language."""
    if view.document is not DocumentKind.EASY_READ:
        raise ValueError("an easy-read copy is made from a view decided for one")
    text = strings_for(view.lang)
    lang = text.lang
    doc = new_document(text["title"], issue, lang=lang, large_type=True)
    doc.heading(text["title"])
    if issue.demo:
        doc.note(text["demo"], title="DEMO")
    doc.paragraph(text["intro"])

    doc.heading(text["about_you"], level=2)
    person = view.person
    dob = format_date(person.date_of_birth, lang) if person.date_of_birth else text["not_known"]
    doc.key_values([
        (text["name"], person.display_name),
        (text["date_of_birth"], dob),
        (text["when"], format_date(view.screening_date, lang)),
        (text["who"], view.author_name),
        (text["where"], view.agency),
    ], label_share=0.42)

    doc.heading(text["what_it_means"], level=2)
    if view.flags:
        doc.bullets([f"{flag.label}. {step}" if (step := text.next_step(flag.code)) else flag.label
                     for flag in view.flags])
    else:
        doc.paragraph(text["no_flags"])

    doc.heading(text["recorded"], level=2)
    answered = [item for item in view.items if item.answered]
    if not answered:
        doc.paragraph(text["nothing_recorded"])
    for item in answered:
        doc.entry(item.question, item.answer or "")

    lines = []
    for group in view.withheld:
        key = _WITHHELD_KEYS.get(group.cause, "withheld_health")
        if text[key] not in lines:
            lines.append(text[key])
    if lines:
        doc.heading(text["not_on_copy"], level=2)
        for line in lines:
            doc.paragraph(line)

    doc.heading(text["next"], level=2)
    doc.paragraph(text["next_default"])
    doc.heading(text["ask"], level=2)
    doc.paragraph(text["ask_text"])
    doc.paragraph(text["made_by"].format(agency=view.agency))
    doc.paragraph(text["document_number"].format(document_id=issue.document_id))
    doc.paragraph(text["keep_safe"], bold=True)
    return doc


def render_easy_read(view: DisclosureView, issue: Issue, *, invariant: bool = False) -> bytes:
    """The easy-read copy as PDF bytes, made in memory."""
    return build_easy_read(view, issue).to_pdf(invariant=invariant)
