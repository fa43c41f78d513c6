"""Every shipped question whose answer depends on what code does has an executable check."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import tests.content_checks as checks_package
from content.loader import load_directory_files
from tests.content_checks.proving import NEEDS_PROOF, PROVEN
from tests.content_checks.shipped import SETS_FOLDER

THIS_MODULE = Path(__file__).stem


def questions_needing_proof() -> set[str]:
    loaded, errors = load_directory_files(SETS_FOLDER)
    assert errors == [], [str(error) for error in errors]
    with_code = {
        f"{qset.id}/{question.id}"
        for qset in loaded.values()
        for question in qset.questions
        if question.code is not None
    }
    return with_code | NEEDS_PROOF


def import_every_check_module() -> list[str]:
    """Import every test_*.py module of this folder, so their @proves fill PROVEN."""
    failures = []
    for module in pkgutil.iter_modules(checks_package.__path__):
        if module.name.startswith("test_") and module.name != THIS_MODULE:
            try:
                importlib.import_module(f"{checks_package.__name__}.{module.name}")
            except Exception as error:  # a broken module proves nothing; say which
                failures.append(f"{module.name}: {type(error).__name__}: {error}")
    return failures


def test_every_code_question_has_a_check() -> None:
    import_failures = import_every_check_module()
    assert import_failures == [], import_failures
    unproven = sorted(questions_needing_proof() - PROVEN)
    assert unproven == [], "shipped questions with no check:\n" + "\n".join(unproven)


def test_every_proof_names_a_shipped_question() -> None:
    import_every_check_module()
    loaded, _ = load_directory_files(SETS_FOLDER)
    shipped = {f"{qset.id}/{q.id}" for qset in loaded.values() for q in qset.questions}
    assert sorted((PROVEN | NEEDS_PROOF) - shipped) == []
