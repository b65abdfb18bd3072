"""The disclosable summary never carries what its recipient may not see, and always carries what
it may see, in the form ``disclose_as`` gives. Over random answer sets of every shipped form, random
consent records (given, refused, withdrawn, without capacity, in the future, by class and by item),
random legal bases (signed off or not) and all nine recipients.

For each generated case and recipient a summary PDF is made through the real disclosure function
and renderer, and its text is extracted with pypdf. An *oracle* written here from DESIGN.md ("What
each class may reach"), independently of ``services.disclosure``, says how each answered item may
reach the recipient:

* not at all, or only through its flags: neither the unique marker put in its free text, nor its
  question text, nor "question answer" on one line, nor the engine's "CODE = value" reason appears;
* in full: "question answer" appears (opinions prefixed "Opinion:", observations "Observation:");
* derived: "question category-or-fixed-text" appears, and "question real-answer" does not.

Scores appear only where every answer they add up may be shown. Coverage is counted per form, item
and recipient: the test fails unless, for every pair, each outcome the rules allow for that pair was
generated (both "shown" and "withheld" wherever both are possible), and every recipient saw both.
A systematic sweep (every item made visible and answered, every recipient under every consent /
legal-basis treatment) guarantees the coverage; hypothesis adds random cases on top.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings, target
from hypothesis import strategies as st

from screening.checklist.loader import CompiledForm, FormLibrary
from screening.checklist.model import Item
from screening.domain import reference
from screening.domain.dates import LONDON
from screening.domain.enums import DiscloseAs, DisclosureClass, ItemKind, ItemType, Recipient
from screening.domain.models import Consent, RecordedLegalBasis, Screening
from screening.reports.common import Issue
from screening.reports.summary import render_summary
from screening.services.disclosure import disclosure_view
from tests.unit.disclosure import support
from tests.unit.reports.pdfcheck import page_texts

ROOT = Path(__file__).resolve().parents[3]
FORM_IDS = ("custody-screen", "ld-court-screen", "neurodevelopmental", "psr-mental-health")
HEALTH = {Recipient.LIAISON_DIVERSION, Recipient.PRISON_HEALTHCARE}
OPERATIONAL = {Recipient.POLICE, Recipient.CUSTODY_ESCORT}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
LANGUAGES = ("en-GB", "pl", "cy", "ar", "ur", "zh", "bfi")
SHOWN, WITHHELD = "shown", "withheld"
FURNITURE = re.compile(r"OFFICIAL-SENSITIVE|Disclosable summary\s+Document ID\s+PROP-1|Page \d+ of \d+")


@cache
def library() -> FormLibrary:
    return FormLibrary.load(ROOT / "forms")


# ------------------------------------------------------------------------------------ the oracle


def refused(consents: Sequence[Consent], recipient: Recipient, at: datetime) -> bool:
    """The recipient's latest decision by ``at`` is a refusal or a withdrawal."""
    events = []
    for order, c in enumerate(consents):
        if c.recipient is not recipient:
            continue
        if c.decided_at <= at:
            events.append((c.decided_at, order, c.given))
        if c.withdrawn_at is not None and c.withdrawn_at <= at:
            events.append((c.withdrawn_at, order, False))
    return bool(events) and not max(events)[2]


def consented(item: Item, consents: Sequence[Consent], recipient: Recipient, at: datetime) -> bool:
    for c in consents:
        if c.recipient is not recipient or not c.given or not c.capacity_considered:
            continue
        if not (c.decided_at <= at and (c.withdrawn_at is None or at < c.withdrawn_at)):
            continue
        if not ("confidential" in c.scope.classes or item.code in c.scope.items):
            continue
        overtaken = any(o.recipient is recipient and not o.given and c.decided_at < o.decided_at <= at
                        for o in consents)
        if not overtaken:
            return True
    return False


def oracle(item: Item, recipient: Recipient, consents: Sequence[Consent],
           basis: RecordedLegalBasis | None, at: datetime) -> str:
    """How the item may reach the recipient: "full", "derived", "outcome" or "none"."""
    if recipient in HEALTH and not refused(consents, recipient, at):
        return "full"
    as_given = {DiscloseAs.FULL: "full", DiscloseAs.OUTCOME: "outcome",
                DiscloseAs.CATEGORY: "derived", DiscloseAs.FIXED_TEXT: "derived"}[item.disclose_as]
    if item.disclosure is DisclosureClass.DISCLOSABLE:
        return as_given
    if item.disclosure is DisclosureClass.OPERATIONAL:
        return as_given if recipient in OPERATIONAL else "none"
    signed = (basis is not None and basis.recipient is recipient
              and basis.second_signoff_by is not None)
    if consented(item, consents, recipient, at) or signed:
        return "full"
    return "none" if as_given == "full" else as_given


# ------------------------------------------------------------------------------------ answers


def marker(code: str, salt: int) -> str:
    return f"MK{salt:04d}x{code.replace('_', 'y')}"


def random_value(item: Item, rng: random.Random, salt: int, on: date) -> Any:
    kind = item.type
    if kind is ItemType.CHOICE:
        return rng.choice(item.option_codes)
    if kind is ItemType.MULTI_CHOICE:
        plain = [o.code for o in item.options if not o.exclusive]
        exclusive = [o.code for o in item.options if o.exclusive]
        if exclusive and (not plain or rng.random() < 0.2):
            return [rng.choice(exclusive)]
        return rng.sample(plain, rng.randint(1, min(3, len(plain))))
    if kind is ItemType.TEXT:
        return f"Said {marker(item.code, salt)} in own words"
    if kind is ItemType.DATE:
        return (on - timedelta(days=rng.randint(15 * 365, 70 * 365))).isoformat()
    if kind is ItemType.DATETIME:
        return datetime.combine(on, datetime.min.time(), tzinfo=UTC).replace(
            hour=rng.randint(0, 8), minute=rng.choice((0, 15, 30, 45))).isoformat()
    if kind is ItemType.LANGUAGE:
        return rng.choice(LANGUAGES)
    if kind is ItemType.ETHNICITY:
        return rng.choice([e.value for e in reference.Ethnicity])
    if kind is ItemType.INTEGER:
        return rng.randint(0, 10)
    if kind is ItemType.DECIMAL:
        return float(rng.randint(0, 100)) / 4
    return f"{marker(item.code, salt)}"


def random_answers(form: CompiledForm, rng: random.Random, salt: int, *, fill: float) -> dict[str, Any]:
    on = support.STARTED.date()
    return {code: random_value(item, rng, salt, on) for code, item in form.items.items()
            if rng.random() < fill}


def covering_answer_sets(form: CompiledForm, salt: int) -> list[dict[str, Any]]:
    """A few complete answer sets that, between them, leave every item of the form visible and
    answered (found by seeded random search: conditions decide what stays)."""
    rng = random.Random(f"{form.id}-{salt}")
    lib = library()
    candidates = []
    for _ in range(400):
        answers = random_answers(form, rng, salt, fill=1.0)
        kept = set(support.finalised(lib, form.id, answers).answer_values())
        candidates.append((kept, answers))
    chosen: list[dict[str, Any]] = []
    missing = set(form.items)
    while missing:
        kept, answers = max(candidates, key=lambda c: len(c[0] & missing))
        if not kept & missing:
            break
        chosen.append(answers)
        missing -= kept
    assert not missing, f"no answer set shows {sorted(missing)} of {form.id}"
    return chosen


# ------------------------------------------------------------------------------------ consents


TREATMENTS = ("nothing", "class_consent", "item_consent", "signed_basis", "unsigned_basis",
              "refusal", "withdrawn", "no_capacity", "future_consent", "consent_then_refusal")


def treatment(kind: str, screening: Screening, recipient: Recipient, form: CompiledForm,
              rng: random.Random) -> tuple[list[Consent], RecordedLegalBasis | None]:
    confidential = [c for c, i in form.items.items() if i.disclosure is DisclosureClass.CONFIDENTIAL]
    if kind == "class_consent":
        return [support.consent(screening, recipient, classes=("confidential",))], None
    if kind == "item_consent":
        if not confidential:
            return [support.consent(screening, recipient, classes=("operational",))], None
        some = tuple(rng.sample(confidential, max(1, len(confidential) // 2)))
        return [support.consent(screening, recipient, items=some)], None
    if kind == "signed_basis":
        return [], support.legal_basis(screening, recipient, signed=True)
    if kind == "unsigned_basis":
        return [], support.legal_basis(screening, recipient, signed=False)
    if kind == "refusal":
        return [support.consent(screening, recipient, given=False)], None
    if kind == "withdrawn":
        return [support.consent(screening, recipient, classes=("confidential",), withdrawn=True)], None
    if kind == "no_capacity":
        return [support.consent(screening, recipient, classes=("confidential",), capacity=False)], None
    if kind == "future_consent":
        return [support.consent(screening, recipient, classes=("confidential",),
                                decided=support.AT + timedelta(hours=1))], None
    if kind == "consent_then_refusal":
        return [support.consent(screening, recipient, classes=("confidential",)),
                support.consent(screening, recipient, given=False,
                                decided=support.STARTED + timedelta(minutes=40))], None
    return [], None


# ------------------------------------------------------------------------------------ checking


def normal(text: str) -> str:
    return " ".join(text.split())


def month_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def expected_answer(item: Item, value: Any) -> str:
    if item.type is ItemType.CHOICE:
        option = item.option(value)
        assert option is not None
        return option.label["en"]
    if item.type is ItemType.MULTI_CHOICE:
        return "; ".join(o.label["en"] for v in value if (o := item.option(v)) is not None)
    if item.type is ItemType.DATE:
        return month_date(value)
    if item.type is ItemType.DATETIME:
        local = value.astimezone(LONDON)
        return f"{month_date(local.date())}, {local:%H:%M}"
    if item.type is ItemType.LANGUAGE:
        return f"{reference.language_name(value)} ({value})"
    if item.type is ItemType.ETHNICITY:
        return reference.ethnicity(value).full_label
    return str(value)


def expected_derived(item: Item, value: Any) -> str:
    if item.disclose_as is DiscloseAs.FIXED_TEXT:
        assert item.fixed_text is not None
        return item.fixed_text["en"] + " (standard wording)"
    codes = value if isinstance(value, list) else [value]
    labels = []
    for code in codes:
        option = item.option(code)
        assert option is not None and option.category is not None
        labels.append(option.category["en"])
    return "; ".join(dict.fromkeys(labels)) + " (shown as a category)"


def prefix(item: Item) -> str:
    return {ItemKind.OPINION: "Opinion: ", ItemKind.OBSERVATION: "Observation: "}.get(item.kind, "")


@dataclass
class Coverage:
    """Outcomes generated per (form, item, recipient), and the outcomes the rules allow."""

    seen: dict[tuple[str, str, Recipient], set[str]] = field(default_factory=lambda: defaultdict(set))
    counts: Counter[str] = field(default_factory=Counter)
    cases: int = 0
    documents: int = 0

    def record(self, form: str, item: str, recipient: Recipient, outcome: str) -> None:
        self.seen[(form, item, recipient)].add(outcome)
        self.counts[outcome] += 1


def check_summary(form: CompiledForm, screening: Screening, recipient: Recipient,
                  consents: Sequence[Consent], basis: RecordedLegalBasis | None,
                  coverage: Coverage) -> None:
    lib = library()
    view = disclosure_view(
        screening=screening, form=form, registry=lib.registry, person=support.person(),
        recipient=recipient, consents=consents,
        legal_basis=basis if basis is not None and basis.recipient is recipient else None,
        agency=support.AGENCY, at=support.AT, purpose="Property test")
    pdf = render_summary(view, Issue("PROP-1", support.AT, "Tester"))
    text = normal("\n".join(FURNITURE.sub(" ", page) for page in page_texts(pdf)))
    coverage.documents += 1
    answers = screening.answer_values()
    questions = Counter(i.text["en"] for i in form.items.values())
    shown_questions = set()
    for code in answers:
        if oracle(form.items[code], recipient, consents, basis, support.AT) in ("full", "derived"):
            shown_questions.add(normal(form.items[code].text["en"]))
    for code, value in answers.items():
        item = form.items[code]
        how = oracle(item, recipient, consents, basis, support.AT)
        question = normal(item.text["en"])
        where = f"{form.id} {code} for {recipient} ({how})"
        if how in ("none", "outcome"):
            coverage.record(form.id, code, recipient, WITHHELD)
            if item.type is ItemType.TEXT:
                assert str(value).split()[1] not in text, f"marker of {where}"
            if questions[item.text["en"]] == 1 and question not in shown_questions:
                assert question not in text, f"question of {where}"
            assert f"{code} =" not in text and f"{code} includes" not in text, where
        elif how == "full":
            coverage.record(form.id, code, recipient, SHOWN)
            line = normal(f"{item.text['en']} {prefix(item)}{expected_answer(item, value)}")
            assert line in text, f"{where}: expected {line!r}"
        else:
            coverage.record(form.id, code, recipient, SHOWN)
            line = normal(f"{item.text['en']} {prefix(item)}{expected_derived(item, value)}")
            assert line in text, f"{where}: expected {line!r}"
            real = normal(f"{item.text['en']} {prefix(item)}{expected_answer(item, value)}")
            assert real not in text, f"{where}: the real answer is shown"
    for score_id, score in form.scores.items():
        allowed = all(oracle(form.items[c], recipient, consents, basis, support.AT) == "full"
                      for c in score.items)
        printed = re.search(re.escape(normal(score.label["en"])) + r" (\d+|Not scored)", text)
        if allowed and score_id in screening.scores:
            assert printed, f"score {score_id} for {recipient}"
        else:
            assert not printed, f"score {score_id} for {recipient}"
    # No item code ever reaches a summary.
    assert not any(f" {code} = " in text for code in form.items)


def possible_outcomes(item: Item, recipient: Recipient) -> set[str]:
    """The outcomes the rules allow for an item and recipient, over every treatment."""
    lib = library()
    form = lib.get(next(fid for fid in FORM_IDS if item.code in lib.get(fid).items))
    answers = {}
    screening = support.finalised(lib, form.id, answers)
    outcomes = set()
    rng = random.Random(0)
    for kind in TREATMENTS:
        consents, basis = treatment(kind, screening, recipient, form, rng)
        if kind == "item_consent":
            consents = [support.consent(screening, recipient, items=(item.code,))]
        how = oracle(item, recipient, consents, basis, support.AT)
        outcomes.add(SHOWN if how in ("full", "derived") else WITHHELD)
    return outcomes


# ------------------------------------------------------------------------------------ the test


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[Consent], RecordedLegalBasis | None]:
    lib = library()
    form_id = draw(st.sampled_from(FORM_IDS))
    form = lib.get(form_id)
    seed = draw(st.integers(0, 10_000))
    fill = draw(st.sampled_from((0.3, 0.7, 1.0)))
    answers = random_answers(form, random.Random(seed), seed, fill=fill)
    screening = support.finalised(lib, form_id, answers)
    confidential = sorted(c for c, i in form.items.items()
                          if i.disclosure is DisclosureClass.CONFIDENTIAL)
    consents: list[Consent] = []
    for _ in range(draw(st.integers(0, 4))):
        recipient = draw(st.sampled_from(list(Recipient)))
        given = draw(st.booleans())
        by_class = draw(st.booleans())
        items = tuple(draw(st.lists(st.sampled_from(confidential), min_size=1, max_size=5,
                                    unique=True))) if (confidential and not by_class) else ()
        consents.append(support.consent(
            screening, recipient,
            classes=("confidential",) if (by_class or not items) and given else (),
            items=items if given else (),
            given=given,
            capacity=draw(st.booleans()) or draw(st.booleans()),
            withdrawn=given and draw(st.booleans()) and draw(st.booleans()),
            decided=support.STARTED + timedelta(minutes=draw(st.integers(0, 200))),
        ))
    # Health staff lose the full record only on a refusal: give them one often enough to see it.
    refusing = draw(st.sampled_from([None, *sorted(HEALTH)]))
    if refusing is not None:
        consents.append(support.consent(screening, refusing, given=False,
                                        decided=support.STARTED + timedelta(minutes=5)))
    basis = None
    if draw(st.booleans()):
        basis = support.legal_basis(screening, draw(st.sampled_from(list(Recipient))),
                                    signed=draw(st.booleans()))
    return form_id, answers, consents, basis


def assert_coverage(coverage: Coverage) -> None:
    """Every outcome the rules allow was generated for every form, item and recipient, and every
    recipient saw both outcomes."""
    lib = library()
    problems = []
    for form_id in FORM_IDS:
        form = lib.get(form_id)
        for code, item in form.items.items():
            for recipient in Recipient:
                wanted = possible_outcomes(item, recipient)
                got = coverage.seen.get((form_id, code, recipient), set())
                if not wanted <= got:
                    problems.append(f"{form_id} {code} {recipient}: wanted {sorted(wanted)}, "
                                    f"got {sorted(got)}")
    assert not problems, "\n".join(problems[:20])
    for recipient in Recipient:
        outcomes = set().union(*(got for (_, _, r), got in coverage.seen.items() if r is recipient))
        assert outcomes == {SHOWN, WITHHELD}, recipient


def report(name: str, coverage: Coverage) -> None:
    both = sum(1 for got in coverage.seen.values() if got == {SHOWN, WITHHELD})
    print(f"\n{name}: {coverage.cases} cases, {coverage.documents} summaries, "
          f"{coverage.counts[SHOWN]} item checks shown, {coverage.counts[WITHHELD]} withheld; "
          f"{len(coverage.seen)} (form, item, recipient) pairs, {both} with both outcomes")


@pytest.mark.timeout(900)
def test_sweep_every_item_recipient_and_treatment() -> None:
    """The systematic part: every item of every form visible and answered, and every recipient
    under every consent / legal-basis treatment (all ten on the custody form; on the others the
    three that decide coverage: nothing, consent to the health class, a refusal)."""
    lib = library()
    coverage = Coverage()
    for form_id in FORM_IDS:
        form = lib.get(form_id)
        rng = random.Random(form_id)
        for salt, answers in enumerate(covering_answer_sets(form, salt=7)):
            screening = support.finalised(lib, form_id, answers, key=f"sweep/{form_id}/{salt}")
            kinds = (TREATMENTS if form_id == "custody-screen" and salt == 0
                     else ("nothing", "class_consent", "refusal"))
            for shift in range(len(kinds)):
                coverage.cases += 1
                for index, recipient in enumerate(Recipient):
                    kind = kinds[(index + shift) % len(kinds)]
                    consents, basis = treatment(kind, screening, recipient, form, rng)
                    check_summary(form, screening, recipient, consents, basis, coverage)
    assert_coverage(coverage)
    report("sweep", coverage)


@pytest.mark.timeout(900)
def test_random_answers_consents_and_bases_for_all_nine_recipients() -> None:
    """The random part: hypothesis draws a form, an answer set (some items unanswered), up to four
    consent records for random recipients and maybe a legal basis; every recipient's summary is
    checked. ``target`` steers towards fuller answer sets and more consent records."""
    lib = library()
    coverage = Coverage()

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(cases())
    def random_cases(case: tuple[str, dict[str, Any], list[Consent], RecordedLegalBasis | None]
                     ) -> None:
        form_id, answers, consents, basis = case
        form = lib.get(form_id)
        screening = support.finalised(lib, form_id, answers, key="random")
        target(float(len(screening.answers)), label="answered items")
        target(float(len(consents) + (basis is not None)), label="consent records")
        coverage.cases += 1
        for recipient in Recipient:
            check_summary(form, screening, recipient, consents, basis, coverage)

    random_cases()
    for recipient in Recipient:
        outcomes = set().union(*(got for (_, _, r), got in coverage.seen.items() if r is recipient))
        assert outcomes == {SHOWN, WITHHELD}, recipient
    report("random", coverage)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_the_oracle_allows_both_outcomes_for_every_confidential_item(form_id: str) -> None:
    """Sanity of the oracle: confidential items (but those shown as a category or fixed text,
    which every recipient gets in that form) can be both shown and withheld for every recipient
    (health staff lose the full record when the person refuses)."""
    form = library().get(form_id)
    for item in form.items.values():
        if item.disclosure is DisclosureClass.CONFIDENTIAL and item.disclose_as in (
                DiscloseAs.FULL, DiscloseAs.OUTCOME):
            for recipient in Recipient:
                assert possible_outcomes(item, recipient) == {SHOWN, WITHHELD}, (item.code, recipient)


def test_reference_answers_are_given_in_the_documents_language(library: FormLibrary) -> None:
    from screening.services.disclosure import _answer_text

    item = library.get("ld-court-screen").items["B12_ethnicity"]
    assert _answer_text(item, "white_irish", "en-GB", False) == "White: Irish"
    assert _answer_text(item, "white_irish", "cy", False) == "Gwyn: Gwyddelig"
