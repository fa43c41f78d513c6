"""The playground in one language: the person's Discord language and the server's own.

SimCord 3.x sends every interaction with ``"locale": "en-US"``. ``speaking(locale)`` wraps the
one builder of interaction payloads, ``simcord.interactions.base_payload``, and sets that one
field, so every command, button and form the person uses arrives in ``locale``; the server is
created with the same ``preferred_locale``, so channel messages use it too. A translator can
then look at every screen: ``quiz-tutor playground --locale fr``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import simcord.interactions as sim_interactions


@contextlib.contextmanager
def speaking(locale: str | None) -> Iterator[None]:
    """Send every interaction with ``locale`` inside the block (nothing changes for None)."""
    if locale is None:
        yield
        return
    build = sim_interactions.base_payload

    def base_payload(*args: Any, **kwargs: Any) -> Any:
        record, payload = build(*args, **kwargs)
        payload["locale"] = locale
        return record, payload

    sim_interactions.base_payload = base_payload
    try:
        yield
    finally:
        sim_interactions.base_payload = build
