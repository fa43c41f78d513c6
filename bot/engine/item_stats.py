"""Item analysis of a set: how hard each question is, how well it separates members, mis-keys.

Everything is computed from each member's *first try* on each question: the first answer they
ever gave to it (attempt 1 of the earliest session). Later answers are coloured by the revealed
solution, so only first tries say what the group knew.

Definitions (per set, over the members with at least one first try in it):

- **set score** of a member: the share of their first tries in the set that were right; ties
  go to the member with more right first tries, then to the lower member id (deterministic).
- **top / bottom group**: the ``round(0.27 * members)`` best and worst members by set score
  (none when fewer than two members; the groups never overlap).
- **facility** of a question: the share of its first tries that were right.
- **discrimination**: facility among the top-group members who answered it minus facility
  among the bottom-group members who answered it (-1 to 1; ``None`` when a group has no one).
- **most chosen wrong option**: the wrong letter chosen most on first tries (ties: the earlier
  letter) and its share of the question's first tries.
- **flags**, once at least ``min_members`` members answered: too hard (facility under 30 %),
  too easy (over 90 %), mis-keyed (the top group chose one wrong option more often than the
  right one), and a difficulty label the data contradicts (given the questions' labels): an
  easy question under 40 % right, a hard one over 90 %, an expert one over 80 %.

The storage only needs to hand over the first tries, one row per member and question, e.g.::

    SELECT member_id, question_id, chosen, correct FROM (
        SELECT member_id, question_id, chosen, correct,
               ROW_NUMBER() OVER (PARTITION BY member_id, question_id ORDER BY id) AS nth
        FROM answers
        WHERE guild_id = :guild AND set_id = :set AND attempt = 1
    ) AS firsts
    WHERE nth = 1

(SQLite 3.25+ and PostgreSQL.) To stay fast as answers grow, keep those rows in their own
table filled by the answers trigger (``INSERT ... ON CONFLICT DO NOTHING`` when
``NEW.attempt = 1``, primary key guild, set, member, question); ``/sets stats`` then reads at
most members * questions rows. ``first_tries`` does the same selection over raw answer rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from content.model import Difficulty

TOO_HARD_BELOW = 0.30
TOO_EASY_ABOVE = 0.90
GROUP_PERCENT = 27
FLAG_MIN_MEMBERS = 5
"""Questions answered by fewer members are not flagged (too little evidence)."""
LABEL_CONTRADICTED = {
    Difficulty.EASY: lambda facility: facility < 0.40,
    Difficulty.HARD: lambda facility: facility > 0.90,
    Difficulty.EXPERT: lambda facility: facility > 0.80,
}
"""When the first-try facility contradicts a question's level (Difficulty.level); medium
questions are judged by the too hard / too easy flags alone."""


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """Hold one stored answer attempt (rows are passed in the order they were recorded)."""

    member_id: int
    question_id: str
    attempt: int
    chosen: str
    """The option letter, "A" to "J"."""
    correct: bool


@dataclass(frozen=True, slots=True)
class FirstTry:
    """Hold a member's first answer ever to one question."""

    member_id: int
    question_id: str
    chosen: str
    correct: bool


class ItemFlag(StrEnum):
    """Say why a question deserves a moderator's look."""

    TOO_HARD = "too_hard"
    TOO_EASY = "too_easy"
    MIS_KEYED = "mis_keyed"
    LABEL_CONTRADICTED = "label_contradicted"
    """The group's first tries contradict the question's difficulty label."""


@dataclass(frozen=True, slots=True)
class ItemStats:
    """Hold the statistics of one question."""

    question_id: str
    answered: int
    """Members with a first try on the question."""
    right_first_try: int
    facility: float | None
    """Share right on the first try; ``None`` when nobody answered."""
    discrimination: float | None
    top_wrong: str | None
    """Most chosen wrong letter on first tries; ``None`` when no first try was wrong."""
    top_wrong_share: float | None
    """Its share of the question's first tries."""
    option_counts: tuple[tuple[str, int], ...]
    """First tries per chosen letter, in letter order."""
    flags: tuple[ItemFlag, ...]


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """Hold the statistics of a whole set."""

    members: int
    """Members with at least one first try in the set."""
    group_size: int
    """Members in the top group and in the bottom group each."""
    items: tuple[ItemStats, ...]


def first_tries(rows: Iterable[AnswerRow]) -> list[FirstTry]:
    """Return each member's first attempt-1 answer per question, from rows in recorded order."""
    seen: dict[tuple[int, str], FirstTry] = {}
    for row in rows:
        key = (row.member_id, row.question_id)
        if row.attempt == 1 and key not in seen:
            seen[key] = FirstTry(row.member_id, row.question_id, row.chosen, row.correct)
    return list(seen.values())


def item_stats(
    tries: Iterable[FirstTry],
    question_ids: Sequence[str] | None = None,
    *,
    min_members: int = FLAG_MIN_MEMBERS,
    labels: Mapping[str, Difficulty] | None = None,
) -> ItemAnalysis:
    """Return the statistics of each question from the members' first tries.

    With ``question_ids`` (the set's current questions, in order) the result follows that
    order, lists unanswered questions too and ignores tries on other questions (removed ones);
    without it, every answered question in id order. One try per member and question is
    expected; later duplicates are ignored. ``labels`` (question id to difficulty) adds the
    label flag.
    """
    by_question: dict[str, dict[int, FirstTry]] = {}
    wanted = None if question_ids is None else set(question_ids)
    for first in tries:
        if wanted is None or first.question_id in wanted:
            by_question.setdefault(first.question_id, {}).setdefault(first.member_id, first)
    top, bottom = _groups(by_question)
    order = sorted(by_question) if question_ids is None else list(dict.fromkeys(question_ids))
    labels = labels or {}
    items = tuple(
        _item(
            qid,
            by_question.get(qid, {}),
            top,
            bottom,
            min_members=min_members,
            label=labels.get(qid),
        )
        for qid in order
    )
    members = {member for answers in by_question.values() for member in answers}
    return ItemAnalysis(len(members), len(top), items)


def group_size(members: int) -> int:
    """Return how many members form the top (and the bottom) group: 27 %, rounded half up."""
    return (GROUP_PERCENT * members + 50) // 100 if members >= 2 else 0


def _groups(by_question: dict[str, dict[int, FirstTry]]) -> tuple[frozenset[int], frozenset[int]]:
    """Return the top and bottom groups of members by set score."""
    right: Counter[int] = Counter()
    answered: Counter[int] = Counter()
    for answers in by_question.values():
        for member, first in answers.items():
            answered[member] += 1
            right[member] += first.correct
    ranked = sorted(answered, key=lambda m: (-right[m] / answered[m], -right[m], m))
    size = group_size(len(ranked))
    if size == 0:
        return frozenset(), frozenset()
    return frozenset(ranked[:size]), frozenset(ranked[-size:])


def _item(
    question_id: str,
    answers: dict[int, FirstTry],
    top: frozenset[int],
    bottom: frozenset[int],
    *,
    min_members: int,
    label: Difficulty | None,
) -> ItemStats:
    """Return one question's statistics from its first tries."""
    answered = len(answers)
    right = sum(first.correct for first in answers.values())
    counts = Counter(first.chosen for first in answers.values())
    wrong = Counter(first.chosen for first in answers.values() if not first.correct)
    top_wrong = min(wrong, key=lambda letter: (-wrong[letter], letter)) if wrong else None
    facility = right / answered if answered else None
    top_share = _share_right(answers, top)
    bottom_share = _share_right(answers, bottom)
    discrimination = None if top_share is None or bottom_share is None else top_share - bottom_share
    flags: list[ItemFlag] = []
    if facility is not None and answered >= min_members:
        if facility < TOO_HARD_BELOW:
            flags.append(ItemFlag.TOO_HARD)
        if facility > TOO_EASY_ABOVE:
            flags.append(ItemFlag.TOO_EASY)
        if _looks_mis_keyed(answers, top):
            flags.append(ItemFlag.MIS_KEYED)
        contradicted = LABEL_CONTRADICTED.get(label.level) if label is not None else None
        if contradicted is not None and contradicted(facility):
            flags.append(ItemFlag.LABEL_CONTRADICTED)
    return ItemStats(
        question_id=question_id,
        answered=answered,
        right_first_try=right,
        facility=facility,
        discrimination=discrimination,
        top_wrong=top_wrong,
        top_wrong_share=None if top_wrong is None else wrong[top_wrong] / answered,
        option_counts=tuple(sorted(counts.items())),
        flags=tuple(flags),
    )


def _share_right(answers: dict[int, FirstTry], group: frozenset[int]) -> float | None:
    """Return the share right among ``group``'s members who answered, or None if none did."""
    tries = [answers[member].correct for member in group if member in answers]
    return sum(tries) / len(tries) if tries else None


def _looks_mis_keyed(answers: dict[int, FirstTry], top: frozenset[int]) -> bool:
    """Tell whether the top group chose one wrong letter more often than the right answer."""
    tries = [answers[member] for member in top if member in answers]
    right = sum(first.correct for first in tries)
    wrong = Counter(first.chosen for first in tries if not first.correct)
    return bool(wrong) and max(wrong.values()) > right
