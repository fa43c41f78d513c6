"""Errors that carry a sentence for the member who caused them."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from i18n import N_, _, ngettext

PERMISSION_NAMES = {
    # Translators: permission names as Discord's own client shows them in your language.
    "view_channel": N_("View Channel"),
    "send_messages": N_("Send Messages"),
    "send_messages_in_threads": N_("Send Messages in Threads"),
    "embed_links": N_("Embed Links"),
    "attach_files": N_("Attach Files"),
    "add_reactions": N_("Add Reactions"),
    "read_message_history": N_("Read Message History"),
    "manage_messages": N_("Manage Messages"),
    "create_public_threads": N_("Create Public Threads"),
    "manage_guild": N_("Manage Server"),
}


class UserFacingError(Exception):
    """A failure whose message is safe and useful to show the member as it is."""


class MissingBotPermissions(UserFacingError):
    """The bot lacks permissions it needs in a channel."""

    def __init__(self, missing: Iterable[str], channel: str | None = None) -> None:
        """``channel`` is the mention of the channel meant, when it is not the one used."""
        self.missing = tuple(missing)
        names = ", ".join(f"**{permission_label(p)}**" for p in self.missing)
        if channel is None:
            # Translators: {names} is a list of permission names in bold.
            text = ngettext(
                "I can't run that in this channel: I'm missing the {names} permission. "
                "Ask a moderator to grant it to my role or in the channel settings.",
                "I can't run that in this channel: I'm missing the {names} permissions. "
                "Ask a moderator to grant it to my role or in the channel settings.",
                len(self.missing),
                names=names,
            )
        else:
            # Translators: {channel} is a channel mention; {names} permission names in bold.
            text = ngettext(
                "I can't run that in {channel}: I'm missing the {names} permission. "
                "Ask a moderator to grant it to my role or in the channel settings.",
                "I can't run that in {channel}: I'm missing the {names} permissions. "
                "Ask a moderator to grant it to my role or in the channel settings.",
                len(self.missing),
                names=names,
                channel=channel,
            )
        super().__init__(text)


def permission_label(name: str) -> str:
    """Return the name Discord's client shows for a permission attribute."""
    label = PERMISSION_NAMES.get(name)
    return _(label) if label is not None else name.replace("_", " ").title()


def missing_permissions(permissions: discord.Permissions, needed: Iterable[str]) -> list[str]:
    """Return the permission names in ``needed`` that ``permissions`` lacks."""
    return [name for name in needed if not getattr(permissions, name)]
