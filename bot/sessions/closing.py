"""Close questions, reveal their answers, move on, and finish or stop sessions."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from bot import engine, rendering
from bot.engine import review
from bot.languages import in_session_language
from bot.rendering import channel_mention
from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import describe_failure, retrying
from bot.sessions.base import SessionsBase, log
from bot.sessions.sentences import RESULTS_NOT_POSTED
from content.model import Mode
from i18n import _
from storage import BadgeRecord, ResultRecord


class ClosingPart(SessionsBase):
    """Reveal, advance, finish: each step guarded so a failure ends the session cleanly."""

    @in_session_language
    async def _finish_round(
        self, live: LiveSession, reason: str, *, expected: str | None = None
    ) -> None:
        """Reveal the closed question, then post the next one or finish the session."""
        async with live.lock:
            if not self.is_live(live):
                return
            if expected is not None and live.session.round.question_id != expected:
                return
            if not live.session.round.closed:
                return
            try:
                self.deadlines.cancel(live.id)
                self._forget_question_message(live)
                live.question_message_id = None
                await self._rate_unfinished(live)
                await self.show_final_status(live)
                await self._reveal(live, reason)
                live.session = engine.advance(live.session, live.qset, now())
                if live.session.status is engine.SessionStatus.FINISHED:
                    await self._finish_session(live)
                else:
                    await self._post_question(live)
            except Exception as error:
                log.exception("moving session %s on failed", live.id)
                await self._abandon(
                    live,
                    _(
                        "I couldn't move on to the next step ({reason}).",
                        reason=describe_failure(error),
                    ),
                )

    async def _rate_unfinished(self, live: LiveSession) -> None:
        """Rate AGAIN every member the closing question ran out of time on.

        Members who finished (right, or out of attempts) were rated with their last answer.
        """
        round_ = live.session.round
        members = [
            member_id
            for member_id, tried in round_.tries.items()
            if tried.attempts_used and not tried.correct and tried.attempts_used < round_.attempts
        ]
        if live.session.mode is Mode.TEST and not round_.try_of(live.session.starter_id).choices:
            members.append(live.session.starter_id)
        set_id, question_id = live.origin(round_.question_id)
        at = now()

        async def rate(member_id: int) -> None:
            card = await self._next_card(
                live.guild_id, member_id, set_id, question_id, review.ReviewRating.AGAIN, at
            )
            try:
                await retrying(lambda: self.storage.save_card(card))
            except Exception as error:
                self._log_once("save_card", live.channel_id, error)

        await asyncio.gather(*(rate(member_id) for member_id in members))

    async def _reveal(self, live: LiveSession, reason: str) -> None:
        round_ = live.session.round
        right = [m for m, t in round_.tries.items() if t.correct]
        chosen: list[int] = []
        if not live.session.personal:
            chosen = [0] * len(live.question.options)
            for tried in round_.tries.values():
                for option in set(tried.choices):
                    chosen[option] += 1
        shown = live.shown_question
        embed = rendering.reveal_embed(
            shown,
            right=right,
            show_right=not live.session.personal,
            reason=reason,
            chosen=chosen,
        )
        if await self._send(live, embed=embed):
            return
        # Discord refused it a few times: a short line still tells the answer, once it is back
        question = shown
        number = live.session.position[0]
        await self._send(
            live,
            _(
                "⚠️ I couldn't show the answer to question {number}: it was **{letter}**, {option}",
                number=number,
                letter=question.answer_letter,
                option=rendering.clip(rendering.inline(question.options[question.answer]), 1500),
            ),
        )

    @in_session_language
    async def _finish_session(
        self, live: LiveSession, stopped_by: int | None = None, stop_reason: str | None = None
    ) -> None:
        """Record results and badges, post the summary and forget the session."""
        self._unregister(live)
        session = live.session
        result = engine.session_result(session, live.qset)
        at = now()
        results = []
        if session.mode is not Mode.PRACTICE:
            results = [
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
                for member in result.members
            ]
        saved = True
        try:
            await asyncio.gather(
                *(retrying(lambda r=r: self.storage.record_result(r)) for r in results)
            )
        except Exception:
            log.exception("saving the results of session %s failed", live.id)
            saved = False
        new_badges = await self._award_badges(live, result.badge_winners, at)
        status = "stopped" if stopped_by is not None else "finished"
        try:  # tried whatever happened above: a finished session must never be replayed
            await retrying(lambda: self.storage.end_session(session.id, status, at))
        except Exception:
            log.exception("saving the end of session %s failed", live.id)
        embed = rendering.result_embed(
            live.shown_set,
            result,
            new_badges=new_badges,
            stopped_by=stopped_by,
            stop_reason=stop_reason,
        )
        if results and not saved:
            embed.add_field(
                name=_("⚠️ Not saved"),
                value=_(
                    "I couldn't save these scores, so they don't count towards best scores; "
                    "every answer is saved."
                ),
                inline=False,
            )
            embed = rendering.fit_embed(embed)
        if await self._send(live, embed=embed):
            return
        # the channel refused the results: the starter hears how it ended, at least
        text = _(
            RESULTS_NOT_POSTED[session.mode],
            title=live.qset.title,
            channel=channel_mention(live.channel_id),
        )
        if results:
            scores = ", ".join(f"<@{r.member_id}> {r.score}/{r.total}" for r in results[:20])
            text += " " + (
                _("Saved: {scores}", scores=scores)
                if saved
                else _("Not saved: {scores}", scores=scores)
            )
        text = rendering.clip(text, rendering.MESSAGE_LIMIT)
        await self._dm(session.starter_id, text, live.channel_id)

    async def _award_badges(
        self, live: LiveSession, winners: Iterable[int], at: float
    ) -> list[int]:
        """Award the set's badge to ``winners``; return those who earned it just now."""
        badge = live.qset.badge
        new_badges: list[int] = []
        if badge is None:
            return new_badges
        try:
            for member_id in sorted(winners):
                award = BadgeRecord(
                    live.guild_id,
                    member_id,
                    live.qset.id,
                    badge.name,
                    badge.emoji,
                    live.session.id,
                    at,
                )
                if await retrying(lambda award=award: self.storage.award_badge(award)):
                    new_badges.append(member_id)
        except Exception:
            log.exception("awarding the badges of session %s failed", live.id)
        return new_badges

    @in_session_language
    async def stop(self, live: LiveSession, by: int, why: str | None = None) -> None:
        """End ``live`` now on behalf of member ``by``; answers stay recorded."""
        async with live.lock:
            if not self.is_live(live):
                return
            live.session = engine.stop(live.session, now())
            await self.show_final_status(live)
            await self._finish_session(live, stopped_by=by, stop_reason=why)

    async def stop_set(self, guild_id: int, set_id: str, by: int, why: str) -> None:
        """End every session of a server playing ``set_id``."""
        for live in self.playing(guild_id, set_id):
            await self.stop(live, by, why)
