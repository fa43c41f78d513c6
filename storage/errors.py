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


class ConstraintError(sqlite3.IntegrityError):
    """A write broke a rule of the schema (a check, a foreign key, append-only answers).

    The same type on SQLite and PostgreSQL. It subclasses ``sqlite3.IntegrityError`` so code
    written against the SQLite-only storage keeps catching it.
    """


class DuplicateError(ConstraintError):
    """A write repeated something that exists once only (for example the same attempt twice)."""
