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
    """How a disclosable fact is shown: the answer, its outcome only, a coarser category, or fixed
    text."""

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


class ScreeningStatus(StrEnum):
    """A screening's life: see DESIGN.md, "A screening's life"."""

    DRAFT = "draft"
    COMPLETED = "completed"
    FINALISED = "finalised"


class IdentifierKind(StrEnum):
    """The identifiers a person record may carry (checked by ``reference.normalise_identifier``)."""

    PNC_ID = "pnc_id"
    CRO = "cro"
    NHS_NUMBER = "nhs_number"
    CUSTODY_RECORD = "custody_record"
    COURT_CASE = "court_case"
    PROBATION_CASE = "probation_case"


class LegalBasisKind(StrEnum):
    """The two legal regimes a disclosure of health information can rest on."""

    DPA2018_SCH8 = "dpa2018_sch8"
    """Data Protection Act 2018, Part 3 (law enforcement), Schedule 8 condition."""
    UK_GDPR_ART9 = "uk_gdpr_art9"
    """UK GDPR Article 9(2) condition (general processing, e.g. NHS L&D services)."""
