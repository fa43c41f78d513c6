"""What a database engine gives the Storage facade; the backends build on this, never on it.

The import graph has no circle: ``store`` (the facade) imports ``factory``, which imports the
two backends (``sqlite.store``, ``postgres.store``); they import this module, the writer and
the records, never the facade.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar, TypeVar

from .errors import StorageClosedError
from .writer import Batch, GroupCommitWriter

T = TypeVar("T")

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(database: str | Path) -> bool:
    """Return whether database names a PostgreSQL server rather than a SQLite file.

    A URL's scheme is read in any case (``POSTGRESQL://`` too), as asyncpg reads it.
    """
    return isinstance(database, str) and database.lower().startswith(POSTGRES_SCHEMES)


class Engine:
    """One open database: its ``jobs`` and ``queries`` modules, its writer, its reads.

    A backend provides ``jobs`` and ``queries`` modules with the same function names, runs
    reads (``run_read``) and lends the writer a connection per batch (``batch``).
    """

    name: ClassVar[str]
    jobs: ClassVar[ModuleType]
    queries: ClassVar[ModuleType]

    def __init__(self) -> None:
        self.writer = GroupCommitWriter(self)
        self.closed = False

    async def run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        """Run a query on a connection of the backend, outside any write transaction."""
        raise NotImplementedError

    async def release(self) -> None:
        """Close the backend's connections (after the writer has finished)."""
        raise NotImplementedError

    def batch(self) -> AbstractAsyncContextManager[Batch]:
        """Lend the writer a connection for one batch."""
        raise NotImplementedError

    def committed(self) -> None:
        """Called by the writer after each commit."""

    def translate(self, exc: BaseException) -> BaseException:
        """Return a backend's error as the storage's own type (constraint errors...)."""
        return exc

    def check_open(self) -> None:
        """Raise if the storage was closed."""
        if self.closed:
            raise StorageClosedError("storage is closed")
