"""Play sessions in Discord: post questions, take reaction answers, close, reveal, finish.

The engine decides every rule; this module only moves its results to and from Discord and
storage. Each session's transitions run under its own lock, and every engine call happens
before the first ``await`` of a handler so concurrent answers are applied in arrival order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections import deque
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

from bot import engine, rendering
from bot.clock import now
from bot.errors import MissingBotPermissions, UserFacingError, missing_permissions
from bot.live import LiveSession
from bot.retry import is_transient, retrying
from bot.scheduler import Scheduler
from content.model import Mode, QuestionSet
from storage import AnswerRecord, BadgeRecord, ResultRecord, SessionRecord, Storage

if TYPE_CHECKING:
    from bot.app import QuizBot

log = logging.getLogger(__name__)

NEEDED_IN_CHANNEL = (
    "view_channel",
    "send_messages",
    "embed_links",
    "add_reactions",
    "read_message_history",
)
NEEDED_FOR_THREADS = ("create_public_threads", "send_messages_in_threads")
REMOVALS_PER_PULSE = 6
"""Reaction removals per channel per pulse: Discord allows about four a second per channel."""
THREAD_ARCHIVE_MINUTES = 60


@dataclass(frozen=True, slots=True)
class PendingRemoval:
    message_id: int
    emoji: str
    member_id: int


def describe(error: discord.HTTPException) -> str:
    """Return Discord's reason for a refused request, for a message."""
    if isinstance(error, discord.Forbidden):
        return "Discord says I'm missing a permission here"
    return f"Discord answered {error.status}: {error.text or 'no reason given'}"


class SessionManager:
    """Own every running session: start, answer, hint, stop, timers and restore."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self.by_id: dict[str, LiveSession] = {}
        self.by_channel: dict[int, LiveSession] = {}
        self.by_message: dict[int, LiveSession] = {}
        self.deadlines = Scheduler("deadline")
        self.removals: dict[int, deque[PendingRemoval]] = {}
        self._failures_logged: set[tuple[str, int]] = set()
        self.closing = False

    @property
    def storage(self) -> Storage:
        return self.bot.storage

    # ------------------------------------------------------------------ lookups

    def in_channel(self, channel_id: int | None) -> LiveSession | None:
        """Return the session played in this channel or thread, if any."""
        return self.by_channel.get(channel_id) if channel_id is not None else None

    def personal_of(self, guild_id: int, member_id: int) -> LiveSession | None:
        """Return the member's running practice or test in this server, if any."""
        for live in self.by_id.values():
            if (
                live.guild_id == guild_id
                and live.session.personal
                and live.session.starter_id == member_id
            ):
                return live
        return None

    # ------------------------------------------------------------------ start

    async def start(self, interaction: discord.Interaction, qset: QuestionSet, mode: Mode) -> None:
        """Start ``mode`` on ``qset`` for the member behind ``interaction``."""
        channel = interaction.channel
        guild = interaction.guild
        if self.closing:
            raise UserFacingError("I'm restarting; start again in a minute and you'll be all set.")
        if guild is None or channel is None or interaction.channel_id is None:
            raise UserFacingError("Quizzes run in server channels, not in direct messages.")
        if not isinstance(channel, discord.TextChannel | discord.Thread):
            raise UserFacingError("Quizzes run in text channels and their threads.")
        busy = self.in_channel(channel.id)
        if busy is not None:
            raise UserFacingError(
                f"A {busy.session.mode.value} of **{busy.qset.title}** is already running here. "
                "Answer along, or wait until it ends (its starter or a moderator can /stop it)."
            )
        permissions = interaction.app_permissions
        needed = list(NEEDED_IN_CHANNEL)
        if isinstance(channel, discord.Thread):
            needed[needed.index("send_messages")] = "send_messages_in_threads"
        missing = missing_permissions(permissions, needed)
        if missing:
            raise MissingBotPermissions(missing)
        member_id = interaction.user.id
        if mode is not Mode.CHALLENGE:
            mine = self.personal_of(guild.id, member_id)
            if mine is not None:
                raise UserFacingError(
                    f"You already have a {mine.session.mode.value} of **{mine.qset.title}** "
                    f"running in <#{mine.channel_id}>. Finish it or use /stop there first."
                )
        at = now()
        try:
            session = engine.start_session(
                qset,
                mode,
                session_id=secrets.token_hex(8),
                starter_id=member_id,
                now=at,
                seed=secrets.randbits(32),
            )
        except engine.NoQuestionsError as error:
            raise UserFacingError(str(error)) from error

        use_thread = (
            mode is not Mode.CHALLENGE
            and isinstance(channel, discord.TextChannel)
            and not missing_permissions(permissions, NEEDED_FOR_THREADS)
        )
        intro = rendering.intro_embed(qset, mode, len(session.question_ids), member_id)
        if use_thread:
            await interaction.response.defer(ephemeral=True, thinking=True)
            assert isinstance(channel, discord.TextChannel)
            name = f"{rendering.MODE_LABELS[mode]} · {qset.title} · {interaction.user.display_name}"
            thread = await channel.create_thread(
                name=rendering.clip(name, 100),
                type=discord.ChannelType.public_thread,
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
            await thread.send(embed=intro)
            live = self._register(session, qset, guild.id, thread.id, thread.id, at)
            await self._save(live)
            await interaction.followup.send(
                f"Your {mode.value} of **{qset.title}** is ready in {thread.mention}.",
                ephemeral=True,
            )
        else:
            # Registered before the first await, so a second /challenge here is refused.
            live = self._register(session, qset, guild.id, channel.id, None, at)
            try:
                await interaction.response.send_message(embed=intro)
            except BaseException:
                self._unregister(live)
                raise
            await self._save(live)
        await self._post_question(live)

    def _register(  # noqa: PLR0917
        self,
        session: engine.Session,
        qset: QuestionSet,
        guild_id: int,
        channel_id: int,
        thread_id: int | None,
        at: float,
    ) -> LiveSession:
        live = LiveSession(session, qset, guild_id, channel_id, thread_id, at)
        self.by_id[live.id] = live
        self.by_channel[channel_id] = live
        return live

    def _unregister(self, live: LiveSession) -> None:
        self.by_id.pop(live.id, None)
        if self.by_channel.get(live.channel_id) is live:
            del self.by_channel[live.channel_id]
        self._forget_question_message(live)
        self.deadlines.cancel(live.id)

    def _forget_question_message(self, live: LiveSession) -> None:
        if live.question_message_id is not None:
            self.by_message.pop(live.question_message_id, None)
            queue = self.removals.get(live.channel_id)
            if queue:
                kept = [r for r in queue if r.message_id != live.question_message_id]
                self.removals[live.channel_id] = deque(kept)

    # ------------------------------------------------------------------ questions

    def _messageable(self, live: LiveSession) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(live.channel_id, guild_id=live.guild_id)

    async def _post_question(self, live: LiveSession) -> None:
        """Post the current question, register it for answers and arm its deadline."""
        session = live.session
        question = live.question
        hints = session.mode is not Mode.TEST and question.hint is not None
        embed = rendering.question_embed(
            live.qset,
            question,
            mode=session.mode,
            position=session.position,
            attempts=session.round.attempts,
            deadline=session.round.deadline,
            hints=hints,
        )
        channel = self._messageable(live)
        try:
            message = await retrying(lambda: channel.send(embed=embed))
        except discord.HTTPException as error:
            await self._abandon(live, f"I couldn't post the next question ({describe(error)}).")
            return
        live.question_message_id = message.id
        live.status_message_id = None
        live.status_dirty = False
        live.hint_posted = False
        self.by_message[message.id] = live
        self._arm_deadline(live)
        await self._save(live)
        emojis = [rendering.option_emoji(i) for i in range(len(question.options))]
        if hints:
            emojis.append(rendering.HINT_EMOJI)
        for emoji in emojis:
            try:
                await retrying(lambda emoji=emoji: message.add_reaction(emoji))
            except discord.NotFound:
                return  # the message is gone: on_raw_message_delete ends the session
            except discord.HTTPException as error:
                self._log_once("add_reaction", live.channel_id, error)
                if not live.reactions_notice_sent:
                    live.reactions_notice_sent = True
                    await self._send(
                        live,
                        f"⚠️ I couldn't add the answer reactions ({describe(error)}). React "
                        "with the option letters yourselves to answer; a moderator can give me "
                        "**Add Reactions** and **Read Message History** here.",
                    )
                return

    def _arm_deadline(self, live: LiveSession) -> None:
        deadline = live.session.round.deadline
        if deadline is None:
            return
        question_id = live.session.round.question_id
        index = live.session.index
        self.deadlines.schedule_later(
            live.id, deadline - now(), lambda: self._on_deadline(live, index, question_id)
        )

    async def _on_deadline(self, live: LiveSession, index: int, question_id: str) -> None:
        if self.by_id.get(live.id) is not live:
            return
        round_ = live.session.round
        if live.session.index != index or round_.question_id != question_id or round_.closed:
            return
        live.session = engine.close_round(live.session, now())
        await self._finish_round(live, "⏰ Time's up!")

    # ------------------------------------------------------------------ answers

    async def on_reaction(self, payload: discord.RawReactionActionEvent) -> None:
        """Apply a member's reaction to the question it was added to."""
        live = self.by_message.get(payload.message_id)
        if live is None or self.closing or self.bot.user is None:
            return
        if payload.user_id == self.bot.user.id:
            return
        if payload.member is not None and payload.member.bot:
            return
        emoji = str(payload.emoji)
        if emoji == rendering.HINT_EMOJI:
            await self._hint_by_reaction(live, payload.user_id)
            return
        option = rendering.option_index(emoji)
        if option is None:
            return
        await self.answer(live, payload.user_id, option, emoji)

    async def answer(
        self, live: LiveSession, member_id: int, option: int, emoji: str, *, away: bool = False
    ) -> None:
        """Submit one answer to the engine, record it, then tell the member.

        ``away`` marks a reaction added while the bot was offline: it counts as given in time.
        """
        round_before = live.session.round
        at = now()
        if away and round_before.deadline is not None:
            at = min(at, round_before.deadline - 0.001)
        session, outcome = engine.submit_answer(live.session, live.qset, member_id, option, at)
        if not outcome.accepted:
            return
        live.session = session
        question = live.question
        record = AnswerRecord(
            guild_id=live.guild_id,
            channel_id=live.channel_id,
            member_id=member_id,
            set_id=live.qset.id,
            question_id=round_before.question_id,
            mode=session.mode.value,
            session_id=session.id,
            attempt=outcome.attempt,
            chosen=question.letters[option],
            correct=outcome.correct,
            points=outcome.points,
            seconds=max(outcome.seconds, 0.0),
            answered_at=at,
        )
        if not session.personal:
            live.status_dirty = True
            if live.question_message_id is not None:
                self.removals.setdefault(live.channel_id, deque()).append(
                    PendingRemoval(live.question_message_id, emoji, member_id)
                )
        await asyncio.gather(self.storage.record_answer(record), self._save(live))
        if outcome.round_closed:
            if session.personal:
                reason = "✅ Correct!" if outcome.correct else "❌ Out of attempts."
            else:
                reason = "🏁 Everyone has answered!"
            await self._finish_round(live, reason, expected=round_before.question_id)
        elif session.personal and not outcome.correct:
            left = outcome.attempts_left
            await self._send(
                live,
                f"❌ **{question.letters[option]}** isn't it. {left} attempt"
                f"{'s' if left != 1 else ''} left: react with another letter.",
            )

    # ------------------------------------------------------------------ hints

    async def hint_for(self, live: LiveSession, member_id: int) -> str:
        """Give ``member_id`` the current hint, or raise a sentence saying why not."""
        session, outcome = engine.take_hint(live.session, live.qset, member_id, now())
        if not outcome.accepted:
            assert outcome.rejection is not None
            raise UserFacingError(outcome.rejection.sentence)
        live.session = session
        await self._save(live)
        assert outcome.hint is not None
        return outcome.hint

    async def _hint_by_reaction(self, live: LiveSession, member_id: int) -> None:
        try:
            hint = await self.hint_for(live, member_id)
        except UserFacingError:
            return
        text = f"💡 **Hint:** {hint}"
        if live.session.personal:
            await self._send(live, text)
            return
        where = f"{live.qset.title}, question {live.session.position[0]}"
        sent = await self._dm(member_id, f"{text}\n-# {where}", live.channel_id)
        if not sent and not live.hint_posted:
            live.hint_posted = True
            await self._send(live, f"{text}\n-# Asked for by <@{member_id}>.")

    # ------------------------------------------------------------------ closing

    async def _finish_round(
        self, live: LiveSession, reason: str, *, expected: str | None = None
    ) -> None:
        """Reveal the closed question, then post the next one or finish the session."""
        async with live.lock:
            if self.by_id.get(live.id) is not live:
                return
            if expected is not None and live.session.round.question_id != expected:
                return
            if not live.session.round.closed:
                return
            self.deadlines.cancel(live.id)
            self._forget_question_message(live)
            live.question_message_id = None
            await self._reveal(live, reason)
            live.session = engine.advance(live.session, live.qset, now())
            if live.session.status is engine.SessionStatus.FINISHED:
                await self._finish_session(live)
            else:
                await self._post_question(live)

    async def _reveal(self, live: LiveSession, reason: str) -> None:
        round_ = live.session.round
        right = [m for m, t in round_.tries.items() if t.correct]
        embed = rendering.reveal_embed(
            live.question, right=right, show_right=not live.session.personal, reason=reason
        )
        await self._send(live, embed=embed)

    async def _finish_session(
        self, live: LiveSession, stopped_by: int | None = None, stop_reason: str | None = None
    ) -> None:
        """Record results and badges, post the summary and forget the session."""
        self._unregister(live)
        session = live.session
        result = engine.session_result(session, live.qset)
        at = now()
        writes: list[Awaitable[object]] = []
        if session.mode is not Mode.PRACTICE:
            for member in result.members:
                writes.append(
                    self.storage.record_result(
                        ResultRecord(
                            live.guild_id,
                            member.member_id,
                            live.qset.id,
                            session.mode.value,
                            session.id,
                            member.correct,
                            result.total_questions,
                            at,
                        )
                    )
                )
        await asyncio.gather(*writes)
        new_badges: list[int] = []
        badge = live.qset.badge
        if badge is not None:
            for member_id in sorted(result.badge_winners):
                earned = await self.storage.award_badge(
                    BadgeRecord(
                        live.guild_id,
                        member_id,
                        live.qset.id,
                        badge.name,
                        badge.emoji,
                        session.id,
                        at,
                    )
                )
                if earned:
                    new_badges.append(member_id)
        status = "stopped" if stopped_by is not None else "finished"
        await self.storage.end_session(session.id, status, at)
        embed = rendering.result_embed(
            live.qset,
            result,
            new_badges=new_badges,
            stopped_by=stopped_by,
            stop_reason=stop_reason,
        )
        await self._send(live, embed=embed)

    async def stop(self, live: LiveSession, by: int, why: str | None = None) -> None:
        """End ``live`` now on behalf of member ``by``; answers stay recorded."""
        async with live.lock:
            if self.by_id.get(live.id) is not live:
                return
            live.session = engine.stop(live.session, now())
            await self._finish_session(live, stopped_by=by, stop_reason=why)

    async def stop_set(self, guild_id: int, set_id: str, by: int, why: str) -> None:
        """End every session of a server playing ``set_id``."""
        for live in self.playing(guild_id, set_id):
            await self.stop(live, by, why)

    def playing(self, guild_id: int, set_id: str) -> list[LiveSession]:
        """Return the sessions of a server playing ``set_id``."""
        return [
            live
            for live in self.by_id.values()
            if live.guild_id == guild_id and live.qset.id == set_id
        ]

    async def _abandon(self, live: LiveSession, why: str, *, tell_channel: bool = True) -> None:
        """End a session that Discord no longer lets us play, keeping what was recorded."""
        if self.by_id.get(live.id) is not live:
            return
        log.warning("ending session %s in channel %s: %s", live.id, live.channel_id, why)
        self._unregister(live)
        live.session = engine.stop(live.session, now())
        await self.storage.end_session(live.id, "stopped", now())
        text = (
            f"⚠️ The {live.session.mode.value} of **{live.qset.title}** had to end: {why} "
            "Every answer given so far is saved."
        )
        if tell_channel and await self._send(live, text):
            return
        where = f"\n-# In <#{live.channel_id}>."
        await self._dm(live.session.starter_id, text + where, live.channel_id)

    async def on_message_deleted(self, message_id: int) -> None:
        """End the session whose question message was deleted."""
        live = self.by_message.get(message_id)
        if live is None:
            return
        async with live.lock:
            if live.question_message_id == message_id:
                await self._abandon(live, "its question message was deleted.")

    async def on_channel_deleted(self, channel_id: int) -> None:
        """End the sessions played in a deleted channel or thread."""
        for live in list(self.by_id.values()):
            if channel_id in {live.channel_id, live.thread_id}:
                async with live.lock:
                    await self._abandon(live, "its channel was deleted.", tell_channel=False)

    # ------------------------------------------------------------------ pulse

    async def pulse(self) -> None:
        """Flush changed status lines and pace reaction removals (runs every couple of seconds)."""
        for live in list(self.by_id.values()):
            if live.status_dirty and live.question_message_id is not None:
                live.status_dirty = False
                try:
                    await self._flush_status(live)
                except Exception:  # the pulse must outlive any one session's failure
                    log.exception("status of session %s failed", live.id)
        for channel_id, queue in list(self.removals.items()):
            for _ in range(min(REMOVALS_PER_PULSE, len(queue))):
                removal = queue.popleft()
                await self._remove_reaction(channel_id, removal)
            if not queue:
                del self.removals[channel_id]

    async def _flush_status(self, live: LiveSession) -> None:
        round_ = live.session.round
        right: list[int] = []
        out: list[int] = []
        retrying: list[tuple[int, int]] = []
        for member_id, tried in round_.tries.items():
            if tried.correct:
                right.append(member_id)
            elif tried.done:
                out.append(member_id)
            elif tried.attempts_used:
                retrying.append((member_id, round_.attempts - tried.attempts_used))
        answered = len(right) + len(out) + len(retrying)
        embed = rendering.status_embed(rendering.status_text(right, out, retrying), answered)
        channel = self._messageable(live)
        try:
            if live.status_message_id is not None:
                await channel.get_partial_message(live.status_message_id).edit(embed=embed)
                return
        except discord.NotFound:
            live.status_message_id = None
        except discord.HTTPException as error:
            self._status_failed(live, error)
            return
        try:
            message = await channel.send(embed=embed)
        except discord.HTTPException as error:
            self._status_failed(live, error)
            return
        live.status_message_id = message.id

    def _status_failed(self, live: LiveSession, error: discord.HTTPException) -> None:
        self._log_once("status", live.channel_id, error)
        if is_transient(error):
            live.status_dirty = True  # the next pulse tries again

    async def _remove_reaction(self, channel_id: int, removal: PendingRemoval) -> None:
        live = self.by_message.get(removal.message_id)
        if live is None:
            return
        channel = self.bot.get_channel(channel_id)
        guild = self.bot.get_guild(live.guild_id)
        if guild is None or not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return
        if not channel.permissions_for(guild.me).manage_messages:
            return
        message = self._messageable(live).get_partial_message(removal.message_id)
        try:
            await message.remove_reaction(removal.emoji, discord.Object(removal.member_id))
        except discord.HTTPException as error:
            self._log_once("remove_reaction", channel_id, error)

    # ------------------------------------------------------------------ restore

    async def restore(self) -> None:
        """Resume every session saved as running, as if the bot had never been away."""
        for record in await self.storage.open_sessions():
            if record.id in self.by_id:
                continue
            try:
                await self._restore_one(record)
            except Exception:
                log.exception("could not resume session %s", record.id)

    async def _restore_one(self, record: SessionRecord) -> None:
        qset = self.bot.catalog.get(record.guild_id, record.set_id)
        if qset is None:
            await self._end_unplayable(record, "its question set was removed")
            return
        state = json.loads(record.state)
        extras = state.get("discord", {})
        session = engine.from_snapshot(state["engine"])
        if any(qset.question(q) is None for q in session.question_ids):
            await self._end_unplayable(record, "its question set no longer has all its questions")
            return
        live = self._register(
            session,
            qset,
            record.guild_id,
            record.channel_id,
            record.thread_id,
            record.created_at,
        )
        live.status_message_id = extras.get("status_message_id")
        live.hint_posted = bool(extras.get("hint_posted"))
        if record.message_id is None:
            await self._post_question(live)
            return
        live.question_message_id = record.message_id
        self.by_message[record.message_id] = live
        if not live.session.round.closed:
            await self._catch_up(live)
        round_ = live.session.round
        if not round_.closed and round_.deadline is not None and now() >= round_.deadline:
            live.session = engine.close_round(live.session, round_.deadline)
            await self._finish_round(live, "⏰ Time's up!")
        elif round_.closed:
            await self._finish_round(live, "🏁 Question closed.")
        else:
            self._arm_deadline(live)

    async def _end_unplayable(self, record: SessionRecord, why: str) -> None:
        """End a saved session that can't resume, keeping what was recorded."""
        await self.storage.end_session(record.id, "stopped", now())
        channel = self.bot.get_partial_messageable(record.channel_id, guild_id=record.guild_id)
        try:
            await channel.send(
                f"⚠️ The {record.mode} of `{record.set_id}` ended: {why}. "
                "Every answer given so far is saved."
            )
        except discord.HTTPException as error:
            self._log_once("send", record.channel_id, error)

    async def _catch_up(self, live: LiveSession) -> None:
        """Apply answer reactions added to the question while the bot was away."""
        assert live.question_message_id is not None
        channel = self._messageable(live)
        try:
            message = await channel.fetch_message(live.question_message_id)
        except discord.NotFound:
            await self._abandon(live, "its question message was deleted.")
            return
        except discord.HTTPException as error:
            self._log_once("fetch_message", live.channel_id, error)
            return
        me = self.bot.user.id if self.bot.user else 0
        for reaction in message.reactions:
            option = rendering.option_index(str(reaction.emoji))
            if option is None:
                continue
            async for user in reaction.users():
                if user.bot or user.id == me:
                    continue
                if option in live.session.round.try_of(user.id).choices:
                    continue
                await self.answer(live, user.id, option, str(reaction.emoji), away=True)
                if self.by_id.get(live.id) is not live or live.session.round.closed:
                    return

    # ------------------------------------------------------------------ plumbing

    async def _send(
        self, live: LiveSession, content: str | None = None, *, embed: discord.Embed | None = None
    ) -> bool:
        """Post in the session's channel; return whether Discord took the message."""
        channel = self._messageable(live)
        try:
            await retrying(
                lambda: channel.send(
                    content, embed=embed, allowed_mentions=discord.AllowedMentions.none()
                )
            )
        except discord.HTTPException as error:
            self._log_once("send", live.channel_id, error)
            return False
        return True

    async def _dm(self, member_id: int, text: str, channel_id: int) -> bool:
        """Send ``text`` to a member privately; return whether Discord took it."""
        try:
            user = self.bot.get_user(member_id) or await self.bot.fetch_user(member_id)
            await user.send(text, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException as error:
            self._log_once("dm", channel_id, error)
            return False
        return True

    async def _save(self, live: LiveSession) -> None:
        session = live.session
        state = {"engine": engine.to_snapshot(session), "discord": live.extras()}
        status = "running" if session.running else session.status.value
        await self.storage.save_session(
            SessionRecord(
                id=session.id,
                guild_id=live.guild_id,
                channel_id=live.channel_id,
                thread_id=live.thread_id,
                mode=session.mode.value,
                set_id=session.set_id,
                starter_id=session.starter_id,
                status=status,
                question_id=session.round.question_id,
                deadline=session.round.deadline,
                message_id=live.question_message_id,
                state=json.dumps(state, separators=(",", ":")),
                created_at=live.created_at,
                updated_at=now(),
            )
        )

    def _log_once(self, what: str, channel_id: int, error: Exception) -> None:
        key = (what, channel_id)
        if key not in self._failures_logged:
            self._failures_logged.add(key)
            log.warning("%s failed in channel %s: %s", what, channel_id, error)

    async def close(self) -> None:
        """Take no more answers and cancel every timer; sessions stay saved and resume later."""
        self.closing = True
        await self.deadlines.close()
