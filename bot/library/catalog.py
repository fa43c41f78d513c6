"""Which question sets each server can play: the shipped ones plus its own."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from content.loader import SetFileError, load_set_text
from content.model import QuestionSet
from content.translations import Translation, read_translation_text, translate

log = logging.getLogger(__name__)

TRANSLATED_CACHE = 512
"""Translated sets kept ready; past this many the cache starts over."""


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


@dataclass(frozen=True, slots=True)
class StoredTranslation:
    """A server's translation of a set as stored: YAML checked again on first use."""

    guild_id: int
    set_id: str
    language: str
    yaml_text: str
    version: int
    loaded_by: int
    loaded_at: float


@dataclass(frozen=True, slots=True)
class SetTranslation:
    """A translation of a set into one language: shipped (guild 0, version 0) or a server's."""

    translation: Translation
    yaml_text: str
    version: int = 0
    loaded_by: int = 0
    loaded_at: float = 0.0


class Catalog:
    """Look up sets by id for a server; a server's own sets sit beside the shipped ones."""

    def __init__(self, shipped: Iterable[QuestionSet] = ()) -> None:
        self.shipped: dict[str, QuestionSet] = {s.id: s for s in shipped}
        self._servers: dict[int, dict[str, ServerSet]] = {}
        self._stored: dict[int, list[StoredSet]] = {}
        """Server sets read from storage, not validated yet: ``read_stored`` validates them all
        at start-up, in a thread; a lookup validates any still here (tests, tools)."""
        self._translations: dict[int, dict[tuple[str, str], SetTranslation]] = {}
        """Translations by (set id, language), per server; server 0 holds the shipped ones."""
        self._stored_translations: dict[int, dict[tuple[str, str], StoredTranslation]] = {}
        """Stored translations not read yet, per server: ``read_stored`` reads them at start-up,
        in a thread; a lookup reads any still here when it is first asked for."""
        self._translated: dict[
            tuple[int, int], tuple[QuestionSet, Translation, QuestionSet | None]
        ] = {}
        """(id of a set, id of a translation) → both, and the translated set (None: no fit)."""

    def add_stored(self, stored: Iterable[StoredSet]) -> None:
        """Remember stored server sets, to validate when their server first asks."""
        for entry in stored:
            self._stored.setdefault(entry.guild_id, []).append(entry)

    def read_stored(self) -> None:
        """Validate every stored set and translation not read yet (blocking CPU work).

        The bot calls it at start-up in a thread (``asyncio.to_thread``), before anything else
        uses the catalog, so no server's first request parses its sets on the event loop.
        """
        for guild_id in list(self._stored):
            self._own(guild_id)
        for guild_id, pending in list(self._stored_translations.items()):
            for key in list(pending):
                self._own_translation(guild_id, key)

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
        """Remove a server's own set and its translations; return whether it existed."""
        for kept in (self._translations, self._stored_translations):
            own = kept.get(guild_id, {})
            for key in [key for key in own if key[0] == set_id]:
                del own[key]
        return self._own(guild_id).pop(set_id, None) is not None

    def search(self, guild_id: int | None, text: str, limit: int = 25) -> list[QuestionSet]:
        """Return sets whose id or title contains ``text``, best matches first."""
        needle = text.strip().lower()
        matches = [
            s for s in self.available(guild_id) if needle in s.id or needle in s.title.lower()
        ]
        matches.sort(key=lambda s: (not s.id.startswith(needle), s.id))
        return matches[:limit]

    # Translations (CONTRACT §5, §7) --------------------------------------------------------

    def add_shipped_translation(self, entry: SetTranslation) -> None:
        """Add a translation of a shipped set."""
        translation = entry.translation
        self._translations.setdefault(0, {})[(translation.set_id, translation.language)] = entry

    def add_stored_translations(self, stored: Iterable[StoredTranslation]) -> None:
        """Remember stored server translations, to check when they are first asked for."""
        for entry in stored:
            key = (entry.set_id, entry.language)
            self._stored_translations.setdefault(entry.guild_id, {})[key] = entry

    def _own_translation(self, guild_id: int, key: tuple[str, str]) -> SetTranslation | None:
        """Return a server's own translation (set id, language), reading a stored one once."""
        own = self._translations.setdefault(guild_id, {})
        if key in own:
            return own[key]
        entry = self._stored_translations.get(guild_id, {}).pop(key, None)
        if entry is None:
            return None
        name = f"{entry.set_id}.{entry.language}.yaml"
        try:
            read = read_translation_text(
                entry.yaml_text, name, lambda set_id: self.get(guild_id, set_id)
            )
        except SetFileError as error:
            log.error("server %s translation %s no longer loads: %s", guild_id, name, error)
            return None
        own[key] = SetTranslation(
            read.translation, entry.yaml_text, entry.version, entry.loaded_by, entry.loaded_at
        )
        return own[key]

    def _own_translation_keys(self, guild_id: int) -> set[tuple[str, str]]:
        """Return the (set id, language) of a server's own translations, read or not yet."""
        return {*self._translations.get(guild_id, {}), *self._stored_translations.get(guild_id, {})}

    def translation(
        self, guild_id: int | None, set_id: str, language: str
    ) -> SetTranslation | None:
        """Return the translation of ``set_id`` this server sees in ``language``, or None."""
        key = (set_id, language)
        if guild_id:
            own = self._own_translation(guild_id, key)
            if own is not None:
                return own
        if guild_id and self.server_set(guild_id, set_id) is not None:
            return None  # a server's own set: the shipped translations are of another set
        return self._translations.get(0, {}).get(key)

    def server_translation(
        self, guild_id: int, set_id: str, language: str
    ) -> SetTranslation | None:
        """Return a server's own translation of a set, or None."""
        return self._own_translation(guild_id, (set_id, language))

    def put_translation(self, guild_id: int, entry: SetTranslation) -> None:
        """Add or replace a server's translation of a set in one language."""
        key = (entry.translation.set_id, entry.translation.language)
        self._stored_translations.get(guild_id, {}).pop(key, None)  # replaced since start-up
        self._translations.setdefault(guild_id, {})[key] = entry

    def languages(self, guild_id: int | None, qset: QuestionSet) -> list[str]:
        """Return the languages ``qset`` can be shown in here: its own first, then by code.

        A translation that no longer fits the set (a question added since) is not listed.
        """
        found = {
            language
            for server in {0, guild_id or 0}
            for set_id, language in (
                self._own_translation_keys(server) if server else self._translations.get(0, {})
            )
            if set_id == qset.id and self.localized(guild_id, qset, language) is not qset
        }
        found.discard(qset.language)
        return [qset.language, *sorted(found)]

    def localized(self, guild_id: int | None, qset: QuestionSet, locale: str) -> QuestionSet:
        """Return ``qset`` as shown in ``locale``: its translation there, else itself.

        Ids, answers and limits are the set's own whatever the language, so a running session
        (which keeps its set version) is never disturbed; a translation that no longer fits
        that version leaves the set's own texts.
        """
        if locale == qset.language:
            return qset
        entry = self.translation(guild_id, qset.id, locale)
        if entry is None:
            return qset
        key = (id(qset), id(entry.translation))
        cached = self._translated.get(key)
        # both kept in the entry, so neither id can be reused while it is cached
        if cached is None or cached[0] is not qset or cached[1] is not entry.translation:
            if len(self._translated) > TRANSLATED_CACHE:
                self._translated.clear()
            cached = (qset, entry.translation, translate(qset, entry.translation))
            self._translated[key] = cached
        return cached[2] or qset
