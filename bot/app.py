"""The bot: storage and content opened in ``setup_hook``, cogs added, sessions resumed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import discord
from discord.ext import commands

from bot.commands.tree import QuizTree
from bot.languages import ServerLanguages
from bot.languages.translator import CatalogTranslator
from bot.library.catalog import Catalog, SetTranslation, StoredSet, StoredTranslation
from bot.scheduling.schedules import ScheduleRunner
from bot.sessions import SessionManager
from content.loader import load_directory_files
from content.offload import UploadChecker
from content.translations import load_translations
from storage import GuildSetRecord, Storage

log = logging.getLogger(__name__)

CONTENT_SECONDS_PER_FILE = 5.0
"""The time budget of each shipped set file's check at start-up."""


class QuizBot(commands.AutoShardedBot):
    """A study-group tutor: question sets, sessions, and everything members earn.

    It runs the shards ``shard_ids`` of ``shard_count``, or with neither given every shard
    Discord recommends. Until it connects, a bot without a count counts one shard (all guilds,
    which is what a simulated Discord needs to know up front); connecting asks Discord.
    """

    storage: Storage
    catalog: Catalog
    languages: ServerLanguages

    def __init__(
        self,
        *,
        database: str | Path,
        content_dir: Path,
        cogs: Sequence[Callable[[QuizBot], commands.Cog]] = (),
        shard_ids: Sequence[int] | None = None,
        shard_count: int | None = None,
        upload_workers: int = 2,
    ) -> None:
        if shard_ids is not None and shard_count is None:
            raise ValueError("shard_ids need a shard_count: which shards of how many?")
        self.discord_picks_shards = shard_count is None
        intents = discord.Intents.default()
        intents.typing = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=QuizTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            shard_ids=list(shard_ids) if shard_ids is not None else None,
            shard_count=shard_count if shard_count is not None else 1,
        )
        self.database = database
        self.content_dir = content_dir
        self.sessions = SessionManager(self)
        self.cog_factories = tuple(cogs)
        self.after_setup: Callable[[], Awaitable[object]] | None = None
        self.shipped_files: dict[str, Path] = {}
        self._restored = False
        self.uploads = UploadChecker(upload_workers)
        """Checks /sets load files in worker processes, one per server at a time."""

    async def setup_hook(self) -> None:
        self.storage = await Storage.open(self.database)
        # Validating the shipped sets is CPU work: off the event loop, like every upload.
        shipped, errors = await asyncio.to_thread(
            load_directory_files, self.content_dir, seconds_per_file=CONTENT_SECONDS_PER_FILE
        )
        for error in errors:
            log.error("shipped question set skipped: %s", error)
        self.shipped_files = {qset.id: path for path, qset in shipped.items()}
        self.catalog = Catalog(shipped.values())
        translations, errors = await asyncio.to_thread(
            load_translations, self.content_dir, dict(self.catalog.shipped)
        )
        for error in errors:
            log.error("shipped translation skipped: %s", error)
        for read in translations:
            self.catalog.add_shipped_translation(SetTranslation(read.translation, read.text))
        stored = await self.storage.all_guild_sets()
        self.catalog.add_stored(
            StoredSet(r.guild_id, r.set_id, r.yaml_text, r.version, r.loaded_by, r.loaded_at)
            for r in stored
        )
        self.catalog.add_stored_translations(
            StoredTranslation(
                r.guild_id, r.set_id, r.language, r.yaml_text, r.version, r.loaded_by, r.loaded_at
            )
            for r in await self.storage.all_guild_translations()
        )
        # Validating the stored sets and translations is CPU work too: off the event loop,
        # before anything else uses the catalog (no server's first request parses them).
        await asyncio.to_thread(self.catalog.read_stored)
        await self._count_stored_questions(stored)
        self.sessions.attach(self.storage, self.catalog)
        self.languages = ServerLanguages(self, self.storage)
        await self.tree.set_translator(CatalogTranslator())
        self.schedules = ScheduleRunner(
            self, self.sessions, self.storage, self.catalog, self.owns_guild
        )
        for make_cog in self.cog_factories:
            await self.add_cog(make_cog(self))
        if self.after_setup is not None:
            await self.after_setup()

    async def _count_stored_questions(self, stored: list[GuildSetRecord]) -> None:
        """Record the question counts of sets stored before they were kept (the limits')."""
        counts = []
        for record in stored:
            entry = self.catalog.server_set(record.guild_id, record.set_id)
            if record.questions is None and entry is not None:
                counts.append((record.guild_id, record.set_id, len(entry.qset.questions)))
        await self.storage.count_set_questions(counts)

    async def on_ready(self) -> None:
        if not self._restored:
            self._restored = True
            await self.schedules.arm_all()
            await self.sessions.restore()

    async def on_shard_ready(self, shard_id: int) -> None:
        # A shard that connects again with a new gateway session missed every event meanwhile
        # (a resumed one gets them replayed): read its open questions' reactions back.
        if self._restored:
            count = self.shard_count or 1
            await self.sessions.catch_up_guilds(lambda guild: (guild >> 22) % count == shard_id)

    async def launch_shards(self) -> None:
        if self.discord_picks_shards:
            self.shard_count = None  # type: ignore[assignment]  # discord.py asks Discord
        await super().launch_shards()

    def owns_guild(self, guild_id: int) -> bool:
        """Tell whether this process runs the shard of ``guild_id``."""
        if self.shard_ids is None or not self.shard_count:
            return True  # every shard there is
        return (guild_id >> 22) % self.shard_count in self.shard_ids

    async def set_source(self, guild_id: int, set_id: str) -> str | None:
        """Return the YAML text of a server's own set, or of a shipped set."""
        record = await self.storage.guild_set(guild_id, set_id)
        if record is not None:
            return record.yaml_text
        path = self.shipped_files.get(set_id)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            log.warning("cannot read the shipped set %s: %s", set_id, error)
            return None

    async def close(self) -> None:
        await self.uploads.close()
        await self.sessions.close()
        if hasattr(self, "storage"):  # close() may come before setup_hook; it is idempotent
            if not self.storage.closed:
                await self.sessions.leases.release()  # resumable elsewhere at once
            await self.storage.close()
        await super().close()
