"""§3/§5/§6: /sets load of broken or hostile files answers with a sentence and loses nothing."""

from __future__ import annotations

import asyncio
import multiprocessing

import pytest

from tests.bot.conftest import World, moderator
from tests.contract_hostile.helpers import (
    OWN_SET,
    assert_no_traceback,
    own_set_count,
    upload,
)

MIB = 1024 * 1024

GIFT = """\
::Async view::Which server interface can hold a WebSocket open? {
    =ASGI
    ~WSGI
    ~CGI
}
"""

BILLION_LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    + "id: bomb\ntitle: Bomb\nquestions: *i\n"
)


def tiny_questions(count: int) -> str:
    head = "id: tiny\ntitle: Tiny\nquestions:\n"
    body = "".join(
        f"- {{id: q{n}, prompt: p, options: {{A: a, B: b}}, answer: A}}\n" for n in range(count)
    )
    return head + body


HOSTILE_FILES = {
    "25 MiB": ("big.yaml", b"#" * (25 * MIB)),
    "binary": ("blob.yaml", bytes(range(256)) * 64),
    "utf-16": ("utf16.yaml", OWN_SET.encode("utf-16")),
    "latin-1": (
        "latin.yaml",
        OWN_SET.replace("Bravo", "Brävo").replace("🏅", "*").encode("latin-1"),
    ),
    "empty yaml": ("empty.yaml", b""),
    "empty csv": ("empty.csv", b""),
    "empty gift": ("empty.gift", b""),
    "yaml that is gift": ("gift.yaml", GIFT.encode()),
    "billion laughs": ("bomb.yaml", BILLION_LAUGHS.encode()),
    "deep nesting": (
        "deep.yaml",
        b"id: deep\ntitle: Deep\nquestions: " + b"[" * 10_000 + b"]" * 10_000,
    ),
    "deep block nesting": (
        "deepblock.yaml",
        (
            "id: deep\ntitle: Deep\nquestions:\n" + "".join(" " * n + "- \n" for n in range(3000))
        ).encode(),
    ),
    "100,000 tiny questions": ("tiny.yaml", tiny_questions(100_000).encode()[: MIB - 64]),
    "html hint backtracking": ("hint.gift", b"<p" * 100_000 + b"{=a ~b}"),
    "sniffing blank lines": ("blank.txt", b"{x}\n" + b" \n" * 50_000),
    "unclosed html tags": ("tags.gift", b"[html]" + b"<a b" * 16_000 + b"{=a ~b}"),
    "html marked section": ("section.gift", b"[html]x <![ y> z{=a ~b}\n"),
    "5,000-digit attempts": (
        "digits.csv",
        b"prompt,A,B,answer,attempts\np,a,b,A," + b"9" * 5000 + b"\n",
    ),
    "500,000 header cells": ("wide.csv", b",".join([b"x"] * 500_000) + b"\nq\n"),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
async def test_a_hostile_upload_gets_a_sentence_and_keeps_the_loaded_set(
    world: World, case: str
) -> None:
    mod = moderator(world)
    _, first = await upload(mod, world, "own.yaml", OWN_SET.encode())
    assert "version 1" in first
    name, data = HOSTILE_FILES[case]
    _, report = await upload(mod, world, name, data)
    assert_no_traceback(report)
    assert "Loaded" not in report
    assert await own_set_count(world) == 1
    info = await mod.slash(world.channel, "sets info", set="own-set")
    assert "version 1" in "\n".join(f.value for f in info.response.embeds[0].fields)


async def test_an_attachment_discord_reports_too_small_is_still_refused(world: World) -> None:
    mod = moderator(world)
    cdn = world.env.backend.cdn
    original = cdn.store_attachment

    def lying(*args: object) -> dict[str, object]:
        stored = original(*args)  # type: ignore[arg-type]
        stored["size"] = 100
        return stored

    cdn.store_attachment = lying  # type: ignore[method-assign]
    padded = OWN_SET + "#" * (3 * MIB) + "\n"
    _, report = await upload(mod, world, "own.yaml", padded.encode())
    cdn.store_attachment = original  # type: ignore[method-assign]
    assert_no_traceback(report)
    assert "1 MiB" in report
    assert await own_set_count(world) == 0


async def test_a_utf8_file_with_a_bom_loads_and_exports_without_it(world: World) -> None:
    mod = moderator(world)
    _, summary = await upload(mod, world, "own.yaml", ("\ufeff" + OWN_SET).encode())
    assert "version 1" in summary
    exported = await mod.slash(world.channel, "sets export", set="own-set")
    text = (await exported.response.attachments[0].read()).decode("utf-8")
    assert text == OWN_SET
    _, again = await upload(mod, world, "own-set.yaml", text.encode())
    assert "Changes: none" in again


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.yaml",
        "..\\..\\windows\\own.yaml",
        "x" * 295 + ".yaml",
        "📚 quiz 🎓.yaml",
        "`@everyone` <@1>.yaml",
    ],
)
async def test_odd_filenames_of_a_valid_yaml_set_load(world: World, name: str) -> None:
    mod = moderator(world)
    _, summary = await upload(mod, world, name, OWN_SET.encode())
    assert "version 1" in summary
    assert await own_set_count(world) == 1


@pytest.mark.parametrize(
    ("name", "expected_id"),
    [
        ("../../etc/week.csv", "week"),
        ("a/b\\c.csv", None),
        ("y" * 296 + ".csv", "y" * 64),
        ("📚🎓.csv", None),
    ],
)
async def test_odd_filenames_of_an_import_give_a_valid_id_or_a_sentence(
    world: World, name: str, expected_id: str | None
) -> None:
    mod = moderator(world)
    csv = "prompt,A,B,answer\nWhich is first?,one,two,A\n"
    _, summary = await upload(mod, world, name, csv.encode())
    assert_no_traceback(summary)
    if expected_id is not None:
        assert f"`{expected_id}`" in summary
    rows = await world.rows("SELECT set_id FROM guild_sets")
    for (set_id,) in rows:
        assert set_id
        assert len(set_id) <= 64
        assert all(c.islower() or c.isdigit() or c == "-" for c in set_id), set_id


async def test_a_csv_over_the_upload_budget_is_refused_with_a_sentence(world: World) -> None:
    """4,000 questions with quoted cells take a second or more to convert: far over a budget
    made tiny here (the budget's logic is tested on a moved clock in tests/content, real
    times are measured in bench/content.py)."""
    world.env.bot.uploads.seconds = 0.1
    mod = moderator(world)
    rows = b"prompt,A,B,answer\n" + (b'"' + b"p" * 100 + b'",a,b,A\n') * 4000
    _, report = await upload(mod, world, "rows.csv", rows)
    assert_no_traceback(report)
    assert "took longer than 0.1 seconds to check" in report
    assert await own_set_count(world) == 0


async def test_a_second_upload_of_a_server_waits_for_the_first(world: World) -> None:
    mod = moderator(world)
    uploads = world.env.bot.uploads
    csv = b"prompt,A,B,answer\nWhich is first?,one,two,A\n"
    first = asyncio.ensure_future(uploads.convert(world.guild.id, csv, "a.csv", max_questions=9))
    second = asyncio.ensure_future(uploads.convert(world.guild.id, csv, "b.csv", max_questions=9))
    await asyncio.sleep(0)
    assert uploads._queued == {world.guild.id: 2}
    done = await asyncio.gather(first, second)
    assert [conversion.set_id for conversion in done] == ["a", "b"]
    assert uploads._queued == {}
    _, summary = await upload(mod, world, "c.csv", csv)
    assert "version 1" in summary


async def test_closing_the_bot_ends_its_upload_workers(world: World) -> None:
    mod = moderator(world)
    _, summary = await upload(mod, world, "own.yaml", OWN_SET.encode())
    assert "version 1" in summary
    assert world.env.bot.uploads.pool.pids()
    await world.env.bot.close()
    assert not multiprocessing.active_children()
