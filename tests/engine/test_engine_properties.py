"""Property-based tests: random plays keep every rule of the engine."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from bot.engine import (
    AnswerOutcome,
    HintOutcome,
    RoundOpenError,
    Session,
    SessionStatus,
    advance,
    close_round,
    expire,
    from_snapshot,
    points_for,
    session_result,
    start_session,
    stop,
    submit_answer,
    take_hint,
    to_snapshot,
)
from content.model import Badge, Difficulty, Mode, Question, QuestionSet

STARTER = 1
MEMBERS = st.integers(1, 4)
OPTIONS = st.integers(0, 3) | st.sampled_from([-1, 4, 5])
SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def question_sets(draw: st.DrawFn) -> QuestionSet:
    """Draw a small question set valid for every mode."""
    questions = []
    for number in range(draw(st.integers(1, 4))):
        options = draw(st.integers(2, 5))
        questions.append(
            Question(
                id=f"q{number}",
                prompt="?",
                options=tuple(str(i) for i in range(options)),
                answer=draw(st.integers(0, options - 1)),
                difficulty=draw(st.sampled_from(list(Difficulty))),
                time_limit=draw(st.integers(5, 60)),
                attempts=draw(st.integers(1, 3)),
                hint=draw(st.none() | st.just("hint")),
            )
        )
    badge = Badge("Sweep", "🏅") if draw(st.booleans()) else None
    return QuestionSet(id="set", title="Set", questions=tuple(questions), badge=badge)


DTS = (0.0, 0.5, 1.0, 1.0, 2.0, 3.0, 3.0, 7.25, 20.0, 61.0)
OPTION_CHOICES = (0, 1, 2, 3, 0, 1, -1, 4, 5)
WEIGHTS = {"answer": 30, "hint": 4, "expire": 4, "advance": 8, "snapshot": 3, "close": 1, "stop": 1}
KINDS = tuple(kind for kind, weight in WEIGHTS.items() for _ in range(weight))


def decode(code: int) -> tuple[Any, ...]:
    """Turn one drawn number into an operation (one draw per operation keeps generation fast)."""
    code, kind = divmod(code, len(KINDS))
    code, member = divmod(code, 4)
    code, option = divmod(code, len(OPTION_CHOICES))
    dt = DTS[code % len(DTS)]
    if KINDS[kind] == "snapshot":
        return ("snapshot",)
    if KINDS[kind] == "answer":
        return ("answer", member + 1, OPTION_CHOICES[option], dt)
    if KINDS[kind] == "hint":
        return ("hint", member + 1, dt)
    return (KINDS[kind], dt)


OPERATIONS = st.integers(0, len(KINDS) * 4 * len(OPTION_CHOICES) * len(DTS) - 1).map(decode)
PLAYS = st.tuples(
    question_sets(),
    st.sampled_from(list(Mode)),
    st.integers(0, 1000),
    st.lists(OPERATIONS, min_size=20, max_size=60),
)


@dataclass
class Clock:
    """Give increasing times."""

    now: float = 1_000.0

    def tick(self, dt: float) -> float:
        """Move forward by ``dt`` and return the new time."""
        self.now += dt
        return self.now


def _restore(session: Session) -> Session:
    """Save and restore through JSON text."""
    return from_snapshot(json.loads(json.dumps(to_snapshot(session), allow_nan=False)))


def apply(
    session: Session, qset: QuestionSet, op: tuple[Any, ...], clock: Clock
) -> tuple[Session, Any]:
    """Apply one operation; return the new session and what it reported."""
    kind = op[0]
    if kind == "snapshot":
        restored = _restore(session)
        assert restored == session
        return restored, None
    now = clock.tick(op[-1])
    if kind == "answer":
        return submit_answer(session, qset, op[1], op[2], now)
    if kind == "hint":
        return take_hint(session, qset, op[1], now)
    if kind == "expire":
        return expire(session, now), None
    if kind == "close":
        return close_round(session, now), None
    if kind == "stop":
        return stop(session, now), None
    if session.running and not session.round.closed:
        try:
            advance(session, qset, now)
        except RoundOpenError:
            return session, "open"
        raise AssertionError("advance on an open round must raise")
    return advance(session, qset, now), None


@dataclass
class Watcher:
    """Check the invariants after every step of a play."""

    qset: QuestionSet
    closed: dict[int, Any] = field(default_factory=dict)

    def check_step(
        self, before: Session, after: Session, op: tuple[Any, ...], report: Any, now: float
    ) -> None:
        """Check what one operation did."""
        if isinstance(report, AnswerOutcome | HintOutcome) and not report.accepted:
            assert after is before, "a rejected operation must return the same session"
            assert report.rejection is not None
        if isinstance(report, AnswerOutcome) and report.accepted:
            self._check_answer(before, after, op, report, now)
        if isinstance(report, HintOutcome) and report.accepted and not report.first_time:
            assert after is before
        if op[0] in {"expire", "close"} and before.round.closed:
            assert after is before, f"{op[0]} on a closed round must change nothing"
        if op[0] in {"stop", "advance"} and not before.running:
            assert after is before, f"{op[0]} on a session that is over must change nothing"
        if op[0] == "stop":
            assert after.status is (SessionStatus.STOPPED if before.running else before.status)
        self.check(after)

    def _check_answer(
        self, before: Session, after: Session, op: tuple[Any, ...], out: AnswerOutcome, now: float
    ) -> None:
        """Check an accepted answer against the rules."""
        rnd = after.round
        question = self.qset.question(rnd.question_id)
        assert question is not None
        entry = rnd.tries[op[1]]
        assert out.attempt == entry.attempts_used
        assert out.correct == (op[2] == question.answer)
        previous = before.round.try_of(op[1])
        expected = points_for(
            after.mode,
            out.attempt,
            correct=out.correct,
            hint_used=previous.hint_used,
            time_left=0.0
            if rnd.deadline is None
            else (rnd.deadline - now) / (rnd.deadline - rnd.opened_at),
        )
        assert out.points == expected == entry.points
        assert out.member_done == entry.done
        if after.personal:
            assert out.round_closed == out.member_done
        else:
            everyone = all(rnd.is_done(m) for m in after.participants)
            early = before.index > 0
            assert out.round_closed == (early and everyone and not before.round.closed)
        assert rnd.closed == out.round_closed

    def check(self, session: Session) -> None:
        """Check the invariants of one session state."""
        rounds = session.rounds
        assert len(rounds) == session.index + 1
        assert all(r.closed for r in session.past)
        if session.status != SessionStatus.RUNNING:
            assert session.round.closed
        if session.personal:
            assert session.participants == {STARTER}
        for index, rnd in enumerate(rounds):
            assert rnd.question_id == session.question_ids[index]
            if index in self.closed:
                assert rnd == self.closed[index], "a closed round changed"
            elif rnd.closed:
                self.closed[index] = rnd
            question = self.qset.question(rnd.question_id)
            assert question is not None
            assert set(rnd.tries) <= session.participants
            for entry in rnd.tries.values():
                assert entry.attempts_used <= rnd.attempts
                assert isinstance(entry.points, int)
                assert entry.points >= 0
                assert entry.correct == (
                    bool(entry.choices) and entry.choices[-1] == question.answer
                )
                assert question.answer not in entry.choices[:-1]
                assert entry.correct or entry.points == 0
                if entry.correct or entry.attempts_used == rnd.attempts or rnd.closed:
                    assert entry.done
                if rnd.closed:
                    assert entry.finished_at is not None
                    assert entry.finished_at <= rnd.closed_at
            if session.mode is Mode.TEST:
                assert rnd.attempts == 1
                assert not any(e.hint_used for e in rnd.tries.values())
            if session.mode is Mode.PRACTICE:
                assert rnd.deadline is None
        self._check_result(session)

    def _check_result(self, session: Session) -> None:
        """Check totals and badge winners against an independent count."""
        result = session_result(session, self.qset)
        assert {m.member_id for m in result.members} == session.participants
        for member in result.members:
            per_round = [r.try_of(member.member_id) for r in session.rounds]
            assert member.points == sum(e.points for e in per_round)
            assert member.correct == sum(e.correct for e in per_round)
        keys = [(-m.points, -m.correct, m.seconds, m.member_id) for m in result.members]
        assert keys == sorted(keys)
        sweepers = set()
        if (
            session.mode is Mode.CHALLENGE
            and session.status is SessionStatus.FINISHED
            and self.qset.badge is not None
        ):
            assert len(session.rounds) == len(session.question_ids)
            sweepers = {
                m for m in session.participants if all(r.try_of(m).correct for r in session.rounds)
            }
        assert result.badge_winners == sweepers


@SETTINGS
@given(PLAYS)
def test_random_plays_keep_the_rules(play: tuple[Any, ...]) -> None:
    qset, mode, seed, ops = play
    clock = Clock()
    session = start_session(
        qset, mode, session_id="s", starter_id=STARTER, now=clock.now, seed=seed
    )
    watcher = Watcher(qset)
    watcher.check(session)
    for op in ops:
        after, report = apply(session, qset, op, clock)
        watcher.check_step(session, after, op, report, clock.now)
        if isinstance(report, AnswerOutcome) and report.round_closed:
            event(f"{mode} round closed by an answer")
        session = after
    event(f"{mode} ended {session.status}")
    event(f"reached round {session.index + 1}")
    if len(session.participants) > 2:
        event("challenge with 3+ participants")


@SETTINGS
@given(PLAYS, st.integers(0, 60))
def test_restored_session_behaves_like_the_original(play: tuple[Any, ...], split: int) -> None:
    qset, mode, seed, ops = play
    clock = Clock()
    session = start_session(
        qset, mode, session_id="s", starter_id=STARTER, now=clock.now, seed=seed
    )
    for op in ops[:split]:
        session, _ = apply(session, qset, op, clock)
    restored = _restore(session)
    assert restored == session
    twin = Clock(clock.now)
    for op in ops[split:]:
        session, expected = apply(session, qset, op, clock)
        restored, report = apply(restored, qset, op, twin)
        assert report == expected
        assert restored == session
        assert to_snapshot(restored) == to_snapshot(session)
    assert session_result(restored, qset) == session_result(session, qset)


@SETTINGS
@given(
    question_sets(),
    st.integers(0, 1000),
    st.lists(st.tuples(MEMBERS, st.sampled_from([True, True, False])), min_size=8, max_size=40),
)
def test_badge_winners_are_exactly_the_clean_sweepers(
    qset: QuestionSet, seed: int, answers: list[tuple[int, bool]]
) -> None:
    """Play whole challenges (answers right or wrong) and compare the winners."""
    session = start_session(
        qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=0.0, seed=seed
    )
    now = 0.0
    queue = list(answers)
    while session.running:
        while queue and not session.round.closed:
            member, right = queue.pop(0)
            question = qset.question(session.round.question_id)
            assert question is not None
            option = question.answer if right else (question.answer + 1) % len(question.options)
            now += 0.5
            session, _ = submit_answer(session, qset, member, option, now)
        now += 100.0
        session = advance(expire(session, now), qset, now)
    Watcher(qset).check(session)
    winners = session_result(session, qset).badge_winners
    event("badge won" if winners else "no badge")
