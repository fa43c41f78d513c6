"""content/schema.json and the validator agree on what a set file may hold.

The schema is for editors: it sees the document after a plain YAML load, so it cannot see
what that load hides or what needs more than one value at a time. The broken files it cannot
catch are listed in SCHEMA_CANNOT_CATCH with the reason, and checked to pass the schema, so
this list stays true.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from content import limits
from content.errors import SetFileError
from content.loader import find_set_files, load_set_file, load_set_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "content" / "schema.json").read_text(encoding="utf-8"))
SHIPPED = find_set_files(ROOT / "content" / "sets")
BROKEN = Path(__file__).parent / "broken"

SCHEMA_CATCHES = [
    "answer-yes.yaml",
    "attempts.yaml",
    "bad-badge.yaml",
    "bad-code.yaml",
    "bad-common-mistakes.yaml",
    "bad-difficulty.yaml",
    "bad-ids.yaml",
    "bad-modes.yaml",
    "bad-solution.yaml",
    "comments-only.yaml",
    "eleven-options.yaml",
    "empty-questions.yaml",
    "empty-values.yaml",
    "empty.yaml",
    "missing-key.yaml",
    "one-option.yaml",
    "questions-not-a-list.yaml",
    "several-problems.yaml",
    "time-limits.yaml",
    "too-long-text.yaml",
    "top-level-list.yaml",
    "unknown-key-no-suggestion.yaml",
    "unknown-key-suggestion.yaml",
    "wrong-types.yaml",
]

SCHEMA_CANNOT_CATCH = {
    "answer-not-an-option.yaml": "whether the answer is among the options compares two values",
    "duplicate-question-ids.yaml": "uniqueness of a field across list items",
    "duplicate-key.yaml": "a YAML load keeps the last of two equal keys without a word",
    "anchors-and-aliases.yaml": "a YAML load expands aliases before the schema sees them",
    "options-out-of-order.yaml": "JSON objects have no key order",
    "question-too-long.yaml": "the rendered length adds up several fields",
    "reveal-too-long.yaml": "the rendered length adds up several fields",
}

NOT_PLAIN_YAML = {
    "control-character.yaml": "YAML itself refuses control characters",
    "custom-tag.yaml": "a safe YAML load refuses unknown tags",
    "not-utf8.yaml": "the bytes are not text",
    "python-tag.yaml": "a safe YAML load refuses python tags",
    "syntax-error.yaml": "not YAML",
    "tab-indent.yaml": "not YAML",
    "two-documents.yaml": "a single-document load refuses two documents",
}

GENERATED_SET = """\
id: generated
title: A set written by the test
badge: {name: Finisher, emoji: "🏁"}
defaults: {time_limit: "0:45", attempts: 3}
questions:
  - id: q1
    prompt: P?
    kind: state_output
    difficulty: hard
    modes: [test]
    code: {language: c++, source: "int main() {}"}
    options: {A: 1, B: true, C: text}
    answer: C
    solution:
      steps: [{title: T, text: X}]
      quick_check: Q
    common_mistakes: [M]
"""


def _schema_errors(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [error.message for error in validator.iter_errors(document)]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_shipped_sets_pass_validator_and_schema() -> None:
    # Looped rather than parametrised: the folder may still be empty, and that is no skip.
    for path in SHIPPED:
        load_set_file(path)
        errors = _schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert errors == [], path.name


def test_generated_set_passes_validator_and_schema() -> None:
    load_set_text(GENERATED_SET, "generated.yaml")
    assert _schema_errors(yaml.safe_load(GENERATED_SET)) == []


def test_every_broken_file_is_classified() -> None:
    classified = [*SCHEMA_CATCHES, *SCHEMA_CANNOT_CATCH, *NOT_PLAIN_YAML]
    assert sorted(classified) == sorted(path.name for path in BROKEN.iterdir())


@pytest.mark.parametrize("name", SCHEMA_CATCHES)
def test_broken_file_fails_validator_and_schema(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(SetFileError):
        load_set_file(path)
    assert _schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) != []


@pytest.mark.parametrize("name", sorted(SCHEMA_CANNOT_CATCH))
def test_schema_gap_is_real_and_validator_covers_it(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(SetFileError):
        load_set_file(path)
    assert _schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", sorted(NOT_PLAIN_YAML))
def test_file_a_safe_yaml_load_refuses_is_refused_by_the_validator(name: str) -> None:
    data = (BROKEN / name).read_bytes()
    with pytest.raises(SetFileError):
        load_set_text(data, name)
    with pytest.raises((yaml.YAMLError, UnicodeDecodeError)):
        yaml.safe_load(data.decode("utf-8"))


def _max_length(schema_node: dict[str, Any]) -> int:
    return schema_node["maxLength"]


def test_schema_limits_are_the_validator_limits() -> None:
    top = SCHEMA["properties"]
    badge = top["badge"]["properties"]
    question = SCHEMA["$defs"]["question"]["properties"]
    steps = question["solution"]["properties"]["steps"]
    mistakes = question["common_mistakes"]
    assert {
        "title": _max_length(top["title"]),
        "topic": _max_length(top["topic"]),
        "description": _max_length(top["description"]),
        "badge.name": _max_length(badge["name"]),
        "badge.emoji": _max_length(badge["emoji"]),
        "badge.description": _max_length(badge["description"]),
        "id": _max_length(SCHEMA["$defs"]["id"]["anyOf"][0]),
        "prompt": _max_length(question["prompt"]),
        "context": _max_length(question["context"]),
        "kind": _max_length(question["kind"]),
        "code.language": _max_length(question["code"]["properties"]["language"]),
        "code.source": _max_length(question["code"]["properties"]["source"]),
        "option": _max_length(question["options"]["additionalProperties"]),
        "hint": _max_length(question["hint"]),
        "steps": steps["maxItems"],
        "step.title": _max_length(steps["items"]["properties"]["title"]),
        "step.text": _max_length(steps["items"]["properties"]["text"]),
        "quick_check": _max_length(question["solution"]["properties"]["quick_check"]),
        "takeaway": _max_length(question["takeaway"]),
        "common_mistakes": mistakes["maxItems"],
        "common_mistake": _max_length(mistakes["items"]),
    } == {
        "title": limits.SET_TITLE_MAX,
        "topic": limits.SET_TOPIC_MAX,
        "description": limits.SET_DESCRIPTION_MAX,
        "badge.name": limits.BADGE_NAME_MAX,
        "badge.emoji": limits.BADGE_EMOJI_MAX,
        "badge.description": limits.BADGE_DESCRIPTION_MAX,
        "id": limits.ID_MAX,
        "prompt": limits.PROMPT_MAX,
        "context": limits.CONTEXT_MAX,
        "kind": limits.KIND_MAX,
        "code.language": limits.CODE_LANGUAGE_MAX,
        "code.source": limits.CODE_SOURCE_MAX,
        "option": limits.OPTION_MAX,
        "hint": limits.HINT_MAX,
        "steps": limits.SOLUTION_STEPS_MAX,
        "step.title": limits.STEP_TITLE_MAX,
        "step.text": limits.STEP_TEXT_MAX,
        "quick_check": limits.QUICK_CHECK_MAX,
        "takeaway": limits.TAKEAWAY_MAX,
        "common_mistakes": limits.COMMON_MISTAKES_MAX,
        "common_mistake": limits.COMMON_MISTAKE_MAX,
    }


def test_schema_patterns_are_the_validator_patterns() -> None:
    question = SCHEMA["$defs"]["question"]["properties"]
    assert SCHEMA["$defs"]["id"]["anyOf"][0]["pattern"] == f"^{limits.ID_PATTERN.pattern}$"
    language = question["code"]["properties"]["language"]["pattern"]
    assert language == f"^{limits.CODE_LANGUAGE_PATTERN.pattern}$"
