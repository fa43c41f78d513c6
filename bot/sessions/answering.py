"""Take answers and hint requests: reactions and /hint."""

from __future__ import annotations

from collections import deque

import discord

from bot import engine, rendering
from bot.commands.errors import UserFacingError
from bot.engine import review
from bot.languages import in_member_language, in_session_language
from bot.rendering import member_mention
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import retrying
from bot.sessions.base import PendingRemoval, SessionsBase, log
from i18n import _, ngettext
from storage import AnswerRecord, CardRecord


class AnsweringPart(SessionsBase):
    """Apply each reaction to the engine in arrival order, record it, tell the member."""

    async def on_reaction(self, payload: discord.RawReactionActionEvent) -> None:
        """Apply a member's reaction to the question it was added to."""
        live = self.by_message.get(payload.message_id)
        if live is None or self.closing or self.client.user is None:
            return
        if payload.user_id == self.client.user.id:
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
        accepted = await self.answer(live, payload.user_id, option, emoji)
        if not accepted and not live.session.personal and live.question_message_id is not None:
            # Refused answers go too, so nobody copies a letter left standing.
            self.removals.setdefault(live.channel_id, deque()).append(
                PendingRemoval(live.question_message_id, emoji, payload.user_id)
            )

    @in_session_language
    async def answer(
        self, live: LiveSession, member_id: int, option: int, emoji: str, *, away: bool = False
    ) -> bool:
        """Submit one answer to the engine, record it, tell the member; return if it counted.

        ``away`` marks a reaction added while the bot was offline: it counts as given in time.
        """
        round_before = live.session.round
        at = now()
        if away and round_before.deadline is not None:
            at = min(at, round_before.deadline - 0.001)
        session, outcome = engine.submit_answer(live.session, live.qset, member_id, option, at)
        if not outcome.accepted:
            return False
        live.session = session
        self._arm_idle(live)
        question = live.qset.question(round_before.question_id)
        assert question is not None
        set_id, question_id = live.origin(round_before.question_id)
        record = AnswerRecord(
            guild_id=live.guild_id,
            channel_id=live.channel_id,
            member_id=member_id,
            set_id=set_id,
            question_id=question_id,
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
            self.show_status_soon(live)
            if live.question_message_id is not None:
                self.removals.setdefault(live.channel_id, deque()).append(
                    PendingRemoval(live.question_message_id, emoji, member_id)
                )
        card = None
        if outcome.member_done:
            rating = review.rating_for_try(session.round.try_of(member_id))
            card = await self._next_card(live.guild_id, member_id, set_id, question_id, rating, at)
        # An answer writes only its row (and card): the whole state, which grows with the group
        # and with a long practice, is saved by the next pulse or the next question, and a
        # restart rebuilds the open round from the answers recorded since (replay_answers).
        live.state_dirty = True
        saved = await self._record(live, record, card)
        if not saved:
            await self._tell_answer_lost(live, member_id, session.position[0])
        if outcome.round_closed:
            if session.personal:
                reason = _("✅ Correct!") if outcome.correct else _("❌ Out of attempts.")
            else:
                reason = _("🏁 Everyone has answered!")
            await self._finish_round(live, reason, expected=round_before.question_id)
        elif session.personal and not outcome.correct:
            left = outcome.attempts_left
            text = ngettext(
                "❌ **{letter}** isn't it. {n} attempt left: react with another letter.",
                "❌ **{letter}** isn't it. {n} attempts left: react with another letter.",
                left,
                letter=question.letters[option],
            )
            feedback = question.feedback_for(option)
            if feedback:
                text += f"\n> {rendering.inline(feedback)}"
            await self._send(live, text)
        return True

    async def _record(
        self, live: LiveSession, record: AnswerRecord, card: CardRecord | None
    ) -> bool:
        """Record an answer (and its review card), trying again when the database may recover."""
        try:
            await retrying(lambda: self.storage.record_answer(record, card))
        except Exception:
            log.exception("could not record an answer in session %s", live.id)
            return False
        return True

    async def _save_quietly(self, live: LiveSession) -> None:
        """Save after an answer; a failure here is caught up by the next save."""
        try:
            await self._save(live)
        except Exception as error:
            self._log_once("save", live.channel_id, error)

    @in_session_language
    async def _tell_answer_lost(self, live: LiveSession, member_id: int, number: int) -> None:
        text = _(
            "⚠️ I couldn't save {member}'s answer to question {number}: my database "
            "is not answering. It still counts in this session, but it may be missing from "
            "progress and leaderboards.",
            member=member_mention(member_id),
            number=number,
        )
        if live.session.personal or not await self._dm(member_id, text, live.channel_id):
            await self._send(live, text)

    # ------------------------------------------------------------------ hints

    async def hint_for(self, live: LiveSession, member_id: int) -> str:
        """Give ``member_id`` the current hint, or raise a sentence saying why not."""
        session, outcome = engine.take_hint(live.session, live.qset, member_id, now())
        if not outcome.accepted:
            assert outcome.rejection is not None
            raise UserFacingError(outcome.rejection.sentence)
        live.session = session
        self._arm_idle(live)
        await self._save_quietly(live)
        assert outcome.hint is not None
        return live.shown_question.hint or outcome.hint

    @in_member_language
    async def _hint_by_reaction(self, live: LiveSession, member_id: int) -> None:
        try:
            hint = await self.hint_for(live, member_id)
        except UserFacingError:
            return
        text = _("💡 **Hint:** {hint}", hint=rendering.inline(hint))
        if live.session.personal:
            await self._send(live, text)
            return
        # Translators: says where a hint sent by direct message belongs.
        where = _(
            "{title}, question {number}", title=live.qset.title, number=live.session.position[0]
        )
        sent = await self._dm(member_id, f"{text}\n*{where}*", live.channel_id)
        if not sent and not live.hint_posted:
            live.hint_posted = True
            asked = _("Asked for by {member}.", member=member_mention(member_id))
            await self._send(live, f"{text}\n*{asked}*")
