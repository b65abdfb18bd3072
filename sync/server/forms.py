"""What the centre knows about each form version, for authorisation: its stage and the roles that
may take it.

A QuestionnaireResponse names the form version it answers (``questionnaire``:
``<base>/Questionnaire/<form id>|<version>``). The centre knows the forms shipped with the
software (the ``forms/`` folder beside the screening package) and those it published on the change
feed (``screening-central form publish``). Only the ``id``, ``version``, ``stage`` and ``roles`` of
a definition are read here; stations validate definitions in full.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, select

from screening.domain.enums import Role, Stage
from sync.server.db import changes

log = logging.getLogger(__name__)

_CANONICAL = re.compile(r"/Questionnaire/(?P<id>[a-z0-9][a-z0-9-]{0,63})\|(?P<version>[0-9A-Za-z.+-]{1,32})$")
_REFRESH_SECONDS = 30.0


@dataclass(frozen=True)
class FormRule:
    """Who may take a form version: its stage, and the roles its definition lists."""

    form_id: str
    version: str
    stage: Stage
    roles: frozenset[Role]


def form_of(response: dict[str, Any]) -> tuple[str, str] | None:
    """The (form id, version) a QuestionnaireResponse answers, or None if it names none we read."""
    canonical = response.get("questionnaire")
    if not isinstance(canonical, str):
        return None
    match = _CANONICAL.search(canonical)
    return None if match is None else (match["id"], match["version"])


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader (several times faster) where PyYAML was built with it."""


def rule_from_yaml(text: str) -> FormRule | None:
    """The rule in a form definition's YAML (None if it does not say id, version, stage, roles)."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader (libyaml's when built)
        roles = frozenset(Role(role) for role in data["roles"])
        return FormRule(
            form_id=str(data["id"]), version=str(data["version"]), stage=Stage(data["stage"]), roles=roles
        )
    except (yaml.YAMLError, KeyError, TypeError, ValueError):
        return None


def shipped_forms_root() -> Path:
    """The forms shipped with the software."""
    from screening.paths import resource_path

    return resource_path("forms")


class FormCatalogue:
    """Form rules by (id, version): the shipped forms, then those published at the centre (looked
    up again at most every 30 seconds when a form is not known)."""

    def __init__(self, shipped_root: Path | None = None) -> None:
        self._root = shipped_root
        self._rules: dict[tuple[str, str], FormRule] | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def _load_shipped(self) -> dict[tuple[str, str], FormRule]:
        rules: dict[tuple[str, str], FormRule] = {}
        root = self._root or shipped_forms_root()
        for path in sorted(root.glob("*/*.yaml")):
            try:
                rule = rule_from_yaml(path.read_text(encoding="utf-8"))
            except OSError:
                continue
            if rule is not None:
                rules[(rule.form_id, rule.version)] = rule
        log.info("form catalogue: %d shipped form versions", len(rules))
        return rules

    def _load_published(self, engine: Engine) -> dict[tuple[str, str], FormRule]:
        rules: dict[tuple[str, str], FormRule] = {}
        with engine.connect() as connection:
            rows = connection.execute(select(changes.c.payload).where(changes.c.kind == "form_version")).all()
        for row in rows:
            payload = row.payload if isinstance(row.payload, dict) else {}
            rule = rule_from_yaml(str(payload.get("content", "")))
            if rule is not None:
                rules[(rule.form_id, rule.version)] = rule
        return rules

    def rule(self, engine: Engine, form_id: str, version: str) -> FormRule | None:
        """The rule of a form version, or None if the centre knows no such form version."""
        with self._lock:
            if self._rules is None:
                self._rules = self._load_shipped()
            found = self._rules.get((form_id, version))
            if found is not None or time.monotonic() - self._checked < _REFRESH_SECONDS:
                return found
            self._checked = time.monotonic()
            self._rules.update(self._load_published(engine))
            return self._rules.get((form_id, version))
