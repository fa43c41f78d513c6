"""The bot suite's SimCord fixtures, shared by the contract tests (SQLite and PostgreSQL)."""

from tests.bot.conftest import content_dir, database, simcord_bot, world

__all__ = ["content_dir", "database", "simcord_bot", "world"]
