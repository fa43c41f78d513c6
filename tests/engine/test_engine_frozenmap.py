"""FrozenMap behaves like an immutable dict."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import FrozenMap
from bot.engine._frozenmap import DELTA_LIMIT


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 80), st.integers()), max_size=3 * DELTA_LIMIT + 5))
def test_updates_match_a_dict_and_never_touch_older_maps(updates: list[tuple[int, int]]) -> None:
    model: dict[int, int] = {}
    current: FrozenMap[int, int] = FrozenMap()
    history = [(current, dict(model))]
    for key, value in updates:
        current = current.set(key, value)
        model[key] = value
        history.append((current, dict(model)))
    for frozen, expected in history:
        assert dict(frozen) == expected
        assert list(frozen) == list(expected)
        assert len(frozen) == len(expected)
        assert frozen == expected
        assert frozen == FrozenMap(expected)
        assert hash(frozen) == hash(FrozenMap(expected))
        for key in range(82):
            assert (key in frozen) == (key in expected)
            assert frozen.get(key, "none") == expected.get(key, "none")


def test_map_basics() -> None:
    empty: FrozenMap[int, str] = FrozenMap()
    one = empty.set(1, "a")
    assert empty == {}
    assert one == {1: "a"}
    assert one != {1: "b"}
    assert one != {2: "a"}
    assert one != [1]
    assert one[1] == "a"
    with pytest.raises(KeyError):
        one[2]
    assert repr(one) == "FrozenMap({1: 'a'})"
    assert pickle.loads(pickle.dumps(one)) == one
    assert not hasattr(one, "__dict__")
    with pytest.raises(TypeError):
        one[3] = "c"  # type: ignore[index]
