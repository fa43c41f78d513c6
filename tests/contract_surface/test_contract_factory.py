"""CONTRACT §2: `create_bot(...)` as tests use it, and §6 uploads of every format."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import simcord
from discord.ext import commands

from bot import create_bot
from tests.bot.conftest import MINI_SET, reply_of

SHIPPED_SET = "asgi-vs-wsgi"


async def _listed_set_ids(env: simcord.Env) -> str:
    guild = env.create_guild("Factory")
    channel = guild.create_text_channel("study")
    member = guild.add_member(env.create_user("alice"))
    await env.bot.tree.sync()
    listing = await member.slash(channel, "sets list")
    return "\n".join(field.value for field in listing.response.embeds[0].fields)


def _content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    return folder


def test_create_bot_returns_a_bot_not_yet_started(tmp_path: Path) -> None:
    bot = create_bot(database=tmp_path / "quiz.db", content_dir=tmp_path / "content")
    assert isinstance(bot, commands.Bot | commands.AutoShardedBot)
    assert not bot.is_ready()
    assert not bot.is_closed()
    assert not (tmp_path / "quiz.db").exists()  # storage opens in setup_hook, not before


@pytest.mark.parametrize("database", [":memory:", "path-as-str", "path"])
async def test_memory_str_and_path_databases_with_given_content(
    tmp_path: Path, database: str
) -> None:
    target: str | Path = {
        ":memory:": ":memory:",
        "path-as-str": str(tmp_path / "quiz.db"),
        "path": tmp_path / "quiz.db",
    }[database]
    env = simcord.Env(create_bot(database=target, content_dir=_content(tmp_path)))
    await env.start()
    try:
        listed = await _listed_set_ids(env)
        assert "`mini`" in listed
        assert f"`{SHIPPED_SET}`" not in listed  # only the given folder's sets
    finally:
        await env.bot.close()
        await env.shutdown()
    if database != ":memory:":
        assert (tmp_path / "quiz.db").is_file()


async def test_content_dir_none_means_the_shipped_sets(database_target: Path | str) -> None:
    env = simcord.Env(create_bot(database=database_target, content_dir=None))
    await env.start()
    try:
        listed = await _listed_set_ids(env)
        assert f"`{SHIPPED_SET}`" in listed
        assert "`python-asyncio`" in listed
    finally:
        await env.bot.close()
        await env.shutdown()


@pytest.mark.parametrize("shard_ids", [[1, 2], (1, 2), range(1, 3)])
def test_shard_keywords_take_any_sequence(tmp_path: Path, shard_ids: object) -> None:
    bot = create_bot(
        database=tmp_path / "q.db", content_dir=None, shard_ids=shard_ids, shard_count=4
    )
    assert isinstance(bot, commands.AutoShardedBot)
    assert list(bot.shard_ids) == [1, 2]
    assert bot.shard_count == 4


def test_shard_count_alone_runs_every_shard_of_that_count(tmp_path: Path) -> None:
    bot = create_bot(database=tmp_path / "q.db", content_dir=None, shard_count=3)
    assert bot.shard_count == 3
    assert bot.owns_guild(0)
    assert bot.owns_guild(1 << 22)
    assert bot.owns_guild(2 << 22)


async def test_a_second_bot_on_the_same_database_sees_what_the_first_saved(
    database_target: Path | str, tmp_path: Path
) -> None:
    content = _content(tmp_path)
    env = simcord.Env(create_bot(database=database_target, content_dir=content))
    await env.start()
    try:
        guild = env.create_guild("Restart")
        channel = guild.create_text_channel("study")
        await env.bot.tree.sync()
        mod = moderator_like(guild, env)
        own = MINI_SET.replace("id: mini", "id: kept-set")
        loaded = await mod.slash(channel, "sets load", file=("kept.yaml", own.encode()))
        assert "kept-set" in reply_of(loaded).content
        await env.bot.close()
        await env.restart_bot(create_bot(database=database_target, content_dir=content))
        await env.bot.tree.sync()
        listing = await mod.slash(channel, "sets list")
        assert "`kept-set`" in "\n".join(f.value for f in listing.response.embeds[0].fields)
    finally:
        await env.bot.close()
        await env.shutdown()


def moderator_like(guild: simcord.GuildHandle, env: simcord.Env) -> simcord.MemberActor:
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(env.create_user("mod"), roles=[mods])


AIKEN = (
    "Which planet is red?\nA) Venus\nB) Mars\nANSWER: B\n\n"
    "And blue?\nA. Earth\nB. Mars\nANSWER: A\n"
)
GIFT_TXT = "$CATEGORY: Space Facts\n\n::Red:: Which planet is red? {~Venus =Mars}\n"


@pytest.mark.parametrize(
    ("name", "text", "set_id"),
    [("planets.txt", AIKEN, "planets"), ("space.txt", GIFT_TXT, "space-facts")],
)
async def test_sets_load_takes_aiken_and_gift_in_a_txt_file(
    tmp_path: Path, name: str, text: str, set_id: str
) -> None:
    env = simcord.Env(create_bot(database=tmp_path / "q.db", content_dir=_content(tmp_path)))
    await env.start()
    try:
        guild = env.create_guild("Uploads")
        channel = guild.create_text_channel("study")
        await env.bot.tree.sync()
        mod = moderator_like(guild, env)
        loaded = await mod.slash(channel, "sets load", file=(name, text.encode()))
        assert set_id in reply_of(loaded).content
        listing = await mod.slash(channel, "sets list")
        assert f"`{set_id}`" in "\n".join(f.value for f in listing.response.embeds[0].fields)
    finally:
        await env.bot.close()
        await env.shutdown()
