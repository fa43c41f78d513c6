"""Which question sets each server can play: the shipped ones plus its own."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from content.loader import SetFileError, load_set_text
from content.model import QuestionSet

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredSet:
    """A server's own set as stored: YAML not yet validated (that happens on first use)."""

    guild_id: int
    set_id: str
    yaml_text: str
    version: int
    loaded_by: int
    loaded_at: float


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
        self._stored: dict[int, list[StoredSet]] = {}
        """Server sets read at start-up, validated the first time their server needs them, so
        start-up time does not grow with the number of stored sets."""

    def add_stored(self, stored: Iterable[StoredSet]) -> None:
        """Remember stored server sets, to validate when their server first asks."""
        for entry in stored:
            self._stored.setdefault(entry.guild_id, []).append(entry)

    def _own(self, guild_id: int) -> dict[str, ServerSet]:
        """Return a server's own sets, validating its stored ones on first use."""
        pending = self._stored.pop(guild_id, None)
        if pending:
            own = self._servers.setdefault(guild_id, {})
            for entry in pending:
                if entry.set_id in own:
                    continue  # replaced since start-up
                try:
                    qset = load_set_text(entry.yaml_text, f"{entry.set_id}.yaml")
                except SetFileError as error:
                    log.error("server %s set %s no longer loads: %s", guild_id, entry.set_id, error)
                    continue
                own[entry.set_id] = ServerSet(qset, entry.version, entry.loaded_by, entry.loaded_at)
        return self._servers.get(guild_id, {})

    def get(self, guild_id: int | None, set_id: str) -> QuestionSet | None:
        """Return the set ``set_id`` as this server sees it, or None."""
        own = self._own(guild_id or 0).get(set_id)
        return own.qset if own is not None else self.shipped.get(set_id)

    def server_set(self, guild_id: int, set_id: str) -> ServerSet | None:
        """Return a server's own set with its version, or None."""
        return self._own(guild_id).get(set_id)

    def server_sets(self, guild_id: int | None) -> list[ServerSet]:
        """Return a server's own sets, sorted by id."""
        own = self._own(guild_id or 0)
        return [own[k] for k in sorted(own)]

    def available(self, guild_id: int | None) -> list[QuestionSet]:
        """Return every set this server can play: shipped first, then its own, each by id."""
        shipped = [self.shipped[k] for k in sorted(self.shipped)]
        return shipped + [s.qset for s in self.server_sets(guild_id)]

    def put(self, guild_id: int, entry: ServerSet) -> None:
        """Add or replace a server's own set."""
        self._own(guild_id)
        self._servers.setdefault(guild_id, {})[entry.qset.id] = entry

    def remove(self, guild_id: int, set_id: str) -> bool:
        """Remove a server's own set; return whether it existed."""
        return self._own(guild_id).pop(set_id, None) is not None

    def search(self, guild_id: int | None, text: str, limit: int = 25) -> list[QuestionSet]:
        """Return sets whose id or title contains ``text``, best matches first."""
        needle = text.strip().lower()
        matches = [
            s for s in self.available(guild_id) if needle in s.id or needle in s.title.lower()
        ]
        matches.sort(key=lambda s: (not s.id.startswith(needle), s.id))
        return matches[:limit]
