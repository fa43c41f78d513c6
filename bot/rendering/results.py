"""What a session earned: its results, score, verdict and the questions to revisit."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.engine import SessionResult
from bot.rendering.markup import (
    COLOUR_RESULT,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    TITLE_LIMIT,
    and_more,
    bounded_lines,
    clip,
    code_span,
    fit_embed,
    inline,
    inline_clip,
    member_mention,
    mentions,
    timestamp,
)
from bot.rendering.questions import difficulty_name, session_label, shown_title
from content.model import Mode, Question, QuestionSet
from i18n import _, format_number, ngettext

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
    label = session_label(qset, mode)
    title = (
        _("⏹️ Stopped · {mode} · {title}", mode=label, title=shown_title(qset))
        if stopped_by
        else _("🏁 Finished · {mode} · {title}", mode=label, title=shown_title(qset))
    )
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), colour=COLOUR_RESULT)
    lines: list[str] = []
    if stopped_by is not None:
        lines.append(
            # Translators: {reason} is like "a moderator removed this question set".
            _(
                "Stopped by {member}: {reason}. Every answer given so far is saved.",
                member=member_mention(stopped_by),
                reason=_(stop_reason),
            )
            if stop_reason
            else _(
                "Stopped by {member}. Every answer given so far is saved.",
                member=member_mention(stopped_by),
            )
        )
        lines.append(
            _(
                "Stopped after {played} of {total} questions.",
                played=result.played,
                total=result.total_questions,
            )
        )
    if result.test is not None:
        test = result.test
        lines.append(_("## Score: {score}/{total}", score=test.score, total=test.total))
        lines.append(_("**Verdict:** {verdict}", verdict=test.verdict.sentence))
        breakdown = "\n".join(
            f"{difficulty_name(difficulty)}: {correct}/{total}"
            for difficulty, correct, total in test.by_difficulty
        )
        if breakdown:
            embed.add_field(name=_("By difficulty"), value=clip(breakdown, FIELD_LIMIT))
        if test.revisit:
            embed.add_field(
                name=ngettext(
                    "To revisit ({n}): in /review",
                    "To revisit ({n}): in /review",
                    len(test.revisit),
                ),
                value=revisit_lines(qset, test.revisit),
                inline=False,
            )
    elif mode is Mode.PRACTICE and result.members:
        member = result.members[0]
        lines.append(
            ngettext(
                "{member} got **{correct}/{total}** right, "
                "{first_try} on the first try, for **{n}** point.",
                "{member} got **{correct}/{total}** right, "
                "{first_try} on the first try, for **{n}** points.",
                member.points,
                member=member_mention(member.member_id),
                correct=member.correct,
                total=result.played,
                first_try=member.first_try,
            )
        )
    else:
        ranking = []
        for member in result.members[:20]:
            place = MEDALS[member.rank - 1] if member.rank <= len(MEDALS) else f"{member.rank}."
            ranking.append(
                # Translators: a ranking line; "pts" is short for points.
                _(
                    "{place} {member}: **{points}** pts · {correct}/{total} right",
                    place=place,
                    member=member_mention(member.member_id),
                    points=format_number(member.points),
                    correct=member.correct,
                    total=result.played,
                )
            )
        if len(result.members) > 20:
            ranking.append(and_more(len(result.members) - 20))
        lines.append("\n".join(ranking) or _("Nobody answered."))
    if new_badges and qset.badge is not None:
        badge = qset.badge
        embed.add_field(
            name=clip(
                _("{emoji} Badge earned: {badge}", emoji=badge.emoji, badge=inline(badge.name)),
                TITLE_LIMIT,
            ),
            value=mentions(new_badges),
            inline=False,
        )
    embed.description = clip("\n".join(lines), DESCRIPTION_LIMIT)
    return fit_embed(embed)


def recognisable(question: Question, number: int) -> str:
    """Return a missed question as listed: its number in the test, prompt and a code line.

    Several questions may share a prompt ("What does this print?"); the number matches the
    "Question 3/10" they were posted with and the first telling line of code (or context)
    shows which one it is.
    """
    line = _("Q{number} · {prompt}", number=number, prompt=inline_clip(question.prompt, 150))
    telling = telling_line(question)
    return f"{line} · {telling}" if telling else line


def telling_line(question: Question) -> str:
    """Return the first line of a question's code that tells it apart, as inline code."""
    if question.code is not None:
        for raw in question.code.source.splitlines():
            text = raw.strip()
            if text and not text.startswith(("#", "import ", "from ", "//")):
                return code_span(clip(text, 60))
    if question.context:
        return inline_clip(question.context.splitlines()[0], 60)
    return ""


def revisit_lines(qset: QuestionSet, revisit: Sequence[tuple[int, str, float]]) -> str:
    """List a test's missed questions and say when they come due in ``/review``.

    A missed question is due again ten minutes after it was answered (FSRS's learning step),
    so those missed early in a long test may be due already.
    """
    first = min(due for _number, _id, due in revisit)
    last = max(due for _number, _id, due in revisit)
    if last - first < 60:
        when = _("Due {when}.", when=timestamp(last))
    else:
        when = _(
            "Due ten minutes after each answer: the first {first}, the last {last}.",
            first=timestamp(first),
            last=timestamp(last),
        )
    lines = [
        f"• {recognisable(question, number)}"
        for number, question_id, _due in revisit
        if (question := qset.question(question_id)) is not None
    ]
    return when + "\n" + bounded_lines(lines, FIELD_LIMIT - len(when) - 1)
