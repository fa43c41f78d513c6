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

Text: SimCord's preview turns every text of every message in the page's 50-message window
into tokens on each republish, building a new markdown parser for each one: about three
quarters of a republish, and the playground republishes on every click and every second of a
countdown. The tokens depend only on the text, its field's policy and the names it mentions, so
the playground remembers them (``remembered_markdown``) and parses only what changed.

The message index: each republish also builds SimCord's index of the channel (the list
beside the messages, 50 summaries a page), and it works out the summary of every message in
the channel before picking the 50 it shows, so a republish grows with the channel's history.
Only a search needs every summary (to match it); without one the index picks its 50 by message
id alone. The playground hands SimCord summaries worked out when first read
(``summaries_when_read``): the same summary, of the message as it is at that moment, within the
same republish, for the 50 shown and for every message a search reads. Nothing is remembered
across republishes, so an edited message can never show an old summary; SimCord has no marker
of a message's changes to key a memo by (an edit in the same simulated instant keeps
``edited_timestamp``, and a summary also depends on names, threads and emojis elsewhere).

The Python page: besides the browser's pages, a preview keeps one page for Python code
(``Preview.snapshot``, captures, the page a new browser page copies its place from). Every
click and refresh republishes it as well, doubling the work, though nothing reads it until
``snapshot()`` or a capture, which republish it themselves. The playground leaves it out of
other republishes (``browser_pages_only``) and moves its place to the newest message by hand.

Mentions: Discord shows ``<@id>`` in an embed's description and field values as the member's
name; the preview shows them raw. The bot lists who answered in embeds, so the playground turns
those mentions on while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from simcord import env as _env
from simcord.preview import (
    _component_projection,
    _markdown,
    _messages,
    _queries,
    _snapshot,
)

MENTIONING_EMBED_FIELDS = ("embed_description", "embed_field_value")
REMEMBERED_TEXTS = 4096
"""Texts whose tokens are kept: a few pages of 50 messages, each with a handful of fields."""
MARKDOWN_USERS = (_component_projection, _messages, _queries, _snapshot)
"""SimCord's modules that imported ``markdown_tokens`` by name."""

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


SlashText = Callable[[str, Any], Awaitable[None]]
"""Called with a message sent from the page that starts with "/" and the viewer who sent it."""


def take_turns(preview: Preview, turns: Turns, on_slash_text: SlashText | None = None) -> None:
    """Make the preview's browser actions take turns with the clock, in arrival order.

    ``on_slash_text``: called, in the same turn, when the page sends a message starting with
    "/" (a command typed as text), with the text and the page's viewer.
    """
    act = preview._action

    async def in_turn(context_id: str | None, body: Mapping[str, Any]) -> dict[str, Any]:
        async with turns.action():
            receipt = await act(context_id, _on_current_revision(preview, context_id, body))
            content = body.get("content") if body.get("kind") == "send_message" else None
            typed = isinstance(content, str) and content.lstrip().startswith("/")
            if typed and on_slash_text is not None and not receipt.get("rejected"):
                viewer = preview._get_page(context_id).viewer
                await on_slash_text(content.strip(), viewer)
            return receipt

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


PYTHON_PAGE_READS = frozenset({"snapshot", "capture", "initial", "navigation"})
"""Why SimCord publishes its Python page when someone is about to read it."""


def browser_pages_only(preview: Preview) -> None:
    """Republish the Python page only when it is read (see above)."""
    publish = preview._publish

    def publish_read_pages(page: Any, *, reason: Any = "action") -> None:
        if page is preview._python and reason not in PYTHON_PAGE_READS:
            return
        publish(page, reason=reason)

    preview._publish = publish_read_pages  # type: ignore[method-assign]


def open_pages_at(preview: Preview, message_id: int) -> None:
    """Make a browser page opened from now on start at ``message_id``, the newest message.

    What ``Preview.show`` does for a channel layout, without republishing the Python page:
    a page copies the Python page's target, and a window ending nowhere ends at the newest.
    """
    page = preview._python
    if page is not None:
        page.target_id = message_id
        page.window_end_id = None


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


Tokens = list[dict[str, Any]]


class MarkdownMemo:
    """``markdown_tokens`` that parses a text once per policy and context, then copies."""

    def __init__(self, parse: Callable[..., Tokens], size: int = REMEMBERED_TEXTS) -> None:
        self.parse = parse
        self.size = size
        self.tokens: OrderedDict[tuple[str, ...], Tokens] = OrderedDict()
        self.parsed = 0

    def __call__(
        self, value: Any, profile: str = "message", *, context: Mapping[str, Any] | None = None
    ) -> Tokens:
        if value is None:
            return []
        policy = _markdown._FIELD_POLICIES.get(profile, _markdown._FIELD_POLICIES["message"])
        key = (
            str(value),
            profile,
            json.dumps(policy, sort_keys=True),
            json.dumps(context or {}, sort_keys=True, default=str),
        )
        tokens = self.tokens.get(key)
        if tokens is None:
            tokens = self.parse(value, profile, context=context)
            self.parsed += 1
            self.tokens[key] = tokens
            if len(self.tokens) > self.size:
                self.tokens.popitem(last=False)
        else:
            self.tokens.move_to_end(key)
        return _copied(tokens)  # SimCord decorates the tokens it gets in place


def _copied(value: Any) -> Any:
    """Copy JSON-like tokens (dicts, lists and immutable leaves); faster than ``deepcopy``."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


@contextlib.contextmanager
def remembered_markdown() -> Iterator[MarkdownMemo]:
    """Parse each text of the page once instead of on every republish (see above)."""
    parse = _markdown.markdown_tokens
    memo = MarkdownMemo(parse)
    for module in MARKDOWN_USERS:
        module.markdown_tokens = memo  # type: ignore[attr-defined]
    try:
        yield memo
    finally:
        for module in MARKDOWN_USERS:
            module.markdown_tokens = parse  # type: ignore[attr-defined]


class SummaryWhenRead(Mapping[str, Any]):
    """SimCord's summary parts of one message, worked out on the first read (see above)."""

    def __init__(self, work_out: Callable[[], dict[str, Any]]) -> None:
        self._work_out = work_out
        self._parts: dict[str, Any] | None = None

    def _read(self) -> dict[str, Any]:
        if self._parts is None:
            self._parts = self._work_out()
        return self._parts

    def __getitem__(self, key: str) -> Any:
        return self._read()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


class SummaryCount:
    """How many message summaries SimCord's index asked for and how many it worked out."""

    def __init__(self) -> None:
        self.asked = 0
        self.worked_out = 0


@contextlib.contextmanager
def summaries_when_read() -> Iterator[SummaryCount]:
    """Work out a message's index summary only when the index reads it (see above)."""
    summarise = _queries._message_summary_parts
    count = SummaryCount()

    def summary_when_read(
        preview: Preview,
        page: Any,
        message: Any,
        channel: Any,
        *,
        context: dict[str, Any] | None = None,
    ) -> SummaryWhenRead:
        count.asked += 1

        def work_out() -> dict[str, Any]:
            count.worked_out += 1
            return summarise(preview, page, message, channel, context=context)

        return SummaryWhenRead(work_out)

    _queries._message_summary_parts = summary_when_read  # type: ignore[assignment]
    try:
        yield count
    finally:
        _queries._message_summary_parts = summarise
