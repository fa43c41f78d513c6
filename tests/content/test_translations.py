"""Translations of sets (CONTRACT §5): checked against their set, with positions."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from bot.library.catalog import Catalog, StoredTranslation
from content.cli import run_validate
from content.errors import SetFileError
from content.loader import find_set_files, load_directory, load_set_text
from content.translations import (
    is_translation,
    load_translations,
    read_any_text,
    read_translation_text,
)

FOLDER = Path(__file__).parent / "translations" / "sets"
BASE = load_set_text((FOLDER / "tiny-loops.yaml").read_text(encoding="utf-8"), "tiny-loops.yaml")
GOOD = (FOLDER / "translations" / "tiny-loops.es-ES.yaml").read_text(encoding="utf-8")


def _find(set_id: str):
    return BASE if set_id == BASE.id else None


def _errors(text: str) -> list[str]:
    with pytest.raises(SetFileError) as caught:
        read_translation_text(text, "t.yaml", _find)
    return [str(error) for error in caught.value.errors]


def test_a_translation_keeps_ids_and_answers_and_changes_only_texts() -> None:
    read = read_translation_text(GOOD, "t.yaml", _find)
    shown = read.translated
    assert shown.id == BASE.id
    assert shown.language == "es-ES"
    assert shown.title == "Bucles diminutos"
    assert [q.id for q in shown.questions] == [q.id for q in BASE.questions]
    assert [q.answer for q in shown.questions] == [q.answer for q in BASE.questions]
    first, second = shown.questions
    assert first.prompt == "¿Qué devuelve `list(range(3))`?"
    assert first.feedback_for(1) == "`range` empieza en 0, no en 1."
    assert (first.time_limit, first.attempts, first.difficulty) == (
        BASE.questions[0].time_limit,
        BASE.questions[0].attempts,
        BASE.questions[0].difficulty,
    )
    # A text the translation leaves out is the set's own.
    assert second.takeaway == BASE.questions[1].takeaway
    assert shown.badge is not None
    assert shown.badge.name == "Maestro de bucles"
    assert shown.badge.emoji == "🔁"


def test_a_changed_answer_is_refused_at_its_position() -> None:
    text = GOOD.replace("    answer: B\n", "    answer: A\n")
    line = text.splitlines().index("    answer: A", 20) + 1
    assert _errors(text) == [
        f"t.yaml:{line}:13: questions[1].answer: is A, but the set's answer is B; "
        "a translation changes only texts, never the answer"
    ]


def test_an_added_option_an_unknown_id_and_a_missing_question_are_refused() -> None:
    text = GOOD.replace(
        "      B: Solo cuando el bucle termina sin `break`.\n",
        "      B: Solo cuando el bucle termina sin `break`.\n      C: Nunca.\n",
    ).replace("id: range-stop", "id: range-end")
    assert _errors(text) == [
        "t.yaml:7:3: questions: misses questions of the set: range-stop; "
        "a translation gives every question",
        "t.yaml:7:9: questions[0].id: set 'tiny-loops' has no question 'range-end'; "
        "a translation keeps the set's question ids",
        "t.yaml:25:7: questions[1].options: has options A-C, but the set's question has A-B; "
        "a translation keeps the same options",
    ]


def test_a_translation_of_a_missing_set_is_refused_at_translation_of() -> None:
    errors = _errors(GOOD.replace("translation_of: tiny-loops", "translation_of: no-such-set"))
    assert errors == [
        "t.yaml:1:17: translation_of: there is no set 'no-such-set' to translate; "
        "load the set first, or check its id"
    ]


def test_an_unknown_language_is_an_error_with_its_position() -> None:
    errors = _errors(GOOD.replace("language: es-ES", "language: klingon"))
    assert len(errors) == 1
    assert errors[0].startswith("t.yaml:2:11: language: 'klingon' is not")
    set_errors = []
    try:
        load_set_text("id: a\nlanguage: xx-YY\ntitle: A\nquestions: []\n", "s.yaml")
    except SetFileError as error:
        set_errors = [str(e) for e in error.errors]
    assert any(e.startswith("s.yaml:2:11: language: 'xx-YY' is not") for e in set_errors)


def test_a_set_names_its_language_and_defaults_to_english() -> None:
    assert BASE.language == "en-US"
    text = (FOLDER / "tiny-loops.yaml").read_text(encoding="utf-8")
    assert load_set_text("language: ja\n" + text, "s.yaml").language == "ja"


def test_a_folder_s_translations_are_not_sets_of_their_own() -> None:
    assert [p.name for p in find_set_files(FOLDER)] == ["tiny-loops.yaml"]
    sets, errors = load_directory(FOLDER)
    assert errors == []
    assert [s.id for s in sets] == ["tiny-loops"]
    translations, errors = load_translations(FOLDER, {s.id: s for s in sets})
    assert errors == []
    assert [(t.translation.set_id, t.translation.language) for t in translations] == [
        ("tiny-loops", "es-ES")
    ]
    assert type(read_any_text(GOOD, "t.yaml", _find)).__name__ == "ReadTranslation"


def _validate(paths: list[str], shipped: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = run_validate(paths, out, shipped=shipped)
    return code, out.getvalue().splitlines()


def test_validate_checks_a_translation_against_its_set_among_the_paths(tmp_path: Path) -> None:
    code, lines = _validate([str(FOLDER)], shipped=tmp_path)
    assert code == 0
    assert lines[-2:] == [
        'ok  tiny-loops  es-ES translation "Bucles diminutos"  2 questions',
        "2 sets valid",
    ]


def test_validate_finds_the_set_among_the_shipped_ones_or_says_it_is_missing(
    tmp_path: Path,
) -> None:
    translation = tmp_path / "tiny-loops.es-ES.yaml"
    translation.write_text(GOOD, encoding="utf-8")
    code, lines = _validate([str(translation)], shipped=FOLDER)
    assert code == 0
    assert lines[0].startswith("ok  tiny-loops  es-ES translation")
    code, lines = _validate([str(translation)], shipped=tmp_path / "none")
    assert code == 1
    assert lines == [
        f"{translation}:1:17: translation_of: there is no set 'tiny-loops' to translate; "
        "load the set first, or check its id",
        "0 sets valid, 1 file with 1 error",
    ]


def test_a_translation_may_copy_the_set_s_other_keys_only_with_the_set_s_values() -> None:
    copied = (FOLDER / "tiny-loops.yaml").read_text(encoding="utf-8")
    copied = "translation_of: tiny-loops\nlanguage: ja\n" + copied.replace(
        "What does `list(range(3))` give?", "関数 `list(range(3))` は何を返しますか？"
    )
    read = read_translation_text(copied, "t.yaml", _find)
    assert read.translated.questions[0].prompt == "関数 `list(range(3))` は何を返しますか？"
    assert read.translated.language == "ja"

    changed = copied.replace("difficulty: easy", "difficulty: hard").replace(
        'emoji: "🔁"', 'emoji: "🏆"'
    )
    changed = changed.replace("questions:\n", "defaults:\n  attempts: 3\nquestions:\n")
    line = changed.splitlines().index("    difficulty: hard") + 1
    assert _errors(changed) == [
        "t.yaml:8:10: badge.emoji: is 🏆, but the set's is 🔁; a translation keeps the set's "
        "emoji (leave it out, or give the set's value)",
        f"t.yaml:{line - 3}:9: questions[0].attempts: is 3, but the set's is 2; a translation "
        "keeps the set's attempts (leave it out, or give the set's value)",
        f"t.yaml:{line}:17: questions[0].difficulty: is hard, but the set's is easy; a "
        "translation keeps the set's difficulty (leave it out, or give the set's value)",
        f"t.yaml:{line + 14}:9: questions[1].attempts: is 3, but the set's is 2; a translation "
        "keeps the set's attempts (leave it out, or give the set's value)",
    ]


def test_a_translation_read_as_a_set_says_what_it_is() -> None:
    with pytest.raises(SetFileError) as caught:
        load_set_text(GOOD, "t.yaml")
    [error] = caught.value.errors
    assert str(error).startswith("t.yaml:1:1: (file): this file is a translation")


def test_a_translation_may_leave_the_answer_out() -> None:
    text = GOOD.replace("    answer: A\n", "").replace("    answer: B\n", "")
    read = read_translation_text(text, "t.yaml", _find)
    assert [q.answer for q in read.translated.questions] == [0, 1]
    # feedback on the set's answer is still refused, at its position
    wrong = text.replace('      B: "`range` empieza en 0, no en 1."', '      A: "Es la correcta."')
    [error] = _errors(wrong)
    assert error.startswith("t.yaml:20:7: questions[0].feedback.A: 'A' is the correct answer")


def test_telling_a_translation_apart_takes_no_memory_on_a_file_of_newlines() -> None:
    assert is_translation(b"\xef\xbb\xbftranslation_of: mini\n")
    assert is_translation("id: x\r\ntranslation_of: mini\r\n")
    assert is_translation(b"# note\rtranslation_of: mini")
    assert not is_translation(b"id: x\n  translation_of: nested\nprompt: translation_of: no\n")
    lines = b"\n" * (4 * 1024 * 1024)  # an upload Discord said was small, as it is read
    tracemalloc.start()
    try:
        assert not is_translation(lines)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024  # was a list of 4 Mi lines: 32 MiB


def test_a_server_s_first_request_reads_only_the_stored_translation_it_needs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    catalog = Catalog([BASE])
    broken = [
        StoredTranslation(7, f"gone-{n}", "fr", "translation_of: gone\n", 1, 9, 0.0)
        for n in range(49)
    ]
    catalog.add_stored_translations(
        [*broken, StoredTranslation(7, BASE.id, "es-ES", GOOD, 1, 9, 0.0)]
    )
    with caplog.at_level("ERROR"):
        entry = catalog.translation(7, BASE.id, "es-ES")
        assert entry is not None
        assert catalog.languages(7, BASE) == [BASE.language, "es-ES"]
    assert "no longer loads" not in caplog.text  # the other 49 were not read (50 before)
    assert catalog.translation(7, "gone-3", "fr") is None  # read when asked: dropped quietly
    assert "server 7 translation gone-3.fr.yaml no longer loads" in caplog.text
