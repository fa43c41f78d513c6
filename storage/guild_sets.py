"""A server's own question sets: the Storage facade's methods for them, on every backend."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from .errors import LimitReachedError
from .parts import StoragePart
from .records import GuildSetRecord, GuildTranslationRecord


class GuildSetsPart(StoragePart):
    """The methods of the Storage facade for a server's own sets and their versions."""

    async def put_guild_set(
        self,
        guild_id: int,
        set_id: str,
        yaml_text: str,
        loaded_by: int,
        at: float,
        *,
        questions: int | None = None,
        max_sets: int | None = None,
        max_questions: int | None = None,
    ) -> int:
        """Add or replace a guild's own set; return its new version (1, 2, ...).

        ``questions`` is how many questions the set holds. With ``max_sets`` (a guild's own
        sets, a replacement not counted again) or ``max_questions`` (over all its own sets),
        the limits are checked in the write's own transaction, under a per-guild lock on
        PostgreSQL: concurrent loads never pass them together. A write past a limit stores
        nothing and raises ``LimitReachedError``.
        """
        outcome = await self._write(
            partial(
                self.jobs.put_guild_set,
                guild_id=guild_id,
                set_id=set_id,
                yaml_text=yaml_text,
                loaded_by=loaded_by,
                at=at,
                questions=questions,
                max_sets=max_sets,
                max_questions=max_questions,
            )
        )
        if isinstance(outcome, LimitReachedError):
            raise outcome
        return outcome

    async def count_set_questions(self, counts: Sequence[tuple[int, str, int]]) -> None:
        """Record (guild, set, questions) for sets stored before their count was kept."""
        if counts:
            await self._write(partial(self.jobs.count_set_questions, counts=list(counts)))

    async def remove_guild_set(self, guild_id: int, set_id: str) -> bool:
        """Remove a guild's own set, keeping all history; return False if it had none."""
        return await self._write(
            partial(self.jobs.remove_guild_set, guild_id=guild_id, set_id=set_id)
        )

    async def put_guild_translation(  # noqa: PLR0917
        self,
        guild_id: int,
        set_id: str,
        language: str,
        yaml_text: str,
        loaded_by: int,
        at: float,
        *,
        max_translations: int | None = None,
    ) -> int:
        """Add or replace a guild's translation of a set in ``language``; return its version.

        With ``max_translations`` (the guild's translations, a replacement of the same set and
        language not counted again) the limit is checked in the write's own transaction, as
        put_guild_set's; a write past it stores nothing and raises ``LimitReachedError``.
        """
        put = self.jobs.put_guild_translation
        fields = {"set_id": set_id, "language": language, "yaml_text": yaml_text}
        outcome = await self._write(
            partial(
                put,
                guild_id=guild_id,
                loaded_by=loaded_by,
                at=at,
                max_translations=max_translations,
                **fields,
            )
        )
        if isinstance(outcome, LimitReachedError):
            raise outcome
        return outcome

    async def all_guild_translations(self) -> list[GuildTranslationRecord]:
        """Return every guild's translations of sets (to load them at startup)."""
        return await self._read(self.queries.all_guild_translations)

    async def guild_sets(self, guild_id: int) -> list[GuildSetRecord]:
        """Return a guild's own sets by id."""
        return await self._read(
            partial(self.queries.guild_sets, guild_id=guild_id), guild_id=guild_id
        )

    async def guild_set(self, guild_id: int, set_id: str) -> GuildSetRecord | None:
        """Return one of a guild's own sets, or None."""
        return await self._read(
            partial(self.queries.guild_set, guild_id=guild_id, set_id=set_id), guild_id=guild_id
        )

    async def all_guild_sets(self) -> list[GuildSetRecord]:
        """Return every guild's own sets (to load them all at startup)."""
        return await self._read(self.queries.all_guild_sets)

    async def guild_set_version(
        self, guild_id: int, set_id: str, version: int
    ) -> GuildSetRecord | None:
        """Return one version of a guild's set, also after it was replaced; None if unknown.

        remove_guild_set deletes a set's versions with it.
        """
        return await self._read(
            partial(
                self.queries.guild_set_version, guild_id=guild_id, set_id=set_id, version=version
            ),
            guild_id=guild_id,
        )
