"""A time budget that long checks look at now and then, to stop a file that takes too long."""

from __future__ import annotations

import time
from collections.abc import Callable

from i18n import ngettext


class OutOfTime(Exception):
    """The budget ran out before the check was done."""


def budget_clock() -> float:
    """Return real seconds from an arbitrary start: the clock of every check's deadline.

    Not ``time.monotonic``: SimCord swaps that for its simulated clock in the bot's thread,
    while the checks run in worker threads; a deadline and its checks must read one clock.
    """
    return time.perf_counter()


class Budget:
    """The time a check may take, until ``deadline`` on ``clock``."""

    __slots__ = ("clock", "deadline", "seconds")

    def __init__(self, deadline: float, clock: Callable[[], float] = budget_clock) -> None:
        self.deadline = deadline
        self.clock = clock
        self.seconds = getattr(deadline, "label", None) or max(deadline - clock(), 0.0)
        """The time there was when the check started (or a Deadline's label): the refusal's."""

    def check(self) -> None:
        """Raise OutOfTime when the deadline has passed."""
        if self.clock() > self.deadline:
            raise OutOfTime

    def refusal(self) -> str:
        """Return the sentence refusing a file that took too long to check."""
        return refusal(self.seconds)


def refusal(seconds: float) -> str:
    """Return the sentence refusing a file whose check took longer than ``seconds``."""
    shown = f"{seconds:.1f}".removesuffix(".0")
    return ngettext(
        "the file took longer than {seconds} second to check; split it into smaller sets",
        "the file took longer than {seconds} seconds to check; split it into smaller sets",
        1 if shown == "1" else 2,
        seconds=shown,
    )


class Deadline(float):
    """A deadline on ``budget_clock`` whose refusal names ``label`` seconds.

    A worker's check stops itself a little before its hard limit, to answer before it would be
    killed, yet names the budget the member was promised.
    """

    label: float

    def __new__(cls, at: float, label: float) -> Deadline:
        made = super().__new__(cls, at)
        made.label = label
        return made
