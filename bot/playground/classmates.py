"""Simulated classmates who answer the playground's challenge questions by reacting."""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.rendering import option_emoji
from content.model import Mode

if TYPE_CHECKING:
    import discord
    import simcord

    from bot.app import QuizBot
    from bot.runtime.live import LiveSession

NAMES = ("ada", "grace", "linus", "margaret", "alan", "barbara", "dennis", "frances")
"""Classmates' user names, in the order they join the server."""
PACE_SECONDS = 30.0
"""Classmates pace themselves as if every question had at most this long."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One reaction a classmate will add, ``after`` seconds into the question."""

    after: float
    option: int


def plan_answers(
    rng: random.Random,
    *,
    options: int,
    answer: int,
    attempts: int,
    time_limit: float,
    accuracy: float,
) -> tuple[Answer, ...]:
    """Plan one classmate's tries: each is right with ``accuracy``, until right or out of tries."""
    pace = min(time_limit, PACE_SECONDS)
    wrong = [option for option in range(options) if option != answer]
    rng.shuffle(wrong)
    plan: list[Answer] = []
    after = rng.uniform(0.1, 0.35) * pace
    while len(plan) < attempts and after < 0.9 * time_limit:
        right = not wrong or rng.random() < accuracy
        plan.append(Answer(after, answer if right else wrong.pop()))
        if right:
            break
        after += rng.uniform(0.07, 0.15) * pace
    return tuple(plan)


@dataclass(order=True, slots=True)
class _Due:
    at: float
    message_id: int = field(compare=False)
    member: simcord.MemberActor = field(compare=False)
    option: int = field(compare=False)


class Classmates:
    """Watch the channel's challenge and react for each classmate when their answer is due."""

    def __init__(
        self,
        members: Sequence[simcord.MemberActor],
        bot: QuizBot,
        channel: simcord.ChannelHandle,
        *,
        accuracy: float = 0.7,
        rng: random.Random | None = None,
    ) -> None:
        self.members = tuple(members)
        self.bot = bot
        self.channel = channel
        self.accuracy = accuracy
        self.rng = rng or random.Random()
        self._due: list[_Due] = []
        self._seen: set[int] = set()

    def watch(self) -> None:
        """Plan everyone's answers to a challenge question posted since the last look."""
        live = self._challenge()
        if live is None or live.question_message_id in self._seen or not self.members:
            return
        message_id = live.question_message_id
        assert message_id is not None
        self._seen.add(message_id)
        question = live.question
        round_ = live.session.round
        for member in self.members:
            for answer in plan_answers(
                self.rng,
                options=len(question.options),
                answer=question.answer,
                attempts=round_.attempts,
                time_limit=question.time_limit,
                accuracy=self.accuracy,
            ):
                due = _Due(round_.opened_at + answer.after, message_id, member, answer.option)
                heapq.heappush(self._due, due)

    def next_due(self) -> float | None:
        """Return when the next planned reaction is due (simulated unix seconds), if any."""
        return self._due[0].at if self._due else None

    async def react_due(self, now: float) -> int:
        """Add every reaction due by ``now`` to a question still open; return how many."""
        added = 0
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            message = self._open_question(due.message_id)
            if message is not None:
                await due.member.react(message, option_emoji(due.option))
                added += 1
        return added

    def _challenge(self) -> LiveSession | None:
        live = self.bot.sessions.in_channel(self.channel.id)
        if live is None or live.session.mode is not Mode.CHALLENGE:
            return None
        if live.question_message_id is None or live.session.round.closed:
            return None
        return live

    def _open_question(self, message_id: int) -> discord.Message | None:
        live = self._challenge()
        if live is None or live.question_message_id != message_id:
            return None
        return next((m for m in self.channel.history() if m.id == message_id), None)
