"""End sessions Discord no longer lets us play, and react to deleted messages and channels."""

from __future__ import annotations

import discord

from bot import engine
from bot.languages import in_saved_language, in_session_language
from bot.rendering import channel_mention
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import retrying
from bot.sessions.base import SessionsBase, log
from bot.sessions.sentences import ENDED, HAD_TO_END
from i18n import _
from storage import SessionRecord


class FailuresPart(SessionsBase):
    """Whatever fails, the session ends with a sentence and every recorded answer stays."""

    @in_session_language
    async def _abandon(self, live: LiveSession, why: str, *, tell_channel: bool = True) -> None:
        """End a session that can't go on, keeping what was recorded, and say why."""
        if not self.is_live(live):
            return
        log.warning("ending session %s in channel %s: %s", live.id, live.channel_id, why)
        self._unregister(live)
        live.session = engine.stop(live.session, now())
        try:
            await retrying(lambda: self.storage.end_session(live.id, "stopped", now()))
        except Exception as error:
            # Still "running" in the database: the next start resumes or ends it there.
            self._log_once("end_session", live.channel_id, error)
        text = _(HAD_TO_END[live.session.mode], title=live.qset.title, why=why)
        if tell_channel and await self._send(live, text):
            return
        where = "\n*" + _("In {channel}.", channel=channel_mention(live.channel_id)) + "*"
        await self._dm(live.session.starter_id, text + where, live.channel_id)

    @in_saved_language
    async def _end_unplayable(self, record: SessionRecord, why: str) -> None:
        """End a saved session that can't resume, keeping what was recorded."""
        try:
            await retrying(lambda: self.storage.end_session(record.id, "stopped", now()))
        except Exception as error:
            self._log_once("end_session", record.channel_id, error)
        channel = self.client.get_partial_messageable(record.channel_id, guild_id=record.guild_id)
        try:
            await channel.send(
                _(ENDED.get(record.mode, ENDED["practice"]), set_id=record.set_id, why=why),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except Exception as error:
            self._log_once("send", record.channel_id, error)

    async def on_message_deleted(self, message_id: int) -> None:
        """End the session whose question message was deleted."""
        live = self.by_message.get(message_id)
        if live is None:
            return
        async with live.lock:
            if live.question_message_id == message_id:
                await self._abandon(live, _("the question message was deleted."))

    async def on_channel_deleted(self, channel_id: int) -> None:
        """End the sessions played in a deleted channel or thread."""
        for live in list(self.by_id.values()):
            if channel_id in {live.channel_id, live.thread_id}:
                async with live.lock:
                    await self._abandon(live, _("the channel was deleted."), tell_channel=False)
