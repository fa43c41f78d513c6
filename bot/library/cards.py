"""Review cards between the engine's form and the stored one (the FSRS state as JSON)."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable

from bot.engine import review
from bot.library.catalog import Catalog
from content.model import Question
from storage import CardRecord

log = logging.getLogger(__name__)
_DAMAGE_LOGGED: set[tuple[int, int, str, str]] = set()


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
    """Return the review card a stored card holds; a damaged one starts afresh.

    A state that is not a card's (not JSON, the wrong shape, values the scheduler can't take)
    gives a new card, due when the stored row says (or now): the member's next answer counts
    and saves a sound card in its place. Each damaged card is logged once.
    """
    key = (record.guild_id, record.member_id, record.set_id, record.question_id)
    try:
        data = json.loads(record.state)
        if not isinstance(data, dict):
            raise ValueError(f"a card is a JSON object, not {type(data).__name__}")
        own = dict(zip(("guild_id", "member_id", "set_id", "question_id"), key, strict=True))
        return review.ReviewCard.from_dict({**data, **own})  # the row's keys, whatever the state
    except ValueError as error:
        if key not in _DAMAGE_LOGGED:
            _DAMAGE_LOGGED.add(key)
            log.warning("review card %s is damaged (%s): it starts afresh", key, error)
        due = record.due if math.isfinite(record.due) and abs(record.due) < review.LATEST else 0.0
        return review.new_card(
            member_id=key[1], guild_id=key[0], set_id=key[2], question_id=key[3], now=due
        )


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
