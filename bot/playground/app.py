"""Run a playground from the command line: print its address, serve it until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
import sys
import webbrowser

from simcord import SetupError

from bot.playground.sets import PlaygroundSets
from bot.playground.world import Playground, PlaygroundOptions, open_playground
from i18n import ngettext
from storage import StorageError


def serve(
    options: PlaygroundOptions, sets: PlaygroundSets | None, *, kept: bool, open_browser: bool
) -> int:
    """Serve the playground until Ctrl-C, SIGTERM or "End preview session"; return the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(_serve(options, sets, kept=kept, open_browser=open_browser))
    except KeyboardInterrupt:  # where asyncio has no signal handlers (Windows)
        print("Playground stopped.")
    except SetupError as error:  # for example a --port already in use
        print(f"quiz-tutor playground: {error}", file=sys.stderr)
        return 2
    except (sqlite3.Error, StorageError) as error:
        print(f"quiz-tutor playground: cannot use {options.database}: {error}", file=sys.stderr)
        return 2
    return 0


async def _serve(
    options: PlaygroundOptions, sets: PlaygroundSets | None, *, kept: bool, open_browser: bool
) -> None:
    stop = _stop_on_signals()  # before the address is printed: a stop right after it counts
    async with open_playground(options) as playground:
        print(banner(playground, options, sets, kept=kept), flush=True)
        if open_browser and not await _open_browser(playground.url):
            print("(No browser could be opened here: open the address above yourself.)")
        await _until_stopped(playground, stop)
    print("Playground stopped.")


def banner(
    playground: Playground, options: PlaygroundOptions, sets: PlaygroundSets | None, *, kept: bool
) -> str:
    """Return what the playground prints once it is running."""
    available = ", ".join(s.id for s in playground.bot.catalog.available(None))
    first = sets.added[0] if sets else "python-asyncio"
    where = "kept" if kept else "deleted when the playground stops"
    lines = [
        "quiz-tutor playground: the real bot in a simulated Discord, on this machine only.",
        "",
        f"  Open {playground.url}",
        "",
        _company(playground),
        "Type / in the page to run a command; react with a letter to answer:",
        f"  /challenge set:{first}   /practice   /test   /progress   /leaderboard   /sets list",
        f"Sets: {available}",
    ]
    if sets:
        lines.append(f"Yours: {', '.join(sets.added)}.")
        if sets.replaced:
            lines.append(f"Shipped sets replaced by yours (same id): {', '.join(sets.replaced)}.")
    if options.locale:
        lines.append(
            f"Language: {options.locale}, yours and the server's (this text stays English)."
        )
    lines.append(f"Database: {options.database} ({where})")
    if playground.ended_at_start:
        lines.append(
            ngettext(
                "{n} session was still running when the playground last stopped: it has ended, "
                "its answers are kept (a new playground starts with a new channel).",
                "{n} sessions were still running when the playground last stopped: they have "
                "ended, their answers are kept (a new playground starts with a new channel).",
                playground.ended_at_start,
            )
        )
    lines.append("Stop with Ctrl-C.")
    return "\n".join(lines)


def _company(playground: Playground) -> str:
    """Say who is in the channel with the person."""
    channel = f"#{playground.channel.name}"
    members = playground.classmates.members
    if not members:
        return f"You own the server and are alone in {channel}."
    names = ", ".join(m.user.global_name or m.name for m in members)
    return (
        f"You own the server and are in {channel} with {len(members)} simulated classmates "
        f"({names}), who answer challenges too."
    )


async def _open_browser(url: str) -> bool:
    """Open ``url`` in a graphical browser; return False where there is none."""
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False  # webbrowser would start a text browser in this terminal instead
    try:
        return await asyncio.to_thread(webbrowser.open, url)
    except webbrowser.Error:
        return False


def _stop_on_signals() -> asyncio.Event:
    """Return an event set by Ctrl-C or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not on Windows (Ctrl-C raises KeyboardInterrupt instead) nor off the main thread.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)
    return stop


async def _until_stopped(playground: Playground, stop: asyncio.Event) -> None:
    """Wait for Ctrl-C, SIGTERM (``stop``), or "End preview session" in the page."""
    waits = [
        asyncio.ensure_future(stop.wait()),
        asyncio.ensure_future(playground.preview.wait_closed()),
    ]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
