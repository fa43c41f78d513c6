"""What members earned: session results, progress, badges, leaderboards, and the set lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import discord

from bot.engine import SessionResult, Streak
from bot.engine.review import DueSummary
from bot.rendering.markup import (
    COLOUR_INFO,
    COLOUR_RESULT,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    TITLE_LIMIT,
    bounded_lines,
    clip,
    fit_embed,
    inline,
    mentions,
    timestamp,
)
from bot.rendering.questions import MODE_LABELS
from content.model import SCALE, Mode, QuestionSet
from storage import BadgeRecord, Leaderboard, SetProgress

MEDALS = ("🥇", "🥈", "🥉")
PROGRESS_SETS_SHOWN = 15


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
        missed = missed_questions(qset, result)
        if missed:
            embed.add_field(
                name=f"To revisit ({len(missed)}): now in /review",
                value=clip("\n".join(f"• {inline(prompt)}" for prompt in missed), FIELD_LIMIT),
                inline=False,
            )
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


def missed_questions(qset: QuestionSet, result: SessionResult) -> list[str]:
    """Return the prompts of the questions the (first) member did not get right."""
    if not result.members:
        return []
    prompts = []
    for question_id, right in result.members[0].per_question:
        question = qset.question(question_id)
        if not right and question is not None:
            prompts.append(clip(question.prompt, 150))
    return prompts


def percent(value: float | None) -> str:
    """Format a 0-1 ratio as a whole percentage, or a dash when there is none."""
    return "–" if value is None else f"{round(value * 100)}%"


def progress_embed(
    member: discord.abc.User,
    catalog_titles: dict[str, str],
    progress: Sequence[SetProgress],
    badges: Sequence[BadgeRecord],
    streak: Streak,
    *,
    due: DueSummary | None = None,
) -> discord.Embed:
    """Render a member's progress: per set, badges, streak and the questions due for review."""
    embed = discord.Embed(
        title=clip(f"📈 Progress of {member.display_name}", TITLE_LIMIT), colour=COLOUR_INFO
    )
    best = f" (best {streak.best})" if streak.best > streak.current else ""
    embed.description = (
        f"🔥 Streak: **{streak.current}** day{'s' if streak.current != 1 else ''}{best}"
    )
    if due is not None and due.scheduled:
        embed.description += (
            f"\n🔁 Review: **{due.due_now}** due now · {due.due_next_7_days} more in the next "
            f"7 days · {due.scheduled} scheduled"
        )
        if due.due_now:
            embed.description += " · `/review` to go through them"
    if not progress:
        embed.description += "\nNo answers yet: try `/practice` or join a `/challenge`."
    for item in progress[:PROGRESS_SETS_SHOWN]:
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
    if len(progress) > PROGRESS_SETS_SHOWN:
        embed.add_field(
            name=f"… and {len(progress) - PROGRESS_SETS_SHOWN} more sets",
            value="The chart below shows the most active ones.",
            inline=False,
        )
    if badges:
        embed.add_field(name="Badges", value=clip(badge_lines(badges), FIELD_LIMIT), inline=False)
    return fit_embed(embed)


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
        lines = [
            f"`{s.id}` · **{inline(clip(s.title, 80))}** · {len(s.questions)} questions"
            for s in sets
        ]
        return bounded_lines(
            lines, FIELD_LIMIT, "… and {count} more: type in any `set` option to find them"
        )

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
    levels = Counter(question.difficulty.level for question in qset.questions)
    embed.add_field(
        name="By difficulty",
        value=" · ".join(f"{level.value} {levels[level]}" for level in SCALE if levels[level]),
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
