"""The forms moderators have open: what each is for, what was typed, until when it is kept."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from bot.authoring.checking import Checked
from bot.authoring.form import FormText
from bot.runtime.clock import now
from content.model import DEFAULT_ATTEMPTS, DEFAULT_TIME_LIMIT

FORM_SECONDS = 60 * 60
"""How long an open form, its preview and its buttons are kept after the last use."""
FORMS_PER_MODERATOR = 5
"""Open forms kept per moderator; opening another forgets the oldest."""
FORMS_PER_SERVER = 25
"""Open forms kept per server, whoever opened them; opening another forgets the server's oldest.

A checked form holds its whole set (a 5,000-question set: about 3.5 MiB), so a server of many
moderators keeps at most this many (about 90 MiB), not five for each of its members."""


@dataclass
class Draft:
    """One open form: a new question, or a change of one, of a server's set."""

    guild_id: int
    user_id: int
    set_id: str
    base_version: int | None
    """The version of the set the form was opened on; None for a set not saved yet."""
    title: str | None = None
    """The title of a set ``/sets new`` makes."""
    question_id: str | None = None
    """The question changed (None: a new question)."""
    shown: FormText | None = None
    """What the form showed of the question being changed."""
    typed: FormText | None = None
    checked: Checked | None = None
    """The set with this question, once the form validated; what Save stores."""
    new_id: str | None = None
    """The id a new question takes (made from its prompt)."""
    picked: dict[str, str] = field(default_factory=dict)
    """What the preview's menus chose: difficulty, time_limit, attempts ("default": the set's)."""
    own: dict[str, str] = field(default_factory=dict)
    """The question's own difficulty, time_limit and attempts, as its YAML writes them."""
    set_defaults: tuple[int, int] = (DEFAULT_TIME_LIMIT, DEFAULT_ATTEMPTS)
    """The set's default time limit (seconds) and attempts."""
    revision: int = 0
    """Counts the previews shown: Save stores only what the latest one shows."""
    key: str = field(default_factory=lambda: secrets.token_hex(6))
    expires_at: float = 0.0

    def touch(self) -> None:
        self.expires_at = now() + FORM_SECONDS

    @property
    def filled(self) -> FormText:
        """What the form shows when it opens (again): what was typed, else the question."""
        return self.typed or self.shown or FormText()


EXPIRED_KEPT = 500
"""What was typed in this many expired forms is kept, to hand back on a late click."""


class Drafts:
    """Open forms by key, each forgotten ``FORM_SECONDS`` after its last use."""

    def __init__(self) -> None:
        self._drafts: dict[str, Draft] = {}
        self._expired: dict[str, FormText] = {}

    def typed_in_expired(self, key: str) -> FormText | None:
        """Return what was typed in the form ``key`` if it expired (not saved or discarded)."""
        return self._expired.get(key)

    def _expire(self, key: str) -> None:
        self._forget(key)

    def _forget(self, key: str) -> None:
        """Drop an open form, keeping what was typed in it to hand back on a late click."""
        draft = self._drafts.pop(key, None)
        if draft is not None and draft.typed is not None:
            self._expired[key] = draft.typed
            while len(self._expired) > EXPIRED_KEPT:
                del self._expired[next(iter(self._expired))]

    def add(self, draft: Draft) -> Draft:
        self._prune()
        for kept, most in (("user_id", FORMS_PER_MODERATOR), ("guild_id", FORMS_PER_SERVER)):
            value = getattr(draft, kept)
            same = [d for d in self._drafts.values() if getattr(d, kept) == value]
            for old in sorted(same, key=lambda d: d.expires_at)[: max(0, len(same) - most + 1)]:
                self._forget(old.key)
        draft.touch()
        self._drafts[draft.key] = draft
        return draft

    def get(self, key: str) -> Draft | None:
        """Return the open form ``key``, or None when it is unknown or expired."""
        draft = self._drafts.get(key)
        if draft is None or draft.expires_at <= now():
            self._expire(key)
            return None
        draft.touch()
        return draft

    def drop(self, key: str) -> None:
        self._drafts.pop(key, None)

    def _prune(self) -> None:
        moment = now()
        for key in [k for k, d in self._drafts.items() if d.expires_at <= moment]:
            self._expire(key)
