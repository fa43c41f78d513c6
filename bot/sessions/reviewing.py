"""``/review``: a personal session of the questions a member is due to revisit."""

from __future__ import annotations

import discord

from bot.commands.errors import UserFacingError
from bot.engine import review
from bot.library import review_sets
from bot.library.cards import playable_cards
from bot.rendering import timestamp
from bot.runtime.clock import now
from bot.sessions.base import SessionsBase
from content.model import Mode, Question, QuestionSet
from i18n import _, ngettext


class ReviewingPart(SessionsBase):
    """Pick the due questions (most overdue first, at most 20) and play them like practice."""

    async def start_review(self, interaction: discord.Interaction, set_id: str | None) -> None:
        """Start the member's review of one set, or of every set when ``set_id`` is None."""
        if interaction.guild_id is None:
            raise UserFacingError(_("Reviews run in server channels, not in direct messages."))
        guild_id = interaction.guild_id
        # the cards are read first, which may take a while: Discord waits 3 s for a first reply
        await interaction.response.defer(ephemeral=True, thinking=True)
        stored = await self.storage.member_cards(guild_id, interaction.user.id, set_id)
        playable = playable_cards(self.catalog, guild_id, stored)
        at = now()
        cards = [card for card, _ in playable]
        due = review.due_cards(cards, at, limit=len(cards))
        by_card = {(card.set_id, card.question_id): question for card, question in playable}
        picks: list[tuple[str, Question]] = []
        seen_ids: set[str] = set()
        for card in due:
            if card.question_id in seen_ids:
                continue  # one session records a question id once per member
            seen_ids.add(card.question_id)
            picks.append((card.set_id, by_card[(card.set_id, card.question_id)]))
            if len(picks) == review.REVIEW_SESSION_LIMIT:
                break
        if not picks:
            raise UserFacingError(nothing_due(review.due_summary(cards, at), set_id))
        title = self._title(guild_id, set_id)
        await self.start(
            interaction, review_sets.review_set(picks, title), Mode.PRACTICE, review=True
        )

    def _question(self, guild_id: int, set_id: str, question_id: str) -> Question | None:
        qset = self.catalog.get(guild_id, set_id)
        return qset.question(question_id) if qset is not None else None

    def _title(self, guild_id: int, set_id: str | None) -> str:
        qset = self.catalog.get(guild_id, set_id) if set_id is not None else None
        return qset.title if qset is not None else _("All your sets")

    def review_set_of(self, guild_id: int, question_ids: tuple[str, ...]) -> QuestionSet | None:
        """Rebuild a saved review session's set; None when one of its questions is gone."""
        picks: list[tuple[str, Question]] = []
        for question_id in question_ids:
            set_id, original = review_sets.source(question_id)
            question = self._question(guild_id, set_id, original)
            if question is None:
                return None
            picks.append((set_id, question))
        return review_sets.review_set(picks, _("Your due questions"))


def nothing_due(summary: review.DueSummary, set_id: str | None) -> str:
    """Say that nothing is due, how many questions are scheduled and when the next one is."""
    if not summary.scheduled:
        if set_id:
            return _(
                "You have no questions to review in `{set_id}` yet. Every question you answer in "
                "/practice, /challenge or /test is scheduled for review, so start with one of "
                "those.",
                set_id=set_id,
            )
        return _(
            "You have no questions to review yet. Every question you answer in "
            "/practice, /challenge or /test is scheduled for review, so start with one of those."
        )
    n = summary.scheduled
    if summary.next_due:
        when = timestamp(summary.next_due)
        if set_id:
            # Translators: {when} is a relative time like "in 3 days".
            return ngettext(
                "Nothing is due for review in `{set_id}` right now. "
                "You have {n} question scheduled; the next is due {when}.",
                "Nothing is due for review in `{set_id}` right now. "
                "You have {n} questions scheduled; the next is due {when}.",
                n,
                set_id=set_id,
                when=when,
            )
        return ngettext(
            "Nothing is due for review right now. "
            "You have {n} question scheduled; the next is due {when}.",
            "Nothing is due for review right now. "
            "You have {n} questions scheduled; the next is due {when}.",
            n,
            when=when,
        )
    if set_id:
        return ngettext(
            "Nothing is due for review in `{set_id}` right now. You have {n} question scheduled.",
            "Nothing is due for review in `{set_id}` right now. You have {n} questions scheduled.",
            n,
            set_id=set_id,
        )
    return ngettext(
        "Nothing is due for review right now. You have {n} question scheduled.",
        "Nothing is due for review right now. You have {n} questions scheduled.",
        n,
    )
