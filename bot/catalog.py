"""Which question sets each server can play: the shipped ones plus its own."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from content.model import QuestionSet


@dataclass(frozen=True, slots=True)
class ServerSet:
    """A set a moderator loaded into one server."""

    qset: QuestionSet
    version: int
    loaded_by: int
    loaded_at: float


class Catalog:
    """Look up sets by id for a server; a server's own sets sit beside the shipped ones."""

    def __init__(self, shipped: Iterable[QuestionSet] = ()) -> None:
        self.shipped: dict[str, QuestionSet] = {s.id: s for s in shipped}
        self._servers: dict[int, dict[str, ServerSet]] = {}

    def get(self, guild_id: int | None, set_id: str) -> QuestionSet | None:
        """Return the set ``set_id`` as this server sees it, or None."""
        own = self._servers.get(guild_id or 0, {}).get(set_id)
        return own.qset if own is not None else self.shipped.get(set_id)

    def server_set(self, guild_id: int, set_id: str) -> ServerSet | None:
        """Return a server's own set with its version, or None."""
        return self._servers.get(guild_id, {}).get(set_id)

    def server_sets(self, guild_id: int | None) -> list[ServerSet]:
        """Return a server's own sets, sorted by id."""
        own = self._servers.get(guild_id or 0, {})
        return [own[k] for k in sorted(own)]

    def available(self, guild_id: int | None) -> list[QuestionSet]:
        """Return every set this server can play: shipped first, then its own, each by id."""
        shipped = [self.shipped[k] for k in sorted(self.shipped)]
        return shipped + [s.qset for s in self.server_sets(guild_id)]

    def put(self, guild_id: int, entry: ServerSet) -> None:
        """Add or replace a server's own set."""
        self._servers.setdefault(guild_id, {})[entry.qset.id] = entry

    def remove(self, guild_id: int, set_id: str) -> bool:
        """Remove a server's own set; return whether it existed."""
        return self._servers.get(guild_id, {}).pop(set_id, None) is not None

    def search(self, guild_id: int | None, text: str, limit: int = 25) -> list[QuestionSet]:
        """Return sets whose id or title contains ``text``, best matches first."""
        needle = text.strip().lower()
        matches = [
            s for s in self.available(guild_id) if needle in s.id or needle in s.title.lower()
        ]
        matches.sort(key=lambda s: (not s.id.startswith(needle), s.id))
        return matches[:limit]
