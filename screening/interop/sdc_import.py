"""A plain SDC Questionnaire (one without our ``form-definition`` extension) as a form definition.

What is recognised:

- Structure: each ``group`` becomes a section (id from its linkId, title from its text); a group's
  own questions stay together in its section and nested groups follow as sections of their own,
  inheriting the enclosing groups' conditions. Runs of top-level questions outside any group go
  into default sections (``main``, ``main_2``, ...). Questions nested under a question follow it
  and inherit its condition. A group's leading ``display`` items become the section's intro; a
  question's ``display`` child with itemControl ``help`` becomes its help text; other display items
  are dropped.
- Types: ``boolean`` -> choice with options ``yes`` / ``no``; ``choice`` / ``open-choice`` /
  ``coding`` with ``answerOption`` (valueCoding, valueString, valueInteger, valueDate) -> choice
  (``repeats`` -> multi-choice; the free-text alternative of open-choice is dropped); a choice
  bound only to a language value set -> language; any other choice without options -> text;
  ``string``, ``text``, ``url``, ``time`` -> text; ``integer``, ``decimal`` (``quantity`` as its number),
  ``date``, ``dateTime`` as themselves. ``attachment`` and ``reference`` items are dropped.
  Our own per-item extensions (item-type, disclosure, disclose-as, kind, why, easy-read) are
  honoured when present.
- Option scores: the ``ordinalValue``, ``itemWeight`` or ``iso21090-CO-value`` extension on the
  answerOption or on its valueCoding (whole numbers only); ``optionExclusive`` -> exclusive.
- Validation: ``minValue`` / ``maxValue`` (numbers), ``regex``, ``maxLength``; ``required``.
- Conditions: ``enableWhen`` with answerCoding / answerBoolean / answerString / answerInteger /
  answerDecimal / answerDate / answerDateTime and operators ``exists``, ``=``, ``!=``, ``>``, ``<``,
  ``>=``, ``<=``, combined by ``enableBehavior`` (``all`` when absent). ``!=`` is true when the
  question is unanswered (FHIR's definition), so it becomes ``not (eq ...)``. An answer that is not
  among the question's options makes ``=`` never true and ``!=`` always true.
  ``enableWhenExpression`` (FHIRPath) is NOT evaluated: such items are always shown (a warning
  says which).
- Scores: a calculated item (SDC ``calculatedExpression``, or ``cqf-expression``) or a
  root ``variable`` whose FHIRPath takes ``ordinal()`` / ``weight()`` (or the ordinalValue /
  itemWeight extension) of answers and ``sum()``s them (or counts those above 0) becomes a score
  over the items its expression names by ``linkId = '...'`` / ``linkId in (...)`` (a named group
  means its scored questions; no names means every scored question). The score item itself is
  not asked. Other calculated items are dropped.

Codes: a linkId that is already a valid code (``[A-Za-z0-9][A-Za-z0-9_]*``) is kept; otherwise
every run of other characters becomes ``_`` and leading / trailing ``_`` are dropped
(``/44250-9`` -> ``44250_9``, ``1.2`` -> ``1_2``); an empty result becomes ``q``; a clash gets
``_2``, ``_3``... Score ids are the same, lower-cased. Option codes follow the same rule from the
coding's code (or the string / number / date). The form id is the last segment of the Questionnaire's
``url`` (else ``id``, ``name``, ``title``), lower-cased with other characters as ``-``; the version is the
first one to three numbers of ``version`` (``2`` -> ``2.0.0``; ``1.0.0`` when there are none).

Every imported item is ``confidential``, ``fact``, disclosed ``full``; why and easy-read default
to the question text; the form is stage ``any`` for all five roles with no flag rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from screening.checklist.checks import required_codes
from screening.checklist.loader import compile_form
from screening.checklist.model import (
    CODE_PATTERN,
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    Form,
    Item,
    NotOf,
    Op,
    Option,
    Score,
    ScoreMethod,
    Section,
    Validation,
)
from screening.checklist.yamlsource import FormLoadError
from screening.domain.enums import (
    DiscloseAs,
    DisclosureClass,
    ItemKind,
    ItemType,
    Role,
    Stage,
)
from screening.interop.fhir_common import (
    CALCULATED_EXPRESSION,
    CQF_EXPRESSION,
    ENABLE_WHEN_EXPRESSION,
    EXT_DISCLOSE_AS,
    EXT_DISCLOSURE,
    EXT_EASY_READ,
    EXT_ITEM_TYPE,
    EXT_KIND,
    EXT_WHY,
    ITEM_CONTROL,
    JSON,
    LANGUAGE_VALUE_SETS,
    MAX_VALUE,
    MIN_VALUE,
    NO_FLAGS,
    OPTION_EXCLUSIVE,
    REGEX,
    SCORE_EXTENSIONS,
    TRANSLATION,
    VARIABLE,
    find_extension,
    find_extensions,
    london_naive,
)
from screening.interop.questionnaire import QuestionnaireImport, QuestionnaireImportError

_CODE = re.compile(CODE_PATTERN)
_LANG = re.compile(r"[a-z]{2,3}")
_SCORE_FUNCTION = re.compile(r"\b(?:ordinal|weight)\(\)|ordinalValue|itemWeight|iso21090-CO-value")
_LINK_EQUALS = re.compile(r"linkId\s*=\s*'((?:[^'\\]|\\.)*)'")
_LINK_IN = re.compile(r"linkId\s+in\s*\(([^)]*)\)")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?")

_CHOICE_TYPES = ("choice", "open-choice", "coding")
_TEXT_TYPES = ("string", "text", "url", "time")
_DIRECT_TYPES = {
    "integer": ItemType.INTEGER,
    "decimal": ItemType.DECIMAL,
    "quantity": ItemType.DECIMAL,
    "date": ItemType.DATE,
    "dateTime": ItemType.DATETIME,
}
_STRING_LIKE = (ItemType.TEXT, ItemType.IDENTIFIER, ItemType.ETHNICITY, ItemType.LANGUAGE)
_ORDERING = {">": Op.GT, "<": Op.LT, ">=": Op.GE, "<=": Op.LE}

AnswerKey = tuple[Any, ...]


def safe_code(raw: str, taken: set[str], *, lower: bool = False) -> str:
    """A valid, unused code for ``raw`` (see the module docstring); adds it to ``taken``."""
    code = raw if _CODE.fullmatch(raw) else re.sub(r"[^A-Za-z0-9_]+", "_", raw).strip("_")
    if lower:
        code = code.lower()
    code = code or "q"
    candidate, n = code, 2
    while candidate in taken:
        candidate, n = f"{code}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _form_id(data: JSON) -> str:
    url = data.get("url")
    for raw in (url.rstrip("/").rsplit("/", 1)[-1] if isinstance(url, str) else None,
                data.get("id"), data.get("name"), data.get("title")):
        if isinstance(raw, str):
            slug = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
            if slug:
                return slug
    return "imported-questionnaire"


def _version(raw: Any) -> str:
    match = _VERSION.search(raw) if isinstance(raw, str) else None
    if match is None:
        return "1.0.0"
    return ".".join(str(int(part or 0)) for part in match.groups())


def _answer_key(element: JSON, prefix: str) -> AnswerKey | None:
    """A hashable key for an answerOption value (``prefix='value'``) or enableWhen answer
    (``prefix='answer'``) so the two can be matched."""
    coding = element.get(prefix + "Coding")
    if isinstance(coding, dict):
        return ("coding", coding.get("system"), coding.get("code"))
    for kind in ("Boolean", "String", "Integer", "Date", "DateTime", "Time", "Decimal"):
        key = prefix + kind
        if key in element:
            return (kind.lower(), element[key])
    return None


@dataclass
class _Question:
    link_id: str
    code: str
    data: JSON
    type: ItemType
    options: list[Option] = field(default_factory=list)
    option_keys: dict[AnswerKey, str] = field(default_factory=dict)


@dataclass
class _ScoreSpec:
    link_id: str | None
    score_id: str
    label: dict[str, str]
    method: ScoreMethod
    names: list[str] | None


class _Mapper:
    def __init__(self, data: JSON) -> None:
        self.data = data
        language = data.get("language")
        primary = language.split("-")[0].lower() if isinstance(language, str) else "en"
        self.lang = primary if _LANG.fullmatch(primary) else "en"
        self.warnings: list[str] = []
        self.languages: set[str] = {"en"}
        self.item_codes: set[str] = set()
        self.section_ids: set[str] = set()
        self.score_ids: set[str] = set()
        self.link_ids: dict[str, str] = {}
        self.questions: dict[str, _Question] = {}
        self.groups: dict[str, JSON] = {}
        self.scores: list[_ScoreSpec] = []
        self.sections: list[Section] = []
        self._english_copied = False

    # -------------------------------------------------------------------------------- helpers

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def text(self, element: Any, key: str, fallback: str) -> dict[str, str]:
        """Text in the questionnaire's language plus its translations; English is required by our
        model, so the primary text stands in for it when there is no English."""
        primary = element.get(key) if isinstance(element, dict) else None
        if not isinstance(primary, str) or not primary.strip():
            primary = fallback
        texts = {self.lang: primary}
        holder = element.get("_" + key) if isinstance(element, dict) else None
        for ext in find_extensions(holder, TRANSLATION):
            parts = {p.get("url"): p for p in ext.get("extension", []) if isinstance(p, dict)}
            tag = parts.get("lang", {}).get("valueCode")
            content = parts.get("content", {})
            value = content.get("valueString") or content.get("valueMarkdown")
            if isinstance(tag, str) and isinstance(value, str) and value.strip():
                lang = tag.split("-")[0].lower()
                if _LANG.fullmatch(lang):
                    texts.setdefault(lang, value)
        if "en" not in texts:
            texts["en"] = primary
            if not self._english_copied:
                self._english_copied = True
                self.warn(f"the questionnaire has no English text; its '{self.lang}' text is used "
                          "as the English text too")
        self.languages.update(texts)
        return texts

    def text_extension(self, ext: JSON | None, fallback: dict[str, str]) -> dict[str, str]:
        """Our complex text extension (a ``text`` part plus ``translation`` parts), or ``fallback``."""
        part = find_extension(ext, "text")
        if ext is None or part is None or not isinstance(part.get("valueString"), str):
            return dict(fallback)
        holder = {"value": part["valueString"], "_value": {"extension": find_extensions(ext, TRANSLATION)}}
        return self.text(holder, "value", fallback["en"])

    def _ext_code(self, item: JSON, url: str) -> str | None:
        ext = find_extension(item, url)
        value = ext.get("valueCode") if ext is not None else None
        return value if isinstance(value, str) else None

    # ---------------------------------------------------------------------------- pass 1: ids

    def classify(self, items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            link_id = str(item.get("linkId", ""))
            kind = item.get("type")
            if kind == "group":
                self.groups[link_id] = item
                self.link_ids[link_id] = safe_code(link_id, self.section_ids)
            elif kind == "display":
                pass
            elif (spec := self._calculated_score(item)) is not None:
                self.scores.append(spec)
                self.link_ids[link_id] = spec.score_id
                continue
            elif self._calculation(item) is not None:
                self.warn(f"{link_id}: a calculated item that is not an ordinal sum is not imported")
                continue
            else:
                question = self._question(item, link_id)
                if question is None:
                    continue
                self.questions[link_id] = question
                self.link_ids[link_id] = question.code
            self.classify(item.get("item"))

    def _calculation(self, item: JSON) -> str | None:
        for url in (CALCULATED_EXPRESSION, CQF_EXPRESSION):
            ext = find_extension(item, url)
            expression = ext.get("valueExpression") if ext is not None else None
            if isinstance(expression, dict) and isinstance(expression.get("expression"), str):
                return str(expression["expression"])
        return None

    def _calculated_score(self, item: JSON) -> _ScoreSpec | None:
        expression = self._calculation(item)
        if expression is None:
            return None
        link_id = str(item.get("linkId", ""))
        return self._score_spec(expression, link_id, self.text(item, "text", link_id), link_id)

    def _score_spec(
        self, expression: str, name: str, label: dict[str, str], link_id: str | None
    ) -> _ScoreSpec | None:
        if not _SCORE_FUNCTION.search(expression):
            return None
        if ".sum()" in expression:
            method = ScoreMethod.SUM
        elif ".count()" in expression and re.search(r">\s*0\b", expression):
            method = ScoreMethod.COUNT
        else:
            return None
        names = [m.group(1) for m in _LINK_EQUALS.finditer(expression)]
        for listed in _LINK_IN.finditer(expression):
            names.extend(q.group(1) for q in _QUOTED.finditer(listed.group(1)))
        names = [n.replace("\\'", "'").replace("\\\\", "\\") for n in names]
        score_id = safe_code(name, self.score_ids, lower=True)
        return _ScoreSpec(link_id, score_id, label, method, names or None)

    def _question(self, item: JSON, link_id: str) -> _Question | None:
        kind = item.get("type")
        declared = self._ext_code(item, EXT_ITEM_TYPE)
        options: list[Option] = []
        keys: dict[AnswerKey, str] = {}
        if kind == "boolean":
            item_type = ItemType.CHOICE
            options = [Option(code="yes", label={"en": "Yes"}), Option(code="no", label={"en": "No"})]
            keys = {("boolean", True): "yes", ("boolean", False): "no"}
        elif kind in _CHOICE_TYPES:
            if item.get("answerOption"):
                item_type = ItemType.MULTI_CHOICE if item.get("repeats") else ItemType.CHOICE
                options, keys = self._options(item, link_id)
                if kind == "open-choice":
                    self.warn(f"{link_id}: the free-text alternative of an open choice is not kept")
            elif item.get("answerValueSet") in LANGUAGE_VALUE_SETS or declared == ItemType.LANGUAGE:
                item_type = ItemType.LANGUAGE
            else:
                item_type = ItemType.TEXT
                self.warn(f"{link_id}: answers from value set {item.get('answerValueSet')} are "
                          "recorded as text codes")
            if item.get("repeats") and item_type is not ItemType.MULTI_CHOICE:
                self.warn(f"{link_id}: only one answer is kept (repeats is ignored)")
        elif kind in _TEXT_TYPES:
            item_type = ItemType.TEXT
            if declared in (ItemType.IDENTIFIER, ItemType.ETHNICITY, ItemType.LANGUAGE):
                item_type = ItemType(declared)
            if kind == "time":
                self.warn(f"{link_id}: a time is recorded as text")
        elif kind in _DIRECT_TYPES:
            item_type = _DIRECT_TYPES[kind]
            if kind == "quantity":
                self.warn(f"{link_id}: a quantity is recorded as a number without its unit")
        else:
            self.warn(f"{link_id}: items of type {kind!r} are not imported")
            return None
        if item.get("repeats") and kind not in _CHOICE_TYPES:
            self.warn(f"{link_id}: only one answer is kept (repeats is ignored)")
        if item_type in (ItemType.CHOICE, ItemType.MULTI_CHOICE) and not options:
            self.warn(f"{link_id}: a choice without usable options is recorded as text")
            item_type = ItemType.TEXT
        code = safe_code(link_id, self.item_codes)
        return _Question(link_id, code, item, item_type, options, keys)

    def _options(self, item: JSON, link_id: str) -> tuple[list[Option], dict[AnswerKey, str]]:
        options: list[Option] = []
        keys: dict[AnswerKey, str] = {}
        taken: set[str] = set()
        scores: list[int | None] = []
        whole = True
        for answer in item.get("answerOption", []):
            if not isinstance(answer, dict):
                continue
            key = _answer_key(answer, "value")
            if key is None or key[0] in ("decimal",):
                self.warn(f"{link_id}: an answer option that is not a coding, string, integer, "
                          "date or time is dropped")
                continue
            coding = answer.get("valueCoding")
            if isinstance(coding, dict):
                raw = str(coding.get("code") or coding.get("display") or "option")
                label = self.text(coding, "display", raw)
            else:
                raw = str(key[1])
                label = self.text(answer, "value" + key[0].capitalize(), raw) \
                    if key[0] == "string" else {"en": raw}
            score = self._option_score(answer)
            if score is not None and not float(score).is_integer():
                whole = False
            scores.append(int(score) if score is not None and float(score).is_integer() else None)
            exclusive_ext = find_extension(answer, OPTION_EXCLUSIVE)
            exclusive = bool(exclusive_ext and exclusive_ext.get("valueBoolean") is True)
            code = safe_code(raw, taken)
            keys[key] = code
            options.append(Option(code=code, label=label, exclusive=exclusive and bool(item.get("repeats"))))
        if not whole:
            self.warn(f"{link_id}: option scores must be whole numbers; this item's scores are dropped")
            scores = [None] * len(options)
        options = [o.model_copy(update={"score": s}) for o, s in zip(options, scores, strict=True)]
        return options, keys

    def _option_score(self, answer: JSON) -> float | None:
        for holder in (answer, answer.get("valueCoding")):
            for url in SCORE_EXTENSIONS:
                ext = find_extension(holder, url)
                if ext is None:
                    continue
                value = ext.get("valueDecimal", ext.get("valueInteger"))
                if isinstance(value, int | float) and not isinstance(value, bool):
                    return float(value)
        return None

    # ------------------------------------------------------------------- pass 2: sections

    def build_sections(self) -> None:
        pending: list[JSON] = []
        run = 0
        top = self.data.get("item") or []
        for entry in [*top, None]:
            is_question = isinstance(entry, dict) and entry.get("type") not in ("group", "display")
            if is_question and isinstance(entry, dict):
                pending.append(entry)
                continue
            if pending:
                items: list[Item] = []
                later: list[tuple[JSON, list[Condition]]] = []
                for question in pending:
                    self._collect(question, [], items, later)
                if items:
                    run += 1
                    section_id = safe_code("main" if run == 1 else f"main_{run}", self.section_ids)
                    title = self.text(self.data, "title", "Questions")
                    self.sections.append(Section(id=section_id, title=title, items=items))
                for group, conditions in later:
                    self._group(group, conditions)
                pending = []
            if isinstance(entry, dict) and entry.get("type") == "group":
                self._group(entry, [])

    def _group(self, group: JSON, inherited: list[Condition]) -> None:
        link_id = str(group.get("linkId", ""))
        own = self._condition(group, link_id)
        conditions = inherited + ([own] if own is not None else [])
        items: list[Item] = []
        intro: dict[str, str] | None = None
        later: list[tuple[JSON, list[Condition]]] = []
        for child in group.get("item") or []:
            if not isinstance(child, dict):
                continue
            kind = child.get("type")
            if kind == "group":
                later.append((child, conditions))
            elif kind == "display":
                if not items and intro is None:
                    intro = self.text(child, "text", str(child.get("linkId", "")))
            else:
                self._collect(child, [], items, later, conditions)
        if items:
            title = self.text(group, "text", link_id)
            self.sections.append(Section(
                id=self.link_ids[link_id], title=title, intro=intro,
                enable_when=_all(conditions), items=items,
            ))
        for nested, nested_conditions in later:
            self._group(nested, nested_conditions)

    def _collect(
        self,
        entry: JSON,
        inherited: list[Condition],
        out: list[Item],
        later: list[tuple[JSON, list[Condition]]],
        section_conditions: list[Condition] | None = None,
    ) -> None:
        link_id = str(entry.get("linkId", ""))
        question = self.questions.get(link_id)
        if question is None:
            return  # a score, a dropped calculation or an unsupported type (warned in pass 1)
        own = self._condition(entry, link_id)
        conditions = inherited + ([own] if own is not None else [])
        out.append(self._item(question, _all(conditions)))
        for child in entry.get("item") or []:
            if not isinstance(child, dict):
                continue
            if child.get("type") == "group":
                later.append((child, [*(section_conditions or []), *conditions]))
            elif child.get("type") != "display":
                self._collect(child, conditions, out, later, section_conditions)

    def _item(self, question: _Question, enable_when: Condition | None) -> Item:
        data = question.data
        text = self.text(data, "text", question.link_id)
        why_ext = find_extension(data, EXT_WHY)
        easy_ext = find_extension(data, EXT_EASY_READ)
        why = self.text_extension(why_ext, text)
        easy_read = self.text_extension(easy_ext, text)
        disclosure = self._ext_code(data, EXT_DISCLOSURE)
        disclose_as = self._ext_code(data, EXT_DISCLOSE_AS)
        kind = self._ext_code(data, EXT_KIND)
        help_text = None
        for child in data.get("item") or []:
            if isinstance(child, dict) and child.get("type") == "display" and _is_help(child):
                help_text = self.text(child, "text", "")
        return Item(
            code=question.code,
            type=question.type,
            text=text,
            why=why,
            easy_read=easy_read,
            options=question.options,
            required=data.get("required") is True,
            validation=self._validation(question),
            enable_when=enable_when,
            disclosure=DisclosureClass(disclosure) if disclosure in set(DisclosureClass)
            else DisclosureClass.CONFIDENTIAL,
            disclose_as=DiscloseAs(disclose_as) if disclose_as in (DiscloseAs.FULL, DiscloseAs.OUTCOME)
            else DiscloseAs.FULL,
            kind=ItemKind(kind) if kind in set(ItemKind) else ItemKind.FACT,
            help=help_text if help_text and help_text.get("en", "").strip() else None,
        )

    def _validation(self, question: _Question) -> Validation | None:
        data = question.data
        values: dict[str, Any] = {}
        if question.type in (ItemType.INTEGER, ItemType.DECIMAL):
            for url, key in ((MIN_VALUE, "min"), (MAX_VALUE, "max")):
                ext = find_extension(data, url)
                if ext is not None:
                    number = ext.get("valueInteger", ext.get("valueDecimal"))
                    if isinstance(number, int | float) and not isinstance(number, bool):
                        values[key] = float(number)
        regex = find_extension(data, REGEX)
        if regex is not None and isinstance(regex.get("valueString"), str) \
                and question.type in _STRING_LIKE:
            try:
                re.compile(regex["valueString"])
                values["pattern"] = regex["valueString"]
            except re.error:
                self.warn(f"{question.link_id}: its regex does not compile in Python and is dropped")
        max_length = data.get("maxLength")
        if isinstance(max_length, int) and max_length > 0 and question.type in _STRING_LIKE:
            values["max_length"] = max_length
        return Validation(**values) if values else None

    # -------------------------------------------------------------------------- conditions

    def _condition(self, element: JSON, link_id: str) -> Condition | None:
        if find_extension(element, ENABLE_WHEN_EXPRESSION) is not None:
            self.warn(f"{link_id}: its enableWhenExpression (FHIRPath) is not imported; "
                      "it is always shown")
        entries = element.get("enableWhen") or []
        parts: list[Condition] = []
        for entry in entries:
            part = self._enable_when(entry, link_id) if isinstance(entry, dict) else None
            if part is None:
                self.warn(f"{link_id}: an enableWhen on {entry.get('question')!r} could not be "
                          "imported and is left out")
            else:
                parts.append(part)
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if element.get("enableBehavior") == "any":
            return AnyOf(any=parts)
        return AllOf(all=parts)

    def _enable_when(self, entry: JSON, link_id: str) -> Condition | None:
        question = self.questions.get(str(entry.get("question")))
        operator = entry.get("operator")
        key = _answer_key(entry, "answer")
        if question is None or key is None:
            return None
        code = question.code
        if operator == "exists":
            if key[0] != "boolean":
                return None
            return Comparison(item=code, op=Op.ANSWERED if key[1] else Op.UNANSWERED)
        if operator not in ("=", "!=", *_ORDERING):
            return None
        if question.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
            if operator not in ("=", "!="):
                return None
            option = question.option_keys.get(key) or _match_code(question, key)
            if option is None:
                self.warn(f"{link_id}: an enableWhen answer is not an option of {question.link_id}")
                never = AllOf(all=[Comparison(item=code, op=Op.ANSWERED),
                                   Comparison(item=code, op=Op.UNANSWERED)])
                return never if operator == "=" else NotOf(not_=never)
            equal = Comparison(item=code, op=Op.INCLUDES, value=[option]) \
                if question.type is ItemType.MULTI_CHOICE else Comparison(item=code, op=Op.EQ, value=option)
            return equal if operator == "=" else NotOf(not_=equal)
        value = self._typed_answer(question, key)
        if value is None:
            return None
        if operator in _ORDERING:
            if question.type in _STRING_LIKE:
                return None
            return Comparison(item=code, op=_ORDERING[operator], value=value)
        equal = Comparison(item=code, op=Op.EQ, value=value)
        return equal if operator == "=" else NotOf(not_=equal)

    def _typed_answer(self, question: _Question, key: AnswerKey) -> Any:
        kind, value = key[0], key[-1]
        if question.type in (ItemType.INTEGER, ItemType.DECIMAL):
            if kind in ("integer", "decimal") and not isinstance(value, bool):
                return value
            return None
        if question.type is ItemType.DATE:
            if kind == "date" and isinstance(value, str):
                try:
                    return date.fromisoformat(value).isoformat()
                except ValueError:
                    return None
            return None
        if question.type is ItemType.DATETIME:
            if kind in ("datetime", "date") and isinstance(value, str):
                try:
                    return london_naive(datetime.fromisoformat(value)).isoformat()
                except ValueError:
                    return None
            return None
        if kind in ("string", "coding") and isinstance(value, str):
            return value
        return None

    # ------------------------------------------------------------------------------ scores

    def build_scores(self) -> list[Score]:
        for ext in find_extensions(self.data, VARIABLE):
            expression = ext.get("valueExpression")
            if isinstance(expression, dict) and isinstance(expression.get("expression"), str) \
                    and isinstance(expression.get("name"), str):
                name = expression["name"]
                spec = self._score_spec(expression["expression"], name, {"en": name}, None)
                if spec is not None:
                    self.scores.append(spec)
        scored = [q for q in self.questions.values() if _fully_scored(q)]
        built: list[Score] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for spec in self.scores:
            items = self._score_items(spec, scored)
            if items is None:
                continue
            if (spec.method, tuple(items)) in seen:
                continue
            seen.add((spec.method, tuple(items)))
            built.append(Score(id=spec.score_id, label=spec.label, method=spec.method, items=items))
        return built

    def _score_items(self, spec: _ScoreSpec, scored: list[_Question]) -> list[str] | None:
        where = spec.link_id or spec.score_id
        if spec.names is None:
            codes = [q.code for q in scored]
        else:
            codes = []
            for name in spec.names:
                if name in self.groups:
                    inside = set(_descendant_links(self.groups[name]))
                    codes.extend(q.code for q in scored if q.link_id in inside)
                elif name in self.questions and _fully_scored(self.questions[name]):
                    codes.append(self.questions[name].code)
                else:
                    self.warn(f"{where}: the score reads {name!r}, which is not a choice question "
                              "with a score on every option; the score is not imported")
                    return None
        codes = list(dict.fromkeys(codes))
        if not codes:
            self.warn(f"{where}: the score reads no scored questions; it is not imported")
            return None
        return codes


def _implicit_required(sections: list[Section], scores: list[Score]) -> list[Section]:
    """Leaves ``required`` unset wherever DESIGN.md's default rule already gives FHIR's answer,
    so the written YAML says only what differs."""
    items = {item.code: item.model_copy(update={"required": None})
             for section in sections for item in section.items}
    by_default = required_codes(items, {s.id: s for s in scores}, [])
    return [
        section.model_copy(update={"items": [
            item.model_copy(update={"required": None})
            if bool(item.required) == (item.code in by_default) else item
            for item in section.items
        ]})
        for section in sections
    ]


def _all(conditions: list[Condition]) -> Condition | None:
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else AllOf(all=conditions)


def _is_help(item: JSON) -> bool:
    ext = find_extension(item, ITEM_CONTROL)
    concept = ext.get("valueCodeableConcept") if ext is not None else None
    codings = concept.get("coding", []) if isinstance(concept, dict) else []
    return any(isinstance(c, dict) and c.get("code") == "help" for c in codings)


def _fully_scored(question: _Question) -> bool:
    return question.type is ItemType.CHOICE and all(o.score is not None for o in question.options)


def _match_code(question: _Question, key: AnswerKey) -> str | None:
    """A coding answer whose system differs from (or is missing on) the option's: match by code."""
    if key[0] != "coding":
        return None
    matches = {code for k, code in question.option_keys.items() if k[0] == "coding" and k[2] == key[2]}
    return matches.pop() if len(matches) == 1 else None


def _descendant_links(item: JSON) -> list[str]:
    found: list[str] = []
    for child in item.get("item") or []:
        if isinstance(child, dict):
            found.append(str(child.get("linkId", "")))
            found.extend(_descendant_links(child))
    return found


def map_sdc_questionnaire(data: JSON) -> QuestionnaireImport:
    """Maps a Questionnaire without our definition extension (see the module docstring);
    the result has passed the loader's static checks."""
    mapper = _Mapper(data)
    try:
        mapper.classify(data.get("item"))
        mapper.build_sections()
        scores = mapper.build_scores()
        if not mapper.sections:
            raise QuestionnaireImportError("the questionnaire has no questions that can be imported")
        sections = _implicit_required(mapper.sections, scores)
        title = mapper.text(data, "title", str(data.get("name") or data.get("id") or "Questionnaire"))
        introduction = mapper.text(data, "description", title["en"])
        url = data.get("url")
        version = data.get("version")
        source = (f"{url}|{version}" if version else url) if isinstance(url, str) else data.get("id")
        languages = ["en", *sorted(mapper.languages - {"en"})]
        form = Form(
            id=_form_id(data),
            version=_version(version),
            title=title,
            stage=Stage.ANY,
            roles=list(Role),
            languages=languages,
            introduction=introduction,
            sections=sections,
            scores=scores,
            source=source if isinstance(source, str) else None,
        )
    except ValidationError as exc:
        raise QuestionnaireImportError(f"the questionnaire does not make a valid form: {exc}") from exc
    try:
        compile_form(form, None, {}, NO_FLAGS)
    except FormLoadError as exc:
        raise QuestionnaireImportError(
            "the imported form does not pass the form checks:\n" + str(exc)
        ) from exc
    return QuestionnaireImport(
        form=form, exact=False, link_ids=dict(mapper.link_ids), warnings=tuple(mapper.warnings)
    )
