"""Run the bot: ``python -m bot`` is ``quiz-tutor run``."""

import sys

from bot.cli import main

sys.exit(main(["run", *sys.argv[1:]]))
