"""The enums every layer shares: stages, roles, recipients, disclosure classes, flag levels."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    CUSTODY = "custody"
    COURT = "court"
    PROBATION = "probation"
    PRISON = "prison"
    ANY = "any"


class Role(StrEnum):
    CUSTODY_OFFICER = "custody_officer"
    LD_PRACTITIONER = "ld_practitioner"
    PROBATION_OFFICER = "probation_officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Recipient(StrEnum):
    POLICE = "police"
    CPS = "cps"
    COURT = "court"
    DEFENCE = "defence"
    PROBATION = "probation"
    PRISON_HEALTHCARE = "prison_healthcare"
    LIAISON_DIVERSION = "liaison_diversion"
    CUSTODY_ESCORT = "custody_escort"
    PERSON = "person"


class DisclosureClass(StrEnum):
    """Who an item may reach: see DESIGN.md, "What each class may reach"."""

    DISCLOSABLE = "disclosable"
    OPERATIONAL = "operational"
    CONFIDENTIAL = "confidential"


class DiscloseAs(StrEnum):
    """How a disclosable fact is shown: the answer, only its outcome, a coarser category, or fixed text."""

    FULL = "full"
    OUTCOME = "outcome"
    CATEGORY = "category"
    FIXED_TEXT = "fixed_text"


class ItemKind(StrEnum):
    """The law asks to keep facts and assessments apart."""

    FACT = "fact"
    OBSERVATION = "observation"
    OPINION = "opinion"


class FlagLevel(StrEnum):
    INFO = "info"
    ATTENTION = "attention"
    WARNING = "warning"
    ALERT = "alert"


class ItemType(StrEnum):
    CHOICE = "choice"
    MULTI_CHOICE = "multi-choice"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    IDENTIFIER = "identifier"
    ETHNICITY = "ethnicity"
    LANGUAGE = "language"
