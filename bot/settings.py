"""Settings read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

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


@dataclass(frozen=True, slots=True)
class ShardRange:
    """Shards ``first`` to ``last`` (inclusive) of ``count``."""

    first: int
    last: int
    count: int

    @property
    def shard_ids(self) -> list[int]:
        return list(range(self.first, self.last + 1))


_SHARDS = re.compile(r"(\d+)(?:-(\d+))?/(\d+)")


def parse_shards(text: str) -> ShardRange:
    """Parse ``QUIZ_TUTOR_SHARDS``: ``0-3/8`` (shards 0 to 3 of 8) or ``5/8`` (shard 5 of 8)."""
    match = _SHARDS.fullmatch(text.replace(" ", ""))
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
    if first > last:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: the range runs backwards; write {last}-{first}/{count}."
        )
    if last >= count:
        raise SettingsError(
            f"QUIZ_TUTOR_SHARDS={text}: with {count} shards the shard ids are 0 to {count - 1}, "
            f"so {last} does not exist."
        )
    return ShardRange(first, last, count)


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment, after loading ``env_file`` if it exists."""
    if env_file is not None and env_file.is_file():
        load_dotenv(env_file, override=False)
    guild = os.environ.get("QUIZ_TUTOR_GUILD", "").strip()
    if guild and not guild.isdigit():
        raise SettingsError(f"QUIZ_TUTOR_GUILD must be a server id (digits only), not {guild!r}.")
    content = os.environ.get("QUIZ_TUTOR_CONTENT", "").strip()
    shards = os.environ.get("QUIZ_TUTOR_SHARDS", "").strip()
    return Settings(
        token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
        database=os.environ.get("QUIZ_TUTOR_DATABASE", "").strip() or DEFAULT_DATABASE,
        content_dir=Path(content) if content else SHIPPED_CONTENT,
        guild_id=int(guild) if guild else None,
        shards=parse_shards(shards) if shards else None,
    )
