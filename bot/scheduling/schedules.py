"""Scheduled challenges: kept in the database, fired through the bot's one scheduler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import discord
from discord.ext import commands

from bot.commands.errors import MissingBotPermissions, UserFacingError, missing_permissions
from bot.engine import schedule as timing
from bot.languages import in_server_language
from bot.library.catalog import Catalog
from bot.rendering import channel_mention
from bot.runtime.clock import now
from bot.runtime.retry import retrying
from bot.scheduling.scheduler import Scheduler
from bot.sessions import SessionManager
from bot.sessions.starting import NEEDED_IN_CHANNEL
from i18n import _
from storage import ScheduleRecord, Storage

log = logging.getLogger(__name__)
_NO_PINGS = discord.AllowedMentions.none()


def check_who_can_post(
    channel: discord.abc.GuildChannel | discord.Thread,
    moderator: discord.Member,
    me: discord.Member,
    role: discord.Role | None,
) -> None:
    """Refuse a schedule its moderator or the bot could not post (or ping its role) by hand.

    The moderator needs to see and write in the channel, and the bot what a challenge needs;
    a role that is not mentionable can only be pinged by those with Mention Everyone there.
    """
    theirs, mine = channel.permissions_for(moderator), channel.permissions_for(me)
    if not (theirs.view_channel and theirs.send_messages):
        raise UserFacingError(
            _(
                "You can't send messages in {channel}, so you can't schedule challenges there.",
                channel=channel.mention,
            )
        )
    missing = missing_permissions(mine, NEEDED_IN_CHANNEL)
    if missing:
        raise MissingBotPermissions(missing, channel.mention)
    if role is None or (role.mentionable and not role.is_default()):
        return
    if not theirs.mention_everyone:
        raise UserFacingError(
            _(
                "You can't mention {role} in {channel} (it is not mentionable and you don't have "
                "**Mention Everyone** there), so a schedule can't ping it for you.",
                role=role.mention,
                channel=channel.mention,
            )
        )
    if not mine.mention_everyone:
        raise UserFacingError(
            _(
                "I can't mention {role} in {channel}: make the role mentionable, or give me "
                "**Mention Everyone** there.",
                role=role.mention,
                channel=channel.mention,
            )
        )


def wall_of(record: ScheduleRecord) -> timing.WallTime:
    return timing.WallTime(record.hour, record.minute, record.weekday)


def describe(record: ScheduleRecord) -> str:
    """Return how a schedule reads, like ``every Tuesday at 18:00``."""
    return timing.describe(wall_of(record), timing.Repeat(record.repeat))


class ScheduleRunner:
    """Arm every schedule of this process's servers and start its challenges on time."""

    def __init__(
        self,
        client: commands.Bot,
        sessions: SessionManager,
        storage: Storage,
        catalog: Catalog,
        owns_guild: Callable[[int], bool],
    ) -> None:
        self.client = client
        self.sessions = sessions
        self.storage = storage
        self.catalog = catalog
        self.owns_guild = owns_guild

    @property
    def timers(self) -> Scheduler:
        """The session manager's scheduler: one scheduler for every timer of the bot."""
        return self.sessions.deadlines

    async def arm_all(self) -> None:
        """Arm every stored schedule of the servers this process runs (after a restart too)."""
        for record in await self.storage.all_schedules():
            if self.owns_guild(record.guild_id):
                self.arm(record)

    def arm(self, record: ScheduleRecord) -> None:
        self.timers.schedule_later(
            ("schedule", record.id),
            record.next_run_at - now(),
            lambda: self.fire(record.guild_id, record.id),
        )

    def disarm(self, schedule_id: int) -> None:
        self.timers.cancel(("schedule", schedule_id))

    @in_server_language
    async def fire(self, guild_id: int, schedule_id: int) -> None:
        """Start the challenge of a schedule whose time has come, and plan its next run.

        The run is claimed first, by moving the stored next run on only if nobody has yet: of
        processes whose shard ranges overlap, exactly one starts it. A run claimed but not
        started (the process died in between) is not started twice.
        """
        record = next(
            (r for r in await self.storage.guild_schedules(guild_id) if r.id == schedule_id),
            None,
        )
        if record is None:
            return  # removed meanwhile
        at = now()
        if record.next_run_at > at:  # moved on meanwhile (by another process, or a new zone)
            self.arm(record)
            return
        if not await self._claim_run(record, at):
            return
        if timing.due(record.next_run_at, at) is timing.Due.SKIP:
            await self._tell(
                record,
                # Translators: {when} is like "every day at 18:00".
                _(
                    "⏭️ The scheduled challenge of `{set_id}` ({when}) was skipped: I was "
                    "away at that time. It runs again as scheduled.",
                    set_id=record.set_id,
                    when=describe(record),
                ),
            )
            return
        why = await self._start(record)
        if why is not None:
            await self._tell(
                record,
                # Translators: {why} is a clause like "the channel no longer exists".
                _(
                    "⏭️ The scheduled challenge of `{set_id}` ({when}) was skipped: {why}.",
                    set_id=record.set_id,
                    when=describe(record),
                    why=why,
                ),
            )

    async def _claim_run(self, record: ScheduleRecord, at: float) -> bool:
        """Move the schedule on to its next run; False when another process already did."""
        repeat = timing.Repeat(record.repeat)
        zone = timing.zone(await self.storage.guild_timezone(record.guild_id))
        following = timing.next_run(wall_of(record), repeat, zone, max(at, record.next_run_at))
        storage = self.storage
        if following is None:
            return await retrying(lambda: storage.remove_schedule(record.guild_id, record.id))
        claimed = await retrying(
            lambda: storage.advance_schedule(record.id, record.next_run_at, following)
        )
        if claimed:
            self.arm(_with_next_run(record, following))
            return True
        # Another process ran it, or a new time zone moved it: follow what is stored now.
        current = next(
            (r for r in await storage.guild_schedules(record.guild_id) if r.id == record.id),
            None,
        )
        if current is not None:
            self.arm(current)
        return False

    async def _start(self, record: ScheduleRecord) -> str | None:
        qset = self.catalog.get(record.guild_id, record.set_id)
        if qset is None:
            return _("the question set was removed")
        return await self.sessions.start_scheduled(
            record.guild_id,
            record.channel_id,
            qset,
            record.created_by,
            _(
                "⏰ Scheduled challenge ({when}): **{title}** starts now!",
                when=describe(record),
                title=qset.title,
            ),
            record.role_id,
        )

    async def replan_guild(self, guild_id: int) -> None:
        """Recompute every schedule of a server, after its time zone changed."""
        zone = timing.zone(await self.storage.guild_timezone(guild_id))
        at = now()
        for record in await self.storage.guild_schedules(guild_id):
            wall = wall_of(record)
            following = timing.next_run(wall, timing.Repeat(record.repeat), zone, at)
            if following is None:
                _, following = timing.first_run(wall, timing.Repeat.ONCE, zone, at)
            await self.storage.reschedule(record.id, following)
            self.arm(_with_next_run(record, following))

    async def _tell(self, record: ScheduleRecord, text: str) -> None:
        """Say why a run was skipped in its channel, or to the moderator who made it."""
        sessions = self.sessions
        channel = self.client.get_partial_messageable(record.channel_id, guild_id=record.guild_id)
        try:
            await retrying(lambda: channel.send(text, allowed_mentions=_NO_PINGS))
        except Exception as error:
            log.info("schedule %s: channel refused the notice (%s)", record.id, error)
            where = _("In {channel}.", channel=channel_mention(record.channel_id))
            await sessions.tell_member(record.created_by, f"{text}\n*{where}*")


def _with_next_run(record: ScheduleRecord, at: float) -> ScheduleRecord:
    return replace(record, next_run_at=at)
