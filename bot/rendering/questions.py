"""Questions as posted, their reveal, session intros and the live status of a challenge."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.library.review_sets import REVIEW_SET_ID
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
    inline_clip,
    member_mention,
    mentions,
    option_emoji,
    strong,
    timestamp,
)
from content.model import Difficulty, Mode, Question, QuestionSet, format_duration
from i18n import N_, _, ngettext

MODE_LABELS = {
    # Translators: the name of a session mode, as a title (Practice · <set title>).
    Mode.PRACTICE: N_("Practice"),
    Mode.CHALLENGE: N_("Challenge"),
    Mode.TEST: N_("Test"),
}
KIND_ICONS = {"conceptual": "🧠", "syntax": "📝", "state_output": "🖨️", "lifecycle": "🔄"}
KIND_NAMES = {
    # Translators: the kind of a question, shown above its prompt.
    "conceptual": N_("Conceptual"),
    "syntax": N_("Syntax"),
    "state_output": N_("State Output"),
    "lifecycle": N_("Lifecycle"),
}
DIFFICULTY_NAMES = {
    # Translators: a question's difficulty, in lower case (shown like "easy" or "hard: 3/4").
    Difficulty.EASY: N_("easy"),
    Difficulty.MEDIUM: N_("medium"),
    Difficulty.HARD: N_("hard"),
    Difficulty.EXPERT: N_("expert"),
}


def mode_label(mode: Mode) -> str:
    """Return a mode's name as a title, in the current language."""
    return _(MODE_LABELS[mode])


def difficulty_name(difficulty: Difficulty) -> str:
    """Return the name of a difficulty's level on the one scale, in the current language."""
    return _(DIFFICULTY_NAMES[difficulty.level])


def session_label(qset: QuestionSet, mode: Mode) -> str:
    """Return what a session is called in its titles: a review plays like practice."""
    return _("🔁 Review") if qset.id == REVIEW_SET_ID else mode_label(mode)


def shown_title(qset: QuestionSet) -> str:
    """Return a set's title as shown in an embed title: escaped, and short enough for one."""
    return inline_clip(qset.title, TITLE_LIMIT // 2)


def question_label(question: Question) -> str:
    """Return the kind and difficulty line shown above a prompt."""
    bits = []
    if question.kind:
        icon = KIND_ICONS.get(question.kind, "🔹")
        known = KIND_NAMES.get(question.kind)
        name = _(known) if known else question.kind.replace("_", " ").title()
        bits.append(f"{icon} {name}")
    bits.append(difficulty_name(question.difficulty))
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
    counter = (
        f"({number}/{total})"
        if mode is Mode.PRACTICE
        else _("Question {number}/{total}", number=number, total=total)
    )
    lines = [f"*{question_label(question)}*", strong(question.prompt)]
    if question.context:
        lines.append(inline(question.context))
    if question.code:
        lines.append(code_block(question.code.language, question.code.source))
    lines.append("")
    lines.extend(f"{option_emoji(i)} {inline(text)}" for i, text in enumerate(question.options))
    rules = [_("Attempts: **{attempts}**", attempts=attempts)]
    if deadline is not None:
        rules.append(  # the exact time, never a rounded "in 2 minutes" beside the limit
            _(
                "⏱️ {limit} · closes at {time}",
                limit=format_duration(question.time_limit),
                time=timestamp(deadline, "T"),
            )
        )
    lines.extend(["", " · ".join(rules)])
    embed = discord.Embed(
        title=clip(f"{session_label(qset, mode)} · {shown_title(qset)} · {counter}", TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_QUESTION,
    )
    footer = (
        _("React with a letter to answer · {emoji} or /hint for a hint", emoji=HINT_EMOJI)
        if hints and question.hint
        else _("React with a letter to answer")
    )
    embed.set_footer(text=footer)
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
        # Translators: {reason} is a sentence such as "Time's up!"; {letter} an option letter.
        title=clip(_("{reason} The answer is {letter}", reason=reason, letter=letter), TITLE_LIMIT),
        description=clip(
            f"{option_emoji(question.answer)} {strong(question.options[question.answer])}",
            DESCRIPTION_LIMIT,
        ),
        colour=COLOUR_RIGHT,
    )
    if chosen:
        embed.add_field(
            name=_("📊 Members' choices"),
            value=option_counts_line(question, chosen),
            inline=False,
        )
        wrong = [(count, i) for i, count in enumerate(chosen) if i != question.answer and count]
        if wrong:
            tempting = max(wrong, key=lambda item: (item[0], -item[1]))[1]
            feedback = question.feedback_for(tempting)
            if feedback:
                embed.add_field(
                    name=_("🤔 Why not {letter}?", letter=question.letters[tempting]),
                    value=clip(inline(feedback), FIELD_LIMIT),
                    inline=False,
                )
    solution = question.solution
    if solution is not None:
        for number, step in enumerate(solution.steps, start=1):
            embed.add_field(
                name=clip(f"{number}. {inline(step.title)}", TITLE_LIMIT),
                value=clip(inline(step.text), FIELD_LIMIT),
                inline=False,
            )
        if solution.quick_check:
            embed.add_field(
                name=_("✔️ Quick check"), value=clip(inline(solution.quick_check), FIELD_LIMIT)
            )
    if question.takeaway:
        embed.add_field(
            name=_("📌 Takeaway"),
            value=clip(inline(question.takeaway), FIELD_LIMIT),
            inline=False,
        )
    if question.common_mistakes:
        bullets = "\n".join(f"• {inline(m)}" for m in question.common_mistakes)
        embed.add_field(name=_("⚠️ Common mistakes"), value=clip(bullets, FIELD_LIMIT), inline=False)
    if show_right:
        got_it = _("🎯 Got it right")
        room = EMBED_TOTAL_LIMIT - len(embed) - len(got_it) - 1
        embed.add_field(
            name=got_it,
            value=mentions(right, max(40, min(FIELD_LIMIT, room)))
            if right
            else _("Nobody this time."),
            inline=False,
        )
    return fit_embed(embed)


def intro_embed(qset: QuestionSet, mode: Mode, questions: int, starter_id: int) -> discord.Embed:
    """Render the announcement that a session has started."""
    if mode is Mode.CHALLENGE:
        text = ngettext(
            "{starter} started a timed challenge: **{n} question**. "
            "Anyone here can answer by reacting with a letter; every member has their own "
            "attempts. Faster and first-try answers score more.",
            "{starter} started a timed challenge: **{n} questions**. "
            "Anyone here can answer by reacting with a letter; every member has their own "
            "attempts. Faster and first-try answers score more.",
            questions,
            starter=member_mention(starter_id),
        )
        if qset.badge:
            badge = qset.badge
            text += "\n\n" + _(
                "{emoji} Answer every question correctly to earn {badge}.",
                emoji=badge.emoji,
                badge=strong(badge.name),
            )
    elif mode is Mode.TEST:
        text = ngettext(
            "A test of **{n} question** for {starter}: one attempt each, "
            "no hints, timed. You'll get a score and a verdict at the end.",
            "A test of **{n} questions** for {starter}: one attempt each, "
            "no hints, timed. You'll get a score and a verdict at the end.",
            questions,
            starter=member_mention(starter_id),
        )
    else:
        text = ngettext(
            "Practice for {starter}: **{n} question**, no timer. "
            "After each answer you'll see the worked solution.",
            "Practice for {starter}: **{n} questions**, no timer. "
            "After each answer you'll see the worked solution.",
            questions,
            starter=member_mention(starter_id),
        )
    embed = discord.Embed(
        title=clip(f"{mode_label(mode)} · {shown_title(qset)}", TITLE_LIMIT),
        description=text,
        colour=COLOUR_INFO,
    )
    if qset.topic:
        embed.set_footer(text=qset.topic)
    return embed


def review_intro_embed(qset: QuestionSet, questions: int, starter_id: int) -> discord.Embed:
    """Render the announcement that a member's spaced review has started."""
    text = ngettext(
        "Review for {starter}: **{n} question** "
        "due again, most overdue first, no timer. After each answer you'll see the worked "
        "solution; answering right pushes a question further out.",
        "Review for {starter}: **{n} questions** "
        "due again, most overdue first, no timer. After each answer you'll see the worked "
        "solution; answering right pushes a question further out.",
        questions,
        starter=member_mention(starter_id),
    )
    return discord.Embed(
        title=clip(_("🔁 Review · {title}", title=shown_title(qset)), TITLE_LIMIT),
        description=text,
        colour=COLOUR_INFO,
    )


def status_text(
    right: Sequence[int],
    out: Sequence[int],
    retrying: Sequence[tuple[int, int]],
    timed_out: Sequence[int] = (),
) -> str:
    """Render the live answer status of a group question (who counted, attempts left).

    Every group gets its line, each list within its share of the description and ending with
    "and N more" when it does not fit: a long list never pushes the others out.
    """
    groups: list[tuple[str, list[int]]] = []
    if right:
        groups.append((_("✅ Correct: "), list(right)))
    by_left: dict[int, list[int]] = {}
    for member_id, left in retrying:
        by_left.setdefault(left, []).append(member_id)
    for left in sorted(by_left):
        # Translators: starts a line followed by the members concerned.
        label = ngettext("🔁 {n} attempt left: ", "🔁 {n} attempts left: ", left)
        groups.append((label, by_left[left]))
    if out:
        groups.append((_("❌ Out of attempts: "), list(out)))
    if timed_out:
        groups.append((_("⌛ Out of time: "), list(timed_out)))
    if not groups:
        return _("No answers yet.")
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


def status_embed(text: str, answered: int, *, closed: bool = False) -> discord.Embed:
    """Wrap the live status in an embed titled with the number of members who answered.

    Once the question is ``closed`` the title says so: the line then shows the final state.
    """
    title = ngettext("📨 {n} member has answered", "📨 {n} members have answered", answered)
    if closed:
        title = ngettext(
            "🏁 Question closed · {n} member answered",
            "🏁 Question closed · {n} members answered",
            answered,
        )
    return discord.Embed(title=title, description=text, colour=COLOUR_INFO)
