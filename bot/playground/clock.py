"""Keep SimCord's simulated clock in step with the wall clock, so time flows as it would."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import simcord


def wall_clock() -> float:
    """Return real seconds from an arbitrary start.

    Not ``time.monotonic``: SimCord swaps that for its simulated clock while an Env runs.
    """
    return time.perf_counter()


class SimulatedClock:
    """Move an Env's simulated time forward as real time passes, firing the bot's timers."""

    def __init__(self, env: simcord.Env, wall_start: float) -> None:
        self.env = env
        self.wall_start = wall_start
        self.start = self.now()

    def now(self) -> float:
        """Return the simulated time as unix seconds."""
        return self.env.now().timestamp()

    def target(self, wall: float) -> float:
        """Return the simulated time that matches the wall-clock reading ``wall``."""
        return self.start + (wall - self.wall_start)

    async def advance_to(self, at: float) -> None:
        """Advance simulated time to ``at`` (never backwards), letting the bot react."""
        lag = at - self.now()
        if lag > 0:
            await self.env.advance_time(lag)
