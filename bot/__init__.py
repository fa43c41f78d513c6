"""quiz-tutor: a Discord bot that tutors study groups.

``create_bot`` is imported lazily so that ``bot.engine`` can be used without discord.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.factory import create_bot

__all__ = ["create_bot"]


def __getattr__(name: str) -> Any:
    if name == "create_bot":
        from bot.factory import create_bot

        return create_bot
    raise AttributeError(name)
