"""``/sets stats``: what moderators learn from their group's first tries, as an embed and a CSV."""

from __future__ import annotations

import csv
import io

import discord

from bot.engine.item_stats import ItemAnalysis, ItemFlag, ItemStats
from bot.rendering import (
    COLOUR_INFO,
    DESCRIPTION_LIMIT,
    bounded_lines,
    clip,
    difficulty_name,
    inline,
    percent,
)
from content.model import Question, QuestionSet
from i18n import N_, _, ngettext

FLAG_LABELS = {
    # Translators: flags on a question in a set's statistics.
    ItemFlag.TOO_HARD: N_("🧗 too hard"),
    ItemFlag.TOO_EASY: N_("🪶 too easy"),
    # Translators: the answer key of this question may be wrong.
    ItemFlag.MIS_KEYED: N_("🔑 mis-keyed?"),
}


def stats_line(qset: QuestionSet, item: ItemStats) -> str:
    """Render one question's statistics on one line."""
    question = qset.question(item.question_id)
    prompt = clip(question.prompt, 60) if question is not None else item.question_id
    parts = [
        f"`{item.question_id}` {inline(prompt)}",
        ngettext("{n} answer", "{n} answers", item.answered),
    ]
    if item.answered:
        parts.append(_("first try {percent}", percent=percent(item.facility)))
        if item.discrimination is not None:
            # Translators: item discrimination, a statistic between -1 and +1.
            parts.append(_("discrimination {value}", value=format(item.discrimination, "+.2f")))
        if item.top_wrong is not None:
            parts.append(
                _(
                    "most chosen wrong: {letter} ({percent})",
                    letter=item.top_wrong,
                    percent=percent(item.top_wrong_share),
                )
            )
    flags = " ".join(
        _label_flag(question, item) if flag is ItemFlag.LABEL_CONTRADICTED else _(FLAG_LABELS[flag])
        for flag in item.flags
    )
    return " · ".join(parts) + (f" · **{flags}**" if flags else "")


def _label_flag(question: Question | None, item: ItemStats) -> str:
    level = difficulty_name(question.difficulty) if question is not None else "?"
    return _(
        "🏷️ marked {level}, yet {share} right first try",
        level=level,
        share=percent(item.facility),
    )


def stats_embed(qset: QuestionSet, analysis: ItemAnalysis) -> discord.Embed:
    """Render the flagged questions first, then the others, as many as fit; say how many more."""
    ordered = sorted(analysis.items, key=lambda item: (not item.flags, -item.answered))
    text = bounded_lines(
        [stats_line(qset, item) for item in ordered],
        DESCRIPTION_LIMIT,
        _more_in_csv,
    )
    flagged = sum(1 for item in analysis.items if item.flags)
    embed = discord.Embed(
        title=clip(
            ngettext(
                "📊 {title}: {n} member's first tries",
                "📊 {title}: {n} members' first tries",
                analysis.members,
                title=qset.title,
            ),
            256,
        ),
        description=text or _("Nobody has answered this set yet."),
        colour=COLOUR_INFO,
    )
    embed.set_footer(
        text=ngettext(
            "{flagged} flagged of {n} question · flags need 5 members · "
            "top and bottom groups: 27% each · every question is in stats.csv",
            "{flagged} flagged of {n} questions · flags need 5 members · "
            "top and bottom groups: 27% each · every question is in stats.csv",
            len(analysis.items),
            flagged=flagged,
        )
    )
    return embed


def _more_in_csv(count: int) -> str:
    """Say how many more questions only the CSV lists."""
    return ngettext(
        "… and {n} more question in stats.csv", "… and {n} more questions in stats.csv", count
    )


def stats_csv(qset: QuestionSet, analysis: ItemAnalysis) -> bytes:
    """Return every question's statistics as CSV, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "question_id",
            "prompt",
            "answered",
            "right_first_try",
            "facility",
            "discrimination",
            "most_chosen_wrong",
            "its_share",
            "flags",
        ]
    )
    for item in analysis.items:
        question = qset.question(item.question_id)
        writer.writerow(
            [
                item.question_id,
                _cell(question.prompt if question is not None else ""),
                item.answered,
                item.right_first_try,
                "" if item.facility is None else f"{item.facility:.3f}",
                "" if item.discrimination is None else f"{item.discrimination:.3f}",
                item.top_wrong or "",
                "" if item.top_wrong_share is None else f"{item.top_wrong_share:.3f}",
                " ".join(flag.value for flag in item.flags),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


# What makes a spreadsheet read a cell as a formula: = + - @, and a tab or a line break before
# one (OWASP's list: Excel and LibreOffice skip them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
