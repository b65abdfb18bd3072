"""Writing a form (or instrument) definition back as YAML, laid out like the shipped files.

Keys in the order the shipped files use, defaults left out, English-only texts as plain strings,
options and bands one per line in flow style, short conditions and lists of codes on one line,
prose in double quotes (long prose folded with ``>-``), and every string YAML could read as
something else (``yes``, ``no``, ``on``, ``1``, ``2024-01-01``...) quoted. The output is read back
and compared with the input before it is returned, so what is written always loads as exactly the
same definition.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from screening.checklist.model import Form, Instrument

FLOW_WIDTH = 100
"""Conditions and lists of scalars shorter than this (as flow YAML) are written on one line;
longer prose is folded at this width."""

ITEM_KEYS = ("code", "type", "text", "why", "easy_read", "help", "prefill", "enable_when",
             "validation", "options", "required", "disclosure", "disclose_as", "fixed_text", "kind")
"""The order of an item's keys in the shipped files."""
KEY_ORDERS = {
    "items": ITEM_KEYS,
    "options": ("code", "score", "exclusive", "label", "easy_read", "category"),
    "bands": ("min", "positive", "label"),
}
TEXT_KEYS = frozenset({"title", "introduction", "intro", "text", "why", "easy_read", "label", "help",
                       "fixed_text", "category", "reason", "definition", "translation_review",
                       "licence"})
"""Keys whose values are prose: always written in double quotes."""
FOLDED_KEYS = frozenset({"introduction", "licence"})
"""Keys whose long prose is folded (``>-``), as in the shipped files."""

_FLOW_CONTEXTS = frozenset({"options", "bands"})
_AMBIGUOUS = re.compile(r"(?i)^(?:y|n|yes|no|on|off|true|false|null|~)$")
_PLAIN = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_.@/-]*|\d+\.\d+\.\d+)$")
"""Strings written without quotes: versions, and codes that do not start with a digit (``6A00`` and
``10_plus`` are quoted, as in the shipped files)."""
_STR_TAG = "tag:yaml.org,2002:str"


class _Flow(dict[str, Any]):
    """A mapping written in flow style."""


class _FlowList(list[Any]):
    """A list written in flow style."""


class _Folded(str):
    """Prose written folded (``>-``)."""

    __slots__ = ()


class _Quoted(str):
    """Prose written in double quotes."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Sequences inside mappings are indented ("  - code: ..."), as in the shipped files.
        super().increase_indent(flow, False)

    def write_folded(self, text: str) -> None:
        # Everything else is written on one line however long; folded prose wraps at FLOW_WIDTH.
        wide = self.best_width
        self.best_width = FLOW_WIDTH - 8
        try:
            super().write_folded(text)
        finally:
            self.best_width = wide


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    resolved = dumper.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    plain = _PLAIN.fullmatch(value) is not None and resolved == _STR_TAG and not _AMBIGUOUS.match(value)
    return dumper.represent_scalar(_STR_TAG, value, style=None if plain else '"')


def _quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR_TAG, str(value), style='"')


def _folded(dumper: yaml.SafeDumper, value: _Folded) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR_TAG, str(value), style=">")


def _flow_dict(dumper: yaml.SafeDumper, value: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Folded, _folded)
_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(_Flow, _flow_dict)
_Dumper.add_representer(_FlowList, _flow_list)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _flat(value: Any) -> bool:
    return _scalar(value) or (isinstance(value, list) and all(_scalar(v) for v in value))


def _flow_length(value: Any) -> int:
    return len(yaml.dump(value, Dumper=_Dumper, default_flow_style=True, width=10**6).strip())


def _all_flow(value: Any) -> Any:
    if isinstance(value, dict):
        return _Flow({k: _all_flow(v) for k, v in value.items()})
    if isinstance(value, list):
        return _FlowList(_all_flow(v) for v in value)
    return _Quoted(value) if isinstance(value, _Folded) else value


def _foldable(text: str) -> bool:
    return (len(text) > FLOW_WIDTH and "\n" not in text and "\t" not in text and "  " not in text
            and text == text.strip())


def _shape(value: Any, context: str | None = None, *, prose: bool = False) -> Any:
    """Simplifies texts, orders keys, quotes prose and marks what goes on one line."""
    prose = prose or context in TEXT_KEYS
    if isinstance(value, dict):
        if set(value) == {"en"} and isinstance(value["en"], str) and context != "translation_review":
            return _shape(value["en"], context, prose=prose)
        order = KEY_ORDERS.get(context or "")
        if order is not None and all(k in order for k in value):
            value = {k: value[k] for k in order if k in value}
        shaped = {k: _shape(v, k, prose=prose) for k, v in value.items()}
        if prose:
            # A text's languages take the folding of the key that holds the text.
            shaped = {k: _Folded(v) if isinstance(v, _Folded) or (context in FOLDED_KEYS and
                      isinstance(v, _Quoted) and _foldable(v)) else v for k, v in shaped.items()}
        if context in _FLOW_CONTEXTS:
            return _all_flow(shaped)
        if "op" in value and all(_flat(v) for v in shaped.values()):
            return _all_flow(shaped)
        return shaped
    if isinstance(value, list):
        shaped_list = [_shape(v, context, prose=prose) for v in value]
        if all(_scalar(v) for v in shaped_list) and _flow_length(shaped_list) <= FLOW_WIDTH:
            return _FlowList(shaped_list)
        return shaped_list
    if isinstance(value, str) and prose:
        return _Folded(value) if context in FOLDED_KEYS and _foldable(value) else _Quoted(value)
    return value


def yaml_dump(definition: Form | Instrument, *, header: str | None = None) -> str:
    """The definition as YAML text that the loader reads back as an equal definition.

    ``header`` (optional) is written first as ``#`` comment lines, e.g. where the form came from.
    Raises ``AssertionError`` if the text would not read back as the same definition (a bug).
    """
    data = definition.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if definition.scores:
        # The shipped files spell out a score's method and disclosure even where they are defaults.
        data["scores"] = [
            {k: short.get(k, v) for k, v in score.model_dump(mode="json").items()
             if k in short or k in ("method", "disclosure")}
            for score, short in zip(definition.scores, data["scores"], strict=True)
        ]
    body = yaml.dump(
        {k: _shape(v, k) for k, v in data.items()}, Dumper=_Dumper, sort_keys=False,
        allow_unicode=True, width=10**6, default_flow_style=False,
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) if header else ""
    text = comment + body
    reread = type(definition).model_validate(yaml.safe_load(text))
    if reread != definition:
        raise AssertionError(f"{type(definition).__name__} did not survive YAML unchanged")
    return text
