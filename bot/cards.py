"""Review cards between the engine's form and the stored one (the FSRS state as JSON)."""

from __future__ import annotations

import json

from bot.engine import review
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
