"""Reference data and identifier checks: ethnicity, sex, gender identity, faith, languages,
NHS numbers, PNC IDs and the other case references, and the lawful bases for disclosure.

Everything here is pure data and pure functions, shared by the forms engine, the services, the
reports and the FHIR mapping. Validation functions raise ``ValueError`` with a message a user can
act on; ``is_valid_*`` functions answer yes or no.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from screening.domain.enums import IdentifierKind, LegalBasisKind

# ============================================================================================
# Ethnicity: ONS 2021 Census, England and Wales
# ============================================================================================


class EthnicGroup(StrEnum):
    """The five high-level ONS 2021 ethnic groups (in the ONS output order)."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"


ETHNIC_GROUP_LABELS: Mapping[EthnicGroup, str] = MappingProxyType(
    {
        # The 2021 labels; the Welsh questionnaire and ONS outputs add "Asian Welsh" and
        # "Black Welsh", which we keep because the app is used in Wales too.
        EthnicGroup.ASIAN: "Asian, Asian British or Asian Welsh",
        EthnicGroup.BLACK: "Black, Black British, Black Welsh, Caribbean or African",
        EthnicGroup.MIXED: "Mixed or Multiple ethnic groups",
        EthnicGroup.WHITE: "White",
        EthnicGroup.OTHER: "Other ethnic group",
    }
)

ETHNIC_GROUP_LABELS_CY: Mapping[EthnicGroup, str] = MappingProxyType(
    {
        # The Welsh of the ONS 2021 Census (the Welsh-language questionnaire and ONS's Welsh
        # outputs, cy.ons.gov.uk). To be reviewed by a Welsh speaker, like the language names.
        EthnicGroup.ASIAN: "Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig",
        EthnicGroup.BLACK: "Du, Du Cymreig, Du Prydeinig, Caribïaidd neu Affricanaidd",
        EthnicGroup.MIXED: "Grwpiau ethnig cymysg neu amlethnig",
        EthnicGroup.WHITE: "Gwyn",
        EthnicGroup.OTHER: "Grŵp ethnig arall",
    }
)


def _is_welsh(lang: str) -> bool:
    return lang.split("-")[0].casefold() == "cy"


def ethnic_group_label(group: EthnicGroup, lang: str = "en") -> str:
    """A group's heading in English or Welsh (``lang`` "cy" or "cy-GB"; anything else: English)."""
    return (ETHNIC_GROUP_LABELS_CY if _is_welsh(lang) else ETHNIC_GROUP_LABELS)[group]


class Ethnicity(StrEnum):
    """Our stable codes for the 19 ONS 2021 categories, plus "prefer not to say"."""

    ASIAN_BANGLADESHI = "asian_bangladeshi"
    ASIAN_CHINESE = "asian_chinese"
    ASIAN_INDIAN = "asian_indian"
    ASIAN_PAKISTANI = "asian_pakistani"
    ASIAN_OTHER = "asian_other"
    BLACK_AFRICAN = "black_african"
    BLACK_CARIBBEAN = "black_caribbean"
    BLACK_OTHER = "black_other"
    MIXED_WHITE_ASIAN = "mixed_white_asian"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean"
    MIXED_OTHER = "mixed_other"
    WHITE_BRITISH = "white_british"
    WHITE_IRISH = "white_irish"
    WHITE_GYPSY_IRISH_TRAVELLER = "white_gypsy_irish_traveller"
    WHITE_ROMA = "white_roma"
    WHITE_OTHER = "white_other"
    OTHER_ARAB = "other_arab"
    OTHER_ANY = "other_any"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


@dataclass(frozen=True, slots=True)
class EthnicityCategory:
    """One ethnicity option with the codes other systems use for it.

    ``nhs_code`` is the NHS Data Dictionary ETHNIC CATEGORY letter (2001 census based);
    ``police_code`` is the Home Office self-defined ethnicity (SDE "18+1") code.
    ``write_in`` says whether the person may describe their background in their own words.
    ``group`` is None only for "prefer not to say". ``label_cy`` is the Welsh (ONS 2021 Welsh
    wording); the codes are the same in both languages.
    """

    code: Ethnicity
    label: str
    label_cy: str
    group: EthnicGroup | None
    nhs_code: str
    police_code: str
    write_in: bool = False

    @property
    def full_label(self) -> str:
        """The label with its group, e.g. "White: Irish" (a bare "Irish" or "African" is ambiguous
        in a list sorted by label)."""
        if self.group is None:
            return self.label
        return f"{ETHNIC_GROUP_LABELS[self.group]}: {self.label}"

    def label_in(self, lang: str) -> str:
        """The label in English or Welsh (``lang`` "cy" or "cy-GB"; anything else: English)."""
        return self.label_cy if _is_welsh(lang) else self.label

    def full_label_in(self, lang: str) -> str:
        """``full_label`` in English or Welsh, e.g. "Gwyn: Gwyddelig"."""
        if self.group is None:
            return self.label_in(lang)
        return f"{ethnic_group_label(self.group, lang)}: {self.label_in(lang)}"


_E = EthnicityCategory
_G = EthnicGroup

ETHNICITY_CATEGORIES: tuple[EthnicityCategory, ...] = (
    # In the ONS 2021 output order (groups and categories alphabetical, "any other" last).
    # Each label is followed by its Welsh, in the wording of the ONS 2021 Census in Welsh (the
    # "any other" options as the questionnaire puts them, "Unrhyw gefndir ... arall"); drafted by
    # the development team from the ONS Welsh pages, to be reviewed by a Welsh speaker.
    _E(Ethnicity.ASIAN_BANGLADESHI, "Bangladeshi", "Bangladeshaidd", _G.ASIAN, "K", "A3"),
    # Chinese sits in the Asian group in ONS 2011/2021 and in the 18+1 police codes (A4), but the
    # NHS letter code keeps it under "Other ethnic groups" (R), as in the 2001 census.
    _E(Ethnicity.ASIAN_CHINESE, "Chinese", "Tsieineaidd", _G.ASIAN, "R", "A4"),
    _E(Ethnicity.ASIAN_INDIAN, "Indian", "Indiaidd", _G.ASIAN, "H", "A1"),
    _E(Ethnicity.ASIAN_PAKISTANI, "Pakistani", "Pacistanaidd", _G.ASIAN, "J", "A2"),
    _E(
        Ethnicity.ASIAN_OTHER,
        "Any other Asian background",
        "Unrhyw gefndir Asiaidd arall",
        _G.ASIAN,
        "L",
        "A9",
        write_in=True,
    ),
    _E(Ethnicity.BLACK_AFRICAN, "African", "Affricanaidd", _G.BLACK, "N", "B2"),
    _E(Ethnicity.BLACK_CARIBBEAN, "Caribbean", "Caribïaidd", _G.BLACK, "M", "B1"),
    _E(
        Ethnicity.BLACK_OTHER,
        "Any other Black, Black British or Caribbean background",
        "Unrhyw gefndir Du, Du Prydeinig neu Garibïaidd arall",
        _G.BLACK,
        "P",
        "B9",
        write_in=True,
    ),
    _E(Ethnicity.MIXED_WHITE_ASIAN, "White and Asian", "Gwyn ac Asiaidd", _G.MIXED, "F", "M3"),
    _E(
        Ethnicity.MIXED_WHITE_BLACK_AFRICAN,
        "White and Black African",
        "Gwyn a Du Affricanaidd",
        _G.MIXED,
        "E",
        "M2",
    ),
    _E(
        Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN,
        "White and Black Caribbean",
        "Gwyn a Du Caribïaidd",
        _G.MIXED,
        "D",
        "M1",
    ),
    _E(
        Ethnicity.MIXED_OTHER,
        "Any other Mixed or Multiple ethnic background",
        "Unrhyw gefndir cymysg neu amlethnig arall",
        _G.MIXED,
        "G",
        "M9",
        write_in=True,
    ),
    _E(
        Ethnicity.WHITE_BRITISH,
        "English, Welsh, Scottish, Northern Irish or British",
        "Cymreig, Seisnig, Albanaidd, Gwyddelig Gogledd Iwerddon neu Brydeinig",
        _G.WHITE,
        "A",
        "W1",
    ),
    _E(Ethnicity.WHITE_IRISH, "Irish", "Gwyddelig", _G.WHITE, "B", "W2"),
    # The NHS national letter codes have no Gypsy or Irish Traveller category (only local
    # sub-codes such as CL/CM/CN under C), so it maps to C "any other White background".
    _E(
        Ethnicity.WHITE_GYPSY_IRISH_TRAVELLER,
        "Gypsy or Irish Traveller",
        "Sipsi neu Deithiwr Gwyddelig",
        _G.WHITE,
        "C",
        "W3",
    ),
    # Roma is new in ONS 2021. NHS: no letter code, so C. Police: W4 is the code we were given for
    # Roma; the published 18+1 list (from the 2011 census) has no Roma code, so W4 is UNCONFIRMED
    # against a Home Office / CJS data standard and a force that does not know it will need W9.
    _E(Ethnicity.WHITE_ROMA, "Roma", "Roma", _G.WHITE, "C", "W4"),
    _E(
        Ethnicity.WHITE_OTHER,
        "Any other White background",
        "Unrhyw gefndir Gwyn arall",
        _G.WHITE,
        "C",
        "W9",
        write_in=True,
    ),
    # Arab is new in ONS 2011/2021. NHS: no letter code, so S "any other ethnic group".
    # Police: the 18+1 list gives Arab as O2 (O1 was Chinese in the older 16+1 list and was retired
    # when Chinese moved to A4, so it was not reused). See ``ethnicity_from_police_code``.
    _E(Ethnicity.OTHER_ARAB, "Arab", "Arabaidd", _G.OTHER, "S", "O2"),
    _E(
        Ethnicity.OTHER_ANY,
        "Any other ethnic group",
        "Unrhyw grŵp ethnig arall",
        _G.OTHER,
        "S",
        "O9",
        write_in=True,
    ),
)

PREFER_NOT_TO_SAY_ETHNICITY = EthnicityCategory(
    Ethnicity.PREFER_NOT_TO_SAY, "Prefer not to say", "Gwell gennyf beidio â dweud", None, "Z", "NS"
)
"""NHS Z is "not stated" (asked, and the person chose not to say); police NS is "not stated"."""

NHS_ETHNIC_CATEGORY_NOT_KNOWN = "99"
"""The NHS code for "not known" (the person was not asked): use it when no ethnicity is recorded."""

ETHNICITIES: Mapping[Ethnicity, EthnicityCategory] = MappingProxyType(
    {c.code: c for c in (*ETHNICITY_CATEGORIES, PREFER_NOT_TO_SAY_ETHNICITY)}
)
"""Every option (the 19 categories and "prefer not to say"), by code."""

# The older 16+1 police codes that the 18+1 list retired or re-used. O1 meant Chinese.
_LEGACY_POLICE_CODES: Mapping[str, Ethnicity] = MappingProxyType({"O1": Ethnicity.ASIAN_CHINESE})

_POLICE_CODES: Mapping[str, Ethnicity] = MappingProxyType(
    {c.police_code: c.code for c in ETHNICITIES.values()}
)


def ethnicity(code: Ethnicity | str) -> EthnicityCategory:
    """The category for one of our codes; ``ValueError`` for an unknown code."""
    try:
        return ETHNICITIES[Ethnicity(code)]
    except ValueError:
        raise ValueError(f"'{code}' is not an ethnicity code") from None


def ethnicities_in_group(group: EthnicGroup) -> tuple[EthnicityCategory, ...]:
    """The categories of one ONS group, in ONS order."""
    return tuple(c for c in ETHNICITY_CATEGORIES if c.group is group)


def ethnicity_from_police_code(code: str) -> Ethnicity:
    """Our code for a police self-defined ethnicity code (18+1, plus W4 Roma).

    The older 16+1 code O1 (Chinese) is read as Chinese, so old records keep their meaning.
    Raises ``ValueError`` for an unknown code.
    """
    key = code.strip().upper()
    if key in _POLICE_CODES:
        return _POLICE_CODES[key]
    if key in _LEGACY_POLICE_CODES:
        return _LEGACY_POLICE_CODES[key]
    raise ValueError(f"'{code}' is not a police self-defined ethnicity code")


WRITE_IN_MAX_LENGTH = 120
"""The longest free-text description accepted for an "any other" or "other" option."""

_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalise_write_in(text: str, *, max_length: int = WRITE_IN_MAX_LENGTH) -> str:
    """A free-text answer trimmed, with runs of whitespace collapsed to one space.

    Raises ``ValueError`` if it is empty, too long or has control characters (tabs and newlines
    are whitespace and are collapsed, not refused).
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ValueError("the description is empty")
    if _CONTROL_CHARS.search(cleaned):
        raise ValueError("the description has control characters")
    if len(cleaned) > max_length:
        raise ValueError(f"the description is longer than {max_length} characters")
    return cleaned


# ============================================================================================
# Sex (ISO/IEC 5218), gender identity and faith: separate, optional fields
# ============================================================================================


class Sex(StrEnum):
    """Sex as recorded, with its ISO/IEC 5218 code in ``SEX_ISO5218``."""

    NOT_KNOWN = "not_known"
    MALE = "male"
    FEMALE = "female"
    NOT_APPLICABLE = "not_applicable"


SEX_ISO5218: Mapping[Sex, int] = MappingProxyType(
    {Sex.NOT_KNOWN: 0, Sex.MALE: 1, Sex.FEMALE: 2, Sex.NOT_APPLICABLE: 9}
)

SEX_LABELS: Mapping[Sex, str] = MappingProxyType(
    {
        Sex.NOT_KNOWN: "Not known",
        Sex.MALE: "Male",
        Sex.FEMALE: "Female",
        Sex.NOT_APPLICABLE: "Not applicable",
    }
)


def sex_from_iso5218(code: int | str) -> Sex:
    """The ``Sex`` for an ISO/IEC 5218 code (0, 1, 2 or 9); ``ValueError`` otherwise."""
    for sex, iso in SEX_ISO5218.items():
        if str(code).strip() == str(iso):
            return sex
    raise ValueError(f"'{code}' is not an ISO/IEC 5218 sex code (0, 1, 2 or 9)")


class GenderIdentity(StrEnum):
    """Gender identity, asked separately from sex and only where the form asks it."""

    MAN = "man"
    WOMAN = "woman"
    NON_BINARY = "non_binary"
    OTHER = "other"
    """Described in the person's own words (write-in)."""
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


GENDER_IDENTITY_LABELS: Mapping[GenderIdentity, str] = MappingProxyType(
    {
        GenderIdentity.MAN: "Man",
        GenderIdentity.WOMAN: "Woman",
        GenderIdentity.NON_BINARY: "Non-binary",
        GenderIdentity.OTHER: "Other (in their own words)",
        GenderIdentity.PREFER_NOT_TO_SAY: "Prefer not to say",
    }
)


class Faith(StrEnum):
    """Religion or faith, as the ONS 2021 question asks it (a voluntary question)."""

    NO_RELIGION = "no_religion"
    CHRISTIAN = "christian"
    BUDDHIST = "buddhist"
    HINDU = "hindu"
    JEWISH = "jewish"
    MUSLIM = "muslim"
    SIKH = "sikh"
    OTHER = "other"
    """Any other religion, described in the person's own words (write-in)."""
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


FAITH_LABELS: Mapping[Faith, str] = MappingProxyType(
    {
        Faith.NO_RELIGION: "No religion",
        Faith.CHRISTIAN: (
            "Christian (including Church of England, Church in Wales, Catholic, Protestant and "
            "all other Christian denominations)"
        ),
        Faith.BUDDHIST: "Buddhist",
        Faith.HINDU: "Hindu",
        Faith.JEWISH: "Jewish",
        Faith.MUSLIM: "Muslim",
        Faith.SIKH: "Sikh",
        Faith.OTHER: "Any other religion (in their own words)",
        Faith.PREFER_NOT_TO_SAY: "Prefer not to say",
    }
)


# ============================================================================================
# NHS number
# ============================================================================================

_NHS_DIGITS = re.compile(r"[0-9]{10}")


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for the first nine digits of an NHS number, or None if there is none.

    Modulus 11: weights 10, 9, ... 2 on digits 1-9; check = 11 - (sum mod 11); a result of 11
    becomes 0; a result of 10 means no valid NHS number starts with these nine digits.
    """
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("needs exactly nine digits")
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    """The ten digits of an NHS number, spaces removed, after checking the check digit.

    Spaces (e.g. "943 476 5919") are allowed in the input; nothing else is. The check is the
    modulus-11 check only: test numbers (999...) and numbers from the Scottish CHI and Northern
    Ireland H&C ranges pass it too, and the app does not reject them.
    """
    digits = re.sub(r"\s+", "", value)
    if not _NHS_DIGITS.fullmatch(digits):
        raise ValueError("an NHS number has 10 digits (spaces allowed, nothing else)")
    expected = nhs_check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise ValueError("this is not a valid NHS number: the check digit does not match")
    return digits


def is_valid_nhs_number(value: str) -> bool:
    """Whether ``value`` is a valid NHS number (spaces allowed)."""
    try:
        normalise_nhs_number(value)
    except ValueError:
        return False
    return True


def format_nhs_number(value: str) -> str:
    """A valid NHS number in the usual 3-3-4 spacing, e.g. "943 476 5919"."""
    digits = normalise_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


# ============================================================================================
# Police National Computer ID (PNC ID)
# ============================================================================================

PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
"""Indexed by (number mod 23); I, O and S are not used."""

_PNC = re.compile(r"(?P<year>[0-9]{2}|(?:19|20)[0-9]{2})/(?P<serial>[0-9]{1,7})(?P<check>[A-Z])")


def pnc_check_letter(year2: int, serial: int) -> str:
    """The check letter of a PNC ID: the 2-digit year followed by the 7-digit serial, read as one
    number, mod 23, looked up in ``PNC_CHECK_LETTERS``.

    ``year2`` is 0-99 (the last two digits of the year); ``serial`` is 0-9 999 999.
    """
    if not 0 <= year2 <= 99:
        raise ValueError("the year must be two digits (0-99)")
    if not 0 <= serial <= 9_999_999:
        raise ValueError("the serial number has at most seven digits")
    return PNC_CHECK_LETTERS[(year2 * 10_000_000 + serial) % 23]


def normalise_pnc_id(value: str) -> str:
    """A PNC ID in upper case with its serial zero-padded to seven digits, after checking it.

    Accepted: ``YY/NNNNNNNC`` or ``YYYY/NNNNNNNC`` (a four-digit year must be 19xx or 20xx). The
    serial is often written without its leading zeros ("01/12345A"), so 1-7 digits are accepted
    and padded to 7 ("01/0012345A"); the check letter is computed on the padded serial, so padding
    never changes it. Lower case and spaces around or inside the value are accepted. The year is
    kept as written (2 or 4 digits): see ``pnc_match_key`` to compare IDs written both ways.
    """
    compact = re.sub(r"\s+", "", value).upper()
    match = _PNC.fullmatch(compact)
    if match is None:
        raise ValueError("a PNC ID looks like YY/NNNNNNNC or YYYY/NNNNNNNC, e.g. 2019/0012345X")
    year, serial = match["year"], int(match["serial"])
    expected = pnc_check_letter(int(year[-2:]), serial)
    if match["check"] != expected:
        raise ValueError("this is not a valid PNC ID: the check letter does not match")
    return f"{year}/{serial:07d}{expected}"


def is_valid_pnc_id(value: str) -> bool:
    """Whether ``value`` is a valid PNC ID (see ``normalise_pnc_id``)."""
    try:
        normalise_pnc_id(value)
    except ValueError:
        return False
    return True


def pnc_match_key(value: str) -> str:
    """The two-digit-year form ``YY/NNNNNNNC`` of a valid PNC ID, for comparing IDs written with a
    2- or a 4-digit year (the check letter only covers the last two digits of the year)."""
    normal = normalise_pnc_id(value)
    year, rest = normal.split("/")
    return f"{year[-2:]}/{rest}"


# ============================================================================================
# CRO number, custody record number, court and probation case references: format checks only
# ============================================================================================


@dataclass(frozen=True, slots=True)
class ReferenceRule:
    """What a free-format reference may look like: see ``normalise_reference``."""

    label: str
    max_length: int
    example: str


REFERENCE_RULES: Mapping[IdentifierKind, ReferenceRule] = MappingProxyType(
    {
        # CRO numbers are "SSSSSS/YYC" (serial/2-digit year + check letter), with older "SF"
        # fingerprint formats; we do not compute the check letter (its exact rules vary by era).
        IdentifierKind.CRO: ReferenceRule("CRO number", 20, "123456/89X"),
        # Custody record numbers are force-specific (e.g. "01/123456/23", "CU12345/21").
        IdentifierKind.CUSTODY_RECORD: ReferenceRule("custody record number", 30, "01/123456/23"),
        # Court references vary: police URNs ("01AB2345621"), Crown Court "T20217001",
        # Common Platform case numbers. We accept any of them.
        IdentifierKind.COURT_CASE: ReferenceRule("court case reference", 40, "01AB2345621"),
        # nDelius CRNs are one letter and six digits ("X123456"); older local references differ.
        IdentifierKind.PROBATION_CASE: ReferenceRule("probation case reference", 20, "X123456"),
    }
)

_REFERENCE_CHARS = re.compile(r"[A-Z0-9][A-Z0-9/ .-]*")


def normalise_reference(kind: IdentifierKind, value: str) -> str:
    """A CRO number, custody record number, court or probation case reference, tidied and checked.

    Light checks only, because formats differ between forces, courts and eras: the value is
    trimmed, runs of spaces collapsed, upper-cased; then it must be 1 to the kind's maximum
    length (CRO 20, custody record 30, court case 40, probation case 20), start with a letter or
    digit, use only letters A-Z, digits, "/", "-", "." and spaces, and contain at least one digit.
    """
    rule = REFERENCE_RULES.get(kind)
    if rule is None:
        raise ValueError(f"{kind} is not a free-format reference")
    cleaned = " ".join(value.split()).upper()
    if not cleaned:
        raise ValueError(f"the {rule.label} is empty")
    if len(cleaned) > rule.max_length:
        raise ValueError(f"a {rule.label} has at most {rule.max_length} characters")
    if not _REFERENCE_CHARS.fullmatch(cleaned):
        raise ValueError(
            f"a {rule.label} uses only letters, digits, '/', '-', '.' and spaces "
            f"(e.g. {rule.example})"
        )
    if not any(ch.isdigit() for ch in cleaned):
        raise ValueError(f"a {rule.label} has at least one digit (e.g. {rule.example})")
    return cleaned


IDENTIFIER_LABELS: Mapping[IdentifierKind, str] = MappingProxyType(
    {
        IdentifierKind.PNC_ID: "PNC ID",
        IdentifierKind.CRO: "CRO number",
        IdentifierKind.NHS_NUMBER: "NHS number",
        IdentifierKind.CUSTODY_RECORD: "Custody record number",
        IdentifierKind.COURT_CASE: "Court case reference",
        IdentifierKind.PROBATION_CASE: "Probation case reference",
    }
)


def normalise_identifier(kind: IdentifierKind, value: str) -> str:
    """Any identifier checked and put in its stored form (NHS number: 10 digits; PNC ID: upper
    case, padded serial; the rest: see ``normalise_reference``). ``ValueError`` if invalid."""
    if kind is IdentifierKind.NHS_NUMBER:
        return normalise_nhs_number(value)
    if kind is IdentifierKind.PNC_ID:
        return normalise_pnc_id(value)
    return normalise_reference(kind, value)


# ============================================================================================
# Languages: BCP 47 (RFC 5646)
# ============================================================================================

_ALNUM = "[A-Za-z0-9]"
_LANGTAG = re.compile(
    rf"""
    (?P<language>[A-Za-z]{{2,3}}(?:-[A-Za-z]{{3}}){{0,3}}   # shortest ISO 639 code + extlang
               |[A-Za-z]{{4,8}})                       # reserved / registered language
    (?:-[A-Za-z]{{4}})?                                  # script
    (?:-(?:[A-Za-z]{{2}}|[0-9]{{3}}))?                    # region
    (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*             # variants
    (?:-[0-9A-WY-Za-wy-z](?:-{_ALNUM}{{2,8}})+)*             # extensions
    (?:-[Xx](?:-{_ALNUM}{{1,8}})+)?                         # private use
    """,
    re.VERBOSE,
)
_PRIVATE_USE = re.compile(rf"[Xx](?:-{_ALNUM}{{1,8}})+")
# RFC 5646 2.2.8: the irregular grandfathered tags do not fit the langtag production. (The
# regular ones, e.g. "art-lojban", "zh-min-nan", happen to match it and need no special case.)
_IRREGULAR_GRANDFATHERED = frozenset(
    {
        "en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl",
        "sgn-ch-de",
    }
)


def is_well_formed_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (RFC 5646 syntax: a langtag, a
    private-use tag or a grandfathered tag), case-insensitively.

    Well-formed is a syntax check: "xx-YY" passes although no language "xx" is registered, and
    duplicate variants are not looked for. An underscore ("en_GB") is not a BCP 47 separator.
    """
    if tag.lower() in _IRREGULAR_GRANDFATHERED:
        return True
    return bool(_LANGTAG.fullmatch(tag) or _PRIVATE_USE.fullmatch(tag))


def normalise_language_tag(tag: str) -> str:
    """A well-formed BCP 47 tag in its conventional case (RFC 5646 2.1.1): language lower case,
    script title case, region upper case, the rest lower case ("ZH-hant-hk" -> "zh-Hant-HK").
    Surrounding whitespace is dropped. ``ValueError`` if the tag is not well-formed."""
    stripped = tag.strip()
    if not is_well_formed_language_tag(stripped):
        raise ValueError(f"'{tag}' is not a BCP 47 language tag (e.g. en-GB, cy, bfi, pl)")
    out: list[str] = []
    after_singleton = False
    for index, subtag in enumerate(stripped.split("-")):
        if index == 0 or after_singleton:
            out.append(subtag.lower())
        elif len(subtag) == 2:
            out.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            out.append(subtag.title())
        else:
            out.append(subtag.lower())
        if len(subtag) == 1:
            after_singleton = True
    return "-".join(out)


def primary_subtag(tag: str) -> str:
    """The primary language subtag, lower case: "en-GB" -> "en", "zh-Hant-HK" -> "zh",
    "bfi" -> "bfi". (For a private-use tag it is "x"; for "i-klingon", "i".)
    ``ValueError`` if the tag is not well-formed."""
    return normalise_language_tag(tag).split("-", 1)[0]


def normalise_language_code(tag: str) -> str:
    """A language tag fit to record for a person: well-formed BCP 47 (normalised as
    ``normalise_language_tag``) whose primary subtag is an ISO 639 code of 2 or 3 letters.

    RFC 5646 lets a primary subtag be 5-8 letters (reserved for registration; none exist), so
    "Polish" or "English" are *well-formed*; they are also the commonest slip when someone types
    a language's name instead of its code, so they are refused here. Private-use and grandfathered
    tags are refused too. ``ValueError`` with an example otherwise.
    """
    normal = normalise_language_tag(tag)
    if not re.fullmatch(r"[a-z]{2,3}", normal.split("-", 1)[0]):
        raise ValueError(
            f"'{tag.strip()}' is not a language code: use a code such as pl, cy, bfi or en-GB, "
            "not the language's name"
        )
    return normal


@dataclass(frozen=True, slots=True)
class Language:
    """A language offered in pickers, with its name in English and in Welsh."""

    tag: str
    name_en: str
    name_cy: str


# Languages most met in custody and courts in England and Wales (interpreter bookings, census
# main languages). Welsh names are the Unicode CLDR Welsh (cy) display names where CLDR has one;
# the few marked "not CLDR" are ours and want checking by a Welsh speaker.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "Saesneg"),
    Language("cy", "Welsh", "Cymraeg"),
    Language("bfi", "British Sign Language", "Iaith Arwyddion Prydain"),  # not CLDR
    Language("ase", "American Sign Language", "Iaith Arwyddion America"),
    Language("ga", "Irish", "Gwyddeleg"),
    Language("gd", "Scottish Gaelic", "Gaeleg yr Alban"),
    Language("pl", "Polish", "Pwyleg"),
    Language("ro", "Romanian", "Rwmaneg"),
    Language("rom", "Romani", "Romani"),
    Language("lt", "Lithuanian", "Lithwaneg"),
    Language("lv", "Latvian", "Latfieg"),
    Language("et", "Estonian", "Estoneg"),
    Language("bg", "Bulgarian", "Bwlgareg"),
    Language("cs", "Czech", "Tsieceg"),
    Language("sk", "Slovak", "Slofaceg"),
    Language("hu", "Hungarian", "Hwngareg"),
    Language("sq", "Albanian", "Albaneg"),
    Language("hr", "Croatian", "Croateg"),
    Language("sr", "Serbian", "Serbeg"),
    Language("bs", "Bosnian", "Bosnieg"),
    Language("mk", "Macedonian", "Macedoneg"),
    Language("sl", "Slovenian", "Slofeneg"),
    Language("el", "Greek", "Groeg"),
    Language("ru", "Russian", "Rwseg"),
    Language("uk", "Ukrainian", "Wcreineg"),
    Language("ka", "Georgian", "Georgeg"),
    Language("hy", "Armenian", "Armeneg"),
    Language("pt", "Portuguese", "Portiwgeeg"),
    Language("es", "Spanish", "Sbaeneg"),
    Language("it", "Italian", "Eidaleg"),
    Language("fr", "French", "Ffrangeg"),
    Language("de", "German", "Almaeneg"),
    Language("nl", "Dutch", "Iseldireg"),
    Language("tr", "Turkish", "Tyrceg"),
    Language("ar", "Arabic", "Arabeg"),
    Language("ku", "Kurdish", "Cwrdeg"),
    Language("ckb", "Kurdish (Sorani)", "Cwrdeg Sorani"),
    Language("kmr", "Kurdish (Kurmanji)", "Cwrdeg Kurmanji"),  # not CLDR
    Language("fa", "Persian (Farsi)", "Perseg"),
    Language("prs", "Dari", "Dari"),
    Language("ps", "Pashto", "Pashto"),
    Language("ur", "Urdu", "Wrdw"),
    Language("pa", "Punjabi", "Pwnjabeg"),
    Language("bn", "Bengali", "Bengaleg"),
    Language("syl", "Sylheti", "Sylheti"),  # not CLDR
    Language("gu", "Gujarati", "Gwjarati"),
    Language("hi", "Hindi", "Hindi"),
    Language("ne", "Nepali", "Nepaleg"),
    Language("ta", "Tamil", "Tamileg"),
    Language("si", "Sinhala", "Sinhaleg"),
    Language("ml", "Malayalam", "Malayalam"),
    Language("te", "Telugu", "Telugu"),
    Language("mr", "Marathi", "Marathi"),
    Language("sd", "Sindhi", "Sindhi"),
    Language("zh", "Chinese (Mandarin)", "Tsieinëeg, Mandarin"),
    Language("zh-Hans", "Chinese, Simplified (Mandarin)", "Tsieinëeg Mandarin Symledig"),
    Language("zh-Hant", "Chinese, Traditional (Mandarin)", "Tsieinëeg Mandarin Traddodiadol"),
    Language("yue", "Cantonese", "Cantoneeg"),
    Language("vi", "Vietnamese", "Fietnameg"),
    Language("th", "Thai", "Thai"),
    Language("tl", "Tagalog", "Tagalog"),
    Language("ms", "Malay", "Maleieg"),
    Language("my", "Burmese", "Byrmaneg"),
    Language("ja", "Japanese", "Japaneeg"),
    Language("ko", "Korean", "Coreeg"),
    Language("so", "Somali", "Somaleg"),
    Language("ti", "Tigrinya", "Tigrinya"),
    Language("am", "Amharic", "Amhareg"),
    Language("om", "Oromo", "Oromo"),
    Language("sw", "Swahili", "Swahili"),
    Language("yo", "Yoruba", "Iorwba"),
    Language("ig", "Igbo", "Igbo"),
    Language("ak", "Akan (Twi)", "Acaneg"),
    Language("ln", "Lingala", "Lingala"),
    Language("he", "Hebrew", "Hebraeg"),
    Language("uz", "Uzbek", "Wsbeceg"),
)

LANGUAGES_BY_TAG: Mapping[str, Language] = MappingProxyType({lang.tag: lang for lang in LANGUAGES})


def language_name(tag: str, *, in_language: str = "en") -> str:
    """A language's name in English (``in_language="en"``) or Welsh (``"cy"``).

    Looks up the exact tag, then shorter prefixes ("zh-Hant-HK" -> "zh-Hant" -> "zh"); a
    well-formed tag outside the list is shown as itself. ``ValueError`` for an ill-formed tag.
    """
    normal = normalise_language_tag(tag)
    welsh = primary_subtag(in_language) == "cy"
    parts = normal.split("-")
    while parts:
        found = LANGUAGES_BY_TAG.get("-".join(parts))
        if found is not None:
            return found.name_cy if welsh else found.name_en
        parts.pop()
    return normal


# ============================================================================================
# Lawful bases for disclosing health information
# ============================================================================================

DPA2018_SCHEDULE8: Mapping[str, str] = MappingProxyType(
    {
        # Data Protection Act 2018, Schedule 8: conditions for sensitive processing under Part 3
        # (law enforcement processing, e.g. by police and the CPS).
        "1": "statutory purposes",
        "2": "administration of justice",
        "3": "protecting an individual's vital interests",
        "4": "safeguarding of children and of individuals at risk",
        "5": "personal data already in the public domain",
        "6": "legal claims",
        "7": "judicial acts",
        "8": "preventing fraud",
        "9": "archiving, research or statistics",
    }
)

UK_GDPR_ARTICLE9: Mapping[str, str] = MappingProxyType(
    {
        # UK GDPR Article 9(2): conditions for processing special category data. Conditions
        # (b), (g), (h), (i) and (j) also need a condition in DPA 2018 Schedule 1.
        "a": "explicit consent",
        "b": "employment, social security and social protection law",
        "c": "vital interests of a person who cannot give consent",
        "d": "legitimate activities of a not-for-profit body",
        "e": "made manifestly public by the person",
        "f": "legal claims, or courts acting in their judicial capacity",
        "g": "substantial public interest",
        "h": "health or social care",
        "i": "public health",
        "j": "archiving, research or statistics",
    }
)

LEGAL_BASIS_CONDITIONS: Mapping[LegalBasisKind, Mapping[str, str]] = MappingProxyType(
    {LegalBasisKind.DPA2018_SCH8: DPA2018_SCHEDULE8, LegalBasisKind.UK_GDPR_ART9: UK_GDPR_ARTICLE9}
)


def legal_basis_citation(kind: LegalBasisKind, condition: str) -> str:
    """A plain citation, e.g. "DPA 2018 Schedule 8, paragraph 2 (administration of justice)" or
    "UK GDPR Article 9(2)(h) (health or social care)". ``ValueError`` for an unknown condition."""
    label = LEGAL_BASIS_CONDITIONS[kind].get(condition)
    if label is None:
        raise ValueError(f"'{condition}' is not a condition of {kind}")
    if kind is LegalBasisKind.DPA2018_SCH8:
        return f"DPA 2018 Schedule 8, paragraph {condition} ({label})"
    return f"UK GDPR Article 9(2)({condition}) ({label})"
