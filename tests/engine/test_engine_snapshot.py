"""Snapshots: JSON-safe, versioned, exact round trip, bad data refused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from engine_helpers import ALICE, BOB, STARTER, T0, make_set

from bot.engine import (
    Session,
    SnapshotError,
    advance,
    close_round,
    from_snapshot,
    start_session,
    stop,
    submit_answer,
    take_hint,
    to_snapshot,
)
from content.model import Mode, QuestionSet


def _busy_session() -> tuple[QuestionSet, Session]:
    qset = make_set()
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    session, _ = submit_answer(session, qset, ALICE, 1, T0 + 1.25)
    session, _ = take_hint(session, qset, BOB, T0 + 2)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 3)
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 4)
    session, _ = submit_answer(session, qset, BOB, 0, T0 + 5)
    session = advance(close_round(session, T0 + 6), qset, T0 + 6)
    session, _ = submit_answer(session, qset, BOB, 1, T0 + 7.5)
    return qset, session


def _round_trip(session: Session) -> Session:
    return from_snapshot(json.loads(json.dumps(to_snapshot(session))))


def test_snapshot_is_versioned_json() -> None:
    _, session = _busy_session()
    data = to_snapshot(session)
    assert data["v"] == 1
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_round_trip_is_exact_and_resumes() -> None:
    qset, session = _busy_session()
    restored = _round_trip(session)
    assert restored == session
    assert list(restored.round.tries) == list(session.round.tries)
    assert restored.past[0].tries == session.past[0].tries
    for member, option in [(ALICE, 1), (BOB, 0), (STARTER, 1)]:
        session, expected = submit_answer(session, qset, member, option, T0 + 9)
        restored, outcome = submit_answer(restored, qset, member, option, T0 + 9)
        assert outcome == expected
        assert restored == session
    assert stop(restored, T0 + 10) == stop(session, T0 + 10)


def test_finished_and_stopped_sessions_round_trip() -> None:
    qset, session = _busy_session()
    stopped = stop(session, T0 + 20)
    assert _round_trip(stopped) == stopped
    practice = start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=1)
    assert _round_trip(practice) == practice


def test_restored_session_is_hashable_like_the_original() -> None:
    _, session = _busy_session()
    assert hash(_round_trip(session)) == hash(session)


def _corrupt(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    _, session = _busy_session()
    data = copy.deepcopy(to_snapshot(session))
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("v",), 2),
        (("v",), True),
        (("v",), KeyError),
        (("mode",), "quiz"),
        (("status",), "paused"),
        (("index",), 5),
        (("index",), "1"),
        (("starter_id",), 99),
        (("starter_id",), True),
        (("participants",), "1,2"),
        (("question_ids",), []),
        (("started_at",), "yesterday"),
        (("started_at",), float("inf")),
        (("rounds",), []),
        (("rounds", 0, "question_id"), "q2"),
        (("rounds", 0, "closed_at"), None),
        (("rounds", 0, "attempts"), 0),
        (("rounds", 0, "tries", 0, "choices"), [0, 1, 2]),
        (("rounds", 0, "tries", 0, "member"), 77),
        (("rounds", 0, "tries", 0, "correct"), 1),
        (("rounds", 0, "tries", 0, "points"), -5),
        (("rounds", 0, "tries", 0, "finished_at"), None),
        (("rounds", 1, "tries"), {"1": {}}),
        (("rounds", 1), "round"),
        (("id",), KeyError),
    ],
)
def test_bad_snapshots_raise_snapshot_error(path: tuple[str | int, ...], value: Any) -> None:
    with pytest.raises(SnapshotError):
        from_snapshot(_corrupt(path, value))


def test_non_mapping_snapshot_is_refused() -> None:
    for bad in (None, [], "session"):
        with pytest.raises(SnapshotError):
            from_snapshot(bad)  # type: ignore[arg-type]
    assert issubclass(SnapshotError, ValueError)


def test_stopped_snapshot_with_open_round_is_refused() -> None:
    _, session = _busy_session()
    data = to_snapshot(session)
    data["status"] = "stopped"
    with pytest.raises(SnapshotError, match="over"):
        from_snapshot(data)
