"""Item analysis from first tries: facility, discrimination, tempting wrong options, flags."""

from __future__ import annotations

import pytest

from bot.engine.item_stats import (
    AnswerRow,
    FirstTry,
    ItemAnalysis,
    ItemFlag,
    ItemStats,
    first_tries,
    group_size,
    item_stats,
)
from content.model import Difficulty


def _tries(
    question_id: str, *letters: str, key: str = "A", first_member: int = 1
) -> list[FirstTry]:
    """One first try per letter, members numbered from ``first_member``."""
    return [
        FirstTry(first_member + n, question_id, letter, letter == key)
        for n, letter in enumerate(letters)
    ]


def _only(analysis: ItemAnalysis) -> ItemStats:
    assert len(analysis.items) == 1
    return analysis.items[0]


def test_facility_wrong_option_and_counts() -> None:
    item = _only(item_stats(_tries("q1", "A", "B", "A", "C", "B")))
    assert item.question_id == "q1"
    assert (item.answered, item.right_first_try, item.facility) == (5, 2, 0.4)
    assert (item.top_wrong, item.top_wrong_share) == ("B", 0.4)
    assert item.option_counts == (("A", 2), ("B", 2), ("C", 1))
    assert item.flags == ()


def test_the_earlier_letter_wins_a_tie_for_most_chosen_wrong() -> None:
    item = _only(item_stats(_tries("q1", "D", "A", "C", "A", "A")))
    assert (item.top_wrong, item.top_wrong_share) == ("C", 0.2)


def test_no_wrong_option_when_everyone_was_right() -> None:
    item = _only(item_stats(_tries("q1", *"AAAAAA")))
    assert (item.top_wrong, item.top_wrong_share, item.facility) == (None, None, 1.0)


@pytest.mark.parametrize(
    ("right", "flags"),
    [
        (0, (ItemFlag.TOO_HARD,)),
        (2, (ItemFlag.TOO_HARD,)),  # 20 %
        (3, ()),  # exactly 30 % is not too hard
        (9, ()),  # exactly 90 % is not too easy
        (10, (ItemFlag.TOO_EASY,)),
    ],
)
def test_too_hard_and_too_easy_thresholds(right: int, flags: tuple[ItemFlag, ...]) -> None:
    # One question: the members who were right make up the top group first, so the top
    # group prefers a wrong letter only when nobody was right.
    letters = "A" * right + "BCD" * 4
    item = _only(item_stats(_tries("q1", *letters[:10])))
    assert item.facility == right / 10
    expected = set(flags)
    if right == 0:
        expected.add(ItemFlag.MIS_KEYED)
    assert set(item.flags) == expected


def test_no_flags_below_the_minimum_members() -> None:
    tries = _tries("q1", "B", "B", "C", "D")
    assert _only(item_stats(tries)).flags == ()
    assert set(_only(item_stats(tries, min_members=4)).flags) == {
        ItemFlag.TOO_HARD,
        ItemFlag.MIS_KEYED,
    }


def _classroom() -> list[FirstTry]:
    """Ten members, five questions, key A; members 1-3 strongest, 8-10 weakest.

    q5 is answered B by the three strongest and A by everyone else: it looks mis-keyed.
    Scores: members 1-3 4/5, members 4-7 3/5, members 8-10 1/5.
    """
    strong, middle, weak = range(1, 4), range(4, 8), range(8, 11)
    plan = {
        "q1": {
            **dict.fromkeys(strong, "A"),
            **dict.fromkeys(middle, "A"),
            **dict.fromkeys(weak, "C"),
        },
        "q2": {
            **dict.fromkeys(strong, "A"),
            **dict.fromkeys(middle, "A"),
            **dict.fromkeys(weak, "B"),
        },
        "q3": {
            **dict.fromkeys(strong, "A"),
            **dict.fromkeys(middle, "D"),
            **dict.fromkeys(weak, "D"),
        },
        "q4": {
            **dict.fromkeys(strong, "A"),
            **dict.fromkeys(middle, "B"),
            **dict.fromkeys(weak, "C"),
        },
        "q5": {
            **dict.fromkeys(strong, "B"),
            **dict.fromkeys(middle, "A"),
            **dict.fromkeys(weak, "A"),
        },
    }
    return [
        FirstTry(member, qid, letter, letter == "A")
        for qid, choices in plan.items()
        for member, letter in choices.items()
    ]


def test_discrimination_and_mis_keyed_in_a_classroom() -> None:
    analysis = item_stats(_classroom())
    assert (analysis.members, analysis.group_size) == (10, 3)
    by_id = {item.question_id: item for item in analysis.items}
    assert list(by_id) == ["q1", "q2", "q3", "q4", "q5"]

    assert (by_id["q1"].facility, by_id["q1"].discrimination) == (0.7, 1.0)
    assert (by_id["q1"].top_wrong, by_id["q1"].top_wrong_share) == ("C", 0.3)
    assert by_id["q1"].flags == ()

    assert (by_id["q3"].facility, by_id["q3"].discrimination) == (0.3, 1.0)
    assert by_id["q3"].flags == ()  # 30 % is the edge, not under it

    assert (by_id["q4"].facility, by_id["q4"].discrimination) == (0.3, 1.0)

    q5 = by_id["q5"]
    assert (q5.facility, q5.discrimination) == (0.7, -1.0)
    assert (q5.top_wrong, q5.top_wrong_share) == ("B", 0.3)
    assert q5.flags == (ItemFlag.MIS_KEYED,)


def test_set_score_is_the_share_right_not_the_count() -> None:
    # Member 5 is 1/1, member 3 is 2/3: member 5 is the top group of two, member 3 the bottom.
    tries = [
        FirstTry(5, "q1", "A", True),
        FirstTry(3, "q1", "B", False),
        FirstTry(3, "q2", "A", True),
        FirstTry(3, "q3", "A", True),
    ]
    analysis = item_stats(tries)
    assert analysis.group_size == 1
    assert analysis.items[0].discrimination == 1.0
    assert analysis.items[1].discrimination is None  # member 5 never answered q2


def test_ties_go_to_more_right_answers_then_the_lower_member_id() -> None:
    # Members 5 and 3 are both 1/1 and member 7 is 2/2: member 7 is top, 9 (0/2) bottom.
    tries = [
        FirstTry(5, "q1", "A", True),
        FirstTry(3, "q2", "A", True),
        FirstTry(7, "q1", "A", True),
        FirstTry(7, "q2", "A", True),
        FirstTry(9, "q1", "B", False),
        FirstTry(9, "q2", "B", False),
    ]
    assert [i.discrimination for i in item_stats(tries).items] == [1.0, 1.0]
    # Without member 7, members 3 and 5 tie on everything: the lower id, 3, is the top group.
    without_7 = [t for t in tries if t.member_id != 7]
    q1, q2 = item_stats(without_7).items
    assert (q1.discrimination, q2.discrimination) == (None, 1.0)


@pytest.mark.parametrize(
    ("members", "size"),
    [(0, 0), (1, 0), (2, 1), (3, 1), (5, 1), (6, 2), (10, 3), (11, 3), (100, 27)],
)
def test_group_size_is_27_percent_rounded(members: int, size: int) -> None:
    assert group_size(members) == size


def test_one_member_has_no_groups_and_no_discrimination() -> None:
    analysis = item_stats(_tries("q1", "B"), min_members=1)
    assert (analysis.members, analysis.group_size) == (1, 0)
    item = _only(analysis)
    assert item.discrimination is None
    assert item.flags == (ItemFlag.TOO_HARD,)  # no top group, so never mis-keyed


def test_question_ids_give_order_list_unanswered_and_drop_removed() -> None:
    tries = [*_tries("q2", "A", "B"), *_tries("gone", "B", first_member=50)]
    analysis = item_stats(tries, ["q3", "q2", "q3"])
    assert [item.question_id for item in analysis.items] == ["q3", "q2"]
    assert analysis.members == 2  # members who only answered the removed question don't count
    unanswered = analysis.items[0]
    assert unanswered == ItemStats("q3", 0, 0, None, None, None, None, (), ())


def test_empty_input() -> None:
    assert item_stats([]) == ItemAnalysis(0, 0, ())


def test_duplicate_first_tries_keep_the_first() -> None:
    tries = [FirstTry(1, "q1", "B", False), FirstTry(1, "q1", "A", True)]
    item = _only(item_stats(tries))
    assert (item.answered, item.right_first_try, item.top_wrong) == (1, 0, "B")


def test_first_tries_from_raw_answer_rows() -> None:
    rows = [
        AnswerRow(1, "q1", 2, "A", True),  # no attempt 1 before it: not a first try
        AnswerRow(1, "q1", 1, "B", False),
        AnswerRow(1, "q1", 2, "A", True),
        AnswerRow(2, "q1", 1, "A", True),
        AnswerRow(1, "q1", 1, "A", True),  # a later session: the answer was revealed by then
        AnswerRow(1, "q2", 1, "C", False),
    ]
    assert first_tries(rows) == [
        FirstTry(1, "q1", "B", False),
        FirstTry(2, "q1", "A", True),
        FirstTry(1, "q2", "C", False),
    ]
    item = item_stats(first_tries(rows), ["q1"]).items[0]
    assert (item.answered, item.facility) == (2, 0.5)


@pytest.mark.parametrize(
    ("label", "right", "flagged"),
    [
        (Difficulty.EXPERT, 10, True),  # an "expert" question nearly everyone gets right
        (Difficulty.EXPERT, 8, False),  # exactly 80 % is not contradicted
        (Difficulty.EXPERT, 9, True),
        (Difficulty.HARD, 9, False),  # exactly 90 % is not contradicted for hard
        (Difficulty.HARD, 10, True),
        (Difficulty.ADVANCED, 10, True),  # advanced is hard on the one scale
        (Difficulty.EASY, 3, True),  # an "easy" question most get wrong
        (Difficulty.EASY, 4, False),  # exactly 40 % is not contradicted
        (Difficulty.MEDIUM, 10, False),  # medium: only too easy / too hard speak
        (Difficulty.INTERMEDIATE, 0, False),
    ],
)
def test_a_label_the_first_tries_contradict_is_flagged(
    label: Difficulty, right: int, flagged: bool
) -> None:
    letters = "A" * right + "B" * (10 - right)
    item = _only(item_stats(_tries("q1", *letters), labels={"q1": label}))
    assert (ItemFlag.LABEL_CONTRADICTED in item.flags) is flagged
    unlabelled = _only(item_stats(_tries("q1", *letters)))
    assert ItemFlag.LABEL_CONTRADICTED not in unlabelled.flags


def test_a_contradicted_label_needs_five_members() -> None:
    four_right = _tries("q1", "A", "A", "A", "A")
    assert _only(item_stats(four_right, labels={"q1": Difficulty.EXPERT})).flags == ()
    five_right = _tries("q1", "A", "A", "A", "A", "A")
    assert ItemFlag.LABEL_CONTRADICTED in (
        _only(item_stats(five_right, labels={"q1": Difficulty.EXPERT})).flags
    )
