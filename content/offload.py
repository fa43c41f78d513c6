"""Check uploaded set files in worker processes, one at a time per server, under hard limits.

An upload is parsed, converted and validated in a worker process (``content.workers``), so no
pattern, parser or allocation in it can stall the bot's event loop or hold its GIL. The loop
only waits, on a small thread pool used for nothing else (charts and statistics use their
own). Each job has a hard wall-clock budget (``seconds``): past it the worker is killed and
replaced, and the file is refused with the same sentence as a check that stopped itself. A
worker's address space is capped (``WORKER_MEMORY_BYTES``), so a file needing more memory
is refused with a sentence too.

Each server has at most one upload being checked; a few more wait their turn behind it, and
past that an upload is refused at once (``UploadsBusy``), so one server cannot fill the pool.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from content.budget import Deadline, budget_clock, refusal
from content.errors import FILE_LEVEL, SetError, SetFileError
from content.importers import Conversion, convert_file
from content.loader import load_set_bytes
from content.model import QuestionSet
from content.translations import ReadTranslation, read_translation_text
from content.workers import WORKER_MEMORY_BYTES, Overran, WorkerDied, WorkerPool
from i18n import _, current_locale, ngettext, use_locale
from i18n.locales import also_spoken, speak_also

log = logging.getLogger(__name__)

UPLOAD_SECONDS = 5.0
"""How long checking one upload may take, from the moment a worker takes it."""
UPLOAD_WORKERS = 2
"""How many worker processes check uploads at the same time (all servers together)."""
WAITING_PER_SERVER = 2
"""Uploads of one server that may wait behind the one being checked; more are refused."""
WAITING_IN_ALL = 50
"""Uploads of all servers that may wait for a worker; more are refused."""
_SELF_STOP = 0.9
"""The part of ``seconds`` after which a check stops itself, before its worker is killed."""


def _shutting_down() -> str:
    return _("The bot is shutting down; load the file again in a minute.")


class UploadsBusy(Exception):
    """Too many uploads are waiting: the message says so, in a sentence for the member."""


class UploadChecker:
    """Check uploads in ``workers`` processes, one job per server at a time.

    ``seconds`` and ``memory`` are the limits of each job; tests make ``seconds`` small.
    """

    def __init__(
        self,
        workers: int = UPLOAD_WORKERS,
        *,
        seconds: float = UPLOAD_SECONDS,
        memory: int | None = WORKER_MEMORY_BYTES,
    ) -> None:
        self.seconds = seconds
        self.pool = WorkerPool(workers, memory=memory)
        self._waiters = ThreadPoolExecutor(workers, thread_name_prefix="upload-wait")
        self._free: asyncio.Queue[int] | None = None
        self._turns: dict[Hashable, asyncio.Lock] = {}
        self._queued: dict[Hashable, int] = {}
        self._closed = False

    async def validate(self, server: Hashable, data: bytes, filename: str) -> QuestionSet:
        """Return the set in a YAML upload; raise SetFileError (or UploadsBusy) if refused."""
        result: QuestionSet = await self._check(
            server, filename, load_set_bytes, data, filename, deadline_seconds=True
        )
        return result

    async def convert(
        self, server: Hashable, data: bytes, filename: str, *, max_questions: int
    ) -> Conversion:
        """Return a GIFT, Aiken or CSV upload converted and checked, as ``validate`` does."""
        result: Conversion = await self._check(
            server,
            filename,
            convert_file,
            filename,
            data,
            max_questions=max_questions,
            deadline_seconds=True,
        )
        return result

    async def translation(
        self, server: Hashable, data: bytes, filename: str, sets: dict[str, QuestionSet]
    ) -> ReadTranslation:
        """Return a translation upload checked against its set among ``sets``, as ``validate``
        checks a set (SetFileError with positions, or UploadsBusy)."""
        result: ReadTranslation = await self._check(
            server, filename, _read_translation, data, filename, sets, deadline_seconds=True
        )
        return result

    async def run(self, server: Hashable, filename: str, job: Any, *args: Any) -> Any:
        """Return ``job(*args, deadline=...)`` run in a worker as an upload of ``server`` is
        (its turn, its budget): a module-level function whose arguments and result pickle.
        SetFileError or UploadsBusy as ``validate``."""
        return await self._check(server, filename, job, *args, deadline_seconds=True)

    async def _check(
        self, server: Hashable, filename: str, job: Any, *args: Any, **kwargs: Any
    ) -> Any:
        seconds = self.seconds
        if kwargs.pop("deadline_seconds", False):
            kwargs["deadline"] = _SelfStop(seconds * _SELF_STOP, seconds)
        # The worker writes its sentences in the member's language, speaking what this process
        # speaks (a test's pseudo-locale included).
        kwargs["locale"] = current_locale()
        kwargs["also_spoken"] = also_spoken()
        async with self._turn(server):
            slot = await self._slot()
            try:
                loop = asyncio.get_running_loop()
                kind, value = await loop.run_in_executor(
                    self._waiters, self._run, slot, seconds, job, args, kwargs
                )
            except RuntimeError:  # the waiting threads were shut down: the bot is closing
                raise UploadsBusy(_shutting_down()) from None
            finally:
                self._release(slot)
        if kind == "ok":
            return value
        if kind == "error" and isinstance(value, SetFileError):
            raise value
        raise _refused(filename, kind, value, seconds, self.pool.memory)

    def _run(
        self,
        slot: int,
        seconds: float,
        job: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> tuple[str, Any]:
        """Run one job on a worker (in a waiting thread): its reply, or why there is none.

        In an empty context: the pipe's timeouts read ``time.monotonic``, which a test
        harness may virtualise for the caller's context; a hard budget is real seconds.
        """
        return contextvars.Context().run(self._run_now, slot, seconds, job, args, kwargs)

    def _run_now(
        self,
        slot: int,
        seconds: float,
        job: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> tuple[str, Any]:
        try:
            return self.pool.run(slot, seconds, _with_deadline, job, args, kwargs)
        except Overran:
            return ("overran", None)
        except WorkerDied:
            return ("died", None)
        except Exception:  # a worker could not start: the member gets a sentence, the log why
            log.exception("an upload worker could not start")
            return ("crash", "no worker")

    @asynccontextmanager
    async def _turn(self, server: Hashable) -> AsyncIterator[None]:
        """Wait until this server has no other upload being checked (refuse past the queue)."""
        if self._closed:
            raise UploadsBusy(_shutting_down())
        queued = self._queued.get(server, 0)
        if queued > WAITING_PER_SERVER:
            raise UploadsBusy(
                ngettext(
                    "This server already has {n} upload waiting to be checked; wait for "
                    "its answer, then load this file again.",
                    "This server already has {n} uploads waiting to be checked; wait for "
                    "their answers, then load this file again.",
                    queued,
                )
            )
        if sum(self._queued.values()) >= WAITING_IN_ALL + self.pool.size:
            raise UploadsBusy(
                _("The bot is checking many uploads right now; load the file again in a minute.")
            )
        self._queued[server] = queued + 1
        lock = self._turns.setdefault(server, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            left = self._queued[server] - 1
            if left:
                self._queued[server] = left
            else:
                del self._queued[server]
                self._turns.pop(server, None)

    async def _slot(self) -> int:
        if self._free is None:
            self._free = asyncio.Queue()
            for slot in range(self.pool.size):
                self._free.put_nowait(slot)
        return await self._free.get()

    def _release(self, slot: int) -> None:
        assert self._free is not None
        self._free.put_nowait(slot)

    async def close(self) -> None:
        """Stop the worker processes and the waiting threads; later uploads are refused."""
        self._closed = True
        self.pool.close()  # a thread waiting on a worker wakes up as the process ends
        self._waiters.shutdown(wait=False, cancel_futures=True)


class _SelfStop:
    """A deadline a worker computes when it starts the job: ``seconds`` from then.

    The refusal names ``label`` seconds, the budget the member was promised, though the
    check stops itself a little before it, to answer before its worker would be killed.
    """

    __slots__ = ("label", "seconds")

    def __init__(self, seconds: float, label: float) -> None:
        self.seconds = seconds
        self.label = label


def _read_translation(
    data: bytes, filename: str, sets: dict[str, QuestionSet], *, deadline: float
) -> ReadTranslation:
    """Read a translation against its set, in a worker (the sets travel with the job)."""
    return read_translation_text(data, filename, sets.get, deadline=deadline)


def _with_deadline(job: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run ``job`` in the worker, in the member's language, its deadline counted from now."""
    kwargs = dict(kwargs)
    locale = kwargs.pop("locale", None)
    for code in kwargs.pop("also_spoken", ()):
        speak_also(code)
    stop = kwargs.get("deadline")
    if isinstance(stop, _SelfStop):
        kwargs["deadline"] = Deadline(budget_clock() + stop.seconds, stop.label)
    with use_locale(locale):
        return job(*args, **kwargs)


def _refused(
    filename: str, kind: str, value: Any, seconds: float, memory: int | None
) -> SetFileError:
    """Return the sentence refusing an upload whose check gave no usable answer."""
    if kind == "overran":
        message = refusal(seconds)
    elif isinstance(value, MemoryError):
        message = _(
            "checking the file took more memory than an upload may use ({memory} MiB); "
            "split it into smaller sets",
            memory=(memory or WORKER_MEMORY_BYTES) // (1024 * 1024),
        )
    elif kind == "died":
        message = _(
            "the check of the file stopped without an answer (it may need more memory than "
            "an upload may use, {memory} MiB); split it into smaller sets",
            memory=(memory or WORKER_MEMORY_BYTES) // (1024 * 1024),
        )
    elif isinstance(value, RecursionError):
        message = _("the file nests too deeply to be checked; write it flatter")
    else:
        log.error("checking the upload %r failed: %s", filename, value)
        message = _("the file could not be checked because of an error in the bot; it was reported")
    return SetFileError([SetError(filename, 1, 1, FILE_LEVEL, message)])
