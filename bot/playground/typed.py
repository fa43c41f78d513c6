"""A slash command typed as a plain message in the playground's page: run it anyway.

Discord runs a command only when it is picked from the list that opens on typing "/"; text sent
with Enter is a plain message, which the bot cannot even read (it has no message-content
intent). A newcomer who types ``/challenge set:python-asyncio`` as the banner shows would get
silence, so the playground, which sees the page's messages, runs the command it names as the
person, and says in one sentence how to pick it from the list. A message it cannot read as a
command gets that sentence only, naming no text of the message.
"""

from __future__ import annotations

import re

import discord
import simcord
from simcord import BackendError, SetupError

from i18n import _

_OPTION = re.compile(r"(?:^|\s)([a-z][a-z0-9_-]*):")


def parse(text: str, known: tuple[str, ...]) -> tuple[str, dict[str, str]] | None:
    """Return the command (``name`` or ``name sub``) and options typed in ``text``, if known."""
    if not text.startswith("/"):
        return None
    typed = text[1:]
    found = list(_OPTION.finditer(typed))
    name = " ".join(typed[: found[0].start() if found else len(typed)].split()).lower()
    if name not in known:
        return None
    options: dict[str, str] = {}
    ends = [after.start() for after in found[1:]] + [len(typed)]
    for here, end in zip(found, ends, strict=False):  # no option: one unused end
        options[here[1]] = typed[here.end() : end].strip()
    return name, options


def how_to(command: str | None) -> str:
    """Return the sentence showing how a command is run from the page."""
    if command is None:
        return _(
            "Commands are not read from plain messages: type / in the box below and pick a "
            "command from the list that opens (try `/challenge`), fill in its options, then "
            "press Enter."
        )
    return _(
        "I ran **/{command}** for you. In Discord a command runs only when it is picked: type / "
        "in the box below, choose **{command}** from the list, fill in its options, then press "
        "Enter.",
        command=command,
    )


async def run_typed(
    text: str, sender: object, channel: simcord.ChannelHandle, bot: discord.Client
) -> None:
    """Run the command ``text`` names as its ``sender``; then say how to pick it (or only that)."""
    if not isinstance(sender, simcord.MemberActor):
        return
    typed = parse(text.strip(), sender.available_commands(channel))
    command = None
    if typed is not None:
        name, options = typed
        try:
            await sender.slash(channel, name, **options)
        except (SetupError, BackendError, TypeError, ValueError):
            command = None  # options the command does not take: the sentence shows the way
        else:
            command = name
    target = bot.get_channel(channel.id)
    assert isinstance(target, discord.TextChannel)
    await target.send(how_to(command))
