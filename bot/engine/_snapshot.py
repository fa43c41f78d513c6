"""Save a session as JSON-safe data and restore it exactly."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from content.model import Mode

from ._errors import SnapshotError
from ._frozenmap import FrozenMap
from ._model import MemberTry, Round, Session, SessionStatus

SNAPSHOT_VERSION = 1


def to_snapshot(session: Session) -> dict[str, Any]:
    """Return ``session`` as plain data that ``json.dumps`` accepts, versioned ``{"v": 1}``."""
    return {
        "v": SNAPSHOT_VERSION,
        "id": session.id,
        "mode": str(session.mode),
        "set_id": session.set_id,
        "starter_id": session.starter_id,
        "question_ids": list(session.question_ids),
        "participants": sorted(session.participants),
        "started_at": session.started_at,
        "index": session.index,
        "status": str(session.status),
        "rounds": [_round_data(rnd) for rnd in session.rounds],
    }


def from_snapshot(data: Mapping[str, Any]) -> Session:
    """Rebuild the session saved by ``to_snapshot``; raise ``SnapshotError`` on bad data."""
    if not isinstance(data, Mapping):
        raise SnapshotError("A session snapshot must be a JSON object.")
    version = data.get("v")
    if version != SNAPSHOT_VERSION or isinstance(version, bool):
        raise SnapshotError(f"Unsupported session snapshot version {version!r}.")
    try:
        return _session(data)
    except SnapshotError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"The session snapshot is damaged: {error!r}.") from error


def _round_data(rnd: Round) -> dict[str, Any]:
    """Return one round as plain data."""
    return {
        "question_id": rnd.question_id,
        "opened_at": rnd.opened_at,
        "deadline": rnd.deadline,
        "attempts": rnd.attempts,
        "closed_at": rnd.closed_at,
        "tries": [
            {
                "member": member,
                "choices": list(entry.choices),
                "correct": entry.correct,
                "hint_used": entry.hint_used,
                "points": entry.points,
                "finished_at": entry.finished_at,
            }
            for member, entry in rnd.tries.items()
        ],
    }


def _session(data: Mapping[str, Any]) -> Session:
    """Build and check the session described by ``data``."""
    question_ids = tuple(_str(q, "question_ids[]") for q in _list(data["question_ids"], "q"))
    if not question_ids:
        raise SnapshotError("The session snapshot has no questions.")
    rounds = tuple(_round(item) for item in _list(data["rounds"], "rounds"))
    index = _int(data["index"], "index")
    if not rounds or index != len(rounds) - 1 or index >= len(question_ids):
        raise SnapshotError("The session snapshot's rounds do not match its position.")
    for position, rnd in enumerate(rounds):
        if rnd.question_id != question_ids[position]:
            raise SnapshotError(f"Round {position + 1} does not play question {position + 1}.")
        if position < index and not rnd.closed:
            raise SnapshotError(f"Round {position + 1} is a past round but is not closed.")
    status = SessionStatus(_str(data["status"], "status"))
    if status != SessionStatus.RUNNING and not rounds[-1].closed:
        raise SnapshotError("A session that is over has an open question.")
    participants = frozenset(_int(m, "participants[]") for m in _list(data["participants"], "p"))
    starter_id = _int(data["starter_id"], "starter_id")
    if starter_id not in participants:
        raise SnapshotError("The session's starter is not among its participants.")
    for rnd in rounds:
        if not participants.issuperset(rnd.tries):
            raise SnapshotError(f"Question '{rnd.question_id}' has tries by non-participants.")
    return Session(
        _str(data["id"], "id"),
        Mode(_str(data["mode"], "mode")),
        _str(data["set_id"], "set_id"),
        starter_id,
        question_ids,
        participants,
        _float(data["started_at"], "started_at"),
        index,
        rounds[-1],
        rounds[:-1],
        status,
    )


def _round(data: Any) -> Round:
    """Build and check one round."""
    if not isinstance(data, Mapping):
        raise SnapshotError("A round must be a JSON object.")
    attempts = _int(data["attempts"], "attempts")
    if attempts < 1:
        raise SnapshotError("A round must allow at least one attempt.")
    closed_at = _optional_float(data["closed_at"], "closed_at")
    tries: dict[int, MemberTry] = {}
    for item in _list(data["tries"], "tries"):
        if not isinstance(item, Mapping):
            raise SnapshotError("A member's tries must be a JSON object.")
        member = _int(item["member"], "member")
        choices = tuple(_int(c, "choices[]") for c in _list(item["choices"], "choices"))
        if len(choices) > attempts or member in tries:
            raise SnapshotError(f"Member {member}'s tries break the round's rules.")
        entry = MemberTry(
            choices,
            _bool(item["correct"], "correct"),
            _bool(item["hint_used"], "hint_used"),
            _int(item["points"], "points"),
            _optional_float(item["finished_at"], "finished_at"),
        )
        if entry.points < 0 or (closed_at is not None and entry.finished_at is None):
            raise SnapshotError(f"Member {member}'s tries break the round's rules.")
        tries[member] = entry
    return Round(
        _str(data["question_id"], "question_id"),
        _float(data["opened_at"], "opened_at"),
        _optional_float(data["deadline"], "deadline"),
        attempts,
        FrozenMap(tries),
        closed_at,
    )


def _list(value: Any, where: str) -> list[Any]:
    """Return ``value`` if it is a list."""
    if not isinstance(value, list | tuple):
        raise SnapshotError(f"'{where}' must be a list.")
    return list(value)


def _str(value: Any, where: str) -> str:
    """Return ``value`` if it is a string."""
    if not isinstance(value, str):
        raise SnapshotError(f"'{where}' must be a string.")
    return value


def _int(value: Any, where: str) -> int:
    """Return ``value`` if it is an integer (not a boolean)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise SnapshotError(f"'{where}' must be an integer.")
    return value


def _bool(value: Any, where: str) -> bool:
    """Return ``value`` if it is a boolean."""
    if not isinstance(value, bool):
        raise SnapshotError(f"'{where}' must be true or false.")
    return value


def _float(value: Any, where: str) -> float:
    """Return ``value`` as a float if it is a finite number."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise SnapshotError(f"'{where}' must be a number of seconds.")
    return float(value)


def _optional_float(value: Any, where: str) -> float | None:
    """Return ``value`` as a float, or ``None``."""
    return None if value is None else _float(value, where)
