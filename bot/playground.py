"""``quiz-tutor playground``: not built yet (tracked as its own issue)."""

from __future__ import annotations

import sys


def run_playground(set_file: str | None, *, open_browser: bool) -> int:
    """Explain that the playground is not available yet; return exit code 2."""
    del set_file, open_browser
    print(
        "quiz-tutor: the playground (the bot in a simulated Discord in your browser) is not "
        "available in this version yet. Meanwhile, `quiz-tutor validate FILE` checks a set and "
        "`pytest tests/bot` plays every command against a simulated Discord.",
        file=sys.stderr,
    )
    return 2
