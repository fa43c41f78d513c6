"""A session being played in Discord: the engine's state plus where it lives."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.engine import Session
from bot.library import review_sets
from content.model import Question, QuestionSet
from i18n import current_locale


@dataclass(eq=False)
class LiveSession:
    """Hold one running session's engine state and the Discord ids it is played through."""

    session: Session
    qset: QuestionSet
    guild_id: int
    channel_id: int
    """Where questions are posted: the thread of a personal session, or the channel."""
    thread_id: int | None
    created_at: float
    question_message_id: int | None = None
    status_message_id: int | None = None
    status_dirty: bool = False
    hint_posted: bool = False
    reactions_notice_sent: bool = False
    status_shown_at: float = 0.0
    """When the status line was last refreshed (the clock's time), by the pulse or early: the
    longest-waiting line goes first, and one refreshed moments ago waits."""
    set_version: int | None = None
    """The version of a server's own set the session plays (None: a shipped set)."""
    review: bool = False
    """A ``/review`` session: its set is made of due questions from several sets."""
    state_dirty: bool = False
    """Answers taken since the whole state was last saved (the pulse saves it)."""
    stuck_pulses: int = 0
    """Pulses seen while the round was closed but not moved on."""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    status_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One status refresh at a time: two at once would both post a new status line."""
    locale: str = field(default_factory=current_locale)
    """The language it is played in: a challenge the server's, a personal session the
    member's, as when it started (saved with it, so a restart keeps it)."""
    localize: Callable[[QuestionSet, str], QuestionSet] | None = None
    """Return the set as shown in a language (its translation there, else itself)."""

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def question(self) -> Question:
        """Return the question of the current round."""
        question = self.qset.question(self.session.round.question_id)
        assert question is not None, "a live session always plays questions of its own set"
        return question

    @property
    def shown_set(self) -> QuestionSet:
        """Return the set as members see it now: its translation in the current language
        (CONTRACT §7), else its own texts; ids and answers are always the set's."""
        if self.localize is None:
            return self.qset
        return self.localize(self.qset, current_locale())

    @property
    def shown_question(self) -> Question:
        """Return the question of the current round in the current language."""
        shown = self.shown_set.question(self.session.round.question_id)
        return shown if shown is not None else self.question

    def origin(self, question_id: str) -> tuple[str, str]:
        """Return the set and question a question of this session comes from."""
        return review_sets.source(question_id) if self.review else (self.qset.id, question_id)

    def extras(self) -> dict[str, int | bool | str | None]:
        """Return the Discord-side state saved beside the engine snapshot."""
        return {
            "status_message_id": self.status_message_id,
            "hint_posted": self.hint_posted,
            "review": self.review,
            "set_version": self.set_version,
            "locale": self.locale,
        }
