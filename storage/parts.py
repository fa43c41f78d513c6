"""What every part of the Storage facade needs from it: the backend's modules, reads, writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")


class StoragePart:
    """A group of the facade's methods (schedules, leases); ``Storage`` provides these."""

    jobs: ModuleType
    queries: ModuleType

    async def _write(self, job: Callable[[Any], Awaitable[T]]) -> T:
        raise NotImplementedError

    async def _read(self, query: Callable[[Any], Awaitable[T]], guild_id: int | None = None) -> T:
        raise NotImplementedError
