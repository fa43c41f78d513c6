"""Exceptions the engine raises for misuse or bad data (all are ``ValueError``)."""

from __future__ import annotations


class EngineError(ValueError):
    """Signal a call the engine cannot carry out; the message is a sentence for a person."""


class NoQuestionsError(EngineError):
    """Signal that a question set has no question for the requested mode."""


class SetMismatchError(EngineError):
    """Signal that the question set passed in is not the one the session plays."""


class RoundOpenError(EngineError):
    """Signal an ``advance`` while the current question is still open."""


class SnapshotError(EngineError):
    """Signal a snapshot that cannot be restored."""
