"""Every wrong option of every shipped question says why it is wrong (contract §5 feedback)."""

from __future__ import annotations

from content.loader import load_directory_files
from tests.content_checks.shipped import SETS_FOLDER


def test_every_wrong_option_has_feedback() -> None:
    loaded, errors = load_directory_files(SETS_FOLDER)
    assert errors == [], [str(error) for error in errors]
    missing = [
        f"{qset.id}/{question.id}: {question.letters[index]}"
        for qset in loaded.values()
        for question in qset.questions
        for index in range(len(question.options))
        if index != question.answer and not question.feedback_for(index)
    ]
    assert missing == [], "wrong options without feedback:\n" + "\n".join(missing)
