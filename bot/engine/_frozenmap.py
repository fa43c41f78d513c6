"""An immutable mapping whose updates share most of their storage with the original."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

DELTA_LIMIT = 32
"""Entries kept in the small delta dict before it is folded into a new base dict."""

_MISSING: Any = object()
_EMPTY: dict[Any, Any] = {}


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """Hold key/value pairs that never change; ``set`` returns a new map.

    The storage is a shared ``base`` dict plus a small ``delta`` dict of newer entries. An update
    copies only the delta (at most ``DELTA_LIMIT`` entries); every ``DELTA_LIMIT`` updates the
    delta is folded into a fresh base, so an update costs O(1 + n / DELTA_LIMIT) amortised
    instead of copying all n entries. Neither dict is ever mutated once the map exists, which is
    what lets several maps share them. Iteration follows insertion order, like a dict.
    """

    __slots__ = ("_base", "_delta", "_hash", "_len")

    _base: dict[K, V]
    _delta: dict[K, V]
    _len: int
    _hash: int | None

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        """Build a map from a mapping or from key/value pairs."""
        base = dict(items)
        self._base = base
        self._delta = _EMPTY
        self._len = len(base)
        self._hash = None

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """Return a new map with ``key`` bound to ``value``."""
        base = self._base
        delta = self._delta
        new = object.__new__(FrozenMap)
        new._hash = None
        new._len = self._len + (key not in delta and key not in base)
        if len(delta) < DELTA_LIMIT:
            new._base = base
            new._delta = delta = delta.copy()
        else:
            new._base = base = {**base, **delta}
            new._delta = _EMPTY
            delta = base
        delta[key] = value
        return new

    def __getitem__(self, key: K) -> V:
        """Return the value bound to ``key``."""
        value = self._delta.get(key, _MISSING)
        if value is _MISSING:
            return self._base[key]
        return value

    def get(self, key: K, default: Any = None) -> Any:
        """Return the value bound to ``key``, or ``default``."""
        value = self._delta.get(key, _MISSING)
        if value is _MISSING:
            return self._base.get(key, default)
        return value

    def __contains__(self, key: object) -> bool:
        """Tell whether ``key`` is bound."""
        return key in self._delta or key in self._base

    def __len__(self) -> int:
        """Return the number of keys."""
        return self._len

    def __iter__(self) -> Iterator[K]:
        """Yield the keys in insertion order."""
        base = self._base
        yield from base
        for key in self._delta:
            if key not in base:
                yield key

    def __eq__(self, other: object) -> bool:
        """Compare with any mapping by content."""
        if self is other:
            return True
        if not isinstance(other, Mapping):
            return NotImplemented
        if len(other) != self._len:
            return False
        for key, value in self.items():
            found = other.get(key, _MISSING)
            if found is _MISSING or found != value:
                return False
        return True

    def __hash__(self) -> int:
        """Hash by content (the values must be hashable)."""
        if self._hash is None:
            self._hash = hash(frozenset(self.items()))
        return self._hash

    def __repr__(self) -> str:
        """Show the content like a dict."""
        return f"FrozenMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy by content."""
        return (FrozenMap, (list(self.items()),))
