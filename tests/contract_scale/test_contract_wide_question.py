"""Contract: a question at the validator's limits renders whole (10 options, a hint, markup)."""

from __future__ import annotations

import pytest

from bot import rendering
from bot.rendering import LETTER_EMOJIS
from content.errors import SetFileError
from content.loader import load_set_text
from content.model import Mode
from tests.contract_scale import recorder
from tests.contract_scale.sets import LETTERS, wide_question


def marked_up_set(text: str = "a_") -> str:
    """A prompt and options full of underscores (or ``text``), escaped when rendered."""
    return "id: marked\ntitle: Marked\nquestions:\n" + wide_question(
        "marked", attempts=2, option_text=text, prompt=text
    )


def test_a_question_is_measured_with_its_escapes() -> None:
    # 3,580 characters as written, 5,070 once every underscore is escaped: refused with a reason
    with pytest.raises(SetFileError, match="once rendered"):
        load_set_text(marked_up_set(), "marked.yaml")


def test_a_valid_question_full_of_markup_shows_all_ten_options() -> None:
    # one backtick in 40 characters: within what the validator allows once escaped
    qset = load_set_text(marked_up_set("abcdefghijklmnopqrstuvwxyz0123456789ABC`"), "m.yaml")
    question = qset.questions[0]
    embed = rendering.question_embed(
        qset, question, mode=Mode.CHALLENGE, position=(1, 1), attempts=2, deadline=0, hints=True
    )
    assert recorder.embed_problems(embed.to_dict()) == []
    description = embed.description or ""
    pairs = zip(LETTERS, LETTER_EMOJIS, strict=True)
    shown = [letter for letter, emoji in pairs if emoji in description]
    assert shown == list(LETTERS), f"options cut from the question: {set(LETTERS) - set(shown)}"


def test_the_widest_plain_question_and_its_reveal_fit() -> None:
    text = "id: plain\ntitle: Plain\nquestions:\n" + wide_question("plain", attempts=9)
    qset = load_set_text(text, "plain.yaml")
    question = qset.questions[0]
    embed = rendering.question_embed(
        qset, question, mode=Mode.CHALLENGE, position=(1, 1), attempts=9, deadline=0, hints=True
    )
    assert recorder.embed_problems(embed.to_dict()) == []
    assert all(emoji in (embed.description or "") for emoji in LETTER_EMOJIS)
    right = [10**18 + n for n in range(300)]
    reveal = rendering.reveal_embed(
        question, right=right, show_right=True, reason="🏁", chosen=[300, 200, *[9] * 8]
    )
    assert recorder.embed_problems(reveal.to_dict()) == []
    names = [field.name for field in reveal.fields]
    assert "🎯 Got it right" in names
    assert "🤔 Why not B?" in names
