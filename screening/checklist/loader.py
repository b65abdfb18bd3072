"""Loading definition files into checked, ready-to-evaluate forms.

Layout under a forms root::

    flags.yaml                         the common flag registry
    instruments/<id>/<version>.yaml    validated instruments that forms include
    <form-id>/<version>.yaml           one file per released form version

Every problem is reported as a ``FormError`` naming file, line and field; nothing here raises a
bare traceback for a bad file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from screening.checklist.checks import check_form, required_codes
from screening.checklist.model import (
    CONDITION_TAGS,
    SECTION_TAGS,
    Condition,
    FlagRegistry,
    FlagRule,
    Form,
    Include,
    Instrument,
    Item,
    Score,
    Section,
)
from screening.checklist.yamlsource import (
    FormError,
    FormLoadError,
    Location,
    YamlDocument,
    read_yaml,
)

REGISTRY_FILE = "flags.yaml"
INSTRUMENTS_DIR = "instruments"

M = TypeVar("M", bound=BaseModel)


def semver_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _validate(doc: YamlDocument, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data, strict=False)
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            loc = _data_location(doc.data, err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown field"
            errors.append(doc.error(loc, message))
        raise FormLoadError(errors) from exc


def _data_location(data: Any, loc: tuple[int | str, ...]) -> Location:
    """Drops the union tags pydantic adds to error locations, keeping the real path in the file."""
    path: list[str | int] = []
    node = data
    for key in loc:
        present = (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)
        )
        if present:
            node = node[key]
            path.append(key)
        elif isinstance(key, str) and (key in CONDITION_TAGS or key in SECTION_TAGS):
            continue
        else:
            path.append(key)
            node = None
    return tuple(path)


@dataclass(frozen=True)
class CompiledForm:
    """A form with its instrument modules expanded, ready for the engine.

    ``items`` is in reading order; ``order`` is an evaluation order in which every item comes
    after everything its visibility depends on.
    """

    definition: Form
    sections: tuple[Section, ...]
    section_conditions: dict[str, tuple[Condition, ...]]
    items: dict[str, Item]
    section_of: dict[str, str]
    scores: dict[str, Score]
    flags: tuple[FlagRule, ...]
    order: tuple[str, ...]
    required: frozenset[str]
    path: Path | None = None
    instruments: tuple[Instrument, ...] = ()

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def version(self) -> str:
        return self.definition.version

    @property
    def key(self) -> str:
        return f"{self.definition.id}@{self.definition.version}"


@dataclass
class FormLibrary:
    """Every form version, instrument and the flag registry under one forms root."""

    root: Path
    registry: FlagRegistry
    forms: dict[tuple[str, str], CompiledForm] = field(default_factory=dict)
    instruments: dict[tuple[str, str], Instrument] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> FormLibrary:
        """Loads and checks everything under ``root``; raises ``FormLoadError`` listing every problem."""
        errors: list[FormError] = []
        registry = _load_registry(root / REGISTRY_FILE, errors)
        instruments = _load_instruments(root / INSTRUMENTS_DIR, errors)
        library = cls(root, registry or _EMPTY_REGISTRY, {}, instruments)
        for path in sorted(_form_files(root)):
            try:
                form = library.load_form_file(path)
            except FormLoadError as exc:
                errors.extend(exc.errors)
                continue
            if form.key.replace("@", "/") + ".yaml" != f"{path.parent.name}/{path.name}":
                errors.append(
                    FormError(str(path), 1, "(file)",
                              f"must be saved as {form.id}/{form.version}.yaml")
                )
                continue
            library.forms[(form.id, form.version)] = form
        if registry is None or errors:
            raise FormLoadError(errors)
        return library

    def load_form_file(self, path: Path) -> CompiledForm:
        """Loads one form file, resolving its includes and flags against this library."""
        doc = read_yaml(path)
        form = _validate(doc, Form)
        return compile_form(form, doc, self.instruments, self.registry)

    def get(self, form_id: str, version: str | None = None) -> CompiledForm:
        """The named version, or the latest released one; ``KeyError`` with a clear message if absent."""
        if version is not None:
            try:
                return self.forms[(form_id, version)]
            except KeyError:
                known = ", ".join(v for (i, v) in self.forms if i == form_id) or "none"
                raise KeyError(
                    f"no version {version} of form '{form_id}' (known versions: {known})"
                ) from None
        versions = [v for (i, v) in self.forms if i == form_id]
        if not versions:
            raise KeyError(f"no form '{form_id}' (known forms: {', '.join(self.form_ids())})")
        return self.forms[(form_id, max(versions, key=semver_key))]

    def form_ids(self) -> list[str]:
        return sorted({i for (i, _) in self.forms})

    def latest(self) -> list[CompiledForm]:
        """The latest version of every form, in id order."""
        return [self.get(form_id) for form_id in self.form_ids()]


_EMPTY_REGISTRY = FlagRegistry.model_construct(version="0.0.0", flags=[])


def _form_files(root: Path) -> Iterator[Path]:
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.is_dir() and folder.name != INSTRUMENTS_DIR and not folder.name.startswith("."):
            yield from folder.glob("*.yaml")


def _load_registry(path: Path, errors: list[FormError]) -> FlagRegistry | None:
    try:
        doc = read_yaml(path)
        registry = _validate(doc, FlagRegistry)
    except FormLoadError as exc:
        errors.extend(exc.errors)
        return None
    codes = [f.code for f in registry.flags]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            errors.append(doc.error(("flags", index, "code"), f"flag '{code}' is defined twice"))
    return registry


def _load_instruments(folder: Path, errors: list[FormError]) -> dict[tuple[str, str], Instrument]:
    instruments: dict[tuple[str, str], Instrument] = {}
    for path in sorted(folder.glob("*/*.yaml")) if folder.is_dir() else ():
        try:
            doc = read_yaml(path)
            instrument = _validate(doc, Instrument)
        except FormLoadError as exc:
            errors.extend(exc.errors)
            continue
        if (instrument.instrument, instrument.version) != (path.parent.name, path.stem):
            errors.append(doc.error((), f"must be saved as {instrument.instrument}/"
                                        f"{instrument.version}.yaml under {INSTRUMENTS_DIR}/"))
            continue
        instruments[(instrument.instrument, instrument.version)] = instrument
    return instruments


def compile_form(
    form: Form,
    doc: YamlDocument | None,
    instruments: dict[tuple[str, str], Instrument],
    registry: FlagRegistry,
) -> CompiledForm:
    """Expands includes, then runs every static check; raises ``FormLoadError`` on any problem."""
    errors: list[FormError] = []

    def error(loc: Location, message: str) -> None:
        if doc is not None:
            errors.append(doc.error(loc, message))
        else:
            errors.append(FormError(f"<{form.id}@{form.version}>", 1, ".".join(map(str, loc)),
                                    message))

    sections: list[Section] = []
    section_conditions: dict[str, tuple[Condition, ...]] = {}
    locations: dict[str, Location] = {}  # item code -> where it is defined in this file
    scores: list[Score] = list(form.scores)
    used: list[Instrument] = []
    for s_index, entry in enumerate(form.sections):
        if isinstance(entry, Include):
            instrument = instruments.get((entry.module_id, entry.module_version))
            if instrument is None:
                error(("sections", s_index, "include"), f"no instrument '{entry.include}'")
                continue
            used.append(instrument)
            scores.extend(instrument.scores)
            for section in instrument.sections:
                sections.append(section)
                section_conditions[section.id] = tuple(
                    c for c in (entry.enable_when, section.enable_when) if c is not None
                )
                for item in section.items:
                    locations.setdefault(item.code, ("sections", s_index, "include"))
        else:
            sections.append(entry)
            section_conditions[entry.id] = (
                (entry.enable_when,) if entry.enable_when is not None else ()
            )
            for i_index, item in enumerate(entry.items):
                locations.setdefault(item.code, ("sections", s_index, "items", i_index))

    items: dict[str, Item] = {}
    section_of: dict[str, str] = {}
    seen_sections: set[str] = set()
    for section in sections:
        if section.id in seen_sections:
            error(("sections",), f"section id '{section.id}' is used twice")
        seen_sections.add(section.id)
        for item in section.items:
            if item.code in items:
                error(locations.get(item.code, ("sections",)),
                      f"item code '{item.code}' is used twice")
                continue
            items[item.code] = item
            section_of[item.code] = section.id

    score_map: dict[str, Score] = {}
    for index, score in enumerate(scores):
        if score.id in score_map:
            error(("scores", min(index, len(form.scores) - 1)) if form.scores else ("scores",),
                  f"score id '{score.id}' is used twice")
        score_map[score.id] = score

    order = check_form(
        items=items,
        section_of=section_of,
        section_conditions=section_conditions,
        scores=score_map,
        form_scores=form.scores,
        flag_rules=form.flags,
        form_sections=form.sections,
        registry=registry,
        locations=locations,
        error=error,
    )
    if errors:
        raise FormLoadError(errors)
    return CompiledForm(
        definition=form,
        sections=tuple(sections),
        section_conditions=section_conditions,
        items=items,
        section_of=section_of,
        scores=score_map,
        flags=tuple(form.flags),
        order=order,
        required=required_codes(items, score_map, form.flags),
        path=doc.path if doc is not None else None,
        instruments=tuple(used),
    )


def check_paths(paths: Iterable[Path], shipped_root: Path) -> list[FormError]:
    """Checks files or folders; includes and flags resolve beside the file first, then in the
    shipped forms. Returns every problem found (empty when all are valid)."""
    errors: list[FormError] = []
    shipped_registry_errors: list[FormError] = []
    shipped_registry = _load_registry(shipped_root / REGISTRY_FILE, shipped_registry_errors)
    shipped_instruments = _load_instruments(shipped_root / INSTRUMENTS_DIR, [])
    for path in paths:
        if not path.exists():
            errors.append(FormError(str(path), 1, "(file)", "no such file or folder"))
            continue
        if path.is_dir() and (path / REGISTRY_FILE).exists():
            try:
                FormLibrary.load(path)
            except FormLoadError as exc:
                errors.extend(exc.errors)
            continue
        files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        if not files:
            errors.append(FormError(str(path), 1, "(file)", "no .yaml files found"))
        for file in files:
            errors.extend(_check_file(file, shipped_registry, shipped_instruments))
    return errors


def _check_file(
    path: Path,
    shipped_registry: FlagRegistry | None,
    shipped_instruments: dict[tuple[str, str], Instrument],
) -> list[FormError]:
    try:
        doc = read_yaml(path)
    except FormLoadError as exc:
        return exc.errors
    data = doc.data if isinstance(doc.data, dict) else {}
    errors: list[FormError] = []
    try:
        if "instrument" in data:
            _validate(doc, Instrument)
        elif "flags" in data and "sections" not in data:
            _load_registry(path, errors)
        else:
            form = _validate(doc, Form)
            local = path.parent.parent
            instruments = dict(shipped_instruments)
            instruments.update(_load_instruments(local / INSTRUMENTS_DIR, errors))
            registry = shipped_registry
            if (local / REGISTRY_FILE).exists():
                registry = _load_registry(local / REGISTRY_FILE, errors) or registry
            compile_form(form, doc, instruments, registry or _EMPTY_REGISTRY)
    except FormLoadError as exc:
        errors.extend(exc.errors)
    return errors
