"""Reading YAML while remembering where every value came from, so errors can name file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class FormError:
    """One problem in a definition file, printed as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class FormLoadError(Exception):
    """A definition file (or several) could not be loaded; ``errors`` says where and why."""

    def __init__(self, errors: list[FormError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data plus the line (1-based) of every mapping key and sequence entry."""

    path: Path
    data: Any
    lines: dict[Location, int]

    def line_of(self, loc: Location) -> int:
        """The line of the deepest part of ``loc`` that exists in the document."""
        best = self.lines.get((), 1)
        for depth in range(1, len(loc) + 1):
            line = self.lines.get(tuple(loc[:depth]))
            if line is not None:
                best = line
        return best

    def describe(self, loc: Location) -> str:
        """A readable field path such as ``sections[1].items[3] (A7).enable_when.value``."""
        parts: list[str] = []
        node = self.data
        for key in loc:
            if isinstance(key, int):
                parts.append(f"[{key}]")
                node = node[key] if isinstance(node, list) and key < len(node) else None
                if isinstance(node, dict) and isinstance(node.get("code"), str):
                    parts.append(f" ({node['code']})")
            else:
                parts.append(("." if parts else "") + key)
                node = node.get(key) if isinstance(node, dict) else None
        return "".join(parts) or "(file)"

    def error(self, loc: Location, message: str) -> FormError:
        return FormError(str(self.path), self.line_of(loc), self.describe(loc), message)


# libyaml's parser when present (several times faster), the pure-Python one otherwise.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML; duplicate keys are refused rather than silently overwritten."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _record_lines(node: yaml.Node, loc: Location, lines: dict[Location, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*loc, key)
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*loc, index)
            lines[child] = item.start_mark.line + 1
            _record_lines(item, child, lines)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; raises ``FormLoadError`` with the line of any syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormLoadError([FormError(str(path), 1, "(file)", f"cannot read: {exc}")]) from exc
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}, {problem}"
        raise FormLoadError([FormError(str(path), line, "(yaml)", problem)]) from exc
    except yaml.YAMLError as exc:
        raise FormLoadError([FormError(str(path), 1, "(yaml)", str(exc))]) from exc
    lines: dict[Location, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return YamlDocument(path, data, lines)
