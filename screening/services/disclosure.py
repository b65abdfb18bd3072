"""The disclosure function: for a finalised revision and a recipient, what may be shown and how.

This is the one place that decides disclosure (DESIGN.md, "People, recipients and consent" and
"Reports"). The PDFs, the PSR text, the shared summaries of sync and the FHIR exports all call
:func:`disclosure_view` and print what the returned :class:`DisclosureView` holds, nothing else.

The rules, item by item (``Access`` says how an item reaches the recipient):

* **Health staff** (``liaison_diversion``, ``prison_healthcare``) get the *full record*: every item
  as answered, for the person's care. If the person has refused (or withdrawn) consent to share
  with that service, they are treated like every other recipient instead. A *shared summary* (what
  another agency's station sees when it looks the person up through the central service) is the
  exception: there confidential detail travels only on the person's consent to that recipient,
  health staff included, since it leaves the agency that recorded it.
* **disclosable** items reach every recipient as ``disclose_as`` says: ``full`` (the answer),
  ``outcome`` (only the flags it led to, never the answer), ``category`` (the option's coarser
  label) or ``fixed_text`` (the form's fixed words).
* **operational** items reach ``police`` and ``custody_escort`` only.
* **confidential** items reach a recipient in full only with (a) that recipient's consent in force
  at the time of disclosure, covering the item or its class, given with capacity considered and not
  overtaken by a later refusal, or (b) a legal basis recorded for that recipient and revision and
  signed off by a second user. Without either, a confidential item whose ``disclose_as`` is
  ``category`` or ``fixed_text`` is shown in that derived form (a disclosable fact the form derives
  from it); one disclosed as ``outcome`` shows only through its flags; any other is withheld.
  A withdrawn consent withdraws what it allowed from the moment of withdrawal.
* A handover sheet never carries confidential detail, whatever consent says.

Flags are the outcomes every agency shares, so every raised flag is shown with its level, label and
plain definition. Each reason is rendered in words only if the recipient may see every answer it
rests on in full; a reason resting on a withheld confidential answer reads "Based on health
information held by <agency>", one resting on a withheld operational answer says so likewise, and
one resting on answers disclosed only as their outcome says that.

What is withheld is described by class and cause, never by question text, item code or count
(a count would reveal which follow-up questions were answered): the withheld lines depend only on
the form, the recipient, consent and legal basis, not on the answers.

Consent recorded without capacity having been considered is not relied on (the statement says so).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from screening.checklist.engine import evaluate
from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry, Item, Option, text_in
from screening.domain import reference
from screening.domain.dates import LONDON
from screening.domain.enums import (
    DiscloseAs,
    DisclosureClass,
    FlagLevel,
    IdentifierKind,
    ItemKind,
    ItemType,
    Recipient,
    ScreeningStatus,
)
from screening.domain.models import Consent, LegalBasis, Person, RecordedLegalBasis, Screening
from screening.services.errors import NotAllowedError, WrongStateError

__all__ = [
    "HEALTH_STAFF",
    "OPERATIONAL_RECIPIENTS",
    "RECIPIENT_IN_TEXT",
    "RECIPIENT_LABELS",
    "Access",
    "AdjustmentShown",
    "Basis",
    "DisclosureView",
    "DocumentKind",
    "FlagShown",
    "ItemShown",
    "PersonShown",
    "ReasonShown",
    "RevisionNote",
    "ScoreShown",
    "WithheldCause",
    "WithheldGroup",
    "allowed_recipients",
    "disclosure_view",
    "format_date",
    "format_datetime",
]

HEALTH_STAFF = frozenset({Recipient.LIAISON_DIVERSION, Recipient.PRISON_HEALTHCARE})
"""Recipients who get the full record (for the person's care)."""
OPERATIONAL_RECIPIENTS = frozenset({Recipient.POLICE, Recipient.CUSTODY_ESCORT})
"""Recipients operational items reach."""

RECIPIENT_LABELS: Mapping[Recipient, str] = {
    Recipient.POLICE: "Police",
    Recipient.CPS: "Crown Prosecution Service (CPS)",
    Recipient.COURT: "Court",
    Recipient.DEFENCE: "Defence",
    Recipient.PROBATION: "Probation Service",
    Recipient.PRISON_HEALTHCARE: "Prison healthcare",
    Recipient.LIAISON_DIVERSION: "Liaison and Diversion service",
    Recipient.CUSTODY_ESCORT: "Custody and escort staff",
    Recipient.PERSON: "The person screened",
}

RECIPIENT_IN_TEXT: Mapping[Recipient, str] = {
    Recipient.POLICE: "the police",
    Recipient.CPS: "the Crown Prosecution Service (CPS)",
    Recipient.COURT: "the court",
    Recipient.DEFENCE: "the defence",
    Recipient.PROBATION: "the Probation Service",
    Recipient.PRISON_HEALTHCARE: "prison healthcare staff",
    Recipient.LIAISON_DIVERSION: "the Liaison and Diversion service",
    Recipient.CUSTODY_ESCORT: "custody and escort staff",
    Recipient.PERSON: "the person screened",
}
"""The recipient as named inside a sentence."""

_IDENTIFIERS_FOR: Mapping[Recipient, tuple[IdentifierKind, ...]] = {
    Recipient.POLICE: (IdentifierKind.PNC_ID, IdentifierKind.CRO, IdentifierKind.CUSTODY_RECORD),
    Recipient.CUSTODY_ESCORT: (IdentifierKind.PNC_ID, IdentifierKind.CUSTODY_RECORD),
    Recipient.CPS: (IdentifierKind.PNC_ID, IdentifierKind.CUSTODY_RECORD, IdentifierKind.COURT_CASE),
    Recipient.COURT: (IdentifierKind.PNC_ID, IdentifierKind.COURT_CASE),
    Recipient.DEFENCE: (IdentifierKind.CUSTODY_RECORD, IdentifierKind.COURT_CASE),
    Recipient.PROBATION: (IdentifierKind.PNC_ID, IdentifierKind.COURT_CASE,
                          IdentifierKind.PROBATION_CASE),
    Recipient.PRISON_HEALTHCARE: (IdentifierKind.NHS_NUMBER, IdentifierKind.PNC_ID),
    Recipient.LIAISON_DIVERSION: (IdentifierKind.NHS_NUMBER, IdentifierKind.PNC_ID,
                                  IdentifierKind.CUSTODY_RECORD, IdentifierKind.COURT_CASE),
    Recipient.PERSON: (),
}
"""The identifiers each recipient needs to match the person to its own records (no more)."""


class DocumentKind(StrEnum):
    """What is being made from a view."""

    SUMMARY = "summary"
    """The disclosable summary (any recipient)."""
    HANDOVER = "handover"
    """The custody / escort handover sheet (police, custody escort; never confidential detail)."""
    FULL_RECORD = "full_record"
    """The full record (health staff only)."""
    EASY_READ = "easy_read"
    """The person's own easy-read copy."""
    PSR_SECTION = "psr_section"
    """The pre-sentence report section, as plain text (probation, court)."""
    SHARED_SUMMARY = "shared_summary"
    """What another agency sees when it looks the person up through the central service (any
    recipient but the person; never the full record: confidential detail on consent only)."""


_RECIPIENTS_FOR: Mapping[DocumentKind, frozenset[Recipient]] = {
    DocumentKind.SUMMARY: frozenset(Recipient),
    DocumentKind.HANDOVER: OPERATIONAL_RECIPIENTS,
    DocumentKind.FULL_RECORD: HEALTH_STAFF,
    DocumentKind.EASY_READ: frozenset({Recipient.PERSON}),
    DocumentKind.PSR_SECTION: frozenset({Recipient.PROBATION, Recipient.COURT}),
    DocumentKind.SHARED_SUMMARY: frozenset(Recipient) - {Recipient.PERSON},
}


def allowed_recipients(document: DocumentKind) -> frozenset[Recipient]:
    """The recipients a kind of document may be made for."""
    return _RECIPIENTS_FOR[document]


class Access(StrEnum):
    """How one item reaches the recipient."""

    FULL = "full"
    """The answer itself."""
    DERIVED = "derived"
    """A category or fixed text the form derives from the answer."""
    OUTCOME = "outcome"
    """Only the flags it led to."""
    WITHHELD = "withheld"
    """Nothing of it."""


class Basis(StrEnum):
    """Why an item may reach the recipient."""

    DISCLOSABLE = "disclosable"
    OPERATIONAL = "operational"
    CONSENT = "consent"
    LEGAL_BASIS = "legal_basis"
    HEALTH_CARE = "health_care"
    NONE = "none"


class WithheldCause(StrEnum):
    """Why a group of items is not shown (or shown only in part)."""

    NO_CONSENT_OR_BASIS = "no_consent_or_basis"
    CONSENT_REFUSED = "consent_refused"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    CONSENT_NOT_COVERING = "consent_not_covering"
    CONSENT_WITHOUT_CAPACITY = "consent_without_capacity"
    BASIS_NOT_SIGNED_OFF = "basis_not_signed_off"
    HANDOVER_NO_HEALTH = "handover_no_health"
    OPERATIONAL_ONLY = "operational_only"
    OUTCOME_ONLY = "outcome_only"
    DERIVED_ONLY = "derived_only"


class View(BaseModel):
    """Frozen and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PersonShown(View):
    """The person's details this recipient needs (no more)."""

    display_name: str
    given_names: str
    family_name: str
    date_of_birth: date | None
    age_in_doubt: bool
    identifiers: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs, e.g. ("PNC ID", "19/0012345G")."""
    language: str | None = None
    """The preferred language in words, e.g. "Polish (pl)"."""
    interpreter_needed: bool = False
    help_to_read: bool = False


class ReasonShown(View):
    """One reason for a flag, as this recipient may read it."""

    text: str
    masked: bool = False
    """True when the reason is replaced by a statement of where the information is held."""


class FlagShown(View):
    code: str
    level: FlagLevel
    label: str
    definition: str
    reasons: tuple[ReasonShown, ...]


class ItemShown(View):
    """An item as this recipient may see it."""

    code: str
    section: str
    question: str
    answer: str | None
    """The answer in words, the derived text, or None (unanswered: full record only)."""
    access: Access
    presentation: DiscloseAs
    """``full`` for the answer itself, else how it was derived (``category`` / ``fixed_text``)."""
    kind: ItemKind
    disclosure: DisclosureClass
    basis: Basis
    declined: bool = False
    answered: bool = True
    applies: bool = True
    """False for an item its conditions hid (full record only)."""


class ScoreShown(View):
    id: str
    label: str
    value: int | None
    band: str | None = None
    positive: bool = False


class WithheldGroup(View):
    """Something not shown, and why. ``items`` (codes of answered items) is for the disclosure log
    only: documents print ``reason``, never codes or counts."""

    disclosure: DisclosureClass
    cause: WithheldCause
    reason: str
    items: tuple[str, ...] = ()


class AdjustmentShown(View):
    flag: str
    text: str


class RevisionNote(View):
    """One revision of the screening (full record only)."""

    revision: int
    id: UUID
    finalised_at: AwareDatetime | None
    finalised_by: str | None
    amend_reason: str | None


class DisclosureView(View):
    """What one recipient may see of one finalised revision, rendered in words.

    Every document is made from this and from nothing else.
    """

    revision_id: UUID
    person_id: UUID
    recipient: Recipient
    recipient_label: str
    recipient_text: str
    """The recipient as named inside a sentence ("the Crown Prosecution Service (CPS)")."""
    document: DocumentKind
    purpose: str | None = None
    lang: str
    easy_read: bool
    full_record: bool
    agency: str
    person: PersonShown
    form_id: str
    form_title: str
    form_version: str
    registry_version: str
    screening_date: date
    revision: int
    replaces: UUID | None
    amended: bool
    author_id: str
    author_name: str
    finalised_at: AwareDatetime
    signed_off_by: str | None = None
    signed_off_name: str | None = None
    signed_off_at: AwareDatetime | None = None
    flags: tuple[FlagShown, ...]
    adjustments: tuple[AdjustmentShown, ...]
    items: tuple[ItemShown, ...]
    scores: tuple[ScoreShown, ...]
    withheld: tuple[WithheldGroup, ...]
    consent_statement: tuple[str, ...]
    consents_relied_on: tuple[UUID, ...]
    legal_basis: LegalBasis | None
    legal_basis_statement: str | None
    legal_basis_id: UUID | None
    legal_basis_signed_off_by: str | None
    releases_health_on_legal_basis: bool
    """True when confidential detail is shown on the legal basis (not on consent): the
    disclosure needs the second user's sign-off."""
    declined: tuple[str, ...] = ()
    """Questions the person declined (question text; full record only)."""
    revisions: tuple[RevisionNote, ...] = ()
    at: AwareDatetime

    @property
    def items_included(self) -> tuple[str, ...]:
        """Codes of the answered items whose content (answer or derived text) is shown."""
        return tuple(i.code for i in self.items if i.answered and i.access in (Access.FULL,
                                                                             Access.DERIVED))

    @property
    def items_as_outcome(self) -> tuple[str, ...]:
        """Codes of answered items shown only through their flags."""
        return tuple(code for group in self.withheld
                     if group.cause is WithheldCause.OUTCOME_ONLY for code in group.items)

    @property
    def items_withheld(self) -> tuple[str, ...]:
        """Codes of answered items of which nothing is shown."""
        return tuple(code for group in self.withheld
                     if group.cause not in (WithheldCause.OUTCOME_ONLY, WithheldCause.DERIVED_ONLY)
                     for code in group.items)


# ------------------------------------------------------------------------------------ words

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "cy": ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
           "Medi", "Hydref", "Tachwedd", "Rhagfyr"),
}


def _primary(lang: str) -> str:
    return lang.split("-")[0].lower()


def format_date(day: date, lang: str = "en") -> str:
    """"14 March 2025" (or in Welsh, "14 Mawrth 2025")."""
    months = _MONTHS.get(_primary(lang), _MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def format_datetime(moment: datetime, lang: str = "en") -> str:
    """"14 March 2025, 09:30" in Europe/London time."""
    local = moment.astimezone(LONDON)
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"


def _day(moment: datetime, lang: str = "en") -> str:
    return format_date(moment.astimezone(LONDON).date(), lang)


def _option_text(option: Option, lang: str, easy_read: bool) -> str:
    if easy_read and option.easy_read is not None:
        return text_in(option.easy_read, lang)
    return text_in(option.label, lang)


def _answer_text(item: Item, value: Any, lang: str, easy_read: bool) -> str:
    """An answer in words, as the person would recognise it."""
    if item.type is ItemType.CHOICE and isinstance(value, str):
        option = item.option(value)
        return _option_text(option, lang, easy_read) if option else value
    if item.type is ItemType.MULTI_CHOICE and isinstance(value, list):
        return "; ".join(_option_text(o, lang, easy_read) if (o := item.option(v)) else str(v)
                         for v in value)
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if item.type is ItemType.LANGUAGE and isinstance(value, str):
        try:
            return f"{reference.language_name(value, in_language=lang)} ({value})"
        except ValueError:
            return value
    if item.type is ItemType.ETHNICITY and isinstance(value, str):
        try:
            return reference.ethnicity(value).full_label_in(lang)
        except ValueError:
            return value
    return str(value)


def _category_text(item: Item, value: Any, lang: str) -> str:
    codes = value if isinstance(value, list) else [value]
    labels: list[str] = []
    for code in codes:
        option = item.option(code) if isinstance(code, str) else None
        if option is not None and option.category is not None:
            labels.append(text_in(option.category, lang))
    return "; ".join(dict.fromkeys(labels))


def _question(item: Item, lang: str, easy_read: bool) -> str:
    return text_in(item.easy_read if easy_read else item.text, lang)


def _is_declined(value: Any) -> bool:
    return value == "declined" or (isinstance(value, list) and "declined" in value)


# ------------------------------------------------------------------------------------ consent


def _refusal_in_effect(consents: Sequence[Consent], at: datetime) -> Consent | None:
    """The refusal or withdrawal that is the recipient's latest decision by ``at``, if any."""
    events: list[tuple[datetime, int, bool, Consent]] = []
    for order, consent in enumerate(consents):
        if consent.decided_at <= at:
            events.append((consent.decided_at, order, consent.given, consent))
        if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
            events.append((consent.withdrawn_at, order, False, consent))
    if not events:
        return None
    events.sort(key=lambda e: (e[0], e[1]))
    _, _, given, consent = events[-1]
    return None if given else consent


def _usable(consent: Consent, consents: Sequence[Consent], at: datetime) -> bool:
    """In force at ``at``, capacity considered, and not overtaken by a later refusal."""
    if not consent.in_force(at) or not consent.capacity_considered:
        return False
    return not any(
        not other.given and consent.decided_at < other.decided_at <= at for other in consents
    )


def _scope_words(consent: Consent, form: CompiledForm) -> str:
    parts: list[str] = []
    names = {DisclosureClass.CONFIDENTIAL: "all health information",
             DisclosureClass.OPERATIONAL: "operational information",
             DisclosureClass.DISCLOSABLE: "disclosable information"}
    parts.extend(names[c] for c in consent.scope.classes)
    items = [code for code in consent.scope.items if code in form.items]
    if items:
        parts.append(f"{len(items)} named question{'s' if len(items) != 1 else ''}")
    return " and ".join(parts) or "nothing"


# ------------------------------------------------------------------------------------ adjustments

ADJUSTMENTS: Mapping[str, str] = {
    "APPROPRIATE_ADULT": "Call an appropriate adult before any interview, charge or procedure that "
                         "needs one (PACE Code C).",
    "INTERMEDIARY_OR_AA": "Consider an intermediary or appropriate adult to help communication; "
                          "check understanding in the person's own words.",
    "HEALTH_REVIEW_BEFORE_INTERVIEW": "A healthcare professional should assess fitness for interview "
                                      "before any interview (PACE Code C Annex G).",
    "SELF_HARM_RISK": "Keep to the agreed observation level and care plan; tell the next agency "
                      "at every handover.",
    "URGENT_MH_REVIEW": "Arrange a mental-health review today.",
    "SELF_HARM_HISTORY": "Take the history into account in risk plans and at every handover.",
    "WITHDRAWAL_RISK": "Ask a healthcare professional to review the risk of withdrawal.",
    "REFER_LIAISON_DIVERSION": "Refer to, or work with, the Liaison and Diversion service.",
    "SUSPECTED_NEURODIVERGENCE": "Use short, plain questions, one at a time; allow extra time and "
                                 "breaks; consider a quiet room.",
    "COMMUNICATION_SUPPORT": "Give information in plain words, read it aloud if needed, and book an "
                             "interpreter (including BSL) where one is needed.",
    "MHTR_SUITABLE": "Consider a Mental Health Treatment Requirement.",
    "TRAUMA_INFORMED": "Work in a trauma-informed way: explain what will happen and why, and avoid "
                       "unnecessary touch or restraint.",
    "FAITH_OR_CULTURAL_NEEDS": "Ask the person what their faith or culture needs (for example "
                               "prayer, food or clothing) and respect it.",
}
"""The recommended adjustment for each flag (shown with the flags; every recipient sees flags)."""


# ------------------------------------------------------------------------------------ the decision


class _Decider:
    """Works out access item by item for one view (internal)."""

    def __init__(
        self,
        *,
        form: CompiledForm,
        recipient: Recipient,
        consents: Sequence[Consent],
        legal_basis: RecordedLegalBasis | None,
        document: DocumentKind,
        at: datetime,
    ) -> None:
        self.form = form
        self.recipient = recipient
        self.document = document
        self.at = at
        self.consents = [c for c in consents if c.recipient is recipient]
        self.refusal = _refusal_in_effect(self.consents, at)
        self.usable = [c for c in self.consents if _usable(c, self.consents, at)]
        self.unusable_capacity = [
            c for c in self.consents
            if c.in_force(at) and not c.capacity_considered
            and not any(not o.given and c.decided_at < o.decided_at <= at for o in self.consents)
        ]
        self.legal_basis = legal_basis if (
            legal_basis is not None and legal_basis.recipient is recipient) else None
        self.basis_signed = (self.legal_basis is not None
                             and self.legal_basis.second_signoff_by is not None)
        self.full_record = (recipient in HEALTH_STAFF and self.refusal is None
                            and document is not DocumentKind.SHARED_SUMMARY)
        self.health_capped = document is DocumentKind.HANDOVER
        self.consent_used: dict[UUID, Consent] = {}
        self.health_on_basis = False

    def access(self, item: Item) -> tuple[Access, Basis, Consent | None]:
        """How ``item`` reaches the recipient, on what basis, and the consent relied on."""
        if self.full_record:
            return Access.FULL, Basis.HEALTH_CARE, None
        derived = {DiscloseAs.FULL: Access.FULL, DiscloseAs.OUTCOME: Access.OUTCOME,
                   DiscloseAs.CATEGORY: Access.DERIVED, DiscloseAs.FIXED_TEXT: Access.DERIVED}
        if item.disclosure is DisclosureClass.DISCLOSABLE:
            return derived[item.disclose_as], Basis.DISCLOSABLE, None
        if item.disclosure is DisclosureClass.OPERATIONAL:
            if self.recipient in OPERATIONAL_RECIPIENTS:
                return derived[item.disclose_as], Basis.OPERATIONAL, None
            return Access.WITHHELD, Basis.NONE, None
        # confidential
        if not self.health_capped:
            consent = next((c for c in self.usable
                            if c.scope.covers(item.code, DisclosureClass.CONFIDENTIAL)), None)
            if consent is not None:
                return Access.FULL, Basis.CONSENT, consent
            if self.basis_signed:
                return Access.FULL, Basis.LEGAL_BASIS, None
        if item.disclose_as in (DiscloseAs.CATEGORY, DiscloseAs.FIXED_TEXT):
            return Access.DERIVED, Basis.DISCLOSABLE, None
        if item.disclose_as is DiscloseAs.OUTCOME:
            return Access.OUTCOME, Basis.DISCLOSABLE, None
        return Access.WITHHELD, Basis.NONE, None

    def health_withheld_cause(self) -> tuple[WithheldCause, str]:
        label = RECIPIENT_IN_TEXT[self.recipient]
        if self.health_capped:
            return (WithheldCause.HANDOVER_NO_HEALTH,
                    "Health information is never put on a handover sheet. Ask the custody "
                    "healthcare professional or the Liaison and Diversion service if you need it.")
        refusal = self.refusal
        if refusal is not None:
            if refusal.given and refusal.withdrawn_at is not None:
                return (WithheldCause.CONSENT_WITHDRAWN,
                        f"Health information is withheld: the person withdrew consent to share "
                        f"it with {label} on {_day(refusal.withdrawn_at)}.")
            return (WithheldCause.CONSENT_REFUSED,
                    f"Health information is withheld: the person refused consent to share it with "
                    f"{label} on {_day(refusal.decided_at)}.")
        if self.usable:
            return (WithheldCause.CONSENT_NOT_COVERING,
                    f"Other health information is withheld: the person's consent to share with "
                    f"{label} does not cover it, and there is no signed-off legal basis for it.")
        if self.unusable_capacity:
            return (WithheldCause.CONSENT_WITHOUT_CAPACITY,
                    "Health information is withheld: the consent on record was recorded without "
                    "the person's capacity being considered, so it is not relied on.")
        if self.legal_basis is not None:
            return (WithheldCause.BASIS_NOT_SIGNED_OFF,
                    "Health information is withheld: the legal basis for this disclosure was not "
                    "signed off by a second user, so it covers the disclosable information only.")
        return (WithheldCause.NO_CONSENT_OR_BASIS,
                f"Health information is withheld: there is no consent in force and no signed-off "
                f"legal basis for sharing it with {label}.")


_AGE_REASON = re.compile(r"^age (\d+) on the screening date")
_SCORE_REASON = re.compile(r"^([a-z0-9_]+) = (\S+) \(")


def disclosure_view(
    *,
    screening: Screening,
    form: CompiledForm,
    registry: FlagRegistry,
    person: Person,
    recipient: Recipient,
    consents: Sequence[Consent],
    legal_basis: RecordedLegalBasis | None,
    agency: str,
    at: datetime,
    document: DocumentKind = DocumentKind.SUMMARY,
    revisions: Sequence[Screening] = (),
    user_names: Mapping[str, str] | None = None,
    lang: str = "en",
    easy_read: bool = False,
    purpose: str | None = None,
) -> DisclosureView:
    """What ``recipient`` may see of the finalised revision ``screening``, and how (see the module
    docstring for the rules).

    ``consents`` are the consent decisions recorded on the screening's revisions (any recipient;
    only ``recipient``'s count), judged as they stand at ``at`` (the time of disclosure).
    ``legal_basis`` is the basis this disclosure rests on (recorded for ``recipient`` on this
    revision; it releases confidential detail only once a second user has signed it off).
    ``agency`` names the organisation holding the record ("based on health information held by
    ..."). ``revisions`` (the whole chain, oldest first) and ``user_names`` (user id -> display name)
    only add to what is printed; ``purpose`` (why it is disclosed, in words) is printed as given.
    Texts are in ``lang`` ("en", "cy"), in the easy-read wording if
    ``easy_read``.

    Raises ``WrongStateError`` for a revision that is not finalised and ``NotAllowedError`` for a
    document the recipient may not be given.
    """
    if screening.status is not ScreeningStatus.FINALISED or screening.finalised_at is None:
        raise WrongStateError(
            "Only a finalised screening can be disclosed. Finalise it first (drafts and screenings "
            "that are completed but not signed by their author stay on the station)."
        )
    if screening.form_id != form.id or screening.form_version != form.version:
        raise ValueError("the form given is not the form version the screening was taken with")
    if recipient not in allowed_recipients(document):
        raise NotAllowedError(
            f"A {_DOCUMENT_NAMES[document]} cannot be made for {RECIPIENT_IN_TEXT[recipient]}."
        )
    names = dict(user_names or {})
    decider = _Decider(form=form, recipient=recipient, consents=consents, legal_basis=legal_basis,
                       document=document, at=at)
    if document is DocumentKind.FULL_RECORD and not decider.full_record:
        raise NotAllowedError(
            "The full record cannot be made: the person has refused or withdrawn consent to share "
            f"with {RECIPIENT_IN_TEXT[recipient]}. Make a disclosable summary instead."
        )
    answers = screening.answer_values()
    accesses = {code: decider.access(item) for code, item in form.items.items()}

    # Items.
    evaluation = evaluate(form, answers, on=screening.screening_date, registry=registry) if (
        decider.full_record) else None
    section_titles = {s.id: text_in(s.title, lang) for s in form.sections}
    shown: list[ItemShown] = []
    for code, item in form.items.items():
        access, basis, consent = accesses[code]
        value = answers.get(code)
        answered = value is not None
        if not answered and evaluation is None:
            continue
        if access in (Access.WITHHELD, Access.OUTCOME):
            continue
        if consent is not None and answered:
            decider.consent_used[consent.id] = consent
        if basis is Basis.LEGAL_BASIS and answered:
            decider.health_on_basis = True
        if access is Access.FULL:
            text = _answer_text(item, value, lang, easy_read) if answered else None
            presentation = DiscloseAs.FULL
        else:
            presentation = item.disclose_as
            if not answered:
                text = None
            elif item.disclose_as is DiscloseAs.CATEGORY:
                text = _category_text(item, value, lang)
            else:
                text = text_in(item.fixed_text, lang)
        shown.append(ItemShown(
            code=code,
            section=section_titles.get(form.section_of[code], ""),
            question=_question(item, lang, easy_read),
            answer=text,
            access=access,
            presentation=presentation,
            kind=item.kind,
            disclosure=item.disclosure,
            basis=basis,
            declined=answered and _is_declined(value),
            answered=answered,
            applies=evaluation is None or code in evaluation.visible,
        ))

    # Flags and their reasons.
    flags: list[FlagShown] = []
    for flag in screening.flags:
        definition = registry.get(flag.code)
        reasons: list[ReasonShown] = []
        for reason in flag.reasons:
            rendered = _render_reason(reason.text, reason.items, form, answers, accesses,
                                      agency=agency, lang=lang, easy_read=easy_read)
            if rendered not in reasons:
                reasons.append(rendered)
        flags.append(FlagShown(
            code=flag.code,
            level=flag.level,
            label=text_in(definition.label, lang) if definition else flag.label,
            definition=text_in(definition.definition, lang) if definition else "",
            reasons=tuple(reasons),
        ))
    adjustments = tuple(AdjustmentShown(flag=f.code, text=ADJUSTMENTS[f.code])
                        for f in screening.flags if f.code in ADJUSTMENTS)

    # Scores: only where the recipient may see every answer they add up.
    scores: list[ScoreShown] = []
    for score_id, score in form.scores.items():
        if score_id not in screening.scores:
            continue
        allowed = decider.full_record or all(accesses[c][0] is Access.FULL for c in score.items)
        if not allowed:
            continue
        value = screening.scores[score_id]
        band = score.band_for(value) if value is not None else None
        scores.append(ScoreShown(id=score_id, label=text_in(score.label, lang), value=value,
                                 band=text_in(band.label, lang) if band else None,
                                 positive=bool(band and band.positive)))

    withheld = _withheld_groups(decider, form, answers, accesses)

    # Consent and legal basis statements.
    label = RECIPIENT_IN_TEXT[recipient]
    statement: list[str] = []
    if decider.full_record:
        statement.append(f"Shared with {label} as health staff, for the person's care: they "
                         "receive the full record.")
    for consent in decider.consents:
        decided = _day(consent.decided_at)
        capacity = ("capacity considered" if consent.capacity_considered
                    else "capacity not recorded as considered, so not relied on")
        if consent.given:
            line = (f"Consent to share {_scope_words(consent, form)} with {label} given on "
                    f"{decided} ({capacity})")
            if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
                line += (f"; withdrawn on "
                         f"{_day(consent.withdrawn_at)}")
            elif consent.decided_at > at:
                line += "; not yet in force"
            statement.append(line + ".")
        else:
            statement.append(f"Consent to share with {label} refused on {decided}.")
    if not decider.consents:
        statement.append(f"No consent decision about sharing with {label} is recorded.")

    recorded = decider.legal_basis
    basis_statement: str | None = None
    if recorded is not None:
        basis_statement = f"{recorded.basis.citation}. Purpose: {recorded.basis.purpose}."
        if recorded.second_signoff_by is not None:
            signer = names.get(recorded.second_signoff_by, recorded.second_signoff_by)
            basis_statement += (f" Signed off by a second user, {signer}, so health information "
                                "not covered by consent may be shared on this basis.")
        else:
            basis_statement += (" Not signed off by a second user: it covers the disclosable "
                                "information only.")

    finalised_at = screening.finalised_at
    return DisclosureView(
        revision_id=screening.id,
        person_id=screening.person_id,
        recipient=recipient,
        recipient_label=RECIPIENT_LABELS[recipient],
        recipient_text=label,
        document=document,
        purpose=" ".join(purpose.split()) if purpose else None,
        lang=lang,
        easy_read=easy_read,
        full_record=decider.full_record,
        agency=agency,
        person=_person_shown(person, recipient, lang),
        form_id=form.id,
        form_title=text_in(form.definition.title, lang),
        form_version=form.version,
        registry_version=screening.registry_version,
        screening_date=screening.screening_date,
        revision=screening.revision,
        replaces=screening.replaces,
        amended=any(r.replaces == screening.id and r.status is ScreeningStatus.FINALISED
                    for r in revisions),
        author_id=screening.author_id,
        author_name=names.get(screening.author_id, screening.author_id),
        finalised_at=finalised_at,
        signed_off_by=screening.signed_off_by,
        signed_off_name=(names.get(screening.signed_off_by, screening.signed_off_by)
                         if screening.signed_off_by else None),
        signed_off_at=screening.signed_off_at,
        flags=tuple(flags),
        adjustments=adjustments,
        items=tuple(shown),
        scores=tuple(scores),
        withheld=withheld,
        consent_statement=tuple(statement),
        consents_relied_on=tuple(decider.consent_used),
        legal_basis=recorded.basis if recorded else None,
        legal_basis_statement=basis_statement,
        legal_basis_id=recorded.id if recorded else None,
        legal_basis_signed_off_by=recorded.second_signoff_by if recorded else None,
        releases_health_on_legal_basis=decider.health_on_basis,
        declined=tuple(i.question for i in shown if i.declined) if decider.full_record else (),
        revisions=tuple(
            RevisionNote(revision=r.revision, id=r.id, finalised_at=r.finalised_at,
                         finalised_by=names.get(r.finalised_by, r.finalised_by)
                         if r.finalised_by else None,
                         amend_reason=r.amend_reason)
            for r in revisions
        ) if decider.full_record else (),
        at=at,
    )


_DOCUMENT_NAMES: Mapping[DocumentKind, str] = {
    DocumentKind.SUMMARY: "disclosable summary",
    DocumentKind.HANDOVER: "handover sheet",
    DocumentKind.FULL_RECORD: "full record",
    DocumentKind.EASY_READ: "easy-read copy",
    DocumentKind.PSR_SECTION: "pre-sentence report section",
    DocumentKind.SHARED_SUMMARY: "shared summary",
}


def _person_shown(person: Person, recipient: Recipient, lang: str) -> PersonShown:
    wanted = _IDENTIFIERS_FOR[recipient]
    identifiers = tuple(
        (reference.IDENTIFIER_LABELS[kind], value)
        for kind in wanted if (value := person.identifier(kind)) is not None
    )
    language: str | None = None
    if person.language and recipient is not Recipient.PERSON:
        try:
            language = f"{reference.language_name(person.language, in_language=lang)} ({person.language})"
        except ValueError:
            language = person.language
    return PersonShown(
        display_name=person.display_name,
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        age_in_doubt=person.age_in_doubt,
        identifiers=identifiers,
        language=language,
        interpreter_needed=person.interpreter_needed and recipient is not Recipient.PERSON,
        help_to_read=person.help_to_read and recipient is not Recipient.PERSON,
    )


def _render_reason(
    text: str,
    items: Sequence[str],
    form: CompiledForm,
    answers: Mapping[str, Any],
    accesses: Mapping[str, tuple[Access, Basis, Consent | None]],
    *,
    agency: str,
    lang: str,
    easy_read: bool,
) -> ReasonShown:
    """One flag reason as the recipient may read it."""
    known = [code for code in items if code in form.items]
    levels = [accesses[code][0] for code in known]
    if not known or Access.WITHHELD in levels:
        hidden = [form.items[c] for c in known if accesses[c][0] is Access.WITHHELD]
        if not known or any(i.disclosure is DisclosureClass.CONFIDENTIAL for i in hidden):
            return ReasonShown(text=f"Based on health information held by {agency}.", masked=True)
        return ReasonShown(text=f"Based on information held by {agency} for custody and escort "
                                "staff only.", masked=True)
    if Access.OUTCOME in levels or Access.DERIVED in levels:
        return ReasonShown(text="Based on an assessment recorded at the screening, which is "
                                "disclosed only as this outcome.", masked=True)
    age = _AGE_REASON.match(text)
    if age is not None:
        years = age.group(1)
        return ReasonShown(text=(f"{years} oed ar ddyddiad y sgrinio" if _primary(lang) == "cy"
                                 else f"Aged {years} on the screening date"))
    score = _SCORE_REASON.match(text)
    if score is not None and score.group(1) in form.scores:
        definition = form.scores[score.group(1)]
        return ReasonShown(text=f"{text_in(definition.label, lang)}: {score.group(2)}")
    parts = []
    for code in known:
        item = form.items[code]
        value = answers.get(code)
        question = _question(item, lang, easy_read)
        shown = (_answer_text(item, value, lang, easy_read) if value is not None
                 else ("heb ei ateb" if _primary(lang) == "cy" else "not answered"))
        parts.append(f"{question} {shown}" if question.endswith((":", "?")) else f"{question}: {shown}")
    return ReasonShown(text=". And: ".join(parts))


def _withheld_groups(
    decider: _Decider,
    form: CompiledForm,
    answers: Mapping[str, Any],
    accesses: Mapping[str, tuple[Access, Basis, Consent | None]],
) -> tuple[WithheldGroup, ...]:
    """What is not shown, by class and cause. Whether a line is printed depends on the form and
    the recipient only; ``items`` lists the answered items concerned (for the disclosure log)."""
    groups: list[WithheldGroup] = []

    def codes(predicate: Any) -> list[str]:
        return [code for code in form.items if predicate(code, form.items[code])]

    health = codes(lambda c, i: i.disclosure is DisclosureClass.CONFIDENTIAL
                   and accesses[c][0] is Access.WITHHELD)
    if health:
        cause, reason = decider.health_withheld_cause()
        groups.append(WithheldGroup(disclosure=DisclosureClass.CONFIDENTIAL, cause=cause,
                                    reason=reason,
                                    items=tuple(c for c in health if c in answers)))
    operational = codes(lambda c, i: i.disclosure is DisclosureClass.OPERATIONAL
                        and accesses[c][0] is Access.WITHHELD)
    if operational:
        groups.append(WithheldGroup(
            disclosure=DisclosureClass.OPERATIONAL, cause=WithheldCause.OPERATIONAL_ONLY,
            reason="Operational information (such as observation levels and custody "
                   "arrangements) is withheld: it goes to police and custody escort staff only.",
            items=tuple(c for c in operational if c in answers)))
    outcome = codes(lambda c, i: accesses[c][0] is Access.OUTCOME)
    if outcome:
        groups.append(WithheldGroup(
            disclosure=DisclosureClass.DISCLOSABLE, cause=WithheldCause.OUTCOME_ONLY,
            reason="Some assessments are disclosed only as the flags they led to, not as answers.",
            items=tuple(c for c in outcome if c in answers)))
    derived = codes(lambda c, i: accesses[c][0] is Access.DERIVED
                    and i.disclosure is DisclosureClass.CONFIDENTIAL)
    if derived:
        groups.append(WithheldGroup(
            disclosure=DisclosureClass.CONFIDENTIAL, cause=WithheldCause.DERIVED_ONLY,
            reason="Some health information is shown only as a general category or a fixed "
                   "statement, not as the answer given.",
            items=tuple(c for c in derived if c in answers)))
    return tuple(groups)
