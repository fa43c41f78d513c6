"""Errors raised by the storage layer, the same on every backend."""

from __future__ import annotations

import sqlite3


class StorageError(Exception):
    """The database cannot be used as this code expects."""


class StorageClosedError(StorageError):
    """The storage was closed; nothing more can be submitted or read."""


class DatabaseInUseError(StorageError):
    """Another process already runs on this SQLite database."""


class DatabaseUnusableError(StorageError):
    """The database cannot be opened or read: corrupt, unreadable, unreachable or refused."""


class DatabaseNotWritableError(StorageError, sqlite3.OperationalError):
    """The database refused a write it would take another time: its disk is full or read-only.

    The same type on both backends; nothing of the refused write was stored. It subclasses
    ``sqlite3.OperationalError`` so callers that retry passing database errors still do.
    """


class ConstraintError(sqlite3.IntegrityError):
    """A write broke a rule of the schema (a check, a foreign key, append-only answers).

    The same type on SQLite and PostgreSQL. It subclasses ``sqlite3.IntegrityError`` so code
    written against the SQLite-only storage keeps catching it.
    """


class DuplicateError(ConstraintError):
    """A write repeated something that exists once only (for example the same attempt twice)."""


class LimitReachedError(StorageError):
    """A write would take a server past one of its limits; nothing was written.

    ``what`` names the limit ("sets", "questions", "translations" or "schedules"), ``limit``
    its value and ``count`` what the server has (sets, translations, schedules) or would have
    (questions) with the write.
    Checked inside the write's own transaction, so concurrent writes cannot pass it together.
    """

    def __init__(self, what: str, limit: int, count: int) -> None:
        super().__init__(f"the server's {what} would go past its limit of {limit} ({count})")
        self.what = what
        self.limit = limit
        self.count = count


def limit_refusal(
    *,
    other_sets: int,
    other_questions: int,
    replacing: bool,
    questions: int | None,
    max_sets: int | None,
    max_questions: int | None,
) -> LimitReachedError | None:
    """Return why a set may not be stored beside a server's others, or None if it may."""
    if max_sets is not None and not replacing and other_sets >= max_sets:
        return LimitReachedError("sets", max_sets, other_sets)
    if max_questions is not None and questions is not None:
        total = other_questions + questions
        if total > max_questions:
            return LimitReachedError("questions", max_questions, total)
    return None
