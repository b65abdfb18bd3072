"""The layer rules of DESIGN.md, checked by parsing imports with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

QT_MODULES = ("PySide6", "shiboken6")

# package -> prefixes it must never import (beyond the Qt rule, which applies everywhere but ui)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "screening.domain": ("screening.checklist", "screening.store", "screening.services",
                         "screening.reports", "screening.interop", "screening.ui", "sync"),
    "screening.checklist": ("screening.store", "screening.services", "screening.reports",
                            "screening.ui", "sync"),
    "screening.store": ("screening.services", "screening.reports", "screening.ui", "sync"),
    "screening.services": ("screening.ui",),
    "screening.reports": ("screening.ui", "screening.store"),
    "screening.interop": ("screening.ui", "screening.store"),
    "screening.ui": ("screening.store",),
    "sync": ("screening.ui",),
}


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(root, path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:  # `from screening import store` imports screening.store
                yield node.lineno, f"{name}.{alias.name}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path) -> list[str]:
    """Every import under ``root``'s screening/ and sync/ packages that breaks a layer rule."""
    found: list[str] = []
    for top in ("screening", "sync"):
        for path in sorted((root / top).rglob("*.py")):
            module = _module_name(root, path)
            in_ui = _within(module, "screening.ui")
            for line, name in imports_of(root, path):
                where = f"{path.relative_to(root)}:{line}"
                if not in_ui and any(_within(name, qt) for qt in QT_MODULES):
                    found.append(f"{where}: {module} imports {name} (only screening.ui may use Qt)")
                for package, banned in FORBIDDEN.items():
                    if _within(module, package):
                        for prefix in banned:
                            if _within(name, prefix):
                                found.append(f"{where}: {module} imports {name} "
                                             f"({package} must not import {prefix})")
    return sorted(set(found))
