"""Review cards between the engine's form and the stored one (the FSRS state as JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from bot.catalog import Catalog
from bot.engine import review
from content.model import Question
from storage import CardRecord


def card_record(card: review.ReviewCard) -> CardRecord:
    """Return the stored form of a review card."""
    return CardRecord(
        guild_id=card.guild_id,
        member_id=card.member_id,
        set_id=card.set_id,
        question_id=card.question_id,
        due=card.due,
        state=json.dumps(card.to_dict(), separators=(",", ":")),
        last_review=card.last_review,
    )


def review_card_of(record: CardRecord) -> review.ReviewCard:
    """Return the review card a stored card holds."""
    return review.ReviewCard.from_dict(json.loads(record.state))


def playable_cards(
    catalog: Catalog, guild_id: int, records: Iterable[CardRecord]
) -> list[tuple[review.ReviewCard, Question]]:
    """Return the cards whose question this server still has, each with its question.

    Cards of removed sets, and of questions a replaced set no longer holds, drop out quietly:
    /review cannot offer them, so /progress does not count them either.
    """
    playable = []
    for record in records:
        qset = catalog.get(guild_id, record.set_id)
        question = qset.question(record.question_id) if qset is not None else None
        if question is not None:
            playable.append((review_card_of(record), question))
    return playable
