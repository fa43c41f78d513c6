"""The form's YAML work runs in the upload workers, not on the bot's event loop.

Reading a stored set, writing it again with the form's change and validating it grows with
the set (about half a second for 5,000 questions): a submit, a copy and a removal each send
that work to the upload workers, one job a server, as an upload is. Stored sets are
validated at start-up in a thread, so no server's first request parses them on the loop.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.authoring.changing import change_set, renamed, without_question
from bot.library.catalog import Catalog, StoredSet
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_form.helpers import filled, preview, save


def record_jobs(world: World) -> list[Any]:
    """Record the jobs the bot's upload workers run (each still runs, in its worker)."""
    pool = world.env.bot.uploads.pool
    jobs: list[Any] = []
    run = pool.run

    def recording(slot: int, seconds: float, job: Any, *args: Any, **kwargs: Any) -> Any:
        jobs.append(args[0])  # the job ``_with_deadline`` runs in the worker
        return run(slot, seconds, job, *args, **kwargs)

    pool.run = recording  # type: ignore[method-assign]
    return jobs


async def test_copy_edit_and_remove_change_the_yaml_in_the_upload_workers(world: World) -> None:
    jobs = record_jobs(world)
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets copy", set="mini", id="my-mini")
    assert "version 1" in reply_of(result).content
    shown = await mod.slash(world.channel, "questions edit", set="my-mini", question="first")
    message = await preview(mod, shown, filled(shown) | {"hint": "It cheers."})
    assert "version 2" in await save(mod, message)
    asked = await mod.slash(world.channel, "questions remove", set="my-mini", question="first")
    removed = await mod.click(reply_of(asked), label="Remove")
    assert "Removed `first`" in reply_of(removed).content
    assert jobs == [renamed, change_set, without_question]
    kept = world.env.bot.catalog.get(world.guild.id, "my-mini")
    assert kept is not None
    assert kept.question("first") is None


def test_read_stored_validates_every_stored_set_at_once() -> None:
    text = "id: own\ntitle: Own\nquestions:\n  - id: q1\n    prompt: One?\n"
    text += "    options:\n      A: yes\n      B: no\n    answer: A\n"
    catalog = Catalog()
    catalog.add_stored([StoredSet(7, "own", text, 3, 1, 0.0), StoredSet(8, "own", text, 1, 1, 0.0)])
    catalog.read_stored()
    assert not catalog._stored  # nothing left for a first request to parse
    seven = catalog.server_set(7, "own")
    assert seven is not None
    assert (seven.version, [q.id for q in seven.qset.questions]) == (3, ["q1"])


async def test_a_restart_validates_stored_sets_in_a_thread_not_on_a_first_request(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets copy", set="mini", id="my-mini")
    assert "version 1" in reply_of(result).content
    threads: list[threading.Thread] = []
    read_stored = Catalog.read_stored

    def recording(catalog: Catalog) -> None:
        threads.append(threading.current_thread())
        read_stored(catalog)

    monkeypatch.setattr(Catalog, "read_stored", recording)
    await world.restart()
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()
    catalog = world.env.bot.catalog
    assert not catalog._stored  # a first request finds its sets validated already
    kept = catalog.server_set(world.guild.id, "my-mini")
    assert kept is not None
    assert kept.version == 1
