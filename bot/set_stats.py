"""``/sets stats``: what moderators learn from their group's first tries, as an embed and a CSV."""

from __future__ import annotations

import csv
import io

import discord

from bot.engine.item_stats import ItemAnalysis, ItemFlag, ItemStats
from bot.rendering import COLOUR_INFO, DESCRIPTION_LIMIT, bounded_lines, clip, inline, percent
from content.model import QuestionSet

FLAG_LABELS = {
    ItemFlag.TOO_HARD: "🧗 too hard",
    ItemFlag.TOO_EASY: "🪶 too easy",
    ItemFlag.MIS_KEYED: "🔑 mis-keyed?",
}


def stats_line(qset: QuestionSet, item: ItemStats) -> str:
    """Render one question's statistics on one line."""
    question = qset.question(item.question_id)
    prompt = clip(question.prompt, 60) if question is not None else item.question_id
    parts = [f"`{item.question_id}` {inline(prompt)}", f"{item.answered} answered"]
    if item.answered:
        parts.append(f"first try {percent(item.facility)}")
        if item.discrimination is not None:
            parts.append(f"discrimination {item.discrimination:+.2f}")
        if item.top_wrong is not None:
            parts.append(f"most chosen wrong: {item.top_wrong} ({percent(item.top_wrong_share)})")
    flags = " ".join(FLAG_LABELS[flag] for flag in item.flags)
    return " · ".join(parts) + (f" · **{flags}**" if flags else "")


def stats_embed(qset: QuestionSet, analysis: ItemAnalysis) -> discord.Embed:
    """Render the flagged questions first, then the others, as many as fit; say how many more."""
    ordered = sorted(analysis.items, key=lambda item: (not item.flags, -item.answered))
    text = bounded_lines(
        [stats_line(qset, item) for item in ordered],
        DESCRIPTION_LIMIT,
        "… and {count} more questions in stats.csv",
    )
    flagged = sum(1 for item in analysis.items if item.flags)
    embed = discord.Embed(
        title=clip(f"📊 {qset.title}: {analysis.members} members' first tries", 256),
        description=text or "Nobody has answered this set yet.",
        colour=COLOUR_INFO,
    )
    embed.set_footer(
        text=f"{flagged} flagged of {len(analysis.items)} questions · flags need 5 members · "
        "top and bottom groups: 27% each · every question is in stats.csv"
    )
    return embed


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
