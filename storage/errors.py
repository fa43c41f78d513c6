"""Errors raised by the storage layer itself (SQLite's own errors pass through unchanged)."""

from __future__ import annotations


class StorageError(Exception):
    """The database cannot be used as this code expects."""


class StorageClosedError(StorageError):
    """The storage was closed; nothing more can be submitted or read."""
