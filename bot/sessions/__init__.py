"""Play sessions in Discord: post questions, take reaction answers, close, reveal, finish.

The engine decides every rule; this package only moves its results to and from Discord and
storage. Each part owns one responsibility (starting, answering, closing and revealing, the
pulse, restoring, failures); ``SessionManager`` puts them together. Each session's transitions
run under its own lock, and every engine call happens before the first ``await`` of a handler
so concurrent answers are applied in arrival order.
"""

from __future__ import annotations

from bot.sessions.answering import AnsweringPart
from bot.sessions.base import PendingRemoval
from bot.sessions.closing import ClosingPart
from bot.sessions.failures import FailuresPart
from bot.sessions.pulse import REMOVALS_PER_PULSE, PulsePart
from bot.sessions.restoring import RestoringPart
from bot.sessions.reviewing import ReviewingPart
from bot.sessions.starting import StartingPart


class SessionManager(
    StartingPart,
    ReviewingPart,
    AnsweringPart,
    ClosingPart,
    PulsePart,
    RestoringPart,
    FailuresPart,
):
    """Own every running session: start, answer, hint, stop, timers and restore."""

    async def close(self) -> None:
        """Take no more answers and cancel every timer; sessions stay saved and resume later."""
        self.closing = True
        await self.save_dirty_states()
        await self.deadlines.close()


__all__ = ["REMOVALS_PER_PULSE", "PendingRemoval", "SessionManager"]
