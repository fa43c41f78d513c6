"""``quiz-tutor run``: connect to Discord with the token from the environment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import aiohttp
import discord

from bot.commands.sync import sync_commands_if_changed
from bot.factory import create_bot
from bot.settings import SettingsError, check_paths, load_settings
from storage import DatabaseInUseError, DatabaseUnusableError, Storage, StorageError

NO_TOKEN = """\
quiz-tutor needs a bot token to connect to Discord, and DISCORD_TOKEN is not set. Create an \
application at https://discord.com/developers/applications, add a bot to it, copy its token, \
then run `DISCORD_TOKEN=... quiz-tutor run` (or put DISCORD_TOKEN=... in a .env file here)."""


UNREACHABLE = (OSError, TimeoutError, aiohttp.ClientError, discord.GatewayNotFound)


class HeldLog(logging.Handler):
    """Hold log records until the bot is connected, then pass them (and later ones) on.

    Until Discord has answered, what the library logs comes before the one paragraph that
    explains a failure to connect; held records are dropped when that paragraph is printed.
    """

    def __init__(self, target: logging.Handler) -> None:
        super().__init__()
        self.target = target
        self._held: list[logging.LogRecord] | None = []

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        self.target.setFormatter(fmt)

    def emit(self, record: logging.LogRecord) -> None:
        if self._held is None:
            self.target.handle(record)
        else:
            self._held.append(record)

    def pass_on(self) -> None:
        """Pass on the held records and every record from now on."""
        held, self._held = self._held, None
        for record in held or ():
            self.target.handle(record)

    def discard(self) -> None:
        """Drop the held records; records from now on are passed on."""
        self._held = None


async def check_database(database: str) -> None:
    """Open the database and read what a start reads, before connecting to Discord.

    A database that cannot be used (unreachable, locked, damaged) is refused with its paragraph
    without the bot ever logging in.
    """
    storage = await Storage.open(database)
    try:
        await storage.all_guild_sets()
        await storage.open_sessions()
        await storage.all_schedules()
    finally:
        await storage.close()


def close_on_signals(bot: discord.Client) -> list[asyncio.Task[None]]:
    """Close ``bot`` (flushing storage) on SIGTERM or SIGINT; return the closing tasks."""
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def close() -> None:
        if not closing:
            closing.append(loop.create_task(bot.close()))

    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, close)
    return closing


def run() -> int:
    """Run the bot until it is stopped; return the process exit code."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"quiz-tutor: {error}", file=sys.stderr)
        return 2
    if settings.token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        check_paths(settings)
    except SettingsError as error:
        print(f"quiz-tutor: {error}", file=sys.stderr)
        return 2
    try:
        asyncio.run(check_database(str(settings.database)))
    except StorageError as error:
        print(f"quiz-tutor: {error}{_which_database(error)}", file=sys.stderr)
        return 2
    held = HeldLog(logging.StreamHandler())
    discord.utils.setup_logging(handler=held, level=logging.INFO)
    # a text-only bot: no voice, no warning about what voice would need
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    shards = settings.shards
    bot = create_bot(
        settings.database,
        settings.content_dir,
        shard_ids=shards.shard_ids if shards is not None else None,
        shard_count=shards.count if shards is not None else None,
        upload_workers=settings.upload_workers,
    )

    async def main() -> None:
        async with bot:
            close_on_signals(bot)

            async def connected() -> None:
                held.pass_on()  # Discord answered and the database opened: show the log
                await sync_commands_if_changed(bot, settings.guild_id)

            bot.after_setup = connected
            await bot.start(settings.token or "")

    try:
        try:
            asyncio.run(main())
        except (discord.LoginFailure, *UNREACHABLE, StorageError, discord.HTTPException):
            held.discard()  # the paragraph printed below says it all: no library lines first
            raise
        finally:
            held.pass_on()
    except discord.LoginFailure:
        print(
            "quiz-tutor: Discord rejected DISCORD_TOKEN. Copy the bot token again from the "
            "developer portal (Bot tab, Reset Token) and try once more.",
            file=sys.stderr,
        )
        return 2
    except UNREACHABLE as error:
        print(unreachable_message(error), file=sys.stderr)
        return 2
    except StorageError as error:
        print(f"quiz-tutor: {error}{_which_database(error)}", file=sys.stderr)
        return 2
    except discord.HTTPException as error:  # the slash-command sync at start-up was refused
        print(refused_message(error, settings.guild_id), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _which_database(error: StorageError) -> str:
    """Say which setting names the database, after an error about the database file."""
    if isinstance(error, DatabaseInUseError | DatabaseUnusableError):
        return " (quiz-tutor run uses the database QUIZ_TUTOR_DATABASE names.)"
    return ""


def refused_message(error: discord.HTTPException, guild_id: int | None) -> str:
    """Explain, in one paragraph, that Discord refused to register the slash commands."""
    if guild_id is not None and isinstance(error, discord.Forbidden | discord.NotFound):
        return (
            f"quiz-tutor: Discord refused to add the slash commands to server {guild_id} "
            f"(QUIZ_TUTOR_GUILD): the bot is not in that server, or lacks the "
            "applications.commands scope there. Invite it with that scope, fix the id, or unset "
            "QUIZ_TUTOR_GUILD to register the commands everywhere."
        )
    return (
        "quiz-tutor: Discord refused to register the slash commands "
        f"({error.status} {error.text or type(error).__name__}). Nothing was changed; start it "
        "again in a minute, and check the bot's invite scopes if it keeps happening."
    )


def unreachable_message(error: BaseException) -> str:
    """Explain, in one paragraph, that Discord could not be reached."""
    return (
        "quiz-tutor could not reach Discord "
        f"({type(error).__name__}: {error or 'no details'}). Check this machine's internet "
        "connection, DNS and any firewall or proxy, then start it again; nothing was changed "
        "and running sessions resume on the next start."
    )
