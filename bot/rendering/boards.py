"""What members have over time, and what a server offers: progress, badges, leaderboards, sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import discord

from bot.engine import Streak
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
    inline_clip,
    member_mention,
    strong,
    timestamp,
)
from bot.rendering.questions import difficulty_name, shown_title
from bot.rendering.results import MEDALS
from content.model import SCALE, Mode, QuestionSet
from i18n import N_, _, format_number, format_percent, ngettext
from storage import BadgeRecord, Leaderboard, SetProgress

MODE_COUNTS = {
    # Translators: how many questions a set plays in each mode, joined with " · ".
    Mode.PRACTICE: N_("practice {count}"),
    Mode.CHALLENGE: N_("challenge {count}"),
    Mode.TEST: N_("test {count}"),
}

PROGRESS_SETS_SHOWN = 15


def percent(value: float | None) -> str:
    """Format a 0-1 ratio as a whole percentage, or a dash when there is none."""
    return "–" if value is None else format_percent(value)


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
        title=clip(_("📈 Progress of {name}", name=inline(member.display_name)), TITLE_LIMIT),
        colour=COLOUR_INFO,
    )
    embed.description = (
        ngettext(
            "🔥 Streak: **{n}** day (best {best})",
            "🔥 Streak: **{n}** days (best {best})",
            streak.current,
            best=streak.best,
        )
        if streak.best > streak.current
        else ngettext("🔥 Streak: **{n}** day", "🔥 Streak: **{n}** days", streak.current)
    )
    if due is not None and due.scheduled:
        fields = {"now": due.due_now, "next": due.due_next_7_days, "scheduled": due.scheduled}
        embed.description += "\n" + (
            _(
                "🔁 Review: **{now}** due now · {next} more in the next 7 days · "
                "{scheduled} scheduled · `/review` to go through them",
                **fields,
            )
            if due.due_now
            else _(
                "🔁 Review: **{now}** due now · {next} more in the next 7 days · "
                "{scheduled} scheduled",
                **fields,
            )
        )
    if not progress:
        embed.description += "\n" + _("No answers yet: try `/practice` or join a `/challenge`.")
    for item in progress[:PROGRESS_SETS_SHOWN]:
        lines = [
            _(
                "{correct}/{attempted} questions right · accuracy {accuracy} · {points} pts",
                correct=item.questions_correct,
                attempted=item.questions_attempted,
                accuracy=percent(item.accuracy),
                points=format_number(item.points),
            )
        ]
        if item.best_challenge:
            lines.append(
                _(
                    "best challenge {score}/{total}",
                    score=item.best_challenge[0],
                    total=item.best_challenge[1],
                )
            )
        if item.best_test:
            lines.append(
                _("best test {score}/{total}", score=item.best_test[0], total=item.best_test[1])
            )
        name = catalog_titles.get(item.set_id, item.set_id)
        embed.add_field(
            name=inline_clip(name, TITLE_LIMIT),
            value=clip("\n".join(lines), FIELD_LIMIT),
            inline=False,
        )
    if len(progress) > PROGRESS_SETS_SHOWN:
        embed.add_field(
            name=ngettext(
                "… and {n} more set", "… and {n} more sets", len(progress) - PROGRESS_SETS_SHOWN
            ),
            value=_("The chart below shows the most active ones."),
            inline=False,
        )
    if badges:
        embed.add_field(
            name=_("Badges"), value=clip(badge_lines(badges), FIELD_LIMIT), inline=False
        )
    return fit_embed(embed)


def badge_lines(badges: Sequence[BadgeRecord]) -> str:
    """List badges one a line with the day they were earned."""
    return "\n".join(f"{b.emoji} {strong(b.name)} · {timestamp(b.awarded_at, 'D')}" for b in badges)


def badges_embed(member: discord.abc.User, badges: Sequence[BadgeRecord]) -> discord.Embed:
    """Render the badges a member earned in this server."""
    text = badge_lines(badges) if badges else _("No badges yet: sweep a `/challenge` to earn one.")
    return discord.Embed(
        title=clip(_("🎖️ Badges of {name}", name=inline(member.display_name)), TITLE_LIMIT),
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_RESULT,
    )


def leaderboard_embed(board: Leaderboard, scope: str) -> discord.Embed:
    """Render a server's leaderboard with the asker's own rank below it."""
    lines = []
    for row in board.rows:
        place = MEDALS[row.rank - 1] if row.rank <= len(MEDALS) else f"**{row.rank}.**"
        lines.append(
            _(
                "{place} {member}: **{points}** pts · {correct} right",
                place=place,
                member=member_mention(row.member_id),
                points=format_number(row.points),
                correct=row.correct,
            )
        )
    if not lines:
        lines.append(_("Nobody has scored yet: start a `/challenge`!"))
    if board.asker is not None:
        lines.append(
            "\n"
            + _(
                "You: **{rank}.** with {points} pts",
                rank=board.asker.rank,
                points=format_number(board.asker.points),
            )
        )
    return discord.Embed(
        title=clip(_("🏆 Leaderboard · {scope}", scope=scope), TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_RESULT,
    )


def mode_counts(qset: QuestionSet) -> str:
    """Summarise how many questions a set offers in each mode."""
    return " · ".join(_(MODE_COUNTS[m], count=len(qset.for_mode(m))) for m in Mode)


def sets_embed(shipped: Sequence[QuestionSet], own: Sequence[QuestionSet]) -> discord.Embed:
    """Render the list of sets a server can play."""
    embed = discord.Embed(title=_("📚 Question sets"), colour=COLOUR_INFO)

    def block(sets: Sequence[QuestionSet]) -> str:
        lines = [
            ngettext(
                "`{set_id}` · {title} · {n} question",
                "`{set_id}` · {title} · {n} questions",
                len(s.questions),
                set_id=s.id,
                title=strong(clip(s.title, 80)),
            )
            for s in sets
        ]
        return bounded_lines(lines, FIELD_LIMIT, _more_sets)

    if shipped:
        embed.add_field(name=_("Shipped with the bot"), value=block(shipped), inline=False)
    embed.add_field(
        name=_("This server's own"),
        value=block(own) if own else _("None yet: a moderator can add one with `/sets load`."),
        inline=False,
    )
    embed.set_footer(text=_("Start one with /practice, /challenge or /test"))
    return embed


def _more_sets(count: int) -> str:
    return ngettext(
        "… and {n} more: type in any `set` option to find them",
        "… and {n} more: type in any `set` option to find them",
        count,
    )


def set_info_embed(
    qset: QuestionSet, *, version: int | None, loaded_by: int | None, loaded_at: float | None
) -> discord.Embed:
    """Render everything a member may want to know about one set."""
    embed = discord.Embed(
        title=clip(f"📘 {shown_title(qset)}", TITLE_LIMIT),
        description=inline_clip(qset.description or "", DESCRIPTION_LIMIT) or None,
        colour=COLOUR_INFO,
    )
    embed.add_field(name=_("Id"), value=f"`{qset.id}`")
    if qset.topic:
        embed.add_field(name=_("Topic"), value=inline_clip(qset.topic, FIELD_LIMIT))
    if qset.estimated_minutes:
        embed.add_field(name=_("Time"), value=_("~{minutes} min", minutes=qset.estimated_minutes))
    embed.add_field(name=_("Questions by mode"), value=mode_counts(qset), inline=False)
    levels = Counter(question.difficulty.level for question in qset.questions)
    embed.add_field(
        name=_("By difficulty"),
        value=" · ".join(
            f"{difficulty_name(level)} {levels[level]}" for level in SCALE if levels[level]
        ),
        inline=False,
    )
    if qset.badge:
        text = f"{qset.badge.emoji} {strong(qset.badge.name)}"
        if qset.badge.description:
            text += f"\n{inline(qset.badge.description)}"
        embed.add_field(name=_("Badge"), value=clip(text, FIELD_LIMIT), inline=False)
    if version is not None and loaded_by is not None and loaded_at is not None:
        embed.add_field(
            name=_("Loaded"),
            # Translators: {when} is a relative time like "3 days ago".
            value=_(
                "version {version} by {member} {when}",
                version=version,
                member=member_mention(loaded_by),
                when=timestamp(loaded_at),
            ),
            inline=False,
        )
    else:
        embed.set_footer(text=_("Shipped with quiz-tutor"))
    return embed
