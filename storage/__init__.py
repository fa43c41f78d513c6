"""Storage for quiz-tutor: everything a study group earns, in SQLite or PostgreSQL.

``storage = await Storage.open(database)`` opens (creating or upgrading) the database:
a SQLite path or ``":memory:"`` (the embedded default, ``storage/sqlite/``) or a
``postgresql://user:password@host:port/dbname`` URL (``storage/postgres/``, asyncpg with a
pool). ``await storage.close()`` commits what is pending and releases the connections.
Every public method behaves the same on both backends: same records, same order, same errors.

Durability: a write whose call has returned is committed (SQLite: WAL with
``synchronous=FULL``; PostgreSQL: its default synchronous commit). Writes go through one
group-commit writer task (``writer.py``): whatever is pending (fifty members answering in the
same second) is committed in one transaction, and each caller resumes only after that COMMIT.
If a batch fails, its items are retried one by one under savepoints, so only the bad item's
caller gets the error. Reads wait for the writes submitted before them.

Each backend has numbered migrations in ``storage/migrations/<backend>/NNNN_name.sql``, each
applied in one transaction. Answers are append-only; member totals and daily activity are kept
by a trigger in the answer's own transaction. A write that breaks a rule of the schema raises
``ConstraintError`` (``DuplicateError`` for something that exists once only), on both backends;
both subclass ``sqlite3.IntegrityError``.

A SQLite file is held by one process at a time, whatever name it is opened by
(``DatabaseInUseError``); a file that cannot be opened or read, or is found damaged, raises
``DatabaseUnusableError`` with a paragraph saying what to do. A write the database refuses for
now (a full disk, a read-only file or server) raises ``DatabaseNotWritableError``. A server's
limits (own sets, their questions, schedules) are checked inside the write's own transaction
(``LimitReachedError``), so concurrent writes never pass them together.

Layout: ``store`` is the facade (with ``guild_sets``, ``schedules`` and ``leases`` parts); it
opens an ``engine`` through ``factory``, which imports the backends (``sqlite/``,
``postgres/``); no backend imports the facade.
"""

from .engine import is_postgres_url
from .errors import (
    ConstraintError,
    DatabaseInUseError,
    DatabaseNotWritableError,
    DatabaseUnusableError,
    DuplicateError,
    LimitReachedError,
    StorageClosedError,
    StorageError,
)
from .periods import PERIODS, period_start
from .records import (
    AnswerRecord,
    BadgeRecord,
    CardRecord,
    FirstTry,
    GuildSetRecord,
    GuildTranslationRecord,
    Leaderboard,
    LeaderboardRow,
    ResultRecord,
    ScheduleRecord,
    SessionRecord,
    SetProgress,
)
from .sqlite.connection import (
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    connect,
    load_migrations,
    migrate,
)
from .store import Storage

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "PERIODS",
    "AnswerRecord",
    "BadgeRecord",
    "CardRecord",
    "ConstraintError",
    "DatabaseInUseError",
    "DatabaseNotWritableError",
    "DatabaseUnusableError",
    "DuplicateError",
    "FirstTry",
    "GuildSetRecord",
    "GuildTranslationRecord",
    "Leaderboard",
    "LeaderboardRow",
    "LimitReachedError",
    "Migration",
    "ResultRecord",
    "ScheduleRecord",
    "SessionRecord",
    "SetProgress",
    "Storage",
    "StorageClosedError",
    "StorageError",
    "connect",
    "is_postgres_url",
    "load_migrations",
    "migrate",
    "period_start",
]
