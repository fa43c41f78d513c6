"""Sync slash commands only when the command tree changed (Discord limits command creation)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import discord
from discord.ext import commands

from storage import is_postgres_url

log = logging.getLogger(__name__)


async def tree_fingerprint(bot: commands.Bot, target: str) -> str:
    """Return a hash of every command as it would be sent to ``target``.

    With a translator the hash covers the localizations too, so a catalog change re-syncs.
    """
    tree = bot.tree
    translator = tree.translator
    commands_ = tree.get_commands()
    if translator is not None:
        dicts = [await command.get_translated_payload(tree, translator) for command in commands_]
    else:
        dicts = [command.to_dict(tree) for command in commands_]
    payload = sorted(dicts, key=lambda c: c["name"])
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return f"{target} {digest}"


def marker_path(database: str | Path) -> Path | None:
    """Return the file that remembers the last sync, beside the database (None in memory).

    With PostgreSQL it is ``quiz-tutor.commands`` in the working folder, one per host and
    database (a hash of the URL, never the password itself).
    """
    if str(database) == ":memory:":
        return None
    if is_postgres_url(database):
        digest = hashlib.sha256(str(database).encode()).hexdigest()[:12]
        return Path(f"quiz-tutor-{digest}.commands")
    return Path(f"{database}.commands")


def last_synced(marker: Path | None) -> str | None:
    """Return the fingerprint of the last sync, if one was recorded."""
    if marker is None or not marker.is_file():
        return None
    return marker.read_text(encoding="utf-8").strip()


async def sync_commands_if_changed(bot: commands.Bot, guild_id: int | None) -> bool:
    """Sync to ``guild_id`` (or globally) unless the same tree was synced there before."""
    marker = marker_path(getattr(bot, "database", ":memory:"))
    target = f"guild:{guild_id}" if guild_id else "global"
    fingerprint = await tree_fingerprint(bot, target)
    if last_synced(marker) == fingerprint:
        log.info("slash commands unchanged since the last sync (%s)", target)
        return False
    if guild_id:
        guild = discord.Object(guild_id)
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    else:
        synced = await bot.tree.sync()
    log.info("synced %d slash commands (%s)", len(synced), target)
    if marker is not None:
        write_marker(marker, fingerprint)
    return True


def write_marker(marker: Path, fingerprint: str) -> None:
    """Remember the fingerprint of a successful sync."""
    marker.write_text(fingerprint + "\n", encoding="utf-8")
