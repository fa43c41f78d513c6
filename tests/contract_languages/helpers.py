"""Everything the bot showed in a SimCord world, as texts: messages, embeds, components,
forms and thread names, to look for English left over or a Discord limit broken."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import simcord

from tests.bot.conftest import World


@dataclass
class Shown:
    """One text the bot showed: where (for the failure message), what, and its limit."""

    where: str
    text: str
    limit: int


@dataclass
class Forms:
    """The forms (modals) the bot opened, collected from interaction results."""

    seen: list[dict[str, Any]] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)

    def keep(self, result: simcord.InteractionResult) -> simcord.InteractionResult:
        if result.modal is not None:
            self.seen.append(result.modal)
        return result

    def snapshot(self, world: World, message: Any) -> Any:
        """Keep a message as it is now (a click may edit it away)."""
        for channel in world.env.backend.messages.values():
            if message.id in channel:
                self.messages.append(copy.deepcopy(channel[message.id]))
        return message


def _embed_texts(where: str, embed: dict[str, Any]) -> Iterator[Shown]:
    yield Shown(f"{where} title", embed.get("title") or "", 256)
    yield Shown(f"{where} description", embed.get("description") or "", 4096)
    yield Shown(f"{where} author", (embed.get("author") or {}).get("name") or "", 256)
    yield Shown(f"{where} footer", (embed.get("footer") or {}).get("text") or "", 2048)
    for index, item in enumerate(embed.get("fields") or []):
        yield Shown(f"{where} field {index} name", item.get("name") or "", 256)
        yield Shown(f"{where} field {index} value", item.get("value") or "", 1024)


def _component_texts(where: str, components: list[dict[str, Any]]) -> Iterator[Shown]:
    for row in components:
        for item in row.get("components") or [row.get("component") or row]:
            kind = item.get("type")
            label_limit = 45 if kind == 4 else 80  # a form's text input, else a button
            yield Shown(f"{where} label", item.get("label") or "", label_limit)
            yield Shown(f"{where} placeholder", item.get("placeholder") or "", 100 if kind else 150)
            for option in item.get("options") or []:
                yield Shown(f"{where} option", option.get("label") or "", 100)
                yield Shown(f"{where} option description", option.get("description") or "", 100)


def message_texts(message: Any) -> Iterator[Shown]:
    """Every text of one stored (raw) SimCord message."""
    where = f"message {message.id}"
    yield Shown(f"{where} content", message.content or "", 2000)
    for embed in message.embeds:
        yield from _embed_texts(where, embed)
    yield from _component_texts(where, message.components)


def form_texts(modal: dict[str, Any]) -> Iterator[Shown]:
    """Every text of a form the bot opened (its title, labels and placeholders)."""
    yield Shown("form title", modal.get("title") or "", 45)
    yield from _component_texts("form", modal.get("components") or [])


def bot_messages(world: World) -> list[Any]:
    """Every message of the bot SimCord holds (every channel, thread and DM, as last edited)."""
    bot_id = world.env.bot.user.id
    stored = [m for channel in world.env.backend.messages.values() for m in channel.values()]
    return [m for m in stored if m.author_id == bot_id or m.interaction_metadata]


def thread_names(world: World) -> list[str]:
    return [thread.name for channel in (world.channel,) for thread in channel.threads]


def everything_shown(world: World, forms: Forms) -> list[Shown]:
    messages = bot_messages(world) + forms.messages
    shown = [text for message in messages for text in message_texts(message)]
    shown += [text for modal in forms.seen for text in form_texts(modal)]
    shown += [Shown("thread name", name, 100) for name in thread_names(world)]
    return [s for s in shown if s.text]


def over_limits(shown: list[Shown], messages: list[Any]) -> list[str]:
    """Every Discord limit broken: each text's own, and an embed's total of 6000."""
    problems = [f"{s.where}: {len(s.text)} > {s.limit}" for s in shown if len(s.text) > s.limit]
    for message in messages:
        total = 0
        for embed in message.embeds:
            total += sum(len(s.text) for s in _embed_texts("", embed))
            if len(embed.get("fields") or []) > 25:
                problems.append(f"message {message.id}: more than 25 fields")
        if total > 6000:
            problems.append(f"message {message.id}: embeds total {total} > 6000")
    return problems
