"""Resume saved sessions after a restart, as if the bot had never been away."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

import discord

from bot import engine, rendering
from bot.languages import in_saved_language, in_session_language
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.sessions.base import SessionsBase, log
from content.loader import SetFileError, load_set_text
from content.model import OPTION_LETTERS, QuestionSet
from i18n import _, resolve
from storage import AnswerRecord, SessionRecord

RESTORE_CONCURRENCY = 8
"""Sessions reading their reactions back at once after a restart (a few REST calls each)."""
RESUME_ATTEMPTS = 3
"""Reads of a saved session that fail before it is ended with a sentence instead."""


class RestoringPart(SessionsBase):
    """Read running sessions back, apply reactions added meanwhile, re-arm their deadlines."""

    async def restore(self, saved: list[SessionRecord] | None = None) -> None:
        """Resume every session saved as running in this process's guilds that it can claim.

        ``saved``: only these sessions (the ones another process left), instead of every
        running one. Every session is registered (taking answers) and its deadline re-armed
        first; reading back the reactions added meanwhile then runs for all sessions at once,
        at most ``RESTORE_CONCURRENCY`` REST calls in flight.
        """
        owns_guild = getattr(self.client, "owns_guild", None) or (lambda _guild_id: True)
        if saved is None:
            saved = await self.storage.open_sessions()
        records = [
            record
            for record in saved
            if record.id not in self.by_id and owns_guild(record.guild_id)
        ]
        # A session another live process holds is not run twice: every renewal looks again
        # for sessions whose lease has expired and adopts them.
        claimed = await self.leases.claim(record.id for record in records)
        self.leases.watch(
            self.restore,
            owns_guild,
            standby=getattr(self.client, "shard_ids", None) is not None,
            waiting={record.id for record in records} - claimed,
        )
        catching_up: list[LiveSession] = []
        for record in records:
            if record.id not in claimed:
                continue
            try:
                live = await self._register_saved(record)
            except Exception:
                log.exception("could not resume session %s", record.id)
                await self._resume_later(record)
                continue
            self.leases.failed_resumes.pop(record.id, None)
            if live is not None:
                catching_up.append(live)
        for session_id in claimed - set(self.by_id):  # ended as unplayable, or failed
            self.leases.forget(session_id)
        await self._each_few_at_a_time(catching_up, self._resume, "resume session")

    async def _resume_later(self, record: SessionRecord) -> None:
        """Try a session that could not be read back again later; end it after a few tries.

        Its lease lapses, so a lease renewal adopts it again (a database that failed for a
        moment usually works by then); after ``RESUME_ATTEMPTS`` it ends with a sentence
        rather than leaving members reacting to a question nobody runs.
        """
        leases = self.leases
        tries = leases.failed_resumes.get(record.id, 0) + 1
        if tries >= RESUME_ATTEMPTS:
            leases.failed_resumes.pop(record.id, None)
            await self._end_unplayable(record, _("I couldn't read it back after a restart"))
            return
        leases.failed_resumes[record.id] = tries
        leases.waiting.add(record.id)
        leases.keep_renewing()

    async def catch_up_guilds(self, in_guilds: Callable[[int], bool]) -> None:
        """Apply the reactions added to open questions of these guilds while events were lost."""

        async def catch_up(live: LiveSession) -> None:
            if self.is_live(live) and not live.session.round.closed:
                await self._catch_up(live)

        open_questions = [
            live
            for live in self.by_id.values()
            if live.question_message_id is not None and in_guilds(live.guild_id)
        ]
        await self._each_few_at_a_time(open_questions, catch_up, "read back the reactions of")

    async def _each_few_at_a_time(
        self,
        lives: list[LiveSession],
        action: Callable[[LiveSession], Awaitable[None]],
        what: str,
    ) -> None:
        """Run ``action`` for every session, ``RESTORE_CONCURRENCY`` at once (REST calls)."""
        limit = asyncio.Semaphore(RESTORE_CONCURRENCY)

        async def one(live: LiveSession) -> None:
            async with limit:
                try:
                    await action(live)
                except Exception:
                    log.exception("could not %s %s", what, live.id)

        await asyncio.gather(*(one(live) for live in lives))

    @in_saved_language
    async def _register_saved(self, record: SessionRecord) -> LiveSession | None:
        """Register a saved session; return it when its open question needs catching up."""
        state = json.loads(record.state)
        extras = state.get("discord", {})
        session = engine.from_snapshot(state["engine"])
        is_review = bool(extras.get("review"))
        version = extras.get("set_version")
        if is_review:
            qset = self.review_set_of(record.guild_id, session.question_ids)
        else:
            qset = await self._set_as_started(record.guild_id, record.set_id, version)
        if qset is None and not is_review:
            await self._end_unplayable(record, _("the question set was removed"))
            return None
        if qset is None or any(qset.question(q) is None for q in session.question_ids):
            await self._end_unplayable(
                record, _("the question set no longer has all the questions")
            )
            return None
        session = replay_answers(
            session, qset, await self.storage.session_answers(record.id), review=is_review
        )
        live = self._register(
            session,
            qset,
            record.guild_id,
            record.channel_id,
            record.thread_id,
            record.created_at,
            review=is_review,
        )
        live.set_version = version
        live.locale = resolve(extras.get("locale"))  # saved before languages: English
        live.status_message_id = extras.get("status_message_id")
        live.hint_posted = bool(extras.get("hint_posted"))
        if record.message_id is not None:
            live.question_message_id = record.message_id
            self.by_message[record.message_id] = live
            round_ = live.session.round
            if not round_.closed and (round_.deadline is None or now() < round_.deadline):
                self._arm_deadline(live)
                self._arm_idle(live)
        return live

    async def _set_as_started(
        self, guild_id: int, set_id: str, version: int | None
    ) -> QuestionSet | None:
        """Return the set a session started on: the same version of a server's own set."""
        entry = self.catalog.server_set(guild_id, set_id)
        if version is None or (entry is not None and entry.version == version):
            return self.catalog.get(guild_id, set_id)
        stored = await self.storage.guild_set_version(guild_id, set_id, version)
        if stored is None:
            return None
        try:
            return await asyncio.to_thread(load_set_text, stored.yaml_text, f"{set_id}.yaml")
        except SetFileError:
            return None

    @in_session_language
    async def _resume(self, live: LiveSession) -> None:
        """Post a question that never was, or read reactions back and close what is due."""
        if live.question_message_id is None:
            async with live.lock:
                await self._post_question(live)
            return
        if not live.session.round.closed:
            await self._catch_up(live)
        if not self.is_live(live):
            return
        round_ = live.session.round
        if not round_.closed and round_.deadline is not None and now() >= round_.deadline:
            live.session = engine.close_round(live.session, round_.deadline)
            await self._finish_round(live, _("⏰ Time's up!"))
        elif round_.closed:
            await self._finish_round(live, _("🏁 Question closed."))

    @in_session_language
    async def _catch_up(self, live: LiveSession) -> None:
        """Apply answer reactions added to the open question while the bot was away.

        Only reactions on the open question's own message count, never a bot's; they are
        applied in option order (Discord gives no times for them) as if given in time.
        """
        assert live.question_message_id is not None
        channel = self._messageable(live)
        try:
            message = await channel.fetch_message(live.question_message_id)
        except discord.NotFound:
            await self._abandon(live, _("the question message was deleted."))
            return
        except Exception as error:
            self._log_once("fetch_message", live.channel_id, error)
            return
        me = self.client.user.id if self.client.user else 0
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
                if not self.is_live(live) or live.session.round.closed:
                    return


def replay_answers(
    session: engine.Session, qset: QuestionSet, answers: list[AnswerRecord], *, review: bool
) -> engine.Session:
    """Apply to the open round the answers recorded after its state was last saved.

    Group answers write only their row; the whole state follows at the next pulse. Answers to
    the open question beyond what the saved state holds are applied again, in recorded order.
    """
    round_ = session.round
    if round_.closed:
        return session
    for answer in answers:
        question_id = f"{answer.set_id}/{answer.question_id}" if review else answer.question_id
        if question_id != round_.question_id:
            continue
        if len(session.round.try_of(answer.member_id).choices) >= answer.attempt:
            continue  # already in the saved state
        option = OPTION_LETTERS.index(answer.chosen)
        session, _ = engine.submit_answer(
            session, qset, answer.member_id, option, answer.answered_at
        )
    return session
