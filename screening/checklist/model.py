"""Pydantic models of a checklist definition: forms, instrument modules, conditions and the flag registry.

These models describe the YAML files under ``forms/`` exactly; ``loader`` reads the files into them
and then checks every cross-reference statically (``checks``). Nothing here evaluates anything.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from screening.domain.enums import (
    DiscloseAs,
    DisclosureClass,
    FlagLevel,
    ItemKind,
    ItemType,
    Role,
    Stage,
)

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_]*$"
SEMVER_PATTERN = r"^\d+\.\d+\.\d+$"
FORM_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo in a form file must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _text_from_yaml(value: Any) -> Any:
    if isinstance(value, str):
        return {"en": value}
    return value


def _check_text(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("needs an English ('en') text")
    for lang, text in value.items():
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
            raise ValueError(f"'{lang}' is not a language tag")
        if not text.strip():
            raise ValueError(f"the '{lang}' text is empty")
    return value


Text = Annotated[dict[str, str], BeforeValidator(_text_from_yaml)]
"""Text per language (BCP 47 tag -> string); a plain string in YAML means English only."""


def text_in(text: dict[str, str] | None, lang: str) -> str:
    """The text in ``lang`` (or its primary subtag), falling back to English."""
    if not text:
        return ""
    if lang in text:
        return text[lang]
    primary = lang.split("-")[0].lower()
    return text.get(primary) or text["en"]


# --------------------------------------------------------------------------------------------
# Conditions: structured data, never code strings.
# --------------------------------------------------------------------------------------------


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"
    NOT_IN = "not_in"
    INCLUDES = "includes"  # a multi-choice answer includes any of the listed options
    EXCLUDES = "excludes"  # a multi-choice answer includes none of the listed options
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


ORDERING_OPS = frozenset({Op.LT, Op.LE, Op.GT, Op.GE})
LIST_OPS = frozenset({Op.IN, Op.NOT_IN, Op.INCLUDES, Op.EXCLUDES})
PRESENCE_OPS = frozenset({Op.ANSWERED, Op.UNANSWERED})

OPERAND_KEYS = ("item", "score", "option_score", "selected", "age", "language")


class Comparison(StrictModel):
    """One test on one operand.

    Operands (exactly one is given):
      item          the answer to an item
      score         a score's value (null unless all its items are answered)
      option_score  the score of the option chosen for a choice item
      selected      how many options are selected in a multi-choice item
      age           whole years between the named date-of-birth item and the screening date
      language      the primary subtag of a language item's BCP 47 code (``en-GB`` -> ``en``)

    An unanswered operand makes every comparison false; only ``answered`` and ``unanswered`` look
    at presence itself.
    """

    item: str | None = None
    score: str | None = None
    option_score: str | None = None
    selected: str | None = None
    age: str | None = None
    language: str | None = None
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _one_operand(self) -> Comparison:
        given = [key for key in OPERAND_KEYS if getattr(self, key) is not None]
        if len(given) != 1:
            raise ValueError(
                "a comparison needs exactly one of " + ", ".join(OPERAND_KEYS)
                + (f" (got {', '.join(given)})" if given else "")
            )
        if self.op in PRESENCE_OPS:
            if self.value is not None:
                raise ValueError(f"'{self.op}' takes no value")
        elif self.value is None:
            raise ValueError(f"'{self.op}' needs a value")
        if self.op in LIST_OPS and not isinstance(self.value, list):
            raise ValueError(f"'{self.op}' needs a list value")
        return self

    @property
    def operand(self) -> tuple[str, str]:
        """(operand kind, referenced code)."""
        for key in OPERAND_KEYS:
            ref = getattr(self, key)
            if ref is not None:
                return key, ref
        raise AssertionError("validated to have one operand")


class AllOf(StrictModel):
    all: list[Condition] = Field(min_length=1)


class AnyOf(StrictModel):
    any: list[Condition] = Field(min_length=1)


class NotOf(StrictModel):
    not_: Condition = Field(alias="not")


class CountOf(StrictModel):
    """How many of the listed conditions hold, compared with a number (``count_ge`` in DESIGN.md)."""

    count: list[Condition] = Field(min_length=1)
    op: Literal[Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE]
    value: int


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not", "count"):
            if key in value:
                return key
        return "compare"
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", NotOf: "not", CountOf: "count"}.get(
            type(value), "compare"
        )
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[CountOf, Tag("count")]
    | Annotated[Comparison, Tag("compare")],
    Discriminator(_condition_tag),
]

# Names of the union tags pydantic puts into error locations; the loader skips them when it
# maps an error back to a YAML line.
CONDITION_TAGS = frozenset({"all", "any", "not", "count", "compare"})

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
CountOf.model_rebuild()


# --------------------------------------------------------------------------------------------
# Items, sections, scores, flag rules.
# --------------------------------------------------------------------------------------------


class Option(StrictModel):
    code: str = Field(pattern=CODE_PATTERN)
    label: Text
    easy_read: Text | None = None
    score: int | None = None
    exclusive: bool = False
    """For multi-choice: this option cannot be combined with another (e.g. ``none``)."""
    category: Text | None = None
    """The coarser label shown where the item is disclosed ``as: category``."""

    _check_label = field_validator("label", "easy_read", "category")(
        lambda v: _check_text(v) if v is not None else v
    )


class IdentifierCheck(StrEnum):
    NHS_NUMBER = "nhs_number"
    PNC_ID = "pnc_id"


class Validation(StrictModel):
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    max_length: int | None = Field(default=None, gt=0)
    check: IdentifierCheck | None = None
    not_future: bool = False
    """For dates and datetimes: the value may not be after the screening date."""

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class Prefill(StrEnum):
    """Person-record fields an item may be pre-filled from."""

    DATE_OF_BIRTH = "person.date_of_birth"
    LANGUAGE = "person.language"
    INTERPRETER = "person.interpreter"
    ETHNICITY = "person.ethnicity"


CHOICE_TYPES = frozenset({ItemType.CHOICE, ItemType.MULTI_CHOICE})


class Item(StrictModel):
    code: str = Field(pattern=CODE_PATTERN)
    type: ItemType
    text: Text
    why: Text
    easy_read: Text
    options: list[Option] = Field(default_factory=list)
    required: bool | None = None
    """None means "as DESIGN.md says": see ``rules.is_required``."""
    validation: Validation | None = None
    enable_when: Condition | None = None
    disclosure: DisclosureClass
    disclose_as: DiscloseAs = DiscloseAs.FULL
    fixed_text: Text | None = None
    """The words shown where ``disclose_as`` is ``fixed_text``."""
    kind: ItemKind
    prefill: Prefill | None = None
    help: Text | None = None

    _check_texts = field_validator("text", "why", "easy_read", "fixed_text", "help")(
        lambda v: _check_text(v) if v is not None else v
    )

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.type in CHOICE_TYPES:
            if not self.options:
                raise ValueError(f"a {self.type} item needs options")
            codes = [o.code for o in self.options]
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                raise ValueError(f"option codes repeat: {', '.join(dupes)}")
        elif self.options:
            raise ValueError(f"a {self.type} item has no options")
        if any(o.exclusive for o in self.options) and self.type is not ItemType.MULTI_CHOICE:
            raise ValueError("only multi-choice options can be exclusive")
        if self.disclose_as is DiscloseAs.FIXED_TEXT and self.fixed_text is None:
            raise ValueError("disclose_as fixed_text needs fixed_text")
        if self.disclose_as is DiscloseAs.CATEGORY and not (
            self.options and all(o.category is not None for o in self.options)
        ):
            raise ValueError("disclose_as category needs a category on every option")
        return self

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def option_codes(self) -> list[str]:
        return [o.code for o in self.options]


class Include(StrictModel):
    """Includes a validated instrument module (``forms/instruments/<id>/<version>.yaml``)."""

    include: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*@\d+\.\d+\.\d+$")
    enable_when: Condition | None = None

    @property
    def module_id(self) -> str:
        return self.include.split("@")[0]

    @property
    def module_version(self) -> str:
        return self.include.split("@")[1]


class Section(StrictModel):
    id: str = Field(pattern=CODE_PATTERN)
    title: Text
    intro: Text | None = None
    enable_when: Condition | None = None
    items: list[Item] = Field(min_length=1)

    _check_texts = field_validator("title", "intro")(
        lambda v: _check_text(v) if v is not None else v
    )


def _section_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return "include" if "include" in value else "section"
    if isinstance(value, Include):
        return "include"
    if isinstance(value, Section):
        return "section"
    return None


SectionOrInclude = Annotated[
    Annotated[Section, Tag("section")] | Annotated[Include, Tag("include")],
    Discriminator(_section_tag),
]
SECTION_TAGS = frozenset({"section", "include"})


class Band(StrictModel):
    min: int
    label: Text
    positive: bool = False
    """Whether a score in this band counts as a positive screen."""


class ScoreMethod(StrEnum):
    SUM = "sum"  # sum of the chosen options' scores
    COUNT = "count"  # number of items whose chosen option scores above 0


class Score(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: Text
    method: ScoreMethod = ScoreMethod.SUM
    items: list[str] = Field(min_length=1)
    bands: list[Band] = Field(default_factory=list)
    disclosure: DisclosureClass = DisclosureClass.CONFIDENTIAL

    @field_validator("bands")
    @classmethod
    def _ascending(cls, bands: list[Band]) -> list[Band]:
        mins = [b.min for b in bands]
        if mins != sorted(set(mins)):
            raise ValueError("band minimums must rise strictly")
        return bands

    def band_for(self, value: float) -> Band | None:
        chosen = None
        for band in self.bands:
            if value >= band.min:
                chosen = band
        return chosen


class FlagRule(StrictModel):
    flag: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    when: Condition
    reason: Text | None = None
    """Optional plain-words summary shown before the answers that raised the flag."""


class Form(StrictModel):
    """One released (or draft) version of a checklist: ``forms/<id>/<version>.yaml``."""

    id: str = Field(pattern=FORM_ID_PATTERN)
    version: str = Field(pattern=SEMVER_PATTERN)
    title: Text
    stage: Stage
    roles: list[Role] = Field(min_length=1)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    translation_review: dict[str, str] = Field(default_factory=dict)
    """Per language, a note that its strings still need review (e.g. by a Welsh speaker)."""
    introduction: Text
    sections: list[SectionOrInclude] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)
    flags: list[FlagRule] = Field(default_factory=list)
    source: str | None = None
    """Where an imported form came from (e.g. a FHIR Questionnaire url)."""

    _check_texts = field_validator("title", "introduction")(_check_text)


class Instrument(StrictModel):
    """A validated instrument (PHQ-9, GAD-7, AUDIT-C) that forms include."""

    instrument: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str = Field(pattern=SEMVER_PATTERN)
    title: Text
    licence: str
    languages: list[str] = Field(default_factory=lambda: ["en"])
    translation_review: dict[str, str] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
    scores: list[Score] = Field(default_factory=list)


class FlagDefinition(StrictModel):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    level: FlagLevel
    label: Text
    definition: Text
    icd11: list[str] = Field(default_factory=list)
    snomed: list[str] = Field(default_factory=list)


class FlagRegistry(StrictModel):
    """The common flag definitions every agency shares (``forms/flags.yaml``)."""

    version: str = Field(pattern=SEMVER_PATTERN)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    translation_review: dict[str, str] = Field(default_factory=dict)
    flags: list[FlagDefinition] = Field(min_length=1)

    def get(self, code: str) -> FlagDefinition | None:
        return next((f for f in self.flags if f.code == code), None)
