"""A test shim: SimCord members with a Discord language of their own.

SimCord 3.x builds every interaction's payload in ``simcord.interactions.base_payload`` with
``"locale": "en-US"``, whoever the member is. :func:`member_locales` wraps that builder and
changes that one field, ``locale`` (the member's Discord language), for the members it is
given; every other field (``guild_locale`` too) is SimCord's. A server's own preferred locale
needs no shim: ``env.create_guild(..., preferred_locale="de")``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pytest
import simcord.interactions as sim_interactions


@contextmanager
def member_locales(
    monkeypatch: pytest.MonkeyPatch, locales: Mapping[int, str]
) -> Iterator[dict[int, str]]:
    """Send the interactions of member id → locale with that ``locale`` (others: en-US).

    The mapping stays live: change it inside the block to change a member's language.
    """
    chosen = dict(locales)
    build = sim_interactions.base_payload

    def base_payload(*args: Any, **kwargs: Any) -> Any:
        record, payload = build(*args, **kwargs)
        user_id = kwargs.get("user_id")
        if user_id in chosen:
            payload["locale"] = chosen[user_id]
        return record, payload

    with monkeypatch.context() as patch:
        patch.setattr(sim_interactions, "base_payload", base_payload)
        yield chosen
