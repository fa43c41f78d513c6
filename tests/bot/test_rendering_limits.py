"""Whatever the content and the group size, every embed is valid for Discord."""

from __future__ import annotations

import discord

from bot import rendering
from content.model import Code, Mode, Question, QuestionSet, Solution, SolutionStep

LONG = "x" * 900


def question(**changes: object) -> Question:
    values: dict[str, object] = {
        "id": "q",
        "prompt": "Which?",
        "options": ("one", "two", "three"),
        "answer": 1,
        "solution": Solution(
            steps=tuple(SolutionStep(f"Step {n}", LONG) for n in range(5)), quick_check="y" * 300
        ),
        "takeaway": "t" * 300,
        "common_mistakes": tuple("m" * 200 for _ in range(8)),
        "feedback": (None, None, "f" * 300),
    }
    values.update(changes)
    return Question(**values)  # type: ignore[arg-type]


def visible(embed: discord.Embed) -> str:
    parts = [embed.title or "", embed.description or ""]
    for field in embed.fields:
        parts.extend([field.name, field.value])
    return "\n".join(parts)


def test_a_reveal_for_two_hundred_right_members_fits_and_says_how_many_more() -> None:
    right = [10**17 + n for n in range(200)]
    embed = rendering.reveal_embed(
        question(), right=right, show_right=True, reason="🏁", chosen=[3, 200, 40]
    )
    assert len(embed) <= rendering.EMBED_TOTAL_LIMIT
    assert all(len(field.value) <= rendering.FIELD_LIMIT for field in embed.fields)
    got_it = next(f for f in embed.fields if f.name == "🎯 Got it right")
    assert "more" in got_it.value
    assert "<@100000000000000000>" in got_it.value


def test_the_reveal_counts_choices_and_explains_the_most_tempting_wrong_option() -> None:
    embed = rendering.reveal_embed(
        question(), right=[], show_right=True, reason="🏁", chosen=[3, 5, 9]
    )
    text = visible(embed)
    assert "🇦 3 · 🇧 5 ✅ · 🇨 9" in text
    assert "Why not C?" in text
    assert "f" * 50 in text


def test_code_holding_backtick_fences_stays_in_one_block() -> None:
    source = 'print("```")\n```\nafter = 1'
    q = question(code=Code("python", source), prompt="What prints?")
    qset = QuestionSet(id="s", title="S", questions=(q,))
    embed = rendering.question_embed(
        qset, q, mode=Mode.CHALLENGE, position=(1, 1), attempts=2, deadline=None, hints=False
    )
    description = embed.description or ""
    assert description.count("```") == 2  # exactly one opening and one closing fence
    start = description.index("```python")
    end = description.index("```", start + 3)
    assert "after = 1" in description[start:end]
    assert "🇦 one" in description[end:]


def test_markup_in_prompts_and_options_cannot_spill_over() -> None:
    q = question(prompt="# Big **bold", options=("> quoted", "-# small", "`open"))
    qset = QuestionSet(id="s", title="S", questions=(q,))
    description = rendering.question_embed(
        qset, q, mode=Mode.PRACTICE, position=(1, 1), attempts=2, deadline=None, hints=False
    ).description
    assert description is not None
    assert "\\# Big \\*\\*bold" in description
    assert "🇦 \\> quoted" in description
    assert "🇧 \\-# small" in description
    assert "🇨 \\`open" in description
    assert "\n-#" not in description
