"""``quiz-tutor playground``: the real bot in a simulated Discord, shown in the browser.

SimCord is imported only once the set file is valid and SimCord is known to be installed, so
a missing SimCord gets an explanation of how to install it instead of a traceback.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from bot.playground.sets import gather_sets, validate
from bot.settings import missing_folder

__all__ = ["NO_SIMCORD", "run_playground"]

NO_SIMCORD = """\
quiz-tutor playground runs the bot in SimCord, a simulated Discord, and shows it through \
SimCord's browser preview, which is not installed here. Install it with \
`pip install -e ".[playground]"` in this project (or `pip install "simcord[preview]>=3.2,<4"`), \
then run `quiz-tutor playground` again. No Discord account, token or server is needed."""


def run_playground(
    set_file: str | None,
    *,
    open_browser: bool,
    classmates: int = 3,
    port: int = 0,
    database: str | None = None,
    locale: str | None = None,
) -> int:
    """Run the playground until stopped; return the process exit code."""
    problem = missing_folder(database, "--database ") if database else None
    if problem is not None:
        print(f"quiz-tutor playground: {problem}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="quiz-tutor-playground-") as scratch:
        sets = None
        if set_file is not None:
            if not validate(set_file, sys.stdout):
                return 1
            sets = gather_sets(Path(set_file), Path(scratch) / "content")
        if not preview_installed():
            print(NO_SIMCORD, file=sys.stderr)
            return 2
        from bot.playground.app import serve
        from bot.playground.world import PlaygroundOptions

        options = PlaygroundOptions(
            database=Path(database) if database else Path(scratch) / "playground.db",
            content_dir=sets.folder if sets else None,
            classmates=classmates,
            port=port,
            locale=locale,
        )
        return serve(options, sets, kept=database is not None, open_browser=open_browser)


def preview_installed() -> bool:
    """Tell whether SimCord and its preview's web server can be imported."""
    return all(importlib.util.find_spec(name) is not None for name in ("simcord", "aiohttp"))
