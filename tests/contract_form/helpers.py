"""Driving the question form through SimCord: open it, fill it, press its buttons."""

from __future__ import annotations

from typing import Any

import simcord

from tests.bot.conftest import World, reply_of

FIELDS = ("prompt", "options", "answer", "hint", "explanation")

CODE_QUESTION = {
    "prompt": "What does this print?\n```python\nprint(1 + 1)\n```",
    "options": (
        "A) 1 | One is the first number, not the sum\nB) 2\nC) 11 | Numbers add up; only texts join"
    ),
    "answer": "B",
    "hint": "Add them.",
    "explanation": "Add\n1 + 1 is 2.\n\nprint shows the sum.",
}


def sum_question(n: int) -> dict[str, str]:
    """A question whose right answer is always B."""
    return {
        "prompt": f"What is {n} + {n}?",
        "options": f"A) {2 * n + 1}\nB) {2 * n}\nC) {2 * n - 1}",
        "answer": "B",
    }


def modal_fields(shown: simcord.InteractionResult) -> dict[str, dict[str, Any]]:
    """Return the form's text inputs by custom id."""
    modal = shown.modal
    assert modal is not None, reply_of(shown)
    inputs: dict[str, dict[str, Any]] = {}
    for row in modal["components"]:
        for control in row.get("components") or [row.get("component")]:
            inputs[control["custom_id"]] = control
    return inputs


def filled(shown: simcord.InteractionResult) -> dict[str, str]:
    """Return what the form shows in each field when it opens."""
    return {name: control.get("value") or "" for name, control in modal_fields(shown).items()}


async def preview(
    mod: simcord.MemberActor, shown: simcord.InteractionResult, values: dict[str, str]
) -> Any:
    """Submit the form; return the message with its buttons (the preview, or the errors)."""
    result = await mod.submit_modal(shown, values)
    message = reply_of(result)
    assert message is not None
    assert message.ephemeral
    return message


async def save(mod: simcord.MemberActor, message: Any) -> str:
    result = await mod.click(message, label="Save")
    return reply_of(result).content


async def add_question(
    mod: simcord.MemberActor, world: World, set_id: str, values: dict[str, str]
) -> str:
    """Write one question with /questions add and save it; return what Save said."""
    shown = await mod.slash(world.channel, "questions add", set=set_id)
    message = await preview(mod, shown, values)
    assert "Save" in str(message.components), message.content
    return await save(mod, message)


def custom_ids(message: Any) -> list[str]:
    found = []
    for row in message.components:
        found.extend(c.get("custom_id", "") for c in row.get("components", []))
    return found


def embed_text(message: Any) -> str:
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{f.name} {f.value}" for f in embed.fields]
    return "\n".join(parts)
