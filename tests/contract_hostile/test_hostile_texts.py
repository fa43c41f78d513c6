"""Nothing a moderator writes in a set pings anyone, in any mode, in the reveal or the export."""

from __future__ import annotations

import csv
import io

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import MINI_SET, World, moderator, reply_of
from tests.contract_hostile.helpers import sent_messages, upload

A, B = LETTER_EMOJIS[:2]


def loud_set(user_id: int, role_id: int, channel_id: int) -> str:
    loud = f"@everyone @here <@{user_id}> <@!{user_id}> <@&{role_id}> <#{channel_id}>"
    link = "[free nitro](https://evil.example/x) ```` **bold `tick"
    return (
        MINI_SET.replace("id: mini", "id: loud")
        .replace("title: Mini Set", f"title: '{loud}'")
        .replace("prompt: Which letter comes second?", f"prompt: 'Second? {loud} {link}'")
        .replace("A: Alpha", f"A: 'Alpha {loud}'")
        .replace("B: Bravo", f"B: 'Bravo {link}'")
        .replace(
            "hint: It sounds like a cheer.",
            f"hint: 'Cheer {loud}'\n    feedback:\n      A: 'No {loud} {link}'",
        )
        .replace("text: A is first, B is second.", f"text: 'Step {loud} {link}'")
        .replace("takeaway: Bravo is second.", f"takeaway: 'Take {loud}'")
        .replace("- Starting to count at zero", f"- 'Mistake {loud}'")
    )


async def test_mentions_and_markdown_in_every_set_text_ping_nobody(world: World) -> None:
    mod = moderator(world)
    role = world.guild.create_role("Learners", mentionable=True)
    text = loud_set(world.alice.id, role.id, world.channel.id)
    _, summary = await upload(mod, world, "loud.yaml", text.encode())
    assert "version 1" in summary
    await world.bob.slash(world.channel, "sets info", set="loud")
    await world.alice.slash(world.channel, "practice", set="loud")
    thread = world.channel.threads[0]
    question = [m for m in world.messages(thread) if m.reactions][-1]
    await world.alice.react(question, A)  # wrong: its feedback is shown
    await world.alice.react(question, B)
    await world.alice.slash(thread, "stop")
    await world.bob.slash(world.channel, "challenge", set="loud")
    challenge = world.messages()[-1]
    await world.carol.react(challenge, A)
    await world.env.advance_time(400)
    exported = await mod.slash(world.channel, "sets export", set="loud")
    assert (await exported.response.attachments[0].read()).decode() == text
    messages = sent_messages(world)
    assert any("@everyone" in (m.content or "") + str(m.embeds) for m in messages)
    for message in messages:
        assert not message.mention_everyone, message.content
        assert not message.ping_role_ids, message.content
        assert not message.ping_user_ids, message.content


async def test_stats_csv_neutralises_every_formula_start(world: World) -> None:
    starts = {"first": "\\t=1+1", "second": "\\r=1+1", "third": "=1+1"}
    text = MINI_SET.replace("id: mini", "id: formulas")
    for prompt, start in zip(
        ("Which letter comes second?", "Which word is a colour?", "What is 2 + 2?"),
        starts.values(),
        strict=True,
    ):
        text = text.replace(f"prompt: {prompt}", f'prompt: "{start} {prompt}"')
    mod = moderator(world)
    _, said = await upload(mod, world, "formulas.yaml", text.encode())
    assert "version 1" in said, said
    result = await mod.slash(world.channel, "sets stats", set="formulas")
    [attachment] = reply_of(result).attachments
    rows = list(csv.reader(io.StringIO((await attachment.read()).decode("utf-8-sig"))))
    prompts = {row[0]: row[1] for row in rows[1:]}
    assert set(prompts) == set(starts)
    for question, prompt in prompts.items():
        assert prompt.startswith("'"), (question, prompt)  # read as text, never a formula
