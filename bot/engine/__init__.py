"""The quiz engine: sessions as frozen values and pure functions, no Discord, no I/O.

Every function that needs time takes ``now`` (unix seconds); every state change returns a new
``Session``. See ``_scoring`` for how points are counted.
"""

from ._errors import (
    EngineError,
    NoQuestionsError,
    RoundOpenError,
    SetMismatchError,
    SnapshotError,
)
from ._frozenmap import FrozenMap
from ._lifecycle import advance, close_round, expire, start_session, stop
from ._model import NO_TRY, MemberTry, Rejection, Round, Session, SessionStatus, describe
from ._outcomes import AnswerOutcome, HintOutcome
from ._play import closes_early, submit_answer, take_hint
from ._results import (
    DEVELOPING_PERCENT,
    STRONG_PERCENT,
    MemberResult,
    SessionResult,
    TestResult,
    Verdict,
    badge_winners,
    session_result,
    verdict_for,
)
from ._scoring import (
    ATTEMPT_POINTS,
    HINT_KEEP_DENOMINATOR,
    HINT_KEEP_NUMERATOR,
    SPEED_BONUS_MAX,
    TEST_POINTS,
    points_for,
)
from ._selection import TEST_LENGTH, pick_test_questions, questions_for
from ._snapshot import SNAPSHOT_VERSION, from_snapshot, to_snapshot
from ._streaks import Streak, streak

__all__ = [
    "ATTEMPT_POINTS",
    "DEVELOPING_PERCENT",
    "HINT_KEEP_DENOMINATOR",
    "HINT_KEEP_NUMERATOR",
    "NO_TRY",
    "SNAPSHOT_VERSION",
    "SPEED_BONUS_MAX",
    "STRONG_PERCENT",
    "TEST_LENGTH",
    "TEST_POINTS",
    "AnswerOutcome",
    "EngineError",
    "FrozenMap",
    "HintOutcome",
    "MemberResult",
    "MemberTry",
    "NoQuestionsError",
    "Rejection",
    "Round",
    "RoundOpenError",
    "Session",
    "SessionResult",
    "SessionStatus",
    "SetMismatchError",
    "SnapshotError",
    "Streak",
    "TestResult",
    "Verdict",
    "advance",
    "badge_winners",
    "close_round",
    "closes_early",
    "describe",
    "expire",
    "from_snapshot",
    "pick_test_questions",
    "points_for",
    "questions_for",
    "session_result",
    "start_session",
    "stop",
    "streak",
    "submit_answer",
    "take_hint",
    "to_snapshot",
    "verdict_for",
]
