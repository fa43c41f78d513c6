"""These tests reuse the bot suite's SimCord world (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from tests.bot.conftest import content_dir, database, simcord_bot, world

__all__ = ["content_dir", "database", "simcord_bot", "world"]
