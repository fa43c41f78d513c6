"""Adapt SimCord's preview, made for tests, to a world that lives on while a person watches.

Taking turns: SimCord runs one operation at a time per Env and refuses an overlapping one, and
its preview refuses an action made on a page revision older than the current one. Both suit a
test that drives everything from one place; in the playground the clock and the classmates
change the world while the person clicks. So every browser action waits for the playground's
current step, and a click made on the page as it was a moment ago applies to the page as it is
now, as it would in Discord.

Closing: the page's "End preview session" closes the preview from inside a browser action, so
the playground's clock asks whether the preview is still open before each step.

Timers: SimCord arms every bot timer twice, on its simulated clock and as a fallback on the wall
clock, so that a test which never advances time still sees timers fire. A settle then waits,
in real time, for any bot timer due within its five-second deadline (a question's deadline, the
lease renewal), and the fallback advances time on its own, racing the playground's clock. The
playground's clock is the only source of time here, so the playground turns the fallback off
(``simulated_timers_only``); SimCord offers no option for it, hence the patch.

Mentions: Discord shows ``<@id>`` in an embed's description and field values as the member's
name; the preview shows them raw. The bot lists who answered in embeds, so the playground turns
those mentions on while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from simcord import env as _env
from simcord.preview import _markdown

MENTIONING_EMBED_FIELDS = ("embed_description", "embed_field_value")

if TYPE_CHECKING:
    from simcord.preview import Preview


class Turns:
    """One change to the world at a time; browser actions go before the clock's next step."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.actions_waiting = 0

    @contextlib.asynccontextmanager
    async def action(self) -> AsyncIterator[None]:
        """Hold the turn for a browser action; the clock sees it waiting and steps aside."""
        self.actions_waiting += 1
        try:
            await self.lock.acquire()
        finally:
            self.actions_waiting -= 1
        try:
            yield
        finally:
            self.lock.release()

    async def __aenter__(self) -> None:
        await self.lock.acquire()

    async def __aexit__(self, *_: object) -> None:
        self.lock.release()


def take_turns(preview: Preview, turns: Turns) -> None:
    """Make the preview's browser actions take turns with the clock, in arrival order."""
    act = preview._action

    async def in_turn(context_id: str | None, body: Mapping[str, Any]) -> dict[str, Any]:
        async with turns.action():
            return await act(context_id, _on_current_revision(preview, context_id, body))

    preview._action = in_turn  # type: ignore[method-assign]


@contextlib.contextmanager
def simulated_timers_only() -> Iterator[None]:
    """Arm the bot's timers on the simulated clock only, while the block runs (see above)."""
    arm = _env.Env._schedule_timer

    def no_wall_clock_fallback(*_: object) -> None:
        return None

    _env.Env._schedule_timer = no_wall_clock_fallback  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        _env.Env._schedule_timer = arm  # type: ignore[method-assign]


def is_open(preview: Preview) -> bool:
    """Tell whether the preview still serves its page (it has not begun closing)."""
    return not preview._closed


def _on_current_revision(
    preview: Preview, context_id: str | None, body: Mapping[str, Any]
) -> Mapping[str, Any]:
    """Return ``body`` made against the page's current revision when it named an older one."""
    page = preview._pages.get(context_id or "")
    revision = body.get("published_revision") if isinstance(body, Mapping) else None
    if page is None or type(revision) is not int or revision >= page.revision:
        return body
    return {**body, "published_revision": page.revision}


@contextlib.contextmanager
def embed_mentions() -> Iterator[None]:
    """Show member mentions in embed descriptions and field values by name, as Discord does."""
    policies = _markdown._FIELD_POLICIES
    saved = {name: policies[name]["mentions"] for name in MENTIONING_EMBED_FIELDS}
    for name in MENTIONING_EMBED_FIELDS:
        policies[name]["mentions"] = True
    try:
        yield
    finally:
        for name, value in saved.items():
            policies[name]["mentions"] = value
