"""Questions as posted, their reveal, session intros and the live status of a challenge."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.rendering.markup import (
    COLOUR_INFO,
    COLOUR_QUESTION,
    COLOUR_RIGHT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_LIMIT,
    HINT_EMOJI,
    TITLE_LIMIT,
    clip,
    code_block,
    fit_embed,
    inline,
    mentions,
    option_emoji,
    timestamp,
)
from content.model import Mode, Question, QuestionSet, format_duration

MODE_LABELS = {Mode.PRACTICE: "Practice", Mode.CHALLENGE: "Challenge", Mode.TEST: "Test"}
KIND_ICONS = {"conceptual": "🧠", "syntax": "📝", "state_output": "🖨️", "lifecycle": "🔄"}


def question_label(question: Question) -> str:
    """Return the kind and difficulty line shown above a prompt."""
    bits = []
    if question.kind:
        icon = KIND_ICONS.get(question.kind, "🔹")
        bits.append(f"{icon} {question.kind.replace('_', ' ').title()}")
    bits.append(question.difficulty.level.value)
    return " · ".join(bits)


def question_embed(
    qset: QuestionSet,
    question: Question,
    *,
    mode: Mode,
    position: tuple[int, int],
    attempts: int,
    deadline: float | None,
    hints: bool,
) -> discord.Embed:
    """Render a question as it is posted for members to answer."""
    number, total = position
    counter = f"({number}/{total})" if mode is Mode.PRACTICE else f"Question {number}/{total}"
    lines = [f"*{question_label(question)}*", f"**{inline(question.prompt)}**"]
    if question.context:
        lines.append(inline(question.context))
    if question.code:
        lines.append(code_block(question.code.language, question.code.source))
    lines.append("")
    lines.extend(f"{option_emoji(i)} {inline(text)}" for i, text in enumerate(question.options))
    rules = [f"Attempts: **{attempts}**"]
    if deadline is not None:
        rules.append(f"⏱️ {format_duration(question.time_limit)} · closes {timestamp(deadline)}")
    lines.extend(["", " · ".join(rules)])
    embed = discord.Embed(
        title=clip(f"{MODE_LABELS[mode]} · {qset.title} · {counter}", TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_QUESTION,
    )
    hint = f" · {HINT_EMOJI} or /hint for a hint" if hints and question.hint else ""
    embed.set_footer(text=f"React with a letter to answer{hint}")
    return fit_embed(embed)


def option_counts_line(question: Question, chosen: Sequence[int]) -> str:
    """Render how many members chose each option, like ``🇦 3 · 🇧 12 ✅ · 🇨 0``."""
    parts = []
    for index in range(len(question.options)):
        mark = " ✅" if index == question.answer else ""
        parts.append(f"{option_emoji(index)} {chosen[index] if index < len(chosen) else 0}{mark}")
    return " · ".join(parts)


def reveal_embed(
    question: Question,
    *,
    right: Sequence[int],
    show_right: bool,
    reason: str,
    chosen: Sequence[int] = (),
) -> discord.Embed:
    """Render the answer and worked solution shown when a question closes.

    ``chosen`` counts the members who picked each option (any attempt); when given (a group
    session), the counts are shown, zeros too, and the most chosen wrong option's feedback says
    why it is wrong.
    """
    letter = question.answer_letter
    embed = discord.Embed(
        title=clip(f"{reason} The answer is {letter}", TITLE_LIMIT),
        description=clip(
            f"{option_emoji(question.answer)} **{inline(question.options[question.answer])}**",
            DESCRIPTION_LIMIT,
        ),
        colour=COLOUR_RIGHT,
    )
    if chosen:
        embed.add_field(
            name="📊 Members' choices", value=option_counts_line(question, chosen), inline=False
        )
        wrong = [(count, i) for i, count in enumerate(chosen) if i != question.answer and count]
        if wrong:
            _, tempting = max(wrong, key=lambda item: (item[0], -item[1]))
            feedback = question.feedback_for(tempting)
            if feedback:
                embed.add_field(
                    name=f"🤔 Why not {question.letters[tempting]}?",
                    value=clip(inline(feedback), FIELD_LIMIT),
                    inline=False,
                )
    solution = question.solution
    if solution is not None:
        for number, step in enumerate(solution.steps, start=1):
            embed.add_field(
                name=clip(f"{number}. {step.title}", TITLE_LIMIT),
                value=clip(inline(step.text), FIELD_LIMIT),
                inline=False,
            )
        if solution.quick_check:
            embed.add_field(
                name="✔️ Quick check", value=clip(inline(solution.quick_check), FIELD_LIMIT)
            )
    if question.takeaway:
        embed.add_field(
            name="📌 Takeaway", value=clip(inline(question.takeaway), FIELD_LIMIT), inline=False
        )
    if question.common_mistakes:
        bullets = "\n".join(f"• {inline(m)}" for m in question.common_mistakes)
        embed.add_field(name="⚠️ Common mistakes", value=clip(bullets, FIELD_LIMIT), inline=False)
    if show_right:
        room = EMBED_TOTAL_LIMIT - len(embed) - len("🎯 Got it right") - 1
        embed.add_field(
            name="🎯 Got it right",
            value=mentions(right, max(40, min(FIELD_LIMIT, room)))
            if right
            else "Nobody this time.",
            inline=False,
        )
    return fit_embed(embed)


def intro_embed(qset: QuestionSet, mode: Mode, questions: int, starter_id: int) -> discord.Embed:
    """Render the announcement that a session has started."""
    if mode is Mode.CHALLENGE:
        text = (
            f"<@{starter_id}> started a timed challenge: **{questions} questions**. "
            "Anyone here can answer by reacting with a letter; every member has their own "
            "attempts. Faster and first-try answers score more."
        )
        if qset.badge:
            badge = qset.badge
            text += f"\n\n{badge.emoji} Answer every question correctly to earn **{badge.name}**."
    elif mode is Mode.TEST:
        text = (
            f"A test of **{questions} questions** for <@{starter_id}>: one attempt each, "
            "no hints, timed. You'll get a score and a verdict at the end."
        )
    else:
        text = (
            f"Practice for <@{starter_id}>: **{questions} questions**, no timer. "
            "After each answer you'll see the worked solution."
        )
    embed = discord.Embed(
        title=clip(f"{MODE_LABELS[mode]} · {qset.title}", TITLE_LIMIT),
        description=text,
        colour=COLOUR_INFO,
    )
    if qset.topic:
        embed.set_footer(text=qset.topic)
    return embed


def review_intro_embed(qset: QuestionSet, questions: int, starter_id: int) -> discord.Embed:
    """Render the announcement that a member's spaced review has started."""
    text = (
        f"Review for <@{starter_id}>: **{questions} question{'s' if questions != 1 else ''}** "
        "due again, most overdue first, no timer. After each answer you'll see the worked "
        "solution; answering right pushes a question further out."
    )
    return discord.Embed(
        title=clip(f"🔁 Review · {qset.title}", TITLE_LIMIT), description=text, colour=COLOUR_INFO
    )


def status_text(
    right: Sequence[int], out: Sequence[int], retrying: Sequence[tuple[int, int]]
) -> str:
    """Render the live answer status of a group question (who counted, attempts left).

    Every group gets its line, each list within its share of the description and ending with
    "and N more" when it does not fit: a long list never pushes the others out.
    """
    groups: list[tuple[str, list[int]]] = []
    if right:
        groups.append(("✅ Correct: ", list(right)))
    by_left: dict[int, list[int]] = {}
    for member_id, left in retrying:
        by_left.setdefault(left, []).append(member_id)
    for left in sorted(by_left):
        groups.append((f"🔁 {left} attempt{'s' if left != 1 else ''} left: ", by_left[left]))
    if out:
        groups.append(("❌ Out of attempts: ", list(out)))
    if not groups:
        return "No answers yet."
    room = DESCRIPTION_LIMIT - sum(len(label) + 1 for label, _ in groups)
    needs = [len(mentions(ids, DESCRIPTION_LIMIT * 4)) for _, ids in groups]
    limits = [0] * len(groups)
    for placed, index in enumerate(sorted(range(len(groups)), key=needs.__getitem__)):
        limits[index] = min(needs[index], room // (len(groups) - placed))  # short lists lend
        room -= limits[index]
    lines = [
        label + mentions(ids, limit) for (label, ids), limit in zip(groups, limits, strict=True)
    ]
    return clip("\n".join(lines), DESCRIPTION_LIMIT)


def status_embed(text: str, answered: int) -> discord.Embed:
    """Wrap the live status in an embed titled with the number of members who answered."""
    noun = "member has" if answered == 1 else "members have"
    return discord.Embed(
        title=f"📨 {answered} {noun} answered", description=text, colour=COLOUR_INFO
    )
