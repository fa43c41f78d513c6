"""Run asyncio snippets on a virtual clock: sleeps take no real time, and a hang is detected.

``run_script(source)`` executes a whole script (``import asyncio``, ``asyncio.run(main())``...)
and returns what it printed. Inside it ``asyncio.run`` uses an event loop whose clock jumps
forward whenever the loop would wait, ``time.perf_counter()``/``time.monotonic()``/``time.time()``
read that clock, and a blocking ``time.sleep(s)`` moves it by ``s`` without yielding to the loop.
A loop left with nothing to run and nothing scheduled raises ``Deadlock`` instead of hanging.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import io
import selectors
import types
from collections.abc import Mapping
from typing import Any


class Deadlock(RuntimeError):
    """The event loop would wait forever: nothing is ready, scheduled or watched."""


class VirtualClock:
    """The time a virtual loop and the shimmed ``time`` module read.

    ``thread_grace``: real seconds an idle loop waits for worker threads (``sync_to_async``,
    ``run_in_executor``) to hand work back before it counts as deadlocked; 0 when the snippet
    uses no threads, so a hang is reported at once.
    """

    def __init__(self, thread_grace: float = 0.0) -> None:
        self.now = 0.0
        self.thread_grace = thread_grace

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


class _JumpingSelector(selectors.DefaultSelector):
    """A selector that, instead of waiting, moves the virtual clock to the next timer."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock
        self.loop: _VirtualLoop | None = None

    def select(self, timeout: float | None = None) -> list[Any]:
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:
            # Nothing is scheduled: only a worker thread writing to the self-pipe can wake it.
            ready = super().select(self._clock.thread_grace) if self._clock.thread_grace else []
            if not ready:
                raise Deadlock("the event loop would wait forever")
            return ready
        self._clock.advance(timeout)
        return []


class _VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self, clock: VirtualClock) -> None:
        super().__init__(selector=_JumpingSelector(clock))
        self._virtual_clock = clock

    def time(self) -> float:
        return self._virtual_clock.time()


def _shim(module: types.ModuleType, overrides: Mapping[str, object]) -> types.ModuleType:
    shim = types.ModuleType(module.__name__)
    shim.__dict__.update(module.__dict__)
    shim.__dict__.update(overrides)
    return shim


def run_on_virtual_loop(coroutine: Any, clock: VirtualClock) -> Any:
    """Run ``coroutine`` to completion on a fresh virtual-clock loop (like ``asyncio.run``)."""
    loop = _VirtualLoop(clock)
    try:
        return loop.run_until_complete(coroutine)
    finally:
        for task in asyncio.all_tasks(loop):
            task.cancel()
        with contextlib.suppress(Deadlock):
            loop.run_until_complete(asyncio.sleep(0))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def virtual_builtins(clock: VirtualClock) -> dict[str, Any]:
    """Builtins under which ``import time`` and ``import asyncio`` give the virtual versions."""
    import time

    fake_time = _shim(
        time,
        {
            "perf_counter": clock.time,
            "monotonic": clock.time,
            "time": clock.time,
            "sleep": clock.advance,
        },
    )
    fake_asyncio = _shim(asyncio, {"run": lambda coroutine: run_on_virtual_loop(coroutine, clock)})
    real_import = builtins.__import__

    def import_(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "time":
            return fake_time
        if name == "asyncio":
            return fake_asyncio
        return real_import(name, *args, **kwargs)

    return {**builtins.__dict__, "__import__": import_}


def run_script(source: str, clock: VirtualClock | None = None) -> str:
    """Execute ``source`` as a script on the virtual clock and return its standard output."""
    clock = clock or VirtualClock()
    namespace: dict[str, Any] = {"__name__": "__snippet__", "__builtins__": virtual_builtins(clock)}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(source, "<snippet>", "exec"), namespace)
    return output.getvalue()
