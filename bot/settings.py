"""Settings read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

from storage import is_postgres_url

DEFAULT_DATABASE = "quiz-tutor.db"
SHIPPED_CONTENT = Path(__file__).resolve().parent.parent / "content" / "sets"


class SettingsError(ValueError):
    """A setting has a value the bot cannot use."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None
    database: str
    content_dir: Path
    guild_id: int | None
    shards: ShardRange | None = None
    """The shards this process runs; None: every shard Discord recommends."""
    upload_workers: int = 2
    """Worker processes that check /sets load files (``QUIZ_TUTOR_UPLOAD_WORKERS``)."""


@dataclass(frozen=True, slots=True)
class ShardRange:
    """Shards ``first`` to ``last`` (inclusive) of ``count``."""

    first: int
    last: int
    count: int

    @property
    def shard_ids(self) -> list[int]:
        return list(range(self.first, self.last + 1))


_SHARDS = re.compile(r"([0-9]+)(?:-([0-9]+))?/([0-9]+)")
# Far beyond any bot's needs (Discord asks for one shard per 1,000-2,500 servers); a typo such
# as an extra zero would otherwise make a process try to run millions of shards.
MAX_SHARD_COUNT = 100_000
MAX_SHARDS_PER_PROCESS = 1_000
MAX_ID_DIGITS = 20
"""A Discord id is a 64-bit number: at most 20 digits."""


def _shown(text: str, limit: int = 40) -> str:
    """Return a setting's value cut short enough to quote in a sentence."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_shards(text: str) -> ShardRange:
    """Parse ``QUIZ_TUTOR_SHARDS``: ``0-3/8`` (shards 0 to 3 of 8) or ``5/8`` (shard 5 of 8)."""
    match = _SHARDS.fullmatch(text.replace(" ", ""))
    if match is not None and any(len(part.lstrip("0")) > 9 for part in match.groups() if part):
        # int() refuses texts of over 4,300 digits; far fewer already name too many shards
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={_shown(text)}: a number there is more than any bot needs "
            f"(at most {MAX_SHARD_COUNT:,} shards); check it for a typo."
        )
    if match is None:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS must look like 0-3/8 (this process runs shards 0 to 3 of 8) "
            f"or 5/8 (shard 5 of 8), not {text!r}."
        )
    first = int(match[1])
    last = int(match[2]) if match[2] is not None else first
    count = int(match[3])
    if count < 1:
        raise SettingsError(f"QUIZ_TUTOR_SHARDS={text}: the shard count must be at least 1.")
    if count > MAX_SHARD_COUNT:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: {count} shards is more than any bot needs "
            f"(at most {MAX_SHARD_COUNT:,}); check the number for a typo."
        )
    if first > last:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: the range runs backwards; write {last}-{first}/{count}."
        )
    if last >= count:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: with {count} shards the shard ids are 0 to {count - 1}, "
            f"so {last} does not exist."
        )
    if last - first + 1 > MAX_SHARDS_PER_PROCESS:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: one process can run at most {MAX_SHARDS_PER_PROCESS:,} "
            "shards; split the range over more processes."
        )
    return ShardRange(first, last, count)


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment, after loading ``env_file`` if it exists."""
    if env_file is not None and env_file.is_file():
        try:
            load_dotenv(env_file, override=False, encoding="utf-8")
        except (UnicodeDecodeError, OSError) as error:
            raise SettingsError(
                f"{env_file.resolve()} could not be read as UTF-8 text ({error}); save it as "
                'UTF-8 (any editor\'s "Save with encoding") or remove it.'
            ) from error
    guild = os.environ.get("QUIZ_TUTOR_GUILD", "").strip()
    if guild and not (guild.isascii() and guild.isdigit()):
        raise SettingsError(
            f"QUIZ_TUTOR_GUILD must be a server id (digits only), not {_shown(guild)!r}."
        )
    if len(guild.lstrip("0")) > MAX_ID_DIGITS:
        raise SettingsError(
            f"QUIZ_TUTOR_GUILD={_shown(guild)} is {len(guild):,} digits long; a server id has at "
            f"most {MAX_ID_DIGITS} (copy it again with Developer Mode's Copy Server ID)."
        )
    content = os.environ.get("QUIZ_TUTOR_CONTENT", "").strip()
    shards = os.environ.get("QUIZ_TUTOR_SHARDS", "").strip()
    workers = os.environ.get("QUIZ_TUTOR_UPLOAD_WORKERS", "").strip()
    return Settings(
        token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
        database=os.environ.get("QUIZ_TUTOR_DATABASE", "").strip() or DEFAULT_DATABASE,
        content_dir=Path(content) if content else SHIPPED_CONTENT,
        guild_id=int(guild) if guild else None,
        shards=parse_shards(shards) if shards else None,
        upload_workers=parse_upload_workers(workers) if workers else 2,
    )


MAX_UPLOAD_WORKERS = 16


def parse_upload_workers(text: str) -> int:
    """Parse ``QUIZ_TUTOR_UPLOAD_WORKERS``: how many processes check uploads, 1 to 16."""
    digits = text.isascii() and text.isdigit() and len(text.lstrip("0")) <= 2
    if not digits or not 1 <= int(text) <= MAX_UPLOAD_WORKERS:
        raise SettingsError(
            f"QUIZ_TUTOR_UPLOAD_WORKERS must be a number of processes from 1 to "
            f"{MAX_UPLOAD_WORKERS}, not {_shown(text)!r}."
        )
    return int(text)


def check_paths(settings: Settings) -> None:
    """Refuse, before connecting, a content folder or a SQLite database folder that is missing."""
    if not settings.content_dir.is_dir():
        raise SettingsError(
            f"QUIZ_TUTOR_CONTENT={settings.content_dir}: there is no folder there. Point it at a "
            "folder of question-set files, or unset it to use the sets shipped with quiz-tutor."
        )
    problem = missing_folder(settings.database, "QUIZ_TUTOR_DATABASE=")
    if problem is not None:
        raise SettingsError(problem)


def missing_folder(database: str, named: str) -> str | None:
    """Say why a SQLite ``database`` cannot be created, its folder missing; else None.

    ``named``: how the command line showed it ("QUIZ_TUTOR_DATABASE=", "--database ").
    """
    if database == ":memory:" or is_postgres_url(database):
        return None
    folder = Path(database).parent
    if folder.is_dir():
        return None
    return (
        f"{named}{database}: the folder {folder} does not exist. Create it first (the database "
        "file itself is created on the first start), or choose another path."
    )
