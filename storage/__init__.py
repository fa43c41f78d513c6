"""Storage for quiz-tutor: everything a study group earns, in SQLite.

``storage = await Storage.open(path)`` opens (creating or upgrading) the database on one
long-lived aiosqlite connection; ``await storage.close()`` commits what is pending and closes it.

Durability: WAL with ``synchronous=FULL``, so every COMMIT syncs the log and a write whose call
has returned survives a crash or a power cut. Writes go through one group-commit writer task:
whatever is pending (fifty members answering in the same second) is committed in one
transaction and one sync, and each caller resumes only after that COMMIT. If a batch fails,
its items are retried one by one under savepoints, so only the bad item's caller gets the error.
Reads wait for the writes submitted before them and never run inside a write transaction.

The schema lives in ``storage/migrations/NNNN_name.sql``, applied in order, each in one
transaction with ``PRAGMA user_version``. Answers are append-only; member totals and daily
activity are kept by a trigger in the answer's own transaction. Errors from SQLite (for example
``sqlite3.IntegrityError`` for a duplicate attempt) reach the caller unchanged.
"""

from .db import LATEST_VERSION, MIGRATIONS, Migration, connect, load_migrations, migrate
from .errors import StorageClosedError, StorageError
from .records import (
    AnswerRecord,
    BadgeRecord,
    GuildSetRecord,
    Leaderboard,
    LeaderboardRow,
    ResultRecord,
    SessionRecord,
    SetProgress,
)
from .store import Storage

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "AnswerRecord",
    "BadgeRecord",
    "GuildSetRecord",
    "Leaderboard",
    "LeaderboardRow",
    "Migration",
    "ResultRecord",
    "SessionRecord",
    "SetProgress",
    "Storage",
    "StorageClosedError",
    "StorageError",
    "connect",
    "load_migrations",
    "migrate",
]
