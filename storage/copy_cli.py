"""``quiz-tutor db copy FROM TO``: exit 0 copied and counted, 1 refused, 2 a database unusable."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TextIO

from i18n import _

from .copy import ALL_TABLES, CopyRefused, copy_database
from .engine import is_postgres_url
from .errors import StorageError
from .postgres.connection import redact
from .store import Storage

TABLE = "table"
FROM_ROWS = "FROM rows"
TO_ROWS = "TO rows"


def run_copy(source: str, target: str, *, out: TextIO) -> int:
    """Copy everything from source into the empty target; print what happened; return the code."""
    if _same(source, target):
        print(f"FROM and TO are the same database ({_shown(source)}); nothing to copy.", file=out)
        return 2
    if not is_postgres_url(source) and not Path(source).is_file():
        print(
            _(
                "There is no SQLite database at {source}: give the path of a quiz-tutor "
                "database file or a postgresql:// URL as FROM.",
                source=source,
            ),
            file=out,
        )
        return 2
    folder = Path(target).parent
    if not is_postgres_url(target) and not folder.is_dir():
        print(
            _(
                "The folder {folder} does not exist, so TO ({target}) cannot be created there: "
                "create the folder first, or choose another path.",
                folder=folder,
                target=target,
            ),
            file=out,
        )
        return 2
    return asyncio.run(_run(source, target, out))


async def _run(source: str, target: str, out: TextIO) -> int:
    opened: list[Storage] = []
    try:
        for database in (source, target):
            try:
                opened.append(await Storage.open(database))
            except (StorageError, OSError) as error:
                print(f"Cannot open {_shown(database)}: {error}", file=out)
                return 2
        try:
            counts = await copy_database(*opened)
        except CopyRefused as refused:
            print(f"Nothing copied into {_shown(target)}: {refused}.", file=out)
            return 1
        except StorageError as error:  # a database found damaged while it was read
            print(f"Nothing copied into {_shown(target)}: {error}", file=out)
            return 2
    finally:
        for storage in opened:
            await storage.close()
    width = max(len(name) for name in (*ALL_TABLES, TABLE))
    print(f"{TABLE:<{width}}  {FROM_ROWS:>9}  {TO_ROWS:>9}", file=out)
    for name, (there, here) in counts.items():
        print(f"{name:<{width}}  {there:>9}  {here:>9}", file=out)
    print(
        f"Copied {_shown(source)} into {_shown(target)}: the row counts of all "
        f"{len(counts)} tables match.",
        file=out,
    )
    return 0


def _shown(database: str) -> str:
    """Return a database as it may be printed (no password)."""
    return redact(database) if is_postgres_url(database) else database


def _same(source: str, target: str) -> bool:
    """Return whether both name the same database."""
    if is_postgres_url(source) or is_postgres_url(target):
        return source == target
    return os.path.abspath(source) == os.path.abspath(target)
