"""Reference data and identifier checks (screening.domain.reference)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from screening.domain import reference as ref
from screening.domain.enums import IdentifierKind, LegalBasisKind
from screening.domain.reference import EthnicGroup, Ethnicity, Sex

# --------------------------------------------------------------------------------------------
# NHS number
# --------------------------------------------------------------------------------------------

# Worked by hand (weights 10..2 on the first nine digits):
#   943 476 5919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2
#               = 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 mod 11 = 2; 11 - 2 = 9 ✓
#   401 023 2137: 40 + 0 + 8 + 0 + 12 + 15 + 8 + 3 + 6 = 92; 92 mod 11 = 4; 11 - 4 = 7 ✓
#   400 000 0020: 4*10 + 2*2 = 44; 44 mod 11 = 0; 11 - 0 = 11 -> check digit 0 ✓
#   999 999 9999: 9 * (10+9+...+2) = 9 * 54 = 486; 486 mod 11 = 2; 11 - 2 = 9 ✓
VALID_NHS = ["943 476 5919", "9434765919", "4010232137", "401 023 2137", "4000000020", "9999999999"]

# 123 456 789?: 10 + 18 + 24 + 28 + 30 + 30 + 28 + 24 + 18 = 210; 210 mod 11 = 1; 11 - 1 = 10,
# so no NHS number starts 123456789 whatever its last digit.
NO_CHECK_DIGIT = [f"123456789{d}" for d in range(10)]


@pytest.mark.parametrize("value", VALID_NHS)
def test_valid_nhs_numbers(value: str) -> None:
    assert ref.is_valid_nhs_number(value)
    assert ref.normalise_nhs_number(value) == value.replace(" ", "")


def test_nhs_check_digit_by_hand() -> None:
    assert ref.nhs_check_digit("943476591") == 9
    assert ref.nhs_check_digit("400000002") == 0  # 11 -> 0
    assert ref.nhs_check_digit("123456789") is None  # 10 -> invalid


@pytest.mark.parametrize(
    "value",
    [
        "9434765918",  # wrong check digit
        "9434765910",
        "4000000021",
        *NO_CHECK_DIGIT,
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943-476-5919",  # only spaces are allowed as separators
        "943.476.5919",
        "943476591A",
        "",
        "          ",
        "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits are not NHS number digits
    ],
)
def test_invalid_nhs_numbers(value: str) -> None:
    assert not ref.is_valid_nhs_number(value)
    with pytest.raises(ValueError):
        ref.normalise_nhs_number(value)


def test_wrong_check_digit_message_says_so() -> None:
    with pytest.raises(ValueError, match="check digit"):
        ref.normalise_nhs_number("943 476 5918")


def test_format_nhs_number() -> None:
    assert ref.format_nhs_number("9434765919") == "943 476 5919"
    assert ref.format_nhs_number(" 943 4765 919 ") == "943 476 5919"


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_nhs_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(nine_digits)
    check = ref.nhs_check_digit(first_nine)
    assume(check is not None)
    return f"{first_nine}{check}"


@given(valid_nhs_numbers())
def test_generated_nhs_numbers_are_valid(number: str) -> None:
    assert ref.is_valid_nhs_number(number)
    assert ref.is_valid_nhs_number(ref.format_nhs_number(number))


@given(valid_nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_changing_one_digit_makes_an_nhs_number_invalid(number: str, pos: int, delta: int) -> None:
    digits = list(number)
    digits[pos] = str((int(digits[pos]) + delta) % 10)
    assert not ref.is_valid_nhs_number("".join(digits))


@given(valid_nhs_numbers(), st.integers(0, 7))
def test_swapping_two_adjacent_digits_makes_an_nhs_number_invalid(number: str, pos: int) -> None:
    assume(number[pos] != number[pos + 1])
    digits = list(number)
    digits[pos], digits[pos + 1] = digits[pos + 1], digits[pos]
    assert not ref.is_valid_nhs_number("".join(digits))


# --------------------------------------------------------------------------------------------
# PNC ID
# --------------------------------------------------------------------------------------------

# Worked by hand (letters "ZABCDEFGHJKLMNPQRTUVWXY", index 0 = Z):
#   99/1234567?: 991234567 = 23 * 43097155 + 2  -> index 2 -> "B"
#   01/0012345?: 10012345  = 23 * 435319 + 8    -> index 8 -> "H"  (Z A B C D E F G H)
#   23/0000001?: 230000001 = 23 * 10000000 + 1  -> index 1 -> "A"


def test_pnc_check_letter_by_hand() -> None:
    assert ref.pnc_check_letter(99, 1234567) == "B"
    assert ref.pnc_check_letter(1, 12345) == "H"
    assert ref.pnc_check_letter(23, 1) == "A"


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("99/1234567B", "99/1234567B"),
        ("01/0012345H", "01/0012345H"),
        ("01/12345H", "01/0012345H"),  # short serial, zero-padded
        ("2001/0012345H", "2001/0012345H"),  # four-digit year: check uses the last two digits
        ("2001/12345h", "2001/0012345H"),  # lower case
        (" 1999 / 1234567 b ", "1999/1234567B"),  # spaces
        ("23/1A", "23/0000001A"),
    ],
)
def test_valid_pnc_ids(value: str, normal: str) -> None:
    assert ref.is_valid_pnc_id(value)
    assert ref.normalise_pnc_id(value) == normal


@pytest.mark.parametrize(
    "value",
    [
        "99/1234567C",  # wrong check letter
        "01/12345A",
        "01/12345678H",  # serial of 8 digits
        "1/12345H",  # one-digit year
        "001/12345H",  # three-digit year
        "1801/0012345H",  # four-digit years are 19xx or 20xx
        "01-12345H",  # wrong separator
        "0112345H",  # no separator
        "01/12345",  # no check letter
        "01/H",  # no serial
        "01/12345HH",
        "",
    ],
)
def test_invalid_pnc_ids(value: str) -> None:
    assert not ref.is_valid_pnc_id(value)
    with pytest.raises(ValueError):
        ref.normalise_pnc_id(value)


def test_pnc_match_key_ignores_the_century_and_padding() -> None:
    assert ref.pnc_match_key("2001/0012345H") == ref.pnc_match_key("01/12345h") == "01/0012345H"


@pytest.mark.parametrize(("year2", "serial"), [(-1, 1), (100, 1), (1, -1), (1, 10_000_000)])
def test_pnc_check_letter_refuses_out_of_range(year2: int, serial: int) -> None:
    with pytest.raises(ValueError):
        ref.pnc_check_letter(year2, serial)


@given(st.integers(0, 99), st.integers(0, 9_999_999))
def test_built_pnc_ids_are_valid_and_other_letters_are_not(year2: int, serial: int) -> None:
    letter = ref.pnc_check_letter(year2, serial)
    assert letter in ref.PNC_CHECK_LETTERS
    assert ref.normalise_pnc_id(f"{year2:02d}/{serial}{letter}") == f"{year2:02d}/{serial:07d}{letter}"
    assert ref.is_valid_pnc_id(f"20{year2:02d}/{serial:07d}{letter}")
    for other in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if other != letter:
            assert not ref.is_valid_pnc_id(f"{year2:02d}/{serial:07d}{other}")


# --------------------------------------------------------------------------------------------
# Free-format references
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "normal"),
    [
        (IdentifierKind.CRO, "123456/89x", "123456/89X"),
        (IdentifierKind.CRO, "SF 05/123456A", "SF 05/123456A"),
        (IdentifierKind.CUSTODY_RECORD, " 01/123456/23 ", "01/123456/23"),
        (IdentifierKind.CUSTODY_RECORD, "cu12345 /  21", "CU12345 / 21"),
        (IdentifierKind.COURT_CASE, "01ab2345621", "01AB2345621"),
        (IdentifierKind.COURT_CASE, "T20217001", "T20217001"),
        (IdentifierKind.PROBATION_CASE, "x123456", "X123456"),
        (IdentifierKind.PROBATION_CASE, "N01.2024-77", "N01.2024-77"),
    ],
)
def test_references_are_tidied(kind: IdentifierKind, value: str, normal: str) -> None:
    assert ref.normalise_reference(kind, value) == normal
    assert ref.normalise_identifier(kind, value) == normal


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        (IdentifierKind.CRO, "", "empty"),
        (IdentifierKind.CRO, "   ", "empty"),
        (IdentifierKind.CRO, "1" * 21, "at most 20"),
        (IdentifierKind.CUSTODY_RECORD, "1" * 31, "at most 30"),
        (IdentifierKind.COURT_CASE, "1" * 41, "at most 40"),
        (IdentifierKind.PROBATION_CASE, "X" + "1" * 20, "at most 20"),
        (IdentifierKind.CUSTODY_RECORD, "01#123", "only letters"),
        (IdentifierKind.CUSTODY_RECORD, "/0123", "only letters"),
        (IdentifierKind.COURT_CASE, "ŁÓDŹ123", "only letters"),
        (IdentifierKind.PROBATION_CASE, "UNKNOWN", "at least one digit"),
    ],
)
def test_bad_references(kind: IdentifierKind, value: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        ref.normalise_reference(kind, value)


def test_normalise_identifier_dispatches_to_the_checks() -> None:
    assert ref.normalise_identifier(IdentifierKind.NHS_NUMBER, "943 476 5919") == "9434765919"
    assert ref.normalise_identifier(IdentifierKind.PNC_ID, "01/12345h") == "01/0012345H"
    with pytest.raises(ValueError):
        ref.normalise_identifier(IdentifierKind.NHS_NUMBER, "9434765918")
    with pytest.raises(ValueError):
        ref.normalise_reference(IdentifierKind.NHS_NUMBER, "9434765919")


def test_every_identifier_kind_has_a_label() -> None:
    assert set(ref.IDENTIFIER_LABELS) == set(IdentifierKind)


# --------------------------------------------------------------------------------------------
# Ethnicity
# --------------------------------------------------------------------------------------------

NHS_LETTER_CODES = set("ABCDEFGHJKLMNPRS")
POLICE_CODES = {
    "W1", "W2", "W3", "W4", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9",
    "B1", "B2", "B9", "O2", "O9",
}


def test_nineteen_ons_categories_in_five_groups() -> None:
    assert len(ref.ETHNICITY_CATEGORIES) == 19
    assert {c.group for c in ref.ETHNICITY_CATEGORIES} == set(EthnicGroup)
    sizes = {g: len(ref.ethnicities_in_group(g)) for g in EthnicGroup}
    assert sizes == {
        EthnicGroup.ASIAN: 5,
        EthnicGroup.BLACK: 3,
        EthnicGroup.MIXED: 4,
        EthnicGroup.WHITE: 5,
        EthnicGroup.OTHER: 2,
    }
    assert set(ref.ETHNIC_GROUP_LABELS) == set(EthnicGroup)


def test_every_category_has_unique_codes_and_both_crosswalks() -> None:
    codes = [c.code for c in ref.ETHNICITY_CATEGORIES]
    assert len(set(codes)) == 19
    assert set(ref.ETHNICITIES) == set(Ethnicity)
    for category in ref.ETHNICITY_CATEGORIES:
        assert category.label
        assert category.nhs_code in NHS_LETTER_CODES, category
        assert category.police_code in POLICE_CODES, category
    police = [c.police_code for c in ref.ETHNICITY_CATEGORIES]
    assert len(set(police)) == 19  # the police codes are one-to-one with the ONS categories
    assert set(police) == POLICE_CODES


def test_prefer_not_to_say_is_not_stated_in_both_crosswalks() -> None:
    pnts = ref.ethnicity(Ethnicity.PREFER_NOT_TO_SAY)
    assert (pnts.group, pnts.nhs_code, pnts.police_code) == (None, "Z", "NS")
    assert pnts.full_label == "Prefer not to say"
    assert ref.NHS_ETHNIC_CATEGORY_NOT_KNOWN == "99"


@pytest.mark.parametrize(
    ("code", "nhs", "police"),
    [
        (Ethnicity.WHITE_BRITISH, "A", "W1"),
        (Ethnicity.WHITE_IRISH, "B", "W2"),
        (Ethnicity.WHITE_GYPSY_IRISH_TRAVELLER, "C", "W3"),
        (Ethnicity.WHITE_ROMA, "C", "W4"),
        (Ethnicity.WHITE_OTHER, "C", "W9"),
        (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, "D", "M1"),
        (Ethnicity.MIXED_WHITE_BLACK_AFRICAN, "E", "M2"),
        (Ethnicity.MIXED_WHITE_ASIAN, "F", "M3"),
        (Ethnicity.MIXED_OTHER, "G", "M9"),
        (Ethnicity.ASIAN_INDIAN, "H", "A1"),
        (Ethnicity.ASIAN_PAKISTANI, "J", "A2"),
        (Ethnicity.ASIAN_BANGLADESHI, "K", "A3"),
        (Ethnicity.ASIAN_CHINESE, "R", "A4"),
        (Ethnicity.ASIAN_OTHER, "L", "A9"),
        (Ethnicity.BLACK_CARIBBEAN, "M", "B1"),
        (Ethnicity.BLACK_AFRICAN, "N", "B2"),
        (Ethnicity.BLACK_OTHER, "P", "B9"),
        (Ethnicity.OTHER_ARAB, "S", "O2"),
        (Ethnicity.OTHER_ANY, "S", "O9"),
    ],
)
def test_crosswalk(code: Ethnicity, nhs: str, police: str) -> None:
    category = ref.ethnicity(code)
    assert (category.nhs_code, category.police_code) == (nhs, police)
    assert ref.ethnicity_from_police_code(police.lower()) is code


def test_legacy_police_code_o1_means_chinese() -> None:
    assert ref.ethnicity_from_police_code("O1") is Ethnicity.ASIAN_CHINESE
    assert ref.ethnicity_from_police_code("NS") is Ethnicity.PREFER_NOT_TO_SAY
    with pytest.raises(ValueError):
        ref.ethnicity_from_police_code("X9")


# Words that are the same in both languages (a proper name).
SAME_IN_WELSH = {"Roma"}


def test_every_category_and_group_has_a_welsh_label() -> None:
    assert set(ref.ETHNIC_GROUP_LABELS_CY) == set(EthnicGroup)
    for group in EthnicGroup:
        welsh = ref.ethnic_group_label(group, "cy")
        assert welsh and welsh != ref.ETHNIC_GROUP_LABELS[group], group
        assert ref.ethnic_group_label(group, "cy-GB") == welsh
        assert ref.ethnic_group_label(group, "en") == ref.ETHNIC_GROUP_LABELS[group]
    assert len(ref.ETHNICITIES) == 20  # the 19 categories and "prefer not to say"
    for category in ref.ETHNICITIES.values():
        assert category.label_cy.strip() == category.label_cy != "", category.code
        assert category.label_in("cy") == category.label_in("cy-GB") == category.label_cy
        assert category.label_in("en") == category.label_in("en-GB") == category.label
        if category.label not in SAME_IN_WELSH:
            assert category.label_cy != category.label, category.code
    for group in EthnicGroup:  # a Welsh label names one category of its group only
        welsh = [c.label_cy for c in ref.ethnicities_in_group(group)]
        assert len(set(welsh)) == len(welsh), group


def test_welsh_full_labels() -> None:
    irish = ref.ethnicity(Ethnicity.WHITE_IRISH)
    assert irish.full_label_in("cy") == "Gwyn: Gwyddelig"
    assert irish.full_label_in("en") == irish.full_label == "White: Irish"
    assert ref.ethnicity(Ethnicity.ASIAN_INDIAN).full_label_in("cy") == (
        "Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: Indiaidd")
    pnts = ref.ethnicity(Ethnicity.PREFER_NOT_TO_SAY)
    assert pnts.full_label_in("cy") == "Gwell gennyf beidio â dweud"
    assert pnts.full_label_in("en") == "Prefer not to say"


def test_write_in_is_offered_for_the_any_other_categories_only() -> None:
    with_write_in = {c.code for c in ref.ETHNICITIES.values() if c.write_in}
    assert with_write_in == {
        Ethnicity.ASIAN_OTHER,
        Ethnicity.BLACK_OTHER,
        Ethnicity.MIXED_OTHER,
        Ethnicity.WHITE_OTHER,
        Ethnicity.OTHER_ANY,
    }
    assert all(ref.ethnicity(c).label.startswith("Any other") for c in with_write_in)


def test_full_label_names_the_group() -> None:
    assert ref.ethnicity("white_irish").full_label == "White: Irish"
    assert ref.ethnicity(Ethnicity.BLACK_AFRICAN).full_label.endswith(": African")
    with pytest.raises(ValueError):
        ref.ethnicity("irish")


def test_write_in_text_is_tidied_and_bounded() -> None:
    assert ref.normalise_write_in("  Polish \n and   Kashubian ") == "Polish and Kashubian"
    with pytest.raises(ValueError, match="empty"):
        ref.normalise_write_in(" \t ")
    with pytest.raises(ValueError, match="longer"):
        ref.normalise_write_in("x" * (ref.WRITE_IN_MAX_LENGTH + 1))
    with pytest.raises(ValueError, match="control"):
        ref.normalise_write_in("Polish\x00")


# --------------------------------------------------------------------------------------------
# Sex, gender identity, faith
# --------------------------------------------------------------------------------------------


def test_sex_iso5218_codes() -> None:
    assert dict(ref.SEX_ISO5218) == {
        Sex.NOT_KNOWN: 0,
        Sex.MALE: 1,
        Sex.FEMALE: 2,
        Sex.NOT_APPLICABLE: 9,
    }
    for sex, code in ref.SEX_ISO5218.items():
        assert ref.sex_from_iso5218(code) is sex
        assert ref.sex_from_iso5218(str(code)) is sex
    for bad in (3, "", "male", -1):
        with pytest.raises(ValueError):
            ref.sex_from_iso5218(bad)
    assert set(ref.SEX_LABELS) == set(Sex)


def test_gender_identity_and_faith_options() -> None:
    assert [g.value for g in ref.GenderIdentity] == [
        "man", "woman", "non_binary", "other", "prefer_not_to_say",
    ]
    assert set(ref.GENDER_IDENTITY_LABELS) == set(ref.GenderIdentity)
    assert [f.value for f in ref.Faith] == [
        "no_religion", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh", "other",
        "prefer_not_to_say",
    ]
    assert set(ref.FAITH_LABELS) == set(ref.Faith)


# --------------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "primary"),
    [
        ("en-GB", "en"),
        ("en", "en"),
        ("EN-gb", "en"),
        ("cy", "cy"),
        ("cy-GB", "cy"),
        ("bfi", "bfi"),
        ("zh-Hant-HK", "zh"),
        ("zh-yue", "zh"),  # extlang form
        ("yue-HK", "yue"),
        ("sr-Latn-RS", "sr"),
        ("es-419", "es"),
        ("de-CH-1901", "de"),
        ("x-private", "x"),
        ("i-klingon", "i"),
    ],
)
def test_primary_subtag(tag: str, primary: str) -> None:
    assert ref.primary_subtag(tag) == primary


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "bfi",
        "zh-Hant-HK",
        "sl-rozaj-biske",
        "en-Latn-GB-boont-r-extended-sequence-x-private",
        "x-whatever",
        "qaa-Qaaa-QM-x-southern",
        "en-GB-oed",
        "sgn-BE-FR",
        "art-lojban",
        "zh-min-nan",
        "xx-YY",  # well-formed though not registered
    ],
)
def test_well_formed_tags(tag: str) -> None:
    assert ref.is_well_formed_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "e",
        "en_GB",  # underscore is not a BCP 47 separator
        "en-",
        "-en",
        "en--GB",
        "en-GB-GB",  # a second region
        "en-Latn-Latn",  # a second script
        "123",
        "en-GB-x",  # private use needs a subtag
        "en-a",  # an extension needs a subtag
        "en-a-b",  # ... of 2-8 characters
        "toolonglang",
        "en GB",
        "zh-Hant-HK-",
    ],
)
def test_ill_formed_tags(tag: str) -> None:
    assert not ref.is_well_formed_language_tag(tag)
    with pytest.raises(ValueError):
        ref.primary_subtag(tag)


def test_normalise_language_tag_case() -> None:
    assert ref.normalise_language_tag("ZH-hant-hk") == "zh-Hant-HK"
    assert ref.normalise_language_tag(" en-gb ") == "en-GB"
    assert ref.normalise_language_tag("SGN-be-fr") == "sgn-BE-FR"
    assert ref.normalise_language_tag("en-A-BB-X-CC") == "en-a-bb-x-cc"


def test_language_codes_for_a_person() -> None:
    assert ref.normalise_language_code("EN-gb") == "en-GB"
    assert ref.normalise_language_code("bfi") == "bfi"
    assert ref.is_well_formed_language_tag("Polish")  # RFC 5646 allows it ...
    for name in ("Polish", "english", "x-private", "i-klingon"):
        with pytest.raises(ValueError, match="not a language code"):  # ... we do not
            ref.normalise_language_code(name)
    with pytest.raises(ValueError, match="BCP 47"):
        ref.normalise_language_code("en_GB")


def test_curated_languages_are_well_formed_normalised_and_unique() -> None:
    tags = [lang.tag for lang in ref.LANGUAGES]
    assert len(tags) == len(set(tags))
    for lang in ref.LANGUAGES:
        assert ref.normalise_language_code(lang.tag) == lang.tag
        assert lang.name_en and lang.name_cy
    expected = {
        "en", "cy", "bfi", "pl", "ro", "ur", "pa", "bn", "gu", "ar", "so", "ti", "am", "ku", "fa",
        "ps", "tr", "lt", "lv", "sq", "pt", "es", "it", "fr", "zh", "zh-Hans", "zh-Hant", "yue",
        "vi", "ru", "uk", "hu", "cs", "sk", "bg", "ta", "hi", "ne",
    }
    assert expected <= set(tags)


def test_language_names() -> None:
    assert ref.language_name("bfi") == "British Sign Language"
    assert ref.language_name("cy", in_language="cy") == "Cymraeg"
    assert ref.language_name("pl-PL", in_language="cy-GB") == "Pwyleg"
    assert ref.language_name("zh-Hant-HK") == "Chinese, Traditional (Mandarin)"
    assert ref.language_name("zh-CN") == "Chinese (Mandarin)"
    assert ref.language_name("qaa") == "qaa"  # well-formed but not in our list
    with pytest.raises(ValueError):
        ref.language_name("en_GB")


# --------------------------------------------------------------------------------------------
# Legal bases
# --------------------------------------------------------------------------------------------


def test_legal_basis_tables() -> None:
    assert list(ref.DPA2018_SCHEDULE8) == [str(n) for n in range(1, 10)]
    assert list(ref.UK_GDPR_ARTICLE9) == list("abcdefghij")
    assert ref.DPA2018_SCHEDULE8["2"] == "administration of justice"
    assert ref.UK_GDPR_ARTICLE9["a"] == "explicit consent"
    assert set(ref.LEGAL_BASIS_CONDITIONS) == set(LegalBasisKind)


def test_legal_basis_citation() -> None:
    assert (
        ref.legal_basis_citation(LegalBasisKind.DPA2018_SCH8, "4")
        == "DPA 2018 Schedule 8, paragraph 4 (safeguarding of children and of individuals at risk)"
    )
    assert (
        ref.legal_basis_citation(LegalBasisKind.UK_GDPR_ART9, "h")
        == "UK GDPR Article 9(2)(h) (health or social care)"
    )
    with pytest.raises(ValueError):
        ref.legal_basis_citation(LegalBasisKind.DPA2018_SCH8, "10")
    with pytest.raises(ValueError):
        ref.legal_basis_citation(LegalBasisKind.UK_GDPR_ART9, "k")
