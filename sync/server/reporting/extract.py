"""The single-case extract for approved researchers: one row per screening, pseudonymised.

Each row is a current screening revision as the reporting store holds it: coded facts only (no
names, identifiers, dates of birth, exact dates or free text). People are named by a pseudonym
made for the researcher who downloads (so two researchers' extracts cannot be joined on it, and
neither can be joined to the store's own keys); time is given as the month and as days since the
person's first screening in the extract. Only the ``researcher`` role may download it, and every
download, or refusal, is written to the access log before any data leaves.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select

from sync.server.reporting.auth import CentralRole, CentralUser, record
from sync.server.reporting.pseudonym import PseudonymKey
from sync.server.reporting.schema import TABLES

COLUMNS = (
    "person",
    "record",
    "form_id",
    "stage",
    "agency_type",
    "month",
    "days_since_first",
    "age_band",
    "ethnicity_group",
    "ethnicity",
    "sex",
    "phq9_band",
    "gad7_band",
    "auditc_band",
    "flags",
    "outcomes",
)


class ExtractRefusedError(PermissionError):
    """The user may not download the extract (the refusal has been recorded)."""


def _rows(engine: Engine, key: PseudonymKey, audience: str) -> list[dict[str, Any]]:
    screening, flag, outcome = TABLES.screening, TABLES.flag, TABLES.outcome
    with engine.connect() as connection:
        stored = connection.execute(
            select(screening).where(screening.c.superseded.is_(False)).order_by(screening.c.person_key)
        ).all()
        flags: dict[str, list[str]] = defaultdict(list)
        for row in connection.execute(select(flag.c.record_key, flag.c.flag).order_by(flag.c.flag)):
            flags[row.record_key].append(row.flag)
        outcomes: dict[str, list[str]] = defaultdict(list)
        for row in connection.execute(
            select(outcome.c.record_key, outcome.c.outcome).order_by(outcome.c.outcome)
        ):
            outcomes[row.record_key].append(row.outcome)
    first_day: dict[str, int] = {}
    for row in stored:
        first_day[row.person_key] = min(first_day.get(row.person_key, row.day), row.day)
    out = []
    for row in stored:
        out.append(
            {
                "person": key.extract_key(audience, row.person_key),
                "record": key.extract_key(audience + "/record", row.record_key)[:16],
                "form_id": row.form_id,
                "stage": row.stage,
                "agency_type": row.agency_type,
                "month": row.month,
                "days_since_first": row.day - first_day[row.person_key],
                "age_band": row.age_band,
                "ethnicity_group": row.ethnicity_group,
                "ethnicity": row.ethnicity,
                "sex": row.sex,
                "phq9_band": row.phq9_band,
                "gad7_band": row.gad7_band,
                "auditc_band": row.auditc_band,
                "flags": ";".join(flags.get(row.record_key, [])),
                "outcomes": ";".join(outcomes.get(row.record_key, [])),
            }
        )
    out.sort(key=lambda r: (r["person"], r["days_since_first"], r["record"]))
    return out


def extract(engine: Engine, key: PseudonymKey, user: CentralUser, *, fmt: str) -> list[dict[str, Any]]:
    """The extract's rows for ``user``, after recording the download (or the refusal)."""
    if user.role is not CentralRole.RESEARCHER:
        record(
            engine, user=user, action="report_extract", outcome="refused", detail=f"role={user.role.value}"
        )
        raise ExtractRefusedError("The single-case extract is for approved researchers only.")
    rows = _rows(engine, key, user.id)
    record(engine, user=user, action="report_extract", outcome="ok", detail=f"format={fmt} rows={len(rows)}")
    return rows


def as_csv(rows: Sequence[dict[str, Any]], rule: str) -> str:
    """The extract as CSV, with what it is and how it may be used in comment lines."""
    out = io.StringIO()
    out.write("# Waypoint central reporting: pseudonymised single-case extract for approved research\n")
    out.write(
        "# No names, identifiers, dates of birth, exact dates or free text. Do not attempt to re-identify.\n"
    )
    out.write(f"# Published tables elsewhere follow this rule: {rule}\n")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()
