"""One scheduler keyed by id for every timer, on the event loop's clock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

log = logging.getLogger(__name__)


class Scheduler:
    """Run coroutines after a delay; scheduling a key again replaces its timer."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._tasks: dict[Hashable, asyncio.Task[None]] = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._tasks

    def schedule_later(
        self, key: Hashable, delay: float, action: Callable[[], Coroutine[Any, Any, None]]
    ) -> None:
        """Run ``action()`` after ``delay`` seconds, replacing any timer under ``key``."""
        self.cancel(key)
        self._tasks[key] = asyncio.get_running_loop().create_task(
            self._run(key, max(delay, 0.0), action), name=f"{self.name}:{key}"
        )

    def cancel(self, key: Hashable) -> None:
        """Cancel the timer under ``key`` unless it is the one running now."""
        task = self._tasks.pop(key, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def close(self) -> None:
        """Cancel every timer and wait for them to finish."""
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(
        self, key: Hashable, delay: float, action: Callable[[], Coroutine[Any, Any, None]]
    ) -> None:
        await asyncio.sleep(delay)
        if self._tasks.get(key) is asyncio.current_task():
            del self._tasks[key]
        try:
            await action()
        except Exception:
            log.exception("timer %s:%s failed", self.name, key)
