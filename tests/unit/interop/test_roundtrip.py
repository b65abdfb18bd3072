"""export -> import gives back a form that behaves the same.

With our definition extension the form comes back exactly. Without it (a foreign system's view of
our Questionnaire), the plain SDC mapping must still show the same items wherever enableWhen could
express the conditions, require the same items and give the same scores.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.checklist.checks import item_references
from screening.checklist.loader import CompiledForm, compile_form
from screening.checklist.model import AllOf
from screening.interop import export_questionnaire, read_questionnaire, yaml_dump
from screening.interop.conditions import ConditionContext, to_enable_when
from screening.interop.fhir_common import NO_FLAGS
from screening.interop.questionnaire import option_systems
from tests.unit.interop.support import (
    SHIPPED,
    all_forms,
    answer_sets,
    form_param_id,
    library,
    outcome,
    run,
    strip_project_extensions,
    valid_only,
)

FORMS = all_forms()
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _exact(root: Path, form_id: str) -> CompiledForm:
    lib = library(root)
    result = read_questionnaire(export_questionnaire(lib.get(form_id)))
    assert result.exact and not result.warnings
    instruments = {(i.instrument, i.version): i for i in result.instruments}
    return compile_form(result.form, None, instruments, lib.registry)


@cache
def _stripped(root: Path, form_id: str) -> CompiledForm:
    data = strip_project_extensions(export_questionnaire(library(root).get(form_id)))
    result = read_questionnaire(data)
    assert not result.exact
    return compile_form(result.form, None, {}, NO_FLAGS)


# ------------------------------------------------------------------------ with our extension


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_exact_import_restores_the_definition_and_instruments(which: tuple[Path, str]) -> None:
    root, form_id = which
    original = library(root).get(form_id)
    restored = _exact(root, form_id)
    assert restored.definition == original.definition
    assert restored.instruments == original.instruments
    assert restored.required == original.required


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
@PROPERTY
@given(data=st.data())
def test_exact_import_behaves_identically(which: tuple[Path, str], data: st.DataObject) -> None:
    root, form_id = which
    lib = library(root)
    original = lib.get(form_id)
    answers = data.draw(answer_sets(original))
    assert outcome(_exact(root, form_id), answers, lib.registry) == \
        outcome(original, answers, lib.registry)


# --------------------------------------------------------------------- without our extension


def _expressible_items(form: CompiledForm) -> set[str]:
    """Items whose visibility enableWhen expresses exactly: their own and their section's
    conditions map to plain enableWhen, and so (transitively) do those of every item they read."""
    return _expressibility(form)[0]


def _fhirpath_only_items(form: CompiledForm) -> set[str]:
    """Items whose own or section condition needs FHIRPath."""
    return _expressibility(form)[1]


def _expressibility(form: CompiledForm) -> tuple[set[str], set[str]]:
    ctx = ConditionContext(form.items, form.scores, option_systems(form).__getitem__)
    direct: dict[str, bool] = {}
    reads: dict[str, set[str]] = {}
    for code, item in form.items.items():
        conditions = list(form.section_conditions.get(form.section_of[code], ()))
        if item.enable_when is not None:
            conditions.append(item.enable_when)
        whole = AllOf(all=conditions) if len(conditions) > 1 else (conditions[0] if conditions else None)
        direct[code] = whole is None or to_enable_when(whole, ctx) is not None
        reads[code] = item_references(whole, form.scores) if whole is not None else set()
    good: set[str] = set()
    changed = True
    while changed:
        changed = False
        for code in form.items:
            if code not in good and direct[code] and reads[code] <= good:
                good.add(code)
                changed = True
    return good, {code for code, plain in direct.items() if not plain}


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_stripped_import_keeps_items_types_options_and_required(which: tuple[Path, str]) -> None:
    root, form_id = which
    original = library(root).get(form_id)
    imported = _stripped(root, form_id)
    assert imported.definition.id == original.id
    assert imported.definition.version == original.version
    assert list(imported.items) == list(original.items)
    assert [s.id for s in imported.sections] == [s.id for s in original.sections]
    assert imported.required == original.required
    for code, item in original.items.items():
        copy = imported.items[code]
        assert copy.option_codes == item.option_codes
        assert [o.score for o in copy.options] == [o.score for o in item.options]
        assert [o.exclusive for o in copy.options] == [o.exclusive for o in item.options]
        assert copy.text == item.text
        assert copy.disclosure == "confidential" and copy.kind == "fact"
    assert set(imported.scores) == set(original.scores)
    for score_id, score in original.scores.items():
        assert imported.scores[score_id].items == score.items
        assert imported.scores[score_id].method == score.method


def test_shipped_conditions_are_all_expressible() -> None:
    for form_id in ("custody-screen", "ld-court-screen", "psr-mental-health", "neurodevelopmental"):
        form = library(SHIPPED).get(form_id)
        assert _expressible_items(form) == set(form.items), form_id


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
@PROPERTY
@given(data=st.data())
def test_stripped_import_shows_the_same_items_where_enable_when_could_say_it(
    which: tuple[Path, str], data: st.DataObject
) -> None:
    root, form_id = which
    lib = library(root)
    original = lib.get(form_id)
    imported = _stripped(root, form_id)
    comparable = _expressible_items(original)
    answers = valid_only(original, data.draw(answer_sets(original)))
    before = run(original, answers, lib.registry)
    after = run(imported, answers, NO_FLAGS)
    assert before.visible & comparable == after.visible & comparable
    # Items whose conditions FHIRPath had to carry are always shown after a plain import.
    assert _fhirpath_only_items(original) <= after.visible
    for score_id, score in original.scores.items():
        if set(score.items) <= comparable:
            assert after.scores[score_id] == before.scores[score_id], score_id
    missing = set(before.missing_required) & comparable
    assert missing == set(after.missing_required) & comparable


@pytest.mark.parametrize("which", FORMS, ids=form_param_id)
def test_imported_forms_write_yaml_that_forms_check_accepts(which: tuple[Path, str], tmp_path: Path) -> None:
    from screening.checklist.loader import check_paths

    root, form_id = which
    for imported in (_exact(root, form_id), _stripped(root, form_id)):
        definition = imported.definition
        target = tmp_path / ("exact" if imported is _exact(root, form_id) else "sdc")
        path = target / definition.id / f"{definition.version}.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(yaml_dump(definition, header="Imported in a test."), encoding="utf-8")
        if root != SHIPPED:
            _copy_support_files(root, target)
        assert [str(e) for e in check_paths([path], SHIPPED)] == []


def _copy_support_files(root: Path, target: Path) -> None:
    import shutil

    shutil.copy(root / "flags.yaml", target / "flags.yaml")
    shutil.copytree(root / "instruments", target / "instruments")

