"""Errors that carry a sentence for the member who caused them."""

from __future__ import annotations

from collections.abc import Iterable

import discord

PERMISSION_NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "send_messages_in_threads": "Send Messages in Threads",
    "embed_links": "Embed Links",
    "attach_files": "Attach Files",
    "add_reactions": "Add Reactions",
    "read_message_history": "Read Message History",
    "manage_messages": "Manage Messages",
    "create_public_threads": "Create Public Threads",
    "manage_guild": "Manage Server",
}


class UserFacingError(Exception):
    """A failure whose message is safe and useful to show the member as it is."""


class MissingBotPermissions(UserFacingError):
    """The bot lacks permissions it needs in a channel."""

    def __init__(self, missing: Iterable[str], where: str = "this channel") -> None:
        self.missing = tuple(missing)
        names = ", ".join(f"**{permission_label(p)}**" for p in self.missing)
        super().__init__(
            f"I can't run that in {where}: I'm missing the {names} permission"
            f"{'s' if len(self.missing) > 1 else ''}. "
            "Ask a moderator to grant it to my role or in the channel settings."
        )


def permission_label(name: str) -> str:
    """Return the name Discord's client shows for a permission attribute."""
    return PERMISSION_NAMES.get(name, name.replace("_", " ").title())


def missing_permissions(permissions: discord.Permissions, needed: Iterable[str]) -> list[str]:
    """Return the permission names in ``needed`` that ``permissions`` lacks."""
    return [name for name in needed if not getattr(permissions, name)]
