"""A small pool of worker processes that check uploaded set files, each job under hard limits.

A regular expression or a parser can hold the GIL for seconds inside one C call, so a worker
thread does not protect the bot's event loop: only another process does. Each worker process
serves one job at a time over a pipe. A job that overruns its wall-clock seconds gets its
worker killed (terminate, then kill) and replaced by a fresh one on the next job; a worker runs
under a memory limit (``RLIMIT_AS``), so an allocation bomb becomes a MemoryError and a
sentence. Processes come from the "forkserver" start method where there is one (never a fork
of the threaded bot), else "spawn", and start lazily, on the first job.

Everything here blocks: ``WorkerPool.run`` is meant for a thread that only waits on uploads
(see ``content.offload``), never the event loop.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

try:
    import resource
except ImportError:  # not on Windows: the worker then runs without a memory limit
    resource = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

MIB = 1024 * 1024
WORKER_MEMORY_BYTES = 512 * MIB
"""The address space a worker may use (``RLIMIT_AS``); an upload needing more is refused."""
STOP_SECONDS = 1.0
"""How long a terminated worker has to exit before it is killed."""

Job = Callable[..., Any]
Reply = tuple[str, Any]
"""("ok", result), ("error", exception) or ("crash", traceback text)."""


class Overran(Exception):
    """The job was still running when its seconds were up; its worker was killed."""


class WorkerDied(Exception):
    """The worker exited without answering (killed by the system, or out of memory)."""


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # workers fork from a server that already imported the checkers: they start at once
        context.set_forkserver_preload(["content.offload"])
    return context


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (where the system allows it)."""
    if limit is None or resource is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(connection: Connection, memory: int | None) -> None:
    """Run jobs received on ``connection`` until it closes: the worker process's main."""
    limit_memory(memory)
    while True:
        try:
            job, args, kwargs = connection.recv()
        except (EOFError, OSError):
            return
        reply = run_job(job, args, kwargs)
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(("error", MemoryError()))
        except (BrokenPipeError, OSError):
            return


def run_job(job: Job, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Reply:
    """Return the reply to one job: its result, the exception it raised, or a traceback."""
    try:
        return ("ok", job(*args, **kwargs))
    except MemoryError:
        return ("error", MemoryError())
    except RecursionError:
        return ("error", RecursionError())
    except Exception as error:  # sent back: a SetFileError is the usual answer
        try:
            return ("error", _without_traceback(error))
        except Exception:
            return ("crash", traceback.format_exc())


def _without_traceback(error: Exception) -> Exception:
    """Return ``error`` ready to cross the pipe; raise if it cannot be pickled."""
    error.__traceback__ = None
    error.__cause__ = error.__context__ = None
    pickle.dumps(error)
    return error


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: Any, memory: int | None) -> None:
        parent, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=serve, args=(child, memory), name="quiz-tutor-upload-check", daemon=True
        )
        self.process.start()
        child.close()
        self.connection: Connection = parent
        self.stopping = threading.Lock()
        self.stopped = False

    def run(self, job: Job, args: tuple[Any, ...], kwargs: dict[str, Any], seconds: float) -> Reply:
        try:
            self.connection.send((job, args, kwargs))
            if not self.connection.poll(max(seconds, 0.0)):
                raise Overran
            reply: Reply = self.connection.recv()
        except (EOFError, OSError) as error:  # OSError: a broken or closed pipe
            raise WorkerDied from error
        return reply

    def stop(self) -> None:
        """End the process (terminate, then kill if it does not exit), then close the pipe.

        Safe to call twice and from another thread than the one waiting on the worker: the
        process ends first, so a thread waiting on the pipe wakes up to its end.
        """
        with self.stopping:
            if self.stopped:
                return
            self.stopped = True
            self.process.terminate()
            self.process.join(STOP_SECONDS)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
            self.connection.close()


class WorkerPool:
    """``size`` worker processes, started lazily, each running one job at a time.

    ``run(slot, ...)`` runs a job on the worker of ``slot`` (0 to size - 1); the caller makes
    sure one slot runs one job at a time.
    """

    def __init__(self, size: int = 2, *, memory: int | None = WORKER_MEMORY_BYTES) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.size = size
        self.memory = memory
        self._workers: list[_Worker | None] = [None] * size
        self._lock = threading.Lock()
        self._closed = False
        self.started = 0
        """How many worker processes were started, replacements included."""

    def run(
        self,
        slot: int,
        seconds: float,
        job: Job,
        *args: Any,
        **kwargs: Any,
    ) -> Reply:
        """Run ``job(*args, **kwargs)`` in the worker of ``slot``; return its reply.

        Raise Overran (after killing the worker) past ``seconds``, WorkerDied if the worker
        exited without an answer. Either way the slot gets a fresh worker for its next job.
        """
        worker = self._worker(slot)
        try:
            return worker.run(job, args, kwargs, seconds)
        except (Overran, WorkerDied):
            self._retire(slot, worker)
            raise

    def _worker(self, slot: int) -> _Worker:
        with self._lock:
            if self._closed:
                raise WorkerDied("the pool is closed")
            worker = self._workers[slot]
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    worker.stop()
                worker = self._workers[slot] = _Worker(_context(), self.memory)
                self.started += 1
            return worker

    def _retire(self, slot: int, worker: _Worker) -> None:
        with self._lock:
            if self._workers[slot] is worker:
                self._workers[slot] = None
        worker.stop()

    def pids(self) -> list[int]:
        """Return the process ids of the running workers."""
        with self._lock:
            return [w.process.pid for w in self._workers if w is not None and w.process.pid]

    def close(self) -> None:
        """Stop every worker process; later jobs raise WorkerDied."""
        with self._lock:
            self._closed = True
            workers = [worker for worker in self._workers if worker is not None]
            self._workers = [None] * self.size
        for worker in workers:
            try:
                worker.stop()
            except (OSError, ValueError):
                log.warning("an upload worker did not stop cleanly", exc_info=True)
