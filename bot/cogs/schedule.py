"""``/schedule``: challenges that start by themselves at a time in the server's zone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import autocomplete_set, require_manage_server, resolve_set
from bot.commands.errors import UserFacingError
from bot.commands.tree import replying_to_errors
from bot.engine import schedule as timing
from bot.rendering import (
    COLOUR_INFO,
    DESCRIPTION_LIMIT,
    bounded_lines,
    channel_mention,
    role_mention,
    timestamp,
)
from bot.runtime.clock import now
from bot.scheduling.schedules import check_who_can_post, describe
from i18n import N_, _, ngettext
from storage import LimitReachedError, ScheduleRecord

if TYPE_CHECKING:
    from bot.app import QuizBot

# Translators: the choices of the `repeat` option of /schedule add, as the menu lists them
REPEAT_CHOICES = (N_("once"), N_("daily"), N_("weekly"))
"""Marked for the catalogs: the Translator gives Discord these choice names translated."""

COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class ScheduleCog(
    commands.GroupCog,
    group_name="schedule",
    group_description=N_("Challenges that start by themselves"),
):
    """Manage Server only: Discord hides the group from others, and each command checks too."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="add", description=N_("Start a challenge by itself at a time"))
    @app_commands.describe(
        set=N_("The question set of the challenge"),
        time=N_("The time of day, 24-hour HH:MM, in the server's time zone"),
        repeat=N_("once (default), daily or weekly (on the weekday of the first run)"),
        channel=N_("Where to run it (this channel if empty)"),
        role=N_("The role to ping when it starts (nobody if empty)"),
    )
    @app_commands.autocomplete(set=autocomplete_set)
    async def add(  # noqa: PLR0917
        self,
        interaction: discord.Interaction,
        set: str,
        time: str,
        repeat: Literal["once", "daily", "weekly"] = "once",
        channel: discord.TextChannel | None = None,
        role: discord.Role | None = None,
    ) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            qset = resolve_set(self.bot, interaction.guild_id, set)
            try:
                wall = timing.parse_time(time)
            except ValueError as error:
                raise UserFacingError(str(error)) from None
            place = channel if channel is not None else interaction.channel
            if not isinstance(place, discord.TextChannel | discord.Thread) or not interaction.guild:
                raise UserFacingError(_("Pick a text channel for the challenge."))
            assert isinstance(interaction.user, discord.Member)
            check_who_can_post(place, interaction.user, interaction.guild.me, role)
            target = place.id
            storage = self.bot.storage
            existing = await storage.guild_schedules(interaction.guild_id)
            if len(existing) >= timing.MAX_SCHEDULES_PER_SERVER:
                raise UserFacingError(too_many_schedules(len(existing)))
            zone_name = await storage.guild_timezone(interaction.guild_id)
            kind = timing.Repeat(repeat)
            wall, first = timing.first_run(wall, kind, timing.zone(zone_name), now())
            record = ScheduleRecord(
                id=0,
                guild_id=interaction.guild_id,
                channel_id=target,
                set_id=qset.id,
                hour=wall.hour,
                minute=wall.minute,
                weekday=wall.weekday,
                repeat=kind.value,
                role_id=role.id if role is not None else None,
                created_by=interaction.user.id,
                next_run_at=first,
                created_at=now(),
            )
            try:
                record = await storage.add_schedule(
                    record, max_per_guild=timing.MAX_SCHEDULES_PER_SERVER
                )
            except LimitReachedError as error:  # another /schedule add here came first
                raise UserFacingError(too_many_schedules(error.count)) from None
            self.bot.schedules.arm(record)
            fields = {
                "number": record.id,
                "title": qset.title,
                "channel": f"<#{target}>",
                "when": timing.describe(wall, kind),
                "zone": zone_name,
                "first": timestamp(first),
            }
            # Translators: {when} is like "every day at 18:00"; {first} a relative time.
            text = (
                _(
                    "🗓️ Schedule **#{number}**: a challenge of **{title}** in {channel} "
                    "{when} ({zone}), pinging {role}. First run {first}.",
                    role=role.mention,
                    **fields,
                )
                if role is not None
                else _(
                    "🗓️ Schedule **#{number}**: a challenge of **{title}** in {channel} "
                    "{when} ({zone}). First run {first}.",
                    **fields,
                )
            )
            await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="list", description=N_("This server's scheduled challenges"))
    async def list_schedules(self, interaction: discord.Interaction) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            storage = self.bot.storage
            zone_name = await storage.guild_timezone(interaction.guild_id)
            records = await storage.guild_schedules(interaction.guild_id)
            lines = [
                _(
                    "**#{number}** `{set_id}` in {channel} {when}{role} · next {next}",
                    number=r.id,
                    set_id=r.set_id,
                    channel=channel_mention(r.channel_id),
                    when=describe(r),
                    role=" · " + role_mention(r.role_id) if r.role_id else "",
                    next=timestamp(r.next_run_at),
                )
                for r in records
            ]
            embed = discord.Embed(
                title=_("🗓️ Scheduled challenges · {zone}", zone=zone_name),
                description=bounded_lines(lines, DESCRIPTION_LIMIT)
                or _("None yet: add one with `/schedule add`."),
                colour=COLOUR_INFO,
            )
            embed.set_footer(
                text=_(
                    "schedules: {count}/{limit}",
                    count=len(records),
                    limit=timing.MAX_SCHEDULES_PER_SERVER,
                )
            )
            await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="remove", description=N_("Remove a scheduled challenge"))
    @app_commands.describe(id=N_("The schedule's number, as /schedule list shows it"))
    async def remove(self, interaction: discord.Interaction, id: int) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            if not await self.bot.storage.remove_schedule(interaction.guild_id, id):
                raise UserFacingError(
                    _(
                        "This server has no schedule #{number}; `/schedule list` shows them.",
                        number=id,
                    )
                )
            self.bot.schedules.disarm(id)
            await interaction.response.send_message(
                _("Removed schedule #{number}.", number=id), ephemeral=True
            )

    @app_commands.command(
        name="timezone",
        description=N_("The time zone of schedules, leaderboard weeks and months, and streaks"),
    )
    @app_commands.describe(zone=N_("An IANA name like Europe/Paris, America/New_York or UTC"))
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            try:
                name = timing.zone(zone).key
            except ValueError as error:
                raise UserFacingError(str(error)) from None
            await self.bot.storage.set_guild_timezone(interaction.guild_id, name)
            await self.bot.schedules.replan_guild(interaction.guild_id)
            await interaction.response.send_message(
                _(
                    "This server's clock is now **{zone}**: schedules (their next runs moved "
                    "with it), leaderboard weeks and months, streak days and /progress weeks "
                    "start at midnight there. What was already counted stays in its week.",
                    zone=name,
                ),
                ephemeral=True,
            )

    @timezone.autocomplete("zone")
    async def _zones(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        names = sorted(available_timezones()) if needle else list(COMMON_ZONES)
        return [app_commands.Choice(name=n, value=n) for n in names if needle in n.lower()][:25]


def too_many_schedules(count: int) -> str:
    """Return the sentence for a /schedule add past the server's limit."""
    return ngettext(
        "This server already has {n} schedule, the most it can have. "
        "Remove one with `/schedule remove` first.",
        "This server already has {n} schedules, the most it can have. "
        "Remove one with `/schedule remove` first.",
        count,
    )
