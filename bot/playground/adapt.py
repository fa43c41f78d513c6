"""Adapt SimCord's preview, made for tests, to a world that lives on while a person watches.

Taking turns: SimCord runs one operation at a time per Env and refuses an overlapping one, and
its preview refuses an action made on a page revision older than the current one. Both suit a
test that drives everything from one place; in the playground the clock and the classmates
change the world while the person clicks. So every browser action waits for the playground's
current step, and a click made on the page as it was a moment ago applies to the page as it is
now, as it would in Discord.

Closing: the page's "End preview session" closes the preview from inside a browser action, so
the playground's clock asks whether the preview is still open before each step.

Mentions: Discord shows ``<@id>`` in an embed's description and field values as the member's
name; the preview shows them raw. The bot lists who answered in embeds, so the playground turns
those mentions on while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from simcord.preview import _markdown

MENTIONING_EMBED_FIELDS = ("embed_description", "embed_field_value")

if TYPE_CHECKING:
    from simcord.preview import Preview


def take_turns(preview: Preview, lock: asyncio.Lock) -> None:
    """Make the preview's browser actions hold ``lock`` while they run."""
    act = preview._action

    async def in_turn(context_id: str | None, body: Mapping[str, Any]) -> dict[str, Any]:
        async with lock:
            return await act(context_id, _on_current_revision(preview, context_id, body))

    preview._action = in_turn  # type: ignore[method-assign]


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
