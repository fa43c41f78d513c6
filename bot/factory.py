"""``create_bot``: the one way to build the bot, for ``quiz-tutor run`` and for tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.app import QuizBot
from bot.cogs.questions import QuestionsCog
from bot.cogs.quiz import QuizCog
from bot.cogs.schedule import ScheduleCog
from bot.cogs.sets import SetsCog
from bot.cogs.settings import SettingsCog
from bot.cogs.stats import StatsCog
from bot.settings import DEFAULT_DATABASE, SHIPPED_CONTENT


def create_bot(
    database: str | Path = DEFAULT_DATABASE,
    content_dir: str | Path | None = None,
    *,
    shard_ids: Sequence[int] | None = None,
    shard_count: int | None = None,
    upload_workers: int = 2,
) -> QuizBot:
    """Build the bot, not yet started: storage opens and content loads in its setup_hook.

    ``shard_ids`` of ``shard_count`` are the shards this process runs (all of them when only
    the count is given); with neither, every shard Discord recommends. ``upload_workers``
    processes check /sets load files.
    """
    content = Path(content_dir) if content_dir is not None else SHIPPED_CONTENT
    return QuizBot(
        database=database,
        content_dir=content,
        cogs=(QuizCog, StatsCog, SetsCog, ScheduleCog, SettingsCog, QuestionsCog),
        shard_ids=shard_ids,
        shard_count=shard_count,
        upload_workers=upload_workers,
    )
