"""Settings read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import os
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


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read settings from the environment, after loading ``env_file`` if it exists."""
    if env_file is not None and env_file.is_file():
        load_dotenv(env_file, override=False)
    guild = os.environ.get("QUIZ_TUTOR_GUILD", "").strip()
    if guild and not guild.isdigit():
        raise SettingsError(f"QUIZ_TUTOR_GUILD must be a server id (digits only), not {guild!r}.")
    content = os.environ.get("QUIZ_TUTOR_CONTENT", "").strip()
    return Settings(
        token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
        database=os.environ.get("QUIZ_TUTOR_DATABASE", "").strip() or DEFAULT_DATABASE,
        content_dir=Path(content) if content else SHIPPED_CONTENT,
        guild_id=int(guild) if guild else None,
    )
