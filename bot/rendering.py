"""Turn quiz values into Discord embeds, always within Discord's size limits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import discord

from bot.engine import SessionResult, Streak
from content.model import Mode, Question, QuestionSet, format_duration
from storage import BadgeRecord, Leaderboard, SetProgress

LETTER_EMOJIS = tuple(chr(0x1F1E6 + i) for i in range(10))
HINT_EMOJI = "💡"
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
MESSAGE_LIMIT = 2000
EMBED_TOTAL_LIMIT = 6000

COLOUR_QUESTION = discord.Colour.blurple()
COLOUR_RIGHT = discord.Colour.green()
COLOUR_INFO = discord.Colour.dark_teal()
COLOUR_RESULT = discord.Colour.gold()
COLOUR_STOPPED = discord.Colour.dark_grey()

MODE_LABELS = {Mode.PRACTICE: "Practice", Mode.CHALLENGE: "Challenge", Mode.TEST: "Test"}
KIND_ICONS = {"conceptual": "🧠", "syntax": "📝", "state_output": "🖨️", "lifecycle": "🔄"}


def clip(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_ZERO_WIDTH = "\u200b"
_PAIRED_MARKERS = ("**", "__", "~~", "||", "`")
_BLOCK_STARTS = ("#", ">", "-#", "- #")


def code_block(language: str, source: str) -> str:
    """Fence ``source`` so that backticks inside it can never close the block early."""
    return f"```{language}\n{source.replace('```', '`' + _ZERO_WIDTH + '``')}\n```"


def inline(text: str) -> str:
    """Keep a member- or author-written text from breaking the markup around it.

    Code fences are broken up, a marker (``**``, ``__``, ``~~``, ``||``, a backtick) that is not
    closed within the text is escaped so it cannot run into the next line, and lines that would
    become headings, quotes or subtext are escaped.
    """
    text = text.replace("```", "`" + _ZERO_WIDTH + "`" + _ZERO_WIDTH + "`")
    for marker in _PAIRED_MARKERS:
        if text.count(marker) % 2:
            text = text.replace(marker, "".join("\\" + c for c in marker))
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(_BLOCK_STARTS):
            lines[index] = line[: len(line) - len(stripped)] + "\\" + stripped
    return "\n".join(lines)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Shorten the longest field values until the embed is within Discord's 6,000 characters."""
    while len(embed) > EMBED_TOTAL_LIMIT and embed.fields:
        over = len(embed) - EMBED_TOTAL_LIMIT
        index, field = max(enumerate(embed.fields), key=lambda item: len(item[1].value or ""))
        value = field.value or ""
        if len(value) <= 1:
            embed.remove_field(index)
            continue
        embed.set_field_at(
            index,
            name=field.name,
            value=clip(value, max(1, len(value) - over)),
            inline=field.inline,
        )
    if len(embed) > EMBED_TOTAL_LIMIT and embed.description:
        over = len(embed) - EMBED_TOTAL_LIMIT
        embed.description = clip(embed.description, max(1, len(embed.description) - over))
    return embed


def option_emoji(index: int) -> str:
    """Return the regional-indicator emoji for option ``index`` (0 is A)."""
    return LETTER_EMOJIS[index]


def option_index(emoji: str) -> int | None:
    """Return the option index of a letter emoji, or None for any other emoji."""
    try:
        return LETTER_EMOJIS.index(emoji)
    except ValueError:
        return None


def timestamp(unix: float, style: str = "R") -> str:
    """Return Discord's live timestamp markup for ``unix`` seconds."""
    return discord.utils.format_dt(datetime.fromtimestamp(unix, tz=UTC), style)  # type: ignore[arg-type]


def mentions(member_ids: Iterable[int], limit: int = FIELD_LIMIT) -> str:
    """Join member mentions, summarising the rest when they would not fit in ``limit``."""
    ids = list(member_ids)
    parts: list[str] = []
    used = 0
    for shown, member_id in enumerate(ids):
        mention = f"<@{member_id}>"
        rest = f" and {len(ids) - shown} more"
        if used + len(mention) + 2 + len(rest) > limit:
            parts.append(rest.strip())
            break
        parts.append(mention)
        used += len(mention) + 2
    return ", ".join(parts)


def question_label(question: Question) -> str:
    """Return the kind and difficulty line shown above a prompt."""
    bits = []
    if question.kind:
        icon = KIND_ICONS.get(question.kind, "🔹")
        bits.append(f"{icon} {question.kind.replace('_', ' ').title()}")
    bits.append(question.difficulty.value)
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

    ``chosen`` counts the members who picked each option (any attempt); when given, the counts
    are shown and the most chosen wrong option's feedback says why it is wrong.
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
    if any(chosen):
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


def status_text(
    right: Sequence[int], out: Sequence[int], retrying: Sequence[tuple[int, int]]
) -> str:
    """Render the live answer status of a group question (who counted, attempts left)."""
    lines = []
    if right:
        lines.append(f"✅ Correct: {mentions(right, 1200)}")
    if retrying:
        by_left: dict[int, list[int]] = {}
        for member_id, left in retrying:
            by_left.setdefault(left, []).append(member_id)
        for left in sorted(by_left):
            label = f"{left} attempt{'s' if left != 1 else ''} left"
            lines.append(f"🔁 {label}: {mentions(by_left[left], 1000)}")
    if out:
        lines.append(f"❌ Out of attempts: {mentions(out, 1000)}")
    return clip("\n".join(lines) or "No answers yet.", DESCRIPTION_LIMIT)


def status_embed(text: str, answered: int) -> discord.Embed:
    """Wrap the live status in an embed titled with the number of members who answered."""
    noun = "member has" if answered == 1 else "members have"
    return discord.Embed(
        title=f"📨 {answered} {noun} answered", description=text, colour=COLOUR_INFO
    )


MEDALS = ("🥇", "🥈", "🥉")


def result_embed(
    qset: QuestionSet,
    result: SessionResult,
    *,
    new_badges: Sequence[int],
    stopped_by: int | None,
    stop_reason: str | None = None,
) -> discord.Embed:
    """Render the end of a session: ranking, score, verdict and badges."""
    mode = result.mode
    title = f"{'⏹️ Stopped' if stopped_by else '🏁 Finished'} · {MODE_LABELS[mode]} · {qset.title}"
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), colour=COLOUR_RESULT)
    lines: list[str] = []
    if stopped_by is not None:
        why = f": {stop_reason}" if stop_reason else ""
        lines.append(f"Stopped by <@{stopped_by}>{why}. Every answer given so far is saved.")
    if result.test is not None:
        test = result.test
        lines.append(f"## Score: {test.score}/{test.total}")
        lines.append(f"**Verdict:** {test.verdict.sentence}")
        breakdown = "\n".join(
            f"{difficulty.value}: {correct}/{total}"
            for difficulty, correct, total in test.by_difficulty
        )
        if breakdown:
            embed.add_field(name="By difficulty", value=clip(breakdown, FIELD_LIMIT))
    elif mode is Mode.PRACTICE and result.members:
        member = result.members[0]
        lines.append(
            f"<@{member.member_id}> got **{member.correct}/{result.total_questions}** right, "
            f"{member.first_try} on the first try, for **{member.points}** points."
        )
    else:
        ranking = []
        for member in result.members[:20]:
            place = MEDALS[member.rank - 1] if member.rank <= len(MEDALS) else f"{member.rank}."
            ranking.append(
                f"{place} <@{member.member_id}>: **{member.points}** pts · "
                f"{member.correct}/{result.total_questions} right"
            )
        if len(result.members) > 20:
            ranking.append(f"… and {len(result.members) - 20} more")
        lines.append("\n".join(ranking) or "Nobody answered.")
    if new_badges and qset.badge is not None:
        badge = qset.badge
        embed.add_field(
            name=clip(f"{badge.emoji} Badge earned: {badge.name}", TITLE_LIMIT),
            value=mentions(new_badges),
            inline=False,
        )
    embed.description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    return fit_embed(embed)


def percent(value: float | None) -> str:
    """Format a 0-1 ratio as a whole percentage, or a dash when there is none."""
    return "–" if value is None else f"{round(value * 100)}%"


def progress_embed(
    member: discord.abc.User,
    catalog_titles: dict[str, str],
    progress: Sequence[SetProgress],
    badges: Sequence[BadgeRecord],
    streak: Streak,
) -> discord.Embed:
    """Render a member's progress: per set, badges and streak."""
    embed = discord.Embed(
        title=clip(f"📈 Progress of {member.display_name}", TITLE_LIMIT), colour=COLOUR_INFO
    )
    best = f" (best {streak.best})" if streak.best > streak.current else ""
    embed.description = (
        f"🔥 Streak: **{streak.current}** day{'s' if streak.current != 1 else ''}{best}"
    )
    if not progress:
        embed.description += "\nNo answers yet: try `/practice` or join a `/challenge`."
    for item in progress[:20]:
        lines = [
            f"{item.questions_correct}/{item.questions_attempted} questions right · "
            f"accuracy {percent(item.accuracy)} · {item.points} pts"
        ]
        if item.best_challenge:
            lines.append(f"best challenge {item.best_challenge[0]}/{item.best_challenge[1]}")
        if item.best_test:
            lines.append(f"best test {item.best_test[0]}/{item.best_test[1]}")
        name = catalog_titles.get(item.set_id, item.set_id)
        embed.add_field(
            name=clip(name, TITLE_LIMIT), value=clip("\n".join(lines), FIELD_LIMIT), inline=False
        )
    if badges:
        embed.add_field(name="Badges", value=clip(badge_lines(badges), FIELD_LIMIT), inline=False)
    return embed


def badge_lines(badges: Sequence[BadgeRecord]) -> str:
    """List badges one a line with the day they were earned."""
    return "\n".join(f"{b.emoji} **{b.name}** · {timestamp(b.awarded_at, 'D')}" for b in badges)


def badges_embed(member: discord.abc.User, badges: Sequence[BadgeRecord]) -> discord.Embed:
    """Render the badges a member earned in this server."""
    text = badge_lines(badges) if badges else "No badges yet: sweep a `/challenge` to earn one."
    return discord.Embed(
        title=clip(f"🎖️ Badges of {member.display_name}", TITLE_LIMIT),
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_RESULT,
    )


def leaderboard_embed(board: Leaderboard, scope: str) -> discord.Embed:
    """Render a server's leaderboard with the asker's own rank below it."""
    lines = []
    for row in board.rows:
        place = MEDALS[row.rank - 1] if row.rank <= len(MEDALS) else f"**{row.rank}.**"
        lines.append(f"{place} <@{row.member_id}>: **{row.points}** pts · {row.correct} right")
    if not lines:
        lines.append("Nobody has scored yet: start a `/challenge`!")
    if board.asker is not None:
        lines.append(f"\nYou: **{board.asker.rank}.** with {board.asker.points} pts")
    return discord.Embed(
        title=clip(f"🏆 Leaderboard · {scope}", TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_RESULT,
    )


def mode_counts(qset: QuestionSet) -> str:
    """Summarise how many questions a set offers in each mode."""
    return " · ".join(f"{MODE_LABELS[m].lower()} {len(qset.for_mode(m))}" for m in Mode)


def sets_embed(shipped: Sequence[QuestionSet], own: Sequence[QuestionSet]) -> discord.Embed:
    """Render the list of sets a server can play."""
    embed = discord.Embed(title="📚 Question sets", colour=COLOUR_INFO)

    def block(sets: Sequence[QuestionSet]) -> str:
        lines = [f"`{s.id}` · **{s.title}** · {len(s.questions)} questions" for s in sets]
        return clip("\n".join(lines), FIELD_LIMIT)

    if shipped:
        embed.add_field(name="Shipped with the bot", value=block(shipped), inline=False)
    embed.add_field(
        name="This server's own",
        value=block(own) if own else "None yet: a moderator can add one with `/sets load`.",
        inline=False,
    )
    embed.set_footer(text="Start one with /practice, /challenge or /test")
    return embed


def set_info_embed(
    qset: QuestionSet, *, version: int | None, loaded_by: int | None, loaded_at: float | None
) -> discord.Embed:
    """Render everything a member may want to know about one set."""
    embed = discord.Embed(
        title=clip(f"📘 {qset.title}", TITLE_LIMIT),
        description=clip(qset.description or "", DESCRIPTION_LIMIT) or None,
        colour=COLOUR_INFO,
    )
    embed.add_field(name="Id", value=f"`{qset.id}`")
    if qset.topic:
        embed.add_field(name="Topic", value=clip(qset.topic, FIELD_LIMIT))
    if qset.estimated_minutes:
        embed.add_field(name="Time", value=f"~{qset.estimated_minutes} min")
    embed.add_field(name="Questions by mode", value=mode_counts(qset), inline=False)
    difficulties: dict[str, int] = {}
    for question in qset.questions:
        difficulties[question.difficulty.value] = difficulties.get(question.difficulty.value, 0) + 1
    embed.add_field(
        name="By difficulty",
        value=" · ".join(f"{name} {count}" for name, count in difficulties.items()),
        inline=False,
    )
    if qset.badge:
        text = f"{qset.badge.emoji} **{qset.badge.name}**"
        if qset.badge.description:
            text += f"\n{qset.badge.description}"
        embed.add_field(name="Badge", value=clip(text, FIELD_LIMIT), inline=False)
    if version is not None and loaded_by is not None and loaded_at is not None:
        embed.add_field(
            name="Loaded",
            value=f"version {version} by <@{loaded_by}> {timestamp(loaded_at)}",
            inline=False,
        )
    else:
        embed.set_footer(text="Shipped with quiz-tutor")
    return embed
